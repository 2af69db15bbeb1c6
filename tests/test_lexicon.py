"""The CC-CEDICT lexicon built over the real corpus: English words and names to Chinese terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.documents import load_document
from qa.text.lexicon import Lexicon, build_lexicon, stem
from qa.text.tokenize import search_tokens

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [
    "How many students from Belt and Road countries studied in China?",
    "How did tourism between China and Laos change after the railway opened?",
    "How many households gained access to electricity?",
    "How many jobs did the projects create for local people?",
    "How much cargo did the China-Europe Railway Express carry in 2021?",
    "What did Xi and Biden say about North Korea?",
    "What solar and wind power plants were built in Kazakhstan?",
    "How did trade in goods with ASEAN grow?",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Cleaned texts of the real reports."""
    return [load_document(p).text for p in sorted((ROOT / "corpus").glob("*.txt"))]


@pytest.fixture(scope="module")
def lexicon(texts: list[str]) -> Lexicon:
    """The lexicon built once over the real reports."""
    return build_lexicon(texts)


@pytest.fixture(scope="module")
def corpus_terms(texts: list[str]) -> set[str]:
    """Index terms of the real reports."""
    return {t for text in texts for t in search_tokens(text)}


def test_stem_handles_plurals_and_keeps_singular_nouns() -> None:
    assert [
        stem(w) for w in ["students", "households", "countries", "taxes", "goods", "bus", "analysis"]
    ] == [
        "student",
        "household",
        "country",
        "tax",
        "goods",
        "bus",
        "analysis",
    ]


def test_everyday_words_reach_corpus_terms(lexicon: Lexicon, corpus_terms: set[str]) -> None:
    assert {"学生", "留学生"} & set(lexicon.expand("students"))
    assert "旅游" in lexicon.expand("tourism")
    assert "旅游" in lexicon.expand("tourists")
    assert {"家庭", "户"} & set(lexicon.expand("households"))
    electricity = lexicon.expand("electricity")
    assert any("电" in t and t in corpus_terms for t in electricity)


def test_derived_nouns_reach_the_terms_of_their_verb(lexicon: Lexicon) -> None:
    """A noun the dictionary lacks is looked up as the verb it is made from: prevention as prevent."""
    pairs = (
        ("prevention", "prevent"),
        ("settlement", "settle"),
        ("exportation", "export"),
        ("membership", "member"),
    )
    for noun, verb in (*pairs, ("bribery", "bribe")):
        assert noun not in lexicon.words and lexicon.expand(verb)
        assert set(lexicon.expand(noun)) & set(lexicon.expand(verb)), noun
    assert lexicon.expand("station") == lexicon.expand("stations")  # a word it has is not cut down


def test_british_spellings_reach_the_terms_of_the_american_ones(lexicon: Lexicon) -> None:
    from qa.text.word_forms import american

    assert [american(w) for w in ("localisation", "organised", "labour", "centres", "analyse", "hours")] == [
        "localization", "organized", "labor", "centers", "analyze", "hours",
    ]  # fmt: skip
    assert american("paralysed") == "paralyzed" and american("analysing") == "analyzing"
    for british, us in (
        ("localisation", "localization"),
        ("organised", "organized"),
        ("paralysed", "paralyzed"),
    ):
        assert british not in lexicon.words and lexicon.expand(us)
        assert set(lexicon.expand(british)) == set(lexicon.expand(us)), british


def test_a_phrase_is_looked_up_whole_even_when_its_first_word_says_little(lexicon: Lexicon) -> None:
    """ "leave office" is 卸任 though "leave" alone is too vague to look up; "according to" stays a function word."""
    assert lexicon.words.get("leave office")
    assert set(lexicon.words["leave office"][:2]) <= set(lexicon.expand("When did he leave office?"))
    assert not lexicon.expand("according to the reports")


def test_irregular_past_forms_reach_the_terms_of_their_verb(lexicon: Lexicon) -> None:
    """How widely is rice "grown": no suffix rule turns grown into grow."""
    for form, verb in (("grown", "grow"), ("held", "hold")):
        assert form not in lexicon.words and lexicon.expand(verb)
        assert set(lexicon.expand(form)) == set(lexicon.expand(verb)), form


def test_word_terms_occur_in_the_corpus(lexicon: Lexicon, corpus_terms: set[str]) -> None:
    assert all(t in corpus_terms for terms in lexicon.words.values() for t in terms)
    assert all(1 <= len(terms) <= 4 for terms in lexicon.words.values())


def test_names_in_finds_multiword_names_first(lexicon: Lexicon) -> None:
    found = dict(lexicon.names_in("What did Xi and Biden say about North Korea?"))
    assert "朝鲜" in found["North Korea"]
    assert "Korea" not in found
    assert "拜登" in found["Biden"]
    assert "肯尼亚" in dict(lexicon.names_in("Which projects were built in Kenya?"))["Kenya"]


def test_a_hyphenated_pair_of_names_no_glossary_term_takes_gives_each_name(lexicon: Lexicon) -> None:
    question = "How many passengers did the Mombasa-Nairobi Railway carry?"
    assert lexicon.names_in(question) == []  # the pair is not one name
    found = dict(lexicon.names_in(question, uncovered="How many passengers did the Mombasa Nairobi"))
    assert "蒙巴萨" in found["Mombasa"] and "内罗毕" in found["Nairobi"]
    # a glossary term took "Hungary-Serbia railway" (匈塞铁路): its parts are not names to look for
    assert lexicon.names_in("How long is the Hungary-Serbia railway?", uncovered="How long is the") == []


def test_names_in_ignores_sentence_initial_everyday_words(lexicon: Lexicon) -> None:
    names = dict(lexicon.names_in("Central banks in Turkey: what did they do?"))
    assert "Central" not in names
    assert "土耳其" in names["Turkey"]
    assert lexicon.names_in("how many trains ran last year?") == []


def test_expand_puts_names_before_words(lexicon: Lexicon) -> None:
    terms = lexicon.expand("How many students went to Kenya?")
    assert terms[0] == "肯尼亚"
    assert "学生" in terms
    assert len(lexicon.expand(" ".join(QUESTIONS))) <= 16


def test_expand_without_content_words_is_empty(lexicon: Lexicon) -> None:
    assert lexicon.expand("What is it and how many of them are there?") == []
    assert lexicon.expand("") == []


def test_save_and_load_round_trip(lexicon: Lexicon, tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    lexicon.save(path)
    loaded = Lexicon.load(path)
    assert loaded == lexicon
    assert path.stat().st_size < 5_000_000  # loading time is part of `qa bench` (time to ready), not a test
    assert loaded.expand("tourism in Kenya") == lexicon.expand("tourism in Kenya")


def test_load_refuses_other_files(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text('{"words": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a qa-lexicon"):
        Lexicon.load(path)


def test_print_expansions_for_review(lexicon: Lexicon) -> None:
    """Expansions of realistic questions, printed for eyeballing (run with -s)."""
    for question in QUESTIONS:
        print(f"{question}\n  names: {lexicon.names_in(question)}\n  terms: {lexicon.expand(question)}")


def test_province_names_with_a_capitalised_descriptor(lexicon: Lexicon) -> None:
    # CC-CEDICT writes "Shanxi Province (Shansi) in north China"; "Mexico City" stays one name.
    assert lexicon.names["Shanxi"][0] == "山西"
    assert lexicon.names["Shaanxi"][0] == "陕西"
    assert lexicon.names_in("How many trains did Shanxi run?") == [("Shanxi", lexicon.names["Shanxi"])]


def test_an_ordinal_is_one_index_term_in_any_of_its_forms() -> None:
    from qa.text.tokenize import ordinals

    # jieba cuts 第1批 into 第/1/批 and keeps 首批 whole: without one form the two never meet in BM25.
    assert "第1批" in search_tokens("第1批双方互认的各100个地理标志")
    assert "第1批" in search_tokens("首批双方各互认多少个")
    assert ordinals("第一次和第二次通话") == ["第1次", "第2次"]
    assert ordinals("第十二个五年规划") == ["第12个"]
    assert ordinals("首次是在除夕") == ["第1次"]
    assert ordinals("首都和第一") == []  # 首 that is not an ordinal, and 第一 counting nothing


def test_a_derived_noun_is_looked_up_by_the_word_it_is_made_from() -> None:
    """The dictionary defines verbs and base nouns: signatories -> signatory -> sign, settlements -> settle,
    localisation -> localization; the plural is undone before the suffix."""
    from qa.text.word_forms import variants

    assert "sign" in variants("signatories")
    assert "settle" in variants("settlements")
    assert "localize" in variants("localisation")
    assert "prevent" in variants("prevention")
    # a verb's -es after s: "focuses" is looked up as "focus" too (its stem keeps the e: "increases", "increase")
    assert "focus" in variants("focuses") and "increase" in variants("increases")


def test_who_does_a_thing_is_looked_up_by_what_is_done() -> None:
    """Agent nouns: arbitrators -> arbitration (仲裁 in the dictionary), investors -> invest, exporters -> export."""
    from qa.text.word_forms import variants

    assert "arbitration" in variants("arbitrators")
    assert "invest" in variants("investors")
    assert "export" in variants("exporters")


def test_cached_index_terms_are_a_fresh_list_each_time() -> None:
    # Terms are cut once per process; a caller that extends its list must not change the next caller's.
    first = search_tokens("中欧班列开行1.24万列")
    first.append("changed")
    assert "changed" not in search_tokens("中欧班列开行1.24万列")


def test_a_title_the_glossary_does_not_know_is_composed_from_its_words_senses(lexicon: Lexicon) -> None:
    """ "the Common Dreams story series": the reports write the title 《共同梦想》, a sense of each word run together;
    only what the reports hold is kept, and lower-case words or a capitalised first word make no title."""
    from qa.text.lexicon import composed_titles

    reports = "“一带一路”故事丛书《共同梦想》丛书线下发行超过31万册"
    found = composed_titles(
        "How many copies of the Common Dreams story series", lexicon, reports.__contains__
    )
    assert found == ["共同梦想"]
    assert composed_titles("How many copies of the common dreams series", lexicon, reports.__contains__) == []
    assert composed_titles("Common Dreams sold how many copies", lexicon, reports.__contains__) == []


def test_every_synonym_of_a_list_of_one_word_senses_reaches_the_term(lexicon: Lexicon) -> None:
    # 障碍: barrier/obstruction/hindrance/impediment/obstacle, all of them one meaning
    assert "障碍" in lexicon.expand("the main obstacle")
    assert "障碍" in lexicon.expand("barrier")
