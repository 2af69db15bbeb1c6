"""The time shape a question asks (a total so far, not a yearly amount; what there was at the start, not what was
added later; the level, not its change), how fast something can be done, 占多少 as a share, a hedge before 有多少,
a two-character short form (省市 of 省区市), an ordinal named in a sentence's own words, and follow-ups that point
back at a place (当地) or name one word of their own."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asked_parts import AT_START
from qa.answer.dimension import DURATION_UNITS, dimension_units
from qa.answer.editions import names_edition
from qa.answer.focus import zh_focus
from qa.answer.kinds import question_kinds
from qa.answer.parts import asked_qualifiers
from qa.answer.spoken import abbreviates, spoken_of
from qa.answer.time_shape import yearly
from tests.test_near_miss import asked_after


def test_how_fast_asks_a_time_unless_something_grows() -> None:
    assert question_kinds("How fast can you get a construction permit in Beijing?", "en") == ["quantity"]
    assert "percentage" in question_kinds("How fast did trade with ASEAN grow in 2020?", "en")
    assert "quantity" not in question_kinds("How fast did trade with ASEAN grow in 2020?", "en")


def test_zhan_duoshao_asks_a_share_and_zhandi_an_area() -> None:
    assert "percentage" in question_kinds("2019年在中国读书的留学生里，沿线国家的占多少？", "zh")
    assert "percentage" not in question_kinds("这个产业园占地多少？", "zh")


def test_a_hedge_before_you_duoshao_is_no_focus() -> None:
    assert zh_focus("2019年咱们跟沿线国家之间来回旅游的大概有多少人次？") == ""
    assert zh_focus("蒙内铁路的票价是多少？") == "票价"


def test_a_two_character_short_form_with_one_character_between() -> None:
    assert abbreviates("省市", "在北京、天津、上海、重庆等28个省区市全面深化服务贸易创新发展试点")
    assert spoken_of("省市", "覆盖28个省区市")
    assert not abbreviates("省市", "各省，市场主体")  # not across a clause
    assert not spoken_of("省市", "覆盖30个国家")


def test_time_shapes_are_read_from_words_and_labels() -> None:
    assert AT_START.search("跨境电商B2B出口监管试点刚开始是在几个海关试的？")
    assert AT_START.search("How many customs offices ran the pilot at first?")
    assert not AT_START.search("后来扩到多少家了？")
    assert yearly({"label": "投产后每年为柬埔寨提供"})
    assert not yearly({"label": "投产以来已累计发电"})


def test_an_ordinal_in_a_sentence_own_words_names_the_edition() -> None:
    assert names_edition("2020年12月，中国在非洲设立的第10个鲁班工坊——马达加斯加鲁班工坊揭牌成立。", 10)
    assert names_edition("第三届中国国际进口博览会", 3)
    assert not names_edition("本届进博会展示新产品、新技术、新服务411项", 3)


def test_followups_that_point_back_or_name_one_word() -> None:
    plant = [
        {"role": "user", "content": "柬埔寨额勒赛下游那个水电站装机多大？"},
        {"role": "assistant", "content": "额勒赛下游水电站…装机338兆瓦…[1]"},
    ]
    assert analyze("当地老百姓电价降了多少？", plant).followup
    books = [
        {"role": "user", "content": "《共同梦想》那套丛书线下卖出去多少本？"},
        {"role": "assistant", "content": "丛书线下发行超过31万册，线上阅读量超过4600万人次[1]"},
    ]
    assert analyze("网上看的人有多少？", books).followup
    assert not analyze("澳大利亚的首都是哪里？", books).followup
    assert analyze("2019年底的时候有多少个？", books).followup  # another time of what was asked


def test_time_shapes_answered_as_asked(real_service) -> None:
    so_far = real_service.ask(
        "How much electricity has the Lower Stung Russei Chrum dam in Cambodia generated so far?"
    )
    assert so_far.answer.startswith("Since 2013: more than 6.7 billion kWh (67亿千瓦时)"), so_far.answer
    span = real_service.ask("2013到2020年中国企业在沿线国家一共直接投了多少钱？")
    assert "1359.2亿美元" in span.citations[0].quote, span.answer  # a span's total is no yearly amount
    start = real_service.ask("跨境电商B2B出口监管试点刚开始是在几个海关试的？")
    assert "10个直属海关" in start.citations[0].quote, start.answer
    later = asked_after(
        real_service, ("跨境电商B2B出口监管试点一开始是在几个海关搞的？",), "后来扩到多少家了？"
    )
    assert "扩容至22家" in later.answer.split("[1]")[0], later.answer
    level = real_service.ask("What was the loaded-container rate on China–Europe freight trains in 2019?")
    assert level.answer.startswith("In 2019, loaded container rate: 94% (94%)"), level.answer
    permit = real_service.ask("How fast can you get a construction permit in Beijing or Shanghai?")
    assert not permit.abstained and "(93天)" in permit.answer, permit.answer


def test_spoken_chinese_and_ordinals_answered(real_service) -> None:
    tourism = real_service.ask("2019年咱们跟沿线国家之间来回旅游的大概有多少人次？")
    assert not tourism.abstained and "6000万人次" in tourism.citations[0].quote, tourism.answer
    provinces = real_service.ask("国务院批的服务贸易创新发展试点一共覆盖多少个省市？")
    assert not provinces.abstained and "28个省区市" in provinces.citations[0].quote, provinces.answer
    luban = real_service.ask("Which country got the tenth Luban Workshop in Africa?")
    assert "Madagascar (马达加斯加)" in luban.answer, luban.answer


def test_followups_read_on_in_the_passage_or_the_place(real_service) -> None:
    signed = asked_after(
        real_service,
        ("Who co-hosted the infrastructure investment forum in Macau in December 2020?",),
        "How many agreements were signed there?",
    )
    assert "(12份)" in signed.answer, signed.answer
    share = asked_after(real_service, ("2019年在中国读书的留学生里，沿线国家的占多少？",), "2020年呢？")
    assert share.abstained, share.answer
    price = asked_after(real_service, ("柬埔寨额勒赛下游那个水电站装机多大？",), "当地电价降了多少？")
    assert any("0.16美元" in c.quote for c in price.citations), price.answer


def test_events_last_a_time_and_a_when_asks_no_paid_out_part() -> None:
    assert dimension_units("How long was the Xi–Biden video summit in November 2021?", "en") <= set(
        DURATION_UNITS
    )
    assert "公里" in dimension_units("How long is the Jakarta–Bandung railway line?", "en")
    assert question_kinds("So when did it actually come into force?", "en") == ["date"]
    assert asked_qualifiers("So when did it actually come into force?", "en") == set()
    assert AT_START.search("And how many did it start with?")


def test_shares_starts_and_how_long_an_event_lasts(real_service) -> None:
    share = real_service.ask("What's the share of local staff at the China-Belarus Industrial Park?")
    assert "(85%)" in share.answer.split("[1]")[0], share.answer
    start = asked_after(
        real_service,
        ("How many universities are in the Belt and Road university strategic alliance these days?",),
        "And how many did it start with?",
    )
    assert start.answer.startswith("8 countries (8国), 47 (47所)"), start.answer
    summit = real_service.ask("How long was the Xi–Biden video summit in November 2021?")
    assert summit.answer.startswith("3.5 hours (3个半小时)"), summit.answer


def test_a_date_the_entry_gives_of_another_event_is_no_date(real_service) -> None:
    force = asked_after(
        real_service,
        (
            "When did China and the EU sign their geographical indications agreement?",
            "How many GI products does it cover altogether?",
        ),
        "So when did it actually come into force?",
    )
    assert force.abstained and "do not give the date" in force.answer, force.answer
