"""Whether a quote names what the question names: in itself, the sentence before it or its heading, or only as a
bare item of a list."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from qa.answer.analyze import Query
from qa.answer.boxes import box_title
from qa.answer.focus import seam_guess
from qa.answer.occasion import occasion_only
from qa.answer.term_match import ELIDED_MIN, elided, written_in
from qa.answer.types import Quote
from qa.core import weights as W
from qa.store.corpus import Corpus
from qa.text.glossary import load_glossary
from qa.text.tokenize import pos_cut, search_tokens

_ITEM_ENDS = ("、", "，", ",", "；", "。", "和", "及")
_JOINED_REACH = 12  # characters before a last item (欧洲、印度和美国) a list's 、 is looked for in


def only_listed(text: str, name: str) -> bool:
    """Whether every mention of `name` in `text` is a bare item of a 、-list ("新加坡、泰国、越南"), not an item
    with a figure of its own ("37个亚洲国家、46个非洲国家")."""
    spots = [m.start() for m in re.finditer(re.escape(name), text)]

    def bare_item(i: int) -> bool:
        end = i + len(name)
        joined = i > 0 and text[i - 1] in "和与及" and "、" in text[max(0, i - _JOINED_REACH) : i]  # …和美国
        if text[i - 1 : i] != "、" and text[end : end + 1] != "、" and not joined:
            return False
        left = max(text.rfind(d, 0, i) for d in _ITEM_ENDS)
        rights = [j for j in (text.find(d, end) for d in _ITEM_ENDS) if j >= 0]
        item = text[left + 1 : min(rights, default=len(text))]
        item = re.sub(r"等[^、]*$", "", item)  # "…、日本等10多个国家": the list's count, not the last item's
        # a year is no figure of the item's own; an ordinal is one (欧洲第四大港)
        return not re.search(r"\d|第[一二三四五六七八九十]", re.sub(r"\d{4}年", "", item))

    return bool(spots) and all(bare_item(i) for i in spots)


def missing_name(
    quote: Quote,
    key_names: list[tuple[str, list[str]]],
    own: bool = False,
    parties: frozenset[str] | None = None,
    before: str = "",
    went_on: tuple[list[dict], list[dict]] | None = None,
) -> str:
    """The first key name that neither the sentence, the one before it and its paragraph (the text `before` it
    since a line break; unless `own`: it names another party of its own) nor its heading or its box's title
    mentions; not the box's when the sentence opens with one of the `parties` the question does not name
    (上海积极参与… in a box opening 北京…); not one whose head word it gives bare in a paragraph that named it."""
    titled = not (own and parties is not None and opens_with(quote.text, parties, key_names))
    title = (quote.box or box_title(quote.hit.chunk)) if titled else ""
    paragraph = before[before.rfind("\n") + 1 :]
    where = f"{quote.text if own else quote.context + paragraph} {quote.hit.chunk.section}{title}".lower()
    missing = (name for name, forms in key_names if not any(f in where for f in forms))
    name = next(
        (n for n in missing if not (paragraph and _named_by_head(quote, n, key_names, paragraph))), ""
    )
    # a follow-up pointing back ("its …", with the history and the chunk's figures `went_on`) at a passage that goes on
    going_on = name and went_on and not own and goes_on_from_last(quote, before, *went_on, name, key_names)
    return "" if going_on else name


def _named_by_head(quote: Quote, name: str, key_names: list[tuple[str, list[str]]], paragraph: str) -> bool:
    """ "修建水电站至戈公市区…" in a paragraph that began with 额勒赛下游水电站: the name's head word (水电站), bare,
    is the thing its paragraph named; "这次的视频会晤…" points back at what its paragraph named (习近平…)."""
    forms = [f for n, forms in key_names if n == name for f in forms]
    if _subjectless(quote.text) and any(paragraph.lower().startswith(f) for f in forms):
        return True  # "浙江与…。举办…。迅速组织…": the paragraph's subject does it
    # the head of the name, or of its Chinese forms when an English question gives it (缓债倡议: 倡议)
    written = [name] if not name.isascii() else [f for f in forms if not f.isascii()]
    heads = [t for w in written for t in search_tokens(w) if len(t) >= 2 and w.endswith(t) and t != w]
    head = max(heads, key=len, default="")
    if not (head and head in quote.text) and not _POINTS_BACK.match(quote.text):
        return False
    return any(f in paragraph.lower() for f in forms)


def _subjectless(text: str) -> bool:
    """A sentence opening with a verb (迅速组织…, 举办…): it goes on about its paragraph's subject."""
    words = [f for _, f in pos_cut(text[:12])][:2]
    return bool(words) and (words[0] == "v" or (words[0] in ("ad", "d") and words[1:] == ["v"]))


_POINTS_BACK = re.compile("(?:这|该|此)(?:次|个|项|些|一)")  # 这次的视频会晤, 该项目, 此次会议


def listed_name(quote: Quote, key_names: list[tuple[str, list[str]]]) -> str:
    """The first key name the sentence gives only as a bare item of a list (a form inside a mention of a longer
    one, 在俄 of 分布在俄罗斯, is that mention)."""
    own = quote.text.lower()
    # or, named only by the sentence before (新设北京、湖南、安徽3个自贸试验区。前18家自贸试验区…), only there
    before = quote.context.lower()[: max(0, len(quote.context) - len(quote.text))]
    for name, forms in key_names:
        text = own if any(f in own for f in forms) else before
        found = [f for f in forms if f in text]
        found = [f for f in found if not any(len(g) > len(f) and _within(text, f, g) for g in found)]
        if found and all(only_listed(text, f) for f in found):
            return name
    return ""


def only_an_item(query: Query, quote: Quote, key_names: list[tuple[str, list[str]]]) -> bool:
    """Whether the sentence gives a key name only as an item of a list ("what came out of the China–PNG joint
    commission": 巴布亚新几内亚 among eight heads of state), when the question does not ask of the group itself."""
    name = listed_name(quote, key_names)
    return bool(name) and not asked_as_group(query.question, name)


def named_not_only_listed_first(
    query: Query,
    cands: list[Quote],
    key_names: list[tuple[str, list[str]]],
    promote: Callable[..., list[Quote] | None],
) -> list[Quote]:
    """For a fact or a date, a close second that gives the key names as more than items of a list comes first."""
    if query.kind not in ("fact", "date") or not key_names or not only_an_item(query, cands[0], key_names):
        return cands
    return promote(query, cands, key_names, lambda alt: not only_an_item(query, alt, key_names)) or cands


def asked_as_group(question: str, name: str) -> bool:
    """ "意大利、澳大利亚等国家多少家", "中国欧盟这些成员": the question asks of a group the name is one of."""
    return only_listed(question, name) or bool(
        re.search(re.escape(name) + "[^，。？?]{0,12}(?:等|这些|那些)", question)
    )


_LIST_END = re.compile("等(?:地|国|省|城市|国家|地区)")  # a label that ends a list: 越南等地建立海外仓


def item_figured(quote: Quote, forms: list[str]) -> bool:
    """Whether a figure of the sentence is labelled with one of a listed name's forms (研发设计…增长78.8%): the item
    has a figure of its own; not when the label ends the list (5个 of 越南等地建立海外仓 is the list's)."""
    labels = [fig.get("label") or "" for fig in quote.figures]
    return any(f in label and not _LIST_END.search(label) for label in labels for f in forms)


def _within(text: str, short: str, long: str) -> bool:
    """Whether every mention of `short` in `text` overlaps a mention of `long`."""
    spans = [(m.start(), m.start() + len(long)) for m in re.finditer(re.escape(long), text)]
    starts = [m.start() for m in re.finditer(re.escape(short), text)]
    return all(any(a < i + len(short) and i < b for a, b in spans) for i in starts)


def opens_with(text: str, parties: frozenset[str], key_names: list[tuple[str, list[str]]]) -> bool:
    """The sentence opens with a party the question does not name (上海积极参与…): its own subject."""
    asked = {f for _, forms in key_names for f in forms}
    opening = parties.intersection(search_tokens(text[:8]))
    return any(text.startswith(p) and not any(p in a or a in p for a in asked) for p in opening)


def name_forms(term: str, rare: Callable[[str], bool]) -> set[str]:
    """A name's forms: its synonyms (广交会 for 中国进出口商品交易会), the names or rare terms inside it (中欧班列 in
    中欧班列开行; not 水电站 or 大桥, which every plant's or bridge's sentence holds) and the Chinese short forms of the names around it
    (比港 for 比雷埃夫斯, as 比雷埃夫斯港)."""
    glossary = load_glossary()
    near = [z for z in glossary.renderings if len(z) > 1 and z != term and (z in term or term in z)]
    # not a common word the name ends in (大桥 of 帕德玛大桥): every bridge's sentence holds that
    inside = {z for z in near if z in term and (glossary.proper(z) or (rare(z) and not term.endswith(z)))}
    forms = set(glossary.synonyms(term)) | inside
    forms |= set(glossary.other_party(term))  # 中斯 is also named by 斯里兰卡
    around = (f for z in near if term in z and glossary.proper(z) for f in glossary.synonyms(z))
    return forms | {f for f in around if not f.isascii()}


_PAIR_WITH_CHINA = re.compile(r"china-([a-z][a-z ]*)")


def pairs_of(party: str) -> list[str]:
    """The terms of a pair with China that name `party` too: 中欧班列 ("China-Europe Railway Express") for
    Europe, 中巴经济走廊 for Pakistan."""
    return _pairs().get(party.lower(), [])


@lru_cache(maxsize=1)
def _pairs() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for zh, ens in load_glossary().renderings.items():
        for m in filter(None, (_PAIR_WITH_CHINA.match(en.lower()) for en in ens)):
            words = m.group(1).split()
            for n in range(1, len(words) + 1):  # "sri" and "sri lanka" of "China-Sri Lanka"
                terms = out.setdefault(" ".join(words[:n]), [])
                if zh not in terms:
                    terms.append(zh)
    return out


def key_entities(query: Query, corpus: Corpus) -> list[str]:
    """Rare glossary terms the question names (中老铁路, 加里萨): an answer should be about them (by any of their
    forms: 亚投行 for 亚洲基础设施投资银行)."""
    limit = max(3, W.KEY_ENTITY_SHARE * corpus.passages)
    own = query.entities[: len(query.entities) - len(query.extra_terms)]
    glossary = load_glossary()

    def rare(term: str) -> bool:
        tokens = search_tokens(term)
        return bool(tokens) and min(corpus.df(t) for t in tokens) <= limit and len(term) >= 3

    return [e for e in own if rare(e) and (glossary.to_english(e) or "a")[:1].isupper()]


def as_the_reports_write(question: str, corpus: Corpus) -> str:
    """A Chinese question with each name the reports never write put in the form they do (国开行: 国家开发银行), so
    that the words a sentence must have are ones it can have."""
    glossary = load_glossary()
    for term in glossary.chinese_terms(question):
        if glossary.proper(term) and not term.isascii() and not corpus.contains(term):
            forms = [
                z for z in glossary.synonyms(term) if not z.isascii() and z != term and corpus.contains(z)
            ]
            if forms:
                question = question.replace(term, max(forms, key=corpus.mentions))
    return question


def inside_names_only(word: str, corpus: Corpus) -> bool:
    """A word tagged a place that the reports write only inside longer names (新加 of 新加坡): "新加的" is a verb,
    no name."""
    glossary = load_glossary()
    if glossary.proper(word) or not (total := corpus.mentions(word)):
        return False
    longer = [z for z in _proper_names() if word in z and z != word]
    shortest = [z for z in longer if not any(y != z and y in z for y in longer)]
    return sum(corpus.mentions(z) for z in shortest) >= total


@lru_cache(maxsize=1)
def _proper_names() -> tuple[str, ...]:
    glossary = load_glossary()
    return tuple(z for z in glossary.renderings if glossary.proper(z))


# the list's figure said of each of its items (均, 都, 各)
_EACH = r"[^，。；]{0,20}?(?:均|都|各)"


def listed_reason(query: Query, quote: Quote, key_names: list[tuple[str, list[str]]]) -> str:
    """For a count, a name the question gives must not be only a bare item of a list: the figure is the group's
    ("新加坡、泰国、越南等10国")."""
    if query.kind not in ("quantity", "percentage"):
        return ""
    name = grouped_name(query, quote, key_names)
    if name and asked_as_group(query.question, name):
        return ""  # "意大利、澳大利亚等国家多少家": the question asks about the group itself
    if item_figured(quote, next((f for n, f in key_names if n == name), [])):
        return ""  # 研发设计、电子商务…分别增长78.8%、15.1%…: each item has its own figure
    if re.search(re.escape(name) + _EACH, quote.text):
        return ""  # 人口、GDP、贸易总额均占全球约30%: the figure is each item's
    return f"the best passage gives {name} only as one of a list" if name else ""


_HAN = re.compile(r"[\u4e00-\u9fff]")
# a part asked on its own, of what several parties gave together
_ALONE = re.compile(
    r"\b(?:on (?:its|their|his|her) own|alone|by itself|separately|specifically)\b|单独|光是|单是", re.I
)


def grouped_name(query: Query, quote: Quote, key_names: list[tuple[str, list[str]]]) -> str:
    """The key name the sentence gives only as an item of a group: of a 、-list, or, for a part asked on its own
    ("…of that was the Exim Bank on its own"), joined with another party (发展合作署和进出口银行)."""
    name = listed_name(quote, key_names)
    if not name and _ALONE.search(query.question):
        name = next(
            (n for n, forms in key_names if any(joined_with_another(quote.text.lower(), f) for f in forms)),
            "",
        )
    return name


def joined_with_another(text: str, form: str) -> bool:
    """Whether the text names `form` joined with another party (A和B, A与B), every time it names it."""
    spots = [m.start() for m in re.finditer(re.escape(form), text)]
    return bool(spots) and all(
        text[i - 1 : i] in _JOINERS or text[i + len(form) : i + len(form) + 1] in _JOINERS for i in spots
    )


_JOINERS = ("和", "与", "及")


def written_otherwise(question: str, name: str, contains: Callable[[str], bool], text: str) -> bool:
    """Whether a name the reports never write is a word jieba guessed across two (`seam_guess`) or a short form
    of a name `text` writes (`elided_in`)."""
    return seam_guess(question, name, contains) or elided_in(question, name, text)


def elided_in(question: str, name: str, text: str) -> bool:
    """Whether a name the reports never write is a short form of a name `text` writes: its characters in order,
    from its first, a few left out between each (卫健委: 国家卫生健康委员会; 中信保: 中国出口信用保险公司). A name jieba
    cut short (中信 of 中信保) is read with the characters the question writes after it; a name of two characters is
    written with a character after each (达峰: 达到峰值)."""
    at = question.find(name)
    if at < 0 or not all(_HAN.match(c) for c in name):
        return False
    if len(name) == 2 and written_in(name, text):
        return True  # 达峰: 达到峰值
    if len(name) >= ELIDED_MIN and "、".join(name) in text:
        return True  # 红黄绿: “红、黄、绿”三类
    tail = "".join(c for c in question[at + len(name) : at + len(name) + 2] if _HAN.match(c))
    shorts = [name + tail[:extra] for extra in range(len(tail), -1, -1)]
    return any(len(s) >= ELIDED_MIN and s not in text and elided(s).search(text) for s in shorts)


def goes_on_from_last(
    quote: Quote,
    before: str,
    history: list[dict],
    figures: list[dict],
    name: str,
    key_names: list[tuple[str, list[str]]],
) -> bool:
    """Whether the text just `before` a sentence names `name` and holds a figure the last answer stated: "What share
    of its investment …?" after an answer with 5.3亿令吉 of a paragraph on the Malaysian plant is answered by the
    paragraph's next sentences, which do not name the plant again."""
    if not any(f in before.lower() for n, forms in key_names if n == name for f in forms):
        return False
    last = next((t.get("content", "") for t in reversed(history) if t.get("role") == "assistant"), "")
    start = quote.start - len(before)
    return bool(last) and any(
        start <= f["start"] < quote.start and f.get("raw") and f["raw"] in last for f in figures
    )


def one_name_per_span(question: str, names: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Names read from overlapping words of an English question are one name written two ways ("East Asia
    Pacific": East Asia and Asia-Pacific, the reports' 东亚及太平洋): a passage naming either names it."""
    text = question.lower().replace("-", " ")
    out: list[tuple[str, list[str], tuple[int, int] | None]] = []
    for name, forms in names:
        english = (
            (name if name.isascii() else load_glossary().to_english(name) or "").lower().replace("-", " ")
        )
        at = text.find(english) if english else -1
        span = (at, at + len(english)) if at >= 0 else None
        same = next(
            (i for i, (_, _, s) in enumerate(out) if s and span and s[0] < span[1] and span[0] < s[1]), None
        )
        if same is None:
            out.append((name, forms, span))
            continue
        first, known, s = out[same]
        merged = known + [f for f in forms if f not in known]
        out[same] = (first, merged, (min(s[0], span[0]), max(s[1], span[1])))
    return [(name, forms) for name, forms, _ in out]


def names_any(text: str, key_names: list[tuple[str, list[str]]]) -> bool:
    """The text holds a form of any of the names."""
    return any(f in text for _, forms in key_names for f in forms)


# who a question says gives its figure: "according to the World Bank", "per the IMF", "World Bank numbers:", 据世界银行
_CITED_BEFORE = r"(?:\baccording to|\bper|\bciting|\bas reported by|据|根据)\s*(?:the\s+)?"
_CITED_AFTER = (
    r"(?:'s)?\s+(?:numbers|data|figures|estimates?|forecasts?|says|said|reports?)\b|(?:数据|统计|报告)显示"
)


def cited(question: str, name: str) -> bool:
    """The question names `name` as the source of what it asks, not as what it asks about."""
    n = re.escape(name)
    return bool(re.search(f"{_CITED_BEFORE}{n}|{n}(?:{_CITED_AFTER})", question, re.IGNORECASE))


def without_qualifiers(
    question: str, lang: str, names: list[tuple[str, list[str]]]
) -> list[tuple[str, list[str]]]:
    """The names a passage must name (an English question's once per span, see `one_name_per_span`), but one right
    before a more specific one, saying where or whose that is (希腊比雷埃夫斯港, "Greece's Piraeus port", "the G20 …")."""
    names = one_name_per_span(question, names) if lang == "en" else names
    glossary = load_glossary()
    starts = {at for at, term in glossary.spans(question) if glossary.proper(term)}

    def english(name: str, forms: list[str]) -> set[str]:
        return {e.lower() for e in [glossary.to_english(name) or "", *forms] if e.isascii() and len(e) >= 2}

    def qualifies(name: str, forms: list[str]) -> bool:
        if lang == "zh":
            at = question.find(name)
            return at >= 0 and at + len(name) in starts and question.count(name) == 1
        others = {e for n, f in names if n != name for e in english(n, f) if len(e) >= 4}
        for written in english(name, forms):
            # "Greece's Piraeus port", or an acronym before a name ("the G20 debt service suspension initiative"),
            # not a title before one ("President Kagame": he is the president)
            after = re.search(rf"\b({re.escape(written)})(['’]s)?\s+(.+)", question, re.IGNORECASE)
            owner = after and (after.group(2) or after.group(1).isupper() or re.search(r"\d", after.group(1)))
            if owner and any(after.group(3).lower().startswith(e) for e in others):
                return True
        return False

    kept = [(n, f) for n, f in names if not qualifies(n, f) and not occasion_only(question, n)]
    return kept if kept else names
