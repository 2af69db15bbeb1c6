"""Which close second stands in when the best sentence lacks what the question asks."""

from __future__ import annotations

from qa.answer.dimension import counted_phrase
from qa.answer.stand_in import counting_first
from qa.answer.types import Quote
from qa.ingest.figures import extract_figures, figure_to_dict
from tests.test_near_miss import asked_after


def quote(text: str, score: float) -> Quote:
    figures = [figure_to_dict(f) for f in extract_figures(text)]
    return Quote(None, 0, len(text), text, score, 1.0, figures)  # type: ignore[arg-type]


def test_the_words_after_a_count_run_to_the_next_item() -> None:
    text = "包括200个普通住院床位及100个血液透析床位。"
    assert counted_phrase(text, text.index("个") + 1) == "普通住院床位"
    assert counted_phrase(text, text.rindex("个") + 1) == "血液透析床位"


def test_a_close_second_whose_figure_counts_the_thing_asked_comes_first() -> None:
    best = quote("中国向150个国家提供抗疫物资援助。", 1.2)
    names = quote("来自22个国家和国际组织的代表参会，会议强调加强国际交流合作。", 1.15)
    counts = quote("中国与东盟等国际组织开展70多次疫情防控交流活动。", 1.1)
    far = quote("双方开展10次交流活动。", 0.2)
    ordered = counting_first([best, names, counts, far], ["交流"], 0.5)
    assert [q.text for q in ordered] == [best.text, counts.text, names.text, far.text]


def test_a_figure_in_the_unit_counted_stands_in_for_a_best_sentence_without_one(real_service) -> None:
    """ "How many solar panels does the Garissa plant have?": the best sentence names the plant and gives its
    megawatts; the one after it (该电站共由超过20万块光伏板构成) counts the panels, in 块."""
    result = real_service.ask("How many solar panels does the Garissa plant have?").model_dump()
    assert not result["abstained"] and "20万块" in result["citations"][0]["quote"], result["answer"]
    assert result["answer"].split(":")[1].strip().startswith("more than 200,000"), result["answer"]


def _conversation(service, questions: list[str]):
    return asked_after(service, tuple(questions[:-1]), questions[-1])


def test_new_ones_asked_are_the_ones_added_and_the_total_asked_next_is_the_total(real_service) -> None:
    # 国务院…扩增46个跨境电商综合试验区 / 至此…增至105个: 扩增 states new ones, 增至 the total
    added = "How many cross-border e-commerce comprehensive pilot zones were added in April 2020?"
    result = real_service.ask(added)
    assert result.answer.startswith(
        "In April 2020, cross-border e-commerce comprehensive pilot zone: 46 (46个)"
    ), result.answer
    total = _conversation(real_service, [added, "How many are there in total?"])
    assert not total.abstained and "105" in total.answer.split("[")[0], total.answer
    zh = _conversation(real_service, ["2020年跨境电商综试区新增了多少个？", "现在一共多少个？"])
    assert not zh.abstained and "增至105个" in zh.citations[0].quote, zh.answer


def test_a_followup_swapping_the_thing_swaps_its_whole_noun_phrase() -> None:
    # "food imports" after "crude oil imports": food in place of crude oil, not "crude food"
    from qa.answer.followup import swapped

    assert swapped("How much did China's crude oil imports grow in 2020?", "And food imports?", "en")[0] == (
        "How much did China's food imports grow in 2020?"
    )
    assert swapped("Did China sign cooperation agreements with Italy?", "And trade agreements?", "en")[0] == (
        "Did China sign trade agreements with Italy?"
    )


def test_how_fast_it_grew_is_the_growth_not_how_much_faster_than_another(real_service) -> None:
    # 同比增长3.2%，高于同期中国进出口总额增速1.3个百分点
    result = real_service.ask("How fast did trade between China and its FTA partners grow in 2020?")
    assert result.answer.startswith("In 2020: 3.2% (3.2%)"), result.answer


def test_a_month_a_change_is_measured_against_is_not_the_date(real_service) -> None:
    # 在2021年4月第三届“双品网购节”…日均值比3月增长20.9%: April, not March
    result = _conversation(
        real_service,
        [
            "How much did partner countries' online retail sales grow in the Silk Road e-commerce session of the "
            "third Double Products Online Shopping Festival?",
            "When was the festival held?",
        ],
    )
    assert result.answer.startswith("The reports give the date as April 2021 (2021年4月)"), result.answer


def test_a_part_asked_next_by_its_own_name_leads_over_the_parts_the_last_answer_gave(real_service) -> None:
    # 覆盖27个欧洲国家、37个亚洲国家、46个非洲国家…: "Africa" is the question's own name; 欧洲 and 亚洲 only carried
    result = _conversation(
        real_service,
        [
            "How many countries had signed Belt and Road cooperation documents with China by June 2021?",
            "How many of the countries are in Africa?",
        ],
    )
    assert result.answer.startswith("By June 2021, African countries: 46 (46个)"), result.answer


def test_a_chinese_followup_counting_only_a_named_thing_stays_with_the_conversation(real_service) -> None:
    # 已经覆盖多少个非洲国家？ after 万村通: its subject is left out (not the cooperation documents' 46个非洲国家)
    result = _conversation(real_service, ["万村通项目是什么时候启动的？", "已经覆盖多少个非洲国家？"])
    assert "20多个非洲国家" in result.citations[0].quote, result.answer


def test_which_one_points_back_to_the_things_just_counted(real_service) -> None:
    # 新设新疆塔城重点开发开放试验区，中国沿边重点开发开放试验区增至9个: not the pilot free trade zones new in 2020
    result = _conversation(
        real_service,
        [
            "How many national border economic cooperation zones had China set up by the end of 2020?",
            "How many key development and opening-up pilot zones are there along the border now?",
            "Which one was new in 2020?",
        ],
    )
    assert "塔城" in result.citations[0].quote, result.answer


def test_a_total_asked_after_a_first_group_and_its_additions_is_the_total_a_clause_states(
    real_service,
) -> None:
    """ "How many are there in total now?" after 10个直属海关 began a pilot and 12 were added: 扩容至22家. A total of
    another kind is no total of what is counted: HBIS Serbia's 5000多名员工, not 累计投入近2亿美元."""
    asked = [
        "When did customs start the B2B export supervision pilot?",
        "How many customs offices were in the first group?",
        "How many were added in September?",
    ]
    total = asked_after(real_service, asked, "How many are there in total now?")
    assert total.answer.startswith("In September 2020: 22 (22家)"), total.answer
    staff = real_service.ask("How many staff does HBIS Serbia have in total?")
    assert not staff.abstained and "5000多名" in staff.answer, staff.answer


def test_which_countries_is_answered_by_the_list_closed_by_the_kind(real_service) -> None:
    """ "Which countries did they come from?": 来自厄立特里亚、肯尼亚…等国的近百名卫生官员, not the sentence naming the
    国家中医药管理局 (an administration, no country) and two embassies; the answer names the first quote's list."""
    asked = [
        "Who organised the training course for health officials with the Xiyuan Hospital?",
        "How long did it last?",
        "How many officials took part?",
    ]
    result = asked_after(real_service, asked, "Which countries did they come from?")
    assert result.citations[0].quote.startswith("共有来自厄立特里亚"), result.answer
    assert result.answer.startswith("The reports name Eritrea (厄立特里亚), Kenya (肯尼亚), Nepal"), (
        result.answer
    )


def test_an_average_asked_is_a_figure(real_service) -> None:
    """ "What is the OECD high-income average?" after Beijing's days and steps to start a business: 4.9步和9.2天."""
    asked = ["How many days does it take to start a business in Beijing?", "How many steps?"]
    result = asked_after(real_service, asked, "What is the OECD high-income average?")
    assert "4.9 steps (4.9步), 9.2 days (9.2天)" in result.answer.split("[1]")[0], result.answer


def test_a_chinese_count_of_a_thing_the_best_does_not_name_is_found_further_down(real_service) -> None:
    """多少个国家参加: the sentences of the conference's box name it without a count; the chronicle entry's 25个国家的
    外长…与会 counts the countries (its unit is the thing asked) and stands in."""
    result = real_service.ask("“一带一路”国际合作高级别视频会议有多少个国家参加？")
    assert not result.abstained and result.citations[0].quote.startswith("25个国家"), result.answer


def test_what_are_they_asks_for_the_things_the_conversation_counted(real_service) -> None:
    """ "What are they?" after the eight major initiatives' rate and date: the sentence listing them, not a figure."""
    asked = [
        "What is the overall implementation rate of the eight major initiatives of China-Africa cooperation?",
        "When were they announced?",
    ]
    result = asked_after(real_service, asked, "What are they?")
    assert "产业促进行动、设施联通行动" in result.citations[0].quote, result.answer
    assert not result.answer.startswith("In 2018"), result.answer


def test_what_are_they_after_a_count_of_areas_is_the_list_counted(real_service) -> None:
    """ "What are they?" after "5 areas": the sentence whose 5方面 the last answer stated lists them (加强…、加强…), and
    the lead names nothing from another quote's list (not the Ministry of Commerce of 商务部等19部门)."""
    asked = ["In how many areas does the notice on foreign design consulting propose measures?"]
    result = asked_after(real_service, asked, "What are they?")
    assert "加强政策引导和机制保障" in result.citations[0].quote, result.answer
    assert "Ministry of Commerce" not in result.answer.split("“")[0], result.answer


def test_the_nth_thing_of_a_kind_is_the_item_opening_with_it(real_service) -> None:
    """ "What was the third detail?": 第三个则是会晤开场白; "the third batch" is an edition, not an item."""
    result = asked_after(
        real_service, ["Why did the meeting take place in the US evening?"], "What was the third detail?"
    )
    assert result.citations[0].quote.startswith("第三个则是"), result.answer


def test_how_many_were_added_counts_the_new_ones_and_how_many_are_there_the_others() -> None:
    from qa.answer.flow import counts_asked

    text = "2020年4月，国务院新增46个综试区，至此综试区增至105个。"
    figures = [{"raw": "46个", "value": 46}, {"raw": "105个", "value": 105}]
    values = lambda q, lang="en": [f["value"] for f in counts_asked(q, lang, text, figures)]  # noqa: E731
    assert values("How many were added?") == [46]
    assert values("新增了多少个？", "zh") == [46]
    assert values("How many pilot zones are there now?") == [105]
    assert values("How many new products were shown?") == [46, 105]  # things that are new, not additions
    assert values("How many are there in total?") == [105]


def test_a_date_asked_of_what_the_last_answer_quoted_is_read_from_the_sentence_before_it(
    real_service,
) -> None:
    # "…研修班线上开班2020年12月，…研修班在线上开班。研修班由商务部主办、中国中医科学院西苑医院承办。"
    result = _conversation(
        real_service, ["中西医结合防控高级人才研修班由哪家医院承办？", "When did it open?"]
    )
    assert not result.abstained and "2020年12月" in result.citations[0].quote, result.answer
    assert result.answer.startswith("The reports give the date as December 2020"), result.answer
