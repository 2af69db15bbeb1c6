"""What a question is about: the names it gives and the thing it asks for, and whether the reports know them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from qa.answer.dimension import DIMENSION_WORDS, dimension_units, measured_in, units_named
from qa.answer.query import COUNTERS, EACH_WORDS, QUESTION_WORDS, TOTAL_WORDS, unclassified
from qa.answer.spoken import finder
from qa.text.glossary import load_glossary
from qa.text.lexicon import stem
from qa.text.numbers import EN_NUMBER_WORDS, UNIT_EN, UNITS, parse_cn_numeral
from qa.text.tokenize import pos_cut, tokenizer

# jieba's tags for names (nz, other proper nouns, also tags the domain dictionary's terms: in the reports, no name)
_NAME_FLAGS = frozenset({"nr", "ns", "nt", "nrt", "nrfg"})
_NOT_NOUN = ("v", "m", "r", "p", "c", "u", "x", "q", "a", "t", "f", "e", "y", "o", "d")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]+")
# "Y是多少 / Y是什么 / Y在哪里": Y is what is asked for.
_COPULA, _COUNT_HEADS = frozenset({"是", "为", "有", "在"}), frozenset({"数量", "数目", "总数", "个数"})
_ASKING = frozenset("多少 多少钱 几 什么 啥 哪里 哪儿 谁 何处 哪个 哪些 哪 哪天 多大 多高 多长 何时".split())
_WHICH = frozenset({"什么", "啥", "哪个", "哪些", "哪"})
_HEDGES = frozenset({"大概", "大约", "大致", "差不多", "最后", "最终"})
_POINTING = "这那哪该此每"  # a demonstrative: with one character after it (那串, 这批) a thing pointed at
_POINTED_AT = re.compile(f"[{_POINTING}](?:.|[两二三四五六七八九十几][个项条类种])")  # 那串, 这两项
_MEASURE_WORDS = frozenset(
    "个 份 家 只 列 次 项 条 座 位 名 人 台 吨 年 天 种 批 所 件 架 艘 辆 公里 千米 米".split()
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        "January February March April May June July August September October November December".split(), 1
    )
}


def _tagged(question: str) -> list[tuple[str, str]]:
    """Words and tags; a modal glued to a one-character verb and tagged a noun (能输, 能产) is the two verbs."""
    out, words = [], [(w, f) for w, f in pos_cut(question) if w.strip()]
    for i, (w, flag) in enumerate(words):
        # or right before 多少 (能省多少: 省 "save", not the province)
        asks = i + 1 < len(words) and words[i + 1][0].startswith(("多少", "几"))
        if len(w) == 2 and w[0] in "能可会" and flag == "n" and (asks or next(iter(pos_cut(w[1])))[1] == "v"):
            out += [(w[0], "v"), (w[1], "v")]
        else:
            out.append((w, flag))
    return out


@lru_cache(maxsize=256)
def zh_names(question: str, terms: bool = False) -> list[str]:
    """Proper names in a Chinese question (鹿特丹, 巴西, 特斯拉) and Latin-letter names (CPI); with `terms`,
    other proper nouns and domain terms too (吞吐量, 合作文件)."""
    flags = _NAME_FLAGS | {"nz"} if terms else _NAME_FLAGS
    words = _tagged(question)
    names = [
        w
        for i, (w, flag) in enumerate(words)
        # an abbreviation (j) is a name when the glossary knows it: 东盟, 欧盟; not 一共
        if (flag in flags or (flag == "j" and load_glossary().to_english(w)))
        and len(w) >= 2
        and not (i and words[i - 1][0] in _WHICH)  # "哪个城市" asks for one
        # "那串…水电站", 这两项: a thing pointed at and counted, no name; 那|段时间: no person pointed at
        and not (_POINTED_AT.fullmatch(w) or i and words[i - 1][0] in _POINTING and flag == "nr")
        # "惠及多少学生": a word asking how many of its object is a verb, whatever jieba tags it (惠及 as a place)
        and not (i + 1 < len(words) and words[i + 1][0] in ("多少", "几") and not load_glossary().proper(w))
    ]
    names += [m.group(0) for m in _LATIN.finditer(question)]
    names += _BARE_MONTH.findall(question)  # "9月的呢？", "9月10日那次": named as "September" is
    return list(dict.fromkeys(names))


_BARE_MONTH = re.compile(r"(?<![\d年])(?:1[0-2]|[1-9])月(?:[1-3]?\d日)?(?!\d|底|末|初|份?以来)")


_EN_ABOUT = re.compile(
    r"\b(?:say|said|says|think|thinks|thought|write|wrote|note|noted|tell|told)\s+(?:\w+\s+)?(?:about|on)\s+(.+?)\s*\??$",
    re.IGNORECASE,
)


def en_focus(question: str) -> str:
    """What "What did X say about Y?" asks of: Y's Chinese when it is one glossary term and no name (疫苗 for
    "vaccines"; not 一带一路: a name is the key names' to check)."""
    m = _EN_ABOUT.search(question)
    glossary = load_glossary()
    terms = glossary.expand_english(m.group(1)) if m else []
    return terms[0] if len(terms) == 1 and not glossary.proper(terms[0]) else ""


def zh_focus(question: str) -> str:
    """The noun a Chinese question asks about: 票价 in "蒙内铁路的票价是多少", 合作文件 in "签署了多少份合作文件"."""
    words = _tagged(question)
    for i, (word, _) in enumerate(words):
        if word not in _ASKING:
            continue
        after = words[i + 1 : len(words) - (words[-1][0] in "？?。！!")]  # nor the question mark after 肉
        if word in _WHICH:
            return ""  # "哪些国家": a category the answer names instances of, not a word it must use
        while after and (after[0][0] in _MEASURE_WORDS or after[0][1] == "m"):
            after = after[1:]
        run = []  # "多少个重点领域": the head of the noun run, 领域; "一年能产多少肉": 肉, the question's last word
        for noun, flag in after:
            last = after == [(noun, flag)] and noun not in DIMENSION_WORDS | UNITS.keys()  # 肉; not 钱, 人次
            if not (flag.startswith("n") and (_is_thing(noun, flag) or last)):
                break
            run.append(noun)
        if run:
            return unclassified(run[-1], question)[0]  # 多少份文件: 文件
        before = words[:i]
        while before and before[-1][0] in TOTAL_WORDS | _HEDGES:  # "成交额大概多少": a hedge without a copula
            before = before[:-1]
        if before and before[-1][0] in _COPULA:
            before = before[:-1]
            # "一共有多少个", "入选的分别是哪里", "…的大概有多少": a word asking a total, one answer each or how exactly
            while before and before[-1][0] in TOTAL_WORDS | EACH_WORDS | QUESTION_WORDS:
                before = before[:-1]
        elif before and not before[-1][1].startswith("n"):
            return ""  # "年产能多少" without a copula: only a plain noun right before counts
        # After 的 anything is a noun phrase ("造价" is tagged as a verb).
        if before and (_is_thing(*before[-1]) or (len(before) >= 2 and before[-2][0] in ("的", "之"))):
            noun, flag = before[-1]
            if len(before) >= 2 and before[-2][0] == "占":
                return ""  # "占全球多少": the whole a share is of (世界), not what is asked
            if len(noun) >= 2 and flag not in _NAME_FLAGS and noun not in UNITS:
                # "客运吞吐量": a plain noun before it says which of its kind; "成员数量": what is counted
                kind, kind_flag = before[-2] if len(before) >= 2 else ("", "")
                if noun in _COUNT_HEADS:  # a sentence counts 103个 without the word 数量
                    return kind if kind_flag.startswith("n") and kind_flag not in _NAME_FLAGS else ""
                plain = kind_flag == "n" and len(kind) >= 2 and not load_glossary().proper(kind)
                return kind + noun if plain else noun
        return ""  # only the first thing asked: a later part may be answered by another passage
    return ""


_PLACE_WORDS = r"(?:in|of|at|on|for|from|with|to|by)"
# "Which road in Dominica did …": the kind is "road", not what places it
_WHAT_KIND = re.compile(
    rf"\b(?:what|which) (?:kinds? of |types? of |sorts? of )?((?:(?!{_PLACE_WORDS}\b)[\w'-]+ ){{0,2}}?[\w'-]+)"
    rf"(?: {_PLACE_WORDS} (?:[\w'-]+ ){{0,3}}?[\w'-]+)? "
    r"(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\b",
    re.IGNORECASE,
)


def answer_type(question: str, lang: str) -> str:
    """What the answer is an instance of: "award" in "What award did the plant win?", 奖 in "获得了什么奖？",
    国家 in "哪些国家…"; a sentence that answers usually names it."""
    if lang != "zh":
        m = _WHAT_KIND.search(question)
        # "Which country's children …": the owner is asked, which a sentence names as itself (柬埔寨), not by its kind
        return m.group(1) if m and not re.search(r"['’]s\b", m.group(1)) else ""
    words = _tagged(question)
    for i, (word, _) in enumerate(words):
        if word in _WHICH:
            run: list[str] = []
            rest = words[i + 1 :]
            rest = (
                rest[1:] if rest and rest[0][0] == "时候" else rest
            )  # 什么时候 asks when: the event follows
            for noun, flag in rest:
                if not flag.startswith(("n", "j")) or flag in _NAME_FLAGS:  # 环保 (j) of 什么环保奖
                    break
                run.append(noun)
            return run[-1] if run else ""
    return ""


def _is_thing(word: str, flag: str) -> bool:
    """A word that can name what is asked for: not a name, verb, number, unit or function word."""
    return len(word) >= 2 and flag not in _NAME_FLAGS and not flag.startswith(_NOT_NOUN) and word not in UNITS


_COUNT_WORD = re.compile(r"(?:多少|几)(.{1,4})")
_UNIT_WORDS = frozenset(UNITS.values())
# Counting words that count the same things: "多少人" is answered by 5000名, "开了多少趟" by 1.24万列.
_SAME_COUNT = {
    "人": ("名", "位"),
    "名": ("人", "位"),
    "位": ("人", "名"),
    "趟": ("列", "班", "班次"),
    "班": ("列",),
}


def noun_head(noun: str) -> str:
    """The last word of an English noun phrase, singular and lower-case: "line" of "dedicated … lines"."""
    return stem(noun.split()[-1].lower()) if noun.split() else ""


def asked_units(question: str, lang: str, noun: str = "") -> set[str]:
    """Units a figure answering the question would carry: 列 for "开行多少列", and for "how many trains"."""
    if lang == "zh":
        units = dimension_units(question, lang)
        for m in _COUNT_WORD.finditer(question):
            # "多少国际援助": 国 begins the word 国际 there, it does not count countries
            word = next(iter(tokenizer().cut(m.group(1))), "")
            whole = len(word) <= 1 or word in UNITS or word in _UNIT_WORDS
            keys = [key for key in UNITS if m.group(1).startswith(key) and (whole or len(word) <= len(key))]
            if keys:
                units.add(UNITS[max(keys, key=len)])  # 人次 rather than 人
        units |= {same for u in units for same in _SAME_COUNT.get(u, ())}
        return units - {"个"}  # 个 counts anything
    if " and " in noun:  # "countries and regions" are counted together in the first's unit (184个国家和地区)
        return asked_units(question, lang, noun.split(" and ")[0])
    head = noun_head(noun)
    units = units_named(noun)
    units.update(_EN_COUNTERS.get(head, ""))
    # "kilometres of the railway": 公里, not the 条 railways count in; "the turnout": people, whoever they are
    units = measured_in(noun) or units or (person_units(noun) if noun_head(noun) in ANYONE else set())
    if units & {"人", "名", "位"}:
        units.add("人次")  # people travelling, trained or received are often counted in 人次 (6000万人次)
    return units or dimension_units(question, lang)


# Nouns for people, whom the reports count in 名, 人 or 位: by the suffix that makes a person of a word (scientist,
# technician, trainee) and the everyday ones it misses.
_PERSON_SUFFIX = re.compile(r"..(?:ist|ian|ee)$")
_NOT_PERSONS = frozenset("committee guarantee".split())
_PERSONS = frozenset(
    "official expert worker farmer teacher doctor nurse engineer student participant staff personnel volunteer "
    "leader executive researcher graduate resident patient visitor trainer scholar soldier passenger "
    "entrepreneur pupil child children".split()
)
ANYONE = frozenset("participant attendee turnout attendance".split())  # how many took part, whoever they are
PEOPLE_UNITS = frozenset(unit for unit, en in UNIT_EN.items() if en == "people")


def person_units(noun: str) -> set[str]:
    """The units people are counted in (名, 人, 位) when an English noun names people (scientists, trainees)."""
    head = noun_head(noun)
    if head and (head in _PERSONS | ANYONE or (_PERSON_SUFFIX.search(head) and head not in _NOT_PERSONS)):
        return set(PEOPLE_UNITS)
    return set()


# Nouns that name nothing but what is counted: "how many items are on the list" is answered by 27条.
COUNT_NOUNS = frozenset("item measure clause article provision record entry".split())
# The Chinese unit of an English noun whose unit has other English: companies 家, schools 所, lines 条, bridges 座.
_EN_COUNTERS = {
    **dict.fromkeys(COUNT_NOUNS, "条项"),
    **dict.fromkeys(
        "company enterprise firm bank institution hospital exhibitor outlet supplier".split(), "家"
    ),
    **dict.fromkeys("school university college".split(), "所"),
    **dict.fromkeys("line route road railway highway pipeline cable lane".split(), "条"),
    **dict.fromkeys("bridge port terminal plant station tower building stadium".split(), "座"),
    **dict.fromkeys("panel board plate block".split(), "块"),
    **dict.fromkeys("film movie video book work".split(), "部"),
    **dict.fromkeys("dispute case incident accident".split(), "起"),
    **dict.fromkeys("session lecture seminar webinar show performance screening".split(), "场次期"),
}
COUNTED_IN = frozenset(_EN_COUNTERS)  # nouns a figure in their counting unit counts (30余场 for "sessions")


_NUMBER = rf"[\d.一二两三四五六七八九十百千万亿]+[多余]?[{COUNTERS}]?"


def counted_noun(question: str) -> re.Pattern[str] | None:
    """For "RCEP有多少个成员国": a pattern for a count of that noun in a sentence ("15个成员国")."""
    if not re.search(f"(?:多少|几)[{COUNTERS}]", question):
        return None
    noun = zh_focus(question)
    return re.compile(_NUMBER + re.escape(noun)) if noun else None


# 在非企业, 对非投资, 援非项目: a continent or country (非洲, 美国) by its first character after a preposition
_SHORTENED = re.compile(r"^[\u4e00-\u9fff](?:洲|国)$")
_BEFORE_SHORT = "在对赴驻援"


def short_forms(forms: list[str]) -> list[str]:
    """The forms, and for a two-character continent or country the short form after a preposition (在非, 对非)."""
    return forms + [p + f[0] for f in forms if _SHORTENED.match(f) for p in _BEFORE_SHORT]


def month_forms(name: str) -> list[str]:
    """A month's name as the reports write it: October -> 10月."""
    n = _MONTHS.get(name)
    return [f"{n}月"] if n else []


def asked_months(question: str) -> list[str]:
    """The months a question dates, as the reports write them: "by January 2021" and "2021年1月" -> 2021年1月."""
    english = [
        f"{y}年{_MONTHS[m]}月"
        for m, y in re.findall(r"\b([A-Z][a-z]+),? (\d{4})\b", question)
        if m in _MONTHS
    ]
    return english + [f"{y}年{int(m)}月" for y, m in re.findall(r"(\d{4})\s*年\s*(\d{1,2})\s*月", question)]


def seam_guess(question: str, word: str, texts: Iterable[str] | Callable[[str], bool]) -> bool:
    """Whether a word jieba guessed (it is in no dictionary) joins the end of one real word to the start of the
    next: "库由" in "仲裁员库由多少人组成", where the reports have "仲裁员库". Such a word is no name to look for."""
    # a doubled character is two words' (占比 | 比19年 as 比比); FREQ also holds prefixes, at 0
    doubled = len(word) == 2 and word == word[0] * 2
    if not word or word.isascii() or (tokenizer().FREQ.get(word) and not doubled):
        return False
    words = [w for w, _ in _tagged(question)]
    has = finder(texts)
    for i, w in enumerate(words):
        if w != word:
            continue
        left = words[i - 1] + word[0] if i else ""
        right = word[-1] + words[i + 1] if i + 1 < len(words) else ""
        if any((len(seam) >= 3 or doubled) and has(seam.lower()) for seam in (left, right)):
            return True
    return False


_EN_ITEMS = re.compile(
    r"\b(?:what|which|name|list)(?: (?:are|were))?(?: the| its| their| [A-Z][\w-]*['’]s)?"
    r" (two|three|four|five|six|seven|eight|nine|ten|\d)"
    r" (?:[a-z-]+ ){0,2}[a-z-]+s\b",
    re.IGNORECASE,
)
# 哪三个方面; 两个政治表态是什么 (the things counted, then what they are asked)
_ZH_ITEMS = re.compile(
    r"哪([两二三四五六七八九十])(?:个|项|点|条|类|种|大|件|方面)"
    r"|(?<![第\d一二三四五六七八九十])([两二三四五六七八九十])(?:个|项|点|条|类|种|大|件|方面)[^，。？?]{0,10}?(?:是什么|有哪些|分别是)"
)


def items_asked(question: str, lang: str) -> int | None:
    """How many things a question asks for by number: 3 for "What three reasons does …", "哪三个方面"."""
    m = (_ZH_ITEMS if lang == "zh" else _EN_ITEMS).search(question)
    if not m:
        return None
    word = next(g for g in m.groups() if g).lower()
    n = int(word) if word.isdigit() else EN_NUMBER_WORDS.get(word) or parse_cn_numeral(word)
    return int(n) if n else None


def tail_of_a_name(name: str, question: str, names: dict[str, list[str]]) -> bool:
    """The name is the end of a longer one the question gives joined by a hyphen ("China-Latin America")."""
    spaced = question.replace("-", " ").replace("–", " ")
    return any(f"{w} {name}" in names for w in re.findall(rf"(\w+) {re.escape(name)}\b", spaced))


def part_of_a_name(name: str, question: str, names: dict[str, list[str]]) -> bool:
    """The name is the end of a longer one ("America" of "China-Latin America") or inside a longer glossary term the
    question gives ("Bank of China" of "People's Bank of China")."""
    if tail_of_a_name(name, question, names):
        return True
    glossary = load_glossary()
    unmatched = glossary.unmatched_english(question).split()
    if any(u.startswith(w) for w in name.split() if w[:1].isupper() for u in unmatched):  # Laoss of "Laos's"
        return False
    own = glossary.expand_english(name)
    return not own or not set(own) & set(glossary.expand_english(question))
