"""Generate report files for the loader tests and the add-report benchmark (PDF, DOCX, HTML and bad input)."""

from __future__ import annotations

import io
from pathlib import Path

from qa.bench.sample_pdf import canvas, layout, write_pages
from qa.bench.sample_pdf import make_long_pdf as _make_long_pdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS_REPORT = ROOT / "corpus" / "000_c6fcb17a10e69c56.txt"

PAGE3_SENTENCE = "中欧班列全年开行1.24万列，同比增长50%，通达欧洲21个国家的92个城市。"

# Page texts of the small Chinese PDF: a line starting with "一、"/"（一）" is a heading, others are paragraphs.
CHINESE_PAGES: list[list[str]] = [
    [
        "共建一带一路经贸合作报告",
        "一、总体情况",
        "2020 年，受新冠肺炎疫情影响，“一带一路”经贸合作面临前所未有的挑战。中国与相关国家守望相助、"
        "携手抗疫，“一带一路”经贸合作逆势前行，展现出强劲韧性和生机活力。",
        "各方坚持共商共建共享原则，推动基础设施互联互通不断深化，贸易和投资自由化便利化水平稳步提升。",
    ],
    [
        "（一）货物贸易",
        "2020 年，中国与“一带一路”沿线国家货物贸易额达1.35万亿美元，同比增长0.7%，占中国货物贸易"
        "总额的比重达到29.1%，较上年提升0.7个百分点，成为稳定外贸基本盘的重要力量。",
        "跨境电商等新业态新模式快速发展，“丝路电商”合作伙伴国家增至22个，双边电子商务合作机制持续完善。",
    ],
    [
        "二、设施联通",
        "国际物流通道保持畅通，为稳定全球产业链供应链发挥了重要作用。" + PAGE3_SENTENCE,
        "中老铁路建设稳步推进，雅万高铁等重大项目克服疫情影响持续施工，港口航运合作不断深化。",
    ],
    [
        "三、资金融通",
        "多边开发融资合作中心正式运作，亚洲基础设施投资银行成员增至103个，为项目建设提供了有力的资金支持。",
        "人民币跨境支付系统覆盖范围持续扩大，本币结算和货币互换合作规模稳步增长。",
    ],
]


def make_chinese_pdf(path: Path) -> Path:
    """A 4-page Chinese report with a running header, "— n —" page numbers and `PAGE3_SENTENCE` on page 3."""
    write_pages(path, [layout(page) for page in CHINESE_PAGES], title="共建一带一路经贸合作报告")
    return path


ENGLISH_PARAGRAPH = (
    "Trade between China and partner countries reached 1.35 trillion dollars in 2020, up 0.7 percent year on "
    "year, even as the pandemic disrupted shipping and travel across most of the corridors."
)


def make_english_pdf(path: Path, pages: int = 3) -> Path:
    """An English note without numbered headings: two wrapped paragraphs a page, header and "Page n of m"."""
    import textwrap

    pdf, (width, height) = canvas(path)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, height - 40, "Belt and Road Review 2021")
        pdf.drawString(width / 2, 30, f"Page {number} of {pages}")
        pdf.setFont("Helvetica", 11)
        y = height - 80
        for k in (1, 2):
            for line in textwrap.wrap(f"Paragraph {k} on page {number}. {ENGLISH_PARAGRAPH}", 80):
                pdf.drawString(72, y, line)
                y -= 16
            y -= 8
        pdf.showPage()
    pdf.save()
    return path


def make_encrypted_pdf(path: Path, password: str = "secret") -> Path:
    """The Chinese PDF locked with a user password."""
    from pypdf import PdfReader, PdfWriter

    plain = io.BytesIO()
    write_pages(plain, [layout(page) for page in CHINESE_PAGES[:2]])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(password, algorithm="RC4-128")  # RC4 needs no cryptography package
    with path.open("wb") as out:
        writer.write(out)
    return path


def make_image_pdf(path: Path) -> Path:
    """Two pages holding only drawn shapes: what a scan without OCR looks like to a text extractor."""
    pdf, (width, height) = canvas(path)
    for _ in range(2):
        pdf.setFillGray(0.5)
        pdf.rect(72, 72, width - 144, height - 144, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def make_corrupt_pdf(path: Path) -> Path:
    """The first half of a valid PDF."""
    data = io.BytesIO()
    write_pages(data, [layout(page) for page in CHINESE_PAGES])
    path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    return path


def make_docx(path: Path) -> Path:
    """A Word report with Heading 1/2 styles, an unstyled Chinese heading, a table and a caption."""
    import docx

    document = docx.Document()
    document.core_properties.title = "中欧班列发展报告"
    document.add_heading("一、发展概况", level=1)
    document.add_paragraph("2020 年，中欧班列开行 1.24 万列，同比增长 50%，综合重箱率达到 98.4%。")
    document.add_heading("（一）通道建设", level=2)
    document.add_paragraph("西、中、东三条通道运输能力持续提升，口岸站扩能改造工程加快推进。")
    document.add_paragraph("二、主要成效")  # no heading style: recognised from the numbering
    document.add_paragraph("中欧班列为稳定国际供应链发挥了重要作用。")
    document.add_paragraph("表 1 中欧班列开行情况")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("年份", "开行列数"), ("2020", "12406")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("班列运行保持安全稳定。")
    document.save(str(path))
    return path


HTML_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>陆海新通道建设进展</title>
<style>body { color: red; }</style><script>var tracking = "不要索引这段脚本";</script></head>
<body>
<nav><a href="/">首页</a> <a href="/news">新闻导航栏</a></nav>
<main>
<h1>陆海新通道建设进展</h1>
<p>2020 年，西部陆海新通道铁海联运班列开行 4607 列，同比增长 <b>105%</b>。</p>
<h2>一、通道网络</h2>
<p>通道覆盖国内 <a href="#">47 个城市</a>的 92 个站点，辐射全球 96 个国家和地区的 260 个港口。</p>
<h3>（一）运输组织</h3>
<ul><li>铁海联运班列常态化开行。</li><li>国际铁路联运班列稳定运行。</li></ul>
<table><tr><th>年份</th><th>班列</th></tr><tr><td>2020</td><td>4607</td></tr></table>
</main>
<footer>版权所有 页脚信息</footer>
</body></html>
"""


def make_html(path: Path) -> Path:
    """A web page with navigation, a script, a style, h1-h3 headings, a list and a table."""
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path


def make_empty(path: Path) -> Path:
    """A zero-byte file."""
    path.write_bytes(b"")
    return path


def make_long_pdf(path: Path, pages: int = 100) -> Path:
    """A `pages`-page Chinese PDF typeset from the cleaned corpus report."""
    return _make_long_pdf(path, CORPUS_REPORT, pages)
