"""Which language a text is in: one place for questions (a few words) and for whole reports (a sample)."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LATIN_CHAR = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'zh' when a question has as many Chinese characters as Latin words, else 'en'."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    return "zh" if cjk and cjk >= latin else "en"


def document_language(text: str) -> str:
    """'zh' when a report's Chinese characters reach a quarter of its Latin letters (sampled), else 'en'.

    A Chinese report quotes English names and numbers; a Latin letter weighs a quarter of a character.
    """
    sample = text[:20000]
    return "zh" if len(_CJK_CHAR.findall(sample)) >= len(_LATIN_CHAR.findall(sample)) / 4 else "en"
