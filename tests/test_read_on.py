"""Answers that read on from the sentence before (a figure of another time alone: "2019年为137个国家。"), dates of
the doing asked (took effect, not revised), names inside longer names, and currencies written after the number."""

from __future__ import annotations

from tests.test_near_miss import asked_after

COUNTRIES_2021 = (
    "How many countries had signed Belt and Road cooperation documents with China by the end of January 2021?"
)


def test_and_in_another_year_reads_on_to_the_figure_of_that_year(real_service) -> None:
    result = asked_after(real_service, (COUNTRIES_2021,), "And in 2019?")
    assert result.answer.startswith("In 2019: 137 countries (137个国家)"), result.answer
    zh = asked_after(real_service, ("截至2021年1月底，与中国签署合作文件的国家共多少个？",), "2019年呢？")
    assert "2019年为137个国家" in zh.answer, zh.answer


def test_when_it_took_effect_is_the_date_it_took_effect_not_the_date_it_was_revised(real_service) -> None:
    result = real_service.ask(
        "When did the measures on complaints of foreign-invested enterprises take effect?"
    )
    assert result.answer.startswith("The reports give the date as 1 October 2020 (2020年10月1日)"), (
        result.answer
    )


def test_a_name_inside_a_longer_one_is_not_missing_from_the_reports(real_service) -> None:
    result = real_service.ask("What did the People's Bank of China and SAFE issue on 7 May 2020?")
    assert not result.abstained and "境外机构投资者" in result.answer, result.answer


def test_a_share_exported_and_contracts_in_ringgit(real_service) -> None:
    steel = ("How many jobs did the Malaysian steel project create?", "What does it produce?")
    exported = asked_after(real_service, steel, "What share of its output is exported?")
    assert exported.answer.startswith("70% (70%)"), exported.answer
    worth = asked_after(real_service, steel, "How much have its contracts with local firms been worth?")
    assert "530 million ringgit (5.3亿令吉)" in worth.answer.split(",")[0], worth.answer


def test_the_yellow_light_list_is_the_line_after_its_name(real_service) -> None:
    result = asked_after(
        real_service, ("Which projects are on the green-light list?",), "And the yellow-light list?"
    )
    assert "废弃物垃圾发电项目" in result.answer, result.answer


def test_a_short_title_is_the_document_asked_of_before(real_service) -> None:
    review = "When did the measures for the security review of foreign investment take effect?"
    result = asked_after(real_service, (review,), "How many articles do they have?")
    assert "23 (23条)" in result.answer.split("[1]")[0], result.answer
    signed = asked_after(
        real_service,
        ("What did the cooperation plan between China and the African Union cover?",),
        "When was it signed?",
    )
    # the chronicle's day (12月16日) or the box's month (2020年12月): the same signing
    assert signed.answer.startswith(
        ("The reports give the date as December 2020", "The reports give the date as 16 December 2020")
    ), signed.answer


def test_a_chinese_followup_with_whom_and_a_bare_verb_asks_of_the_last_question(real_service) -> None:
    """ "签了几个？" and "和柬埔寨什么时候签的？" after the count of FTA partners: 签 and 个 are no words a sentence
    must have; "和柬埔寨…" is said of what was signed."""
    from qa.answer.spoken import spoken_of

    assert spoken_of("国家和地区", "截至2020年底，中国已累计与26个国家（地区）签署19个自由贸易协定。")
    first = "截至2020年底，中国与多少个国家和地区签署了自由贸易协定？"
    assert real_service.ask(first).answer.startswith("截至2020年底，中国已累计与26个国家（地区）签署19个")
    count = asked_after(real_service, (first,), "签了几个？")
    assert count.answer.startswith("截至2020年底，中国已累计与26个国家（地区）签署19个"), count.answer
    when = asked_after(real_service, (first, "签了几个？"), "和柬埔寨什么时候签的？")
    assert when.answer.startswith("报告所记日期为2020年10月[1]。10月，中国与柬埔寨签订自贸协定"), when.answer


def test_a_count_asked_is_not_answered_by_what_was_added(real_service) -> None:
    """ "How many items does the catalogue have?": 总条目增加127条 gives what was added, the box under its short
    form (《鼓励目录》…总条目：1235条) how many there are; "How many were added?" is answered by 127条; a row of
    figures ("*中西部地区：增加62条*修改：88条") is no heading."""
    from qa.answer.dimension import dimension_reason

    added = [{"unit": "条", "measure_kind": "change"}]
    assert dimension_reason("How many items does it have?", "en", frozenset({"条"}), added)
    assert not dimension_reason("How many were added?", "en", frozenset({"条"}), added)
    catalogue = (
        "How many items does the 2020 Catalogue of Industries for Encouraging Foreign Investment have?"
    )
    total = real_service.ask(catalogue)
    assert total.answer.startswith("Total items: 1,235 (1235条)"), total.answer
    result = asked_after(real_service, (catalogue,), "How many were added?")
    assert "127 (127条)" in result.answer, result.answer


def test_who_issued_the_initiative_names_the_mechanism(real_service) -> None:
    question = "Who issued the initiative supporting China's fight against the epidemic?"
    result = real_service.ask(question)
    assert "银行间常态化合作机制" in result.answer.split("“")[0], result.answer


def test_where_it_ranks_nationally_after_its_throughput(real_service) -> None:
    """ "全国排第几？": 排 alone and 第几 are no words a sentence must have; the ranking is in the sentence answered."""
    result = asked_after(real_service, ("郑州机场2020年货邮吞吐量是多少？",), "全国排第几？")
    assert not result.abstained and "全国排名提升至第6位" in result.answer, result.answer


def test_why_reads_on_to_the_sentences_giving_the_causes(real_service) -> None:
    # 不能期待太高。一是因为…；二是…；三是…: the sentence stating it gives no cause, the ones after it do
    for question in (
        "Why is one not to expect too much from improved China-US relations?",
        "为什么对中美关系未来改善不能期待太高？",
    ):
        result = real_service.ask(question)
        quotes = [c.quote for c in result.citations]
        assert not result.abstained and "不能期待太高" in quotes[0], result.answer
        assert [q[:2] for q in quotes[1:4]] == ["一是", "二是", "三是"], quotes
