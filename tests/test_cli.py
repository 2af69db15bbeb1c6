"""The `qa` command line through its entry point, on a tiny corpus with the hash embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from tests.helpers import PARAGRAPHS


@pytest.fixture()
def corpus_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # The raw form the cleaner expects: hard-wrapped lines, each followed by a blank line.
    (corpus / "r1.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (corpus / "r1.meta.json").write_text(json.dumps({"title": "测试报告", "lang": "zh"}), encoding="utf-8")
    monkeypatch.setenv("QA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("QA_EMBEDDER", "hash:64")
    return tmp_path


def test_build_search_ask_and_figures(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--quiet"]) == 0
    assert "1 documents" in capsys.readouterr().out

    assert main(["search", "中欧班列开行多少列", "--json", "-k", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2 and {"text", "doc_id", "section", "start", "end", "score", "dense", "bm25"} <= set(
        hits[0]
    )

    assert main(["ask", "2020年中欧班列开行多少列？", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert not result["abstained"] and "1.24万列" in result["answer"]
    assert set(result) >= {"answer", "lang", "abstained", "citations", "figures", "timings_ms"}

    assert main(["ask", "2020年中欧班列开行多少列？"]) == 0
    assert "Sources:" in capsys.readouterr().out

    assert main(["figures", "中欧班列", "--year", "2020", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert any(f["raw"] == "1.24万列" and f["citation"]["quote"] for f in found["figures"])


def test_history_file_makes_a_followup(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["build", "--quiet"])
    history = corpus_env / "turns.json"
    history.write_text(
        json.dumps([{"role": "user", "content": "2020年中欧班列开行多少列？"}]), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["ask", "发送了多少标箱？", "--history", str(history), "--json"]) == 0
    assert "113.5万标箱" in json.loads(capsys.readouterr().out)["answer"]
    assert main(["ask", "x?", "--history", str(corpus_env / "missing.json")]) == 2
    assert "cannot read history" in capsys.readouterr().err


def test_errors_are_messages_and_exit_codes(corpus_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "中欧班列"]) == 3
    assert "qa build" in capsys.readouterr().err
    main(["build", "--quiet"])
    assert main(["ask", "   "]) == 2
    assert "empty" in capsys.readouterr().err
