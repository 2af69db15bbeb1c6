"""A chosen figure and the figures stated with it: the change a level comes with (开行1.24万列，同比增长50%) and the
other measures of the same statement (开行1.24万列、发送113.5万标箱)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.answer.types import Quote

CHANGE_KINDS = ("growth", "points")
PERCENT_UNITS = ("%", "个百分点")


@dataclass
class Stated:
    """A figure chosen for the answer and the quote it comes from (1-based citation number)."""

    fig: dict
    n: int
    quote: Quote
    label: str = ""  # the question's words for what the figure counts, where its own label has no English


def changes_after_levels(chosen: list[Stated]) -> list[Stated]:
    """Each change right after the level it is the change of (开行8225列，同比增长29%，发送72.5万标箱: the 29%
    follows the trains, not the containers chosen before it)."""
    changes = {id(c): s for c in chosen for s in chosen if c is not s and is_change_of(c, s)}
    out: list[Stated] = []
    for s in chosen:
        if id(s) in changes:
            continue
        out.append(s)
        out.extend(c for c in chosen if changes.get(id(c)) is s)
    out.extend(c for c in chosen if id(c) in changes and all(c is not o for o in out))
    return out


def is_change(stated: Stated) -> bool:
    return stated.fig.get("kind") in CHANGE_KINDS or stated.fig.get("measure_kind") == "change"


def same_statement(other: Stated, lead: Stated) -> bool:
    """Another measure in the lead's sentence with the same time scope (not a share or a change)."""
    fig = other.fig
    return (
        other.quote is lead.quote
        and (fig.get("time") or {}) == (lead.fig.get("time") or {})
        and fig.get("measure_kind", "level") == "level"
        and fig.get("unit") not in PERCENT_UNITS
    )


def is_change_of(other: Stated, lead: Stated) -> bool:
    """`other` is the change of `lead` (开行1.24万列，同比增长50%)."""
    return other.quote is lead.quote and change_target(other.fig, other.quote) is lead.fig


def change_target(change: dict, quote: Quote) -> dict | None:
    """The level a change figure is the change of: the figure right before it, or with 分别 (respectively) after
    as many levels as changes, the level in the same place (开行1.24万列、发送113.5万标箱，分别增长50%、56%)."""
    if change.get("kind") not in CHANGE_KINDS:
        return None
    figs = sorted(quote.figures, key=lambda f: f.get("start", 0))
    at = next((k for k, f in enumerate(figs) if f is change), None)
    if at is None or at == 0:
        return None
    first = at
    while first > 0 and figs[first - 1].get("kind") in CHANGE_KINDS:
        first -= 1
    last = at
    while last + 1 < len(figs) and figs[last + 1].get("kind") in CHANGE_KINDS:
        last += 1
    count = last - first + 1
    levels = figs[max(0, first - count) : first]
    between = quote.text[
        figs[first - 1].get("end", 0) - quote.start : figs[first].get("start", 0) - quote.start
    ]
    if (
        count > 1
        and "分别" in between
        and len(levels) == count
        and not any(f.get("kind") in CHANGE_KINDS for f in levels)
    ):
        return levels[at - first]
    return figs[at - 1] if at == first else None
