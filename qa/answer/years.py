"""The years a text speaks of: 2020, a decade as its first year (20世纪80年代, 上世纪90年代: 1980, 1990), and the
years a question names relative to today (去年, "last year")."""

from __future__ import annotations

import datetime
import re

from qa.text.numbers import parse_cn_numeral

DATE_MARK = re.compile(r"\d{1,2}月(?:\d{1,2}日)?|\d{4}年")  # a month, a day or a year written in a sentence

# A year, not a count that happens to look like one (2000多家企业, 1990万吨, 2015.8亿美元).
YEAR = re.compile(
    r"(?<!\d)(?<!\d[.,])((?:19|20)\d{2})(?!\d|[.,]\d|\s*[多余万亿千百个家名人项吨件份台辆座户列次元])"
)
# 20世纪80年代, 二十世纪八十年代, 上世纪90年代 ("the 1980s" is written with its year)
_DECADE = re.compile(r"(20|19|二十|十九|上)\s*世纪\s*([1-9]0|[一二三四五六七八九]十)\s*年代")


def find_years(text: str) -> list[int]:
    """Years mentioned in a text, in order, without repeats."""
    found = [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)]
    for m in _DECADE.finditer(text):
        century = 1800 if m.group(1) in ("19", "十九") else 1900
        decade = m.group(2)
        found.append(
            (m.start(), century + (int(decade) if decade.isdigit() else int(parse_cn_numeral(decade) or 0)))
        )
    return list(dict.fromkeys(y for _, y in sorted(found)))


_RELATIVE_YEAR = (
    (re.compile(r"前年|\byear before last\b", re.IGNORECASE), -2),
    (re.compile(r"去年|\blast year\b", re.IGNORECASE), -1),
    (re.compile(r"今年|\bthis year\b", re.IGNORECASE), 0),
    (re.compile(r"明年|\bnext year\b", re.IGNORECASE), 1),
)


def today() -> datetime.date:
    """The date questions are asked on ("去年" is the year before it)."""
    return datetime.date.today()


def relative_years(text: str) -> list[int]:
    """Years a question names relative to today: 去年 / "last year" is the year before this one."""
    found = [(m.start(), shift) for pattern, shift in _RELATIVE_YEAR for m in pattern.finditer(text)]
    year = today().year
    return list(dict.fromkeys(year + shift for _, shift in sorted(found)))
