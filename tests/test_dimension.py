"""The dimension a question asks for, and the units that measure it."""

from __future__ import annotations

import pytest

from qa.answer.dimension import (
    AREA_UNITS,
    DURATION_UNITS,
    ENERGY_UNITS,
    LENGTH_UNITS,
    POWER_UNITS,
    dimension_reason,
    dimension_units,
)
from qa.text.numbers import MONEY_UNITS


@pytest.mark.parametrize(
    ("question", "lang", "units"),
    [
        ("加里萨光伏电站每年发电多少？", "zh", ENERGY_UNITS),
        ("How much electricity can the line transmit a year?", "en", ENERGY_UNITS),
        ("How much power will it generate each year?", "en", ENERGY_UNITS),
        ("光伏电站的装机容量是多少？", "zh", POWER_UNITS),
        ("What is the total capacity of the solar project?", "en", POWER_UNITS),
        ("What is the annual capacity of the steel plant?", "en", set()),
        ("What is the port's container handling capacity?", "en", set()),
        ("How much did it invest?", "en", set(MONEY_UNITS)),
        ("How much debt did the bank buy in 2021?", "en", set(MONEY_UNITS)),
        ("How much tax did the zones pay locally?", "en", set(MONEY_UNITS)),
        ("How much did the exports grow?", "en", set()),
        ("How much did the online fair's deals reach?", "en", set(MONEY_UNITS)),
        ("How much cash did China give the WHO?", "en", set(MONEY_UNITS)),
    ],
)
def test_electricity_and_capacity_are_dimensions(question: str, lang: str, units: set[str]) -> None:
    """Electricity generated is measured in 千瓦时, a power plant's capacity in 兆瓦; a port's or a steel plant's capacity is neither."""
    assert dimension_units(question, lang) == set(units)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How much land does the solar plant cover?", "en"),
        ("How many hectares does the park occupy?", "en"),
        ("What is the construction area of the hospital?", "en"),
        ("What was the total exhibition area of the expo?", "en"),
        ("光伏电站占地多少公顷？", "zh"),
        ("园区面积是多少？", "zh"),
    ],
)
def test_land_covered_is_an_area(question: str, lang: str) -> None:
    assert dimension_units(question, lang) == set(AREA_UNITS)


def test_areas_of_work_are_not_a_measured_area() -> None:
    assert dimension_units("In which areas did the two countries cooperate?", "en") == set()
    assert dimension_units("What are the pilot free trade zones?", "en") == set()
    assert dimension_units("What is the main area of cooperation?", "en") == set()


def test_a_share_word_is_said_by_a_percentage() -> None:
    """占同期总额的14% is the 比重 asked, though the word is not written; an amount is not."""
    from qa.answer.dimension import said_by_unit

    share = [{"unit": "%"}]
    assert said_by_unit("比重", share, frozenset()) and said_by_unit("占比", share, frozenset())
    assert not said_by_unit("比重", [{"unit": "美元"}], frozenset())
    assert said_by_unit("资金", [{"unit": "美元"}], frozenset({"美元"}))


def test_a_change_asked_is_answered_by_a_percentage_of_a_measured_dimension() -> None:
    """ "How much did the container throughput fall": 下降3.75% gives the fall, though not in 标箱."""
    fall = [{"unit": "%", "raw": "3.75%"}]
    assert not dimension_reason(
        "How much did the port's container throughput fall in 2020?", "en", frozenset(), fall
    )
    assert dimension_reason("What was the port's container throughput in 2020?", "en", frozenset(), fall)
    assert not dimension_reason("集装箱吞吐量下降了多少？", "zh", frozenset(), fall)


def test_a_count_of_things_is_not_a_duration() -> None:
    """ "How many construction permits …": 93天 is how long one takes, it counts no permits."""
    days = [{"unit": "天", "kind": "quantity"}, {"unit": "天", "kind": "quantity"}]
    assert dimension_reason("How many construction permits did Beijing issue?", "en", frozenset(), days)
    assert not dimension_reason(
        "How many days does a construction permit take?", "en", frozenset({"天"}), days
    )


def test_how_long_asks_a_duration_only_with_a_verb_of_lasting_close_to_it() -> None:
    """ "How long did the journey take?" asks a duration; "How long is the largest ship the berths can take?" a
    length: the verb far from "how long" belongs to another clause."""
    assert dimension_units("How long did the journey take?", "en") == set(DURATION_UNITS)
    assert dimension_units("How long does it take to clear customs now?", "en") == set(DURATION_UNITS)
    assert dimension_units(
        "How long is the largest cruise ship the new berths at Piraeus can take?", "en"
    ) == set(LENGTH_UNITS)


def test_a_duration_asked_is_not_answered_by_other_measurements() -> None:
    """ "How long did it take to build?": areas and a count of beds say nothing of how long; 5年 does."""
    areas = [{"unit": "平方米", "raw": "14051平方米"}, {"unit": "张", "raw": "150张"}]
    assert dimension_reason("How long did it take to build?", "en", frozenset(), areas)
    assert not dimension_reason(
        "How long did it take to build?", "en", frozenset(), [{"unit": "年", "raw": "5年"}]
    )
    assert dimension_reason("建设用了多长时间？", "zh", frozenset(), areas)


def test_a_currency_written_after_its_number_is_money() -> None:
    """ "530 million ringgit" (5.3亿令吉) answers "how much … worth" as US$ and RMB do."""
    assert {"令吉", "卢比", "卢布", "美元", "元"} <= dimension_units(
        "How much have its contracts been worth?", "en"
    )


def test_how_long_something_has_been_asks_a_time() -> None:
    from qa.answer.dimension import dimension_units

    assert "年" in dimension_units("How long has the agreement been in force?", "en")


def test_how_long_an_event_lasted_is_a_duration_whatever_its_name_holds() -> None:
    # "(Mexico)" in the name does not make "how long … last" a length
    units = dimension_units("How long did the China-Latin America (Mexico) digital trade fair last?", "en")
    assert "天" in units and "米" not in units
