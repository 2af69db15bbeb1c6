"""Requests phrased as instructions read as the questions they ask."""

from __future__ import annotations

import pytest

from qa.answer.analyze import analyze
from qa.answer.requests import as_question


@pytest.mark.parametrize(
    ("request_text", "question"),
    [
        (
            "Give me the number of China-Europe freight trains in 2020.",
            "What is the number of China-Europe freight trains in 2020?",
        ),
        ("Tell me how many TEUs the trains carried in 2020.", "How many TEUs the trains carried in 2020?"),
        (
            "Can you tell me the turnover of contracted projects?",
            "What is the turnover of contracted projects?",
        ),
        ("I need the value of new contracts.", "What is the value of new contracts?"),
        ("Is there any data on China's investment in 2020?", "What is China's investment in 2020?"),
        ("Show me figures on overseas warehouses.", "What is overseas warehouses?"),
        ("请告诉我2020年中欧班列开行了多少列。", "2020年中欧班列开行了多少列。"),
        ("给我2020年中国对沿线国家直接投资的数据。", "2020年中国对沿线国家直接投资是多少？"),
        ("有没有关于雅万高铁的信息？", "雅万高铁的情况如何？"),
    ],
)
def test_a_request_is_read_as_the_question_it_asks(request_text: str, question: str) -> None:
    assert as_question(request_text) == question


@pytest.mark.parametrize(
    "text",
    [
        "How many trains ran in 2020?",
        "Please list the countries that joined RCEP.",
        "Name some of them.",
        "中欧班列开行多少列？",
    ],
)
def test_questions_and_list_requests_stay_as_they_are(text: str) -> None:
    assert as_question(text) == text


def test_a_request_for_a_number_is_analysed_as_a_quantity_question() -> None:
    assert analyze("Give me the number of China-Europe freight trains in 2020.").kind == "quantity"
