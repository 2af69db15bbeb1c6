"""ZIP containers (DOCX) checked before any parser inflates them: total size, compression ratio, honest sizes.

The central directory states each part's size, but a crafted file can understate it, and `zipfile.read()`
inflates a whole part in one call before cutting it to the stated size. So every part is inflated here in
small pieces, counting, and the file is refused as soon as a part outgrows what it states or the limits.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from qa.ingest.loaders.base import DocumentError

MAX_UNZIPPED_BYTES = 200_000_000
MAX_ZIP_RATIO = 100.0  # Apache POI's default (ZipSecureFile: minimum inflate ratio 0.01)
MAX_PARTS = 10_000
RATIO_GRACE = 100_000  # parts smaller than this may compress any amount: they cannot hurt (as POI)
_PIECE = 1 << 16
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def check_archive(
    path: Path, max_unzipped: int = MAX_UNZIPPED_BYTES, max_ratio: float = MAX_ZIP_RATIO
) -> None:
    """Refuse a ZIP-based file whose parts unpack past `max_unzipped` bytes or `max_ratio`:1, before parsing.

    A file that is not a ZIP at all is left to its loader, which says what it is (an encrypted Word file is
    an OLE container, for instance).
    """
    name = path.name
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(f"{name} is not a readable ZIP container (damaged?): {exc}") from exc
    if len(parts) > MAX_PARTS:
        raise DocumentError(f"{name} holds {len(parts):,} parts, over the limit of {MAX_PARTS:,}")
    stated = sum(p.file_size for p in parts)
    if stated > max_unzipped:
        raise DocumentError(
            f"{name} would unpack to {_mb(stated)}, over the {_mb(max_unzipped)} limit "
            "(QA_MAX_UNZIPPED_BYTES): a compression bomb, or a file to split"
        )
    for part in parts:
        _check_ratio(name, part.filename, part.file_size, part.compress_size, max_ratio)
    with open(path, "rb") as raw:
        for part in parts:
            _inflate_counting(raw, name, part, max_ratio)


def _check_ratio(name: str, part: str, size: int, packed: int, max_ratio: float) -> None:
    if size > RATIO_GRACE and size > max_ratio * max(packed, 1):
        raise DocumentError(
            f"{name}: part {part[:80]} is compressed {size / max(packed, 1):,.0f}:1, over the "
            f"{max_ratio:g}:1 limit (QA_MAX_ZIP_RATIO): a compression bomb?"
        )


def _inflate_counting(raw, name: str, part: zipfile.ZipInfo, max_ratio: float) -> None:  # type: ignore[no-untyped-def]
    """Inflate one part piece by piece, refusing it once it unpacks past its stated size."""
    if part.is_dir() or part.file_size == 0 and part.compress_size == 0:
        return
    if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise DocumentError(f"{name}: part {part.filename[:80]} uses a compression method Word never writes")
    if part.compress_type == zipfile.ZIP_STORED:
        if part.compress_size != part.file_size:
            raise DocumentError(f"{name}: part {part.filename[:80]} states two different sizes (damaged?)")
        return
    raw.seek(part.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise DocumentError(f"{name} is not a readable ZIP container (a part's header is missing)")
    fields = _LOCAL_HEADER.unpack(header)
    raw.seek(fields[-2] + fields[-1], 1)  # past the name and the extra field
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, out = part.compress_size, 0
    pending = b""
    while left > 0 or pending:
        if not pending:
            pending = raw.read(min(_PIECE, left))
            if not pending:
                break
            left -= len(pending)
        try:
            out += len(inflater.decompress(pending, _PIECE))
        except zlib.error as exc:
            raise DocumentError(f"{name}: part {part.filename[:80]} is damaged ({exc})") from exc
        pending = inflater.unconsumed_tail
        if out > part.file_size:
            raise DocumentError(
                f"{name}: part {part.filename[:80]} unpacks to more than the {_mb(part.file_size)} it "
                "states: a crafted file (compression bomb?)"
            )
        if inflater.eof:
            break
    _check_ratio(name, part.filename, out, part.compress_size, max_ratio)
