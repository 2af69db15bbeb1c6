"""Load a report file of any supported type (txt, md, pdf, docx, html) into a `Document`, refusing bad input."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from qa.core.errors import NotFoundError, QAError
from qa.ingest.documents import Section

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024
META_KEYS = ("title", "title_en", "publisher", "date", "lang", "aliases")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")

# How an original report is served: its media type, and whether a browser may show it (PDF, text) or must save it.
# HTML is served as text: an uploaded page must never run as this site.
ORIGINAL_TYPES = {
    ".pdf": ("application/pdf", True),
    ".txt": ("text/plain; charset=utf-8", True),
    ".md": ("text/plain; charset=utf-8", True),
    ".html": ("text/plain; charset=utf-8", True),
    ".htm": ("text/plain; charset=utf-8", True),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
}


class DocumentError(QAError):
    """A report file that cannot be loaded: unreadable, encrypted, empty, too large, of an unsupported type."""

    code = "bad_document"
    status = 422
    exit_code = 2


@dataclass
class Extracted:
    """What a format reader hands back: cleaned text with structure, plus a title found in the file."""

    text: str
    sections: list[Section]
    pages: list[int] = field(default_factory=list)
    title: str = ""


def check_path(path: Path, allowed: list[Path]) -> Path:
    """The resolved `path` (symlinks and `..` followed) when it lies inside one of `allowed`, else an error."""
    resolved = Path(path).expanduser().resolve()
    roots = [Path(a).expanduser().resolve() for a in allowed]
    if not any(resolved.is_relative_to(root) for root in roots):
        folders = ", ".join(str(r) for r in roots) or "(none configured)"
        raise DocumentError(
            f"{path} is outside the allowed folders ({folders}); copy it into one of them first"
        )
    return resolved


def check_file(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a missing, unsupported, over-sized or empty file before any parser sees it."""
    name = path.name
    if path.suffix.lower() not in SUPPORTED:
        kinds = ", ".join(SUPPORTED)
        raise DocumentError(
            f"{name}: unsupported file type {path.suffix or '(none)'!r}; supported types: {kinds}"
        )
    if not path.is_file():
        raise DocumentError(f"{name}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(
            f"{name} is {_size(size)}, over the {_size(max_bytes)} limit; split it or raise the limit"
        )
    if size == 0:
        raise DocumentError(f"{name} is empty (0 bytes)")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def document_id(stem: str) -> str:
    """A URL-safe id: the stem itself when it is safe, else its safe part plus a short hash of the name."""
    if _SAFE_ID.fullmatch(stem):
        return stem
    digest = hashlib.sha1(stem.encode()).hexdigest()[:10]
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")[:60]
    return f"{safe}_{digest}" if safe else f"doc_{digest}"


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030, the superset of GBK Chinese files use."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{path.name} is not UTF-8 or GB18030 text; save it as UTF-8 and try again")


def original_file(corpus: Path, doc_id: str, source: str) -> tuple[Path, str, bool]:
    """A report's original file in the corpus folder, its media type and whether a browser may show it inline;
    NotFoundError when it is not there (or not a type that is served)."""
    corpus = corpus.resolve()
    path = (corpus / source).resolve()
    kind = ORIGINAL_TYPES.get(path.suffix.lower())
    if path.parent != corpus or not path.is_file() or kind is None:
        raise NotFoundError(f"the original file of {doc_id!r} is not available")
    return path, kind[0], kind[1]
