"""The question analysed once, into a `Query`: language, what is asked, years, entities, the asked noun and
units, its parts, and follow-up context from history. Retrieval and every answer step read the `Query`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answer.asked_en import AMOUNT_ENDS, asked_noun, names_an_amount, names_what_it_counts
from qa.answer.asks_for import statement_asked
from qa.answer.dimension import ASKS_DIMENSION, against_years, dimension_units
from qa.answer.each_named import parts_per_name
from qa.answer.earlier import EARLIER
from qa.answer.editions import edition_asked_again, edition_before, question_editions, years_asked
from qa.answer.focus import answer_type, asked_units, counted_noun, en_focus, items_asked, zh_focus
from qa.answer.followup import (
    asked_again_at,
    asks_again_of,
    counted_only,
    fragment,
    measure_only,
    named_by_common_word,
    names_amounts,
    names_only_its_kind,
    no_noun_left,
    quotes_last_answer,
    retimed,
    subjectless,
    swapped,
)
from qa.answer.kinds import asks_over_period, question_kinds
from qa.answer.named_one import named_one
from qa.answer.query import QUESTION_WORDS, Query, asking_word, measure_verb, question_parts, said_in
from qa.answer.requests import as_question, new_topic
from qa.answer.years import YEAR as _YEAR
from qa.answer.years import find_years, relative_years
from qa.text.glossary import load_glossary
from qa.text.language import detect_language
from qa.text.lexicon import STOPWORDS, en_terms, stem
from qa.text.tokenize import search_tokens

FOLLOWUP_HINTS = re.compile(
    r"^(?:那|那么|还有|此外|它|他|她|这|该|其|占(?![比地]))|呢[？?]?$|这[份个项次些]|那[份个项次些]|它|其中"
    r"|^[和与跟同][^，,]{1,12}(?:什么时候|何时|哪|多少|几)"  # "和柬埔寨什么时候签的？": with whom, of the last
    r"|^(?:and|what about|how about|and what|also)\b"
    # "From how many countries?", "With how many countries and regions?": a preposition and what is asked only
    r"|^(?:from|in|for|by|with|of|to|at|on) (?:how (?:many|much)|what|which)(?: [\w-]+){0,3}\s*[?？]?$"
    r"|\b(?:it|its|they|their|them|that|those|these|there|this|he|she|his|her|ones)\b"
    r"|\bwhich one\b|\bthe (?:new |first |last |latest )?one\b(?![- ]china)"  # "Which one was new in 2020?"
    r"|\b(?:alone|by itself|on its own)\b|单独|单是|光是",  # "2020 alone - how much?": a part of what was asked
    re.IGNORECASE,
)
_DEFINITE = re.compile(r"\bthe\b", re.IGNORECASE)
# Words that name a place by pointing back at one named before: "the place", "locally".
POINTING_BACK = frozenset("当地 本地 该地 所在地".split())
_TIME_WORDS = frozenset(
    {"end", "start", "begin", "half", "first", "second", "earli", "late", "month", "quarter", "back"}
    | {"截至", "截止", "年底", "年末", "年初", "月底", "月末", "上半年", "下半年", "全年"}
    | set("january february march april may june july august september october november december".split())
)
# Words for "what was asked" of another time or edition ("那2018年的数据呢", "what were the numbers at the 129th?")
_SAME_MEASURE = frozenset("number figure data 数据 数字".split())
EN_FILLER = frozenset(
    "what which when where how many much does did have has that this with from were was their there they about "
    "year years according report reports brief piece think tank china chinese countries country name".split()
)


def find_entities(text: str) -> list[str]:
    """Glossary terms in a text: Chinese terms found as written, or the Chinese for English terms."""
    glossary = load_glossary()
    if detect_language(text) == "en":
        return en_terms(text)
    found = glossary.chinese_terms(text) + glossary.acronym_terms(text)  # IMF预计…: 国际货币基金组织
    # Keep the longest terms: 中欧班列 makes 班列 redundant.
    return [t for t in found if not any(t != o and t in o for o in found)]


def topic_words(question: str, lang: str) -> set[str]:
    """What a question is about: its content words, without question words, years and numbers."""
    if lang == "zh":
        return {
            t
            for t in search_tokens(question, parts=False)
            if len(t) >= 2
            and t not in QUESTION_WORDS
            and not re.search(r"\d", t)
            and asking_word(t) is None
            and not ASKS_DIMENSION.fullmatch(t)  # 多久, 多长: asking words
        }
    words = {w for w in re.findall(r"[a-z]{3,}", question.lower())} - EN_FILLER - STOPWORDS
    return {stem(w) for w in words}


def analyze(question: str, history: Sequence[dict] = (), top_k: int = 5) -> Query:
    """Analyse a question once (a request as the question it asks); with history, carry the earlier turns' topic
    into the retrieval query, unless the question says it starts another topic."""
    history = () if new_topic(question) else history
    question = named_one(question, history)  # "the Beijing one": the Beijing pilot free trade zone
    query = _what_is_asked(_in_context(as_question(question), history))
    query.history, query.top_k = list(history), top_k
    return query


def _what_is_asked(query: Query) -> Query:
    """Fill in the parts, asked noun, units and focus of an analysed question."""
    asked = query.asked
    query.parts = parts_per_name(asked) or question_parts(asked)
    first = query.parts[0] if query.parts else asked
    if query.lang == "en":
        query.asked_noun = asked_noun(first)
        query.counts_named = names_what_it_counts(first)
        query.focus = en_focus(first)
    else:
        query.counted = counted_noun(asked)
        query.focus = zh_focus(query.question) or measure_verb(query.question)  # 成交了多少: 成交
    # "the bridge's construction start year" asks a date, not a number of years
    noun = "" if query.kind == "date" else query.asked_noun
    query.asked_units = frozenset(asked_units(asked, query.lang, noun))
    for part in query.parts[1:] if query.lang == "en" else ():  # "When was it signed and how many years …?"
        if "date" not in question_kinds(part, "en"):
            query.asked_units |= asked_units(part, "en", asked_noun(part))
    if query.kind == "fact" and dimension_units(asked, query.lang):  # "what is the target for the capacity …"
        query.kind, query.kinds = "quantity", ["quantity", *query.kinds]
    if query.kind == "fact" and query.lang == "en" and names_an_amount(query.asked_noun):
        query.kind, query.kinds = "quantity", ["quantity", *query.kinds]  # "what was the turnover of …"
    # a figure answers a quantity or share: "What proportion of …" names no kind of thing a sentence must name
    counted = query.kind in ("quantity", "percentage")
    query.answer_type = "" if counted else answer_type(first, query.lang)
    query.asks_for = statement_asked(first)
    query.items_asked = items_asked(asked, query.lang)
    return query


TOPIC_TURNS = 4  # how many questions back a follow-up's topic is looked for


def _in_context(question: str, history: Sequence[dict]) -> Query:
    """Language, kinds, years and entities; a follow-up also gets its topic from the earlier turns."""
    lang = detect_language(question)
    against = against_years(question, lang)  # "rise from 2019": what the change is against, not its year
    years = [y for y in find_years(question) if y not in against] or relative_years(question)
    entities = find_entities(question)
    kinds = question_kinds(question, lang)
    dense = question if lang == "zh" or not entities else f"{question} ({' '.join(entities[:6])})"
    query = Query(question, lang, kinds[0] if kinds else "fact", kinds, years, entities, dense_text=dense)
    query.edition, query.against = next(iter(question_editions(question)), None), against
    query.over_period = asks_over_period(question)
    valid = [said_in(t) for t in history if isinstance(t, dict) and isinstance(t.get("content"), str)]
    if not (turns := valid[-4:]):
        return query
    users = [t["content"] for t in turns if t.get("role") == "user"]
    previous = users[-1] if users else ""
    # "那2018年呢？" then "2020年呢？": the last question naming a topic is asked again, a few back if need be
    earlier = [t["content"] for t in valid if t.get("role") == "user"][-TOPIC_TURNS:]
    topical = next((u for u in reversed(earlier) if find_entities(u)), previous)
    # "意向成交额呢？" named a measure only: what it was of, a question before named; a name (加里萨) before 企业
    subject = next((u for u in reversed(earlier) if _names_subject(u, True)), None)
    subject = subject or next((u for u in reversed(earlier) if _names_subject(u)), topical)
    # "what was the theme, and how many countries …?": short when each of its parts is
    short = all(len(p) <= (16 if lang == "zh" else 60) for p in question_parts(question) or [question])
    # A question that names a topic of its own (words the last question did not use) starts a new topic,
    # unless it points back ("那…呢", "its"): then the history says nothing about what to retrieve.
    prior, years, plain = years_asked(question, years, users, lang, find_years)  # "And the year before?"
    query.years, own = years, topic_words(plain, lang)
    # "2022年呢？", "And by the end of 2021?", "那2018年的数据呢？"
    time_only = bool(years) and not entities and (own - _SAME_MEASURE if lang == "zh" else own) <= _TIME_WORDS
    # "同比增长多少？": only measure words (no subject, no year) asks of what was named before; "为当地创造了多少就业
    # 岗位？": "the place" (当地) points back too; with it, the question names no subject.
    measures = [e for e in entities if load_glossary().is_measure(e)]
    pointing = [e for e in entities if e in POINTING_BACK]
    elliptical = (
        len(entities) == len(measures) + len(pointing)
        and bool(measures)
        and not years
        and all(any(w in m for m in measures + pointing) for w in own if w in entities or not pointing)
    )
    # "有多少个国家的青年参加？" after the youth forum: a word of the last question and no name of its own
    glossary = load_glossary()
    named = [e for e in entities if (glossary.to_english(e) or "a")[:1].isupper()]
    # 一共多少份文件 after "… cooperation documents?" and "And Oceania?": the Chinese terms of the questions before
    before = topic_words(previous, lang)
    if lang == "zh" and previous and detect_language(previous) == "en":
        before = topic_words(" ".join(e for u in earlier for e in find_entities(u)), lang)
    shared = short and bool(own & before) and not named and not years
    # "How many tonnes?" after an answer that gave tonnes: what it asks, the last answer stated (names included:
    # "What is the East Asia and Pacific average?" after an answer that gave it beside the asked figure)
    last = next((t["content"] for t in turns[-1:] if t.get("role") != "user"), "")
    restated = short and bool(own) and own <= topic_words(last, lang) and not years
    restated = restated and all(any(e in said for said in find_entities(last)) for e in named)
    # "What did Xi stress?" after "Who chaired it?" was answered Xi: it names only whom the last answer gave
    given = short and not years and bool(named) and entities == named
    given = given and not set(named) & set(find_entities(previous))
    given = given and all(any(e in said for said in find_entities(last)) for e in named)
    # "the" thing named by a common word only ("When is the expansion expected to be finished?", "Who organised the
    # training course?"), or no term of the reports and hardly a word besides what is counted ("How many pupils
    # benefited?", "How many companies took part?"): the conversation named it.
    noun = asked_noun(question) if lang == "en" else ""
    beyond = own - topic_words(noun, lang) - _TIME_WORDS  # the words besides what is counted and when
    definite = bool(_DEFINITE.search(question))
    unnamed = (
        lang == "en"
        and short
        and (not years or not entities)  # "Which two countries signed in January 2021?": nothing of its own
        and ((definite and not named) or (not named and len(beyond) <= 2))
    )
    # "How many international organisations?", "How many in Kenya?": a count of the conversation's subject
    bare = (
        lang == "en"
        and short
        and ((not years and bool(own) and not beyond) or (bool(_HOW_MANY.match(question)) and not noun))
    )
    nounless = lang == "zh" and short and not entities and not years and no_noun_left(question)
    measured = short and not years and measure_only(own)  # "时长多久？", "占地面积有多大？": of the subject
    if lang == "zh" and short and not years and not named:  # "项目总投资多少钱" after …太阳能独立发电项目
        measured |= named_by_common_word(own, topic_words(" ".join([*earlier, last]), lang))
    query.followup = (
        bool(FOLLOWUP_HINTS.search(question))
        or bare
        or measured
        or unnamed
        or not own
        or time_only  # "2019年底的时候有多少个？": another time of what was asked
        or (lang == "zh" and short and not named and not years and len(own) == 1)  # "网上看的人有多少？"
        or own <= topic_words(previous, lang)
        or elliptical
        or (short and bool(pointing) and not named)  # "当地老百姓电价降了多少？": the place named before
        or shared
        or restated
        or given
        or (lang == "zh" and short and subjectless(question) and counted_only(question, named))
        or (short and not entities and not years)  # nothing of its own to ask about (nounless too)
        # "多少企业参展？" after "第127届广交会哪天开幕的": of that edition, when it names no name of its own
        or (lang == "zh" and short and not named and not years and bool(question_editions(topical)))
        or (lang == "en" and fragment(question))
        or quotes_last_answer(question, turns)
        # "How many beds, and how many were converted …?": each part a follow-up
        or (
            len(parts := question_parts(question)) > 1
            and all(_in_context(p, history).followup for p in parts)
        )
    )
    if not query.followup:
        return query
    # "什么时候发布的？" names no thing of its own, "And by the end of 2019?" only a time; "In which fields?" names only
    # the kind of thing it asks for
    inherited = not own or time_only or restated or nounless or measured
    query.topic_inherited = inherited or names_only_its_kind(question, own)
    context = " ".join(t["content"] for t in turns[-2:])
    answer = " ".join(t["content"] for t in turns[-1:] if t.get("role") != "user")
    swap, phrase = ("", "") if years else swapped(previous, question, lang)
    editions_from = [topical] if swap else earlier  # "And the second batch?": a swap of "the first batch"
    again = (
        None
        if years or entities or not short
        else edition_asked_again(question, editions_from, lambda t: topic_words(t, lang) - _SAME_MEASURE)
    )
    if again and kinds and not set(kinds) & set(_kinds_of(again[1])):  # "首届是什么时候办的？" asks no place
        again = None
    if topical != previous:  # "And in 2010?" named no topic: the question before it did
        context = f"{topical} {context}"
    if subject not in (topical, previous):
        context = f"{subject} {context}"
    elif len(users) > 1 and FOLLOWUP_HINTS.search(previous):
        # "How much CO2 does it cut?" named its subject by pointing back: the question before it named it
        context = f"{users[-2]} {context}"
    if years and previous and short and not entities and (not own or (lang == "zh" and time_only)):
        # "那2019年呢？", "2020年底呢？": the earlier question, asked again for the new time.
        query.standalone = asked_again_at(topical, question, _YEAR.sub(str(years[0]), topical))
        query.dense_text = query.standalone
    elif lang == "en" and time_only and (again_then := retimed(previous, question)):
        query.standalone, query.dense_text = again_then, f"{topical} {again_then}"  # "And by January 2021?"
    elif again:  # "And the 128th?": the earlier question, asked again of another edition
        query.edition, query.standalone = again
        query.dense_text = query.standalone
    elif swap:
        query.standalone, query.swapped_in = swap, phrase
        # what was swapped out is not carried; what was swapped in is asked, of the topic a question before named
        # when the last named none ("And the second batch?" after "How many … in the first batch?")
        context = query.dense_text = swap if topical == previous else f"{topical} {swap}"
        entities = entities + [
            e for e in find_entities(swap) if e not in entities and (phrase in e or e in phrase)
        ]
    else:
        query.dense_text = f"{topical} {answer} {question}".strip()
    carried = find_entities(context)
    if not query.topic_inherited:  # "How much CO2 does it cut?" after its capacity: the capacity is not asked
        replaced = {t for u in users[-2:] for t in replaced_measure(u, question, lang)}
        carried = [e for e in carried if e not in replaced]
    query.extra_terms = [e for e in carried if e not in entities]
    if time_only:
        asked_of = {e for u in earlier for e in find_entities(u)}
        query.named_before = [e for e in query.extra_terms if e in asked_of]
    query.entities = entities + query.extra_terms
    # "How many more than the previous session?" after the 128th: still the 128th; not so of another event named
    if query.edition is None and not set(named) - set(find_entities(topical)):
        query.edition = edition_before(question, next(iter(question_editions(topical)), None), turns)
    if not years and not EARLIER.search(
        question
    ):  # "之前那几批": the last year is no year asked, but a bound
        query.years, query.years_inherited = prior, bool(prior) and bool(own - topic_words(previous, lang))
        query.over_period |= bool(prior) and asks_over_period(previous)  # "完成营业额呢" after "2013-2020年…"
    # "What was its theme?" asks a fact of its own; "What is the … average?" asks what the last answer stated
    own_kind = _ASKS_ITSELF.search(question) and not (query.topic_inherited and not _WHO_WHY.search(question))
    if query.kind == "fact" and previous and not own_kind:
        # "And by January 2021?" asks what the last question asked (how many members), of the topic named before
        again = previous if time_only else topical
        query.kinds = ["quantity"] if lang == "en" and names_amounts(question) else _kinds_of(swap or again)
        again_of = asks_again_of(question) and any(map(load_glossary().proper, entities))
        if not query.kinds and (again_of or (lang == "en" and fragment(question))):
            # "深圳呢？" after "东亚…平均水平呢？", "imports?": what the question that one continued asked (how many days)
            query.kinds = next(filter(None, map(_kinds_of, reversed(earlier))), [])
        query.kind = query.kinds[0] if query.kinds else "fact"
    return query


def _names_subject(question: str, proper: bool = False) -> bool:
    """Whether a question names something besides measures and words that point back (a name, if `proper`)."""
    glossary = load_glossary()
    return any(
        not glossary.is_measure(e)
        and e not in POINTING_BACK
        and e not in QUESTION_WORDS
        and (not proper or glossary.proper(e))
        for e in find_entities(question)
    )


def _kinds_of(question: str) -> list[str]:
    """What an earlier question asked, as its own analysis read it ("What was its committed investment?": an
    amount, so a quantity)."""
    lang = detect_language(question)
    kinds = question_kinds(question, lang)
    if not kinds and lang == "en" and names_an_amount(asked_noun(question)):
        kinds = ["quantity"]
    return kinds


# A question word of its own (not "what about …"): the follow-up says what it asks; "那2018年呢？" does not.
_WHO_WHY = re.compile(r"^(?:who|whom|whose|why)\b|谁|为何|为什么", re.I)  # never the last question's kind
_ASKS_ITSELF = re.compile(
    # a yes-or-no question ("any international orgs attend?", "was WHO there?") asks its own kind too
    r"^(?!what about|how about)(?:what|which|who|whom|whose|where|when|why|how|any|is|are|was|were|did|does|do)\b"
    r"|什么|哪|谁|为何|第几",
    re.I,
)


def replaced_measure(previous: str, question: str, lang: str) -> set[str]:
    """The measures of what the last question asked for ("the installed capacity of the plant": 装机容量), when
    the follow-up asks for something else of the same subject: the subject is carried over, the measure is not;
    the things a question counted ("How many free trade agreements …") stay, as a follow-up may go on about
    them ("With how many countries?")."""
    if not previous or detect_language(previous) != lang:
        return set()
    noun = asked_noun if lang == "en" else zh_focus
    before, now = noun(previous), noun(question)
    if not before or not now:
        return set()
    terms = set(find_entities(before)) if lang == "en" else {before}
    asked = find_entities(now) if lang == "en" else [now]
    # "And the exports?" after "the value of its imports and exports" narrows the measure: it is kept
    return {
        t
        for t in terms
        if (load_glossary().is_measure(t) or t.endswith(AMOUNT_ENDS)) and not any(a in t for a in asked)
    }


_HOW_MANY = re.compile(r"\s*(?:and\s+)?how (?:many|much)\b", re.IGNORECASE)


def part_query(query: Query, part: str) -> Query:
    """One part of a multi-part question as a question of its own, with the whole question's years and (as
    context that counts less) its terms: "…，并且增长了多少？" still speaks of what the first part named."""
    sub = analyze(part, top_k=query.top_k)
    sub.years = sub.years or list(query.years)
    sub.edition = sub.edition if sub.edition is not None else query.edition  # "第129届…参展，来自多少个国家"
    sub.extra_terms = [e for e in query.entities if e not in sub.entities]
    sub.entities = sub.entities + sub.extra_terms
    sub.history = query.history
    return sub
