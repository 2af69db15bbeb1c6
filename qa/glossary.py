"""Bilingual term map (中欧班列 ↔ China-Europe Railway Express …) for English queries and English answers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Glossary:
    """Chinese ↔ English terms read from qa/data/glossary.tsv."""

    zh_to_en: dict[str, str]
    en_to_zh: dict[str, list[str]]

    def to_english(self, zh: str) -> str | None:
        """English for a Chinese term or label, or None when it cannot be rendered."""
        return self.zh_to_en.get(zh)

    def expand_english(self, query: str) -> list[str]:
        """Chinese terms whose English form occurs in an English query."""
        q = query.lower()
        return [zh for en, zhs in self.en_to_zh.items() if en in q for zh in zhs]


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    """The packaged glossary, read once per process."""
    text = resources.files("qa").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    zh_to_en: dict[str, str] = {}
    en_to_zh: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, en = line.split("\t")[:2]
        zh_to_en.setdefault(zh, en)
        en_to_zh.setdefault(en.lower(), []).append(zh)
    return Glossary(zh_to_en, en_to_zh)
