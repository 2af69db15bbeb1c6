"""Small documents and settings shared by the fast tests."""

from __future__ import annotations

from pathlib import Path

from qa.core.config import Settings
from qa.index.library import build
from qa.ingest.documents import Document, Section

PARAGRAPHS = [
    "二、设施联通",
    "中欧班列贸易大通道作用更加突显。2020年，中欧班列开行1.24万列，同比增长50%；发送113.5万标箱，同比增长56%。"
    "中欧班列通达欧洲21个国家的92个城市。",
    "郑州机场完成货邮吞吐量63.94万吨，全国排名提升至第6位。",
    "三、贸易畅通",
    "服务贸易方面，2020年，中国与“一带一路”沿线国家完成服务进出口额844.7亿美元；其中，服务出口377.3亿美元，服务进口467.4亿美元。"
    "中国与缅甸、墨西哥、智利、白俄罗斯、捷克、印度尼西亚等新建贸易畅通工作组。",
    "《区域全面经济伙伴关系协定》（RCEP）正式签署。据测算，到2030年，RCEP有望每年带动成员国出口净增加5190亿美元，国民收入净增加1860亿美元。",
]


def make_document(doc_id: str = "doc1", paragraphs: list[str] | None = None, sha: str = "a") -> Document:
    """A cleaned document with one section per chapter heading."""
    paras = paragraphs or PARAGRAPHS
    text = "\n".join(paras)
    sections: list[Section] = []
    pos = 0
    chapter = ""
    start = 0
    for i, para in enumerate(paras):
        if para[:2] in ("二、", "三、") and i:
            sections.append(Section((chapter,), "body", start, pos - 1))
            start = pos
        if para[:2] in ("二、", "三、"):
            chapter = para
        pos += len(para) + 1
    sections.append(Section((chapter,), "body", start, len(text)))
    return Document(doc_id=doc_id, title="测试报告", text=text, sections=sections, pages=[0], sha256=sha)


def admin_settings(tmp_path: Path, admin_key: str, reload_seconds: float = 0.2) -> Settings:
    """Settings over a one-report corpus (the paragraphs above) in `tmp_path`, built with the hash embedder,
    with `admin_key` allowed to add and remove reports."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    settings = Settings(  # type: ignore[call-arg]
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        data_dir=tmp_path / "var",
        embedder="hash:64",
        admin_keys=[admin_key],
        reload_seconds=reload_seconds,
    )
    build(settings, progress=False)
    return settings


def asked_turns(*questions: str) -> list[dict]:
    """A conversation history in which each question was asked and answered with a placeholder."""
    turns: list[dict] = []
    for q in questions:
        turns += [{"role": "user", "content": q}, {"role": "assistant", "content": "…"}]
    return turns


def ask_in_turn(service, *questions: str):
    """The answer to the last question, each before it asked first with the service's own answers as history."""
    history: list[dict] = []
    for question in questions[:-1]:
        answer = service.ask(question, history=history).answer
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return service.ask(questions[-1], history=history)
