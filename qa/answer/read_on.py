"""Reading on from the best sentence: a question asking why (or what it means) answered by a sentence that only
makes a claim is answered by the sentences right after it as well, when they give the cause or the meaning
("一是因为…；二是…；三是…")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.asks_for import makes_statement, opens_item
from qa.text.numbers import parse_cn_numeral

if TYPE_CHECKING:
    from qa.answer.types import Quote

_READ_ON = (
    "cause",
    "meaning",
    "award",
    "source",
    "agent",
)  # statements often made in the sentence after the one it is about (who built it: two sentences on)
_GAP = 2  # characters (a space, a line break) between two sentences that follow each other
_MAX_ITEMS = 5  # items of a list read on
_NEAR = 400  # characters from the best sentence within which another is of its passage


def next_giving(asked: str, best: Quote, cands: list[Quote], kind: str = "fact") -> list[Quote]:
    """The candidate right after the best sentence in its passage that makes the statement asked, when the best
    makes none, with the items that follow it when it opens a list (一是因为…；二是…；三是…); for a question asking no
    figure, the items a sentence announces (宣布…5大举措。——…；——…)."""
    if asked not in _READ_ON or makes_statement(asked, best.text):
        return [] if kind in ("quantity", "percentage", "date") else announced_items(best, cands)
    chunk = best.hit.chunk.chunk_id
    same = sorted((c for c in cands if c.hit.chunk.chunk_id == chunk), key=lambda c: c.start)
    after = [c for c in same if right_after(c, best) and makes_statement(asked, c.text)]
    if not after and asked == "agent":  # 加里萨…竣工。该电站共由…构成。由…筹建，…公司…组成联合体，负责…施工
        doc = [c for c in cands if c.hit.chunk.doc_id == best.hit.chunk.doc_id]
        on = [c for c in doc if _follows(c, best)]  # the next two sentences, in this chunk or the next
        after = [
            c for c in doc if makes_statement(asked, c.text) and any(c is b or _follows(c, b) for b in on)
        ]
    if not after:
        return []
    out = after[:1]
    for n in range(2, _MAX_ITEMS + 1):
        if not opens_item(n - 1, out[-1].text):
            break
        nxt = next((c for c in same if right_after(c, out[-1]) and opens_item(n, c.text)), None)
        if nxt is None:
            break
        out.append(nxt)
    return out


def right_after(quote: Quote, before: Quote) -> bool:
    """The quote is the sentence right after `before` in its passage."""
    return quote.hit.chunk.chunk_id == before.hit.chunk.chunk_id and 0 <= quote.start - before.end <= _GAP


def beside(quote: Quote, best: Quote) -> bool:
    """Whether a sentence is of the best one's passage, by offsets: the same sentences are in overlapping chunks."""
    a, b = quote.hit.chunk, best.hit.chunk
    return a.doc_id == b.doc_id and a.section == b.section and abs(quote.start - best.start) <= _NEAR


def _follows(quote: Quote, before: Quote) -> bool:
    """The quote is the sentence after `before` in the report, whichever chunk holds it."""
    return quote.hit.chunk.doc_id == before.hit.chunk.doc_id and 0 <= quote.start - before.end <= _GAP


# a sentence announcing how many things it goes on to list: 宣布…5大举措, 提出5点意见, 政治表态有两个：
ANNOUNCES = re.compile(
    r"(?:宣布|提出|推出|包括|有以下|如下|达成)[^。；]{0,30}?(\d|[一二两三四五六七八九十])\s*(?:项|大|点|个|条|方面)"
    r"(?:重要|主要)?(?:举措|措施|意见|特点|成果|倡议|表态|共识|行动|任务|目标|领域|板块|方面)"
    r"|(?:有|为)(\d|[一二两三四五六七八九十])(?:个|项|点|条|方面)[：:]"
)
# what opens an item of such a list: ——…, 一是…, 第一，…, （一）…, 1. …
ITEM_MARK = re.compile(
    r"\s*(?:——|[一二三四五六七八九十]是|第[一二三四五六七八九十][，、,：:]|[（(][一二三四五六七八九十][）)]|\d\s*[.、．])"
)


def announced_items(best: Quote, cands: list[Quote]) -> list[Quote]:
    """The items the best sentence announces and the report then lists, in order (the sentence after it, when it
    goes on before the list: …宣布…5大举措，为…注入强劲动力。——中国将…)."""
    m = ANNOUNCES.search(best.text)
    if m is None:
        return []
    count = min(parse_cn_numeral(m.group(1) or m.group(2)) or _MAX_ITEMS, _MAX_ITEMS)
    doc = [c for c in cands if c.hit.chunk.doc_id == best.hit.chunk.doc_id]
    after = next((c for c in doc if _follows(c, best)), None)
    lead = [after] if after is not None and not ITEM_MARK.match(after.text) else []
    items: list[Quote] = []
    last = lead[0] if lead else best
    while len(items) < count + (not lead):  # one more when no sentence goes before them, as first written
        last = next((c for c in doc if _follows(c, last) and ITEM_MARK.match(c.text)), None)
        if last is None:
            break
        items.append(last)
    return lead + items if items else []
