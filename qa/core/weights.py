"""Every scoring weight and threshold of retrieval and answering, named, in one place.

They were set by hand on the development questions (`qa eval`); change them only with the evaluation in hand.
"""

from __future__ import annotations

# -- retrieval: weighted reciprocal-rank fusion of the dense and BM25 rankings -----------------------------
RRF_K = 10  # rewards agreement near the top
DENSE_WEIGHT = 0.5  # BM25 over jieba terms with the glossary is the stronger ranker on these reports
LEXICAL_WEIGHT = 1.0
# An English question's glossary terms (subjects, measures) were chosen for these reports; a dictionary sense is a
# guess: in BM25 a glossary term counts this many times, a dictionary sense once.
CURATED_REPEAT = 2

# -- the question's terms ----------------------------------------------------------------------------------
LEXICON_WEIGHT = 0.3  # dictionary senses of English words: they add to a match but are not required
HISTORY_WEIGHT = 0.25  # terms carried over from the conversation count, but much less
INHERITED_TOPIC_WEIGHT = 1.0  # ... fully, when the follow-up names no topic of its own ("第几届？")
ANSWER_TERM_WEIGHT = (
    0.5  # ... and, of those, the names only the last answer gave, half again (a new thing asked)
)

# -- a sentence's score as an answer -----------------------------------------------------------------------
COVERAGE = 0.6  # share of the question's weighted terms in the sentence
CONTEXT_COVERAGE = 0.4  # ... in the sentence with the one before it ("该电站" names what the one before said)
SENSES_BONUS = (
    0.15  # dictionary senses of the question's other words, which tell apart sentences that hold them all
)
HIT_RANK = 0.1  # divided by the passage's rank + 1
PLACE_BONUS = 0.08  # "在哪个城市": a sentence that names a place
STATEMENT_BONUS = (
    0.2  # "who organised …", "what does it mean": a sentence saying who (由…举办), what it means
)
NAMES_NEW_BONUS = 0.08  # "which …": a sentence that names something the question does not (its answer, maybe)
UNIT_BONUS = 0.2  # a figure in the unit the question counts in ("多少列", "how many households")
NOT_ABOUT_KEY_NAME = 0.3  # penalty: the question names something specific the sentence is not about
CAPTION_PENALTY = 0.3  # chart residue and captions are not answers
QUANTITY_BONUS = 0.1  # a quantity question and a sentence with a figure that is not a rate
PERCENT_BONUS = 0.1  # a share or rate question and a figure in % or points
DATE_BONUS = 0.08  # a date question and a sentence with a date
LIST_BONUS = 0.08  # a list question and a sentence that enumerates
COUNT_BONUS = 0.2  # "what three reasons": a passage that enumerates three things (一是…二是…三是…)
LABEL_WORD_BONUS = 0.05  # per asked word in a figure's label, at most LABEL_WORDS of them
LABEL_WORDS = 3
HEADING_PENALTY = 0.2  # a heading or caption names a topic; it does not answer
YEAR_BONUS = 0.12  # the sentence speaks of the asked year
OTHER_YEAR_PENALTY = 0.25  # the sentence speaks of years, none of them the asked one
ANSWERED_BEFORE_BONUS = (
    0.25  # a follow-up naming no topic or year of its own, and a sentence holding a figure
)
# the last answer stated
EDITION_BONUS = 0.12  # the sentence names the edition the question asks about (第三次…座谈会, 第三届…)
OTHER_EDITION_PENALTY = 0.25  # it names editions, none of them the asked one (as a year not asked)

# -- which sentences are quoted --------------------------------------------------------------------------
RELATED = 0.7  # extra sentences must score this share of the best one
MAX_QUOTES = 3
ALTERNATIVES = 5  # how many of the best sentences may stand in for the first when it misses the question
FAR_ALTERNATIVES, FAR_RELATED = 12, 0.6  # ... and how far down when it misses the date or the thing counted
SAME_PASSAGE_RELATED = 0.5  # ... and, of the best one's own passage, when it misses the kind of thing asked
COUNTING_COVERED = (
    0.9  # ... and one counting the thing asked, when the best speaks of none, at this share of its coverage
)
PART_COVERED = 0.8  # a later part of the question counts as answered by the chosen sentences at this coverage
PART_ANSWER = 0.6  # a sentence answers a later part at this coverage
PART_FIGURE_BONUS = 0.1  # ... a sentence with a figure counts this much more

# -- abstention ------------------------------------------------------------------------------------------
PARAGRAPH_REACH = 400  # characters before a sentence read for the name its paragraph began with
MIN_COVERAGE = 0.35  # below this, the best sentence shares too little of the question to be an answer
SPECIFIC_SHARE = 0.2  # a name in more than this share of the passages is too common to decide aboutness
RARE_SHARE = 0.02  # a glossary term in no more than this share of passages is a name the answer must be about
KEY_ENTITY_SHARE = (
    0.01  # a rare glossary term (at most this share of passages, or 3) the answer should be about
)

# -- which figure an English answer states first (qa/answer/figure_choice.py) ------------------------------
FIG_UNIT = 3.0  # the figure is in a unit the question counts in
FIG_WORD = 1.5  # per word of the question in the figure's English label, unit or following noun
FIG_ENTITY = 1.0  # the figure's label holds a term the question names
FIG_AVERAGE = 1.0  # an average (平均水平) the question does not ask for: what the asked value is set against
FIG_ENTITY_QUOTE = 0.5  # ... or, less, the figure's sentence does
FIG_MEASURE = (
    3.0  # the figure's label is the measure the question asks for (综合重箱率: "loaded container rate")
)
FIG_NOUN = 1.0  # per word of what "how many …" counts in the figure's words, on top of FIG_WORD
FIG_WORD_FORM = 0.2  # per other word of the question found only as Chinese in the label: breaks a tie (海外)
FIG_NOUN_FORM = 2.0  # per word of what is counted not in a figure's English words but its Chinese form in the
# figure's label or following noun (animal: 动物 in 13处动物救护站)
FIG_GIVEN = (
    3.0  # penalty: the question states this number itself ("the 50 MW plant"): it is not what is asked
)
FIG_PART = (
    2.0  # the figure's label names the asked part of its measure (出口), and this much less for the whole
)
FIG_YEAR = 1.0  # the figure holds for the asked year (and this much less when it holds for another)
FIG_MONEY_FOR_COUNT = 2.0  # penalty: "how many workers" is not answered by an amount of money
FIG_PERCENT = 2.0  # a rate question and a figure in % (this much for it, FIG_NOT_PERCENT against another)
FIG_NOT_PERCENT = 3.0
FIG_UNASKED_PERCENT = 1.5  # penalty: "how many" asks for a level, not a share
FIG_CHANGE_MISMATCH = 1.5  # penalty: a level for "how much did it grow", a change for "how many"
FIG_NEW = 1.0  # penalty: new ones (新设3个) for what there is ("how many … did it have"), or the reverse
FIG_RANGE_START = 0.5  # penalty: the "from" value of 由A增至B, when the question does not ask for its time
FIG_COMPARED = 4.0  # "how much faster than …": a figure stated as a difference (较…高出2.7个百分点)
FIG_PERIOD = 1.0  # a total over a period asked: the figure totalled over one (累计, 总计)
FIG_YEARLY = (
    3.0  # penalty: a yearly amount (每年, 年均) for a total asked ("so far", 累计): per year is another unit
)
FIG_RELATED = 2.0  # a further figure scoring below this shares nothing with the question but its year
FIG_PER_PART = (
    4  # the asked figure and at most three that measure the same thing (its change, a second count)
)
REFERENCE_SPAN = 25  # characters at a sentence's start where "该…", "其…" point back to the sentence before
# A date dates its own clause: a clause boundary between it and a word of the question counts as this many characters.
CLAUSE_APART = 20
