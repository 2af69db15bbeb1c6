"""An evaluation set made from the reports themselves, and its split into a tune half and a test half.

`qa eval --make-set` writes `tests/data/eval/generated.jsonl` from the built index: a Chinese and (where the
glossary names the subject) an English question for each figure whose sentence states one year, follow-up
chains over the same measure in two years, topic changes after history, and unanswerable near misses made by
moving an answerable question along one slot (a year the reports do not reach, a subject they never
mention). Hand-written questions (`handwritten.jsonl`) join them, and every item goes to the tune or the test
half by a hash of its group, so a question and the near misses made from it land in the same half. The test
half's SHA-256 is kept beside it: rules are designed on the tune half only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from qa.store.faiss.index import Index
from qa.text.glossary import load_glossary
from qa.text.numbers import UNIT_EN

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "eval"
SPLITS = ("tune", "test")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# A year that is not the figure's own: a span, a start, an as-of date or a comparison.
_NOT_POINT = re.compile(r"[—–\-~～至到]\s*(?:19|20)\d{2}|以来|截至|截止|累计|由|从|比|较|同期|分别")
_LEAD = re.compile(r"^(?:其中|此外|同时|另外|目前|截至目前|全年|据统计|数据显示)[，,]?")
_SENTENCE_END = "。！？；\n"
# Subjects the reports never mention, checked against the text before use (a question about one of them is a
# near miss along the subject slot).
_ABSENT_SUBJECTS = (
    ("冰岛", "Iceland"),
    ("乌拉圭", "Uruguay"),
    ("巴拉圭", "Paraguay"),
    ("博茨瓦纳", "Botswana"),
    ("马尔代夫", "the Maldives"),
    ("亚美尼亚", "Armenia"),
    ("厄瓜多尔", "Ecuador"),
    ("突尼斯", "Tunisia"),
)


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence around [start, end)."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [j for j in (text.find(c, end) for c in _SENTENCE_END) if j >= 0]
    return left, min(rights, default=len(text))


def _stem(prefix: str) -> str:
    """The words before a figure as a question stem: no leading connective, no trailing punctuation."""
    stem = _LEAD.sub("", prefix.strip(" ，,：:、（("))
    return stem.rstrip(" ，,：:、（(约近超过达到为共计")


def _clause_stem(prefix: str) -> str:
    """The clause before a figure, with the clauses before it while it is too short to name its subject."""
    clauses = [c for c in re.split(r"[，,；;：:]", _YEAR.sub("", prefix)) if c.strip()]
    stem = clauses.pop() if clauses else ""
    while len(stem) < 8 and clauses:
        stem = f"{clauses.pop()}，{stem}"
    return _stem(stem)


def _figure_items(index: Index) -> list[dict]:
    """A Chinese question, and an English one where the glossary names the subject, for each figure whose
    time is one year (or none) rather than a span, a start, an as-of date or a comparison."""
    glossary = load_glossary()
    items: list[dict] = []
    seen: set[str] = set()
    for fig in index.figures:
        doc = index.documents.get(fig.get("doc_id", ""))
        unit = fig.get("unit") or ""
        if doc is None or not unit or fig.get("kind") not in ("quantity", "count"):
            continue
        if not re.search(r"\d", fig.get("raw", "")):
            continue  # "两家", "四个": counts in words are seldom what a question asks
        if (fig.get("time") or {}).get("kind", "point") not in ("point", "none"):
            continue  # a range end, a cumulative total or an as-of stock needs a question of its own kind
        left, _ = sentence_at(doc.text, fig["start"], fig["end"])
        prefix = doc.text[left : fig["start"]]
        if _NOT_POINT.search(prefix) or len(set(_YEAR.findall(prefix))) > 1:
            continue
        year = fig.get("year")
        stem = _clause_stem(prefix)
        if not 6 <= len(stem) <= 40 or stem in seen or re.search(r"\d", stem):
            continue
        seen.add(stem)
        clause = max(prefix.rfind(c) for c in "，,；;：:") + 1
        evidence = doc.text[left + max(clause, len(prefix) - 30) : fig["end"]].replace("\n", "")
        base = f"g{len(seen):03d}"
        common = {"doc": doc.source, "evidence": [evidence], "figures": [fig["value"]], "group": base}
        when = f"{year}年" if year else ""
        items.append(
            {
                **common,
                "id": f"{base}-zh",
                "lang": "zh",
                "type": "figure",
                "question": f"{when}{stem}多少{unit}？",
                "answer": fig["raw"],
                "_meta": {"stem": stem, "year": year, "unit": unit, "label": fig.get("label", "")},
            }
        )
        subject = _english_subject(stem, glossary)
        unit_en = UNIT_EN.get(unit)
        if subject and unit_en:
            when_en = f"in {year}" if year else "according to the reports"
            items.append(
                {
                    **common,
                    "id": f"{base}-en",
                    "lang": "en",
                    "type": "figure",
                    "question": f"How many {unit_en} did the reports give for {subject} {when_en}?",
                    "answer": fig["raw"],
                }
            )
    return items


def _english_subject(stem: str, glossary: object) -> str | None:
    """The English of the longest glossary term in a Chinese stem."""
    terms = [zh for zh in glossary.zh_to_en if len(zh) >= 2 and zh in stem]  # type: ignore[attr-defined]
    if not terms:
        return None
    return glossary.to_english(max(terms, key=len))  # type: ignore[attr-defined]


def _near_misses(items: list[dict], texts: str, last_year: int) -> list[dict]:
    """Unanswerable questions one slot away from answerable ones: a later year, an absent subject."""
    out = []
    absent = [(zh, en) for zh, en in _ABSENT_SUBJECTS if zh not in texts and en.lower() not in texts.lower()]
    for n, item in enumerate(it for it in items if it["type"] == "figure"):
        year = _YEAR.search(item["question"]) or re.search(r"\b((?:19|20)\d{2})\b", item["question"])
        if year is None or n % 2:
            continue
        later = str(last_year + 2 + n % 3)
        moved = item["question"].replace(year.group(1), later, 1)
        out.append(_unanswerable(item, f"{item['id']}-time", moved, "time"))
        if absent and n % 4 == 0:
            zh, en = absent[n % len(absent)]
            if item["lang"] == "zh":
                moved = f"{zh}{item['question']}"
            else:
                moved = re.sub(r"\bfor .+? in (\d{4})\?$", rf"for {en} in \1?", item["question"])
            if moved != item["question"]:
                out.append(_unanswerable(item, f"{item['id']}-subject", moved, "subject"))
    return out


def _unanswerable(item: dict, item_id: str, question: str, slot: str) -> dict:
    return {
        "id": item_id,
        "lang": item["lang"],
        "type": "unanswerable",
        "question": question,
        "doc": "",
        "evidence": [],
        "answer": "",
        "figures": [],
        "slot": slot,
        "group": item["group"],
    }


def _follow_ups(items: list[dict]) -> list[dict]:
    """ "那2019年呢？" after the same measure's question for another year, and a new topic after history."""
    by_measure: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for it in items:
        meta = it.get("_meta")
        if meta and it["lang"] == "zh":
            by_measure[(meta["label"], meta["unit"])].append(it)
    out = []
    for group in by_measure.values():
        years = {it["_meta"]["year"]: it for it in group if it["_meta"]["year"]}
        if len(years) < 2:
            continue
        (y1, first), (y2, second) = sorted(years.items())[:2]
        history = [
            {"role": "user", "content": second["question"]},
            {"role": "assistant", "content": f"{second['answer']}。"},
        ]
        out.append(
            {
                **first,
                "id": f"{first['id']}-followup",
                "type": "followup",
                "question": f"那{y1}年呢？",
                "history": history,
            }
        )
    # A new topic after an unrelated turn: the history must not steer the retrieval.
    figures = [it for it in items if it["type"] == "figure"]
    for a, b in zip(figures[::7], figures[3::7]):
        if a["group"] != b["group"] and a["lang"] == b["lang"]:
            history = [
                {"role": "user", "content": b["question"]},
                {"role": "assistant", "content": b["answer"]},
            ]
            out.append({**a, "id": f"{a['id']}-newtopic", "type": "followup", "history": history})
    return out


def make_items(index: Index) -> list[dict]:
    """The generated evaluation items over an index (without the split)."""
    texts = "\n".join(d.text for d in index.documents.values())
    years = [int(y) for d in index.documents.values() for y in re.findall(r"(?:19|20)\d{2}", d.date)]
    items = _figure_items(index)
    items += _follow_ups(items)
    items += _near_misses([it for it in items if it["type"] == "figure"], texts, max(years, default=2021))
    for it in items:
        it.pop("_meta", None)
    return items


def split_of(item: dict) -> str:
    """'tune' or 'test', by a hash of the item's group (an item and the near misses made from it share one)."""
    key = str(item.get("group") or item["id"])
    return SPLITS[hashlib.sha256(key.encode()).digest()[0] % 2]


def write_split(items: Iterable[dict], out_dir: Path = EVAL_DIR) -> dict[str, int]:
    """Write tune.jsonl, test.jsonl and test.sha256; returns the counts."""
    halves: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for item in items:
        halves[split_of(item)].append(item)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in halves.items():
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out_dir / f"{name}.jsonl").write_text(text, encoding="utf-8")
    digest = hashlib.sha256((out_dir / "test.jsonl").read_bytes()).hexdigest()
    (out_dir / "test.sha256").write_text(f"{digest}  test.jsonl\n", encoding="utf-8")
    return {name: len(rows) for name, rows in halves.items()}
