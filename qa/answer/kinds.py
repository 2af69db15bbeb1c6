"""What kind of answer a question asks: a quantity, a percentage, a date, a place, a list, a reason, yes or no;
and whether it asks a total over a period."""

from __future__ import annotations

import re

from qa.answer.dimension import asks_size_reached
from qa.text.word_forms import used_as_verb

_ZH_KINDS = (
    (
        "percentage",
        r"比重|占比|百分之|百分点|增速|增幅|比例|份额|增长.{0,3}多少|提高.{0,3}多少|率.{0,2}多少"
        r"|(?<!地)占(?!地)[^，,。？?]{0,6}多少",  # "沿线国家的占多少？": a share (not 占地多少, an area)
    ),
    (
        "quantity",
        r"多少|(?<![第哪])几[个家项份条列次道天步周年种名位批届座所]|多大|多高|多长|多久|多远|规模|总额|金额|数量|产能|达到",
    ),
    # not 那段时间, a time the question speaks of
    ("date", r"什么时候|何时|哪天|哪一天|哪一年|哪年|哪个月|日期|(?<![这那]段)时间|几月|哪月|几号"),
    ("reason", r"为什么|为何|原因|(?<!项)目的|意义"),  # not the 目的 of 项目的
    ("place", r"哪里|哪儿|何地|在哪(?![些个一]|方面)|哪个国家|哪个城市|哪个地区"),  # not 在哪些方面
    ("list", r"哪些|哪几|有哪|列举"),
    ("yesno", r"是否|吗[？?]?$|有没有|是不是"),
)
_GROWS = (
    r".{0,80}\b(?:grow|grew|grown|growing|rise|rose|risen|rising|increas|expand|climb)"  # "how fast … grow"
)
_AUX = "(?:did|does|do|was|is|are|were|has|have|had|will|can|could|would)"
_EN_KINDS = (
    (
        "percentage",
        r"\bpercent|\bshare\b|\bproportion|\bgrowth rate|\bpercentage|\bratio\b"
        rf"|\bhow fast\b(?={_GROWS})"
        r"|\bwhat (?:was|is|were|are) the (?:[\w'-]+ ){0,5}rates?\b"  # "the localisation rate", "the loaded-container rate"
        r"|\b(?:what|which) (?:[\w'-]+ ){0,2}rates?\b"  # "what interest rate does it charge", "at what rate"
        r"|\bhow much\b.{0,80}\b(?:grow|grew|growth)\b"  # "how much did it grow": by a rate, or points
        r"|\bwhat\b.{0,30}\b(?:forecast|expect|predict|project)\w*\b.{0,40}\bgrowth\b"  # "what did the IMF forecast for growth"
        r"|\bhow far\b.{0,60}\b(?:drop|fall|fell|declin|cut|reduc|(?:come|go) down)"  # "how far should it drop"
        r"|\bwhat\b.{0,80}\b(?:grow|rise|increase|fall|decline|drop)\s+by\b"  # "what … expect it to grow by"
        # "what growth in world trade does the WTO expect", "what was the average annual growth of …"
        r"|\bwhat (?:was |is |were |are )?(?:the )?(?:[\w-]+ ){0,2}growth\b"
        r"(?!\s+(?!(?:of|in|for|from|by|over|between|since|during|until|through|rate|did|does|do|was|is|were|are|will"
        r"|has|have)\b)[a-z])",
    ),
    (
        "quantity",
        r"\bhow (?:many|much|large|big|long|far|high|widely)\b"
        rf"|\bhow fast\b(?!{_GROWS})"  # "how fast can you get a permit": how long it takes
        r"|\bwhat (?:was|is|were|are) the (?:[\w-]+ )?(?:value|number|amount|volume|total|size|scale|turnout|attendance)\b"
        # "what was China's cross-border e-commerce import and export value": the measure word after its noun phrase
        r"|\bwhat (?:was|is|were|are) (?:the |[\w-]+['’]s )?(?:(?!(?:of|in|for|to|by|with|on|at|from)\b)[\w-]+ ){1,6}"
        r"(?:value|amount|volume)\b"
        r"|\bwhat (?:number|amount) of\b"  # "What number of trains ran in 2020?"
        # "What is the OECD high-income average?", "the … average for getting electricity" (not "average growth")
        r"|\bwhat (?:was|is|were|are) the (?:[\w-]+ ){0,5}averages?\b(?=\s*(?:[?？,.]|$|for\b|in\b|of\b))"
        r"|\bamount(?:s|ed)? to\b|\bc[oa]me to\b|\bwhat (?:did|does|do|will|would|could|might)\b.{1,80}\b(?:cost|pay|spend)\b(?!.*\bper\b)"  # "what did its investment amount to", "… come to"
        # "How did the ranking change from 2018 to 2020?": a change is told by the figures at both ends
        r"|\bhow did\b.{1,80}\b(?:change|rise|fall|grow|increase|decrease|drop|climb|improve|move)\b"
        # "How did its trade with FTA partners do in 2020?": how it fared, told by its figures
        r"|\bhow did\b.{1,80}\b(?:do|perform|fare)\b(?=\s*(?:in|during|over|since|last|this|[?？]|$))",
    ),
    # "When …", or after a clause or a topic: "According to the brief, when did …", "…, and when was it held",
    # "Karot hydro - when was …" (not "… grew when demand rose")
    (
        "date",
        r"^(?:(?:and|so|but|then|ok|okay|well),? )?(?:since |until |till |from )?when\b"  # "Since when has it …?"
        r"|(?:,\s*|\band |\s[-–—]\s*|:\s*)(?:since |until )?when (?:did|was|were|is|are|do|does|will|has|have)\b"
        r"|\bwhat date\b"
        r"|\b(?:which|what) (?:year|month|day)\b|\bon what day\b"
        # "… measures - when effective and how many articles", "the plan, when signed?": "when" and a participle alone
        r"|(?:,\s*|\band |\s[-–—]\s*|:\s*)when (?:[a-z]+(?:ed|en|ive)|held|built|begun|set up)\s*(?:[?？,]|\band\b|$)"
        r"|\bwhen\s*[?？]\s*$"
        r"|\b(?:start|starting|opening|completion|founding|launch|target) (?:year|date)\b",  # "the bridge's start year"
    ),
    # "What is it for?", "what was the fund set up for?": a purpose
    (
        "reason",
        r"^why\b|\bwhat (?:is|was) the reason\b|\bpurpose\b|^(?:and )?what (?:is|was|are|were) [\w' -]{1,40} for\??$",
    ),
    (
        "place",  # "Where …", "and where is it …", "…, where did it …"
        r"^(?:(?:and|so|but|then|ok|okay|well),? )?where\b|\bwhich (?:country|city|region|place)\b"
        r"|(?:,\s*|\band |\s[-–—]\s*|:\s*)where (?:did|was|were|is|are|do|does|will|has|have)\b(?! \w+ rank)",
    ),
    # "Which countries …" asks for several; "which award did … win", "which minister spoke" for one (singular).
    (
        "list",
        rf"\bwhich\b(?! (?:(?!{_AUX}\b)[a-z'-]+ )?(?!{_AUX}\b)[a-z'-]*[a-rt-z] (?:{_AUX}"
        r"|[a-z]+ed|said|spoke|made|gave|took|won|became|led|held|built|set|came|went|met)\b)"
        r"(?! [a-z'-]*[a-rt-z]\s*(?:[?？.,;]|$))"  # "…, and at which event?": one, at the end
        r"|\bwhat (?:\w+ )?(?:countries|projects|companies|areas|fields)\b"
        # "List the countries", "can you list them", not "on the list of producers" nor "did the negative list have"
        r"|^list\b(?! of\b)|\blist (?:the|all|some|them|those|these|its|their)\b"
        r"|^(?:and )?what (?:are|were) (?:they|these|those|them)\b"  # "What are they?": the things counted
        r"|^(?:name|give (?:some |a few )?examples)\b",  # "Name some of the …", "Give examples of …"
    ),
    ("yesno", r"^(?:is|are|was|were|did|does|do|has|have|can|will)\b"),
)


def question_kinds(question: str, lang: str) -> list[str]:
    """Everything asked, most specific first: quantity, percentage, date, place, list, reason, yesno."""
    table = _ZH_KINDS if lang == "zh" else _EN_KINDS
    text = _shares_as_verbs(question.strip()).lower() if lang == "en" else question.strip()
    kinds = [kind for kind, pattern in table if re.search(pattern, text)]
    if "date" in kinds and _ASKS_WHEN.search(text) and not _ASKS_AMOUNT.search(text):
        # "可再生能源投资占比什么时候超过化石能源？": when, of a share it names; no figure is asked
        kinds = ["date", *(k for k in kinds if k != "date")]
    if lang == "en" and not kinds and not _ASKING.search(text) and _WHEN_OF.search(text):
        # "China GDP growth in 2020?", "3rd CIIE - total intended deals and growth?"
        kinds = [
            k for k, words in (("quantity", _TERSE_AMOUNT), ("percentage", _TERSE_RATE)) if words.search(text)
        ]
    return kinds


# A question put as a noun phrase, no question word in it: "China GDP growth in 2020?", "ASEAN trade volume 2019?"
_ASKING = re.compile(
    r"\b(?:what|which|who|whom|whose|where|when|why|how)\b|^(?:is|are|was|were|did|does|do|has|have|can)\b"
)
# a year, an edition, or a span of years ("over the eight years", "cumulative")
_WHEN_OF = re.compile(r"\b(?:(?:19|20)\d{2}|\d{1,3}(?:st|nd|rd|th)|years|cumulative(?:ly)?)\b")
_TERSE_RATE = re.compile(r"\b(?:growth|share)\b")
_TERSE_AMOUNT = re.compile(
    r"\b(?:exports|imports|trade|value|number|amount|total|turnover|output|deals|investment|sales|revenue)\b"
)


_ASKS_WHEN = re.compile(r"什么时候|何时|哪一?年|哪一?天|^when\b")
_ASKS_AMOUNT = re.compile(
    r"多少|几|多[大高长久远]|\bhow (?:many|much|large|big|long|far|high)\b|\bwhat (?:share|percentage)\b"
)


def _shares_as_verbs(question: str) -> str:
    """ "What did China share with the world": a verb, not a share asked for (the share of, what share)."""
    words = question.split()
    return " ".join(
        "shared" if w.lower() == "share" and used_as_verb(words, i) else w for i, w in enumerate(words)
    )


# a total over a period asked (累计, "so far", "over the seven years to 2019"), not one year's value
_OVER_PERIOD = re.compile(
    r"累计|以来|至今|总共|一共|共计|\d{4}\s*年?\s*[—\-–~至到]\s*\d{4}|(?<!\d)\d{1,2}\s*年间|[一二三四五六七八九十]+年(?:间|来)"
    r"|\b(?:since|so far|in total|cumulative(?:ly)?|altogether|to date|from \d{4} to|between \d{4} and)\b"
    # "over the seven years to 2019", "in the past five years"; a follow-up's "over that period"
    r"|\b(?:over|in|during|across|within) (?:the )?(?:past |last |first |previous )?"
    r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) years\b"
    r"|\b(?:over|during|in|across|throughout) (?:that|this|the same|the whole) (?:period|time)\b",
    re.IGNORECASE,
)


def asks_over_period(question: str) -> bool:
    """Whether a question asks for a total over a period rather than the value of one year (or the size reached)."""
    return bool(_OVER_PERIOD.search(question)) and not asks_size_reached(question)
