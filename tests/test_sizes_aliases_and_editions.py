"""A size the question names its subject by ("the 3.5m-tonne steel project", 年产350万吨的…项目) picks the subject out:
its unit is no term a sentence must hold and its value is no answer. A Chinese question's edition is of the event
it names (中国—东盟博览会), not of what it asks after the name (签约总额), and "那第二届呢？" asks the event the last
question asked an edition of. 多少就业岗位 counts jobs though no counter is written. 签约额 is the value of deals
signed, 当地员工 local staff. A later part naming nothing but a rate ("…, and what share … was it?") is answered by
a chosen sentence with a percentage, and a change of a count (总条目增加127条) is said as one in English ("up 127").
哪天 asks, as 哪年 does. An event named before its session in the same clause (中阿合作论坛第九届部长级会议, GIP召开第二次全体会议)
names that edition, and the reports' acronyms (GIP, MCDF, GTI) are their names' forms. "worth", "in dollars",
"retail value of" and 造价 ask an amount of money: a passage with none does not answer. A place an English question
names (Cambodia) is a name the answer must be about, as a Chinese question's is. A name the sentence before gives
only as an item of a list (新设北京、湖南、安徽3个自贸试验区) makes the next sentence's figure the group's. Services
trade is a part of trade: goods trade does not answer it."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asked_noun import asks_count
from qa.answer.dimension import against_years
from qa.answer.editions import asked_event, edition_terms, editions_of, en_edition_terms
from qa.answer.english import figure_sentence
from qa.answer.figure_pairs import Stated
from qa.answer.flow import asked_event as works_asked
from qa.answer.focus import zh_focus
from qa.answer.parts import asked_qualifiers, bare_qualifiers
from qa.answer.query import QUESTION_WORDS
from qa.answer.sizes import sizes_named
from qa.text.glossary import load_glossary
from qa.text.phrases import en_terms
from tests.helpers import ask_in_turn


def test_a_size_naming_the_subject_is_found() -> None:
    assert sizes_named("How many jobs has the 3.5m-tonne integrated steel project created?") == {3_500_000}
    assert sizes_named("年产350万吨的联合钢铁项目创造了多少就业岗位？") == {3_500_000}
    assert sizes_named("What did the 1,000-bed hospital cost?") == {1000}
    assert sizes_named("How many trains ran in 2020?") == set()
    assert sizes_named("2020年的出口额是多少？") == set()


def test_the_unit_of_a_named_size_is_no_term() -> None:
    assert "吨" not in en_terms("How many jobs has the 3.5m-tonne steel project created?")
    assert "就业岗位" in en_terms("How many jobs has the 3.5m-tonne steel project created?")


def test_the_event_of_a_chinese_edition_is_the_name_not_the_measure_after_it() -> None:
    terms = ["中国—东盟博览会", "东盟", "签约", "总额"]
    assert edition_terms("第17届中国—东盟博览会签约总额是多少？", terms, heads=True) == ["中国—东盟博览会"]
    # a common word that ends the name stays the head when no proper name is there (培训班, not 一带一路)
    assert edition_terms(
        "第二届一带一路企业合规经营培训班在哪里办的？", ["一带一路", "培训班"], heads=True
    ) == ["培训班"]


def test_a_follow_up_naming_only_an_edition_asks_the_event_asked_before() -> None:
    history = [
        {"role": "user", "content": "第三届一带一路参与企业合规经营培训班在哪里办的？"},
        {"role": "assistant", "content": "在清华大学举办。"},
    ]
    assert asked_event("那第二届是在哪办的？", ["一带一路", "培训班", "清华大学"], history) == ["培训班"]
    assert asked_event("那第二届是在哪办的？", ["培训班", "清华大学"]) == ["培训班", "清华大学"]


def test_a_bare_count_of_a_noun_is_a_count() -> None:
    query = analyze("年产350万吨的联合钢铁项目给当地创造了多少就业岗位？")
    assert asks_count(query, bare=True) and not asks_count(query)
    assert not asks_count(analyze("2020年累计投资多少？"), bare=True)


def test_deals_signed_are_the_value_signed() -> None:
    assert "签约额" in load_glossary().expand_english("What was the total value of deals signed at the expo?")


def test_a_size_naming_the_subject_is_not_the_answer(real_service) -> None:
    result = real_service.ask(
        "How many jobs has the 3.5m-tonne integrated steel project at the Malaysia-China Kuantan park created?"
    )
    assert not result.abstained, result.answer
    assert result.figures[0].raw == "4000个" and "350万吨" not in result.answer
    result = real_service.ask("年产350万吨的联合钢铁项目给当地创造了多少就业岗位？")
    assert not result.abstained and "4000个就业岗位" in result.citations[0].quote


def test_an_edition_is_read_of_the_event_named_and_of_the_one_asked_before(real_service) -> None:
    result = real_service.ask("第17届中国—东盟博览会签约总额是多少？")
    assert not result.abstained and "2638.7亿元" in result.answer
    result = real_service.ask("What was the total value of deals signed at the 17th China-ASEAN Expo?")
    assert not result.abstained and "2638.7亿元" in result.answer
    first = real_service.ask("第三届一带一路参与企业合规经营培训班在哪里办的？")
    assert not first.abstained and "第三届" in first.answer
    second = ask_in_turn(
        real_service, "第三届一带一路参与企业合规经营培训班在哪里办的？", "那第二届是在哪办的？"
    )
    assert second.abstained and second.near_miss is not None and second.near_miss.missing == "edition"


def test_local_staff_and_asking_days_are_read() -> None:
    assert "当地员工" in load_glossary().expand_english("How many local staff has the plant hired?")
    assert {
        "哪天",
        "几月",
        "之前",
        "此前",
        "各",
    } <= QUESTION_WORDS  # 之前两次通话各多长时间: no words a sentence must hold


def test_a_change_of_a_count_is_said_as_a_change(real_service) -> None:
    result = real_service.ask("2020年版鼓励外商投资产业目录总条目增加了多少条？")
    quote = next(c for c in result.citations if "增加127条" in c.quote)
    fig = {
        "value": 127.0,
        "unit": "条",
        "raw": "127条",
        "label": "总条目",
        "label_en": "total items",
        "kind": "count",
    }
    start = quote.start + quote.quote.index("127条")
    fig |= {"measure_kind": "change", "start": start, "end": start + 4}
    stated = Stated(fig, 1, type("Q", (), {"text": quote.quote, "start": quote.start})())
    assert figure_sentence([stated]) == "Total items: up 127 (127条) [1]."
    result = real_service.ask(
        "How many more items does the 2020 Catalogue of Industries for Encouraged Foreign Investment have?"
    )
    assert "up 127 (127条)" in result.answer


def test_a_rate_part_is_answered_by_the_chosen_sentence_with_it(real_service) -> None:
    result = real_service.ask(
        "What was China's goods trade with Belt and Road countries worth in 2013 and in 2019, and what share of "
        "China's total foreign trade was it by 2019?"
    )
    assert not result.abstained and "29.4%" in result.answer and "1.04万亿美元" in result.answer
    assert not any("海外仓" in c.quote for c in result.citations)


def test_an_event_named_before_its_session_names_the_edition() -> None:
    assert editions_of("通过了《中国—阿拉伯国家合作论坛第九届部长级会议安曼宣言》", ["中阿合作论坛"]) == {9}
    assert editions_of("2020年9月，GIP召开第二次全体会议并发布首份年度进展报告", ["绿色投资原则"]) == {2}
    assert editions_of("2020年9月，GIP召开第二次全体会议", ["进博会"]) == set()
    question = (
        "What documents came out of the 9th ministerial meeting of the China-Arab States Cooperation Forum?"
    )
    assert "中国—阿拉伯国家合作论坛" in en_edition_terms(question)
    assert "GIP" in load_glossary().synonyms("绿色投资原则")


def test_a_session_named_after_its_event_is_answered(real_service) -> None:
    result = real_service.ask(
        "What documents came out of the 9th ministerial meeting of the China-Arab States Cooperation Forum?"
    )
    assert not result.abstained and "安曼宣言" in result.answer
    result = ask_in_turn(
        real_service,
        "How big is the Green Investment Principles for the Belt and Road network now?",
        "who won the awards it handed out at its second plenary?",
    )
    assert not result.abstained and "第二次全体会议" in result.citations[0].quote


def test_worth_in_dollars_and_cost_ask_money() -> None:
    for question in (
        "What was that trade worth in dollar terms?",
        "How much was written off in total, in dollars?",
        "What was the total online retail value of the goods sold during the festival?",
        "造价是多少？",
    ):
        assert "美元" in analyze(question).asked_units, question
    assert not analyze("How many trains ran in 2020?").asked_units & {"美元", "元"}


def test_a_passage_with_no_money_does_not_answer_a_cost(real_service) -> None:
    result = ask_in_turn(real_service, "伊斯兰堡隔离医院是什么时候投入使用的？", "造价是多少？")
    assert result.abstained, result.answer


def test_a_place_an_english_question_names_is_what_the_answer_is_about(real_service) -> None:
    result = real_service.ask("When did the China-Cambodia FTA enter into force?")
    assert result.abstained and "毛里求斯" not in result.answer, result.answer
    assert result.near_miss is not None and result.near_miss.missing == "time"
    result = real_service.ask("When did China and Cambodia sign their FTA?")
    assert not result.abstained and "柬埔寨" in result.citations[0].quote


def test_a_name_listed_only_in_the_sentence_before_gets_the_group_figure_as_a_near_miss(real_service) -> None:
    result = real_service.ask("湖南自贸区2020年实际利用外资多少？")
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "aggregate"
    assert "1763.8亿元" in result.answer


def test_services_trade_is_a_part_goods_trade_does_not_answer(real_service) -> None:
    assert asked_qualifiers("What was China's services trade with them in 2019?", "en") == {"服务"}
    assert bare_qualifiers("中国与沿线国家完成服务进出口额844.7亿美元") == {"服务"}
    assert "服务" not in bare_qualifiers("货物贸易进出口总额从2013年的1.04万亿美元增加到2019年的1.34万亿美元")
    result = real_service.ask("What was China's services trade with Belt and Road countries in 2019?")
    assert result.abstained and "1.34万亿美元" not in result.answer
    result = real_service.ask("What was China's services trade with Belt and Road countries in 2020?")
    assert not result.abstained and "844.7亿美元" in result.answer


def test_due_asks_when_it_is_to_be_finished() -> None:
    assert works_asked("when's that due and how big a ship can it take?", "en") == "finish"
    assert works_asked("When is the terminal due to open?", "en") == "finish"
    assert works_asked("How much did throughput fall due to the pandemic?", "en") == ""


def test_two_years_set_against_each_other_ask_both() -> None:
    assert against_years("and the loaded-container rate, 2019 vs 2020?", "en") == []
    assert against_years("What was the rate in 2019 versus 2020?", "en") == []
    assert against_years("How much did the share rise from 2019?", "en") == [2019]
    assert against_years("How much higher was it than in 2019?", "en") == [2019]


def test_a_modal_and_a_verb_before_how_much_are_no_noun(real_service) -> None:
    assert zh_focus("海外仓物流成本能省多少？") != "成本能省"  # 能省: "can save", not a noun
    assert zh_focus("一年能产多少肉？") == "肉"
    result = real_service.ask("跟跨境电商直购比，走海外仓物流成本能省多少？")
    assert not result.abstained and "30%~50%" in result.answer
