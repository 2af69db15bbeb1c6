"""Questions that ask for a dimension rather than count a thing (how long, how much money, how much electricity):
the units that measure it. The word of the dimension (时间) is part of the asking, not a word the answer must use."""

from __future__ import annotations

import re
from functools import cache

from qa.ingest.figure_labels import following_noun
from qa.text.glossary import load_glossary
from qa.text.numbers import MONEY_UNITS, UNIT_EN
from qa.text.word_forms import stem

DURATION_UNITS = frozenset({"小时", "天", "年", "个月", "分钟", "周", "工作日"})
LENGTH_UNITS = frozenset({"公里", "米", "千米"})
ENERGY_UNITS = frozenset({"千瓦时"})  # electricity generated or used: 7647.3万千瓦时
POWER_UNITS = frozenset({"兆瓦", "千瓦", "吉瓦"})  # a plant's capacity: 1177兆瓦
AREA_UNITS = frozenset({"公顷", "平方公里", "平方米", "亩"})  # land covered: 占地85公顷
RATE_UNITS = frozenset({"%", "个百分点"})  # what a share, a rate or a growth is stated in
CHANGE_UNITS = RATE_UNITS | {"倍"}  # a growth may also be a multiple: 增长了近20倍
CONTAINER_UNITS = frozenset({"标箱"})  # containers handled or carried: 565万标准箱
MEASURED_UNITS = ENERGY_UNITS | POWER_UNITS | AREA_UNITS | CONTAINER_UNITS  # what only a measurement answers
_EN_COUNTING = re.compile(r"\bhow many\b|\bnumbers? of\b", re.IGNORECASE)
NOUN_REACH = 8  # how far after a bare classifier the noun it counts may end
_HAN = re.compile(r"[\u3400-\u9fff]")
# Units that measure (an amount, a size, a duration, a share): a figure in them counts no things.
MEASURING_UNITS = MEASURED_UNITS | RATE_UNITS | DURATION_UNITS | LENGTH_UNITS | MONEY_UNITS | {"吨", "立方米"}
ASKS_DIMENSION = re.compile(r"多长时间|多少时间|多久|多长|多远")
_EN_DURATION = re.compile(
    r"\bhow long (?:[^\s?]+ ){0,10}?(?:last|lasted|take|took|takes|run|ran|go on|went on|goes on)\b"
    r"|\bhow long (?:did|does|do|will|would) (?:[^\s?]+ ){0,16}?(?:last|take|run|go on)\b"  # a long subject
    # what one does for a time: "how long did they talk", "how long will the visitors stay"
    r"|\bhow long (?:did|does|do|will|would) (?:[^\s?]+ ){0,8}?(?:talk|speak|spoke|meet|met|stay|wait|sit|sat"
    r"|negotiate|work|operate|serve)(?:s|ed)?\b"
    r"|\bhow many (?:hours|days)\b"
    # how long an event is: "How long was the video summit?", "… the trip" (not "… the line")
    r"|\bhow long (?:is|was|were|will be) (?:the|that|this|their|its) (?:[\w'’–-]+ ){0,6}?(?:summit|meeting|talk"
    r"|call|visit|trip|journey|ride|flight|conference|forum|session|course|training|fair|expo|festival|event)s?\b"
    # "the two phone calls before that, how long were those?": of the events it names before
    r"|\b(?:summit|meeting|talk|call|visit|trip|flight|conference|session|course|event)s?\b.{0,60}\bhow long"
    r" (?:is|was|were) (?:it|they|those|these|that|this|each)\b"
    r"|\bhow long (?:has|have|had)\b.*\bbeen\b"  # "how long has it been in force": a time, not a length
    r"|\bhow much\b.{0,60}\btime\b",  # "how much does it cut travel time"
    re.I,
)


# Words that name the dimension asked rather than a thing: the unit of the figure says it (资金 -> 2亿美元).
DIMENSION_WORDS = frozenset("资金 金额 钱 费用 资本 款项 时间 时长 长度 距离 面积 电 电量".split())
# Words that name a share: a figure in % speaks of it without the word (占同期总额的14% is the 比重).
SHARE_WORDS = frozenset("比重 占比 比例 份额".split())


def said_by_unit(focus: str, figures: list[dict], asked_units: frozenset[str]) -> bool:
    """Whether a figure's unit says what a question's dimension or share word asks, though the word is not written:
    an amount in a currency for 资金, a % for 比重; a count in the noun counted (32国, read 国家, for 多少个国家)."""
    if focus in DIMENSION_WORDS or focus in asked_units:
        return any(f["unit"] in asked_units for f in figures)
    return focus in SHARE_WORDS and any(f["unit"] in RATE_UNITS for f in figures)


@cache
def unit_noun(unit: str) -> str:
    """The stemmed English noun a unit counts in ("country" for 国家, "trip" for 人次 "person-trips"); '' if none."""
    english = UNIT_EN.get(unit, "")
    return stem(re.split(r"[\s-]", english)[-1].lower()) if english else ""


# How questions spell units the figures' English writes otherwise ("kilometres" for km, "tons" for tonnes).
_SPELLED = {"kilometre": "km", "kilometer": "km", "ton": "tonne", "meter": "metre"}


def spelled_unit(word: str) -> str:
    """A stemmed unit noun as the figures' English writes it: "km" for "kilometre"."""
    return _SPELLED.get(word, word)


def _unit_key(english: str) -> str:
    """Unit words compared as the figures' English writes them: "square kilometres" -> "square km"."""
    return " ".join(spelled_unit(stem(w)) for w in english.lower().split())


def units_named(noun: str) -> set[str]:
    """The units an English noun is the word of: 国家 for "countries", 公里 for "kilometres", 平方公里 (not 公里) for
    "square kilometres": of the units it names, those it names with the most words."""
    words = noun.lower().split()
    head = stem(words[-1]) if words else ""
    named = {
        u: len(en.split())
        for u, en in UNIT_EN.items()
        if head
        and unit_noun(u) in (head, spelled_unit(head))
        and all(w in words for w in en.lower().split()[:-1])
    }
    if not named and head:  # "how many points": 个百分点 ("percentage points"), the one unit of points
        return {u for u in UNIT_EN if unit_noun(u) in (head, spelled_unit(head))}
    return {u for u, n in named.items() if n == max(named.values())}


def measured_in(noun: str) -> set[str]:
    """The units of "kilometres of the railway", "tonnes of goods": the unit before "of" is what a figure is in
    (公里), the railway what is measured, not the 条 railways are counted in."""
    m = re.match(r"((?:square |cubic )?[a-z-]+) of\b", noun.lower())
    if not m:
        return set()
    return {u for u, en in UNIT_EN.items() if _unit_key(en) == _unit_key(m.group(1))}


def in_units(fig: dict, units: frozenset[str] | set[str], text: str = "", offset: int = 0) -> bool:
    """Whether a figure is in one of the units: 46个 labelled 非洲国家 counts 国家, as 140个国家 does. In its
    sentence (`text` at `offset`), a noun right after a bare classifier is what it counts (2400个村庄)."""
    unit, label = fig.get("unit") or "", fig.get("label") or ""
    if unit in units or len(unit) != 1:
        return unit in units
    end = fig["end"] - offset if text and "end" in fig else -1
    if 0 <= end < len(text) and _HAN.match(text[end]):
        # 2400个偏僻村庄: the classifier counts what follows it; 46个重要国际组织: an adjective may come first
        noun = following_noun(text, end, True)
        phrase = counted_phrase(text, end)
        # 20个章节 counts what 五章 does: a two-character noun that opens with the one-character unit
        return any(
            (len(u) > 1 and (noun.endswith(u) or u in phrase)) or (len(noun) == 2 and noun[0] == u)
            for u in units
        )
    return any(len(u) > 1 and label.endswith(u) for u in units)


def counted_phrase(text: str, end: int) -> str:
    """The words right after a count, to the next clause or item (100个血液透析床位: all of 血液透析床位)."""
    return re.split(r"[，,、；;。：:的和与及]", text[end : end + NOUN_REACH], maxsplit=1)[0]


def measures_only(figures: list[dict]) -> bool:
    """Every figure measures something (50兆瓦, 5年, 1.5亿元, 300万吨/年) or is a rank (第6位): none counts things."""
    return bool(figures) and all(
        f["unit"] in MEASURING_UNITS
        or "/" in f["unit"]
        or f["unit"].endswith(tuple(MONEY_UNITS))
        or f.get("kind") == "rank"
        for f in figures
    )


def _of_a_name(after: str) -> bool:
    """The text after a figure goes on 的 and a proper name (的“涅姆走廊”): the figure is that thing's."""
    if not after.startswith("的"):
        return False
    glossary = load_glossary()
    return any(at <= 2 and glossary.proper(term) for at, term in glossary.spans(after[:16]))


# "in km", or "how long is the … line": the length of a thing that runs from one place to another, not a time
_IN_LENGTH = re.compile(
    r"\bin (?:km|kilomet(?:re|er)s|miles|met(?:re|er)s)\b|\bhow long (?:is|was|will be) (?:the|that|this|its) "
    r"(?:[\w'’–-]+ ){0,6}?(?:line|railway|road|bridge|tunnel|pipeline|cable|motorway|highway|expressway|canal)s?\b",
    re.I,
)


def dimension_reason(
    question: str, lang: str, asked_units: frozenset[str], figures: list[dict], text: str = "", start: int = 0
) -> str:
    """Why the best passage's figures cannot answer: a measured dimension asked ("how much land", "每年发电多少")
    and no figure in its units, or a count of things asked ("how many solar panels", "多少名") and every figure
    a measurement (50兆瓦)."""
    # a length for "how much of the line" (not "how long"); an amount of money, not 花费32天 (the days it took)
    lengths = LENGTH_UNITS if lang == "en" and _EN_OF_A_LINE.search(question) else frozenset()
    money = (_ZH_MONEY if lang == "zh" else _EN_MONEY).search(question) and not asks_change(question, lang)
    # not "how much did the turnover share rise", "how much can they cut logistics costs", "要花多少天"
    money = (
        money and not (lang == "en" and _EN_SHARE.search(question)) and not _NOT_AN_AMOUNT.search(question)
    )
    if money and figures and not any(f["unit"].endswith(tuple(MONEY_UNITS)) for f in figures):
        return "the best passage gives no amount of money"
    asked = dimension_units(question, lang)
    units = asked & (MEASURED_UNITS | DURATION_UNITS | lengths)
    # "How long is the line?": a length, or a time ("how long is the stay"), but not 350亿千瓦时; "in km": a length
    lengths_or_times = (
        LENGTH_UNITS if lang == "en" and _IN_LENGTH.search(question) else LENGTH_UNITS | DURATION_UNITS
    )
    if asked == LENGTH_UNITS and figures and not any(f["unit"] in lengths_or_times for f in figures):
        return "the best passage gives no length"
    # "穿过长约20公里的“涅姆走廊”": the length of the name after it (`text`, from `start`), not of what is asked
    given = [f for f in figures if f["unit"] in lengths_or_times]
    if asked == LENGTH_UNITS and text and given and all(_of_a_name(text[f["end"] - start :]) for f in given):
        return "the best passage gives the length of another thing"
    # "How much did the port's container throughput fall": 下降3.75% gives the change asked, in %
    if asks_change(question, lang) and any(f["unit"] in CHANGE_UNITS for f in figures):
        units = set()
    if units and figures and not any(f["unit"] in units for f in figures):
        return f"the best passage gives nothing in {'/'.join(sorted(units))}"
    counts = asked_units - MEASURING_UNITS
    counting = lang == "zh" or _EN_COUNTING.search(question)  # not "how much debt service" (班次)
    if counting and counts and counts == asked_units and measures_only(figures):
        return f"the best passage counts nothing in {'/'.join(sorted(counts))}"
    counted = [f for f in figures if f["unit"] in counts]
    added = asks_change(question, lang) or _ASKS_ADDED.search(question)
    if counting and counted and not added and all(f.get("measure_kind") == "change" for f in counted):
        return "the best passage gives what was added, not how many there are"  # 总条目增加127条
    if (
        lang == "en"
        and counting
        and not asked_units
        and figures
        and all(f["unit"] in DURATION_UNITS for f in figures)
    ):
        return "the best passage counts nothing: each figure is a duration"  # "how many permits": 93天
    return ""


# "up" and "down" as the particle of a phrasal verb ("set up", "make up", "shut down") say nothing of a change.
_PARTICLE_VERBS = (
    r"(?<!\bset )(?<!\bsets )(?<!\bmake )(?<!\bmade )(?<!\btake )(?<!\btook )(?<!\bsign )(?<!\bsigned )"
    r"(?<!\bopen )(?<!\bopened )(?<!\bpick )(?<!\bgive )(?<!\bdraw )(?<!\bdrew )(?<!\bdrawn )(?<!\bput )"
    r"(?<!\bback )(?<!\bshut )(?<!\bbreak )(?<!\bbroken )(?<!\blay )(?<!\blaid )(?<!\bwrite )(?<!\bwritten )"
    r"(?<!\bturn )(?<!\bturned )(?<!\bhand )(?<!\bhanded )(?<!\bend )(?<!\bended )(?<!\bline )(?<!\bsum )"
)
# "up" or "down" as a change: after a form of "be" or "go" ("Was trade up?", "How far did it go down?") or before
# what it changed by ("up 5%", "down by a third"); not the particle of a phrasal verb ("set up", "hooked up")
_UP_OR_DOWN = (
    rf"\b(?:is|are|was|were|be|been|being|go|goes|went|gone|going|come|comes|came)\s+(?:[\w'-]+\s+)?{_PARTICLE_VERBS}(?:up|down)\b"
    r"|\b(?:up|down)\s+(?:by\b|from\b|\d)"
)
ASKS_CHANGE = re.compile(
    # not what it came to ("has it grown to", "increased to"): a level
    rf"\b(?:grow|grew|growth|increase|rise|rose|fall|fell|decline|change|improve|jump)(?!\w*\s+(?:to|into)\b)|{_UP_OR_DOWN}"
    r"|\bby how much\b"
    r"|\bhow (?:much|many) (?:more|less|fewer|smaller|larger|bigger|higher|lower|greater)\b",  # than another
    re.I,
)
# "How many were added?", "新增多少条": what was added or cut, a change
_ASKS_ADDED = re.compile(
    r"\b(?:add|adds|added|new|newly|more|extra|cut|reduced?|dropped|removed?|deleted?)\b|新增|增加|新设|减少|删除|缩减|增设",
    re.IGNORECASE,
)
# "下降了多少", "增长多少": a change asked in Chinese
_ZH_CHANGE = re.compile(
    r"(?:增长|增加|下降|减少|降低|上升|提高|下滑|缩减|缩小|扩大|[掉跌涨降增减])了?(?:多少|几)"
    r"|[多少]了(?:多少|几)|多出了?(?:多少|几)|多多少"  # "比上一版多了多少条": a difference
)


def gives_rate(figures: list[dict], question: str, lang: str) -> bool:
    """Whether a passage's figures give a share or rate asked (or none are given): one in % or points, and not a
    growth (较上届增长2.1%) for a share asked ("What share …", 占…比重)."""
    share = bool(_ASKS_SHARE.search(question)) and not asks_change(question, lang)
    rates = [
        f for f in figures if f["unit"] in CHANGE_UNITS and not (share and f.get("measure_kind") == "change")
    ]
    # "How much did it grow between 2013 and 2019?": the levels at both ends (从…1.04万亿美元增加到…1.34万亿美元) say it
    span = {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", question)}
    levels = {f.get("year") for f in figures if f["unit"] not in CHANGE_UNITS}
    ends = len(span) > 1 and not share and asks_change(question, lang) and {min(span), max(span)} <= levels
    return not figures or bool(rates) or ends


_ASKS_SHARE = re.compile(r"\b(?:share|proportion|percentage)\b|占|比重|比例|份额", re.IGNORECASE)


def asks_change(question: str, lang: str) -> bool:
    """Whether a question asks for a change (a growth, a fall), in English or Chinese; "How big has it grown?"
    asks the size it came to."""
    if lang == "en" and asks_size_reached(question):
        return False
    return bool((_ZH_CHANGE if lang == "zh" else ASKS_CHANGE).search(question))


_SIZE_GROWN = re.compile(r"\bhow (?:big|large)\b.*\b(?:grown|grew|become|became)\b", re.I)


def asks_size_reached(question: str) -> bool:
    """ "How big has the alliance grown?": the size it came to, not the growth nor a total."""
    return bool(_SIZE_GROWN.search(question))


# The year a change is measured against: "rise from 2019", "up on 2019", "higher than in 2019", 较2019年, 与2019年相比
# (not "from 2013 to 2020", a range)
_EN_COMPARED_WITH = r"than(?: (?:in|that of|for))?|compared (?:with|to)|relative to|(?<!\d{4} )v(?:ersu)?s\.?"
_EN_YEAR_AFTER = r"\s+(?:the\s+)?(?:end[- ](?:of\s+)?|year\s+)?((?:19|20)\d{2})\b(?!\s*(?:to|until|till|through|and)\b|\s*[-–—]\s*\d)"
_EN_AGAINST = re.compile(rf"\b(?:from|on|over|{_EN_COMPARED_WITH}){_EN_YEAR_AFTER}", re.I)
# "than in 2019": a comparison named outright, whatever the question asks of it (not "2019 vs 2020": both years)
_EN_COMPARED = re.compile(rf"\b(?:{_EN_COMPARED_WITH}){_EN_YEAR_AFTER}", re.I)
_ZH_AGAINST = re.compile(
    r"(?:比|较|相比|相较|同比)\s*((?:19|20)\d{2})\s*年|与\s*((?:19|20)\d{2})\s*年[^，。？?]{0,4}相比"
)
_EN_COMPARING = re.compile(
    r"\b(?:more|less|fewer|higher|lower|faster|slower|bigger|smaller|larger|greater)\b", re.I
)


def stated_against(text: str) -> set[int]:
    """The years a Chinese text states a change against: 2019 of 较2019年上升了1.7%."""
    return {int(next(y for y in m.groups() if y)) for m in _ZH_AGAINST.finditer(text)}


def against_years(question: str, lang: str) -> list[int]:
    """The years a question asks a change against ("How much did the share rise from 2019?": 2019): not the year
    the figure is of."""
    pattern = _ZH_AGAINST if lang == "zh" else _EN_AGAINST
    if not (asks_change(question, lang) or (lang == "en" and _EN_COMPARING.search(question))):
        pattern = _ZH_AGAINST if lang == "zh" else _EN_COMPARED
    return [int(next(y for y in m.groups() if y)) for m in pattern.finditer(question)]


# An amount of money asked: "how much did it invest", "投入多少资金"; answered in a currency, not in people.
_ZH_MONEY = re.compile(
    r"多少(?:资金|钱|金额|美?元|投资)|(?:投资|投入|花费?|耗资|出资|融资|贷款|造价)[了是]?多少"
)
_EN_SHARE = re.compile(r"\b(?:share|proportion|percentage|ratio)\b", re.I)  # "how much did the share rise"
_EN_MONEY = re.compile(
    r"\bwhat (?:did|does|do|will|would|could|might)\b.{1,80}\bcost\b"  # "What will the cable cost to build?"
    r"|\bvalue of\b|\bworth\b|\bin (?:us ?)?dollars?\b"  # "the investment value of", "the value of trade"
    r"|\bhow much\b.{0,80}\b(?:invest\w*|spen[dt]\w*|cost\w*|paid|pay\w*|fund\w*|financ\w*|lend\w*|lent|loans?|"
    r"worth|budget\w*|revenue|capital|earn\w*|raised?|money|commit\w*|donat\w*|grant\w*|contribut\w*|gave|given|pledg\w*|"
    r"debts?|bought|buy\w*|purchas\w*|sold|sell\w*|prices?|tax\w*|cash|aid|assistance|subsid\w*|deals?|"
    r"transactions?|sales|turnover|income|profits?|salar\w*|wages?|fees?|fines?|business|assets?|sunk|sink\w*|pour\w*|put (?:into|in))\b",
    re.IGNORECASE,
)
# Electricity generated or used ("每年发电多少", "how much electricity"), a plant's capacity ("装机容量多少")
_ZH_ENERGY = re.compile(r"发电量?(?:是|为|有|约|达)?多少|发多少电|电量(?:是|为|有|约|达)?多少")
_ZH_POWER = re.compile(r"装机(?:容量|规模)?(?:是|为|有|约|达)?多少")
# not a steel plant's capacity; a converter station's or a substation's is in MW too (a line's is in kWh a year)
_PLANT = r"(?:power|solar|wind|hydro\w*|photovoltaic|pv|electric\w*|converter|substation)"
_EN_POWER = re.compile(
    rf"\b(?:installed|generating|generation) capacity\b|\bcapacity\b.{{0,60}}\b{_PLANT}\b|\b{_PLANT}\b.{{0,60}}"
    r"\bcapacity\b",
    re.IGNORECASE,
)
_EN_ENERGY = re.compile(r"\bhow much (?:[a-z-]+ ){0,2}(?:electricity|power|energy)\b", re.IGNORECASE)
# Containers handled by a port or carried by trains: "集装箱吞吐量", "the container throughput", "how many TEU".
_ZH_CONTAINER = re.compile(r"集装箱(?:吞吐|运输|运)量|多少(?:万)?标(?:准)?箱")
_EN_CONTAINER = re.compile(
    r"\bcontainer (?:throughput|traffic|volume)s?\b|\bhow many (?:containers|TEUs?)\b", re.I
)
_ZH_AREA = re.compile(
    r"占地(?:面积)?(?:是|为|有|约|达)?多少|面积(?:是|为|有|约|达)?多少|多少(?:公顷|平方|亩)"
)
_EN_AREA = re.compile(
    r"\bhow (?:much|large an?|big an?) (?:land|area)\b|\b(?:land|area)\b.{0,40}\b(?:cover|occup|span)\w*|"
    r"\bhow many (?:hectares|square)"
    # "the total exhibition area": a measured area, not "the key areas of cooperation" or "new exhibition areas"
    r"|\b(?:floor|land|site|construction|building|exhibition|planted|planting|covered|gross|usable) area\b",
    re.IGNORECASE,
)


_NOT_AN_AMOUNT = re.compile(
    r"\b(?:cut|reduc\w*|lower\w*|sav\w*)\b|多少(?:天|年|个?月|小时|时间)|多久|多长", re.I
)


# "How much of the line is open?": a length of it
def asks_measure(question: str) -> bool:
    """An English question asks a length, a time or a measured quantity ("how much of the line", "how long")."""
    units = dimension_units(question, "en") & (LENGTH_UNITS | MEASURED_UNITS | DURATION_UNITS)
    return bool(units or _EN_OF_A_LINE.search(question))


_EN_OF_A_LINE = re.compile(
    r"\bhow much of (?:the|that|this|its) (?:[\w'’–-]+ ){0,3}?(?:line|railway|rail line|road|highway|motorway|route"
    r"|track)\b",
    re.I,
)


_HOW_FAR_CHANGE = re.compile(  # "how far along is …", "how far has it got": progress, not a distance
    r"\bhow far\b.{0,60}\b(?:drop|fall|fell|declin|rise|rose|risen|cut|reduc|grow|grew|increas|decreas|go down|come"
    r"|got|gotten|progress|advanc)|\bhow far along\b",
    re.I,
)


def dimension_units(question: str, lang: str) -> set[str]:
    """Units of the dimension a question asks for: 小时 or 天 for "持续了多长时间" and "how long did it last",
    公里 for "全长多长" and "how long is the railway", a currency for "投入多少资金" and "how much did it invest",
    千瓦时 for "每年发电多少" and "how much electricity", 兆瓦 for "装机容量多少" and "the plant's capacity", 公顷
    for "占地多少" and "how much land does it cover"."""
    if (_ZH_MONEY if lang == "zh" else _EN_MONEY).search(question) and not (
        lang == "en" and _EN_SHARE.search(question)
    ):
        return set(MONEY_UNITS)
    if (_ZH_POWER if lang == "zh" else _EN_POWER).search(question):
        return set(POWER_UNITS)
    if (_ZH_ENERGY if lang == "zh" else _EN_ENERGY).search(question):
        return set(ENERGY_UNITS)
    if (_ZH_AREA if lang == "zh" else _EN_AREA).search(question):
        return set(AREA_UNITS)
    if (_ZH_CONTAINER if lang == "zh" else _EN_CONTAINER).search(question):
        return set(CONTAINER_UNITS)
    if lang == "zh":
        m = ASKS_DIMENSION.search(question)
        if not m:
            return set()
        return set(LENGTH_UNITS if m.group() in ("多长", "多远") else DURATION_UNITS)
    if _EN_DURATION.search(question):
        return set(DURATION_UNITS)
    if _HOW_FAR_CHANGE.search(question):
        return set()  # "how far should carbon intensity drop": by how much, not a distance
    how_far = re.search(r"\bhow (?:long|far)\b", question, re.I) or _EN_OF_A_LINE.search(question)
    return set(LENGTH_UNITS) if how_far else set()
