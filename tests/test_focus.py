"""What a question is about: names, the asked-for noun, list items and presence in the reports."""

from __future__ import annotations

import datetime

import pytest

from qa.answer import years as years_module
from qa.answer.analyze import (
    analyze,
    asked_noun,
    asking_word,
    asks_over_period,
    find_years,
    question_kinds,
)
from qa.answer.editions import editions_of, find_editions
from qa.answer.focus import (
    answer_type,
    asked_units,
    month_forms,
    seam_guess,
    zh_focus,
    zh_names,
)
from qa.answer.followup import subjectless
from qa.answer.named import only_listed
from qa.answer.spoken import abbreviates, in_reports


def test_chinese_names_are_places_people_and_latin_words() -> None:
    assert "鹿特丹" in zh_names("鹿特丹港2020年吞吐量是多少？")
    assert "巴西" in zh_names("中国与巴西签署了多少份合作文件？")
    assert "CPI" in zh_names("美国10月CPI增速是多少？")
    assert "吞吐量" not in zh_names("鹿特丹港2020年吞吐量是多少？")
    assert "吞吐量" in zh_names("鹿特丹港2020年吞吐量是多少？", terms=True)
    assert "城市" not in zh_names("中美元首会晤在哪个城市举行？")  # the category asked for, not a name


def test_chinese_focus_is_the_noun_asked_for() -> None:
    assert zh_focus("蒙内铁路的票价是多少？") == "票价"
    assert zh_focus("伊斯兰堡隔离医院的造价是多少？") == "造价"  # tagged as a verb, but after 的
    assert zh_focus("中国与巴西签署了多少份合作文件？") == "合作文件"
    assert zh_focus("广交会的门票多少钱？") == "门票"
    assert zh_focus("两类员工的本地化率分别是多少？") != "分别"  # an adverb names nothing
    assert zh_focus("2020年中国与哪些国家新建了贸易畅通工作组？") == ""  # a category, answered by names
    assert zh_focus("2019年中国和沿线国家双向旅游交流超过多少人次？") == ""  # a unit
    assert (
        zh_focus("马中关丹产业园联合钢铁项目年产能多少？为当地直接创造了多少就业岗位？") == ""
    )  # first part


def test_up_and_down_ask_a_change_unless_a_phrasal_verb_holds_them() -> None:
    from qa.answer.dimension import ASKS_CHANGE

    assert ASKS_CHANGE.search("How much did exports go up in 2020?")
    assert ASKS_CHANGE.search("By how much was trade down?")
    assert not ASKS_CHANGE.search("How many solar panels make up the station?")
    assert not ASKS_CHANGE.search("How many banks had set up branches there?")
    assert not ASKS_CHANGE.search("How many projects were upgraded?")


def test_english_asked_noun() -> None:
    assert asked_noun("How many Chinese students were studying abroad?") == "Chinese students"
    assert asked_noun("What is the population of Kenya?") == "population"
    assert asked_noun("How much did the Islamabad isolation hospital cost?") == "cost"
    # A bare measure word is not what is asked about: the thing measured follows "of".
    assert asked_noun("What was the value of trade in goods in 2020?") == "trade"
    assert asked_noun("What was the total value of trade in goods over the seven years?") == "trade"
    assert asked_noun("What are the 'eight major initiatives' of the summit?") == "eight major initiatives"
    assert asked_noun("What was the number of trains run in 2020?") == "trains"
    assert asked_noun("Why did trade grow?") == ""
    assert asked_noun("How many now?") == ""  # a time, not what is counted
    # The noun ends where the verb begins, an -ed form or not.
    assert asked_noun("How many people work at the steel plant?") == "people"
    assert asked_noun("How many Chinese enterprises operate in the zone?") == "Chinese enterprises"
    assert asked_noun("How many companies exhibited at the fair?") == "companies"
    # After a plural head, a word that is no plural noun is the verb ("belong"); "and" joins another noun.
    assert asked_noun("How many universities belong to the alliance?") == "universities"
    assert asked_noun("How many officials and technicians took part?") == "officials and technicians"
    # A hyphenated -ed word is an adjective in the noun phrase, not the verb.
    assert asked_noun("How many new foreign-invested firms opened?") == "new foreign-invested firms"
    # A unit counts what follows its "of": years of losses (连续7年亏损), not the years anything took.
    assert asked_noun("How many years of losses did the steel mill have?") == "years of losses"
    assert asked_noun("How many countries of Africa signed?") == "countries"
    assert (
        asked_noun("What number of trains ran in 2020?") == "trains"
    )  # "what number of" counts as "how many"
    assert question_kinds("What number of trains ran in 2020?", "en")[0] == "quantity"


def test_one_of_a_unit_is_singular_in_english() -> None:
    from qa.text.numbers import format_amount_en

    assert format_amount_en(1, "年") == "1 year" and format_amount_en(2, "年") == "2 years"
    assert format_amount_en(1, "个百分点") == "1 percentage point" and format_amount_en(1, "人") == "1 person"
    assert format_amount_en(1, "国家") == "1 country" and format_amount_en(1, "千瓦时") == "1 kWh"


def test_only_listed_tells_a_bare_list_item_from_an_item_with_a_figure() -> None:
    assert only_listed("主要投向新加坡、印度尼西亚、越南、泰国、阿联酋等国", "泰国")
    assert not only_listed("成为地中海第一大港、欧洲第四大港", "欧洲")  # an ordinal of its own
    assert not only_listed("覆盖27个欧洲国家、37个亚洲国家、46个非洲国家、11个大洋洲国家", "非洲国家")
    assert not only_listed("中国与泰国签署了协定", "泰国")
    assert not only_listed("中国与越南签署了协定", "泰国")
    assert only_listed(
        "2019年已有来自亚洲、非洲、欧洲等地区多少国家？", "亚洲"
    )  # a year is no figure of the item


def test_in_reports_tolerates_a_trailing_or_leading_character() -> None:
    texts = ["上海向80余个友城捐赠口罩", "rcep成员国"]
    assert in_reports("向友城", texts)  # 友城 is there
    assert in_reports("RCEP", texts)
    assert not in_reports("鹿特丹", texts)
    # A three-character name is not its two-character tail: 巴拉圭 is not 乌拉圭.
    assert not in_reports("巴拉圭", ["与匈牙利、乌拉圭等国家成立委员会"])
    assert in_reports("鹿特丹港", ["经鹿特丹抵达"]) and in_reports("鹿特丹港", ["鹿特丹港"])
    assert month_forms("October") == ["10月"] and month_forms("Kenya") == []


def test_abbreviations_are_found_in_their_full_form() -> None:
    assert abbreviates("自贸协定", "已累计与26个国家签署19个自由贸易协定")
    assert not abbreviates("票价", "车票价格")  # two characters are too few to tell
    assert not abbreviates("自贸协定", "签署了投资协定")


def test_index_terms_include_the_name_inside_a_compound() -> None:
    from qa.text.tokenize import search_tokens

    tokens = search_tokens("匈牙利考波什堡光伏电站正式投入运营")
    assert "考波什堡光伏电站" in tokens and "考波什堡" in tokens  # search mode alone stops at 3 characters
    assert "考波什堡" not in search_tokens("匈牙利考波什堡光伏电站", parts=False)


def test_counted_noun_finds_a_count_of_what_is_asked() -> None:
    from qa.answer.focus import counted_noun

    pattern = counted_noun("RCEP有多少个成员国？")
    assert pattern is not None and pattern.search("15个成员国达成了相互间贸易规则的统一")
    assert not pattern.search("RCEP有望每年带动成员国出口净增加5190亿美元")
    assert counted_noun("2019年中欧班列开行多少列？") is None  # the unit itself is the noun: see asked_units


def test_editions_named_in_questions_and_passages() -> None:
    assert find_editions("第三届进博会意向成交额多少？") == [3]
    assert find_editions("What came out of the third Belt and Road Forum?") == [3]
    assert find_editions("at the 2nd China International Import Expo") == [2]
    assert find_editions("What was the intended deal value at the 4th CIIE?") == [4]  # an event's acronym
    assert find_editions("How many films did the eighth Silk Road International Film Festival select?") == [8]
    # a meeting of a series (第三次…座谈会, "the third … symposium"); 首次 is "for the first time", 第三方 a party
    assert find_editions("第三次“一带一路”建设座谈会在哪天召开？") == [3]
    assert find_editions("When was the third Belt and Road construction symposium held?") == [3]
    assert find_editions("年度开行数量首次突破1万列") == [] and find_editions("第三方市场合作") == []
    assert find_editions("Where were the first BRI projects built?") == []  # an acronym that is not the event
    assert find_editions("How many times did the first train run?") == []
    text = "第二届高峰论坛成果清单汇集了首届高峰论坛之后的成果。第三届中国进博会在上海举办。"
    assert editions_of(text, ["高峰论坛"]) == {1, 2}
    assert editions_of(text, ["进博会"]) == {3}
    assert editions_of(text, []) == {1, 2, 3}
    assert find_editions("How many countries took part in the 128th Canton Fair?") == [128]


def test_a_followup_naming_another_edition_asks_the_last_question_of_it() -> None:
    from qa.answer.analyze import analyze

    first = "How many countries and regions did buyers at the 127th Canton Fair come from?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "217 countries [1]."}]
    query = analyze("And at the 128th?", history)
    assert query.edition == 128 and query.standalone == first.replace("127th", "128th")
    history = [
        {"role": "user", "content": "第二届高峰论坛有多少个国家参加？"},
        {"role": "assistant", "content": "…"},
    ]
    assert analyze("第一届呢？", history).standalone == "第1届高峰论坛有多少个国家参加？"
    # a new subject with its ordinal is a question of its own; a year is asked again as before
    assert not analyze("And the third Belt and Road Forum?", history).standalone.startswith("第")
    assert analyze("And the 128th?", []).standalone == ""
    # a follow-up naming no edition of its own is still about the one asked before
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "217 countries [1]."}]
    later = analyze("How many more than the previous session?", history)
    assert later.followup and later.edition == 127 and later.asked_noun == ""


def test_a_question_that_names_only_what_it_counts_follows_on_from_the_last() -> None:
    from qa.answer.analyze import analyze

    history = [
        {"role": "user", "content": "How many exhibits were uploaded at the 128th Canton Fair?"},
        {"role": "assistant", "content": "About 2.47 million (247万件) [1]."},
    ]
    query = analyze("How many companies took part?", history)
    assert query.followup and "广交会" in query.extra_terms
    assert not analyze("How many companies took part in the Zhejiang export fair?", history).followup
    # nothing but what it counts, though the glossary knows the noun
    history = [
        {
            "role": "user",
            "content": "How many countries had China established education cooperation with by 2020?",
        },
        {"role": "assistant", "content": "188 countries (188个国家) [1]."},
    ]
    query = analyze("How many international organisations?", history)
    assert query.followup and "教育" in query.extra_terms
    # "the" thing named by a common word only is the one talked about; a name of its own starts a new topic
    history = [
        {
            "role": "user",
            "content": "How many Chinese companies issued the integrity and compliance initiative?",
        },
        {"role": "assistant", "content": "60 (60家) [1]."},
    ]
    assert analyze("Who organised the training course?", history).followup
    # a Chinese follow-up of a dimension word and its asking word only ("时长多久？") asks a quantity of the topic
    history = [
        {"role": "user", "content": "拜登上台以来中美元首第一次对话是什么时候？"},
        {"role": "assistant", "content": "首次是在2021年除夕之际，时长约90分钟。[1]"},
    ]
    query = analyze("时长多久？", history)
    assert query.followup and query.kind == "quantity" and "拜登" in query.extra_terms
    assert not analyze("Who organised the Canton Fair?", history).followup
    # a count of nothing named counts what the last question counted, in the place it names now
    history = [
        {"role": "user", "content": "How many households in Mozambique got satellite TV?"},
        {"role": "assistant", "content": "20,000 households (2万户) [1]."},
    ]
    query = analyze("How many in Kenya?", history)
    assert query.followup and "家庭" in query.extra_terms and "肯尼亚" in query.entities


def test_growth_asked_as_the_head_of_what_is_asked_is_a_percentage() -> None:
    assert question_kinds("What was the average annual growth of new contracts from 2013 to 2019?", "en")[
        0
    ] == ("percentage")
    assert question_kinds("What was US CPI growth in October?", "en")[0] == "percentage"
    assert "percentage" not in question_kinds("What is the growth strategy of the zone?", "en")


def test_which_place_in_an_order_is_asked_not_a_count() -> None:
    """ "第几个", "第几大港": a place in an order (首个, 第四大港), not a count; asked after a date, still not a date."""
    assert "quantity" not in question_kinds("它是中巴经济走廊第几个水电项目？", "zh")
    assert question_kinds("建成了几个港口？", "zh")[0] == "quantity"
    history = [
        {"role": "user", "content": "卡洛特水电站厂房混凝土施工什么时候全线封顶？"},
        {"role": "assistant", "content": "2020年10月，卡洛特水电站厂房混凝土施工全线封顶。[1]"},
    ]
    assert analyze("它是中巴经济走廊第几个水电项目？", history).kind == "fact"


def test_a_measure_word_after_its_noun_phrase_asks_a_quantity() -> None:
    q = "What was China's cross-border e-commerce import and export value in 2020?"
    assert question_kinds(q, "en")[0] == "quantity"
    assert (
        question_kinds("What was the cross-border e-commerce import and export value?", "en")[0] == "quantity"
    )
    assert "quantity" not in question_kinds(
        "What is the role of trade in raising the value of exports?", "en"
    )


def test_a_word_guessed_across_two_words_is_no_name() -> None:
    """jieba glues the tail of one word to the next word ("项目库由" → 项目 + 库由, tagged a person's name); when the
    reports hold the real word (项目库), the guess is not a name the reports lack. A real name stays one."""
    texts = ["入库项目超过3000个，项目库持续扩容"]
    assert "库由" in zh_names("项目库由哪些项目组成？", terms=True)
    assert "库由" not in zh_names(
        "项目库由多少个项目组成？", terms=True
    )  # asking how many of its object: a verb
    assert seam_guess("项目库由哪些项目组成？", "库由", texts)
    assert not seam_guess(
        "项目库由哪些项目组成？", "库由", ["项目建设稳步推进"]
    )  # the reports lack 项目库 too
    assert not seam_guess(
        "格林维尔港的吞吐量是多少？", "格林维尔", ["格林维尔港吞吐量"]
    )  # a name, not a seam
    assert not seam_guess("巴拉圭签署了多少份文件？", "巴拉圭", ["乌拉圭签署了文件"])  # in the dictionary


def test_english_questions_that_ask_for_a_figure_without_how_many() -> None:
    """A change between two times, a height or a reach is told by figures, as "how many" is."""
    figure = [
        "How did the port's container throughput change between 2019 and 2021?",
        "How did exports to Africa grow after 2018?",
        "How high is the dam?",
        "How widely was the report read abroad?",
        "What is the total number of pilot zones?",
        "What were the total exports in 2020?",
    ]
    for question in figure:
        assert question_kinds(question, "en")[0] == "quantity", question
    for question in ("How much will the bridge add to GDP growth each year?", "How much did exports grow?"):
        assert question_kinds(question, "en")[:2] == ["percentage", "quantity"], question  # a rate or points
    for question in ("How did the forum start?", "What did the project do for local schools?"):
        assert "quantity" not in question_kinds(question, "en"), question


def test_a_question_with_a_second_question_after_and_a_preposition_has_two_parts() -> None:
    question = "How many cooperation documents had China signed by 2020, and with how many countries?"
    assert analyze(question).parts == [
        "How many cooperation documents had China signed by 2020",
        "how many countries",
    ]
    assert len(analyze("How many trains ran in 2020 and how many TEU did they carry?").parts) == 2
    assert len(analyze("How many trains ran between China and Europe in 2020?").parts) == 1


def test_a_question_naming_a_measured_amount_asks_for_a_figure() -> None:
    """The reports write turnover, direct investment and output as …额 and …量: "what was the turnover" asks a
    figure as "what was the value" does; a theme or a purpose stays a fact."""
    for question in (
        "What was the turnover of Chinese contracted projects in 2013?",
        "What was the direct investment of Chinese firms in 2019?",
        "What did China's direct investment in the region amount to in 2019?",
    ):
        assert analyze(question).kind == "quantity", question
    for question in ("What was the theme of the forum?", "What is the purpose of the programme?"):
        assert analyze(question).kind != "quantity", question


def test_counting_words_that_count_the_same_things_are_one_unit() -> None:
    """ "开了多少趟" is answered in 列 (the reports' word for trains run), "多少人" in 名 or 位."""
    assert {"趟", "列"} <= asked_units("2020年中欧班列一共开了多少趟？", "zh")
    assert {"人", "名", "位"} <= asked_units("项目雇用了多少人？", "zh")
    assert asked_units("开行多少列？", "zh") == {"列"}


def test_a_counting_word_is_not_the_first_character_of_a_longer_word() -> None:
    """ "多少国际援助": 国 begins 国际, it does not count countries as in "多少国"."""
    assert asked_units("宣布未来3年提供多少国际援助？", "zh") == set()
    assert asked_units("中国与多少国签署了协议？", "zh") == {"国家"}
    assert asked_units("有多少国家签署？", "zh") == {"国家"}


def test_years_named_relative_to_today_are_read_as_years(monkeypatch: pytest.MonkeyPatch) -> None:
    """去年 / "last year" is the year before the day the question is asked; an explicit year wins."""
    monkeypatch.setattr(years_module, "today", lambda: datetime.date(2026, 12, 2))
    assert analyze("去年中欧班列开行多少列？").years == [2025]
    assert analyze("How many trains ran last year, and how many this year?").years == [2025, 2026]
    assert analyze("2020年中欧班列开行多少列，比去年多多少？").years == [2020]


def test_an_abbreviation_the_glossary_knows_is_a_name() -> None:
    """jieba tags 东盟 (ASEAN) as an abbreviation; so it tags 一共, which names nothing."""
    assert "东盟" in zh_names("中国和东盟2020年的贸易额是多少？")
    assert "一共" not in zh_names("成果清单一共分为几大类、多少项？")


def test_a_question_asking_for_a_duration_or_length_asks_for_its_units() -> None:
    assert {"小时", "天"} <= asked_units("习近平和拜登会晤持续了多长时间？", "zh")
    assert "公里" in asked_units("蒙内铁路全长多长？", "zh")
    assert "小时" in asked_units("How long did the meeting last?", "en")
    assert "公里" in asked_units("How long is the railway?", "en")
    assert not asked_units("蒙内铁路的票价是多少？", "zh")


def test_a_question_asking_an_amount_of_money_asks_for_a_currency() -> None:
    assert {"美元", "元"} <= asked_units("How much has the company invested in upgrades?", "en")
    assert "美元" in asked_units("How much did the hospital cost?", "en")
    assert "美元" in asked_units("公司投入多少资金进行技术改造？", "zh")
    assert not asked_units("How much did trade grow?", "en")
    assert not asked_units("How much of the trade went by rail?", "en")


def test_an_english_count_asks_for_the_chinese_counter_of_its_noun() -> None:
    assert analyze("How many companies exhibited at the fair?").asked_units == {"家"}
    assert analyze("How many schools were renovated?").asked_units == {"所"}


def test_a_name_ending_a_hyphenated_pair_of_names_is_not_a_name_of_its_own() -> None:
    from qa.answer.focus import tail_of_a_name

    names = {"Latin America": ["拉丁美洲"], "America": ["美洲"], "Mexico": ["墨西哥"]}
    assert tail_of_a_name("America", "How many firms came to the China-Latin America fair?", names)
    assert not tail_of_a_name("America", "What does America export?", names)
    assert not tail_of_a_name("Mexico", "How many firms came to the China-Mexico fair?", names)


def test_a_name_inside_a_longer_glossary_term_is_not_a_name_of_its_own() -> None:
    """ "Bank of China" of "People's Bank of China" names nothing the question asks about; "Laos" of "Laos's first
    refinery" does."""
    from qa.answer.focus import part_of_a_name

    question = "What did the People's Bank of China and SAFE issue on 7 May 2020?"
    assert part_of_a_name("Bank of China", question, {})
    assert not part_of_a_name("Laos", "What is the capacity of Laos's first oil refinery?", {})
    assert not part_of_a_name("Bank of China", "How much did the Bank of China lend?", {})


def test_a_rate_asked_for_is_a_percentage() -> None:
    assert "percentage" in question_kinds(
        "What was the localisation rate of ordinary employees in 2019?", "en"
    )
    assert "percentage" in question_kinds("普通员工本地化率是多少？", "zh")


def test_a_question_about_one_part_of_a_measure() -> None:
    from qa.answer.parts import asked_qualifiers, bare_qualifiers

    assert asked_qualifiers("2020年中国对东盟出口多少？", "zh") == {"出口"}
    assert asked_qualifiers("2020年中国与东盟进出口总额是多少？", "zh") == set()  # the whole
    assert asked_qualifiers("进口和出口各是多少？", "zh") == set()  # both parts: each is answered on its own
    assert asked_qualifiers("And the exports?", "en") == {"出口"}
    assert asked_qualifiers("What were imports and exports worth?", "en") == set()
    assert bare_qualifiers("进出口总额1.69万亿元，其中出口1.12万亿元") == {"出口"}
    assert bare_qualifiers("进出口总额1.69万亿元") == set()
    assert bare_qualifiers("中国出口信用保险公司在沿线国家累计实现保额7704亿美元") == set()  # 出口 in a name
    # committed and actual: one named in several ways (实际, 发放), asked in several ways (actually, disbursed)
    assert asked_qualifiers("How much was actually disbursed?", "en") == {"实际"}
    assert asked_qualifiers("How much has the fund pledged?", "en") == {"承诺"}
    assert bare_qualifiers("发放贷款3105亿元") == {"实际"} and bare_qualifiers("承诺投资金额178亿美元") == {
        "承诺"
    }


def test_the_whole_does_not_answer_a_part_and_a_close_second_that_names_it_does() -> None:
    from qa.answer.analyze import analyze
    from qa.answer.parts import part_reason
    from qa.answer.types import Quote

    def quote(text: str) -> Quote:
        return Quote(None, 0, len(text), text, 1.0, 1.0, [], years={2020})  # type: ignore[arg-type]

    whole = quote("2020年，跨境电商进出口总额1.69万亿元，同比增长31.1%。")
    part = quote("其中出口总额1.12万亿元，同比增长40.1%。")
    query = analyze("2020年跨境电商出口额是多少？")
    assert "出口" in part_reason(query, whole)
    assert part_reason(query, part) == ""
    assert part_reason(analyze("2020年跨境电商进出口额是多少？"), whole) == ""


def test_a_total_is_found_where_the_reports_leave_out_total() -> None:
    assert in_reports("进出口总额", ["2020年，中国跨境电商进出口额达1.69万亿元"])
    assert not in_reports("进出口总额", ["2020年，中国跨境电商交易规模扩大"])


def test_a_count_in_an_asked_year_needs_the_chosen_sentence_to_speak_of_that_year() -> None:
    from types import SimpleNamespace

    from qa.answer.abstain import Abstention
    from qa.answer.types import Quote

    report = SimpleNamespace(date="2021")
    judge = Abstention.__new__(Abstention)
    judge.index = SimpleNamespace(documents={"d": report})  # type: ignore[assignment]

    def quote(text: str, years: set[int]) -> Quote:
        hit = SimpleNamespace(chunk=SimpleNamespace(doc_id="d"))
        return Quote(hit, 0, len(text), text, 1.0, 1.0, [], years=years)  # type: ignore[arg-type]

    no_year = quote("全球总播放量超过3亿次。", set())
    other_year = quote("2020年，二期项目9台机组全部投产。", {2020})
    mentions = quote("2023年将举办第三届论坛。", {2023})
    asked = analyze("2023年全球总播放量多少次？")
    # the sentence chosen has no year and its report is of 2021: a later year another candidate names is no cover
    assert judge._asked_time(asked, [no_year, mentions], [])
    assert judge._asked_time(asked, [other_year, mentions], [])
    assert judge._asked_time(asked, [mentions, no_year], []) == ""
    # a sentence with no year of its own in a report of 2021 may speak of 2020
    assert judge._asked_time(analyze("2020年全球总播放量多少次？"), [no_year], []) == ""


def test_an_asking_word_gives_the_counter_it_asks_in() -> None:
    assert asking_word("几届") == "届" and asking_word("多少次") == "次"
    assert asking_word("届") is None and asking_word("广交会") is None


@pytest.mark.parametrize(
    ("question", "over"),
    [
        ("2013年以来，中国与沿线国家货物贸易额累计多少？", True),
        ("2013—2020年中国企业对沿线国家直接投资多少？", True),
        ("How much has China invested in Belt and Road countries since 2013?", True),
        ("2020年中国企业对沿线国家直接投资多少？", False),
        ("How much did Chinese companies invest in Belt and Road countries in 2020?", False),
    ],
)
def test_a_question_asking_a_total_over_a_period_is_told_from_one_asking_a_year(
    question: str, over: bool
) -> None:
    assert asks_over_period(question) is over


def test_a_count_that_looks_like_a_year_is_not_a_year() -> None:
    text = "建立包含2000多家企业的协作网络，2013—2020年累计1990万吨，in 2019, 2015.8亿美元，截至2021年1月底"
    assert find_years(text) == [2013, 2020, 2019, 2021]


@pytest.mark.parametrize(
    ("question", "lang", "kind"),
    [
        ("What award did the power plant win in 2019?", "en", "award"),
        ("Which word did the president use to describe the talks?", "en", "word"),
        ("What kind of projects did the fund support?", "en", "projects"),
        ("Which road in Dominica did China help repair?", "en", "road"),  # not what places it
        ("Which country's children does it serve?", "en", ""),  # the owner, named as itself
        ("Which port in Greece did COSCO take over?", "en", "port"),
        ("What is the value of trade in goods?", "en", ""),  # a measure asked: asked_noun's business
        ("How many trains ran in 2020?", "en", ""),
        ("该电站获得了什么奖？", "zh", "奖"),
        ("哪些国家签署了合作文件？", "zh", "国家"),
        ("中欧班列开行了多少列？", "zh", ""),
    ],
)
def test_what_the_answer_is_one_of(question: str, lang: str, kind: str) -> None:
    assert answer_type(question, lang) == kind


def test_what_growth_asks_for_a_rate() -> None:
    assert "percentage" in question_kinds("What growth in world merchandise trade does the WTO expect?", "en")


def test_which_with_a_singular_noun_asks_for_one_thing() -> None:
    assert "list" in question_kinds("Which countries signed the agreement?", "en")
    assert "list" in question_kinds("Which of the projects opened in 2020?", "en")
    assert "list" not in question_kinds("Which award did the power plant receive in 2019?", "en")
    assert "list" not in question_kinds("Which trade agreement did the two countries sign?", "en")
    # a singular noun before a verb in the past, its modifier capitalised: one person
    assert "list" not in question_kinds("Which Australian minister spoke about relations with China?", "en")
    # a plural noun, then an auxiliary: "companies has", "projects are" are no singular nouns before a verb
    assert "list" in question_kinds("Which companies has Alipay worked with?", "en")
    assert "list" in question_kinds("Which projects are encouraged as green-light projects?", "en")


def test_an_english_noun_for_people_is_counted_in_the_units_for_people() -> None:
    from qa.answer.asked_parts import person_units

    assert person_units("young scientists") == person_units("trainees") == {"名", "人", "位"}
    assert person_units("senior officials") == {"名", "人", "位"}
    assert person_units("power plants") == person_units("committees") == person_units("") == set()


def test_a_participle_before_the_counted_noun_is_part_of_it() -> None:
    from qa.answer.analyze import asked_noun
    from qa.answer.focus import asked_units

    noun = asked_noun("How many dedicated China-Europe Railway Express lines are there?")
    assert noun == "dedicated China-Europe Railway Express lines" and asked_units("", "en", noun) == {"条"}
    assert asked_noun("How many people attended the forum?") == "people"  # a verb after the noun ends it
    assert asked_units("", "en", "bridges") == {"座"}


def test_the_months_a_question_dates_are_written_as_the_reports_write_them() -> None:
    from qa.answer.focus import asked_months

    assert asked_months("How many members had it by January 2021?") == ["2021年1月"]
    assert asked_months("截至2020年10月丝路基金签约多少个项目？") == ["2020年10月"]
    assert asked_months("How many members had it in 2021?") == []


def test_a_bare_and_what_followup_asks_for_the_thing_it_names() -> None:
    from qa.answer.analyze import asked_noun

    assert (
        asked_noun("And observers?") == "observers" and asked_noun("What about the observers?") == "observers"
    )
    assert asked_noun("And its share?") == "share"
    assert asked_noun("And in 2010?") == "" and asked_noun("And the 128th?") == ""


def test_what_is_asked_follows_a_possessive() -> None:
    from qa.answer.analyze import analyze, asked_noun

    assert asked_noun("What was the AIIB's net profit in 2020?") == "net profit"
    assert asked_noun("What is Kenya's population?") == "population"
    assert asked_noun("What is the 'eight major initiatives' of FOCAC?") == "eight major initiatives"
    # a date asked by its noun is not a number of years
    assert analyze("What was the Peljesac bridge's construction start year?").asked_units == frozenset()


def test_what_is_asked_follows_a_determiner_and_an_amount_asks_a_figure() -> None:
    from qa.answer.analyze import analyze, asked_noun

    assert asked_noun("What was their investment stock?") == "investment stock"
    assert asked_noun("What is the turnover in 2020?") == "turnover"
    assert analyze("What was their investment stock?").kind == "quantity"
    assert analyze("What was the outcome?").kind == "fact"  # a noun, but no amount
    # a follow-up asking it of another year asks a quantity too
    history = [
        {"role": "user", "content": "What was its committed investment?"},
        {"role": "assistant", "content": "US$17.8 billion (178亿美元) [1]."},
    ]
    assert analyze("And by the end of 2021?", history).kind == "quantity"


def test_a_followup_finds_its_topic_a_few_questions_back() -> None:
    """ "Who built it?" after two questions that named nothing: the hospital the first one named."""
    from qa.answer.analyze import analyze

    history = []
    for question in ("How many beds does Arima General Hospital have?", "How many operating rooms?"):
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": "6 (6间) [1]."}]
    history += [{"role": "user", "content": "How long did it take to build?"}]
    history += [{"role": "assistant", "content": "Land area: 14,051 square metres (14051平方米) [1]."}]
    query = analyze("Who built it?", history)
    assert "Arima General Hospital" in query.dense_text and "阿利玛总医院" in query.extra_terms


def test_the_last_item_of_a_list_closed_by_its_count_is_a_bare_item() -> None:
    """ "英国、韩国、日本等10多个国家": 10多个国家 counts the list, it is no figure of 日本's own."""
    text = "获得了英国、韩国、日本等10多个国家的产品认证"
    assert all(only_listed(text, name) for name in ("英国", "韩国", "日本"))
    assert not only_listed("日本等国投资10亿美元，英国投资5亿美元", "英国")


def test_share_as_a_verb_asks_no_share() -> None:
    assert "percentage" not in question_kinds("What did China share with the world in January 2020?", "en")
    assert "percentage" not in question_kinds("How will China share its vaccines?", "en")
    assert (
        question_kinds("What share of China's trade did they account for in 2020?", "en")[0] == "percentage"
    )
    assert question_kinds("What was the market share of the port?", "en")[0] == "percentage"


def test_a_rate_asked_by_what_or_which_is_a_percentage_question() -> None:
    """ "What interest rate does it charge", "at what rate did it grow": a rate is asked, as in "what is the … rate"."""
    assert question_kinds("What interest rate does the Silk Road Fund charge on its loans?", "en")[0] == (
        "percentage"
    )
    assert question_kinds("At what rate did trade grow?", "en")[0] == "percentage"
    assert "percentage" not in question_kinds("What did the fund charge for its loans?", "en")


def test_a_chinese_question_opening_with_its_verb_follows_on_from_the_last() -> None:
    from qa.answer.analyze import analyze

    history = [
        {"role": "user", "content": "截至2020年底，纳入商务部统计的合作园区累计投资多少？"},
        {"role": "assistant", "content": "合作园区已累计投资达3094亿元人民币。[1]"},
    ]
    assert analyze("创造了多少就业岗位？", history).followup
    assert "合作园区" in analyze("吸引了多少家企业入驻？", history).extra_terms
    assert not analyze("中欧班列开行了多少列？", history).followup  # it names its own subject


def test_a_figure_of_the_last_answer_in_a_question_points_back() -> None:
    from qa.answer.analyze import analyze

    history = [
        {"role": "user", "content": "What share of the eight major initiatives had been implemented?"},
        {"role": "assistant", "content": "By May 2021: more than 90% (90%), US$60 billion (600亿美元) [1]."},
    ]
    assert analyze("How much of the US$60 billion had been used or arranged?", history).followup
    assert not analyze("How many trains ran on the China-Laos railway in 2021?", history).followup


def test_a_followup_asking_another_measure_of_the_subject_carries_the_subject_not_the_measure() -> None:
    from qa.answer.analyze import analyze, replaced_measure

    first = "What is the installed capacity of the Sweihan solar project in Abu Dhabi?"
    second = "How much CO2 will it cut each year?"
    assert replaced_measure(first, second, "en") == {"装机容量"}
    # the things a question counted stay: a follow-up goes on about them
    assert not replaced_measure(
        "How many free trade agreements had China signed?", "With how many countries?", "en"
    )
    # "And the exports?" narrows the measure asked before
    assert not replaced_measure(
        "What was the value of China's cross-border e-commerce imports and exports in 2020?",
        "And the exports?",
        "en",
    )
    history = [
        {"role": "user", "content": first},
        {"role": "assistant", "content": "1,177 MW (1177兆瓦) [1]."},
    ]
    query = analyze(second, history)
    assert "阿布扎比" in query.extra_terms and "装机容量" not in query.entities
    # Two questions on, the subject named before the last question (which pointed back with "it") is still there
    history += [
        {"role": "user", "content": second},
        {"role": "assistant", "content": "1 million tonnes (100万吨) [1]."},
    ]
    assert "阿布扎比" in analyze("How many people's power needs does it meet?", history).extra_terms


def test_a_question_about_the_thing_no_term_names_follows_on_from_the_last() -> None:
    from qa.answer.analyze import analyze

    history = [
        {
            "role": "user",
            "content": "How many articles does the foreign investment security review measure have?",
        },
        {"role": "assistant", "content": "23 (23条) [1]."},
    ]
    query = analyze("Where is the working mechanism's office?", history)
    assert query.followup and "外商投资安全审查" in query.extra_terms
    assert not analyze("What is the capital of Australia?", history).followup  # it names its own subject
    assert not analyze("How many trains ran in 2020?", history).followup


def test_a_span_of_years_asks_a_total_over_it() -> None:
    from qa.answer.analyze import asks_over_period

    assert asks_over_period("What was the total value of trade over the seven years to 2019?")
    assert asks_over_period("How much did they invest in the past five years?")
    assert asks_over_period("七年间累计总额是多少？") and asks_over_period("八年来开行了多少列？")
    assert not asks_over_period("How many years did the project take?")
    assert not asks_over_period("2020年开行多少列？")


def test_outbound_and_return_are_directions_of_trips_not_of_any_business() -> None:
    from qa.answer.parts import asked_qualifiers

    assert asked_qualifiers("How many outbound trains ran in 2018?", "en") == {"去程"}
    assert asked_qualifiers("And the return trips?", "en") == {"回程"}
    assert asked_qualifiers("And outbound?", "en") == {"去程"}
    assert (
        asked_qualifiers("What share of outbound contracting came from Belt and Road countries?", "en")
        == set()
    )


def test_a_country_or_continent_has_its_short_form_after_a_preposition() -> None:
    from qa.answer.focus import short_forms

    assert {"在非", "对非", "援非"} <= set(short_forms(["非洲"]))
    assert "对美" in short_forms(["美国"])
    assert short_forms(["哈萨克斯坦"]) == ["哈萨克斯坦"]  # only two-character names are shortened


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("How many kilometres of the railway are open?", {"公里"}),
        ("How many tons of goods did it carry?", {"吨"}),
        ("How many square kilometres does the park cover?", {"平方公里"}),
        ("How many kilometres is it?", {"公里"}),
        ("How many trains ran?", {"列"}),
    ],
)
def test_a_unit_counted_is_the_unit_before_of_and_as_the_figures_spell_it(
    question: str, units: set[str]
) -> None:
    """ "kilometres of the railway" is in 公里, not the 条 railways count in; "square kilometres" is 平方公里."""
    assert analyze(question).asked_units == units


def test_records_and_entries_are_counted_in_items() -> None:
    """ "How many records": 100余万条 counts them in 条, as items and clauses are."""
    assert {"条"} <= analyze("How many records does the platform hold?").asked_units


def test_new_ones_asked_and_a_total_to_date_asked() -> None:
    from qa.answer.flow import asks_new

    assert asks_new("How much new investment did the zones attract in 2020?", "en")
    assert not asks_new("How many new zones had China set up by the end of 2020?", "en")
    assert asks_new("How many projects did the fund sign in 2020 alone?", "en")
    assert asks_new("境外经贸合作区2020年新增投资多少？", "zh")
    assert not asks_new("截至2020年底累计新设多少个？", "zh")
    # set up in a year: those set up in it; what there was by then, or what something set up that year holds, not
    assert asks_new("How many border zones did China set up in 2020?", "en")
    assert not asks_new("How many border zones had China set up by the end of 2020?", "en")
    assert not asks_new("How many members does the alliance set up in 2019 have?", "en")


def test_in_which_respects_asks_for_a_list_not_a_place() -> None:
    from qa.answer.kinds import question_kinds

    assert "place" not in question_kinds("中国与欧盟在哪些方面加强对接？", "zh")
    assert "place" in question_kinds("进博会在哪举办？", "zh")


def test_which_one_is_a_followup_and_the_one_china_policy_is_not() -> None:
    from qa.answer.analyze import FOLLOWUP_HINTS

    assert FOLLOWUP_HINTS.search("Which one was new in 2020?")
    assert not FOLLOWUP_HINTS.search("What is the one China policy?")


def test_when_asked_of_a_share_it_names_asks_a_date() -> None:
    """什么时候 of 占比 (when a share came to exceed another) asks a date; 多少 of a share still asks the share."""
    assert question_kinds("中国在沿线国家可再生能源投资占比什么时候超过化石能源？", "zh")[0] == "date"
    assert question_kinds("When did the share of renewables exceed fossil fuels?", "en")[0] == "date"
    assert question_kinds("2020年可再生能源投资占比是多少？", "zh")[0] == "percentage"


def test_averages_and_the_things_counted_are_asked_as_such() -> None:
    assert question_kinds("What is the OECD high-income average?", "en")[0] == "quantity"
    assert (
        question_kinds("What is the East Asia and Pacific average for getting electricity?", "en")[0]
        == "quantity"
    )
    assert question_kinds("What was the average annual growth of turnover?", "en")[0] == "percentage"
    assert question_kinds("What are they?", "en") == ["list"]


def test_a_chinese_followup_opening_with_how_it_was_done_leaves_out_its_subject() -> None:
    """新设了哪几个？: 新 (newly) before the verb 设, as 新增了多少个？ opens with its verb."""
    assert subjectless("新设了哪几个？") and subjectless("新增了多少个？")
    assert not subjectless("大项目有哪些？")
