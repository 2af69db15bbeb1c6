"""A rate asked with another rate word (员工比例: 本地化率), the whole a share is of (占全球多少: 世界), a two-character
short name written long (达峰: 达到峰值), a change asked colloquially (掉了多少), "how much signed vs disbursed", and a
two-part follow-up whose parts are each short."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asked_en import asked_noun
from qa.answer.dimension import asks_change
from qa.answer.focus import zh_focus
from qa.answer.named import elided_in
from qa.answer.term_match import rate_written
from tests.helpers import ask_in_turn


def test_a_rate_written_with_another_rate_word() -> None:
    assert rate_written("员工比例", "2019年普通员工本地化率已达85%")
    assert rate_written("企业占比", "民营企业所占比重为40%")
    assert not rate_written("企业比例", "员工本地化率已达85%")  # the rate of something else
    assert not rate_written("票价", "票价为500先令")  # no rate word asked


def test_the_whole_a_share_is_of_is_not_what_is_asked() -> None:
    assert zh_focus("中美两国经济体量分别占全球多少？") == ""
    assert zh_focus("蒙内铁路的票价是多少") == "票价"


def test_a_two_character_name_written_with_a_character_after_each() -> None:
    question = "碳达峰的时间是哪年？"
    assert elided_in(question, "达峰", "力争2030年前二氧化碳排放达到峰值")
    assert not elided_in(question, "达峰", "双方达成协议后登上山峰")  # 达 and 峰 far apart
    assert not elided_in("德日合作了吗", "德日", "德国和日本")


def test_a_change_asked_with_a_one_character_verb() -> None:
    assert asks_change("2020年集装箱吞吐量掉了多少", "zh")
    assert asks_change("那年跌了多少？", "zh") and asks_change("涨了几个百分点", "zh")
    assert not asks_change("2020年集装箱吞吐量有多少", "zh")


def test_how_much_of_a_verb_names_no_thing() -> None:
    assert asked_noun("special loans - how much signed vs actually disbursed?") == ""
    assert asked_noun("How many dedicated lines were opened?") == "dedicated lines"
    assert asked_noun("How many trains ran versus planned?") == "trains"


def test_a_two_part_follow_up_of_short_parts_keeps_the_topic() -> None:
    history = [
        {"role": "user", "content": "When was the 4th Belt and Road International Youth Forum held?"},
        {"role": "assistant", "content": "3 December 2020 (12月3日) [1]."},
    ]
    query = analyze("what was the theme, and how many countries did participants come from", history)
    assert query.followup and "国际青年论坛" in query.extra_terms


def test_rates_shares_and_short_names_are_answered(real_service) -> None:
    result = real_service.ask("中美两国的经济体量各占全球的多少？")  # before: "没有'全球'的内容"
    assert not result.abstained and "24%" in result.answer, result.answer
    result = real_service.ask("中白工业园当地员工比例多少")  # before: "没有'员工比例'"
    assert not result.abstained and "85%" in result.answer, result.answer
    result = real_service.ask("中国碳达峰碳中和的时间表是什么")  # before: 达峰 "not in the reports"
    assert not result.abstained and "2060年" in result.answer, result.answer


def test_a_year_asked_again_keeps_the_change_it_asks(real_service) -> None:
    result = ask_in_turn(real_service, "比雷埃夫斯港2019年集装箱吞吐量多少", "2020年跌了多少")
    assert not result.abstained and "3.75%" in result.answer, result.answer  # before: no 2020 data


def test_a_two_part_follow_up_is_answered_from_its_topic(real_service) -> None:
    result = ask_in_turn(
        real_service,
        "When and where was the 4th Belt and Road International Youth Forum held?",
        "what was the theme, and how many countries did participants come from",
    )
    assert not result.abstained and "20" in result.answer and "150" not in result.answer, result.answer


def test_a_date_dates_its_own_clause(real_service) -> None:
    # "2020年1月，中国与世界分享…，并于3月开始进行第一个新冠疫苗的人体试验": March, not January
    result = ask_in_turn(
        real_service, "When did China join COVAX?", "when did its first covid vaccine human trial start"
    )
    assert not result.abstained and result.answer.startswith("The reports give the date as March 2020"), (
        result.answer
    )
    result = real_service.ask("中国第一个新冠疫苗人体试验什么时候开始的")
    assert not result.abstained and result.answer.startswith("报告所记日期为2020年3月"), result.answer


def test_what_award_and_where_from_are_statements_asked() -> None:
    from qa.answer.asks_for import makes_statement, statement_asked

    assert statement_asked("What award did the Belo Monte project win?") == "award"
    assert statement_asked("这个项目得了什么奖") == "award"
    assert statement_asked("where did the money come from?") == "source"
    assert statement_asked("钱是从哪来的") == "source"
    assert statement_asked("how many countries did participants come from") != "source"
    assert makes_statement("award", "被“巴西标杆管理活动”授予“巴西社会环境管理最佳实践奖”")
    assert makes_statement("source", "该笔捐款来自全体员工的募捐")


def test_where_the_money_came_from_is_read_on_from_the_donation(real_service) -> None:
    result = ask_in_turn(
        real_service,
        "AIIB covid donation to China - how much and when?",
        "where did the money come from and what was it for",
    )
    assert not result.abstained and "捐款来自全体员工" in result.answer, result.answer


def test_a_colloquial_when_asks_a_date() -> None:
    assert analyze("双区联动是啥时候开始的").kind == "date"
    assert analyze("啥时开的会").kind == "date"


def test_an_agreement_negotiated_is_not_one_signed_or_in_force() -> None:
    from qa.answer.flow import asked_event, only_negotiated

    assert asked_event("中欧投资协定什么时候签署的？", "zh") == "signed"
    assert asked_event("When was the agreement signed?", "en") == "signed"
    assert asked_event("When did it come into force?", "en") == "in force"
    assert only_negotiated("同月，中国与欧盟完成中欧投资协定谈判，协定对标国际高水平经贸规则")
    assert not only_negotiated("2020年11月15日，RCEP正式签署")


def test_the_same_month_is_the_month_of_the_sentence_before(real_service) -> None:
    # "12月参加GTI…。同月，中国与欧盟完成中欧投资协定谈判": December 2020
    result = real_service.ask("中欧投资协定谈判是什么时候完成的？")  # before: no date given
    assert not result.abstained and result.answer.startswith("报告所记日期为2020年12月"), result.answer
    result = real_service.ask("When did China and the EU conclude the investment agreement talks?")
    assert result.answer.startswith("The reports give the date as December 2020"), (
        result.answer
    )  # before: September


def test_a_signing_asked_of_an_agreement_only_negotiated_is_a_near_miss(real_service) -> None:
    result = real_service.ask("中欧投资协定是哪天签的？")
    assert result.abstained and result.near_miss.missing == "time", result.answer
    assert "只有完成谈判的记载" in result.answer, result.answer
    result = real_service.ask("When did the China-EU investment agreement take effect?")
    assert result.abstained and "negotiations were concluded" in result.answer, result.answer


def test_sha_is_read_as_shenme() -> None:
    from qa.answer.requests import as_question

    assert as_question("通知叫啥") == "通知叫什么"
    assert as_question("啥时开的会") == "什么时候开的会"


def test_a_colloquial_what_is_answered(real_service) -> None:
    result = real_service.ask("2020年12月中国办了个啥金砖活动")  # before: no answer found
    assert not result.abstained and "金砖国家新工业革命伙伴关系论坛" in result.answer, result.answer
    result = ask_in_turn(real_service, "在人道主义领域，中国援多米尼克做了什么", "缅甸那边援了啥")
    assert not result.abstained and "克钦邦" in result.answer, result.answer  # before: a training sentence


def test_a_part_asked_is_of_the_measure_asked_before() -> None:
    from qa.answer.carried import part_of_carried_reason

    history = [
        {"role": "user", "content": "2020年与签署合作文件国家的货物贸易总额是多少"},
        {
            "role": "assistant",
            "content": "中国与140个签署“一带一路”合作文件的国家货物贸易总额达1.9万亿美元。[1]",
        },
    ]
    query = analyze("其中出口有多少", history)
    services = "服务贸易方面，2020年，完成服务进出口额844.7亿美元；其中，服务出口377.3亿美元"
    assert part_of_carried_reason(query, f"货物贸易方面，…。{services}", services)  # another measure's part
    goods = "其中，出口1.2万亿美元。"
    assert not part_of_carried_reason(query, f"货物贸易总额达1.9万亿美元。{goods}", goods)  # its breakdown


def test_a_part_of_another_measure_is_no_answer(real_service) -> None:
    result = ask_in_turn(real_service, "2020年中国和签了合作文件的国家货物贸易总额多少", "其中出口有多少")
    assert result.abstained, result.answer  # before: the services exports (服务出口377.3亿美元)
    result = ask_in_turn(real_service, "2020年中国跨境电商进出口额多少", "其中出口呢")
    assert not result.abstained and "1.12万亿元" in result.answer, result.answer
