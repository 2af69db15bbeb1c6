"""A question in parts where one part asks no figure ("what did they add, and how many are there now?") has its
parts answered each alone before a figure stands in for the whole, and a part asking when in words that are only
dictionary senses ("when did it start commercial operation") is answered by a dated sentence holding one of them.
An edition a follow-up names alone is of the event the last answer named when no question named one ("2020年那届…"
answered by 第三届…培训班), "上一届" is before the edition last named, and an event is named after 第N次 as after
第N届 (第三次…座谈会)."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.editions import asked_event, edition_before, en_edition_terms
from qa.answer.named import without_qualifiers
from qa.answer.part_quotes import part_without_figure
from tests.helpers import ask_in_turn


def test_a_part_asking_no_figure_is_found() -> None:
    assert part_without_figure(
        analyze(
            "What new working groups did they add in March 2020, and how many joint working groups are there now?"
        )
    )
    assert not part_without_figure(analyze("How many trains ran in 2020, and how many TEUs did they carry?"))
    assert not part_without_figure(analyze("How many trains ran in 2020?"))


def test_the_parts_are_answered_alone_before_a_figure_stands_in(real_service) -> None:
    result = real_service.ask(
        "What new working groups did China and Pakistan add to CPEC in March 2020, and how many joint working "
        "groups does it have now?"
    )
    assert not result.abstained, result.answer
    quotes = " ".join(c.quote for c in result.citations)
    assert "科技与农业领域" in quotes and "联合工作组增至10个" in quotes
    assert "350亿千瓦时" not in result.answer


def test_a_part_asking_when_in_senses_only_is_answered_by_a_dated_sentence(real_service) -> None:
    result = real_service.ask(
        "How big is the Sweihan solar plant in Abu Dhabi, and when did it start commercial operation?"
    )
    assert not result.abstained, result.answer
    assert "1177兆瓦" in result.answer and "2019年7月" in result.answer


def test_an_edition_alone_is_of_the_event_the_last_answer_named() -> None:
    history = [
        {"role": "user", "content": "2020年那届培训班是哪几家机构联合主办的？"},
        {"role": "assistant", "content": "2020年12月，…联合主办了第三届“一带一路”参与企业合规经营培训班。"},
    ]
    assert asked_event("那第二届是在哪里办的？", ["一带一路", "培训班", "机构"], history) == ["培训班"]
    # a question naming an edition comes first: its event, not the answer's
    history.insert(0, {"role": "user", "content": "第二届高峰论坛在哪里开的？"})
    assert asked_event("那第二届是在哪里办的？", ["高峰论坛", "培训班"], history[:1]) == ["高峰论坛"]


def test_the_previous_edition_is_before_the_one_last_named() -> None:
    turns = [
        {"role": "user", "content": "第三届培训班是谁主办的？"},
        {"role": "assistant", "content": "…主办了第三届培训班。"},
        {"role": "user", "content": "在哪儿办的？"},
        {"role": "assistant", "content": "在清华大学举办。"},
    ]
    assert edition_before("上一届有多少家企业参加？", None, turns) == 2
    assert edition_before("上一届有多少家企业参加？", 128, turns) == 127
    assert edition_before("有多少家企业参加？", None, turns) is None
    answered = [{"role": "user", "content": "2020年那届培训班在哪办的？"}, turns[1]]
    assert edition_before("the previous one?", None, answered) == 2


def test_an_edition_not_in_the_reports_is_a_near_miss_after_one_named_by_an_answer(real_service) -> None:
    result = ask_in_turn(
        real_service,
        "2020年那届“一带一路”参与企业合规经营培训班是哪几家机构联合主办的？",
        "那第二届是在哪里办的？",
    )
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "edition"
    result = ask_in_turn(
        real_service,
        "第三届一带一路参与企业合规经营培训班是谁主办的？",
        "在哪儿办的？",
        "上一届有多少家企业参加？",
    )
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "edition"


def test_an_event_named_after_its_session_number_is_the_one_asked(real_service) -> None:
    result = ask_in_turn(
        real_service, "第三次“一带一路”建设座谈会是哪天在哪开的？", "那第二次是什么时候开的？"
    )
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "edition"
    result = real_service.ask("第三次“一带一路”建设座谈会是哪天开的？")
    assert not result.abstained and "11月19日" in result.answer


def test_an_english_edition_in_words_names_its_event() -> None:
    assert "进博会" in en_edition_terms("What about the fourth CIIE, any deal figure yet?")
    assert "进博会" in en_edition_terms("What was signed at the 4th CIIE?")


def test_an_edition_in_words_the_reports_do_not_reach_is_not_answered(real_service) -> None:
    result = ask_in_turn(
        real_service,
        "What was the intended deal value at the third CIIE?",
        "What about the fourth CIIE, any deal figure yet?",
    )
    assert result.abstained, result.answer


def test_a_list_before_the_verb_does_not_name_the_things_counted(real_service) -> None:
    # 商务部、中央网信办、工信部…联合发布公告，认定12家…: who named them, not the twelve
    result = real_service.ask("首批12家国家数字服务出口基地具体是哪几家？")
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "measure"
    # 哪三条 asks the items of the count the question names
    result = real_service.ask("舍曼7月底访问天津时，中方提出的三条底线具体是哪三条？")
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "measure"
    # the items listed before the count in its clause are named: …中老磨憨—磨丁经济合作区2个跨境经济合作区
    result = real_service.ask("兰瑞智库文章提到的两个跨境经济合作区是哪两个？")
    assert not result.abstained and "磨憨" in result.answer
    result = real_service.ask("海关新加的跨境电商B2B出口方式代码是哪两个？")
    assert not result.abstained and "9710" in result.citations[0].quote


def test_the_value_of_a_thing_is_money() -> None:
    assert "美元" in analyze("What is the investment value of Kuwait's Al-Zour refinery?").asked_units
    assert "美元" in analyze("What was the value of trade in goods in 2020?").asked_units


def test_a_value_asked_is_not_answered_by_a_capacity(real_service) -> None:
    result = real_service.ask("What is the investment value of Kuwait's Al-Zour refinery?")
    assert result.abstained and "3150" not in result.answer


def test_an_amount_donated_is_not_answered_by_one_committed(real_service) -> None:
    for question in (
        "丝路基金给中国抗疫捐了多少钱？",
        "How much did the Silk Road Fund donate to support China's COVID response?",
    ):
        result = real_service.ask(question)
        assert result.abstained and result.near_miss is not None and result.near_miss.missing == "measure"
        assert "178亿美元" in result.answer  # the neighbour, said to be one
    result = real_service.ask("亚投行给中国抗疫捐了多少钱？")
    assert not result.abstained and "100万美元" in result.answer
    result = real_service.ask("How much did Sinosure pay out in claims by June 2019?")
    assert not result.abstained and "28.7亿美元" in result.answer


def test_how_a_thing_did_in_a_year_asks_its_figures() -> None:
    assert analyze("How did China's trade with its FTA partners do in 2020?").kinds == ["quantity"]
    assert analyze("How did the ranking fare over those years?").kinds == ["quantity"]
    assert "quantity" not in analyze("How did China do its part in the fight against COVID?").kinds


def test_how_trade_did_is_answered_by_its_growth(real_service) -> None:
    result = real_service.ask("How did China's trade with its FTA partners do in 2020?")
    assert not result.abstained and "3.2%" in result.answer


def test_a_verb_asked_how_much_of_is_what_must_be_said() -> None:
    assert analyze("中国—拉美（墨西哥）国际贸易数字展览会成交了多少？").focus == "成交"
    assert analyze("2020年出口了多少？").focus == "出口"
    assert analyze("2020年增长了多少？").focus == ""  # 增长额 is no measure the reports label


def test_an_amount_traded_is_answered_by_the_sentence_saying_it(real_service) -> None:
    result = real_service.ask("中国—拉美（墨西哥）国际贸易数字展览会成交了多少？")
    assert not result.abstained and "802万美元" in result.answer


def test_a_name_right_before_a_more_specific_one_only_says_where_it_is() -> None:
    names = [("希腊", ["希腊"]), ("比雷埃夫斯港", ["比雷埃夫斯港"])]
    assert without_qualifiers("希腊比雷埃夫斯港2019年集装箱吞吐量多少？", "zh", names) == names[1:]
    assert without_qualifiers("希腊和比雷埃夫斯港各有多少？", "zh", names) == names


def test_a_port_named_with_its_country_is_answered_by_a_passage_naming_the_port(real_service) -> None:
    result = real_service.ask("希腊比雷埃夫斯港2019年集装箱吞吐量多少？")
    assert not result.abstained and "565万标准箱" in result.answer


def test_a_clause_asking_how_big_is_a_part_of_its_own() -> None:
    assert analyze("新的邮轮码头扩建什么时候完工，能停多大的船？").parts == [
        "新的邮轮码头扩建什么时候完工",
        "能停多大的船",
    ]
    assert len(analyze("截至2020年8月，一共几章几条？").parts) == 1


def test_a_later_part_naming_another_edition_is_answered_by_a_sentence_of_it(real_service) -> None:
    result = real_service.ask(
        "Where was the 4th Belt and Road International Youth Forum held, and when did the first edition take place?"
    )
    assert not result.abstained, result.answer
    quotes = " ".join(c.quote for c in result.citations)
    assert "首尔" in quotes and "2019年2月" in quotes


def test_a_group_named_before_its_initiative_only_says_whose_it_is(real_service) -> None:
    result = real_service.ask(
        "Under the G20 debt service suspension initiative, how much relief had CIDCA and China Exim Bank delivered "
        "by November 2020?"
    )
    assert not result.abstained and "13.53亿美元" in result.answer


def test_the_event_of_a_party_is_read_in_the_clause_naming_it(real_service) -> None:
    # 中国—毛里求斯自贸协定生效，…，与新西兰签署自贸协定升级议定书: New Zealand's is a signing
    result = real_service.ask("中国和新西兰的自贸协定升级议定书是哪天生效的？")
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "time"
    result = real_service.ask("中国—毛里求斯自贸协定是什么时候生效的？")
    assert not result.abstained and "2021年1月" in result.answer


def test_a_title_before_a_name_is_no_qualifier() -> None:
    names = [("国家主席", ["国家主席", "总统", "主席"]), ("卡加梅", ["卡加梅"])]
    assert without_qualifiers("What did President Kagame say?", "en", names) == names
