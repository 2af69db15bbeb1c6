"""The size a question names a thing by ("the 3.5m-tonne steel project", 年产350万吨的钢铁项目): how the question
picks the thing out, never the figure it asks for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qa.answer.figure_pairs import Stated
from qa.text.numbers import SIZED_EN, numbers_in

if TYPE_CHECKING:
    from qa.answer.types import Quote

# 350万吨的: a number and its unit before 的, as "3.5m-tonne" (SIZED_EN) in English
_SIZED_ZH = re.compile(r"\d[\d.,]*\s*[万亿]?(?!年)[\u4e00-\u9fff]{1,2}的(?=[\u4e00-\u9fff])")


def sizes_named(question: str) -> set[float]:
    """The values of the sizes a question names its subject by."""
    spans = [*SIZED_EN.finditer(question), *_SIZED_ZH.finditer(question)]
    return {v for m in spans for v in numbers_in(m.group(0))}


def stated_pool(quotes: Sequence[Quote], question: str) -> list[Stated]:
    """The quotes' figures, but a size the question names its subject by (350万吨 of "the 3.5m-tonne project":
    the jobs it created are asked); all of them when nothing else is left."""
    stated = [Stated(f, n, q) for n, q in enumerate(quotes, 1) for f in q.figures]
    sizes = sizes_named(question)
    return [s for s in stated if s.fig["value"] not in sizes] or stated
