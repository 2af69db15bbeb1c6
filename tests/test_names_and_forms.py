"""Names and their other forms: short names are words of their own (卡加梅), a possessive is the name (AU's), an
acronym written in a sentence holds the name it stands for (APEC: 亚太经合组织), and a follow-up asking a thing by a
noun and a past form ("What declaration was issued?") asks the noun."""

from __future__ import annotations

from qa.answer.asked_noun import person_forms
from qa.text.glossary import load_glossary
from qa.text.tokenize import search_tokens, tokenizer_build
from tests.test_near_miss import asked_after


def test_a_short_glossary_name_is_one_word_whatever_follows_it() -> None:
    assert "卡加梅" in search_tokens("卢旺达总统卡加梅说，中国政府")
    assert tokenizer_build().startswith("5:")


def test_a_count_word_inside_an_ordinal_is_no_count() -> None:
    """三届 is three editions (三届…累计); inside 第三届 it is the third edition, and no index term of a count."""
    assert "三届" not in search_tokens("第三届中国国际进口博览会在上海举办")
    assert "第3届" in search_tokens("第三届中国国际进口博览会在上海举办")
    assert "三届" in search_tokens("三届中国国际进口博览会累计意向成交2015.8亿美元")
    assert "三届" in search_tokens("第三届进博会和此前三届展会")


def test_people_a_term_names_have_the_other_words_chinese_makes_for_them() -> None:
    assert set(person_forms(["技术员"])) == {"技术员", "技术人员", "技术人才"}
    assert set(person_forms(["研究人员"])) == {"研究员", "研究人员", "研究人才"}
    assert person_forms(["技术", "官员"]) == []  # a single character before 员 names no people of a kind


def test_technicians_are_counted_as_the_reports_technical_talents(real_service) -> None:
    """ "How many technicians has China trained?" after hybrid rice aid: 14000多名杂交水稻技术人才."""
    result = asked_after(
        real_service,
        ["How long has China been running hybrid rice aid projects?"],
        "How many technicians has China trained?",
    )
    assert not result.abstained and result.answer.startswith("More than 14,000 people (14000多名)"), (
        result.answer
    )


def test_a_possessive_is_the_name() -> None:
    glossary = load_glossary()
    assert "非盟" in glossary.expand_english("Who was the AU's rotating chair?")
    assert "老挝" in glossary.expand_english("What is the capacity of Laos's first oil refinery?")
    assert "中国人民银行" in glossary.expand_english("What did the People's Bank of China issue?")


def test_a_name_the_sentence_writes_as_an_acronym_is_the_name_asked(real_service) -> None:
    result = real_service.ask("What vision did APEC adopt in November 2020?")
    assert result.answer.startswith("The reports name APEC Putrajaya Vision 2040"), result.answer
    kagame = real_service.ask("What did Kagame say at the China-Africa summit?")
    assert not kagame.abstained and "卡加梅" in kagame.answer, kagame.answer


def test_what_declaration_was_issued_asks_for_the_declaration(real_service) -> None:
    gti = "What did China do under the Greater Tumen Initiative in 2020?"
    result = asked_after(real_service, (gti,), "What declaration was issued?")
    assert result.answer.startswith("The reports name Seoul Declaration (首尔宣言)"), result.answer


def test_what_someone_said_about_a_thing_is_answered_only_where_they_speak_of_it(real_service) -> None:
    from qa.answer.focus import en_focus

    assert en_focus("What did Kagame say about vaccines?") == "疫苗"
    assert (
        en_focus("What did China's guidance say about the Belt and Road?") == ""
    )  # a name: the key names' to check
    result = real_service.ask("What did Kagame say about vaccines?")
    assert result.abstained and result.near_miss.missing == "measure", result.answer


def test_a_name_a_box_is_titled_with_holds_for_its_sentences(real_service) -> None:
    """The WTO box's sentence "上诉机构最后一名成员正式期满卸任" is of the WTO its title names; a box whose first
    sentence names Russia among others does not make its other sentences about Russia."""
    result = real_service.ask("When did the last member of the WTO Appellate Body leave office?")
    assert "30 November 2020" in result.answer, result.answer
    warehouses = (
        "How many overseas warehouses did China have by the end of 2020?",
        "How much can they cut logistics costs?",
    )
    assert asked_after(real_service, warehouses, "How many are in Russia?").abstained


def test_what_a_meeting_adopted_is_a_document_and_his_points_back(real_service) -> None:
    from qa.answer.asks_for import statement_asked

    assert statement_asked("What did the meeting adopt?") == "titles"
    assert statement_asked("会议通过了什么？") == "titles"
    sri_lanka = (
        "When was the China-Sri Lanka Belt and Road political parties consultation mechanism set up?",
        "What was the theme of its first meeting?",
    )
    adopted = asked_after(real_service, sri_lanka, "What did the meeting adopt?")
    assert adopted.answer.startswith("The reports name 《中斯政党支持高质量共建"), adopted.answer
    ciie = ("Who hosted the third CIIE?", "Where was it held?")
    speech = asked_after(real_service, ciie, "What did Xi stress in his keynote speech?")
    assert "在开幕式上通过视频发表主旨演讲" in speech.answer, speech.answer


def test_companies_exhibit_and_products_are_exhibited() -> None:
    glossary = load_glossary()
    assert glossary.expand_english("How many companies exhibited online?") == ["参展"]
    assert "展出" in glossary.expand_english("How many new products were exhibited at the Canton Fair?")


def test_the_key_to_something_is_what_the_reports_call_its_key() -> None:
    """ "the key to winning": 关键, which the dictionary gives "key" only among other senses."""
    assert "关键" in load_glossary().expand_english(
        "What is the key to winning the fight against the pandemic?"
    )


def test_the_short_name_of_an_administration_finds_the_passage_under_its_full_name(real_service) -> None:
    """外汇局 is what staff call 国家外汇管理局, the only name the reports use."""
    result = real_service.ask("外汇局《通知》推出了多少条举措？")
    assert not result.abstained and result.citations[0].quote.startswith("《通知》推出8条举措"), result.answer


def test_fighting_covid_and_covering_are_read_in_the_reports_words() -> None:
    """ "to fight COVID-19" is 抗疫 (第一支抗疫医疗队), and "do they cover" may be 涵盖 as well as 覆盖."""
    glossary = load_glossary()
    assert "抗疫" in glossary.expand_english(
        "When did China send its first medical team abroad to fight COVID-19?"
    )
    assert {"覆盖", "涵盖"} <= set(glossary.expand_english("Which industries do the stories cover?"))
