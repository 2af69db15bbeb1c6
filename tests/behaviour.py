"""Answers and search results for a fixed question set, recorded so a refactor can prove it changed nothing.

`python -m tests.behaviour --write` records the snapshot from the current code (do that only when a change of
behaviour is intended); `tests/test_behaviour.py` compares the code against it.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "data" / "behaviour_questions.jsonl"
DEV_SET = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"
SNAPSHOT = ROOT / "tests" / "data" / "behaviour_snapshot.json"
VOLATILE = {"id", "answer_id", "timings_ms", "llm_error"}


def load_questions() -> list[dict]:
    """The dev questions (when present) and the project's own, each with its history."""
    items: list[dict] = []
    for path in (DEV_SET, QUESTIONS):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    items.append({"question": item["question"], "history": item.get("history", [])})
    return items


def same(expected: object, actual: object, tol: float = 1e-5) -> bool:
    """Equal, with floats equal to `tol`: the embedding model's last digits differ between CPUs."""
    if isinstance(expected, float) and isinstance(actual, float):
        return math.isclose(expected, actual, abs_tol=tol)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(same(expected[k], actual[k], tol) for k in expected)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a, tol) for e, a in zip(expected, actual))
    return expected == actual


def record(service, items: list[dict]) -> list[dict]:
    """`qa ask --json` and `qa search --json` for each question, without timings and ids."""
    out = []
    for item in items:
        answer = service.ask(item["question"], item["history"]).model_dump()
        hits = service.search(item["question"], 10, "hybrid", item["history"])
        out.append(
            {
                "question": item["question"],
                "history": item["history"],
                "ask": {k: v for k, v in answer.items() if k not in VOLATILE},
                # the chunk's text is fixed by its id; the citations above keep the text they quote
                "search": [{k: v for k, v in h.to_dict().items() if k != "text"} for h in hits],
            }
        )
    return json.loads(json.dumps(out, ensure_ascii=False))  # the JSON form, as the CLI prints it


def main() -> None:
    """Write the snapshot from the current code over the real index."""
    from qa.core.config import Settings
    from qa.index.library import build
    from qa.service import QAService

    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--index-dir", default="index")
    args = parser.parse_args()
    settings = Settings(corpus_dir=ROOT / "corpus", index_dir=Path(args.index_dir))  # type: ignore[call-arg]
    build(settings, progress=False)
    result = record(QAService.open(settings), load_questions())
    if args.write:
        SNAPSHOT.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {len(result)} answers to {SNAPSHOT}")


if __name__ == "__main__":
    main()
