"""What a box (专栏) is about: the title it opens with, for each of its chunks, not only the one it opens in."""

from __future__ import annotations

from qa.answer.scoring import TITLE_LINE, is_heading
from qa.ingest.chunking import Chunk
from qa.store.corpus import Corpus

BOX_REACH = 6000  # characters back from a chunk to the line opening its box
_KEPT = 4096  # titles remembered, by chunk


def box_title(chunk: Chunk) -> str:
    """The first sentence of a box (专栏) that opens in this chunk, its title run into it: what the box's items
    (——中国已向全球供应3亿剂疫苗) are about. '' for other chunks."""
    lines = chunk.text.split("\n", 2)
    if chunk.kind != "box" or len(lines) < 2 or not lines[0].strip().startswith("专栏"):
        return ""
    return _title(lines[1])


def _title(line: str) -> str:
    return " " + line.split("。", 1)[0].lower()


class BoxTitles:
    """The title of the box a chunk is in, read from the report's text before the chunk for a chunk the box does not
    open in (its case study's later paragraphs are about the same project)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._titles: dict[str, str] = {}

    def __call__(self, chunk: Chunk) -> str:
        own = box_title(chunk)
        label = chunk.section.rsplit(">", 1)[-1].strip()
        if own or chunk.kind != "box" or not label.startswith("专栏"):
            return own
        title = self._titles.get(chunk.chunk_id)
        if title is None:
            if len(self._titles) >= _KEPT:
                self._titles.clear()
            before = self.corpus.text(chunk.doc_id, max(0, chunk.start - BOX_REACH), chunk.start)
            at = before.rfind(f"{label}\n")
            lines = before[at + len(label) + 1 :].split("\n") if at >= 0 else [""]
            # a title or caption line on the way starts another story the box tells (同饮一江水共谱中老情)
            retitled = any(is_heading(line.strip()) and len(line) <= TITLE_LINE for line in lines[1:-1])
            title = "" if retitled or not lines[0].strip() else _title(lines[0])
            self._titles[chunk.chunk_id] = title
        return title
