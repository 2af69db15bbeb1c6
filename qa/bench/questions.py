"""Many distinct questions for load tests, made from the index itself (its figures' labels in Chinese and
English, and the clauses of its passages) and from the tune half of the evaluation set with variations — never
from the test half. Distinct by normal form, so no answer comes out of the query-embedding cache."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from qa.bench.evalset import EVAL_DIR
from qa.store.faiss.index import Index
from qa.text.normalize import normalize_question

YEARS = tuple(range(2013, 2024))
_CLAUSE = re.compile(r"[^，,。；;：:！？!?\n（）()“”\"]{8,28}")
ZH_FIGURE = (
    "{label}{year}年是多少{unit}？",
    "{year}年{label}达到多少{unit}？",
    "报告中{year}年{label}的数字是多少？",
)
EN_FIGURE = ("What was the figure for {label} in {year}?", "How large was {label} in {year}?")
ZH_CLAUSE = ("关于“{clause}”，报告怎么说？", "{clause}是指什么？")
EN_CLAUSE = ("What do the reports say about “{clause}”?",)
ZH_PREFIX = ("请问：", "想了解一下，", "麻烦查一下：")
EN_PREFIX = ("Please tell me: ", "Quick question: ", "I would like to know: ")


def _load_questions(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [
        json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def distinct_questions(index: Index, limit: int = 8000, seed: int = 7) -> list[str]:
    """Up to `limit` questions, shuffled (one in three English), none with the normal form of another or of a
    question of the test half."""
    held_out = {normalize_question(q) for q in _load_questions(EVAL_DIR / "test.jsonl")}
    made: list[str] = []
    labels = {(f["label"], f.get("unit") or "") for f in index.figures if len(f.get("label") or "") >= 2}
    for label, unit in sorted(labels):
        for year in YEARS:
            made.extend(t.format(label=label, year=year, unit=unit) for t in ZH_FIGURE)
    english = sorted({f["label_en"] for f in index.figures if f.get("label_en")})
    for label in english:
        for year in YEARS:
            made.extend(t.format(label=label, year=year) for t in EN_FIGURE)
    for chunk in index.chunks:
        for clause in _CLAUSE.findall(chunk.text):
            made.extend(t.format(clause=clause.strip()) for t in ZH_CLAUSE)
            if re.search(r"[A-Za-z]{3}", clause):
                made.extend(t.format(clause=clause.strip()) for t in EN_CLAUSE)
    for q in _load_questions(EVAL_DIR / "tune.jsonl"):
        prefixes = ZH_PREFIX if re.search(r"[\u4e00-\u9fff]", q) and not q.isascii() else EN_PREFIX
        made.extend([q, *(p + q for p in prefixes)])
    random.Random(seed).shuffle(made)
    # one English question in three, about the staff's mix, while English ones last
    english_qs = [q for q in made if not re.search(r"[\u4e00-\u9fff]", q)]
    chinese_qs = [q for q in made if re.search(r"[\u4e00-\u9fff]", q)]
    mixed = [
        q
        for i in range(max(len(chinese_qs) // 2, len(english_qs)))
        for q in (*chinese_qs[2 * i : 2 * i + 2], *english_qs[i : i + 1])
    ]
    seen: set[str] = set(held_out)
    out = []
    for q in mixed:
        key = normalize_question(q)
        if key not in seen:
            seen.add(key)
            out.append(q)
            if len(out) >= limit:
                break
    return out


class QuestionPool:
    """Hands out each question once; counts how often it had to start over (a repeat could be a cache hit)."""

    def __init__(self, questions: list[str]) -> None:
        self.questions = questions
        self.given = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        q = self.questions[self.given % len(self.questions)]
        self.given += 1
        return q

    def take(self, n: int) -> list[str]:
        """The next n questions."""
        return [next(self) for _ in range(n)]

    @property
    def repeats(self) -> int:
        """Questions handed out a second time or more."""
        return max(0, self.given - len(self.questions))
