"""The place a "Which country …" question is answered by, a part asked of what the conversation asked ("How much of
that went to …?"), a name's head word in its paragraph, a year carried as a preference, what was spent, what a
thing is for, the base a figure is measured from and the size a thing grew to."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asked_place import asked_place
from qa.answer.carried import part_of_carried_reason
from qa.answer.dimension import asks_change
from qa.answer.flow import base_only
from tests.helpers import asked_turns as _history


def test_the_place_amid_the_question_s_words_answers() -> None:
    text = "支付宝已经与印度、泰国、菲律宾等国共同打造本地数字钱包，并计划与南非共同开发电子支付应用程序。"
    assert asked_place(text, [], ["计划", "开发", "支付", "应用程序"]) == ("South Africa", "南非")
    # no more of the question's words around one place than around another: none is named
    assert asked_place("中国向伊朗和伊拉克派出医疗队。", [], ["医疗队"]) is None
    # a place the question gives is no answer to it
    assert asked_place(
        "中国在非洲设立的第10个鲁班工坊——马达加斯加鲁班工坊揭牌成立。", ["Africa", "China"], ["设立"]
    ) == (
        "Madagascar",
        "马达加斯加",
    )


def test_a_part_of_what_was_asked_is_answered_only_about_it() -> None:
    history = _history("How much debt relief had China granted under the G20 debt suspension initiative?")
    query = analyze("How much of that went to Pakistan?", history)
    assert part_of_carried_reason(query, "2020年，巴基斯坦默蒂亚里—拉合尔高压直流输电项目全线贯通。")
    assert not part_of_carried_reason(query, "巴基斯坦获得缓债金额…")
    alone = analyze("How much went to Pakistan?", history)
    assert not part_of_carried_reason(alone, "2020年，巴基斯坦默蒂亚里—拉合尔高压直流输电项目全线贯通。")


def test_a_base_a_figure_goes_on_from_is_not_what_it_is_of() -> None:
    text = "2020年版海南自由贸易港外资准入负面清单在全国版和自贸试验区版的基础上进一步缩减至27条"
    assert "自贸试验区" in base_only(text) and "海南" not in base_only(text)
    assert base_only("自贸试验区负面清单由37条减至30条") == frozenset()


def test_how_big_it_grew_asks_the_size_it_came_to() -> None:
    assert not asks_change("How big has the Belt and Road university alliance grown since it started?", "en")
    assert not analyze(
        "How big has the Belt and Road university alliance grown since it started?"
    ).over_period
    assert asks_change("How much has the alliance grown since it started?", "en")
    assert not asks_change("How many members has it grown to?", "en")


def test_what_it_is_for_asks_a_purpose() -> None:
    assert analyze("What is it for?", _history("When was the advisory council set up?")).kind == "reason"


def test_places_and_parts_in_conversations(real_service) -> None:
    alipay = real_service.ask(
        "Which country is it planning to develop a payment app with next?",
        _history("Which countries has Alipay teamed up with to build local digital wallets?"),
    )
    assert alipay.answer.startswith("The reports name South Africa (南非)"), alipay.answer
    debt = "By November 2020, how much debt relief had CIDCA and China Exim Bank granted under the G20 initiative?"
    assert real_service.ask("How much of that went to Pakistan?", _history(debt)).abstained
    line = real_service.ask("额勒赛下游水电站修到戈公市区的输电线路有多长？")
    assert not line.abstained and "32公里" in line.citations[0].quote, line.answer
    spent = real_service.ask(
        "How much did China Three Gorges spend on its environmental protection plan?",
        _history("Which is Pakistan's largest hydropower project?"),
    )
    assert spent.answer.startswith("In 2020: about RMB 150 million (1.5亿元)"), spent.answer
    companies = real_service.ask(
        "新设了多少家企业？",
        _history("How much did Belt and Road countries actually invest in China in 2020?"),
    )
    assert "4294家" in companies.citations[0].quote, companies.answer


def test_it_is_the_first_of_names_as_long_and_a_count_is_found_further_down(real_service) -> None:
    from qa.answer.carried import pointed_back

    plant = "What's the installed capacity of the Lower Russei Chrum hydropower plant in Cambodia?"
    assert pointed_back(analyze("How much did it cost to build?", _history(plant))) == ["额勒赛"]
    assert real_service.ask("How much did it cost to build?", _history(plant)).abstained
    ministers = real_service.ask(
        "How many countries sent foreign ministers or ministers to the June 2020 high-level video conference on "
        "Belt and Road cooperation?"
    )
    assert ministers.answer.startswith("25 countries (25个国家)"), ministers.answer


def test_a_part_named_only_as_the_last_item_of_a_list_is_not_the_group_s_figure(real_service) -> None:
    from qa.answer.named import only_listed

    assert only_listed("增开国内至欧洲、印度和美国的航线，执行防疫物资包机210班", "美国")
    assert not only_listed("中国和美国举行会晤", "美国")  # a pair, not a list
    flights = "How many charter flights carrying pandemic supplies did SF Airlines fly?"
    result = real_service.ask("How many of those went to the US?", _history(flights))
    assert result.abstained and result.answer.startswith(
        "The reports name United States only as one of a group"
    ), result.answer


def test_a_growth_asked_since_a_year_is_a_rate() -> None:
    assert analyze("What's the average yearly growth since 2013?").kind == "percentage"


def test_a_chinese_follow_up_with_a_year_and_no_subject_asks_of_the_conversation(real_service) -> None:
    from qa.answer.followup import subjectless

    assert subjectless("2019年开了多少列？") and not subjectless("2019年中欧班列开了多少列？")
    xinjiang = "How many China–Europe freight trains left via Xinjiang in 2020?"
    assert real_service.ask(
        "2019年开了多少列？", _history(xinjiang)
    ).abstained  # the national 8225列 is no answer
    national = real_service.ask("2019年开了多少列？", _history("2020年中欧班列开了多少列？"))
    assert "8225列" in national.citations[0].quote, national.answer


def test_goods_trade_is_an_amount_asked() -> None:
    from qa.answer.asked_en import asked_noun, names_an_amount

    question = (
        "What was China's goods trade with the 140 countries that signed Belt and Road documents in 2020?"
    )
    assert asked_noun(question) == "goods trade" and names_an_amount("goods trade")
    assert analyze(question).kind == "quantity"
    assert asked_noun("How many goods were sold?") == "goods"


def test_a_part_asked_must_be_named_unless_it_is_what_the_part_is_not(real_service) -> None:
    books = (
        "How many print copies of the Common Dreams Belt and Road story series have been distributed?",
        "And how many times has it been read online?",
    )
    outside = real_service.ask("How much of that came from readers outside China?", _history(*books))
    assert not outside.abstained and outside.answer.startswith("Overseas reads"), outside.answer
    tech = (
        "With how many ASEAN countries has China set up government-level technology transfer mechanisms?",
    )
    assert real_service.ask(
        "其中中国企业有几家？", _history(*tech, "跨国技术转移协作网络里有多少家企业？")
    ).abstained


def test_its_capacity_is_of_the_thing_it_is_however_often_its_name_is_given(real_service) -> None:
    line = (
        "What was Pakistan's first high-voltage DC power line?",
        "How much electricity can it carry in a year?",
    )
    assert real_service.ask("What's its capacity in megawatts?", _history(*line)).abstained  # not Nam Ou's


def test_among_them_is_no_pronoun_and_it_is_no_name_every_question_shares() -> None:
    from qa.answer.carried import pointed_back

    zones = _history("How many local jobs had China's overseas cooperation zones created by the end of 2020?")
    assert pointed_back(analyze("其中沿线国家的园区给东道国交了多少税？", zones)) == []
    books = _history(
        "How many print copies of the Common Dreams Belt and Road story series have been distributed?",
        "And how many times has it been read online?",
    )
    assert pointed_back(analyze("Who launched its second volume, and when?", books)) == ["共同梦想"]


def test_how_much_of_the_line_asks_a_length(real_service) -> None:
    railway = (
        "How long will the train from Belgrade to Budapest take once the Hungary–Serbia railway is finished?"
    )
    result = real_service.ask("How much of the line is open so far?", _history(railway))
    assert result.answer.startswith("17.5 km (17.5公里)"), result.answer


def test_a_year_earlier_is_the_year_before_the_one_asked(real_service) -> None:
    from qa.answer.analyze import find_years
    from qa.answer.editions import years_asked

    def asked(question: str, *users: str) -> list[int]:
        return years_asked(question, find_years(question), users, "en", find_years)[1]

    assert asked("What was the number a year earlier?", "How many in 2020?") == [2019]
    assert asked("那前一年呢？", "2020年有多少？") == [2019]
    assert asked("What was the number in 2019?", "How many in 2020?") == [2019]
    assert asked("What was the number a year earlier?", "Who built it?") == []
    # "that year" after "And the year before?": the year that one asked, though it wrote none
    assert years_asked("that year?", [], ["How many in 2020?", "And the year before?"], "en", find_years)[
        0
    ] == [2019]
    trains = "How many trains did the China-Europe Railway Express run in 2020?"
    said = [
        {"role": "user", "content": trains},
        {"role": "assistant", "content": real_service.ask(trains).answer},
    ]
    earlier = real_service.ask("What was the number a year earlier?", said)
    assert earlier.answer.startswith("In 2019, China-Europe Railway Express trains run: 8,225 trains"), (
        earlier.answer
    )
    schools = "截至2020年底，中外合作办学机构和项目有多少个？"
    assert real_service.ask("What was the number a year earlier?", _history(schools)).abstained


def test_money_asked_is_not_answered_by_days_it_took() -> None:
    from qa.answer.dimension import dimension_reason

    days = [{"unit": "天", "value": 32.0}]
    assert dimension_reason("How much did it cost to build?", "en", frozenset(), days)
    assert not dimension_reason(
        "How much did investment grow?", "en", frozenset(), [{"unit": "%", "value": 5.0}]
    )
    assert not dimension_reason(
        "How much did it cost?", "en", frozenset(), [{"unit": "亿美元", "value": 2.0}]
    )


def test_a_year_and_a_modal_verb_ask_nothing_a_sentence_must_have() -> None:
    from qa.answer.followup import subjectless

    assert subjectless("一年能发多少电？") and not subjectless("一带一路有多少国家？")


def test_counted_lines_and_growth_by_and_a_total_under_a_heading(real_service) -> None:
    from qa.answer.query import unclassified

    assert unclassified("条线", "开了多少条线？") == ("线",) and unclassified("项目", "有多少项目？") == (
        "项目",
    )
    assert analyze("What does the WTO expect world goods trade to grow by in 2021?").kind == "percentage"
    zones = real_service.ask("跨境电商综试区2020年扩容后一共有多少个？")
    assert "增至105个" in zones.citations[0].quote, zones.answer


def test_an_abstention_carries_nothing_into_the_next_question(real_service) -> None:
    from qa.answer.query import ABSTAINED, said_in

    assert "报告" not in said_in({"role": "assistant", "content": ABSTAINED["zh"]})["content"]
    turns = _history("Who built the Garissa solar plant in Kenya?")
    turns += [
        {"role": "user", "content": "一年能发多少电？"},
        {"role": "assistant", "content": ABSTAINED["zh"]},
    ]
    workers = real_service.ask("How many local workers did it hire?", turns)
    assert workers.abstained, workers.answer  # not the 30万人 sent abroad by contractors
