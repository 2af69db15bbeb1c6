"""Questions asking who did something or what it means, and the sentences that say so."""

from __future__ import annotations

import pytest

from qa.answer.analyze import analyze
from qa.answer.asked_parts import asked_parts
from qa.answer.asks_for import (
    agent_of,
    item_asked,
    makes_statement,
    opens_item,
    statement_asked,
    statement_fit,
)
from qa.answer.flow import dates_event
from qa.answer.followup import retimed, swapped
from qa.answer.named import name_forms
from tests.test_near_miss import asked_after


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Who organised it?", "agent"),
        ("Which company built the bridge?", "agent"),
        ("Which countries co-initiated it?", "agent"),
        ("Who issued it?", "agent"),
        ("由谁承建？", "agent"),
        ("哪家企业承建了该项目？", "agent"),
        ("Who is the president of Kenya?", ""),  # who someone is, not who did it
        ("Who attended as special guests?", ""),
        ("哪些国家参加了？", ""),
        ("合作规划有什么特殊意义？", "meaning"),
        ("Why was the agreement important?", "meaning"),
        ("Why did the meeting take place in the evening?", "cause"),
        ("为什么选择晚上会晤？", "cause"),
        ("How was the meeting held?", "manner"),
        ("What is the third?", "item"),
        ("第二个是什么？", "item"),
        ("What is the third batch?", ""),
        ("会议以什么方式召开？", "manner"),
    ],
)
def test_what_statement_a_question_asks_for(question: str, asked: str) -> None:
    assert statement_asked(question) == asked


def test_sentences_that_name_who_did_it() -> None:
    assert makes_statement("agent", "展览会由中国国际贸易促进委员会举办，以视频方式举行，会期15天。")
    assert makes_statement("agent", "由中国建筑承建的中巴经济走廊最大交通基础设施项目")
    assert makes_statement("agent", "中国主导的国际标准正式发布")
    assert makes_statement("agent", "商务部于2020年8月修订出台《外商投资企业投诉工作办法》")
    assert not makes_statement("agent", "《海南自由贸易港建设总体方案》正式公布")  # 自由, not 由
    assert not makes_statement("agent", "占比由2013年的25%提升到了2019年的29.4%")
    assert makes_statement("meaning", "这是中国和区域性国际组织签署的第一个共建“一带一路”规划类合作文件。")
    assert not makes_statement("meaning", "2020年12月，中国与非洲联盟委员会签署合作规划。")
    assert makes_statement("cause", "所以选择美国时间晚上进行会晤，新闻媒体没有办法及时反应")
    assert makes_statement("manner", "中国—阿拉伯国家合作论坛第九届部长级会议通过视频连线方式召开。")
    assert makes_statement("agent", "国家监察委员会、国际反腐败学院、亚投行联合主办了第三届培训班")
    assert makes_statement("agent", "科技部、中国科协、中华医学会联合搭建交流平台")
    assert not makes_statement("manner", "会议发表了《中国和阿拉伯国家团结抗击新冠肺炎疫情联合声明》。")
    assert not makes_statement("cause", "拜登说：“Next time, I hope we get to do it face to face.”")


def test_shared_names_choose_no_figure() -> None:
    """ "in Belt and Road countries": "road" would match the Silk Road Fund's figure beside the one asked."""
    query = analyze(
        "How much insurance coverage had Sinosure provided in Belt and Road countries by June 2019?"
    )
    words = asked_parts(query)[0].words
    assert "road" not in words and "belt" not in words and "coverage" in words


def test_who_organised_it_is_answered_by_the_sentence_naming_the_organiser(real_service) -> None:
    """A follow-up a few questions on: the expo is named two questions back, and the chronicle entry's title says
    what the sentence "展览会由…举办" is about."""
    result = asked_after(
        real_service,
        (
            "中国—拉美（墨西哥）国际贸易数字展览会达成了多少贸易成交额？",
            "意向成交额呢？",
            "How many companies took part?",
        ),
        "Who organised it?",
    )
    assert not result.abstained and "中国国际贸易促进委员会" in result.citations[0].quote, result.answer
    assert result.answer.startswith(
        "The reports name China Council for the Promotion of International Trade (中国国际贸易促进委员会):"
    ), result.answer


def test_a_followup_takes_its_subject_past_a_question_naming_only_a_measure(real_service) -> None:
    """ "How long did it run?" after "意向成交额呢？": what ran is the expo the first question named."""
    result = asked_after(
        real_service,
        ("中国—拉美（墨西哥）国际贸易数字展览会达成了多少贸易成交额？", "意向成交额呢？"),
        "How long did it run?",
    )
    assert not result.abstained and "15 days (15天)" in result.answer, result.answer


def test_an_amount_asked_by_its_measure_is_answered_with_it(real_service) -> None:
    result = real_service.ask("中国—拉美（墨西哥）国际贸易数字展览会达成了多少贸易成交额？")
    assert "802万美元贸易成交额" in result.citations[0].quote, result.answer


def test_what_an_agreement_means_leads_with_the_sentence_that_says(real_service) -> None:
    result = real_service.ask("中国与非洲联盟签署的共建“一带一路”合作规划有什么特殊意义？")
    assert "第一个" in result.citations[0].quote, result.answer


def test_the_lead_figure_is_the_one_asked_not_one_sharing_a_word_of_belt_and_road(real_service) -> None:
    result = real_service.ask(
        "By the end of June 2019, how much insurance coverage had Sinosure provided in Belt and Road countries?"
    )
    assert result.answer.startswith("By June 2019, insured amount: US$770.4 billion (7704亿美元)"), (
        result.answer
    )


def test_a_swap_replaces_the_phrase_not_the_words_that_ask() -> None:
    """ "And South American countries?" after "How many European countries?": "many" stays."""
    assert swapped("How many European countries?", "And South American countries?", "en") == (
        "How many South American countries?",
        "South American countries",
    )


def test_its_main_function_is_asked_of_the_council_named_before(real_service) -> None:
    """The last answer names the forum in full (国际合作高峰论坛); the question named it as "the Belt and Road
    Forum" (高峰论坛): the same thing, so its words still count for "What is its main function?"."""
    result = asked_after(
        real_service,
        ("When was the advisory council of the Belt and Road Forum set up?",),
        "What is its main function?",
    )
    assert not result.abstained and "主要职能" in result.citations[0].quote, result.answer


def test_now_asks_for_todays_value_a_change_begins_from(real_service) -> None:
    """建成后…将由现在的3个多小时缩短至40分钟: "How long does it take now?" is the three hours, not the 40 minutes."""
    result = asked_after(
        real_service,
        ("How long will the trip from Jakarta to Bandung take once the high-speed railway is built?",),
        "How long does it take now?",
    )
    assert result.answer.startswith("More than 3 hours (3个多小时)"), result.answer
    once_built = real_service.ask(
        "How long will the trip from Jakarta to Bandung take once the high-speed railway is built?"
    )
    assert once_built.answer.startswith("40 minutes (40分钟)"), once_built.answer


def test_a_rank_stated_as_an_ordinal_answers_where_it_ranks(real_service) -> None:
    """ "欧洲第四大港" says where the port ranks, though not in the word 排名."""
    result = asked_after(
        real_service,
        ("What was the Piraeus port's container throughput in 2019?",),
        "Where does it rank in Europe?",
    )
    assert "欧洲第四大港" in result.citations[0].quote, result.answer


def test_a_completion_expected_is_a_completion() -> None:
    assert dates_event("扩建项目预计在2023年完成，将巩固比港的母港地位。", "finish")
    assert not dates_event(
        "建成后从雅加达到万隆的车程将由现在的3个多小时缩短至40分钟", "finish"
    )  # once built
    assert dates_event("邮轮码头扩建工程于2020年2月动工", "start")


def test_a_name_takes_the_short_forms_of_the_names_around_it() -> None:
    """比雷埃夫斯 is part of 比雷埃夫斯港, which the reports also call 比港."""
    assert {"比雷埃夫斯", "比雷埃夫斯港", "比港"} <= name_forms("比雷埃夫斯", lambda z: False)


def test_countries_and_regions_lead_with_the_count_of_both(real_service) -> None:
    """42个国家和地区: the count the question asks for ("countries and regions") leads, not the 19 Belt and Road
    countries among them (一带 of 一带一路 is no "region")."""
    result = real_service.ask(
        "How many countries and regions had signed AEO mutual recognition agreements with China by October 2020?"
    )
    assert result.answer.startswith("By October 2020, countries and regions: 42 countries (42个国家)"), (
        result.answer
    )


def test_a_chinese_time_only_followup_after_english_questions_is_a_near_miss_for_the_year(
    real_service,
) -> None:
    result = asked_after(
        real_service,
        (
            "How many countries and regions had signed AEO mutual recognition agreements with China by October 2020?",
        ),
        "截至2021年底呢？",
    )
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "time", (
        result.answer
    )


def test_who_did_it_as_the_sentence_writes_it() -> None:
    assert (
        agent_of("展览会由中国国际贸易促进委员会举办，以视频方式举行，会期15天。") == "中国国际贸易促进委员会"
    )
    assert agent_of("研修班由商务部主办、中国中医科学院西苑医院承办。") == "商务部"  # 由… first
    assert agent_of("按照规定，商务部于2020年8月修订出台《外商投资企业投诉工作办法》") == "商务部"
    assert agent_of("由中国建筑承建的中巴经济走廊最大交通基础设施项目") == "中国建筑"
    assert agent_of("会议以视频形式举行，讨论了合作取得的进展。") == ""


def test_a_followup_asking_of_another_time_is_the_last_question_asked_then() -> None:
    assert retimed("How many members did it have at the start?", "And by January 2021?") == (
        "How many members did it have by January 2021?"
    )
    assert retimed("What was the turnover by the end of June 2020?", "And by the end of 2021?") == (
        "What was the turnover by the end of 2021?"
    )
    assert retimed("How many members are there?", "And by 2022?") == "How many members are there by 2022?"
    assert retimed("How many members are there?", "And the exports?") == ""  # no time: not this rewrite


def test_and_by_a_later_month_asks_the_last_questions_count_then(real_service) -> None:
    """ "And by January 2021?" after "How many members did it have at the start?" (the AIIB, named two questions
    back): the members then, not the date of its anniversary nor its 108 projects."""
    result = asked_after(
        real_service,
        ("When did the AIIB turn five?", "How many members did it have at the start?"),
        "And by January 2021?",
    )
    assert result.answer.startswith("In January 2021, members: 103 (103个)"), result.answer


def test_when_something_started_is_the_sentence_dating_its_start(real_service) -> None:
    """自2020年10月启动以来: the start, not the date of a later event the best-covering sentence gives."""
    result = real_service.ask("When did the Silk Road E-commerce cloud lecture hall start?")
    assert result.answer.startswith("The reports give the date as October 2020 (2020年10月)"), result.answer
    assert statement_asked("When did the Silk Road E-commerce cloud lecture hall start?") == "start"
    assert statement_asked("云上大讲堂什么时候启动的？") == "start"


def test_sessions_are_counted_in_their_unit_and_who_watched_live_by_what_follows_the_count(
    real_service,
) -> None:
    """30余场 counts sessions; 6000余人次在线收看直播 (no label of its own) are the people who watched live, not the
    十万人次 who watched videos."""
    first = ("When did the Silk Road E-commerce cloud lecture hall start?",)
    sessions = asked_after(real_service, first, "How many sessions have been held?")
    assert not sessions.abstained and "more than 30 events (30余场)" in sessions.answer, sessions.answer
    live = asked_after(
        real_service, (*first, "How many sessions have been held?"), "How many people watched live?"
    )
    assert live.answer.startswith("Since 2020: more than 6,000 person-trips (6000余人次)"), live.answer


def test_the_edition_asked_comes_before_a_sentence_naming_another(real_service) -> None:
    result = real_service.ask("What did the APEC leaders adopt at their 27th informal meeting?")
    assert "第27次" in result.citations[0].quote, result.answer


def test_chinese_followups_keep_the_named_subject_and_ask_who_by_the_sentence_that_says(real_service) -> None:
    """After 加里萨光伏电站 was named: "由谁筹建？" is the sentence saying 由肯尼亚能源部筹建, not the last one answered;
    "每年减少多少二氧化碳排放？" (每年 is no word a sentence must have; the question opens with its verb) is of
    Garissa, named three questions back past one naming only companies, not of another plant."""
    first = ("加里萨光伏电站由多少块光伏板构成？", "占地多少公顷？")
    who = asked_after(real_service, first, "由谁筹建？")
    assert "由肯尼亚能源部筹建" in who.citations[0].quote, who.answer
    co2 = asked_after(
        real_service, (*first, "由谁筹建？", "哪些企业负责设计和施工？"), "每年减少多少二氧化碳排放？"
    )
    assert "6.419万吨" in co2.citations[0].quote, co2.answer


def test_which_ones_is_a_list_not_a_count() -> None:
    from qa.answer.analyze import question_kinds

    assert question_kinds("习近平主席提出把“一带一路”打造成哪几条路？", "zh") == ["list"]
    assert question_kinds("有几个国家参加？", "zh") == ["quantity"]


def test_a_list_carried_from_the_last_answer_is_still_an_answer(real_service) -> None:
    """ "Under which frameworks?": the frameworks the last answer quoted (金砖国家、上海合作组织…) are what is asked
    now, not names the question gives."""
    result = asked_after(
        real_service,
        ("What did China and Russia decide in their joint communiqué of the 25th regular meeting?",),
        "Under which frameworks?",
    )
    assert result.answer.startswith("The reports name BRICS (金砖国家), Shanghai Cooperation Organisation"), (
        result.answer
    )


def test_who_compiled_a_report_and_which_reports_were_released(real_service) -> None:
    first = ("When did the BRI International Green Development Coalition set up its research institute?",)
    released = asked_after(real_service, first, "Which reports did it release?")
    assert released.answer.startswith("The reports name 《“一带一路”绿色发展案例报告（2020）》"), (
        released.answer
    )
    compiled = asked_after(
        real_service,
        (*first, "Which reports did it release?"),
        "Who compiled the green development guidelines baseline study?",
    )
    assert compiled.answer.startswith("The reports name BRI International Green Development Coalition"), (
        compiled.answer
    )


def test_an_edition_the_conversation_carried_is_of_any_event_its_passages_name(real_service) -> None:
    """ "What will the vision guide?" after "… at their 27th informal meeting?": the 27th meeting is named (第27次
    领导人非正式会议), though not by the names the last answer gave; no "the 27th edition is not covered"."""
    result = asked_after(
        real_service,
        ("What did the APEC leaders adopt at their 27th informal meeting?",),
        "What will the vision guide?",
    )
    assert not result.abstained and "第27次" in result.citations[0].quote, result.answer


def test_a_count_asked_of_one_listed_place_is_the_groups(real_service) -> None:
    """主要分布在俄罗斯、东南亚、中东等国家和地区: Russia is a bare item of the list (在俄 inside 在俄罗斯 is the same
    mention), so "How many are in Russia?" is not answered with all 1,800 warehouses."""
    result = asked_after(
        real_service,
        ("How many overseas warehouses did China have by the end of 2020?",),
        "How many are in Russia?",
    )
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "aggregate", (
        result.answer
    )


def test_debt_service_suspended_is_the_amount_of_debt_suspended(real_service) -> None:
    result = real_service.ask("How much debt service had China suspended by November 2020?")
    assert "US$1.353 billion (13.53亿美元)" in result.answer.split(" [")[0], result.answer


def test_which_number_or_edition_is_answered_with_the_ordinal_and_another_one_is_a_near_miss(
    real_service,
) -> None:
    """第10个鲁班工坊: "Which number … was it?" is the 10th; "When was the 11th one set up?" is not answered with
    the 10th's date but is a near miss for the edition."""
    first = ("When was the Madagascar Luban Workshop set up?",)
    number = asked_after(real_service, first, "Which number Luban Workshop in Africa was it?")
    assert number.answer.startswith("The reports give it as the 10th (第10个)"), number.answer
    eleventh = asked_after(
        real_service,
        (*first, "Which number Luban Workshop in Africa was it?"),
        "When was the 11th one set up?",
    )
    assert (
        eleventh.abstained and eleventh.near_miss is not None and eleventh.near_miss.missing == "edition"
    ), eleventh.answer
    fair = real_service.ask("Which edition of the Canton Fair was held online in 2020?")
    assert fair.answer.startswith(("The reports give it as the 128th", "The reports give it as the 127th")), (
        fair.answer
    )


def test_which_documents_is_answered_by_the_sentence_naming_titles(real_service) -> None:
    result = real_service.ask(
        "What documents did the ninth ministerial meeting of the China-Arab States Cooperation Forum adopt?"
    )
    assert result.answer.startswith(
        "The reports name Joint Statement of China and Arab States on Solidarity in Fighting COVID-19 ("
    ), result.answer
    zh = real_service.ask("中阿合作论坛第九届部长级会议通过了哪些文件？")
    assert "安曼宣言" in zh.citations[0].quote, zh.answer


def test_a_year_carried_from_the_conversation_does_not_rule_out_the_growth_asked(real_service) -> None:
    """ "What was the average annual growth?" after "And in 2020?": 2020 came with the conversation, so the 2013-2019
    growth is not "not given for 2020"."""
    result = asked_after(
        real_service,
        ("What was the value of new contracts signed in Belt and Road countries in 2013?", "And in 2020?"),
        "What was the average annual growth?",
    )
    assert not result.abstained and "average annual growth" in result.answer.split(" [")[0], result.answer


def test_who_did_it_prefers_the_doing_asked() -> None:
    """ "Who led it?": 中国主导的 makes the statement asked; 国际标准化组织正式发布 names who did something else."""
    led = "《智慧城市基础设施—数据交换与共享指南》是中国主导的第一个ISO智慧城市基础设施领域的国际标准"
    issued = "2020年2月12日，国际标准化组织正式发布在智慧城市领域的首个智慧城市基础设施数据标准"
    assert statement_fit("agent", "Who led it?", led) == 1.0
    assert statement_fit("agent", "Who led it?", issued) == 0.5
    assert statement_fit("agent", "Who published it?", issued) == 1.0
    assert agent_of(led) == "中国"
    signed = "中国、日本、韩国、澳大利亚、新西兰和东盟十国经贸部长正式签署《区域全面经济伙伴关系协定》"
    assert makes_statement("agent", signed) and agent_of(signed).startswith("中国、日本")
    assert not agent_of("2020年11月，历经8年谈判，《区域全面经济伙伴关系协定》（RCEP）正式签署。")


def test_who_signed_it_names_the_signatories(real_service) -> None:
    result = real_service.ask("Who signed RCEP?")
    assert not result.abstained and "签署" in result.citations[0].quote, result.answer
    assert result.answer.startswith("The reports name China"), result.answer


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What was the theme?", "theme"),
        ("What was the theme of the fifth summit?", "theme"),
        ("会议的主题是什么？", "theme"),
        ("举办了哪些主题论坛？", ""),  # forums, not a theme
        ("How was the meeting held?", "manner"),
    ],
)
def test_a_theme_asked(question: str, asked: str) -> None:
    assert statement_asked(question) == asked


def test_a_way_of_holding_is_not_every_word_for_a_form() -> None:
    assert makes_statement("manner", "中国—阿拉伯国家合作论坛第九届部长级会议通过视频连线方式召开。")
    assert makes_statement("manner", "交流会以网络直播形式面向全球。")
    assert not makes_statement("manner", "谴责并反对一切形式的恐怖主义、极端主义和分裂主义。")


def test_a_theme_is_answered_by_the_sentence_giving_it(real_service) -> None:
    # 中斯 is the pair China-Sri Lanka: the entry's sentences under 中国—斯里兰卡 are about it
    result = real_service.ask("中斯政党共商机制第一次会议的主题是什么？")
    assert not result.abstained and result.citations[0].quote.startswith("会议主题为"), result.answer
    history: list[dict] = []
    # the last answer states a figure of the sentence beside the theme's (80余位政府官员和商界领袖)
    for q in (
        "Who co-organised the fifth Belt and Road Summit in Hong Kong?",
        "How many officials and business leaders attended?",
    ):
        history += [
            {"role": "user", "content": q},
            {"role": "assistant", "content": real_service.ask(q, history).answer},
        ]
    assert "80余位" in history[-1]["content"], history[-1]["content"]
    result = real_service.ask("What was the theme?", history)
    assert not result.abstained and "为主题" in result.citations[0].quote, result.answer


def test_how_a_meeting_was_held_is_the_sentence_giving_the_way(real_service) -> None:
    first = "When was the ninth ministerial meeting of the China-Arab States Cooperation Forum held?"
    history = [
        {"role": "user", "content": first},
        {"role": "assistant", "content": real_service.ask(first).answer},
    ]
    result = real_service.ask("How was the meeting held?", history)
    assert not result.abstained and "视频连线方式" in result.citations[0].quote, result.answer


def test_a_new_thing_asked_of_the_sentence_last_quoted_is_read_beside_it(real_service) -> None:
    history: list[dict] = []
    for q in ("Where was the MoU between China and the International Seabed Authority signed?", "When?"):
        history += [
            {"role": "user", "content": q},
            {"role": "assistant", "content": real_service.ask(q, history).answer},
        ]
    result = real_service.ask("In which fields will they cooperate?", history)
    assert not result.abstained and "等领域的合作" in result.citations[0].quote, result.answer


def test_an_item_asked_by_its_kind_is_an_item_and_an_edition_is_not() -> None:
    assert item_asked("What was the third detail?") == 3 and item_asked("What was the second problem?") == 2
    assert (
        item_asked("What is the third batch?") is None and item_asked("What is the second session?") is None
    )
    assert (
        opens_item(3, "第三个则是会晤开场白。")
        and opens_item(2, "其二，…")
        and not opens_item(3, "第三届进博会")
    )


def test_a_list_named_in_the_question_asks_for_no_list() -> None:
    from qa.answer.analyze import question_kinds

    assert question_kinds(
        "How many special measures did the negative list have after the revision?", "en"
    ) == ["quantity"]
    assert question_kinds("List the countries that signed.", "en") == ["list"]
    assert "list" in question_kinds("Can you list them?", "en")


def test_which_countries_signed_is_answered_by_the_parties_signing_with_china(real_service) -> None:
    from qa.answer.asks_for import makes_statement

    assert makes_statement(
        "agent", "2021年1月，中国又与刚果（金）和博茨瓦纳分别签署共建“一带一路”谅解备忘录。"
    )
    # a question naming nothing but a month, after the conversation about the African countries that signed
    result = asked_after(
        real_service,
        ("与中国签署一带一路合作文件的非洲国家有多少个？",),
        "Which two countries signed in January 2021?",
    )
    assert not result.abstained and "博茨瓦纳" in result.citations[0].quote, result.answer


def test_the_first_one_is_an_ordinal_too() -> None:
    from qa.answer.asks_for import makes_statement

    assert makes_statement("ordinal", "卡洛特水电站作为中巴经济走廊首个水电项目、巴基斯坦最大水电项目")
    assert makes_statement("ordinal", "中巴经济走廊第一个轨道交通项目")
    assert not makes_statement("ordinal", "卡洛特水电站坚持高标准建设")


def test_who_built_it_reads_on_in_the_passage_the_last_answer_quoted(real_service) -> None:
    # "该电站共由超过20万块光伏板构成，占地85公顷。由肯尼亚能源部筹建，中国江西…负责设计、采购、施工": the same
    # sentences are in two overlapping chunks, so the passage is told by its offsets
    result = asked_after(
        real_service,
        ("How many solar panels does the Garissa plant have?", "占地多少公顷？"),
        "Who built it?",
    )
    assert not result.abstained and "肯尼亚能源部筹建" in result.citations[0].quote, result.answer
