"""Cleaning of the PDF-extracted reports into paragraphs, sections and pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.documents import Document, clean_pdf_text, load_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REPORT = CORPUS / "000_c6fcb17a10e69c56.txt"
BRIEF = CORPUS / "002_d1431f2bc3438f4f.txt"


@pytest.fixture(scope="module")
def report() -> Document:
    return load_document(REPORT)


def paragraph_with(doc: Document, needle: str) -> tuple[str, int]:
    start = doc.text.index(needle)
    para_start = doc.text.rfind("\n", 0, start) + 1
    para_end = doc.text.find("\n", start)
    return doc.text[para_start : para_end if para_end >= 0 else None], start


def test_wrapped_paragraph_is_joined_without_spaces() -> None:
    raw = (
        " 前言\n2020 年，受新冠肺炎疫情影响，“一带一路”经贸合作面临前所\n\n"
        "未有的挑战。中国与相关国家守望相助、携手抗疫，“一带一路”经\n\n"
        "贸合作逆势前行，展现出强劲韧性和生机活力。\n\n"
    )
    text, sections, _ = clean_pdf_text(raw)
    assert text.split("\n") == [
        "前言",
        "2020年，受新冠肺炎疫情影响，“一带一路”经贸合作面临前所未有的挑战。"
        "中国与相关国家守望相助、携手抗疫，“一带一路”经贸合作逆势前行，展现出强劲韧性和生机活力。",
    ]
    assert sections[0].path == ("前言",)


def test_numbers_lose_their_spaces_but_latin_words_keep_them(report: Document) -> None:
    assert "2020年" in report.text and "2020 年" not in report.text
    assert "1.24万列" in report.text
    brief = load_document(BRIEF)
    assert "Good to see you, Mr President." in brief.text


def test_page_break_sentence_is_rejoined(report: Document) -> None:
    # The raw text breaks this sentence at a page start (" 和国际组织提供…").
    assert "中国向一百五十多个国家（地区）和国际组织提供抗疫物资援助，向32个国家派出医疗专家组" in report.text


def test_a_footnote_wrapped_onto_the_next_line_is_one_sentence(report: Document) -> None:
    # The footnote line is indented and breaks mid-word ("…及其合" / "作伙伴发起的…").
    para, _ = paragraph_with(report, "已有184个国家和地区加入")
    assert para.endswith("加入由世卫组织及其合作伙伴发起的“实施计划”。")


def test_sentence_interrupted_by_captions_is_rejoined(report: Document) -> None:
    sentence = "服务贸易方面，2020年，中国与“一带一路”沿线国家完成服务进出口额844.7亿美元"
    para, start = paragraph_with(report, sentence)
    assert "资料来源" not in para and "图 3-1" not in para
    assert report.section_at(start).kind == "body"  # type: ignore[union-attr]


def test_boxes_move_to_their_own_sections(report: Document) -> None:
    box = next(s for s in report.sections if s.path[0].startswith("专栏 3-1"))
    assert box.kind == "box"
    assert "为做好稳外贸稳外资促消费工作" in report.text[box.start : box.end]
    para, start = paragraph_with(report, "为做好稳外贸稳外资促消费工作")
    assert report.section_at(start) == box
    titled = next(s for s in report.sections if s.path[0].startswith("专栏 1-2"))
    assert titled.path == ("专栏 1-2 中非共建“一带一路”大家庭不断扩容",)


def test_a_box_known_by_its_title_alone_ends_the_box_before_it(report: Document) -> None:
    # 专栏 4-11 is followed, after a page of running text, by a box with a title and no 专栏 marker: its lines
    # were taken into 专栏 4-11, so citations of the hybrid-rice box named the Serbian steel mill.
    _, start = paragraph_with(report, "中国推行杂交水稻援外项目已长达20多年")
    section = report.section_at(start)
    assert section is not None and section.kind == "box" and section.path == ("杂交水稻授人以粮",)
    _, start = paragraph_with(report, "河钢接手斯梅代雷沃钢厂后")
    assert report.section_at(start).path[0].startswith("专栏 4-11")  # type: ignore[union-attr]
    # The running text between the two boxes keeps its chapter section.
    _, start = paragraph_with(report, "加强专业人才培养")
    assert report.section_at(start).kind == "body"  # type: ignore[union-attr]


def test_headings_become_section_paths(report: Document) -> None:
    for needle, chapter in [
        ("云南召开中欧班列安全稳定高质量发展座谈会", "一、"),
        ("有序开展防疫物资出口。", "二、"),  # chapters 二 and 三 are recovered from page footers
        ("重大项目稳步推进。", "三、"),
        ("中国始终是推动开放合作、实现共同发展的积极倡导者", "四、"),
    ]:
        _, start = paragraph_with(report, needle)
        assert report.section_at(start).path[0].startswith(chapter), needle  # type: ignore[union-attr]
    _, start = paragraph_with(report, "着力开展第三方市场合作")
    section = report.section_at(start)
    assert section is not None and section.kind == "body"
    assert section.path == ("一、行稳务实的合作之路", "（一）双边合作不断迈上新台阶")
    assert "一、行稳务实的合作之路" in report.text.split("\n")


def test_a_chronicle_heading_wrapped_onto_a_second_line_is_one_heading(report: Document) -> None:
    titles = {s.path[-1] for s in report.sections if "大事记" in "".join(s.path)}
    # wrapped after 政党共商机制 (a short line of its own), and after 3个自贸 (the rest goes on in the next line)
    assert "20. 6月11日中国—斯里兰卡“一带一路”政党共商机制成立并举行第一次会议" in titles
    assert "30. 8月30日国务院批复设立北京、湖南、安徽3个自贸试验区，扩展浙江自贸试验区区域" in titles
    # an entry whose heading fits one line keeps its text out of the heading
    assert "39. 11月24日“一带一路”互联网国际合作论坛召开" in titles
    assert not any(t.startswith("20. ") and t.endswith("政党共商机制") for t in titles)


def test_captions_are_in_caption_sections_not_in_body(report: Document) -> None:
    caption = next(s for s in report.sections if s.path[0].startswith("图 3-1 "))
    assert caption.kind == "caption"
    assert caption.path == ("图 3-1 2013—2020年中国与“一带一路”沿线国家货物贸易额",)
    for section in report.sections:
        if section.kind == "body":
            body = report.text[section.start : section.end]
            assert "\n资料来源：" not in body and "图 3-1 " not in body


def test_sections_cover_the_text_without_overlap(report: Document) -> None:
    for doc in (report, load_document(BRIEF)):
        assert doc.sections[0].start == 0 and doc.sections[-1].end == len(doc.text)
        for before, after in zip(doc.sections, doc.sections[1:], strict=False):
            assert before.start < before.end == after.start
        assert {s.kind for s in doc.sections} <= {"body", "box", "caption", "note", "front"}


def test_pages_are_ordered_and_plausible(report: Document) -> None:
    assert len(report.pages) > 80
    assert report.pages == sorted(report.pages) and report.pages[0] == 0
    assert report.page_at(0) == 1
    assert report.page_at(report.text.index("附件")) > 80  # type: ignore[operator]
    assert report.page_at(report.text.index("服务贸易方面")) < report.page_at(report.text.index("附件"))  # type: ignore[operator]


@pytest.mark.parametrize("path", [REPORT, BRIEF])
def test_load_document(path: Path) -> None:
    doc = load_document(path)
    assert doc.doc_id == path.stem and doc.source == path.name and len(doc.sha256) == 64
    assert doc.title and doc.title != path.stem
    assert len(doc.text) > 5000
    assert "\ufffd" not in doc.text and "\n\n\n" not in doc.text


def test_brief_articles_are_top_level_headings() -> None:
    doc = load_document(BRIEF)
    _, start = paragraph_with(doc, "“六廊六路、多国多港”格局基本成型")
    path = doc.section_at(start).path  # type: ignore[union-attr]
    assert path[0] == "【“一带一路”高质量发展的几个着力点】"
    assert path[1] == "二、“一带一路”建设八年取得的成效"
