"""A decade is a year of its text (20世纪80年代 is 1980, as "the 1980s" is); a measure asked of a thing (基金规模) is
spoken of by a clause holding both words (设立规模5000万美元的…基金); a "which" follow-up keeps to the sentence the
last answer stated only when the last question asked a count (not "Which heads of state spoke?" after the value of
an expo's deals). A phase asked alone (二期项目单独投资了多少) is not answered by the whole works (分两期建设，…总投资).
"The Beijing one" after a question on pilot free trade zones is the Beijing pilot free trade zone. A size asked "in
members and assets" is two parts, and a counted part in dictionary senses only is answered by a sentence beside the
chosen one holding one. A name only in the occasion a question opens with ("After the Xi–Biden video summit, …")
is no name the passage must hold."""

from __future__ import annotations

from qa.answer.analyze import analyze, find_years
from qa.answer.carried import lists_last_count
from qa.answer.spoken import spoken_of
from tests.helpers import ask_in_turn


def test_a_decade_is_read_as_its_first_year() -> None:
    assert find_years("从20世纪80年代至今，中国已为80多个发展中国家培训了14000多名杂交水稻技术人才") == [1980]
    assert find_years("自上世纪90年代以来，2019年") == [1990, 2019]
    assert find_years("二十世纪八十年代") == [1980]
    assert find_years("since the 1980s") == [1980]
    assert find_years("80年代的2000多家企业") == []  # no century written, and a count is no year


def test_a_measure_of_a_thing_is_spoken_of_in_one_clause() -> None:
    text = "中国将设立规模5000万美元的第三期中国—联合国粮农组织南南合作信托基金。"
    assert spoken_of("基金规模", text)
    # the two words in different clauses do not say the fund's size
    assert not spoken_of("基金规模", "设立专项基金支持企业发展，进一步扩大对外贸易的总体规模。")


def test_a_since_decade_question_is_answered_by_the_decade_sentence(real_service) -> None:
    result = real_service.ask(
        "How many hybrid rice technicians has China trained for developing countries since the 1980s?"
    )
    assert not result.abstained, result.answer
    assert "14000多名" in result.answer


def test_a_fund_size_is_answered_by_the_clause_that_gives_it(real_service) -> None:
    result = real_service.ask("中国宣布设立的第三期中国—粮农组织南南合作信托基金规模是多少？")
    assert not result.abstained, result.answer
    assert "5000万美元" in result.answer


def _turns(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_which_ones_follow_a_count_not_an_amount() -> None:
    counted = _turns("How many international organisations took part?", "70 organisations (70多个) [1].")
    valued = _turns(
        "What was the value of intended deals at the third CIIE?", "US$72.62 billion (726.2亿美元)."
    )
    assert lists_last_count(analyze("Which regional organisations took part?", counted))
    assert not lists_last_count(analyze("Which heads of state or government spoke at it by video?", valued))


def test_which_heads_of_state_after_the_deal_value_are_listed(real_service) -> None:
    answer = ask_in_turn(
        real_service,
        "What was the total value of intended deals at the third China International Import Expo?",
        "Which heads of state or government spoke at it by video?",
    )
    assert not answer.abstained, answer.answer
    assert "Pakistan" in answer.answer and "8国" in answer.answer


def test_a_phase_asked_alone_is_read_and_looked_for() -> None:
    from qa.answer.phases import asked_phase, names_phase, phase_reason

    assert asked_phase("二期项目单独投资了多少？") == 2
    assert asked_phase("How much was invested in phase two of the project alone?") == 2
    assert asked_phase("What did the second phase cost?") == 2
    # no phase: both phases, "that one", a period, or one thing's name among several asked of each
    for question in (
        "分两期建设，总投资多少？",
        "2015年那一期基金规模多大？",
        "同期增长多少？",
        "美丽山二期和缅甸工程分别满足多少用电需求？",
    ):
        assert asked_phase(question) == 0, question
    assert names_phase("二期项目一、三、四、七级电站于2016年4月开工建设", 2)
    assert not names_phase("分两期建设，总投资约27.33亿美元", 2)
    assert phase_reason("二期项目单独投资了多少？", "分两期建设，总投资约27.33亿美元。")
    assert not phase_reason("一期工程产能多少？", "300万吨/年炼化项目一期工程正式投产。")


def test_a_phase_asked_where_the_whole_is_given_is_a_near_miss(real_service) -> None:
    for question in (
        "南欧江梯级水电项目二期单独投资了多少？",
        "How much was invested in phase two of the Nam Ou hydropower project alone?",
    ):
        result = real_service.ask(question)
        assert result.abstained and result.near_miss is not None, result.answer
        assert result.near_miss.missing == "measure"
        assert "27.33亿美元" in result.answer  # the whole, given as the closest
    assert not real_service.ask("南欧江梯级水电项目总投资多少？").abstained


def test_the_named_one_is_named_with_the_kind_asked_last() -> None:
    from qa.answer.named_one import named_one

    zones = [{"role": "user", "content": "Which pilot free trade zones were newly set up in 2020?"}]
    assert (
        named_one("What's the Beijing one supposed to focus on?", zones)
        == "What's the Beijing pilot free trade zone supposed to focus on?"
    )
    ports = [{"role": "user", "content": "Which ports does the report say are going well?"}]
    assert named_one("And the Greek ones?", ports) == "And the Greek ports?"
    # an ordinal is an edition's, a place class names no kind of thing ("the South African one" is an e-wallet)
    assert named_one("and the second one?", zones) == "and the second one?"
    wallets = [{"role": "user", "content": "Which countries has Alipay built local e-wallets with?"}]
    assert (
        named_one("When did the South African one go live?", wallets)
        == "When did the South African one go live?"
    )


def test_the_named_one_is_answered_by_its_own_sentence(real_service) -> None:
    answer = ask_in_turn(
        real_service,
        "Which pilot free trade zones were newly set up in 2020, and how many are there now?",
        "What's the Beijing one supposed to focus on?",
    )
    assert not answer.abstained, answer.answer
    assert "北京自贸试验区聚焦数字经济" in answer.citations[0].quote


def test_a_size_asked_in_two_measures_is_two_parts() -> None:
    from qa.answer.query import question_parts

    assert question_parts("How big has the GIP network grown, in members and assets?") == [
        "How big has the GIP network grown in members",
        "How big in assets",
    ]
    assert len(question_parts("How many trains ran in 2019 and 2020?")) == 1  # years are no measures


def test_a_counted_part_in_dictionary_senses_only_is_answered_beside(real_service) -> None:
    # "assets" gives only a dictionary sense (资产): the sentence beside the chosen one holding it answers that part;
    # a sense inside a name (伙伴 of 区域全面经济伙伴关系协定, for "partners") is not said
    result = real_service.ask(
        "How big has the Belt and Road Green Investment Principles network grown, in members and assets?"
    )
    assert not result.abstained, result.answer
    assert "37家" in result.answer and "41万亿美元" in result.answer
    ftas = real_service.ask("How many FTAs has China signed, and with how many partners?")
    assert "区域全面经济伙伴关系协定" not in " ".join(c.quote for c in ftas.citations)


def test_a_name_only_in_the_occasion_opening_a_question_is_no_subject() -> None:
    from qa.answer.occasion import occasion_only

    question = "After the Xi–Biden video summit, what did Australia's trade minister say about China?"
    assert occasion_only(question, "Biden") and not occasion_only(question, "Australia")
    assert occasion_only("中美元首视频会晤后，澳大利亚贸易部长怎么说？", "中美元首视频会晤")
    assert not occasion_only("What did Biden say after the summit?", "Biden")


def test_what_was_said_after_an_event_is_answered_without_its_names(real_service) -> None:
    result = real_service.ask(
        "After the Xi–Biden video summit, what did Australia's trade minister say about China?"
    )
    assert not result.abstained, result.answer
    assert "丹·特汉" in result.citations[0].quote


def test_a_part_of_the_figure_given_is_asked_of_the_measure_carried(real_service) -> None:
    from qa.answer.carried import asks_part_of

    trade = _turns(
        "What was China's goods trade with Belt and Road countries in 2020?",
        "US$1.35 trillion (1.35万亿美元).",
    )
    assert asks_part_of(analyze("How much of the 2020 figure was Chinese exports?", trade))
    assert asks_part_of(analyze("How much of the total went to Africa?", trade))
    assert not asks_part_of(analyze("What was the total value of intended deals?", trade))
    # goods trade carried: services exports are another measure's part, not the part asked
    answer = ask_in_turn(
        real_service,
        "What was China's goods trade with Belt and Road countries in 2020?",
        "How much of the 2020 figure was Chinese exports?",
    )
    assert answer.abstained, answer.answer
