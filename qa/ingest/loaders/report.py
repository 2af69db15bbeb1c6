"""Load one report file of any supported type into a cleaned `Document`, with its metadata."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from qa.ingest.documents import Document, clean_pdf_text, metadata_sha256, read_metadata
from qa.ingest.loaders.archive import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, check_archive
from qa.ingest.loaders.base import (
    MAX_BYTES,
    META_KEYS,
    DocumentError,
    Extracted,
    check_file,
    document_id,
    read_text,
)
from qa.text.language import document_language


def load_report(
    path: Path,
    meta: dict | None = None,
    max_bytes: int = MAX_BYTES,
    max_unzipped: int = MAX_UNZIPPED_BYTES,
    max_ratio: float = MAX_ZIP_RATIO,
) -> Document:
    """Load a .txt, .md, .pdf, .docx or .html report; `meta` overrides its `<stem>.meta.json`.

    A ZIP-based file (DOCX) is checked against `max_unzipped` bytes and `max_ratio`:1 before it is parsed.
    """
    path = Path(path)
    check_file(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_archive(path, max_unzipped, max_ratio)
    if suffix == ".pdf":
        from qa.ingest.loaders.pdf import read_pdf

        extracted = read_pdf(path)
    elif suffix == ".docx":
        from qa.ingest.loaders.markup import read_docx

        extracted = read_docx(path)
    elif suffix in (".html", ".htm"):
        from qa.ingest.loaders.markup import read_html

        extracted = read_html(path)
    elif suffix == ".md":
        from qa.ingest.loaders.markup import read_markdown

        extracted = read_markdown(path)
    else:
        text, sections, pages = clean_pdf_text(read_text(path))
        extracted = Extracted(text, sections, pages)
    if not extracted.text.strip():
        raise DocumentError(f"{path.name} has no text to index")
    return _to_document(path, extracted, meta)


def _to_document(path: Path, extracted: Extracted, override: dict | None) -> Document:
    meta: dict = dict(read_metadata(path))
    if override:
        meta.update({k: v for k, v in override.items() if k in META_KEYS and v not in (None, "")})
    title = str(meta.get("title") or "")
    digest = hashlib.sha256(path.read_bytes())
    digest.update(title.encode())  # as documents.file_sha256: bytes plus the title that gets embedded
    if override:
        meta_hash = hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    else:
        meta_hash = metadata_sha256(path)
    aliases = meta.get("aliases") or []
    return Document(
        doc_id=document_id(path.stem),
        title=title or extracted.title or path.stem,
        text=extracted.text,
        sections=extracted.sections,
        pages=extracted.pages,
        title_en=str(meta.get("title_en", "")),
        publisher=str(meta.get("publisher", "")),
        date=str(meta.get("date", "")),
        lang=str(meta.get("lang") or document_language(extracted.text)),
        source=path.name,
        sha256=digest.hexdigest(),
        meta_sha256=meta_hash,
        aliases=[aliases] if isinstance(aliases, str) else list(aliases),
    )
