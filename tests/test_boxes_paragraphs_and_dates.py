"""What a sentence is about reaches past the sentence before it: a box's (专栏) later paragraphs are about the title
it opens with, until a title line starts another story, and a sentence naming no other party is about what its
paragraph named ("第1批…地理标志…" in a paragraph that opened with 中欧…协定). A date asked as a noun ("the expected
completion date") is said by a time dating the event asked (预计2021年年底竣工); a goal asked (装机目标) by what a
sentence says shall be by a date. "Invest directly" is the glossary's "direct investment"."""

from __future__ import annotations

from qa.answer.boxes import BoxTitles, box_title
from qa.ingest.chunking import Chunk

_BOX = "专栏 4-9\n联合钢铁项目填补空白中国投资建设的联合钢铁项目作为马中关丹产业园首个入园项目。\n"
_LATER = "产品销往全球20多个国家，出口比例达70%。"


class _Text:
    """A corpus that holds one report's text."""

    def __init__(self, text: str) -> None:
        self.report = text
        self.reads = 0

    def text(self, doc_id: str, start: int, end: int) -> str:
        self.reads += 1
        return self.report[start:end]


def _chunk(text: str, start: int, section: str = "专栏 4-9", kind: str = "box") -> Chunk:
    return Chunk(f"d:{section}:{start}", "d", section, kind, None, text, start, start + len(text))


def test_a_box_title_reaches_the_chunks_it_does_not_open() -> None:
    report = _BOX + "项目组织当地员工到中国培训。\n" + _LATER
    corpus = _Text(report)
    titles = BoxTitles(corpus)  # type: ignore[arg-type]
    opening = _chunk(report[: len(_BOX)], 0)
    later = _chunk(_LATER, report.index(_LATER))
    assert box_title(opening) == titles(opening)
    assert "马中关丹产业园" in titles(later)
    assert box_title(later) == ""  # the chunk alone does not say it
    titles(later)
    assert corpus.reads == 1  # read once, then remembered
    # a chunk of the body, or of another box, has no such title
    assert titles(_chunk(_LATER, report.index(_LATER), section="四、共谋发展", kind="body")) == ""
    assert titles(_chunk(_LATER, report.index(_LATER), section="专栏 4-10")) == ""


def test_a_title_line_on_the_way_starts_another_story_of_the_box() -> None:
    report = _BOX + "马中关丹产业园联合钢铁项目\n同饮一江水共谱中老情\n" + _LATER
    titles = BoxTitles(_Text(report))  # type: ignore[arg-type]
    assert titles(_chunk(_LATER, report.index(_LATER))) == ""


def _turns(*pairs: tuple[str, str]) -> list[dict]:
    out: list[dict] = []
    for question, answer in pairs:
        out += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return out


def test_a_later_paragraph_of_a_box_answers_a_followup_about_its_project(real_service) -> None:
    first = "How much steel a year does the Chinese project in the Malaysia-China Kuantan Industrial Park produce?"
    answer = real_service.ask(first)
    result = real_service.ask("What share of its products is exported?", _turns((first, answer.answer)))
    assert not result.abstained, result.answer
    assert "70%" in result.answer


def test_a_sentence_is_about_what_its_paragraph_named(real_service) -> None:
    turns: list[tuple[str, str]] = []
    for question in (
        "How many geographical indications does the China-EU agreement on them include?",
        "How many of them are protected from the day the agreement takes effect?",
    ):
        turns.append((question, real_service.ask(question, _turns(*turns)).answer))
    result = real_service.ask("How many GIs are protected as soon as it enters into force?", _turns(*turns))
    assert not result.abstained, result.answer  # 第1批…各100个地理标志: its paragraph opened with 中欧之间…
    assert "100" in result.answer


def test_a_date_asked_as_a_noun_is_given_by_the_time_of_its_event(real_service) -> None:
    result = real_service.ask("What is the scheduled completion date of Bangladesh's Padma Bridge?")
    assert not result.abstained, result.answer
    assert "2021" in result.answer


def test_a_verb_with_its_adverb_is_the_term_of_adjective_and_noun() -> None:
    from qa.text.glossary import load_glossary

    glossary = load_glossary()
    assert "直接投资" in glossary.expand_english("How much did China invest directly in Africa?")
    assert "直接投资" in glossary.expand_english("How much was directly invested there?")
    assert "直接投资" not in glossary.expand_english("How much did China invest in Africa?")


def test_direct_investment_asked_with_a_verb_gets_the_figure(real_service) -> None:
    result = real_service.ask(
        "How much did China invest directly in countries along the Belt and Road in 2020?"
    )
    assert not result.abstained, result.answer
    assert "186.1亿美元" in result.answer


def test_a_goal_asked_is_what_a_sentence_says_shall_be_by_a_date(real_service) -> None:
    result = real_service.ask("中国到2030年风电和太阳能发电的装机目标是多少？")
    assert not result.abstained, result.answer
    assert "12亿千瓦" in result.answer


def test_a_chinese_followup_in_a_later_paragraph_of_a_box_is_answered(real_service) -> None:
    first = "马中关丹产业园那个联合钢铁项目年产能多大？"
    answer = real_service.ask(first)
    result = real_service.ask("出口占比多少？卖到多少个国家？", _turns((first, answer.answer)))
    assert not result.abstained, (
        result.answer
    )  # the sentence names 英国、韩国、日本, but its box is the project's
    assert "70%" in result.answer


def test_who_invested_or_announced_asks_for_an_agent() -> None:
    from qa.answer.analyze import analyze

    history = _turns(("老挝南欧江梯级水电项目总投资多少？", "总投资约27.33亿美元。"))
    assert analyze("这个项目是谁投的？", history).asks_for == "agent"
    assert analyze("Who announced it?", history).asks_for == "agent"


def test_who_invested_after_a_figure_names_the_investor_not_the_figure_again(real_service) -> None:
    first = "老挝南欧江梯级水电项目总装机容量和总投资分别是多少？"
    answer = real_service.ask(first)
    result = real_service.ask("这个项目是谁投的？", _turns((first, answer.answer)))
    assert not result.abstained, result.answer
    assert result.answer.startswith("2020年12月，由中国电力建设集团有限公司投资建设"), result.answer


def test_a_part_asking_when_a_works_is_done_is_dated_by_its_completion(real_service) -> None:
    result = real_service.ask(
        "When is the expansion of the Piraeus cruise terminal due, and how long a cruise ship will it berth?"
    )
    assert not result.abstained, result.answer
    assert result.answer.startswith("The reports give the date as 2023"), result.answer
    assert any("360米" in c.quote for c in result.citations)
