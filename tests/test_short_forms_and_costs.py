"""Short forms the reports define (以下简称…), what was added and how many there are, a figure dated by the sentence
before, a cost asked as "What will it cost", "a company" (一家公司) and words of the same dictionary senses."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asked_en import asked_noun
from qa.answer.flow import years_before
from qa.answer.types import Quote
from qa.text.abbreviations import defined_short_forms
from qa.text.lexicon import Lexicon


def test_short_forms_are_read_from_their_definitions() -> None:
    text = (
        "2021年1月，亚洲基础设施投资银行（以下简称“亚投行”）成立5周年。"
        "委员会、商务部发布《鼓励外商投资产业目录（2020年版）》（以下简称“《鼓励目录》”）。"
        "国务院新设46个跨境电商综合试验区（以下简称“综试区”）。"
        "商务部发布《阻断外国法律与措施不当域外适用办法》（以下简称“《办法》”）。"
        "商务部修订出台《外商投资企业投诉工作办法》（以下简称“《办法》”）。"
        "为非洲1万个村落实施收看卫星电视项目（以下简称“万村通”项目）。"
    )
    short = defined_short_forms([text])
    assert short["亚投行"] == "亚洲基础设施投资银行"
    assert short["鼓励目录"] == "鼓励外商投资产业目录"  # the name without its edition
    assert short["综试区"] == "综合试验区"
    assert "办法" not in short  # defined for two documents: it stands for neither
    assert "万村通" not in short  # no name before it holds its characters


def test_a_name_and_its_short_form_are_written_for_each_other() -> None:
    lexicon = Lexicon(short={"鼓励目录": "鼓励外商投资产业目录", "亚投行": "亚洲基础设施投资银行"})
    assert lexicon.also_written(["鼓励外商投资产业目录"]) == ["鼓励目录"]
    assert lexicon.also_written(["亚投行"]) == ["亚洲基础设施投资银行"]
    assert lexicon.also_written(["目录"]) == []  # a word of a name is not the name


def test_words_of_the_same_dictionary_senses() -> None:
    lexicon = Lexicon(
        words={"company": ["企业", "公司"], "firm": ["企业", "公司", "坚定"], "corporation": ["公司", "企业"]}
    )
    assert lexicon.same_senses("公司") == ["企业"]
    assert lexicon.same_senses("坚定") == []  # one sense shared is too loose


def test_a_figure_whose_sentence_states_no_year_is_of_the_sentence_before() -> None:
    before = "相比2019年版，2020年版《鼓励目录》条目和范围进一步扩大。"
    text = "鼓励投向先进制造业*总条目：1235条，增加127条"
    quote = Quote(
        hit=None, start=100, end=100 + len(text), text=text, score=1.0, coverage=1.0, context=before + text
    )
    figure = {"start": 100 + text.index("1235"), "value": 1235.0, "unit": "条"}
    assert years_before(figure, quote) == {2019, 2020}
    own = "2018年，总条目1235条"
    dated = Quote(hit=None, start=0, end=20, text=own, score=1.0, coverage=1.0, context=before + own)
    assert years_before({"start": 8}, dated) == set()  # its own sentence dates it


def test_what_will_it_cost_asks_an_amount_of_money() -> None:
    for question in (
        "What will the 2Africa undersea cable cost to build?",
        "How much is the project costing?",
    ):
        query = analyze(question)
        assert query.kind == "quantity" and asked_noun(question) == "cost", question
        assert "美元" in query.asked_units, question
    assert analyze("在北京注册开一家公司要走几道手续？").kind == "quantity"


def test_a_catalogue_s_total_is_read_under_its_short_form(real_service) -> None:
    zh = real_service.ask("2020年版《鼓励外商投资产业目录》总共有多少条？")
    assert not zh.abstained and "1235条" in zh.citations[0].quote, zh.answer
    en = real_service.ask(
        "How many entries does the 2020 Catalogue of Industries for Encouraging Foreign Investment have in total?"
    )
    assert not en.abstained and en.answer.split(" The passage")[0].count("1,235") == 1, en.answer


def test_a_cost_the_reports_do_not_give_is_not_answered_by_other_figures(real_service) -> None:
    assert real_service.ask("What will the 2Africa undersea cable cost to build?").abstained
    history = [
        {"role": "user", "content": "中国援建的苏丹屠宰厂建成后一年能出多少肉？"},
        {"role": "assistant", "content": "预计建成后可年生产冷鲜、冻肉3.3万吨。"},
    ]
    assert real_service.ask("How much is the project costing?", history).abstained


def test_a_company_is_any_company(real_service) -> None:
    result = real_service.ask("在北京开一家公司要多少天？")
    assert not result.abstained and "8天" in result.citations[0].quote, result.answer


def test_what_s_is_what_is_and_back_ends_a_noun() -> None:
    assert analyze("What's the average in East Asia and the Pacific?").kind == "quantity"
    assert analyze("What's China's share?").kind == "percentage"
    assert asked_noun("And what was the figure back in 2013?") == "figure"


def test_a_verb_and_object_split_to_ask_are_the_reports_word() -> None:
    from qa.answer.query import rejoined

    known = {"发电", "有个"}.__contains__
    assert rejoined("到那时累计发了多少电？", known) == "到那时累计发电 多少？"
    assert rejoined("一共有多少个？", known) == "一共有多少个？"  # 个 is what is counted


def test_the_previous_phase_is_the_one_before_the_phase_asked() -> None:
    from qa.answer.editions import edition_before

    assert edition_before("How much was the previous phase?", 3) == 2
    assert edition_before("那上一期呢？", 3) == 2
    assert edition_before("How many more than the previous session?", 128) == 128
    assert edition_before("比上届多了多少？", 128) == 128


def test_an_activity_begun_is_no_start_of_the_works() -> None:
    from qa.answer.asks_for import statement_asked
    from qa.answer.flow import asked_event

    assert asked_event("When did it start feeding power into the grid?", "en") == ""
    assert statement_asked("When did it start feeding power into the grid?") == ""
    assert asked_event("When did they start building it?", "en") == "start"
    assert statement_asked("When was the lecture series launched?") == "start"


def test_up_is_a_change_only_after_be_or_go() -> None:
    from qa.answer.dimension import asks_change

    assert not asks_change("How long does it take to get a warehouse hooked up to the power grid?", "en")
    assert not asks_change("Which zones were set up in 2020?", "en")
    assert asks_change("Was trade up or down in 2020?", "en")
    assert asks_change("How much did exports go up by?", "en")


def test_what_one_will_provide_is_what_one_pledged() -> None:
    from qa.answer.parts import bare_qualifiers

    assert bare_qualifiers("——中国将在未来3年内再提供30亿美元国际援助") == {"承诺"}


def test_the_phase_before_and_a_pledge_are_answered_as_asked(real_service) -> None:
    assert analyze("老挝那个炼油项目的设计产能是多少？").kinds == ["quantity"]  # 项目的 holds no 目的
    history = [
        {
            "role": "user",
            "content": "How big is the third phase of the China–FAO South-South Cooperation Trust Fund?",
        },
        {"role": "assistant", "content": "In September 2020: US$50 million (5000万美元) [1]."},
    ]
    previous = real_service.ask("How much was the previous phase?", history)
    assert previous.abstained, previous.answer
    pledge = real_service.ask(
        "At the Global Health Summit, how much additional international aid did Xi pledge over the next three years?"
    )
    assert not pledge.abstained and pledge.answer.startswith("International aid: US$3 billion"), pledge.answer
