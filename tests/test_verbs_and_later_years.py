"""Two readings of a question's words. 惠及多少学生: a word asking how many of its object is a verb, not the place
jieba tags it as, so no passage must be "about" it. "How many doses …, and by May 2021 how many countries …": the
year is the second part's, so a passage of 2020 answering the first part is no near miss of the year."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.focus import zh_names
from tests.helpers import ask_in_turn

_SCHOOLS = "援布基纳法索的茅屋小学改造项目一共改造了多少所学校？大概惠及多少学生？"
_VACCINES = "How many doses did China pledge to COVAX, and by May 2021 how many countries had received Chinese vaccine aid?"


def test_a_word_asking_how_many_of_its_object_is_no_name() -> None:
    assert zh_names(_SCHOOLS) == ["布基纳法索"]
    assert "巴西" in zh_names("巴西多少人用上了电？")  # a name the glossary knows stays one


def test_a_time_before_the_question_word_opens_a_part() -> None:
    assert analyze(_VACCINES).parts == [
        "How many doses did China pledge to COVAX",
        "and by May 2021 how many countries had received Chinese vaccine aid",
    ]
    assert len(analyze("How many trains ran in 2020 and how many TEUs did they carry?").parts) == 2


def test_both_questions_are_answered(real_service) -> None:
    schools = real_service.ask(_SCHOOLS)
    assert not schools.abstained, schools.answer
    assert "113所" in schools.answer and "近3万名" in schools.answer, schools.answer
    vaccines = real_service.ask(_VACCINES)
    assert not vaccines.abstained, vaccines.answer
    assert "1000万剂" in vaccines.answer and "80多个国家" in " ".join(c.quote for c in vaccines.citations)


def test_a_follow_up_asking_another_year_is_still_checked(real_service) -> None:
    first, second = (
        "新疆的中欧班列一共开了多少条线路？通到多少国家和城市？",
        "2020年开了多少列？比2014年涨了多少？",
    )
    result = ask_in_turn(real_service, first, second, "那2019年呢？")
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "time", (
        result.answer
    )
