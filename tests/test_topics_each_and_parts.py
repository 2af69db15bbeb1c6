"""How a question is read: a topic written before a dash ("Karot hydro - when was …") does not hide what is asked; a
later part's unit is asked too ("When was it signed and how many years …"); names read from overlapping words are
one name ("East Asia Pacific"); a list's figure said of each item (均占) is each item's."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.kinds import question_kinds
from qa.answer.named import one_name_per_span


def test_a_topic_before_a_dash_or_colon_leaves_the_question_after_it() -> None:
    for question in (
        "Karot hydro - when was the powerhouse concrete work topped out?",
        "Ukraine plan: when was it signed and by whom",
        "Peljesac Bridge – when did construction start?",
    ):
        assert "date" in question_kinds(question, "en"), question
    assert "date" not in question_kinds("How much did exports grow when demand rose?", "en")
    assert "date" not in question_kinds("Trade - how much was it in 2020?", "en")


def test_a_later_part_asks_its_own_unit() -> None:
    query = analyze("When was RCEP signed and how many years did negotiations take?")
    assert "年" in query.asked_units
    assert not analyze("When was RCEP signed?").asked_units


def test_names_read_from_overlapping_words_are_one_name() -> None:
    names = [
        ("East Asia", ["东亚"]),
        ("亚太地区", ["亚洲及太平洋", "亚太地区", "亚太"]),
        ("Kenya", ["肯尼亚"]),
    ]
    merged = one_name_per_span("How many days vs the East Asia Pacific average, and in Kenya?", names)
    assert merged == [("East Asia", ["东亚", "亚洲及太平洋", "亚太地区", "亚太"]), ("Kenya", ["肯尼亚"])]
    apart = one_name_per_span("East Asia or Asia-Pacific?", names[:2])
    assert [n for n, _ in apart] == ["East Asia", "亚太地区"]


def test_answers_read_this_way(real_service) -> None:
    result = real_service.ask("Karot hydro - when was the powerhouse concrete work topped out?")
    assert not result.abstained and "October 2020" in result.answer, result.answer
    result = real_service.ask("When was RCEP signed and how many years did negotiations take?")
    assert "8年" in result.answer and "5190" not in result.answer, result.answer
    result = real_service.ask(
        "how many days does it take a company in China to get power connected for a standard warehouse, "
        "vs the East Asia Pacific average"
    )
    assert not result.abstained and "63天" in result.answer and "32天" in result.answer, result.answer
    # 人口、GDP、贸易总额均占全球约30%: each, not a figure of the group only
    result = real_service.ask("what share of world population and GDP do RCEP members account for")
    assert not result.abstained and "30%" in result.answer, result.answer


def test_the_place_asked_is_the_one_whose_own_clause_holds_the_question_s_words() -> None:
    from qa.answer.asked_place import asked_place

    text = "WTO报告指出，2020年，亚洲是全球唯一一个货物贸易量维持正增长的地区，中国是全球唯一实现经济正增长的主要经济体。"
    assert asked_place(text, [], ["唯一", "货物贸易量", "正增长", "地区"]) == ("Asia", "亚洲")
    # one of the question's words beside one place and none beside the others
    text = "支付宝已经与印度、泰国等国共同打造本地数字钱包，并计划与南非共同开发电子支付应用程序。"
    assert asked_place(text, [], ["计划", "付款"]) == ("South Africa", "南非")
    assert asked_place("这是一个没有地名的句子。", [], ["计划"]) is None


def test_where_after_a_clause_asks_a_place_but_not_a_rank() -> None:
    assert "place" in question_kinds("and where is it planning an e-payment app?", "en")
    assert "place" in question_kinds("When did it open, and where was it held?", "en")
    assert "place" not in question_kinds("cargo throughput in 2020, and where does it rank nationally?", "en")


def test_the_end_of_a_time_is_no_word_to_match() -> None:
    from qa.text.phrases import without_time_ends

    assert without_time_ends("by end of 2020").split() == ["by", "2020"]
    assert without_time_ends("at end-2019 and the end of June").split() == [
        "at",
        "2019",
        "and",
        "the",
        "June",
    ]
    assert without_time_ends("the end of the war") == "the end of the war"


def test_what_new_exhibition_areas_asks_the_areas_not_their_size() -> None:
    assert analyze("what new exhibition areas did the 3rd CIIE add for the first time").kind != "quantity"
    assert analyze("What was the total exhibition area of the 3rd CIIE?").kind == "quantity"


def test_a_follow_up_asking_only_another_time_keeps_the_topic(real_service) -> None:
    history = [
        {"role": "user", "content": "how many overseas warehouses did china have by end of 2020"},
        {
            "role": "assistant",
            "content": "By the end of 2020, overseas warehouses: more than 1,800 (1800多个) [1].",
        },
    ]
    assert analyze("what about end of 2019?", history).topic_inherited
    result = real_service.ask("what about end of 2019?", history=history)
    assert result.abstained and "2019" in result.answer and "海外仓" in result.answer, result.answer
    result = real_service.ask(
        "according to the WTO which region was the only one where goods trade still grew in 2020?"
    )
    assert result.answer.startswith("The reports name Asia"), result.answer


def test_an_ampersand_between_words_reads_as_and() -> None:
    from qa.answer.requests import as_question

    assert as_question("how many are for the central & western regions?") == (
        "how many are for the central and western regions?"
    )
    assert as_question("What did R&D spending reach?") == "What did R&D spending reach?"


def test_a_bulleted_row_labels_each_figure_with_its_own_item() -> None:
    from qa.ingest.figures import extract_figures

    text = "鼓励投向先进制造业*总条目：1235条，增加127条*全国范围：增加65条*中西部地区：增加62条*修改：88条"
    labels = {f.raw: f.label for f in extract_figures(text)}
    assert labels["65条"] == "全国范围" and labels["62条"] == "中西部地区" and labels["88条"] == "修改"


def test_a_share_asked_of_an_item_answered_by_its_row(real_service) -> None:
    history = [
        {"role": "user", "content": "how many entries in the 2020 encouraged FDI catalogue?"},
        {"role": "assistant", "content": "Total items: 1,235 (1235条) [1]."},
    ]
    result = real_service.ask(
        "how many of the added ones are for the central & western regions?", history=history
    )
    assert result.answer.startswith("Central and western regions: up 62"), result.answer


def test_a_question_put_as_a_noun_phrase_asks_the_measure_it_names() -> None:
    assert question_kinds("China GDP growth in 2020?", "en") == ["percentage"]
    assert question_kinds("cross-border e-commerce exports in 2020?", "en") == ["quantity"]
    assert question_kinds(
        "overseas cooperation zones: total investment as of end-2020 and jobs created?", "en"
    ) == ["quantity"]
    for question in ("the 2020 action plan", "Kenya exports?", "growth of the 2020 plan, what is it?"):
        assert question_kinds(question, "en") == [], question  # no year, or a question word of its own


def test_a_terse_figure_question_leads_with_the_figure(real_service) -> None:
    result = real_service.ask("WTO forecast for world goods trade growth in 2021 and 2022?")
    assert result.answer.startswith("In 2021: 8%") and "4%" in result.answer, result.answer


def test_a_range_written_with_years_asks_over_that_period() -> None:
    assert analyze("2013年到2020年新签合同额从多少涨到多少").over_period
    assert analyze("13年到20年在沿线国家承包工程新签合同额从多少涨到多少").years == [2013, 2020]


def test_a_nationality_in_lower_case_names_its_place_but_an_everyday_word_does_not() -> None:
    assert "肯尼亚" in analyze("any kenyan company in there?").entities
    assert "日本" in analyze("Japanese firms?").entities
    assert not {"解放军", "媒体"} & set(analyze("the median income of the urban plan?").entities)


def test_words_typed_short_are_read_in_full() -> None:
    from qa.answer.requests import as_question

    assert "international commercial" in as_question("which province opened the first intl commercial room")
    assert as_question("the intlx thing") == "the intlx thing"


def test_a_sense_inside_a_longer_matched_sense_counts_once() -> None:
    from qa.answer.term_match import outermost

    assert outermost({"国内", "内外", "国内外", "纠纷"}) == {"国内外", "纠纷"}


def test_a_range_answer_of_the_range_asked_and_a_name_not_among_those_listed(real_service) -> None:
    result = real_service.ask("13年到20年在沿线国家承包工程新签合同额从多少涨到多少")
    assert result.answer.startswith("2013—2020年") and "1548.9" not in result.answer, result.answer
    history = [
        {
            "role": "user",
            "content": "who is china mobile international building the 2Africa subsea cable with",
        },
        {"role": "assistant", "content": "美国、南非、法国、沙特、埃及等企业 [1]"},
    ]
    assert real_service.ask("any kenyan company in there?", history=history).abstained


def test_a_time_asked_of_the_carried_topic_is_no_word_a_sentence_needs(real_service) -> None:
    history = [
        {
            "role": "user",
            "content": "how many chinese companies were in africa at end-2019, and what was the investment stock",
        },
        {"role": "assistant", "content": "By the end of 2019, companies: more than 3,800 (3800家) [1]."},
    ]
    result = real_service.ask("and at end-2020?", history=history)
    assert result.abstained and "3800" in result.answer, result.answer  # not the railways built by end-2020
    result = real_service.ask("what did the IMF forecast for global growth in 2021, and for china?")
    assert result.answer.startswith("In 2021") and "8.4%" in result.answer, result.answer


def test_a_noun_phrase_question_of_an_edition_asks_its_amount_and_rate() -> None:
    question = "3rd import expo (CIIE) - total intended deals and growth vs the previous one?"
    assert question_kinds(question, "en") == ["quantity", "percentage"]


def test_a_follow_up_keeps_the_period_the_last_question_asked_over(real_service) -> None:
    history = [
        {"role": "user", "content": "2013-2020年在沿线国家承包工程新签合同额年均增长多少"},
        {
            "role": "assistant",
            "content": "2013—2020年，…新签合同额由715.7亿美元增至1414.6亿美元，年均增长10.2%；[1]",
        },
    ]
    assert analyze("完成营业额呢", history).over_period
    result = real_service.ask("完成营业额呢", history=history)
    assert "911.2亿美元" in result.answer and "979.8" not in result.answer, result.answer


def test_a_bare_month_in_a_chinese_question_is_named_as_an_english_month_is(real_service) -> None:
    from qa.answer.focus import zh_names

    assert zh_names("那9月份呢？") == ["9月"]
    assert zh_names("2020年9月呢") == [] and "9月" not in zh_names("9月1日海关新增几个")
    history = [
        {"role": "user", "content": "美国10月CPI涨幅多少"},
        {"role": "assistant", "content": "美国10月CPI增速已突破6%。[1]"},
    ]
    assert real_service.ask("9月的呢", history=history).abstained


def test_a_noun_phrase_question_over_years_or_cumulative_asks_an_amount() -> None:
    assert question_kinds(
        "total goods trade between China and BRI countries over the eight years?", "en"
    ) == ["quantity"]
    assert question_kinds("and cumulative intended deals at the three CIIEs?", "en") == ["quantity"]


def test_glossary_names_the_reports_use(real_service) -> None:
    result = real_service.ask("How many cultural heritage aid projects has China done in BRI countries?")
    assert "33" in result.answer.split("[1]")[0], result.answer
