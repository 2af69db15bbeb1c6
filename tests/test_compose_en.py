"""English answers: the asked figure first, labelled with its time scope; other facts glossed in English."""

from __future__ import annotations

import json
import re

import pytest

from qa.answer.analyze import analyze
from qa.answer.asked_parts import asked_parts
from qa.answer.compose import compose_en
from qa.answer.english import gloss, time_phrase
from qa.answer.types import Quote
from qa.bench.evaluate import leads_with_asked_figure, written_in_english
from qa.ingest.figures import extract_figures, figure_to_dict
from tests.conftest import DEV_SET, ROOT

# Sentences as the reports write them.
TRAINS = "2020年，中欧班列累计开行1.24万列、发送113.5万标箱，同比分别增长50%、56%，综合重箱率达98.4%。"
AEO = "截至2020年10月，中国已与欧盟、日本、韩国等15个经济体共42个国家和地区签署了经认证的经营者（AEO）互认合作协定。"
INVEST = "2013—2020年，中国企业对“一带一路”沿线国家直接投资1359.2亿美元，年均增长5.7%。"
YEAR_END = "截至2020年底，中国已与138个国家、31个国际组织签署了202份共建“一带一路”合作文件。"
CORRIDOR = (
    "2020年新冠肺炎疫情在全球蔓延，中欧班列成为唯一畅通的运输通道，大量抗疫物资从中国运送到欧洲和中亚。"
)


def quote(text: str) -> Quote:
    figures = [figure_to_dict(f) for f in extract_figures(text)]
    return Quote(None, 0, len(text), text, 1.0, 1.0, figures)  # type: ignore[arg-type]


def first_number(answer: str, golds: list[float]) -> bool:
    return leads_with_asked_figure(golds, answer)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        ("How many TEU did the China-Europe Railway Express carry in 2020?", TRAINS, 1135000),
        ("How many trains did the China-Europe Railway Express run in 2020?", TRAINS, 12400),
        ("With how many international organisations had China signed cooperation documents?", YEAR_END, 31),
    ],
)
def test_quantity_answer_leads_with_the_asked_figure(question: str, text: str, gold: float) -> None:
    answer = compose_en([quote(text)], True, query=analyze(question))
    assert first_number(answer, [gold]), answer
    assert written_in_english(answer), answer


def test_each_figure_is_stated_once_and_the_others_only_after_the_asked_one() -> None:
    answer = compose_en([quote(TRAINS), quote(TRAINS)], True, query=analyze("How many trains ran in 2020?"))
    assert answer.count("12,400") == 1 and answer.startswith("In 2020")
    # The loaded-container rate answers nothing asked: it may follow as the passage's other figures, never lead.
    lead = answer[: answer.index("[1]")]
    assert "12,400" in lead and "98.4" not in lead


def test_the_original_is_given_in_parentheses() -> None:
    answer = compose_en([quote(TRAINS)], True, query=analyze("How many trains ran in 2020?"))
    assert "12,400 trains (1.24万列)" in answer
    assert answer.endswith("[1].")


def test_as_of_and_cumulative_wording() -> None:
    aeo = compose_en(
        [quote(AEO)],
        True,
        query=analyze("With how many countries and regions had China signed AEO agreements?"),
    )
    assert "by october 2020" in aeo.lower() and "42" in aeo
    end = compose_en(
        [quote(YEAR_END)], True, query=analyze("With how many countries had China signed documents?")
    )
    assert "by the end of 2020" in end.lower()
    invest = compose_en(
        [quote(INVEST)], True, query=analyze("How much did Chinese companies invest directly?")
    )
    assert "from 2013 to 2020" in invest.lower()
    assert invest.index("US$135.92 billion") < invest.index("5.7%") if "5.7%" in invest else True


def test_range_start_takes_its_own_year() -> None:
    text = "中欧班列年开行量由2014年的308列增至2020年的1.24万列。"
    figs = {f["value"]: f for f in (figure_to_dict(f) for f in extract_figures(text))}
    assert time_phrase(figs[308]) == "in 2014"
    assert time_phrase(figs[12400]) == "in 2020"


def test_other_facts_lead_in_english_and_gloss_the_quote() -> None:
    answer = compose_en(
        [quote(CORRIDOR)],
        False,
        query=analyze("What role did the China-Europe Railway Express play during the pandemic?"),
    )
    assert answer.startswith("On ")
    assert "中欧班列 [China-Europe Railway Express]" in answer
    assert written_in_english(answer), answer


def test_a_list_question_names_the_items_in_english_with_their_chinese() -> None:
    text = "中国已与法国、日本、意大利、英国等14个国家签署第三方市场合作文件。"
    answer = compose_en(
        [quote(text)],
        False,
        query=analyze("Which countries has China signed third-party market cooperation documents with?"),
    )
    assert re.search(r"France \(法国\).*Japan \(日本\)", answer), answer
    assert written_in_english(answer), answer


def test_a_list_question_without_an_answering_list_does_not_name_common_nouns() -> None:
    """A passage with no enumeration that answers and no names: "The reports name railway, freight and port" would
    pass common nouns off as the answer; the lead says what the passage is about instead."""
    text = "红灯项目包括铁路建设、城市货运和港口建设。"
    answer = compose_en(
        [quote(text)], False, query=analyze("Which kinds of projects are in the red-light category?")
    )
    assert not answer.startswith("The reports name"), answer
    assert written_in_english(answer), answer


def test_a_list_closed_with_a_count_gives_the_group_size_first() -> None:
    """ "欧盟、日本、韩国等15个经济体": the reports count 15, naming three; a list without a count has none."""
    question = "Which economies has China signed AEO mutual recognition agreements with?"
    answer = compose_en([quote(AEO)], False, query=analyze(question))
    assert first_number(answer, [15]) and "Japan (日本)" in answer, answer
    plain = "中国与法国、日本、意大利开展第三方市场合作。"
    answer = compose_en([quote(plain)], False, query=analyze("Which countries does China cooperate with?"))
    assert answer.startswith("The reports name ") and not re.search(r"\d", answer.split("“")[0]), answer


def test_a_question_asking_for_documents_gets_the_titles_the_sentence_names() -> None:
    """《…》《…》 in a row, with no 、 between them: each title is an item, in English where the glossary has it."""
    text = "10月，中国参与上海合作组织成员国经贸部长会议，就《抗击新冠肺炎疫情措施声明》《支持多边贸易体制声明》《某某合作构想》等3份文件达成共识。"
    answer = compose_en(
        [quote(text)],
        False,
        query=analyze("Which documents did the SCO trade ministers agree on in October 2020?"),
    )
    lead = answer.split("“")[0]
    assert "Statement in Support of the Multilateral Trading System (支持多边贸易体制声明)" in lead, answer
    assert "《某某合作构想》" in lead and "(某某合作构想)" not in lead, (
        answer
    )  # no English: the title as written
    # a question that asks for no titles keeps the names of the sentence
    other = compose_en([quote(text)], False, query=analyze("Which organisations met in October 2020?"))
    assert "《某某合作构想》" not in other.split("“")[0], other


def test_inner_quotes_keep_the_sentence_one_quotation() -> None:
    assert "“" not in gloss("共建“一带一路”国家") and written_in_english(f"“{gloss('共建“一带一路”国家')}”")
    # a term inside a word is not that term: 国企 (state-owned enterprise) in 跨国企业 (multinational enterprises)
    assert "state-owned" not in gloss("共有2600多家跨国企业参展") and "[Belt and Road]" in gloss(
        "共建“一带一路”国家"
    )


def test_without_a_query_the_figures_are_still_english() -> None:
    answer = compose_en([quote(TRAINS)])
    assert written_in_english(answer) and re.search(r"\d", answer)


def _english_figure_items() -> list[dict]:
    items = []
    for path in (ROOT / "tests" / "data" / "eval" / "tune.jsonl", DEV_SET):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                it = json.loads(line) if line.strip() else {}
                if it.get("lang") == "en" and it.get("figures") and not it.get("history"):
                    items.append(it)
    return items


@pytest.mark.slow
def test_real_english_questions_lead_with_the_asked_figure(real_service) -> None:
    items = _english_figure_items()
    if not items:
        pytest.skip("no English figure questions")
    answered = [(it, real_service.ask(it["question"])) for it in items]
    answered = [(it, r) for it, r in answered if not r.abstained]
    leads = sum(leads_with_asked_figure(it["figures"], r.answer) for it, r in answered)
    assert all(written_in_english(r.answer) for _, r in answered)
    assert leads >= 0.55 * len(answered), f"{leads} of {len(answered)} lead with the asked figure"


def test_a_from_to_change_leads_with_the_value_it_comes_to() -> None:
    from qa.answer.analyze import analyze
    from qa.answer.asked_parts import asked_parts
    from qa.answer.figure_choice import score

    asked = asked_parts(analyze("How long will the trip take once the railway is built?"))[0]
    start = {"value": 3.0, "unit": "小时", "label": "车程", "time": {"kind": "start", "year": None}}
    end = {"value": 40.0, "unit": "分钟", "label": "车程", "time": {"kind": "end", "year": None}}
    assert score(end, asked, []) > score(start, asked, [])
    asked_2013 = asked_parts(analyze("What was the trade value in 2013?"))[0]
    first = {
        "value": 1.04e12,
        "unit": "美元",
        "label": "贸易额",
        "year": 2013,
        "time": {"kind": "start", "year": 2013},
    }
    last = {
        "value": 1.35e12,
        "unit": "美元",
        "label": "贸易额",
        "year": 2020,
        "time": {"kind": "end", "year": 2020},
    }
    assert score(first, asked_2013, []) > score(last, asked_2013, [])


def test_a_part_asked_leads_over_the_whole_it_belongs_to() -> None:
    text = "2020年，跨境电商进出口1.69万亿元，增长31.1%，其中出口1.12万亿元，增长40.1%。"
    answer = compose_en(
        [quote(text)], True, query=analyze("What were the cross-border e-commerce exports in 2020?")
    )
    assert first_number(answer, [1.12e12]), answer
    whole = compose_en(
        [quote(text)], True, query=analyze("What was cross-border e-commerce trade worth in 2020?")
    )
    assert first_number(whole, [1.69e12]), whole


def test_a_when_question_is_answered_with_the_date_of_the_asked_event() -> None:
    """Of the dates in the sentence, the one beside the asked event leads, in English with the original; a date
    without its year takes the year the sentence speaks of; a sentence with no month or day gives no date."""
    meeting = quote(
        "11月13日，外交部发言人宣布，中美双方将于11月16日上午举行视频会晤，就共同关心的问题交换意见。"
    )
    asked = analyze("When did the two sides hold the video meeting?")
    assert compose_en([meeting], False, query=asked).startswith(
        "The reports give the date as 16 November (11月16日):"
    )
    founded = quote("10月，国际商事争端预防与解决组织正式成立。")
    founded.years = {2020}
    asked = analyze(
        "When was the International Commercial Dispute Prevention and Settlement Organization set up?"
    )
    assert compose_en([founded], False, query=asked).startswith(
        "The reports give the date as October 2020 (10月):"
    )
    yearly = quote("2020年，中欧班列安全、顺畅、稳定运行。")
    asked = analyze("When did the China-Europe Railway Express start?")
    assert "give the date" not in compose_en([yearly], False, query=asked)
    # a year the sentence dates its own event by (于2017年首次举办) is the date it gives
    first = quote("“一带一路”青年创意与遗产论坛于2017年首次举办，为青年提供交流互鉴平台。")
    asked = analyze("When was the Belt and Road youth creativity and heritage forum first held?")
    assert compose_en([first], False, query=asked).startswith("The reports give the date as 2017 (2017年):")


def test_the_measure_asked_for_leads_over_figures_that_share_the_subjects_words() -> None:
    """综合重箱率 is the glossary's "loaded container rate": asked for in those words, it leads, though the trains'
    figures share more of the question's words (China-Europe Railway Express); the trains' own unit is not asked
    when they are only what is measured."""
    text = "全年中欧班列累计开行1.24万列、运送113.5万标箱，分别同比增长50%和56%，综合重箱率达98.4%。"
    asked = analyze("What percentage was the loaded container rate of China-Europe Railway Express trains?")
    assert compose_en([quote(text)], True, query=asked).startswith("Loaded container rate: 98.4% (98.4%)")
    asked = analyze("How many China-Europe Railway Express trains ran?")
    assert compose_en([quote(text)], True, query=asked).startswith(
        "China-Europe Railway Express cumulative trains"
    )


@pytest.mark.parametrize(
    ("question", "text", "pairs"),
    [
        # 分别 (respectively): the first change belongs to the first level, the second to the second
        (
            "How many TEU did the China-Europe Railway Express carry in 2020?",
            TRAINS,
            [("1.135", "56%"), ("12,400", "50%")],
        ),
        (
            "How many trains did the China-Europe Railway Express run in 2020?",
            TRAINS,
            [("12,400", "50%"), ("1.135", "56%")],
        ),
        # each level with the change right after it
        (
            "How many China-Europe Railway Express trains ran in 2019?",
            "2019年，中欧班列开行8225列，同比增长29%，发送72.5万标箱，同比增长34%。",
            [("8,225", "29%"), ("725,000", "34%")],
        ),
    ],
)
def test_each_change_follows_the_level_it_is_the_change_of(question: str, text: str, pairs: list) -> None:
    answer = compose_en([quote(text)], True, query=analyze(question))
    for level, change in pairs:
        assert re.search(rf"{re.escape(level)}[^()]*\([^)]*\), up {re.escape(change)}", answer), answer


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # what "how many" counts outweighs the other words of the question
        (
            "How many Chinese banks had set up branches in Belt and Road countries by the end of 2019?",
            "截至2019年末，共有11家中资银行在29个“一带一路”沿线国家设立了80家一级机构。",
            11,
        ),
        # a number the question states itself is not what it asks
        (
            "How much electricity does the Garissa 50 MW solar plant generate a year?",
            "肯尼亚加里萨50兆瓦光伏发电站年均发电量7647.3万千瓦时。",
            76473000,
        ),
    ],
)
def test_the_lead_is_what_is_asked_not_what_the_question_states(
    question: str, text: str, gold: float
) -> None:
    answer = compose_en([quote(text)], True, query=analyze(question))
    assert first_number(answer, [gold]), answer


def test_a_growth_already_given_with_the_level_is_not_asked_for_again() -> None:
    text = "第三届进博会按一年计累计意向成交726.2亿美元，较上届增长2.1%，展览面积增长14%，参展企业2600多家。"
    answer = compose_en(
        [quote(text)], True, query=analyze("What was the value of intended deals, and how much did it grow?")
    )
    first, _, rest = answer.partition("[1]. ")
    assert "72.62" in first and "2.1%" in first and "14%" not in first, answer
    assert not rest or rest.startswith("The passage also gives"), (
        answer
    )  # no second answer for "how much did it grow"


TWO_LISTS = "中国先后与泰国、越南、老挝签署旅游合作协议，在曼谷、布达佩斯、阿斯塔纳等12个城市设立旅游办事处。"


@pytest.mark.parametrize(
    ("question", "terms", "lead"),
    [
        (
            "Which cities did China set up tourism offices in?",
            {"旅游": 1.0, "办事处": 1.0, "设立": 0.5},
            "The reports count 12 cities (12个城市), among them Bangkok (曼谷), Budapest (布达佩斯) and Astana (阿斯塔纳).",
        ),
        (
            "Which countries signed tourism cooperation agreements with China?",
            {"旅游": 1.0, "合作": 1.0, "协议": 1.0},
            "The reports name Thailand (泰国), Vietnam (越南) and Laos (老挝).",
        ),
    ],
)
def test_a_list_answer_names_the_members_of_the_list_that_answers(
    question: str, terms: dict, lead: str
) -> None:
    """Of a sentence's two lists, the one whose clause holds the question's terms; its members only (not 中国
    before them), and the count that closes that list, not another."""
    answer = compose_en([quote(TWO_LISTS)], False, query=analyze(question), terms=terms)
    assert answer.startswith(lead), answer


def test_a_total_over_a_period_leads_with_the_figure_totalled_over_it(real_service) -> None:
    """ "the total … from 2013 to 2019": the cumulative 总计8000亿美元, not the 2013 value the series grew from."""
    result = real_service.ask("What was the total value of new contracts signed from 2013 to 2019?")
    assert result.answer.startswith(
        "From 2013 to 2019, value of newly signed contracts: more than US$800 billion"
    )


SCIENCE = (
    "“一带一路”科技创新行动计划自2017年启动以来，已累计支持8300多名各国青年科学家来华工作，培训学员18万人次，"
    "启动建设33家“一带一路”联合实验室。"
)


@pytest.mark.parametrize(
    ("question", "lead", "label"),
    [
        ("How many young scientists has the plan brought to China?", "8,300", "scientists"),
        ("How many joint laboratories has the Belt and Road plan started?", "33", "laboratories"),
    ],
)
def test_a_count_is_labelled_with_the_questions_words_the_sentence_bears_out(
    question: str, lead: str, label: str
) -> None:
    """What a count counts is written after it in Chinese only (8300多名各国青年科学家): the asked one leads over a
    count whose label shares the subject's words, labelled with the question's own words that the Chinese bears
    out ("young" is not a form of 青年, so "scientists")."""
    from qa.answer.asked_noun import chinese_forms
    from qa.text.lexicon import Lexicon

    forms = chinese_forms(
        Lexicon(words={"scientist": ["科学家"], "laboratory": ["实验室"], "young": ["年轻"]})
    )
    answer = compose_en([quote(SCIENCE)], True, query=analyze(question), forms=forms)
    head = answer.split("(")[0]
    assert lead in head and f"{label}:" in head and f"young {label}" not in head, answer


def test_a_count_already_named_by_its_unit_gets_no_label_from_the_question() -> None:
    answer = compose_en(
        [quote(YEAR_END)], True, query=analyze("With how many countries had China signed documents?")
    )
    assert "138 countries (" in answer and "countries: 138" not in answer, answer


def test_a_quantity_per_year_reads_as_a_rate() -> None:
    from qa.text.numbers import format_amount_en

    assert format_amount_en(3e6, "吨/年") == "3 million tonnes a year"
    assert format_amount_en(20, "美元/人") == "US$20 per person"


def test_a_name_in_what_is_counted_does_not_enter_the_label() -> None:
    """ "how many involve Belt and Road countries": the label stops at the name ("countries", not "Road
    countries"), and a count in 个 without a noun of its own is labelled with it."""
    text = "截至目前,我国已与26个国家和地区签署了19个自贸协定,其中涉及到“一带一路”沿线国家的有11个。"
    question = (
        "How many free trade agreements has China signed, and how many involve Belt and Road countries?"
    )
    answer = compose_en([quote(text)], True, query=analyze(question))
    assert "Road countries" not in answer and "Belt" not in answer.split(":")[0], answer


def test_a_count_of_something_the_asked_noun_only_modifies_gets_no_label_from_it() -> None:
    """41个对口医院合作机制 counts cooperation mechanisms between hospitals, not hospitals: the answer does not call
    them hospitals (the head of what is counted ends the Chinese phrase)."""
    from qa.answer.asked_noun import chinese_forms
    from qa.text.lexicon import Lexicon

    forms = chinese_forms(Lexicon(words={"hospital": ["医院"]}))
    text = "中非建立了41个对口医院合作机制。"
    answer = compose_en(
        [quote(text)], True, query=analyze("How many hospitals did China build?"), forms=forms
    )
    assert "41" in answer and "ospitals:" not in answer, answer


def test_how_much_faster_than_something_leads_with_the_difference() -> None:
    text = (
        "2013—2020年，中国企业对“一带一路”沿线国家直接投资1359.2亿美元，年均增长5.7%，"
        "较同期全国平均水平高出2.7个百分点。"
    )
    question = "How much faster than the national average did direct investment grow from 2013 to 2020?"
    answer = compose_en([quote(text)], True, query=analyze(question))
    assert first_number(answer, [2.7]), answer
    # without a comparison the level leads
    answer = compose_en(
        [quote(text)], True, query=analyze("How much did China invest directly from 2013 to 2020?")
    )
    assert first_number(answer, [1359.2e8]), answer


def test_things_counted_that_grow_ask_no_change() -> None:
    """ "How many countries grow hybrid rice": the countries do the growing; points that rose are a change."""
    assert not asked_parts(analyze("How many countries grow hybrid rice on a large scale?"))[0].change
    assert asked_parts(analyze("How many percentage points did the share rise?"))[0].change
    assert asked_parts(analyze("How much did exports grow in 2020?"))[0].change


def test_a_difference_asked_leads_with_the_change_against_the_year_compared() -> None:
    """ "How many fewer items than the 2019 version": the change against 2019, not the level or the change
    against 2018 beside it; "how much smaller" leads with a change, not the level it is the change of."""
    text = "《市场准入负面清单（2020年版）》共列入事项123项，较2018年版清单缩减18%，较2019年减少了8项。"
    assert asked_parts(analyze("How many fewer items than the 2019 version?"))[0].change
    answer = compose_en(
        [quote(text)], True, query=analyze("How many fewer items are there than in the 2019 version?")
    )
    assert first_number(answer, [8]), answer
    answer = compose_en(
        [quote(text)], True, query=analyze("How much smaller is the list than the 2018 version?")
    )
    assert first_number(answer, [18]), answer


SIGNED_BY_REGION = (
    "截至2021年6月，中国已同140个国家和32个国际组织签署206份共建“一带一路”合作文件，"
    "覆盖27个欧洲国家、37个亚洲国家、46个非洲国家、11个大洋洲国家、8个南美洲国家和11个北美洲国家。"
)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # a place's people's word ("Asian") for a label written word by word (亚洲国家: "Asia countries")
        ("How many Asian countries had signed cooperation documents by June 2021?", SIGNED_BY_REGION, 37),
    ],
)
def test_the_figure_counting_the_head_noun_asked_comes_first(question: str, text: str, gold: float) -> None:
    answer = compose_en([quote(text)], True, query=analyze(question))
    assert first_number(answer, [gold]), answer


def test_what_is_counted_is_the_head_noun_not_a_word_before_it(real_service) -> None:
    # 已为20多个非洲国家的上万个村庄接入了数字电视信号: villages, not the African countries they are in
    result = real_service.ask(
        "How many African villages has the 10,000 Villages project connected to digital TV?"
    )
    assert first_number(result.answer, [10000]), result.answer
    both = real_service.ask(
        "How many countries and international organisations did China give anti-epidemic supplies?"
    )
    assert "countries" in both.answer.split("(")[0], both.answer  # two heads: countries count
