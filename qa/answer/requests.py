"""Requests phrased as instructions ("Give me the number of …", "Can you tell me …", "请告诉我…", "给我…的数据") read
as the questions they are, so that what is asked (a number, a list, a fact) is analysed as for a question."""

from __future__ import annotations

import re
from functools import lru_cache

from qa.text.glossary import load_glossary

_ASKING = re.compile(r"^(?:how|what|which|who|whom|whose|when|where|why|is|are|was|were|did|does|do)\b", re.I)
# "Can you tell me", "Please give me", "I need", "Show me": the request, before what is asked
_EN_REQUEST = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?"
    r"(?:tell\s+me|give\s+me|show\s+me|let\s+me\s+know|find(?:\s+me)?|get\s+me|look\s+up|"
    r"i\s+(?:need|want|would\s+like|'d\s+like)(?:\s+to\s+know)?|i(?:'m|\s+am)\s+looking\s+for)\s+",
    re.I,
)
# "Is there any data on …", "Any info about …", "Do the reports have figures on …"
_EN_ANY = re.compile(
    r"^\s*(?:(?:is|are)\s+there\s+|do(?:es)?\s+(?:you|the\s+reports?)\s+have\s+)?(?:any\s+)?"
    r"(?:data|info|information|figures?|numbers?|statistics|details?)\s+(?:on|about|for|regarding)\s+",
    re.I,
)
_ZH_REQUEST = re.compile(
    r"^(?:请问|请|麻烦)?(?:告诉我|给我|帮我查一下|帮我查|查一下|我想知道|我想了解|我需要)"
)
_ZH_DATA = re.compile(r"(?:的|方面的)?(?:数据|数字|情况|信息|资料)[。.！!？?]?$")
_ZH_ANY = re.compile(r"^(?:请问)?有没有(?:关于)?(.+?)的(?:信息|数据|资料|内容|情况)[？?。]?$")


# "顺便问下，…", "By the way, …", "Different topic: …": words before the question that ask nothing themselves
_PREFACE = re.compile(
    r"^\s*(?:(?:顺便|另外|再)问(?:一)?下|顺便问问|顺便说一下|对了|换个话题|换个问题|by\s+the\s+way|btw|also|"
    r"one\s+more\s+(?:thing|question)|(?:a\s+)?(?:different|new|another)\s+(?:topic|question)|"
    r"chang(?:e|ing)\s+(?:the\s+)?(?:topic|subject)|switching\s+topics|on\s+another\s+note|unrelated)"
    r"\s*[，,:：;；—–-]+\s*",
    re.I,
)
_NEW_TOPIC = re.compile(
    r"换个|different|new\s+topic|another\s+topic|chang|switching|another\s+note|unrelated", re.I
)


def new_topic(text: str) -> bool:
    """Whether a question says it starts another topic ("换个话题，…", "Different topic: …"): no history applies."""
    m = _PREFACE.match(text)
    return bool(m and _NEW_TOPIC.search(m.group(0)))


# "What's the average …", "Who's …": the question word and "is" (not a possessive: "China's")
_CONTRACTED = re.compile(r"\b(what|who|where|when|how|which|that|there)['’]s\b", re.I)


# "Which is bigger, A or B?", "A和B哪个更大？": a comparison, asked as how big each is
_EN_WHICH_MORE = re.compile(
    r"^\s*(?:and\s+)?which(?:\s+one)?\s+(?:is|was|are|were)\s+(?:the\s+)?(bigger|larger|longer|higher|taller)\b"
    r"\s*[,:]\s*(.+?)\s+or\s+(.+?)\s*\?*\s*$",
    re.I,
)
_ZH_WHICH_MORE = re.compile(
    r"^(.+?)(?:和|与|跟|还是)(.+?)(?:相比)?[，,]?(?:哪个|哪一个|谁)(?:更|比较)?([大长高])[？?]?$"
)


def compared(text: str) -> str:
    """A comparison asked as the two questions that answer it ("How big is A? How big is B?"); '' for others."""
    if m := _EN_WHICH_MORE.match(text):
        how = {"bigger": "big", "larger": "large", "longer": "long", "higher": "high", "taller": "tall"}
        adjective = how[m.group(1).lower()]
        return f"How {adjective} is {m.group(2)}? How {adjective} is {m.group(3)}?"
    if m := _ZH_WHICH_MORE.match(text):
        return f"{m.group(1)}有多{m.group(3)}？{m.group(2)}有多{m.group(3)}？"
    return ""


# "19年呢？", "13年到19年", "截至20年4月": a year written with its last two digits, where a date is read (a part of
# the year, a month, 呢 or 的 after it; 截至, 到 or 和 before it); not a span of years (成立20年 中国…, 20年来, 近10年)
_SHORT_YEAR = re.compile(
    r"(?<![\d.第近约逾超过了这几多每满立])([12]\d)(?=年(?:底|初|末|中|上半年|下半年|全年|\d{1,2}月|呢|的|[，,。？?、和与到至]|$))"
    r"|(?:(?<=截至)|(?<=截止)|(?<=[到在于从自和与、至]))([12]\d)(?=年(?![来间内里多余半以之前后期左]))"
)


# "2020-21", "2019/20年": a span's end year written by its last two digits, after the start year written whole
_SHORT_END = re.compile(r"(?<!\d)((?:19|20)\d{2})(\s?[-–—~/至到]\s?)(\d{2})(?![\d.%])")


def _span_end(m: re.Match[str]) -> str:
    start, end = m.group(1), int(m.group(3))
    if end <= int(start[2:]):
        return m.group(0)  # not a later year of the same century
    return f"{start}{m.group(2)}{start[:2]}{m.group(3)}"


def full_years(text: str) -> str:
    """A question with each year written by its last two digits written whole: a span's end ("2020-21": 2020-2021)
    and, in Chinese, a year before 年 (19年: 2019年)."""
    text = _SHORT_END.sub(_span_end, text)
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text
    return _SHORT_YEAR.sub(lambda m: f"20{m.group(1) or m.group(2)}", text)


# "and in september?": a month typed in lower case (may only where it dates: "in may", "may 2020")
_LOWER_MONTH = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|(?:(?<=\bin )|(?<=\bby )|(?<=\bof )|(?<=\bsince )|(?<=\buntil )|(?<=\bfrom ))may\b|\bmay(?= \d{4}\b)"
)


_DAY_HAO = re.compile(r"(?<=月)(\d{1,2}|[一二三四五六七八九十]{1,3})号")
_AMPERSAND = re.compile(r"(?<=[A-Za-z]) & (?=[A-Za-z])")
# Words typed short, as the reports' glossary writes them in full
SHORTHAND = {
    "intl": "international",
    "int'l": "international",
    "govt": "government",
    "gov't": "government",
    "dept": "department",
    "depts": "departments",
    "govts": "governments",
    "org": "organisation",
    "orgs": "organisations",
    "yrs": "years",
    "thru": "through",
    "approx": "approximately",
    "yoy": "year on year",
    "mfg": "manufacturing",
    "b&r": "Belt and Road",
    "b+r": "Belt and Road",
}
_SHORTHAND = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, SHORTHAND)) + r")(?![\w'])", re.IGNORECASE)
_ZH_WHEN = re.compile("啥时候?")  # colloquial 什么时候, and 啥 for 什么


@lru_cache(maxsize=1)
def _hyphenated() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Words the glossary writes with a hyphen (e-commerce, cross-border), keyed by how they look typed solid."""
    words = {
        w.replace("-", "").lower(): w.lower()
        for ens in load_glossary().renderings.values()
        for en in ens
        for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", en)
    }
    words = {solid: w for solid, w in words.items() if len(solid) >= 6}
    return words, re.compile(
        r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.I
    ) if words else None


def hyphenated(text: str) -> str:
    """ "cross-border ecommerce": a word typed solid written as the glossary writes it (e-commerce)."""
    words, pattern = _hyphenated()

    def written(
        m: re.Match[str],
    ) -> str:  # the hyphens put back, the letters as typed (ChinaEurope: China-Europe)
        typed, parts = m.group(0), words[m.group(0).lower()].split("-")
        cuts = [sum(map(len, parts[: i + 1])) for i in range(len(parts))]
        return "-".join(typed[a:b] for a, b in zip([0, *cuts], cuts))

    return pattern.sub(written, text) if pattern else text


def as_question(text: str) -> str:
    """The question a request asks; a question as it is ("what's" as "what is", "september" as "September")."""
    text = hyphenated(full_years(_CONTRACTED.sub(r"\1 is", text)))
    text = _LOWER_MONTH.sub(lambda m: m.group(0).capitalize(), text)
    text = _AMPERSAND.sub(" and ", text)  # "central & western regions" as the glossary writes it
    text = _SHORTHAND.sub(lambda m: SHORTHAND[m.group(0).lower()], text)  # "intl": international
    text = _ZH_WHEN.sub("什么时候", text).replace("啥", "什么")  # "啥时候开始的", "叫啥": as 什么 is read
    text = _DAY_HAO.sub(r"\1日", text)  # "9月10号": the day as the reports write it (9月10日)
    if m := _PREFACE.match(text):  # "By the way, when did it open?": "When did it open?"
        text = text[m.end() : m.end() + 1].upper() + text[m.end() + 1 :]
    stripped = text.strip()
    if comparison := compared(stripped):
        return comparison
    if m := _ZH_ANY.match(stripped):
        return f"{m.group(1)}的情况如何？"
    if m := _ZH_REQUEST.match(stripped):
        rest = stripped[m.end() :]
        return _ZH_DATA.sub("是多少？", rest) if _ZH_DATA.search(rest) and "多少" not in rest else rest
    for pattern in (_EN_ANY, _EN_REQUEST):  # not "List …" or "Name …": they ask for a list as they are
        if m := pattern.match(stripped):
            rest = stripped[m.end() :].rstrip(".!? ")
            rest = rest[any_m.end() :] if (any_m := _EN_ANY.match(rest)) else rest  # "Show me figures on …"
            return f"{rest[:1].upper()}{rest[1:]}?" if _ASKING.match(rest) else f"What is {rest}?"
    return text
