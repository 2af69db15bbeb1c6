"""Evaluation on gold question files: retrieval recall@k and MRR by language and question type."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from qa.core.errors import BadQuestionError

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
    widths = [max(10, len(c) + 2) for c in cols]
    lines.append(f"{'group':<20}" + "".join(f"{c:>{w}}" for c, w in zip(cols, widths)))
    for key, row in rows.items():
        cells = "".join(
            f"{row.get(c, float('nan')):>{w}.3f}" if c != "n" else f"{int(row.get(c, 0)):>{w}d}"
            for c, w in zip(cols, widths)
        )
        lines.append(f"{key:<20}{cells}")
    for key, value in report.items():
        if not isinstance(value, dict):
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def figure_found(gold: float, result: dict) -> bool:
    """A gold value matches a returned figure or a number stated in the answer, within 0.5%."""
    from qa.text.numbers import numbers_in

    values = [f["value"] for f in result.get("figures", [])] + numbers_in(result.get("answer", ""))
    return any(abs(v - gold) <= 0.005 * abs(gold) for v in values)


_CJK = re.compile(r"[\u3400-\u9fff]")
_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)|“[^”]*”|\"[^\"]*\"")


def written_in_english(answer: str) -> bool:
    """No Chinese outside parentheses and quotes ("12,400 trains (1.24万列)" is English; a bare quote is not)."""
    return not _CJK.search(_ASIDE.sub("", answer))


def leads_with_asked_figure(golds: list[float], answer: str) -> bool:
    """The first number the answer states is one of the asked figures."""
    from qa.text.numbers import numbers_in

    stated = numbers_in(_ASIDE.sub("", answer)) or numbers_in(answer)
    years = {float(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", answer)}
    stated = [v for v in stated if v not in years]
    return bool(stated) and any(abs(stated[0] - g) <= 0.005 * abs(g) for g in golds)


def answer_report(items: list[dict], ask: Callable[[dict], dict]) -> dict:
    """Answer-level scores by language and type: evidence in citations, figures, abstention, latency."""
    groups: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    latencies = []
    misses: list[str] = []
    for it in items:
        t = time.perf_counter()
        result = ask(it)
        latencies.append((time.perf_counter() - t) * 1000)
        rows: dict[str, float] = {}
        if it.get("evidence"):
            cited = [c["text"] for c in result["citations"]] if not result["abstained"] else []
            quotes = [c["quote"] for c in result["citations"]] if not result["abstained"] else []
            rows["evidence_in_citations"] = float(evidence_rank(cited, it["evidence"]) is not None)
            rows["evidence_in_quotes"] = float(evidence_rank(quotes, it["evidence"]) is not None)
            rows["false_abstention"] = float(result["abstained"])
            golds = it.get("figures") or []
            if golds:
                # An abstention states no answer, even when it quotes a near miss with figures.
                found = [not result["abstained"] and figure_found(g, result) for g in golds]
                rows["figure_accuracy"] = sum(found) / len(found)
                if it.get("lang") == "en" and not result["abstained"]:
                    rows["en_leads_with_figure"] = float(leads_with_asked_figure(golds, result["answer"]))
                    rows["en_figure_in_english"] = float(written_in_english(result["answer"]))
            if it.get("lang") == "en" and not result["abstained"]:
                rows["en_in_english"] = float(written_in_english(result["answer"]))
            if not rows["evidence_in_citations"] or rows.get("figure_accuracy", 1.0) < 1.0:
                misses.append(it["id"])
        else:
            rows["abstained_unanswerable"] = float(result["abstained"])
            if not result["abstained"]:
                misses.append(it["id"])
        for key in ("all", f"lang={it.get('lang')}", f"type={it.get('type')}"):
            for metric, value in rows.items():
                groups[key][metric].append(value)
    metrics = (
        "evidence_in_citations",
        "evidence_in_quotes",
        "figure_accuracy",
        "abstained_unanswerable",
        "false_abstention",
        "en_leads_with_figure",
        "en_figure_in_english",
        "en_in_english",
    )
    report: dict = {}
    for key in sorted(groups, key=lambda k: (k != "all", k)):
        report[key] = {m: sum(v) / len(v) if (v := groups[key].get(m)) else float("nan") for m in metrics}
    ordered = sorted(latencies)
    report["ask_ms"] = (
        f"p50 {statistics.median(ordered):.1f}, p95 {ordered[round(0.95 * (len(ordered) - 1))]:.1f}"
    )
    report["misses"] = ", ".join(misses) or "none"
    return report
