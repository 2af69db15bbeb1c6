"""Evaluation on gold question files: retrieval recall@k and MRR by language and question type."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from qa.errors import BadQuestionError

_SPACE = re.compile(r"\s+")
KS = (1, 5, 10)


def load_items(path: Path) -> list[dict]:
    """Gold items from a JSONL file (question, lang, type, evidence, figures, history …)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadQuestionError(f"cannot read {path}: {exc.strerror}") from exc
    items = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except ValueError as exc:
                raise BadQuestionError(f"{path}:{n} is not valid JSON: {exc}") from exc
    return items


def squash(text: str) -> str:
    """Text with all whitespace removed, for evidence matching."""
    return _SPACE.sub("", text)


def evidence_rank(texts: Iterable[str], evidence: list[str]) -> int | None:
    """1-based rank of the first text that contains one of the evidence strings."""
    wanted = [squash(e) for e in evidence if e.strip()]
    for rank, text in enumerate(texts, 1):
        flat = squash(text)
        if any(e in flat for e in wanted):
            return rank
    return None


def answerable(items: list[dict]) -> list[dict]:
    """Items that have evidence in the reports."""
    return [it for it in items if it.get("evidence")]


def retrieval_report(
    items: list[dict], search: Callable[[dict], list[str]], ks: tuple[int, ...] = KS
) -> dict:
    """recall@k and MRR overall, by language and by type; `search` returns ranked texts for an item."""
    ranks = [(it, evidence_rank(search(it), it["evidence"])) for it in answerable(items)]
    groups: dict[str, list[int | None]] = defaultdict(list)
    for it, rank in ranks:
        for key in ("all", f"lang={it.get('lang')}", f"type={it.get('type')}"):
            groups[key].append(rank)
    report = {}
    for key, rs in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        row: dict[str, float] = {"n": len(rs)}
        for k in ks:
            row[f"recall@{k}"] = sum(r is not None and r <= k for r in rs) / len(rs)
        row["mrr"] = sum(1.0 / r for r in rs if r is not None) / len(rs)
        report[key] = row
    report["misses@5"] = [it["id"] for it, r in ranks if r is None or r > 5]  # type: ignore[assignment]
    return report


def format_table(report: dict, title: str = "") -> str:
    """A plain-text table of a report made by `retrieval_report` (or any dict of metric rows)."""
    rows = {k: v for k, v in report.items() if isinstance(v, dict)}
    if not rows:
        return title
    cols = list(next(iter(rows.values())).keys())
    lines = [title] if title else []
    lines.append(f"{'group':<20}" + "".join(f"{c:>12}" for c in cols))
    for key, row in rows.items():
        cells = "".join(
            f"{row.get(c, float('nan')):>12.3f}" if c != "n" else f"{int(row.get(c, 0)):>12d}" for c in cols
        )
        lines.append(f"{key:<20}{cells}")
    for key, value in report.items():
        if not isinstance(value, dict):
            lines.append(f"{key}: {value}")
    return "\n".join(lines)
