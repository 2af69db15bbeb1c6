"""The bilingual glossary and the jieba domain dictionary built from the two reports."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from qa.text.glossary import Glossary, load_glossary, read_glossary

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _data(name: str) -> str:
    return resources.files("qa.text").joinpath(f"data/{name}").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many China-Europe Railway Express trains ran in 2019?", {"中欧班列", "开行"}),
        ("Which countries set up trade facilitation working groups with China in 2020?", {"贸易畅通工作组"}),
        ("How many China-Europe freight trains were operated?", {"中欧班列"}),
        ("How many free trade agreements has China signed?", {"自贸协定"}),
        ("Which countries signed currency swap agreements with China?", {"本币互换协议"}),
        ("What was the cargo and mail throughput of Zhengzhou airport?", {"郑州机场", "货邮吞吐量"}),
        ("What is the New International Land-Sea Trade Corridor?", {"国际陆海贸易新通道"}),
        ("When did the China Laos railway open?", {"中老铁路"}),
        (
            "What was the value of newly signed contracts for overseas contracted projects?",
            {"新签合同额", "对外承包工程"},
        ),
        (
            "How much paid-in foreign investment came from Belt and Road countries?",
            {"实际投入外资", "沿线国家"},
        ),
        ("How many tier-one branches have Chinese banks set up?", {"一级机构", "中资银行"}),
        ("How many jobs did the Garissa solar power plant create?", {"加里萨", "就业岗位", "光伏电站"}),
        ("What did Xi Jinping and Biden agree in their virtual meeting?", {"习近平", "拜登", "视频会晤"}),
        ("What did Japan's prime minister Fumio Kishida decide?", {"岸田文雄", "首相", "日本"}),
        ("How large is trade in services with BRI countries?", {"服务贸易", "沿线国家"}),
        ("How many TEUs did the trains carry?", {"标箱"}),
        ("Cainiao and Ethiopian Airlines opened a cold chain route", {"菜鸟", "埃塞俄比亚航空", "冷链"}),
    ],
)
def test_english_questions_expand_to_report_terms(
    glossary: Glossary, question: str, expected: set[str]
) -> None:
    terms = glossary.expand_english(question)
    assert expected <= set(terms)
    assert len(terms) == len(set(terms))


def test_longer_phrase_wins_over_the_words_inside_it(glossary: Glossary) -> None:
    terms = glossary.expand_english("China-Europe Railway Express trains")
    assert terms[0] == "中欧班列"
    assert "中国" not in terms
    assert "贸易便利化" not in glossary.expand_english("trade facilitation working group")


def test_a_noun_in_se_matches_its_plural(glossary: Glossary) -> None:
    """ "enterprises" is the plural of "enterprise" (not of "enterpris")."""
    assert "外商投资企业" in glossary.expand_english("the foreign-invested enterprise complaint measure")
    assert "外商投资企业" in glossary.expand_english("How many foreign-invested enterprises were set up?")


def test_an_acronym_in_the_plural_is_the_acronym(glossary: Glossary) -> None:
    """CIIEs is CIIE and a plural s (lowercased first, "ciies" would read as a plural in -ies)."""
    assert "进博会" in glossary.expand_english("What was the total of the three CIIEs?")
    assert "自贸协定" in glossary.expand_english("How many FTAs did China sign?")
    # the reports call a head of government 总理 (特多总理, 巴基斯坦总理) as often as 首相
    assert "总理" in glossary.expand_english("Which prime minister inspected the project?")


def test_a_verb_is_looked_up_by_its_past_form_when_its_noun_is_another_term(glossary: Glossary) -> None:
    """ "did the programme train" trains people (培训), not China-Europe trains (班列); "did each train carry" and
    "did the solar power plant create" keep their nouns."""
    assert glossary.expand_english("How many officials did the programme train in 2020?") == ["培训"]
    assert "班列" not in glossary.expand_english("How many students did the programme train?")
    assert "班列" in glossary.expand_english("How many containers did each train carry?")
    assert "光伏电站" in glossary.expand_english("How many jobs did the Garissa solar power plant create?")


def test_a_past_form_the_glossary_lacks_is_looked_up_by_its_verb(glossary: Glossary) -> None:
    """ "is exported" is 出口 as "exports" is; "take effect" and "enter into force" are 生效 (or 实施, 施行)."""
    assert set(glossary.expand_english("What share of its output is exported?")) == {"产量", "出口"}
    assert "出口" not in glossary.expand_english("What share of its output is expected?")
    assert glossary.expand_english("When did the measures take effect?")[:1] == ["生效"]
    assert {"实施", "施行"} <= glossary.alternates_english("When did the measures take effect?")
    assert glossary.expand_english("When did the agreement enter into force?") == ["生效"]


def test_an_adjective_of_nationality_is_its_place(glossary: Glossary) -> None:
    """ "Which Australian minister": Australia (澳大利亚, 澳洲). "Chinese" stays as it was: a word of phrases
    (Chinese enterprises) that alone names nothing to look for."""
    assert "澳洲" in glossary.expand_english("Which Australian minister welcomed the talks?")
    assert "肯尼亚" in glossary.expand_english("Which Kenyan power plant is the largest?")
    assert glossary.expand_english("Chinese") == []


def test_unrelated_question_expands_to_little(glossary: Glossary) -> None:
    assert set(glossary.expand_english("What is the weather in Paris?")) <= {"巴黎", "法国"}
    assert glossary.expand_english("Tell me a joke about cats.") == []


def test_everyday_words_are_not_acronyms(glossary: Glossary) -> None:
    assert glossary.expand_english("who told us about it?") == []
    assert {"世界卫生组织", "美国"} <= set(glossary.expand_english("What did the WHO say about the US?"))


def test_spelling_variants_match(glossary: Glossary) -> None:
    assert "中欧班列" in glossary.expand_english("china europe railway express")
    assert "考波什堡光伏电站" in glossary.expand_english("the Kaposvar solar power plant")
    assert any("跨境电商" in t for t in glossary.expand_english("Cross-border e-commerce pilot zones"))


def test_generic_words_do_not_flood_the_expansion(glossary: Glossary) -> None:
    question = "trade investment China cooperation project countries growth share trade China economy"
    terms = glossary.expand_english(question)
    assert len(terms) <= 12
    assert "国家" not in terms


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("中欧班列开行", "China-Europe Railway Express trains run"),
        ("服务进出口额", "trade in services"),
        ("郑州机场货邮吞吐量", "Zhengzhou airport cargo and mail throughput"),
        ("2020年中欧班列累计开行", "China-Europe Railway Express cumulative trains run"),
        ("离岸服务外包执行额", "offshore service outsourcing execution value"),
        ("中资银行的一级机构", "Chinese banks tier-one branches"),
        ("对外承包工程新签合同额", "overseas contracted projects value of newly signed contracts"),
        ("节约标准煤", "standard coal saved"),
        ("RCEP成员国人口", "Regional Comprehensive Economic Partnership member states population"),
    ],
)
def test_translate_labels(glossary: Glossary, label: str, english: str) -> None:
    assert glossary.translate(label) == english


def test_translate_refuses_untranslated_chinese(glossary: Glossary) -> None:
    assert glossary.translate("中欧班列某某指数") is None
    assert glossary.translate("的") is None
    assert glossary.translate("") is None


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("中欧班列", "China-Europe Railway Express"),
        ("一带一路", "Belt and Road"),
        ("贸易畅通工作组", "trade facilitation working group"),
        ("自贸协定", "free trade agreement"),
        ("郑州", "Zhengzhou"),
        ("习近平", "Xi Jinping"),
        ("国家开发银行", "China Development Bank"),
    ],
)
def test_round_trip_of_key_terms(glossary: Glossary, zh: str, en: str) -> None:
    assert glossary.to_english(zh) == en
    assert zh in glossary.expand_english(en)


def test_to_english_is_exact(glossary: Glossary) -> None:
    assert glossary.to_english("中欧班列开行量增长") is None
    assert glossary.to_english(" 中老铁路 ") == "China-Laos Railway"


def test_expand_chinese_renders_terms_in_a_passage(glossary: Glossary) -> None:
    text = "2019年中欧班列开行8225列，发运72.5万标箱；郑州机场完成货邮吞吐量63.94万吨。"
    english = glossary.expand_chinese(text)
    assert "China-Europe Railway Express trains run" in english
    assert "cargo and mail throughput" in english
    assert "Zhengzhou airport" in english


def test_synonyms_share_one_chinese_term(glossary: Glossary) -> None:
    for en in ("China-Europe Railway Express", "China-Europe freight trains", "China-Europe Railway"):
        assert "中欧班列" in glossary.expand_english(en)
    assert "一带一路" in glossary.expand_english("the BRI")


def test_tsv_is_clean() -> None:
    lines = [line for line in _data("glossary.tsv").splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) == len(set(lines)), "duplicate lines"
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 2 and all(f.strip() == f and f for f in fields), repr(line)
    assert len({zh for zh, _ in read_glossary(_data("glossary.tsv"))}) >= 400


def test_userdict_words_are_glossary_terms_or_report_words() -> None:
    terms = {zh for zh, _ in read_glossary(_data("glossary.tsv"))}
    corpus = "".join(re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt"))
    words = []
    for line in _data("userdict.txt").splitlines():
        word, freq, tag = line.split(" ")
        assert 2 <= len(word) <= 10 and int(freq) > 0 and tag
        words.append(word)
    assert len(words) == len(set(words))
    assert {
        "一带一路",
        "中欧班列",
        "中老铁路",
        "陆海新通道",
        "西部陆海新通道",
        "贸易畅通",
        "服务进出口额",
    } <= set(words)
    strays = [w for w in words if w not in terms and (not corpus or w not in corpus)]
    assert not strays


def test_jieba_keeps_domain_terms_whole() -> None:
    from qa.text.tokenize import cut

    assert cut("2019年中欧班列开行8225列") == ["2019", "年", "中欧班列", "开行", "8225", "列"]
    assert "货邮吞吐量" in cut("郑州机场完成货邮吞吐量63.94万吨")
    assert "贸易畅通工作组" in cut("与缅甸、智利等新建贸易畅通工作组")


def test_a_term_known_only_by_its_acronym_is_the_name_it_abbreviates() -> None:
    """亚行 (only "ADB") and 亚洲开发银行 ("Asian Development Bank") are one bank: either English form finds both;
    a unit's symbol beside its word ("MW", "megawatts") is not linked to a name with the same initials."""
    glossary = Glossary(
        [
            ("亚行", "ADB"),
            ("亚洲开发银行", "Asian Development Bank"),
            ("兆瓦", "megawatts"),
            ("兆瓦", "MW"),
            ("某人", "Mary Wood"),
        ]
    )
    # the acronym as written is a form too: the reports write Latin acronyms as they are
    assert set(glossary.expand_english("How much did the ADB lend?")) == {"亚行", "亚洲开发银行", "ADB"}
    assert set(glossary.expand_english("What did the Asian Development Bank lend?")) == {
        "亚行",
        "亚洲开发银行",
    }
    assert glossary.zh_to_en["亚行"] == "ADB"  # the preferred English form stays first
    assert glossary.expand_english("How many MW?") == ["兆瓦", "MW"]  # not 某人 ("Mary Wood")
    assert glossary.renderings["某人"] == ["Mary Wood"]


def test_other_forms_of_an_asked_term_are_alternates_not_extra_requirements() -> None:
    glossary = Glossary([("亚行", "ADB"), ("亚洲开发银行", "Asian Development Bank"), ("贷款", "loans")])
    assert glossary.alternates_english("How many loans did the ADB make?") == {"亚洲开发银行", "ADB"}
    # the acronym the reports may write the name as is another form too (RCEP规定了…)
    assert glossary.alternates_english("How many loans did the Asian Development Bank make?") == {
        "亚行",
        "ADB",
    }
    assert glossary.alternates_english("How many loans?") == set()


def test_an_acronym_is_spelled_by_the_initials_of_a_terms_name() -> None:
    """Initials in any case, a hyphenated word counted as one word or as its parts; small words skipped."""
    glossary = Glossary(
        [
            ("中小企业", "small and medium-sized enterprises"),
            ("国企", "state-owned enterprise"),
            ("亚洲开发银行", "Asian Development Bank"),
            ("标箱", "TEU"),
        ]
    )
    assert glossary.spelled_by("SME") == ["中小企业"]
    assert glossary.spelled_by("SOE") == ["国企"]
    assert glossary.spelled_by("adb") == ["亚洲开发银行"]
    assert glossary.spelled_by("TEU") == []  # a one-word rendering spells nothing
    assert glossary.spelled_by("CPTPP") == []


def test_a_term_of_a_sentence_renders_the_words_asked() -> None:
    """缓债金额 is rendered "debt service suspended": a sentence holding it speaks of "debt service"."""
    glossary = load_glossary()
    sentence = "截至2020年9月末，与有关受惠国家签订协议的缓债金额达到7.48亿美元。"
    assert glossary.renders(sentence, ["debt", "service"])
    assert not glossary.renders(sentence, ["debt", "swap"])
    assert not glossary.renders("人民币国际化稳步推进。", ["debt"])


def test_a_term_has_the_synonyms_rendered_the_same_way() -> None:
    synonyms = load_glossary().synonyms("亚洲基础设施投资银行")
    assert synonyms[0] == "亚洲基础设施投资银行" and "亚投行" in synonyms
    assert load_glossary().synonyms("没有的词") == ["没有的词"]


def test_repeated_matches_of_one_text_give_the_same_terms() -> None:
    # A question's text is matched several times while it is answered; the later matches come from a cache.
    glossary = load_glossary()
    question = "How many trains did the China-Europe Railway Express run in 2020?"
    first = glossary.expand_english(question)
    first.append("changed")
    assert glossary.expand_english(question) == first[:-1]
    assert "中欧班列" in first
    assert glossary.unmatched_english(question) == glossary.unmatched_english(question)


def test_provinces_are_the_reports_collective_of_provinces_regions_and_municipalities() -> None:
    # The reports count China's provinces, autonomous regions and municipalities together (覆盖30个省区市).
    assert "省区市" in load_glossary().expand_english("How many provinces do they cover?")


def test_the_names_the_reports_use_have_their_english_names() -> None:
    # Projects, places, bodies and documents are asked about by their English names.
    glossary = load_glossary()
    assert "美丽山二期" in glossary.expand_english("How many people does Belo Monte phase II supply?")
    assert "美丽山" in glossary.expand_english("Where is Belo Monte?")
    assert "默蒂亚里" in glossary.expand_english("the Matiari-Lahore line")
    assert glossary.to_english("联合国难民署") == "UNHCR"


def test_activities_and_events_are_the_reports_huodong() -> None:
    # The dictionary gives 活动 as "activity" only in a late sense; the reports count activities and events in it.
    assert "活动" in load_glossary().expand_english("How many activities are planned?")


def test_british_and_american_spellings_and_firms_find_the_same_term() -> None:
    glossary = load_glossary()
    assert "绿色丝路使者计划" in glossary.expand_english("the Green Silk Road Envoys Programme")
    assert "中国—东盟信息港" in glossary.expand_english("the China-ASEAN Information Harbour")
    # a firm is what the glossary calls a company
    assert "新设外商投资企业" in glossary.expand_english("new foreign-invested firms")


def test_an_acronym_is_also_a_form_the_reports_write_as_it_is() -> None:
    """ "IMF报告称": the reports use the acronym itself beside the Chinese name, so both are forms of the term."""
    glossary = load_glossary()
    assert "IMF" in glossary.synonyms("国际货币基金组织")
    assert "国际货币基金组织" in glossary.synonyms("国际货币基金组织")
    assert {"国际货币基金组织", "IMF"} <= set(glossary.expand_english("according to the IMF"))
    assert "IMF" in glossary.alternates_english("according to the IMF")


def test_a_label_term_the_next_term_holds_is_not_said_twice() -> None:
    from qa.ingest.figure_labels import translate_label
    from qa.text.glossary import join_terms, load_glossary

    assert load_glossary().translate("“一带一路”沿线国家") == "countries along the Belt and Road"
    assert translate_label("一带一路沿线国家") == "countries along the Belt and Road"
    assert join_terms(["China", "and", "Belt and Road countries"]) == "China and Belt and Road countries"
    assert join_terms(["imports", "imports"]) == "imports"


def test_chinese_terms_are_read_left_to_right_longest_first() -> None:
    from qa.answer.analyze import find_entities

    # 中美元首: 中美 and 元首, not 美元 (US dollars) across the two
    assert "美元" not in find_entities("拜登上台以来中美元首第一次对话是什么时候？")
    assert find_entities("2020年中欧班列开行多少列？") == ["中欧班列开行"]


def test_a_reading_of_terms_leaves_the_fewest_characters_outside_a_term() -> None:
    from qa.answer.english import gloss

    # 成员国际金融公司: a member, the International Finance Corporation; not 成员国 (member states) and 际…
    glossed = gloss("世界银行集团成员国际金融公司作为贷款方之一")
    assert "[International Finance Corporation]" in glossed and "[member states]" not in glossed
    assert load_glossary().chinese_terms("对外承包工程新签合同额") == ["对外承包工程", "新签合同额"]
    assert load_glossary().chinese_terms("中美元首") == ["中美", "元首"]


def test_a_pair_with_china_is_also_named_by_the_other_party() -> None:
    glossary = load_glossary()
    assert glossary.other_party("中斯") == ["斯里兰卡"]
    assert "巴基斯坦" in glossary.other_party("中巴")
    assert glossary.other_party("中欧班列") == []  # a name of its own, not a pair
    assert "斯里兰卡" in glossary.other_names("中斯政党共商机制第一次会议")


def test_a_direction_word_is_no_region() -> None:
    # 非洲东南部的赞比亚、中东部的卢旺达: the central-eastern part, not the Middle East
    assert "中东" not in load_glossary().chinese_terms("非洲东南部的赞比亚、中东部的卢旺达")


def test_an_acronym_inside_a_known_name_is_written_by_the_reports(glossary: Glossary) -> None:
    # "the Matiari-Lahore HVDC line": HVDC is no name missing from the reports, it is part of one they write
    assert "默蒂亚里—拉合尔高压直流输电项目" in glossary.written_with("HVDC")
    assert glossary.written_with("XYZQ") == []
