"""Sentence scoring: named features and a linear model, hand-set or fitted by `qa eval --fit`."""

from __future__ import annotations

import json

import pytest

from qa.answer.sentence_model import FEATURES, HAND_WEIGHTS, SentenceModel, load_model, read_model
from qa.bench.evaluate import leads_with_asked_figure


def test_without_a_fitted_file_the_hand_weights_score() -> None:
    model = load_model()
    assert set(HAND_WEIGHTS) == set(FEATURES)
    if model.source == "hand":
        assert model.score({"coverage": 1.0, "hit_rank": 1.0}) == pytest.approx(
            HAND_WEIGHTS["coverage"] + HAND_WEIGHTS["hit_rank"]
        )


def test_a_fitted_model_round_trips_through_its_json() -> None:
    model = SentenceModel({name: 0.5 for name in FEATURES}, -2.0, True, "test")
    again = read_model(model.to_json())
    assert again == model
    assert 0.0 < again.score({"coverage": 1.0}) < again.score({"coverage": 1.0, "unit_fit": 1.0}) < 1.0
    data = json.loads(model.to_json())
    assert data["features"] == list(FEATURES) and data["logistic"] is True


@pytest.mark.slow
def test_fit_learns_weights_from_the_tune_half_that_the_answerer_then_uses(real_service) -> None:
    from qa.answer.select import ExtractiveAnswerer
    from qa.bench.evalset import EVAL_DIR
    from qa.bench.evaluate import load_items
    from qa.bench.fit import fit_model

    items = [it for it in load_items(EVAL_DIR / "tune.jsonl") if it.get("evidence")][:40]
    model = read_model(fit_model(real_service, items).to_json())
    assert model.logistic and model.weights["coverage"] > 0 and model.intercept < 0
    answerer = ExtractiveAnswerer(real_service.index, model)
    result = answerer.draft(*_asked(real_service, "2019年中欧班列开行多少列？"))
    best = result.quotes[0] if result.quotes else None
    assert best is not None and best.score == model.score(best.features)  # scored by the fitted model
    assert 0.0 < best.score < 1.0  # a probability, not a hand-weighted sum


def _asked(service, question: str):
    from qa.answer.analyze import analyze

    query = analyze(question)
    return query, service.retrieve(query, 8)


def test_dictionary_senses_tell_apart_sentences_that_hold_every_required_term(real_service) -> None:
    """ "tourism offices": 旅游 is required, 办事处 is a dictionary sense of "offices"; of two sentences about
    tourism, the one that names the offices is the answer."""
    result = real_service.ask(
        "Which cities did China open tourism offices in along the Belt and Road?"
    ).model_dump()
    assert not result["abstained"], result["answer"]
    assert "旅游办事处" in result["citations"][0]["quote"], result["citations"][0]["quote"]


def test_an_enumeration_by_ordinals_is_counted_from_its_first_item() -> None:
    from qa.answer.scoring import enumerated, enumeration_runs

    assert enumerated("一是规划对接；二是项目落地；三是机制建设。") == 3
    assert enumerated("第一，政策沟通。第二，设施联通。") == 2
    assert enumerated("首先是叙旧，其次是领带，最后是护栏。") == 3
    assert enumerated("二是项目落地；三是机制建设。") == 0  # no first item: the middle of a list
    assert enumerated("中国是第一大贸易伙伴。") == 0
    # Sentences that enumerate together, with the one that introduces them.
    texts = ["合作不能期待太高。", "一是A；", "二是B；", "三是C。", "另一段。"]
    assert enumeration_runs(texts) == [(0, 3)]
    assert enumeration_runs(["一是A。", "另一段。", "二是B。"]) == []
    # a heading before the first item is not its introduction
    assert enumeration_runs(["四、双方政治表态", "表态有两个：第一，A。", "第二，B。"]) == [(1, 2)]


def test_a_breakdown_is_offered_with_the_clause_it_breaks_down() -> None:
    from qa.answer.scoring import sentence_spans
    from qa.ingest.chunking import Chunk

    first, breakdown, other = "2020年服务进出口额844.7亿美元；", "其中，服务出口377.3亿美元。", "另一句。"
    text = first + breakdown + other
    a, b = len(first), len(first) + len(breakdown)
    rows = [
        (0, a, first, frozenset({"服务", "进出口"}), [2020]),
        (a, b, breakdown, frozenset({"服务", "出口"}), []),
        (b, len(text), other, frozenset(), []),
    ]
    chunk = Chunk("c", "d", "", "text", None, text, 0, len(text))
    spans = {(s.start, s.end): s for s in sentence_spans(chunk, rows, enumerations=False)}
    assert set(spans) == {(0, a), (a, b), (b, len(text)), (0, b)}
    both = spans[(0, b)]
    assert (
        both.text == text[:b]
        and both.tokens == frozenset({"服务", "进出口", "出口"})
        and both.years == [2020]
    )


def test_a_figure_of_another_time_alone_is_offered_with_the_sentence_it_goes_on_from() -> None:
    """ "2019年为137个国家。" says what it counts only with the sentence before it; "2019年，合作继续。" is a sentence."""
    from qa.answer.scoring import sentence_spans
    from qa.ingest.chunking import Chunk

    for second, joined in (("2019年为137个国家。", True), ("2019年，合作继续。", False)):
        first = "截至2021年1月底，签署合作文件的国家共140个。"
        text = first + second
        rows = [
            (0, len(first), first, frozenset({"合作文件"}), [2021]),
            (len(first), len(text), second, frozenset(), [2019]),
        ]
        chunk = Chunk("c", "d", "", "text", None, text, 0, len(text))
        spans = {(s.start, s.end) for s in sentence_spans(chunk, rows, enumerations=False)}
        assert ((0, len(text)) in spans) == joined


def test_items_numbered_one_by_one_with_what_they_say_between_them_are_one_enumeration() -> None:
    """ "一、…。" then what it says, "二、…。" then what it says: one run, with its introduction; and the
    introduction ending in a colon goes with the first item when the passage ends there."""
    from qa.answer.scoring import enumeration_runs, item_numbers

    assert item_numbers("一、提升企业廉洁意识。") == [1]
    texts = [
        "各方承诺：",
        "一、提升意识。",
        "将意识融入管理。",
        "二、强化建设。",
        "建立体系。",
        "三、遵守法规。",
    ]
    assert enumeration_runs(texts) == [(0, 5)]
    assert enumeration_runs(["各方承诺：", "一、提升意识。"]) == [(0, 1)]
    assert (
        enumeration_runs(["一、提升意识。", "甲。", "乙。", "丙。", "二、强化建设。"]) == []
    )  # too far apart


def test_a_short_title_has_the_terms_of_the_full_title_it_abbreviates() -> None:
    from qa.answer.scoring import sentence_rows

    first, second = "中国商务部发布《外商投资安全审查办法》。", "《安审办法》共23条。"
    rows = sentence_rows([(0, len(first), first), (len(first), len(first) + len(second), second)])
    assert {"外商", "审查"} <= rows[1][3] and "外商" not in sentence_rows([(0, len(second), second)])[0][3]


def test_a_year_inside_a_title_is_no_date() -> None:
    from qa.answer.scoring import _dated

    assert not _dated("《合作规划》的签署，将推动倡议同非盟《2063年议程》对接。", "")
    assert _dated("2020年12月，中国与非洲联盟委员会签署《合作规划》。", "")


def test_a_short_line_naming_a_kind_goes_with_the_line_listing_its_items() -> None:
    """ "黄灯项目（一般影响类）" then "废弃物垃圾发电项目、城市货运等。": for a list question the two are one answer."""
    from qa.answer.scoring import sentence_spans
    from qa.ingest.chunking import Chunk

    title, items = "黄灯项目（一般影响类）", "废弃物垃圾发电项目、城市货运等。"
    text = title + items
    rows = [(0, len(title), title, frozenset({"黄灯"}), []), (len(title), len(text), items, frozenset(), [])]
    chunk = Chunk("c", "d", "", "text", None, text, 0, len(text))
    listed = {(s.start, s.end) for s in sentence_spans(chunk, rows, enumerations=True)}
    assert listed == {(0, len(text)), (len(title), len(text))}
    assert (0, len(title)) in {(s.start, s.end) for s in sentence_spans(chunk, rows, enumerations=False)}


def test_a_sentence_stating_the_last_figure_and_one_of_the_year_asked_again_is_still_the_one() -> None:
    """ "And in 2019?" after "140 (140个)": a sentence with 140个 and a figure of 2019 goes on; one with 140个 alone,
    or a figure of 2019 alone, does not."""
    from qa.answer.analyze import analyze
    from qa.answer.scoring import _stated_before

    history = [
        {"role": "user", "content": "How many countries had signed cooperation documents by January 2021?"},
        {"role": "assistant", "content": "By January 2021, countries: 140 (140个) [1]."},
    ]
    query = analyze("And in 2019?", history)
    assert _stated_before(query, [{"raw": "140个", "year": 2021}, {"raw": "137个国家", "year": 2019}])
    assert not _stated_before(query, [{"raw": "140个", "year": 2021}])
    assert not _stated_before(query, [{"raw": "57个", "year": 2019}])


def test_a_sentence_under_a_heading_naming_one_year_speaks_of_that_year() -> None:
    from qa.answer.scoring import sentence_spans
    from qa.ingest.chunking import Chunk

    first, second = "4月7日，扩增46个跨境电商综合试验区。", "2021年1月，另一件事。"
    text = first + second
    rows = [(0, len(first), first, frozenset(), []), (len(first), len(text), second, frozenset(), [2021])]
    section = "附件 > 2020年共建“一带一路”大事记 > 10. 4月7日中国跨境电商综合试验区扩容至105个"
    chunk = Chunk("c", "d", section, "text", None, text, 0, len(text))
    assert [s.context_year for s in sentence_spans(chunk, rows, enumerations=False)] == [2020, 2021]
    # a heading over a span of years ("2013—2020年…") gives none
    chunk = Chunk("c", "d", "图 3-1 2013—2020年货物贸易额", "text", None, text, 0, len(text))
    assert [s.context_year for s in sentence_spans(chunk, rows, enumerations=False)] == [None, 2021]
    # a year inside a document's title dates the document, not the sentences after it
    first, second = "2020年，各方就《2021—2025年合作纲要》达成共识。", "12月，签署合作规划。"
    text = first + second
    rows = [
        (0, len(first), first, frozenset(), [2020, 2021, 2025]),
        (len(first), len(text), second, frozenset(), []),
    ]
    chunk = Chunk("c", "d", "", "text", None, text, 0, len(text))
    assert [s.context_year for s in sentence_spans(chunk, rows, enumerations=False)] == [2020, 2020]


def test_a_part_asked_is_answered_by_the_breakdown_that_gives_it(real_service) -> None:
    # The reports give services trade as a whole, then "其中" its exports: the exports are the answer.
    result = real_service.ask(
        "How much did China export in services to countries along the Belt and Road in 2020?"
    )
    assert not result.abstained and "377.3" in result.citations[0].quote, result.answer
    assert leads_with_asked_figure([37730000000], result.answer), result.answer


def test_a_question_asking_for_n_things_is_answered_by_the_passage_enumerating_n(real_service) -> None:
    from qa.answer.analyze import items_asked

    assert items_asked("What are the five main priorities?", "en") == 5
    assert items_asked("原因有哪三个？", "zh") == 3
    assert items_asked("How many countries joined in the three years?", "en") is None
    result = real_service.ask("中美关系未来的改善为什么不能期待太高？报告给了哪三个原因？")
    quotes = " ".join(c["quote"] for c in result.model_dump()["citations"])
    assert not result.abstained and all(f"{n}是" in quotes for n in "一二三"), result.answer


def test_an_amount_of_money_asked_is_answered_in_a_currency(real_service) -> None:
    # The box gives the plant's staff (9人, 5000多名) and, in another sentence, what was put into it (近2亿美元).
    english = real_service.ask("How much has HBIS Serbia invested in technical upgrades?")
    assert not english.abstained and english.answer.startswith("Nearly US$200 million"), english.answer
    # 资金 is not written out: the amount in a currency is the funds.
    chinese = real_service.ask("河钢塞尔维亚公司投入多少资金进行技术改造？")
    assert not chinese.abstained and "2亿美元" in chinese.citations[0].quote, chinese.answer


def test_a_date_asked_comes_from_the_dated_sentence_that_holds_the_event(real_service) -> None:
    # The box dates the Appellate Body's stalemate (2019年12月10日) and, later, its last member's leaving
    # (最后一名成员…卸任): "leave office" and "last member" pick the second.
    result = real_service.ask("When did the last member of the WTO Appellate Body leave office?")
    assert not result.abstained and "30 November 2020" in result.answer, result.answer


def test_the_best_sentence_comes_first_and_related_ones_after_it(real_service) -> None:
    # A related sentence earlier in the report (a pledge of aid) is cited after the one that answers.
    result = real_service.ask("中国2020年3月至12月出口了多少只口罩？")
    assert not result.abstained and result.answer.startswith("2020年3—12月"), result.answer
    assert "2242亿只" in result.citations[0].quote


def test_a_figure_the_last_answer_stated_is_matched_whole() -> None:
    """ "From how many countries?" after an answer stating 15个: a sentence with 15个 holds it, one with 5个 does not."""
    from qa.answer.analyze import analyze
    from qa.answer.scoring import _stated_before

    history = [
        {"role": "user", "content": "How many officials did the programme train?"},
        {"role": "assistant", "content": "Since 2017: 406 people (406名), from 15 countries (15个) [1]."},
    ]
    query = analyze("From how many countries?", history)
    assert _stated_before(query, [{"raw": "15个"}]) and _stated_before(query, [{"raw": "406名"}])
    assert not _stated_before(query, [{"raw": "5个"}])
    assert not _stated_before(analyze("From how many countries?"), [{"raw": "15个"}])  # not a follow-up


def test_another_form_of_an_asked_phrase_holds_the_first_form() -> None:
    """ "president" is 国家主席, 总统 or 主席: a sentence with 总统 (卢旺达总统卡加梅说) holds what 国家主席 would."""
    from qa.answer.term_match import asked_compounds, with_compounds

    weights = {"国家主席": 4.0, "家主": 4.0, "卢旺达": 4.0, "总统": -3.0}
    compounds = asked_compounds(weights, [("国家主席", "总统", "主席")])
    held = with_compounds(frozenset({"卢旺达", "总统"}), compounds)
    assert {"国家主席", "家主"} <= held
    assert with_compounds(frozenset({"卢旺达"}), compounds) == {"卢旺达"}


def test_items_named_with_a_comma_or_counted_fit_the_number_asked() -> None:
    from qa.answer.scoring import counted, listed

    assert listed("第一件事：美债、通胀、供应链危机，是美国目前面临的主要问题。") == 3
    assert listed("中国已与法国、日本、意大利、英国等14个国家签署") == 0  # 等: four of more
    assert counted("加强国际宏观经济政策协调4点倡议") == {4}
    assert counted("但这三个问题，先不论中国会不会帮忙") == {3}
    assert counted("在长达3个半小时的会晤中") == set()  # a duration, not three things
    assert counted("12个国家") == set()


def test_the_three_problems_asked_are_the_three_the_sentence_names(real_service) -> None:
    result = real_service.ask("What are the three problems facing the US mentioned in the report?")
    assert not result.abstained and "美债、通胀、供应链危机" in result.citations[0].quote, result.answer


@pytest.mark.parametrize(
    ("question", "n"),
    [
        ("What were Biden's two main political statements at the meeting?", 2),
        ("What are the three problems facing the US?", 3),
        ("拜登在会晤上的两个政治表态是什么？", 2),
        ("有哪三个方面？", 3),
        ("第二个是什么？", None),  # an item asked, not how many
    ],
)
def test_how_many_things_a_question_asks_for(question: str, n: int | None) -> None:
    from qa.answer.focus import items_asked

    assert items_asked(question, "zh" if "\u4e00" <= question[0] <= "\u9fff" else "en") == n


def test_two_statements_asked_are_read_as_the_run_that_gives_both(real_service) -> None:
    # 有两个：第一，“…”。 / 第二，“…”: the introduction with both items, not the first item alone
    for question in (
        "What were Biden's two political statements at the meeting?",
        "拜登在会晤上的两个政治表态是什么？",
    ):
        result = real_service.ask(question)
        assert not result.abstained and "第二，" in result.citations[0].quote, result.answer
