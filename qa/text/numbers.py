"""Number parsing and rendering shared by figure extraction and answer verification (Chinese and English)."""

from __future__ import annotations

import re

MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}
EN_MAGNITUDES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 1e4, "亿": 1e8}

CN_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]"
# Arabic number: thousands separators, decimals; spaces inside come from PDF extraction.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 千 and 百 are not magnitudes in 千瓦时 / 千米 / 百分点.
MAGNITUDE = "万亿|千亿|百亿|亿|千万|百万|万|千(?![瓦米克伏帕])|百(?![分])"

_NUMBERS_IN = re.compile(
    rf"(?<![A-Za-z0-9.,])(?P<num>{ARABIC})\s?(?P<more>多|余)?\s?(?P<mag>{MAGNITUDE})?"
    r"(?:\s?(?P<en>thousand|million|billion|trillion|bn|mn|tn|[kmb])(?![a-z]))?",
    re.IGNORECASE,
)
_CN_NUMBER = re.compile(rf"{CN_NUMERAL}{{2,}}")


def parse_arabic(text: str) -> float:
    """Value of an Arabic number with optional thousands separators and spaces."""
    return float(text.replace(",", "").replace(" ", ""))


def parse_cn_numeral(text: str) -> float | None:
    """Value of a Chinese numeral (一百五十 -> 150, 两万三千 -> 23000), or None if it is not one."""
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            # 十五: a leading 十 means one ten.
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            total += (section or 1) * _CN_BIG[ch]
            section = 0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


# "the 3.5m-tonne steel project", "a 1,000-bed hospital": a number joined to its unit by a hyphen, the size a
# question names a thing by
SIZED_EN = re.compile(r"\b\d[\d.,]*\s*(?:m|bn|k|million|billion|thousand)?-[a-z]+\b", re.IGNORECASE)


def numbers_in(text: str) -> list[float]:
    """Every number in a text (Chinese or English), normalized: "US$255.54 billion" -> 2.5554e11, "1.24万" -> 12400."""
    out: list[float] = []
    spans: list[tuple[int, int]] = []
    for m in _NUMBERS_IN.finditer(text):
        value = parse_arabic(m["num"])
        if m["mag"]:
            value *= MAGNITUDES[m["mag"]]
        if m["en"]:
            en = m["en"].lower()
            # A bare "m"/"b"/"k" only scales a number written like "US$1.2b"; "5 m" is more likely metres.
            if len(en) > 1 or m.group(0)[-2:-1].isdigit():
                value *= EN_MAGNITUDES[en]
        out.append(_tidy(value))
        spans.append(m.span())
    for m in _CN_NUMBER.finditer(text):
        parsed = parse_cn_numeral(m.group(0))
        if parsed is not None and any(c in "零〇一二两三四五六七八九" for c in m.group(0)):
            out.append(_tidy(parsed))
    return out


def _tidy(value: float) -> float:
    """Round away binary noise from decimal scaling (1.24 * 1e4 -> 12400.0)."""
    return float(f"{value:.12g}")


def format_number(value: float) -> str:
    """English digits: 12,400; 29.4; 76.473 million; 1.04 trillion."""
    a = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if a >= size:
            return f"{_trim(value / size)} {word}"
    if a >= 1000:
        whole = f"{value:,.6f}".rstrip("0").rstrip(".")
        return whole
    return _trim(value)


def _trim(value: float) -> str:
    """A decimal without trailing zeros, at most 6 decimals."""
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


# Measure words written after a number, longest first; the value is the unit a Figure carries.
UNITS: dict[str, str] = {
    "个百分点": "个百分点",
    "百分点": "个百分点",
    "个国家": "国家",
    "个城市": "城市",
    "个经济体": "经济体",
    "个国际组织": "国际组织",
    "个项目": "项目",
    "个多小时": "小时",
    "个半小时": "小时",
    "个小时": "小时",
    "个多月": "个月",
    "个半月": "个月",
    "个月": "个月",
    "个工作日": "工作日",
    "个方面": "方面",
    "方面": "方面",
    "%": "%",
    "％": "%",
    "美元": "美元",
    "欧元": "欧元",
    "日元": "日元",
    "英镑": "英镑",
    "港元": "港元",
    "港币": "港元",
    "卢布": "卢布",
    "令吉": "令吉",
    "卢比": "卢比",
    "元人民币": "元",
    "人民币": "元",
    "元": "元",
    "标准箱": "标箱",
    "标箱": "标箱",
    "TEU": "标箱",
    "千瓦时": "千瓦时",
    "度电": "千瓦时",
    "兆瓦": "兆瓦",
    "千瓦": "千瓦",
    "吉瓦": "吉瓦",
    "平方公里": "平方公里",
    "平方千米": "平方公里",
    "平方米": "平方米",
    "立方米": "立方米",
    "公里": "公里",
    "千米": "公里",
    "公顷": "公顷",
    "亩": "亩",
    "吨": "吨",
    "人次": "人次",
    "人份": "人份",
    "剂": "剂",
    "册": "册",
    "辑": "辑",
    "篇": "篇",
    "部门": "部门",
    "部委": "部委",
    "部": "部",
    "处": "处",
    "票": "票",
    "人口": "人",
    "人": "人",
    "名": "名",
    "列": "列",
    "家": "家",
    "份": "份",
    "项": "项",
    "件": "件",
    "只": "只",
    "套": "套",
    "台": "台",
    "辆": "辆",
    "艘": "艘",
    "架": "架",
    "条": "条",
    "座": "座",
    "所": "所",
    "场": "场",
    "起": "起",
    "章": "章",
    "期": "期",
    "次": "次",
    "趟": "趟",
    "架次": "架次",
    "班次": "班次",
    "班": "班",
    "批": "批",
    "种": "种",
    "大类": "类",
    "类": "类",
    "倍": "倍",
    "张": "张",
    "块": "块",
    "间": "间",
    "户": "户",
    "位": "位",
    "步": "步",
    "周年": "周年",
    "年代": "年代",
    "吨级": "吨级",
    "年间": "年",
    "年": "年",
    "天": "天",
    "小时": "小时",
    "分钟": "分钟",
    "工作日": "工作日",
    "周": "周",
    "国": "国家",
    "个": "个",
}
# Classifiers that count discrete things: their figures get kind "count".
COUNT_UNITS = frozenset(
    "个 国家 城市 经济体 国际组织 项目 家 份 项 件 只 套 台 辆 艘 架 条 座 所 场"
    " 起 章 期 次 批 种 类 张 块 间 户 位 名 人 剂 册 篇 部 处 部门 部委 方面 辑".split()
)
CURRENCY_EN = {
    "美元": "US${}",
    "元": "RMB {}",
    "欧元": "€{}",
    "日元": "JPY {}",
    "英镑": "£{}",
    "港元": "HK${}",
}
# Every currency: those written with a sign or code above, and those written after the number (530 million ringgit).
MONEY_UNITS = frozenset(CURRENCY_EN) | {"卢布", "令吉", "卢比"}
UNIT_EN = {
    "列": "trains",
    "标箱": "TEU",
    "吨": "tonnes",
    "千瓦时": "kWh",
    "兆瓦": "MW",
    "千瓦": "kW",
    "吉瓦": "GW",
    "公里": "km",
    "平方公里": "square kilometres",
    "平方米": "square metres",
    "立方米": "cubic metres",
    "公顷": "hectares",
    "亩": "mu",
    "人次": "person-trips",
    "人": "people",
    "名": "people",
    "位": "people",
    "国家": "countries",
    "城市": "cities",
    "经济体": "economies",
    "国际组织": "international organizations",
    "项目": "projects",
    "部门": "departments",
    "方面": "areas",
    "部委": "ministries",
    "卢布": "roubles",
    "令吉": "ringgit",
    "卢比": "rupees",
    "人份": "doses",
    "剂": "doses",
    "册": "copies",
    "辑": "volumes",
    "篇": "articles",
    "处": "sites",
    "块": "pieces",
    "倍": "times",
    "次": "times",
    "趟": "trips",
    "场": "events",
    "起": "cases",
    "票": "declarations",  # customs entries (验放进出口清单24.5亿票)
    "章": "chapters",
    "期": "sessions",
    "架次": "flights",
    "班次": "services",
    "班": "services",
    "辆": "vehicles",
    "艘": "ships",
    "架": "aircraft",
    "批": "batches",
    "种": "kinds",
    "类": "categories",
    "步": "steps",
    "户": "households",
    "年": "years",
    "个月": "months",
    "天": "days",
    "小时": "hours",
    "分钟": "minutes",
    "工作日": "working days",
    "周": "weeks",
    "个百分点": "percentage points",
}


_PER_EN = {"年": "a year", "天": "a day"}


def format_amount_en(value: float, unit: str) -> str:
    """A value with its unit in English: "US$255.54 billion", "12,400 trains", "29.4%"."""
    number = format_number(value)
    if "/" in unit and unit not in UNIT_EN:  # 300万吨/年: "3 million tonnes a year"
        base, per = unit.split("/", 1)
        rate = _PER_EN.get(per) or f"per {singular_en(UNIT_EN.get(per, per))}"
        return f"{format_amount_en(value, base)} {rate}"
    if unit in CURRENCY_EN:
        return CURRENCY_EN[unit].format(number)
    if unit == "%":  # a fraction (1/3) is not stated to six places: "33.3%"
        return f"{format_number(round(value, 1)) if round(value, 3) != value else number}%"
    word = UNIT_EN.get(unit)
    if word and value == 1:
        word = singular_en(word)  # "1 year", "1 percentage point", "1 person"
    return f"{number} {word}" if word else number


def singular_en(words: str) -> str:
    """The singular of an English unit: its last word without the plural ending (people: person)."""
    head, _, last = words.rpartition(" ")
    if last == "people":
        last = "person"
    elif last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss") and last[:-1].islower():
        last = last[:-1]
    return f"{head} {last}" if head else last


def ordinal_en(value: float) -> str:
    """6 -> "6th", 1 -> "1st"."""
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


EN_NUMBER_WORDS = {
    w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}


def number_word_forms(word: str) -> list[str]:
    """How the reports write a small count an English question spells out or writes in digits: "eight" and "8"
    -> 八, 8."""
    n = int(word) if word.isdigit() and 0 < int(word) <= 19 else EN_NUMBER_WORDS.get(word.lower())
    if n is None:
        return []
    zh = "十" + "一二三四五六七八九"[n - 11] if n > 10 else "零一二三四五六七八九十"[n]
    return [zh, str(n)]


# A number written with an English scale word: "US$60 billion" is 600亿美元 in the reports.
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALED_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s+(thousand|million|billion|trillion)\b", re.IGNORECASE)
