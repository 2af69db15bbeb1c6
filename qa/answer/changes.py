"""A change asked of a measure (综合重箱率增长多少？): the sentence whose change figure is of that measure
(综合重箱率同比增长4%), not one giving the measure's level beside other measures' changes (…同比增长29%…综合重箱率达94%)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.answer.dimension import asks_change
from qa.answer.stand_in import close_first
from qa.text.glossary import load_glossary

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote


def _changes_of(quote: Quote, measures: list[str]) -> bool:
    return any(
        f.get("measure_kind") == "change" and any(m in (f.get("label") or "") for m in measures)
        for f in quote.figures
    )


def change_of_asked_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """When the best sentence gives no change of the measure asked, a close second that does comes first."""
    if not cands or not asks_change(query.asked, query.lang):
        return cands
    glossary = load_glossary()
    measures = [e for e in query.entities if glossary.is_measure(e)]
    return close_first(cands, lambda c: _changes_of(c, measures)) if measures else cands
