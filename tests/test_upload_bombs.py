"""Compression bombs: a DOCX whose parts unpack to far more than the file is refused before any parser runs."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import httpx
import pytest

from qa.cli import main
from qa.ingest.loaders.base import DocumentError
from qa.ingest.loaders.report import load_report
from tests import make_reports as mk
from tests.api_helpers import tiny_server, tiny_service, tiny_settings, wait_job

GIB = 1 << 30
ADMIN = "admin-key"
_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"/>',
}


def make_bomb(path: Path, size: int, name: str = "word/document.xml") -> Path:
    """A DOCX-shaped ZIP with one part of `size` bytes of spaces, written piece by piece (little memory)."""
    piece = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part, text in _PARTS.items():
            archive.writestr(part, text)
        with archive.open(name, "w") as out:
            out.write(b'<?xml version="1.0"?><w:document>')
            left = size
            while left > 0:
                out.write(piece[: min(left, len(piece))])
                left -= len(piece)
    return path


def understate(path: Path, part: str, stated: int) -> None:
    """Rewrite a part's stated size (local header and central directory) and its CRC to match that size."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        with archive.open(info) as member:
            crc = zlib.crc32(member.read(stated))
    struct.pack_into("<LLL", data, info.header_offset + 14, crc, info.compress_size, stated)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == part.encode():
            struct.pack_into("<LLL", data, central + 16, crc, info.compress_size, stated)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def gib_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1 MB on disk, 1 GiB unpacked."""
    return make_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx", GIB)


def _peak_kib(pid: int) -> int:
    """The process's peak resident memory (VmHWM) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


def test_a_gib_part_is_refused_from_the_directory(gib_bomb: Path) -> None:
    assert gib_bomb.stat().st_size < 2_000_000
    started = time.perf_counter()
    with pytest.raises(DocumentError) as err:
        load_report(gib_bomb)
    assert time.perf_counter() - started < 1.0  # refused from the stated sizes: nothing inflated
    assert "would unpack to 1,073.7 MB" in err.value.message
    assert "QA_MAX_UNZIPPED_BYTES" in err.value.message and err.value.status == 422


def test_a_high_ratio_part_under_the_size_limit_is_refused(tmp_path: Path) -> None:
    bomb = make_bomb(tmp_path / "dense.docx", 20_000_000)
    with pytest.raises(
        DocumentError, match=r"compressed [\d,]+:1, over the 100:1 limit \(QA_MAX_ZIP_RATIO\)"
    ):
        load_report(bomb)
    # Raising the limit lets the same file through to the Word parser, which finds it is no real document.
    with pytest.raises(DocumentError, match="not a readable Word"):
        load_report(bomb, max_ratio=10_000)


def test_a_part_that_understates_its_size_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = make_bomb(tmp_path / "liar.docx", 50_000_000)
    understate(bomb, "word/document.xml", 4_000)
    with zipfile.ZipFile(bomb) as archive:  # the directory now claims a harmless size and ratio
        info = archive.getinfo("word/document.xml")
        assert info.file_size == 4_000
    script = (
        "import sys\n"
        "from qa.ingest.loaders.report import load_report\n"
        "from qa.ingest.loaders.base import DocumentError\n"
        "try:\n    load_report(sys.argv[1])\nexcept DocumentError as e:\n    print(e.message)\n"
        # VmHWM, not ru_maxrss: a forked child's ru_maxrss starts at its parent's (pytest with models loaded)
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bomb)], capture_output=True, text=True, timeout=60, check=True
    )
    message, peak_kib = done.stdout.strip().rsplit("\n", 1)
    assert "unpacks to more than the" in message and "compression bomb" in message
    assert int(peak_kib) < 200_000, f"peak RSS {int(peak_kib) / 1024:.0f} MB"


def test_ordinary_word_files_still_load(tmp_path: Path) -> None:
    doc = load_report(mk.make_docx(tmp_path / "railway.docx"))
    assert doc.text and doc.sections


def test_cli_add_names_the_cause(
    gib_bomb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tiny_settings(tmp_path)
    tiny_service(settings)
    for key, value in {
        "QA_INDEX_DIR": settings.index_dir,
        "QA_CORPUS_DIR": settings.corpus_dir,
        "QA_DATA_DIR": settings.data_dir,
        "QA_EMBEDDER": "hash:64",
        "QA_ADD_ROOTS": gib_bomb.parent,
    }.items():
        monkeypatch.setenv(key, str(value))
    assert main(["add", str(gib_bomb)]) == 2
    err = capsys.readouterr().err
    assert "bomb.docx would unpack to 1,073.7 MB" in err and "Traceback" not in err


def test_http_upload_of_a_gib_bomb_is_422_and_memory_stays_flat(gib_bomb: Path, tmp_path: Path) -> None:
    with tiny_server(tmp_path, QA_ADMIN_KEYS=ADMIN) as (base, proc):
        before = _peak_kib(proc.pid)
        with gib_bomb.open("rb") as f:
            reply = httpx.post(
                f"{base}/api/documents",
                files={"file": ("bomb.docx", f)},
                headers={"X-API-Key": ADMIN},
                timeout=60,
            )
        after = _peak_kib(proc.pid)
        # The route may check the upload at once (422) or queue a job that fails with the same error.
        if reply.status_code == 202:
            with httpx.Client(base_url=base, headers={"X-API-Key": ADMIN}) as client:
                job = wait_job(client, reply, timeout=30)
            after = _peak_kib(proc.pid)
            assert job["state"] == "failed" and job["error"]["status"] == 422, job
            error = job["error"]
        else:
            assert reply.status_code == 422, reply.text
            error = reply.json()["error"]
        assert error["code"] == "bad_document"
        assert "would unpack to 1,073.7 MB" in error["message"]
        print(f"\nserver VmHWM {before / 1024:.0f} MB -> {after / 1024:.0f} MB")
        assert after - before < 100 * 1024, f"peak RSS grew by {(after - before) / 1024:.0f} MB"
        assert httpx.get(f"{base}/healthz").status_code == 200
