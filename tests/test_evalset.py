"""The project's evaluation set: its halves are fixed (the test half's hash is recorded) and split by group."""

from __future__ import annotations

import hashlib
import json

from qa.bench.evalset import EVAL_DIR, SPLITS, split_of


def _items(name: str) -> list[dict]:
    return [
        json.loads(line) for line in (EVAL_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def test_the_test_half_is_the_one_recorded() -> None:
    digest = hashlib.sha256((EVAL_DIR / "test.jsonl").read_bytes()).hexdigest()
    assert (EVAL_DIR / "test.sha256").read_text().split()[0] == digest


def test_each_item_is_in_the_half_its_group_hashes_to_and_groups_do_not_straddle() -> None:
    groups: dict[str, set[str]] = {}
    for name in SPLITS:
        for item in _items(name):
            assert split_of(item) == name
            groups.setdefault(str(item.get("group") or item["id"]), set()).add(name)
    assert all(len(halves) == 1 for halves in groups.values())
    total = sum(len(_items(n)) for n in SPLITS)
    assert total >= 400 and all(len(_items(n)) >= 0.4 * total for n in SPLITS)
