"""How a question is read: a topic written before a dash ("Karot hydro - when was …") does not hide what is asked; a
later part's unit is asked too ("When was it signed and how many years …"); names read from overlapping words are
one name ("East Asia Pacific"); a list's figure said of each item (均占) is each item's."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.kinds import question_kinds
from qa.answer.named import one_name_per_span


def test_a_topic_before_a_dash_or_colon_leaves_the_question_after_it() -> None:
    for question in (
        "Karot hydro - when was the powerhouse concrete work topped out?",
        "Ukraine plan: when was it signed and by whom",
        "Peljesac Bridge – when did construction start?",
    ):
        assert "date" in question_kinds(question, "en"), question
    assert "date" not in question_kinds("How much did exports grow when demand rose?", "en")
    assert "date" not in question_kinds("Trade - how much was it in 2020?", "en")


def test_a_later_part_asks_its_own_unit() -> None:
    query = analyze("When was RCEP signed and how many years did negotiations take?")
    assert "年" in query.asked_units
    assert not analyze("When was RCEP signed?").asked_units


def test_names_read_from_overlapping_words_are_one_name() -> None:
    names = [
        ("East Asia", ["东亚"]),
        ("亚太地区", ["亚洲及太平洋", "亚太地区", "亚太"]),
        ("Kenya", ["肯尼亚"]),
    ]
    merged = one_name_per_span("How many days vs the East Asia Pacific average, and in Kenya?", names)
    assert merged == [("East Asia", ["东亚", "亚洲及太平洋", "亚太地区", "亚太"]), ("Kenya", ["肯尼亚"])]
    apart = one_name_per_span("East Asia or Asia-Pacific?", names[:2])
    assert [n for n, _ in apart] == ["East Asia", "亚太地区"]


def test_answers_read_this_way(real_service) -> None:
    result = real_service.ask("Karot hydro - when was the powerhouse concrete work topped out?")
    assert not result.abstained and "October 2020" in result.answer, result.answer
    result = real_service.ask("When was RCEP signed and how many years did negotiations take?")
    assert "8年" in result.answer and "5190" not in result.answer, result.answer
    result = real_service.ask(
        "how many days does it take a company in China to get power connected for a standard warehouse, "
        "vs the East Asia Pacific average"
    )
    assert not result.abstained and "63天" in result.answer and "32天" in result.answer, result.answer
    # 人口、GDP、贸易总额均占全球约30%: each, not a figure of the group only
    result = real_service.ask("what share of world population and GDP do RCEP members account for")
    assert not result.abstained and "30%" in result.answer, result.answer
