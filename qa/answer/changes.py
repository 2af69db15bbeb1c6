"""A change asked of a measure (综合重箱率增长多少？): the sentence whose change figure is of that measure
(综合重箱率同比增长4%), not one giving the measure's level beside other measures' changes (…同比增长29%…综合重箱率达94%);
and the level asked, the other way round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.answer.dimension import asks_change
from qa.answer.stand_in import close_first
from qa.text.glossary import load_glossary

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote


def _changes_of(quote: Quote, measures: list[str]) -> bool:
    return any(f.get("measure_kind") == "change" and _of(f, measures) for f in quote.figures)


def _levels_of(quote: Quote, measures: list[str]) -> bool:
    return any(f.get("measure_kind") != "change" and _of(f, measures) for f in quote.figures)


def _of(fig: dict, measures: list[str]) -> bool:
    return any(m in (fig.get("label") or "") for m in measures)


def change_of_asked_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """When the best sentence gives no change of the measure asked, a close second that does comes first; when
    the level is asked and the best gives only a change of it (综合重箱率同比增长4%), one giving the level."""
    glossary = load_glossary()
    measures = [e for e in query.entities if glossary.is_measure(e)]
    if not cands or not measures:
        return cands
    if asks_change(query.asked, query.lang):
        # not a change over another span than the one the best speaks of (2013—2020年…年均增长5.7%, when the best
        # gives 2013 and 2019, the years asked)
        dated = query.years and cands[0].features.get("year_match")
        return close_first(
            cands, lambda c: _changes_of(c, measures) and not (dated and c.features.get("other_year"))
        )
    if _changes_of(cands[0], measures) and not _levels_of(cands[0], measures):
        return close_first(cands, lambda c: _levels_of(c, measures))
    return cands
