"""Loading reports of every supported type, and refusing bad files with clear messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.ingest.cleaning import normalize_spaces
from qa.ingest.documents import Document, load_document
from qa.ingest.loaders.base import DocumentError, check_path, document_id
from qa.ingest.loaders.pdf import strip_running_lines
from qa.ingest.loaders.report import load_report
from tests import make_reports as mk

pytest.importorskip(
    "reportlab", reason="the PDF tests typeset their files with reportlab (pip install -e .[test])"
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    mk.make_chinese_pdf(folder / "cn_report.pdf")
    mk.make_docx(folder / "railway.docx")
    mk.make_html(folder / "corridor.html")
    return folder


@pytest.fixture(scope="module")
def pdf(files: Path) -> Document:
    return load_report(files / "cn_report.pdf")


def test_pdf_chinese_text_is_cleaned(pdf: Document) -> None:
    assert pdf.doc_id == "cn_report" and pdf.lang == "zh"
    assert pdf.title == "共建一带一路经贸合作报告"  # from the PDF's metadata
    assert "2020年，受新冠肺炎疫情影响" in pdf.text and "2020 年" not in pdf.text
    # Lines hard-wrapped mid-word ("…中国与相关国\n家守望相助") are joined back.
    assert "中国与相关国家守望相助" in pdf.text
    assert "港口航运合作不断深化。" in pdf.text


def test_pdf_running_header_and_page_numbers_are_removed(pdf: Document) -> None:
    assert "合作报告2021" not in pdf.text and "合作报告 2021" not in pdf.text
    assert "—" not in pdf.text
    assert not any(re.fullmatch(r"\d+", line) for line in pdf.text.split("\n"))


def test_pdf_pages_map_citations_back(pdf: Document) -> None:
    assert len(pdf.pages) == 4
    assert pdf.page_at(pdf.text.index(mk.PAGE3_SENTENCE)) == 3
    assert pdf.page_at(pdf.text.index("跨境电商等新业态")) == 2
    assert pdf.page_at(pdf.text.index("人民币跨境支付系统")) == 4


def test_pdf_headings_become_section_paths(pdf: Document) -> None:
    section = pdf.section_at(pdf.text.index("货物贸易额达"))
    assert section is not None and section.path == ("一、总体情况", "（一）货物贸易")
    assert pdf.section_at(pdf.text.index(mk.PAGE3_SENTENCE)).path == ("二、设施联通",)  # type: ignore[union-attr]


def test_long_pdf_pages_match_the_source_pages(tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = mk.make_long_pdf(tmp_path / "long.pdf", pages=12)
    doc = load_report(path)
    assert len(doc.pages) == 12
    checked = 0
    for number, page in enumerate(PdfReader(path).pages, start=1):
        lines = page.extract_text().splitlines()[2:-1]  # below the header and page number
        probe = normalize_spaces(lines[len(lines) // 2])
        if len(probe) >= 20 and doc.text.count(probe) == 1:
            assert doc.page_at(doc.text.index(probe)) == number, probe
            checked += 1
    assert checked >= 8


def test_pdf_without_headings_joins_wrapped_lines(tmp_path: Path) -> None:
    doc = load_report(mk.make_english_pdf(tmp_path / "review.pdf"))
    assert doc.lang == "en" and len(doc.pages) == 3
    paragraphs = doc.text.split("\n")
    assert len(paragraphs) == 6 and all(p.endswith("corridors.") for p in paragraphs)
    assert "0.7 percent year on year, even as the pandemic" in doc.text  # wrapped lines joined by one space
    assert "Review 2021" not in doc.text and "Page" not in doc.text
    assert doc.page_at(doc.text.index("Paragraph 2 on page 3.")) == 3


def test_single_page_pdf_cites_page_one(tmp_path: Path) -> None:
    mk.write_pages(tmp_path / "one.pdf", [mk.layout(mk.CHINESE_PAGES[2])])
    doc = load_report(tmp_path / "one.pdf")
    assert doc.page_at(doc.text.index(mk.PAGE3_SENTENCE)) == 1


def test_running_lines_ignore_digits_and_keep_body_text() -> None:
    pages = [
        [f"报告 2021 第 {n} 页", f"正文第{n}页的内容。", "重复的句子。", "内部资料 注意保密", f"- {n} -"]
        for n in range(1, 5)
    ]
    pages[1].insert(1, "只出现一次的行")
    stripped = strip_running_lines(pages)
    assert stripped[0] == ["正文第1页的内容。", "重复的句子。"]  # sentences are never running heads
    assert stripped[1] == ["只出现一次的行", "正文第2页的内容。", "重复的句子。"]


def test_docx_headings_tables_and_captions(files: Path) -> None:
    doc = load_report(files / "railway.docx")
    assert doc.title == "中欧班列发展报告" and doc.pages == [] and doc.page_at(0) is None
    assert "2020年，中欧班列开行1.24万列，同比增长50%" in doc.text
    sub = doc.section_at(doc.text.index("三条通道"))
    assert sub is not None and sub.path == ("一、发展概况", "（一）通道建设")
    unstyled = doc.section_at(doc.text.index("稳定国际供应链"))
    assert unstyled is not None and unstyled.path == ("二、主要成效",)
    assert "年份 | 开行列数\n2020 | 12406" in doc.text
    caption = doc.section_at(doc.text.index("中欧班列开行情况"))
    assert caption is not None and caption.kind == "caption"


def test_html_main_text_with_headings(files: Path) -> None:
    doc = load_report(files / "corridor.html")
    assert doc.title == "陆海新通道建设进展"
    for junk in ("tracking", "不要索引", "color", "新闻导航栏", "页脚信息"):
        assert junk not in doc.text
    assert "2020年，西部陆海新通道铁海联运班列开行4607列，同比增长105%。" in doc.text
    assert "通道覆盖国内47个城市的92个站点" in doc.text  # inline link text kept in its sentence
    section = doc.section_at(doc.text.index("常态化开行"))
    assert section is not None
    assert section.path == ("陆海新通道建设进展", "一、通道网络", "（一）运输组织")
    assert "铁海联运班列常态化开行。\n国际铁路联运班列稳定运行。" in doc.text
    assert "年份 | 班列" in doc.text


def test_markdown_headings_and_wrapped_lines(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# 智库简报\n\n## 一、概况\n\n2020 年，中欧班列\n开行 1.24 万列。\n\n- 第一项\n- 第二项 [链接](http://x)\n\n"
        "English text that\nwraps here.\n",
        encoding="utf-8",
    )
    doc = load_report(path)
    assert doc.title == "智库简报"
    assert "2020年，中欧班列开行1.24万列。\n第一项\n第二项链接\nEnglish text that wraps here." in doc.text
    assert doc.section_at(doc.text.index("中欧班列")).path == ("智库简报", "一、概况")  # type: ignore[union-attr]


def test_txt_goes_through_the_seed_cleaning() -> None:
    path = CORPUS / "002_d1431f2bc3438f4f.txt"
    seed, loaded = load_document(path), load_report(path)
    assert loaded.text == seed.text and loaded.sections == seed.sections
    assert (loaded.title, loaded.sha256, loaded.meta_sha256) == (seed.title, seed.sha256, seed.meta_sha256)


def test_gb18030_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(
        "2020 年，中欧班列开行 1.24 万列，同比增长 50%，通达欧洲 21 个国家。\n".encode("gb18030")
    )
    assert "2020年，中欧班列开行1.24万列" in load_report(path).text


def test_meta_overrides_the_metadata_file(files: Path) -> None:
    path = files / "corridor.html"
    plain = load_report(path)
    doc = load_report(
        path, meta={"title": "新标题", "publisher": "兰瑞智库", "lang": "zh", "aliases": "智库"}
    )
    assert (doc.doc_id, doc.title, doc.publisher, doc.aliases) == ("corridor", "新标题", "兰瑞智库", ["智库"])
    assert doc.sha256 != plain.sha256 and doc.meta_sha256


def test_document_id_is_url_safe() -> None:
    assert document_id("report_2021-v2.final") == "report_2021-v2.final"
    for stem in ("一带一路 报告2021", "报告", "../etc/passwd", ".hidden"):
        doc_id = document_id(stem)
        assert re.fullmatch(r"[A-Za-z0-9_-]+", doc_id) and doc_id == document_id(stem)
    assert document_id("报告") != document_id("报表")


def _encrypted_docx(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # Word's encrypted container is OLE
    return path


def _whitespace(path: Path) -> Path:
    path.write_text(" \n\n  \n", encoding="utf-8")
    return path


BAD_FILES = [
    ("locked.pdf", mk.make_encrypted_pdf, "is encrypted; remove the password and try again"),
    ("scan.pdf", mk.make_image_pdf, "has no text layer (scanned images?); run OCR first"),
    ("broken.pdf", mk.make_corrupt_pdf, "is not a readable PDF (damaged or truncated)"),
    ("empty.pdf", mk.make_empty, "empty.pdf is empty (0 bytes)"),
    ("empty.docx", mk.make_empty, "is empty"),
    ("blank.txt", _whitespace, "has no text to index"),
    ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip") and p, "not a readable Word"),
    ("locked.docx", _encrypted_docx, "is encrypted or an old binary Word file"),
    ("table.xlsx", lambda p: p.write_bytes(b"PK\x03\x04") and p, "unsupported file type '.xlsx'"),
    ("chart.png", lambda p: p.write_bytes(b"\x89PNG\r\n") and p, "supported types: .txt, .md, .pdf, .docx"),
    ("missing.pdf", lambda p: p, "missing.pdf: no such file"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_get_clear_errors(tmp_path: Path, name: str, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / name)
    with pytest.raises(DocumentError) as caught:
        load_report(path)
    error = caught.value
    assert message in error.message
    assert (error.code, error.status, error.exit_code) == ("bad_document", 422, 2)


def test_file_over_the_size_limit(files: Path) -> None:
    with pytest.raises(DocumentError, match=r"cn_report.pdf is [\d,]+ bytes, over the 1,000 bytes limit"):
        load_report(files / "cn_report.pdf", max_bytes=1000)


def test_check_path_resolves_dots_and_symlinks(tmp_path: Path) -> None:
    allowed, outside = tmp_path / "inbox", tmp_path / "secret"
    allowed.mkdir()
    outside.mkdir()
    (outside / "x.txt").write_text("机密", encoding="utf-8")
    (allowed / "ok.txt").write_text("可以", encoding="utf-8")
    (allowed / "link.txt").symlink_to(outside / "x.txt")
    assert check_path(allowed / "sub" / ".." / "ok.txt", [allowed]) == (allowed / "ok.txt").resolve()
    for sneaky in (allowed / ".." / "secret" / "x.txt", allowed / "link.txt", Path("/etc/passwd")):
        with pytest.raises(DocumentError, match="is outside the allowed folders"):
            check_path(sneaky, [allowed])
    with pytest.raises(DocumentError, match="none configured"):
        check_path(allowed / "ok.txt", [])


@pytest.mark.parametrize("depth", [990, 5000])
def test_deeply_nested_html_is_read_without_recursion(tmp_path, depth: int) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>"
        + "<div>" * depth
        + "<p>中欧班列开行1.24万列。</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    assert "中欧班列开行1.24万列。" in load_report(page).text


def test_an_aes_encrypted_pdf_is_reported_as_encrypted(tmp_path, monkeypatch) -> None:
    import pypdf
    from pypdf.errors import DependencyError

    def aes(*args: object, **kwargs: object) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")  # as pypdf says without it

    monkeypatch.setattr(pypdf, "PdfReader", aes)
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    with pytest.raises(DocumentError, match="encrypted"):
        load_report(pdf)
