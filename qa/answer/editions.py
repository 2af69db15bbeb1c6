"""Editions of recurring events a text names: 第三届, 首届, 第三次…座谈会, "the third … Forum", "the 4th CIIE"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.dimension import against_years
from qa.answer.query import QUESTION_WORDS
from qa.text.glossary import load_glossary
from qa.text.numbers import parse_cn_numeral

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

# 第三届, 首届, and 第三次 (the third meeting of a series: 第三次…座谈会); 首次 is "for the first time", not an edition.
# 第二届, 第三次, 第二批, 第四辑, 首届, 首批; and each of a list sharing one counter (第一、第二、第三辑)
_ZH_ORDINAL = r"第\s*([一二三四五六七八九十\d]+)"
ZH_EDITION = re.compile(
    rf"{_ZH_ORDINAL}\s*(?:[届次批辑]|(?=(?:、第\s*[一二三四五六七八九十\d]+)+\s*[届次批辑]))|(首)\s*[届批]"
)
EN_ORDINALS = {
    w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)
}
# "the first three expos": a span of editions (their total), not the first one
_SPAN = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b"
_EN_EDITION = re.compile(
    # "the first online fair", "the first one held fully online" rank the fairs held that way, not the series
    rf"\b(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?!\s+{_SPAN})"
    r"(?!(?:\s+[\w'-]+){0,3}?\s+(?:online|virtual|digital|cloud|offline|in-person|hybrid)\b)|(\d{1,3})(?:st|nd|rd|th))\b"
    r"(?=(?:\s+[\w'-]+){0,6}?\s+(?:forum|expo|exposition|summit|session|conference|fair|congress|edition|symposium"
    r"|meeting|dialogue|seminar|workshop|round|plenary|festival|exhibition|games|competition|contest|assembly|one"
    r"|batch|phase|volume|course)(?:s|es)?\b"
    # "at the 4th CIIE?": an ordinal before an acronym that ends the phrase names an event's edition
    r"|\s+(?-i:[A-Z]{3,})(?=\s*(?:[?.,;:)\-–—]|$|\s+(?:in|on|at|of|and|held|was|were)\b)))",
    re.IGNORECASE,
)


# "the 4th CIIE deals": a numbered ordinal before an acronym names its edition, whatever follows (not "the first
# BRI projects", which ranks projects)
# "volume 4", "phase 2": an edition's noun, then its number (not a year, nor a count: "volume of 4 …")
_EN_NOUN_NUMBERED = re.compile(
    r"\b(?:volume|vol\.|phase|batch|edition|round|session)\s+(\d{1,3})\b(?!\s*%)", re.I
)
_EN_NUMBERED_ACRONYM = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?-i:[A-Z]{3,})\b(?!-)", re.I)


def edition_counter(question: str) -> str:
    """The counter a Chinese question writes its edition with (第四辑: 辑), 届 when it writes none."""
    m = re.search(r"(?:第\s*[一二三四五六七八九十\d]+|首)\s*([届次批辑])", question)
    return m.group(1) if m else "届"


def find_editions(text: str) -> list[int]:
    """Editions of recurring events a text names, in order: 第二届 / 首届 / "the third … Forum" / "3rd Expo"."""
    out: list[int] = []
    for m in ZH_EDITION.finditer(text):
        n = 1 if m.group(2) else (int(m.group(1)) if m.group(1).isdigit() else parse_cn_numeral(m.group(1)))
        out.append(int(n or 0))
    for m in _EN_EDITION.finditer(text):
        out.append(EN_ORDINALS[m.group(1).lower()] if m.group(1) else int(m.group(2)))
    out += [int(n) for n in _EN_NUMBERED_ACRONYM.findall(text)]
    out += [int(n) for n in _EN_NOUN_NUMBERED.findall(text)]
    return [n for n in dict.fromkeys(out) if n]


# "127届广交会…": 第 left out before an event's name, at the start of a question or after 那/这/的/年 (not 连续3届)
_UNMARKED_ZH_EDITION = re.compile(r"(?:(?<!\w)|(?<=[那这的年]))(\d{1,3})\s*届(?=[\u4e00-\u9fff“\"《])")


def question_editions(question: str) -> list[int]:
    """The editions a question names: those of `find_editions`, or 127 of "127届广交会成交额多少？"."""
    return find_editions(question) or [int(m.group(1)) for m in _UNMARKED_ZH_EDITION.finditer(question)]


# "And the 128th?", "那第128届呢？": an ordinal alone, in a follow-up that asks the last question of another edition.
_BARE_EDITION = re.compile(
    r"\b(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)|(\d{1,3})(?:st|nd|rd|th))\b",
    re.I,
)
# "那129届呢？": 第 left out (not 上一届 or 那一届, "that one")
_BARE_ZH_EDITION = re.compile(r"(?<![第\d])(\d{1,3})\s*届")


# An ordinal and the word it qualifies ("the 128th one", "第128届的"): what is left is what a follow-up asks
_ORDINAL_WORD = re.compile(rf"{_BARE_EDITION.pattern}(?:\s+[a-z]+)?|{_ZH_ORDINAL}?\s*届", re.I)


def edition_asked_again(
    question: str, asked_before: Sequence[str], words: Callable[[str], set[str]] | None = None
) -> tuple[int, str] | None:
    """The edition a follow-up asks for and the last question naming an edition asked of it: (128, "…at the 128th
    Canton Fair come from?") after "…at the 127th Canton Fair come from?", or after a question between them. With
    `words`, only when the follow-up asks nothing the earlier question did not ("what was the deal value at the
    128th?" after the number of events asks another thing)."""
    previous = next((p for p in reversed(asked_before) if find_editions(p)), "")
    if words and words(_ORDINAL_WORD.sub(" ", question)) - words(previous):
        return None
    named = find_editions(question)
    bare = _BARE_EDITION.search(question)
    bare_zh = _BARE_ZH_EDITION.search(question)
    if named:
        n = named[0]
    elif bare:
        n = EN_ORDINALS[bare.group(1).lower()] if bare.group(1) else int(bare.group(2))
    elif bare_zh:
        n = int(bare_zh.group(1))
    else:
        return None
    for pattern in (ZH_EDITION, _EN_EDITION):
        m = pattern.search(previous)
        if m and find_editions(m.group(0)) != [n]:
            new = f"第{n}届" if pattern is ZH_EDITION else f"{n}{_suffix(n)}"
            return n, previous[: m.start()] + new + previous[m.end() :]
    return None


# "the previous phase", 上一期: the edition before the one asked before; not one compared with ("more than the
# previous session", 较上届增长): that asks of the same edition again
_PREVIOUS = re.compile(
    r"(?<!\bthan )(?<!\bwith )(?<!\bover )(?<!\bfrom )(?<!\bon )"
    r"\bthe (?:previous|prior|preceding|earlier) (?:one|edition|session|phase|batch|round|meeting|forum|expo|summit"
    r"|fair|conference)\b|(?<![较比与同])上一?[届期批轮]",
    re.IGNORECASE,
)


def edition_before(question: str, asked_before: int | None, turns: Sequence[dict] = ()) -> int | None:
    """The edition a follow-up asks of, given the one asked before: the one before it for "the previous phase",
    else the same. "上一届…" after a question naming none is before the edition last named, by a question or
    else by an answer."""
    if not _PREVIOUS.search(question):
        return asked_before
    for role in ("user", "assistant") if asked_before is None else ():
        named = [find_editions(str(t.get("content", ""))) for t in reversed(turns) if t.get("role") == role]
        asked_before = next((n[0] for n in named if n), None)
        if asked_before is not None:
            break
    return asked_before - 1 if asked_before and asked_before > 1 else asked_before


# "a year earlier", "the year before", 前一年: the year before the one the conversation asked of
# "and its direct investment, same years?", "… by then", "那几年呢": the years asked last, by a question asking
# another thing
_SAME_YEARS = re.compile(
    r"\b(?:same|those|these|both) (?:two )?(?:years?|period|time ?frame|span)\b|\bthat year\b|\bby then\b"
    r"|\bat (?:that|the) time\b|同年|同一年|[这那][几两]年|那一?年|当年|届时|那时",
    re.I,
)
_YEAR_BEFORE = re.compile(
    r"\b(?:a|one) year (?:earlier|before)\b|\bthe (?:year before|previous year|prior year)\b|前一年|上一年",
    re.I,
)


def years_asked(
    question: str, years: list[int], users: Sequence[str], lang: str, find_years: Callable[[str], list[int]]
) -> tuple[list[int], list[int], str]:
    """For a follow-up: the years the last question asked of (those it gives, or the year before those of the
    question it followed), the years this one asks of ("And the year before?" after a question on 2020: 2019;
    else its own) and the question without the words that asked the year before."""
    prior: list[int] = []
    back = 0
    for user in reversed(users):
        if given := [y for y in find_years(user) if y not in against_years(user, lang)]:
            prior = [min(given) - back] if back else given
            break
        if _SAME_YEARS.search(user):
            continue  # "and turnover over the same years?" asked of the years before it
        if not asks_year_before(user):
            break
        back += 1
    if not years and (same := _SAME_YEARS.search(question)):  # "…, same years?": the years last asked of
        given = prior or next((ys for u in reversed(users) if (ys := find_years(u))), [])
        # "这两年", "those two years" after 2020 then 2019: both the conversation named, not the last alone
        named = list(dict.fromkeys(y for u in reversed(users) for y in find_years(u)))
        if re.search(r"两|two|both", same.group(0), re.I) and len(given) < 2 <= len(named):
            given = sorted(named[:2])
        return given, given, question
    if not years and prior and asks_year_before(question):
        return prior, [min(prior) - 1], _YEAR_BEFORE.sub(" ", question)
    return prior, years, question


# "growth vs the year before", "比上一年增长多少": the year before is what a change is against, not the year asked
_AGAINST = re.compile(
    r"(?:\b(?:vs\.?|versus|compared\s+(?:with|to)|than|over|against|relative\s+to|from)|[比较])\s*$", re.I
)


def asks_year_before(question: str) -> bool:
    """Whether a follow-up asks of the year before the one asked last, not of a change against it."""
    return any(not _AGAINST.search(question[: m.start()]) for m in _YEAR_BEFORE.finditer(question))


def _suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def editions_of(text: str, terms: Sequence[str]) -> set[int]:
    """Editions the (Chinese) text names of an event called by one of `terms` (within a short span after the
    ordinal: 第二届高峰论坛); every edition it names when there are no terms to tell events apart."""
    # a term holding its own ordinal (第五届“一带一路”高峰论坛) names the event by what follows the ordinal
    terms = [ZH_EDITION.sub("", t).strip('“”"') or t for t in _with_synonyms(terms)]
    terms = [t for t in terms if len(t) >= 2 and t not in QUESTION_WORDS]
    out = set()
    for m in ZH_EDITION.finditer(text):
        span = re.split("[。；！？\n]", text[m.end() : m.end() + 24], maxsplit=1)[0]
        # or right before it in its clause, the event and then its batch or session (自贸试验区第六批…,
        # 中阿合作论坛第九届部长级会议, GIP召开第二次全体会议)
        before = re.split("[，,。；;！？\n、《]", text[max(0, m.start() - 16) : m.start()])[-1]
        if not terms or any(t in span or t in before for t in terms):
            out.update(find_editions(m.group(0)))
    return out


def _with_synonyms(terms: Sequence[str]) -> set[str]:
    """Each term with its synonyms: 进博会 is written 中国国际进口博览会 as often, 绿色投资原则 GIP."""
    glossary = load_glossary()
    return {
        *terms,
        *(z for t in terms for z in glossary.synonyms(t) if z.isascii() and z.isupper() and len(z) >= 2),
        *(
            z
            for t in terms
            for en in glossary.renderings.get(t, [])
            for z in glossary.en_to_zh.get(en.lower(), [])
        ),
    }


def edition_unwritten(edition: int, terms: Sequence[str], contains: Callable[[str], bool]) -> bool:
    """The reports name other editions of an event called by one of `terms`, never the one asked (第四届进博会,
    when they name 第三届中国国际进口博览会 and no fourth); the name may follow in quote marks (第二届“一带一路”…)."""
    forms = {f for f in _with_synonyms(terms) if len(f) >= 2 and not ZH_EDITION.search(f)}

    def named(n: int) -> bool:
        numerals = (str(n), chinese_numeral(n)) if n < 100 else (str(n),)
        prefixes = [f"第{k}届" for k in numerals] + (["首届"] if n == 1 else [])  # 首届高峰论坛 is the first
        # the event's name may stand in quote marks: 第五届“一带一路”高峰论坛
        # or after it, as its session: 中国—阿拉伯国家合作论坛第九届部长级会议
        return any(
            contains(f"{p}{f}") or contains(f"{p}“{f}") or contains(f"{f}{p}")
            for p in prefixes
            for f in forms
        )

    others = range(max(1, edition - 30), edition + 31)
    return bool(forms) and not named(edition) and any(named(n) for n in others if n != edition)


def chinese_numeral(n: int) -> str:
    """一 to 九十九: how the reports write an edition's number (第十七届)."""
    tens, ones = divmod(n, 10)
    digits = " 一二三四五六七八九"
    return (digits[tens].strip() if tens > 1 else "") + ("十" if tens else "") + digits[ones].strip()


def edition_terms(question: str, terms: Sequence[str], heads: bool = False) -> list[str]:
    """The terms a Chinese question names its edition's event by, right after a 届 (培训班 of "第二届培训班是什么时候
    举办的？"): a sentence naming that edition of another event does not answer it. Not after 第二次, whose event a
    sentence often names far from it (第二次则是在9月10日)."""
    if heads:  # the term that ends the event's name: 培训班 of 第二届一带一路企业合规经营培训班, not 一带一路
        return _heads(question, terms)
    if question.isascii():
        return en_edition_terms(question)
    spans = _after_edition(question)
    return [t for t in terms if len(t) >= 2 and any(t in span for span in spans)]


# "the 4th CIIE", "the 12th BRICS summit": the ordinal in digits and the name after it, to a comma or the end
_EN_ORDINAL = re.compile(
    r"\b(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+([^,;:?!.()]{2,80})",
    re.IGNORECASE,
)


def en_edition_terms(question: str) -> list[str]:
    """The glossary terms an English question names its edition's event by (进博会 of "the 4th CIIE", "the fourth
    CIIE")."""
    glossary = load_glossary()
    spans = [m.group(2) for m in _EN_ORDINAL.finditer(question)]
    # the event's name (进博会, 广交会), not a common word beside it ("leaders" of "the 27th APEC leaders meeting")
    return list(
        dict.fromkeys(z for span in spans for z in glossary.expand_english(span) if glossary.proper(z))
    )


def editions_named(query: Query, cands: Sequence[Quote]) -> list[set[int]]:
    """The editions each passage names (but those about another thing than the question's names) of the event the
    question asks an edition of; for a question naming none (an edition carried), every edition they name."""
    terms = asked_event(query.question, query.entities, query.history if query.followup else ())
    terms = terms if find_editions(query.question) else []
    return [editions_in(c.hit.chunk.text, terms) for c in cands if not c.features.get("not_about_key")]


def asked_event(question: str, terms: Sequence[str], history: Sequence[dict] = ()) -> list[str]:
    """The event a question asks an edition of: the name after its 第N届 (培训班), else, for a follow-up naming
    only the edition ("那第二届呢？"), the one the last question naming an edition asked of, else the one the
    last answer naming an edition spoke of ("2020年那届培训班…" answered by 第三届…培训班), else every term."""
    if own := edition_terms(question, terms, heads=True):
        return own
    for role in ("user", "assistant"):
        for turn in reversed(history):
            if turn.get("role") == role and find_editions(text := str(turn.get("content", ""))):
                if found := edition_terms(text, terms, heads=True):
                    return found
                if role == "user":
                    return list(terms)
    return list(terms)


_NAME_ENDS = re.compile(r"有|是|在|于|多少|几|什么|哪|谁|何时|一共|总共|举办|召开|开幕")


def _heads(question: str, terms: Sequence[str]) -> list[str]:
    heads = []
    # a term holding its own ordinal (第三次“一带一路”建设座谈会) names the event by what follows the ordinal
    terms = [ZH_EDITION.sub("", t).strip('“”"') or t for t in terms]
    for span in _after_edition(question, "届次"):  # the session of an event named after it: 第三次…座谈会
        name = _NAME_ENDS.split(span, maxsplit=1)[0]
        found = [(name.find(t), t) for t in terms if len(t) >= 2 and t in name]
        # the event's own name (中国—东盟博览会), not what is asked of it after (签约总额) with no word between
        proper = load_glossary().proper
        named = [(at + len(t), len(t), t) for at, t in found if proper(t) and t not in QUESTION_WORDS]
        if named or found:
            heads.append(max(named)[2] if named else max(found)[1])
    return heads


@lru_cache(maxsize=256)
def _after_edition(question: str, measures: str = "届") -> tuple[str, ...]:
    """What follows each 第N届 of a question (asked once per question, read for every candidate sentence)."""
    return tuple(
        question[m.end() : m.end() + 24]
        for m in ZH_EDITION.finditer(question)
        if any(w in m.group(0) for w in measures)
    )


# 第10个鲁班工坊, 第六批…改革试点经验: the tenth (sixth) of things set up one after another
_COUNTED = re.compile(
    r"第\s*(?!一\s*[个家座所条批项])([一二三四五六七八九十\d]+)\s*[个家座所条批项]"
)  # not 第一个: "the first"


def ordinals_of(text: str) -> set[int]:
    """The ordinals a text counts things set up one after another by (10 of 第10个鲁班工坊, 6 of 第六批)."""
    return {
        n for m in _COUNTED.findall(text) if (n := int(m) if m.isdigit() else int(parse_cn_numeral(m) or 0))
    }


def editions_in(text: str, terms: Sequence[str]) -> set[int]:
    """The editions a passage names of an event called by one of `terms`, and the ordinals it counts by."""
    return editions_of(text, terms) | ordinals_of(text)


def named_in(best: Quote, terms: Sequence[str], edition: int | None) -> bool:
    """Whether the best sentence names the asked edition of an event the conversation carried: "第二次通话呢" after a
    call of 拜登's, by 第二次则是在9月10日 in a passage that names him."""
    return names_edition(best.text, edition) and any(t in best.hit.chunk.text for t in terms)


def names_edition(text: str, edition: int | None) -> bool:
    """Whether a text names the edition in its own words: 第二届, "the 2nd", or the ordinal of 第10个鲁班工坊."""
    return edition in {*find_editions(text), *ordinals_of(text)}
