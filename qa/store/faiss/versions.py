"""The version folders under an index root: `CURRENT` names the one served, `PREVIOUS` the one it replaced.

Both are kept whatever their age (the version to roll back to is never pruned, as with an alias swap);
every other version folder is removed once a switch or a start-up cleanup runs, incomplete ones included.
A version switched in before its new chunks had vectors is never kept as PREVIOUS: the complete version that
follows holds the same reports, so the one to roll back to stays the last complete version before them.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from qa.core.errors import IndexMissingError
from qa.store.faiss.durable import fsync_dir, replace_text

POINTERS = ("CURRENT", "PREVIOUS")


def new_version_name() -> str:
    """A fresh, sortable version folder name."""
    return f"v{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"


def read_pointer(root: Path, name: str = "CURRENT") -> str | None:
    """The version a pointer file names, or None when there is none."""
    try:
        return (root / name).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def current_version(root: Path) -> Path:
    """The directory of the version that `root/CURRENT` names."""
    name = read_pointer(root)
    if name is None:
        raise IndexMissingError(f"no index found in {root}/: run `qa build` to create it")
    path = root / name
    if not (path / "manifest.json").exists():
        raise IndexMissingError(f"index version {path} is missing: run `qa build --rebuild`")
    return path


def is_complete(path: Path) -> bool:
    """Whether a version folder holds a readable manifest and every file it lists (sizes are not checked here)."""
    try:
        files = json.loads((path / "manifest.json").read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError):
        return False
    return bool(files) and all((path / name).is_file() for name in files)


def has_pending_vectors(path: Path) -> bool:
    """Whether a version's manifest lists chunks still without vectors (False when it cannot be read)."""
    try:
        return bool(json.loads((path / "manifest.json").read_text(encoding="utf-8")).get("pending_vectors"))
    except (OSError, ValueError, AttributeError):
        return False


def switch(root: Path, version: str) -> None:
    """Record the served version as PREVIOUS, point CURRENT at `version` (both durably), then prune."""
    old = read_pointer(root)
    if old and old != version and not has_pending_vectors(root / old):
        replace_text(root / "PREVIOUS", old)
    replace_text(root / "CURRENT", version)
    prune(root)


def prune(root: Path) -> list[str]:
    """Remove every version folder that is neither CURRENT nor PREVIOUS, and leftover pointer temp files."""
    keep = {read_pointer(root, name) for name in POINTERS}
    removed = []
    for path in root.iterdir() if root.is_dir() else ():
        if path.is_dir() and path.name.startswith("v") and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        elif (
            path.is_file() and any(path.name.startswith(f"{p}.") for p in POINTERS) and path.suffix == ".tmp"
        ):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    if removed:
        fsync_dir(root)
    return sorted(removed)
