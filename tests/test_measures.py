"""The glossary's measure words: in the reports, reached from English, and finding English questions' passages."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from qa.bench.evaluate import evidence_rank
from qa.core.weights import CURATED_REPEAT
from qa.store.faiss.rank import lexical_terms
from qa.text.glossary import Glossary, load_glossary, read_glossary, read_measures
from qa.text.lexicon import Lexicon, english_terms

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _glossary_text() -> str:
    return resources.files("qa.text").joinpath("data/glossary.tsv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports() -> str:
    # Line breaks of the extracted text fall inside words ("双向投资稳\n\n步推进"): compare without whitespace.
    return re.sub(r"\s+", "", "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))))


def test_the_glossary_marks_enough_measures() -> None:
    measures = read_measures(_glossary_text())
    assert len(measures) >= 120
    assert {"新签合同额", "完成营业额", "开行", "运送", "重箱率", "货邮吞吐量", "服务进出口额"} <= set(
        measures
    )
    assert load_glossary().is_measure("新签合同额")
    assert not load_glossary().is_measure("中欧班列")


def test_every_measure_occurs_in_a_report(reports: str) -> None:
    missing = [zh for zh in read_measures(_glossary_text()) if zh not in reports]
    assert not missing, f"measure words not in any report: {missing}"


def test_the_measures_section_marks_its_terms_only() -> None:
    text = "# transport\n中欧班列\tChina-Europe Railway Express\n# measures\n开行\ttrains run\n# units\n万列\t10,000 trains\n"
    assert ("开行", "trains run") in read_glossary(text)
    glossary = Glossary(read_glossary(text), read_measures(text))
    assert glossary.measures == {"开行"}
    assert Glossary(read_glossary(text)).measures == frozenset()


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("What was the value of new contracts signed?", "新签合同额"),
        ("What was the completed turnover of overseas projects?", "完成营业额"),
        ("What was the revenue from completed projects?", "完成营业额"),
        ("How many trains ran last year?", "开行"),
        ("How many TEUs were carried?", "运送"),
        ("What was the loaded-container rate?", "重箱率"),
        ("How large was the trade in goods?", "货物贸易额"),
        ("How did two-way investment develop?", "双向投资"),
        ("What was the cargo and mail throughput?", "货邮吞吐量"),
        ("What were the imports and exports of services?", "服务进出口额"),
        ("How much paid-in foreign investment was there?", "实际投入外资"),
        ("What was the installed capacity of the plant?", "装机容量"),
    ],
)
def test_english_measure_phrases_reach_their_chinese_terms(phrase: str, expected: str) -> None:
    curated, _ = english_terms(phrase)
    assert expected in curated
    assert expected in lexical_terms(phrase)


def test_glossary_terms_outweigh_dictionary_senses() -> None:
    lexicon = Lexicon(words={"growth": ["增长"], "contract": ["合同"]})
    terms = lexical_terms("growth in the value of new contracts", lexicon=lexicon)
    assert terms.count("新签合同额") == CURATED_REPEAT
    assert terms.count("增长") == 1
    # A sense that only repeats part of a glossary term is left out.
    assert "合同" not in english_terms("growth in the value of new contracts", lexicon)[1]


def test_numbers_and_years_stay_in_the_terms() -> None:
    terms = lexical_terms("How many trains were run in 2020, 12400 or more?")
    assert "2020" in terms
    assert "12400" in terms


@pytest.mark.slow
def test_english_dev_questions_find_their_evidence_in_the_top_5(real_service, dev_items) -> None:
    english = [it for it in dev_items if it.get("lang") == "en" and it.get("evidence")]
    assert english
    misses = []
    for it in english:
        hits = real_service.search(it["question"], 5, "hybrid", it.get("history", ()))
        if evidence_rank([h.chunk.text for h in hits], it["evidence"]) is None:
            misses.append(it["id"])
    assert not misses, f"English questions whose evidence is not in the top 5: {misses}"


def test_a_bare_classifier_counts_the_noun_after_it_not_its_label() -> None:
    from qa.answer.dimension import in_units

    text = "使尼日利亚和喀麦隆等国家的2400个偏僻村庄告别了没有数字电视的历史。"
    end = text.index("2400个") + len("2400个")
    villages = {"unit": "个", "label": "尼日利亚和喀麦隆等国家", "end": end}
    assert in_units(villages, {"国家"})  # by its label alone
    assert not in_units(villages, {"国家"}, text, 0)  # the sentence shows it counts 村庄
    chapters = "RCEP包括20个章节，涵盖货物、服务、投资等市场准入承诺"
    twenty = {"unit": "个", "label": "", "end": chapters.index("章节")}
    assert in_units(twenty, {"章"}, chapters, 0)  # 20个章节 counts what 五章 does
    sentence = "丝路基金已累计签约项目47个，承诺投资"
    projects = {"unit": "个", "label": "签约项目", "end": sentence.index("，")}
    assert in_units(projects, {"项目"}, sentence, 0)  # nothing after it: its label is what it counts
