"""The analysed question: what retrieval and every answer step read, filled in once by `analyze`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from qa.answer.requests import full_years
from qa.text.glossary import load_glossary
from qa.text.tokenize import tokenizer

# Words that ask rather than name a topic (with the words every question about these reports shares).
QUESTION_WORDS = frozenset(
    "多少 哪些 哪个 哪几 哪一年 哪年 什么 时候 如何 怎么 为什么 是否 几 哪 谁 第几 情况 分别 主要 目前 中国 一带 一路 一带一路 "
    "多大 多高 "  # how big, how high: an asking word as 多少 is
    "哪天 哪一天 哪月 几月 几号 "  # which day, which month: asking words as 哪年 is
    # when in the conversation's story the thing asked came (后来扩容到多少家？): no word a sentence must have
    "后来 之后 以后 此后 随后 最后 最终 现在 已经 那时 那时候 当时 届时 此时 到时 之前 以前 此前 先前 "
    # which one the conversation means (老挝那个炼油项目), and what one can or must (能发多少电): no word a sentence
    # must have
    "这个 那个 这些 那些 这边 那边 这里 那里 能 可以 要 会 "
    # how exactly the answer is wanted (大概多少是出口的？): no word a sentence must have
    "大概 大约 大致 差不多 各 "  # 各多长时间: each, as 分别
    # a preposition of spoken Chinese (跟非盟签…, 给非洲带来…): the reports write 与, 同, 向 or 为
    "跟 给".split()
)
# how much is asked (一共多少份？): a total, which a sentence says as 累计, 共 or not at all; no word it must have
TOTAL_WORDS = frozenset("一共 总共".split())
EACH_WORDS = frozenset("分别 各自".split())  # "…分别是哪里": one answer for each item named
# the kind of thing asked for (什么性质的机构, 主要定位是啥, 有啥意义): an answer says it without the word itself,
# so a sentence with the word is the better for it, but one without it is no weaker a match
ASKED_KIND_WORDS = frozenset("性质 定位 特点 特色 作用 意义 目的 亮点 内容 时间节点".split())

# What an answer says when the reports do not answer: nothing of the topic for a follow-up to carry (报告, report)
ABSTAINED = {
    "zh": "现有报告中没有找到能回答这个问题的内容。以下是最接近的段落，供参考。",
    "en": "The reports do not answer this question. The closest passages are listed below as related reading.",
}


def said_in(turn: dict) -> dict:
    """A turn as what it said of the topic: without an abstention's plain statement."""
    content = turn["content"]
    if turn.get("role") == "user":
        content = full_years(content)  # "19年呢？" asked of 2019
    for text in ABSTAINED.values():
        content = content.replace(text, " ")
    return {**turn, "content": content}


_ASKING_COUNT = re.compile(r"^(?:哪?几|多少|哪些)(.{1,2})$")  # 几届, 哪几个, 多少项, 哪些方面


COUNTERS = "个家项份座条名位只列次批所件种"  # the classifiers a count is written with (多少份, 206份)


def unclassified(token: str, question: str) -> tuple[str, ...]:
    """ "多少份文件": what is counted, without the classifier jieba glued to it (文件: the reports write 206份…合作文件);
    any other token as it is."""
    # 条线 of 多少条线 too (线, of 线路), but not a word of its own (项目, 个人, 批次)
    glued = len(token) > 2 or (len(token) == 2 and not tokenizer().FREQ.get(token))
    counted = glued and token[0] in COUNTERS and re.search(f"(?:多少|几){re.escape(token)}", question)
    return (token[1:],) if counted else (token,)


# a verb and its object split by what is asked (发了多少电: 发电)
_UNIT_CHARS = "天年月日周人岁倍元吨米亩次"
_MONEY_ASKED = re.compile(r"([\u4e00-\u9fff])(?:[进出回上下过起开][来去])?了?(多少钱)")
_MONEY_CHARS = "款金费资"
_SPLIT_WORD = re.compile(r"([\u4e00-\u9fff])了?(多少|几)([\u4e00-\u9fff])(?=[？?。，,！!]|$)")


def rejoined(question: str, known: Callable[[str], int]) -> str:
    """A verb and its object that the question splits to ask (发了多少电) written as the word the reports use
    (发电), when they use it; the question as it is otherwise."""

    def join(m: re.Match[str]) -> str:
        word = m.group(1) + m.group(3)  # not a count's classifier or unit (有多少个, 要多少天)
        counted = m.group(3) in COUNTERS or m.group(3) in _UNIT_CHARS
        return f"{word} {m.group(2)}" if known(word) and not counted else m.group(0)

    def money(m: re.Match[str]) -> str:
        # "赔出去多少钱", "捐了多少钱": the verb's word for the money (赔款, 捐款, 投资), when the reports use it
        words = [m.group(1) + c for c in _MONEY_CHARS if known(m.group(1) + c)]
        return f"{max(words, key=known)} {m.group(2)}" if words else m.group(0)

    return _MONEY_ASKED.sub(money, _SPLIT_WORD.sub(join, question))


# Words that frame what is asked rather than name it: a span of years and the place word after it (这七年里: the
# time is read from the question's years), the direction of 到中国来投资, the money 多少钱 asks, and the words that
# point at an article (那篇讲…的文章里，说…; its title's words are read in `names_article`).
_ARTICLE = r"(?:那|这|该)篇(?:讲|关于|谈)?|(?:按照?|据)?(?:的)?(?:文章|一文)(?:里|中|内)?(?:[，,]?(?:的说法|的观点|说|认为|提到|指出)的?)?|文中"
_FRAME = re.compile(
    rf"(?:[两二三四五六七八九十]|\d{{1,2}})?年[里内](?=[，,的]|$)|(?<=多少)钱|(?<=到[\u4e00-\u9fff]{{2}})来|{_ARTICLE}"
)


def unframed(question: str) -> str:
    """The question without the words that frame what it asks (see `_FRAME`)."""
    return _FRAME.sub(" ", question)


def asking_word(token: str) -> str | None:
    """The counter of an asking token ("几届" -> "届"), or None for a token that does not ask."""
    m = _ASKING_COUNT.match(token)
    return m.group(1) if m else None


@dataclass
class Query:
    """An analysed question ready for retrieval and answering."""

    question: str
    lang: str
    kind: str
    kinds: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # Chinese terms, also for English questions
    dense_text: str = ""  # what is embedded: the question made stand-alone
    extra_terms: list[str] = field(default_factory=list)  # BM25 terms carried over from the history
    followup: bool = False
    # A follow-up naming something new ("那本币互换协议呢？") keeps the earlier question's year as a preference: the
    # reports may give the new thing for another date, which the answer then states.
    years_inherited: bool = False
    # It asks for a total over a period ("since 2013", "2013—2020年累计", "so far"), not for one year's value.
    over_period: bool = False
    against: list[int] = field(default_factory=list)  # the year a change is asked against ("rise from 2019")
    # A follow-up with no topic word of its own ("第几届？") asks about the conversation's topic: its terms count
    # as the question's own.
    topic_inherited: bool = False
    # For a follow-up that asks the same again of another time only ("2022年呢？", "And by the end of 2021?"): the
    # names the earlier questions asked of (not the words of their answers), which it asks of too.
    named_before: list[str] = field(default_factory=list)
    standalone: str = ""  # an elliptical follow-up rewritten as a full question, when that is possible
    swapped_in: str = (
        ""  # what a follow-up put in place of a thing of the last question ("settlement agreements")
    )
    # What is asked, read once from the question (made stand-alone when it is a follow-up):
    parts: list[str] = field(default_factory=list)  # "年产能多少？创造了多少就业岗位？" -> two parts
    asked_noun: str = ""  # English: "households" in "how many households …" (of the first part)
    counts_named: bool = False  # English: "how many X", "what is the X of": an answer must name X
    asked_units: frozenset[str] = frozenset()  # 列 for "开行多少列", 户 for "how many households"
    counted: re.Pattern[str] | None = None  # Chinese: "多少个成员国" -> a count of 成员国 in a sentence
    focus: str = ""  # Chinese: what is asked about ("票价" in "蒙内铁路的票价是多少")
    # What a sentence must say: "agent" ("Who organised it?", "由谁承建？"), "start", "ordinal", "titles", "meaning"
    asks_for: str = ""
    answer_type: str = ""  # what the answer is one of: "award" in "What award did …", 奖 in "获得了什么奖"
    edition: int | None = None  # the edition the question names: 3 for "第三届…" or "the third … forum"
    items_asked: int | None = None  # how many things it asks for: 3 in "What three reasons …", "哪三个方面"
    history: list[dict] = field(default_factory=list)  # the conversation before, for an LLM that writes
    top_k: int = 5  # passages to cite at most

    @property
    def asked(self) -> str:
        """The question the answer must answer: the stand-alone form of a follow-up, else the question."""
        return self.standalone or self.question


_PARTS = re.compile(
    r"[？?；;]|，?(?:并且|以及|另外)"
    # "…, and how many …", "…, and with how many countries?", "… and roughly how many …"
    r"|,? and (?:(?:with|in|for|from|to|by|at|of|on) )?(?:(?:roughly|approximately|about|around|also|exactly) )?"
    r"(?=how|what|which|when|where|who|why)",
    re.IGNORECASE,
)


# "一共几章几条，哪天开始施行": a clause after a comma that asks again is another part
_ZH_ASKS = re.compile(r"多少|几|哪|什么|啥|谁|多[大长久高远宽重深]")
# "…, how long did it run"; not "What about Beijing, …", which asks nothing itself, nor "…, with how many countries?"
_EN_ASKS = re.compile(r"\b(?:how|what|which|when|where|who|whom|why)\b(?! about)", re.IGNORECASE)
# "…, and by May 2021 how many countries …": a time may come before the question word
_EN_OPENS = re.compile(
    rf"\s*(?:and\s+)?(?:(?:in|by|as of|since|until|at the end of)\s+(?:[\w-]+\s+){{0,2}}\d{{4}}\s+)?{_EN_ASKS.pattern}",
    re.IGNORECASE,
)
_ZH_CLAUSE = re.compile(r"[，,、]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # a space typed for a comma


def question_parts(question: str) -> list[str]:
    """The separate things a question asks: "年产能多少？创造了多少就业岗位？" -> two parts; so is a clause after a
    comma that asks again ("一共几章几条，哪天开始施行"), with the clauses that ask nothing beside it (截至2020年8月，…)."""
    out = []
    for part in (p.strip() for p in _PARTS.split(question) if p and len(p.strip()) >= 4):
        groups: list[list[str]] = [[]]
        asks, opens, comma = (
            (_EN_ASKS, _EN_OPENS.match, ", ") if part.isascii() else (_ZH_ASKS, _ZH_ASKS.search, "，")
        )
        for clause in _ZH_CLAUSE.split(part):
            if opens(clause) and any(asks.search(c) for c in groups[-1]):
                groups.append([])
            groups[-1].append(clause.strip())
        out += [comma.join(g).strip() for g in groups] if len(groups) > 1 else _in_each(part)
    return [p for p in out if len(p.strip()) >= 4]


# "How big has the network grown, in members and assets?": one size asked in two measures, each a part, the second
# asking its own measure only ("How big … in assets")
_IN_TWO = re.compile(
    r"^(how (?:big|large|much|many)\b.*?),?\s+in ([a-z]+) and ([a-z]+)\s*[?.]?$", re.IGNORECASE
)


def _in_each(part: str) -> list[str]:
    m = _IN_TWO.match(part)
    if m is None:
        return [part]
    return [f"{m.group(1)} in {m.group(2)}", f"{' '.join(m.group(1).split()[:2])} in {m.group(3)}"]


# "成交了多少？": a verb asked how much of, nothing after 多少; its amount is a measure the reports label (成交额)
_VERB_ASKED = re.compile(r"([\u4e00-\u9fff]{2})了?(?:一共|总共|共|大概|大约)?多少[？?。！!]?$")


def measure_verb(question: str) -> str:
    """The verb a Chinese question asks how much of, when its amount (verb + 额) is a glossary term: 成交 of
    "…展览会成交了多少？" (成交额); '' otherwise."""
    m = _VERB_ASKED.search(question.strip())
    glossary = load_glossary()
    amount = m.group(1) + "额" if m else ""
    return m.group(1) if m and (glossary.is_measure(amount) or amount in glossary.renderings) else ""
