"""What an English question asks for: the noun it counts or measures ("Chinese students" in "How many Chinese
students …", "net profit" in "What was the AIIB's net profit …"), and whether that noun is a measured amount."""

from __future__ import annotations

import re

from qa.text.glossary import load_glossary

_HOW_MANY = re.compile(
    r"\b(?:how (?:many|much)|what (?:number|amount) of) ((?:[\w'-]+ ?){1,8})", re.IGNORECASE
)
_HOW_MANY_COUNT = re.compile(r"\bhow many\b", re.IGNORECASE)
# Where the counted noun ends: an auxiliary, a preposition or a verb ("trains ran through …").
_NOUN_ENDS = frozenset(
    "did does do was were is are has have had will would can could in of for by at from to with between during "
    "through on than now then today currently back ago again earlier altogether overall that this each every per a an "
    "so vs versus after before since until till over across among under within following".split()
)


_WHAT_OF = re.compile(
    r"\b(?:what|who|which) (?:is|was|are|were) the ((?:[\w'-]+ ){0,3}?[\w'-]+) (?:of|in|for|on|at)\b",
    re.IGNORECASE,
)


_MEASURE_HEADS = frozenset("value amount number volume total size scale level sum".split())
# "What was the AIIB's net profit in 2020?": what is asked follows the possessive.
_WHAT_POSS = re.compile(
    r"\b(?:what|which) (?:is|was|are|were) (?:the )?(?:[\w-]+ ){0,4}?[\w-]+['’]s? "
    r"((?:[\w'-]+ ){0,3}?[\w'-]+)(?= (?:of|in|for|on|at|with|by|between|to|from)\b|\s*[?？.]?$)",
    re.IGNORECASE,
)
# "What was their investment stock?", "What is the turnover in 2020?": the noun after a determiner, to the end or a
# preposition (only an amount makes the question ask for a figure).
_WHAT_DET = re.compile(
    r"^(?:what|which) (?:is|was|are|were) (?:the|its|their) ((?:[\w'-]+ ){0,3}?[\w'-]+)"
    r"(?= (?:in|for|on|at|with|by|between|since|as of)\b|\s*[?？.]?$)",
    re.IGNORECASE,
)
_OF_WHAT = re.compile(r" of (?:the )?((?:[\w'-]+ ?){1,8})", re.IGNORECASE)
# "How much did the hospital cost?", "What will the cable cost to build?", "How much is the project costing?"
_COST = re.compile(
    r"\bhow much (?:did|does|do|will|would|has|have|had|is|was|are|were) .+ (cost|spend|pay)(?:ing)?\b"
    r"|\bwhat (?:did|does|do|will|would|could|might) .+ (cost|spend|pay)\b(?!.*\bper\b)",  # not a price per kWh
    re.IGNORECASE,
)


# "How much did China invest in it?": an amount invested, which a passage must say is one (投资), not any money it gives
_INVESTED = re.compile(
    r"\bhow much (?:did|does|do|will|would|has|have|had|is|was|are|were) .+ invest(?:ed|ing)?\b",
    re.IGNORECASE,
)


def invested(question: str) -> str:
    """ "investment" when the question asks how much was invested, else ""."""
    return "investment" if _INVESTED.search(question) else ""


# "How much smaller …", "how many more …": the question asks a difference, not a thing of that name.
_COMPARATIVES = frozenset("more less fewer smaller larger bigger higher lower greater".split())


_VERBS = frozenset(
    """ran run runs set sets made make makes grew grow grows went go goes got get gets built build builds took take
    takes saw see sees came come comes work works live lives operate operates attend attends join joins visit
    visits study studies remain remains exist exists participate participates benefit benefits travel travels
    receive receives use uses""".split()
)


def names_what_it_counts(question: str) -> bool:
    """ "How many X", "what is the X of", "how much did it cost": an answer must name X. Not "how much power":
    an amount is named by its unit (千瓦时) as often as by a word for it."""
    return bool(_HOW_MANY_COUNT.search(question) or _WHAT_OF.search(question) or _COST.search(question))


# Units a "how many" question counts in before naming what they measure: "how many years of losses".
_MEASURE_UNITS = frozenset(
    "years months weeks days hours minutes tonnes tons hectares kilometres kilometers km metres meters times".split()
)


# "And observers?", "What about the observers?": a follow-up that asks the last question of another thing.
_AND_WHAT = re.compile(
    r"^(?:and|what about|how about)\s+(?:(?:the|its|their)\s+)?(?!(?:in|on|at|by|for|from|of|to|with|during|since|among|amongst|between|under|within|outside)\b|\d)"
    r"([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3})\s*[?？]?$",
    re.IGNORECASE,
)


def asked_noun(question: str) -> str:
    """What an English question asks for: "Chinese students" in "How many Chinese students were …",
    "population" in "What is the population of …"."""
    cost = _COST.search(question)
    if cost:
        return (cost.group(1) or cost.group(2)).lower()  # "How much did the hospital cost?" asks for its cost
    m = _HOW_MANY.search(question) or _WHAT_OF.search(question) or _WHAT_POSS.search(question)
    m = m or _AND_WHAT.match(question) or _WHAT_DET.match(question)
    if m and m.re is _WHAT_OF and m.group(1).lower().split()[-1] in _MEASURE_HEADS:
        # "the (total) value of intended deals": a measure word; what is measured follows "of"
        m = _OF_WHAT.match(question, m.end(1)) or m
    words: list[str] = []
    said = m.group(1).split() if m else []
    if m and m.re is _HOW_MANY and said and said[0].lower() in _COMPARATIVES:
        said = said[1:]  # "how much smaller is it", "how many more trains": a difference, of what follows
    for word in said:
        if re.search(r"\w['’]s$", word):
            words = []  # "the AIIB's net profit": what is asked follows the possessive
            continue
        word = word.strip("'\"‘’“”")  # "the 'eight major initiatives' of": the words, not the quote marks
        if word.lower() == "of" and len(words) == 1 and words[0].lower() in _MEASURE_UNITS:
            words.append(word)  # "years of losses", "tonnes of grain": the unit, then what it measures
            continue
        if word.lower() in _VERBS | _NOUN_ENDS or (
            word.endswith("ed") and len(word) > 4 and words and "-" not in word
        ):
            break  # "people attended …": the noun ends where a verb begins ("dedicated lines" begins with one)
        if (
            words
            and _plural(words[-1])
            and words[-1].lower() not in _PLURAL_MODIFIERS
            and word.islower()
            and not _plural(word)
            and word not in ("and", "or")
        ):
            break  # "universities belong to …": a plural head, then a word that is no plural noun (a verb)
        if word:
            words.append(word)
    if len(words) == 1 and words[0].endswith("ed"):
        return ""  # "how much signed vs disbursed": a verb, what is asked is an amount
    return " ".join(words)


_IRREGULAR_PLURALS = frozenset("people children staff personnel".split())
_PLURAL_MODIFIERS = frozenset("goods services".split())  # "goods trade", "services exports": a noun goes on


def _plural(word: str) -> bool:
    """A plural noun by its form: "universities", "trips", "people"; not "business", "status", "analysis"."""
    low = word.lower()
    return low in _IRREGULAR_PLURALS or (
        len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
    )


# The endings of the reports' measured amounts: …额 (amount), …量 (volume), …价/价格 (price), …费 (fee), 成本 (cost).
AMOUNT_ENDS = ("额", "量", "价", "价格", "费", "成本")


def names_an_amount(noun: str) -> bool:
    """Whether an English noun is a measured amount the reports write as …额 or …量 (turnover: 营业额, direct
    investment: 直接投资额, output: 产量), so "what was the turnover" asks for a figure."""
    words = noun.lower().split()
    for phrase in (" ".join(words), " ".join(words[-2:]), words[-1] if words else ""):
        glossary = load_glossary()
        # 货物贸易额 beside 货物贸易 ("goods trade"): the reports measure it as an amount
        if phrase and any(
            len(t) > 1 and (t.endswith(AMOUNT_ENDS) or f"{t}额" in glossary.renderings)
            for t in glossary.expand_english(phrase)
        ):
            return True
    return False
