"""Answer text from chosen quotes: Chinese quotes with their markers, English figures or glossed sentences."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.ingest.figures import Figure, format_value_en
from qa.text.glossary import load_glossary
from qa.text.lexicon import STOPWORDS, stem

if TYPE_CHECKING:
    from qa.answer.types import Quote

MAX_FIGURES_EN = 6


def asked_figures(noun: str, figures: list[dict], years: list[int]) -> list[dict]:
    """For "How many African countries …", the figures labelled with what is counted (46 African countries),
    of the asked year first, then the rest of the sentence's figures as context."""
    words = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", noun)} - STOPWORDS

    def rank(fig: dict) -> tuple[int, bool]:
        label = {stem(w) for w in re.findall(r"[a-z]+", (fig.get("label_en") or "").lower())}
        return -len(words & label), fig.get("year") not in years

    return sorted(figures, key=rank)


def compose_zh(quotes: list[Quote]) -> str:
    """The supporting sentences, trimmed, each followed by its citation marker."""
    return "".join(f"{q.text.strip()}[{n}]" for n, q in enumerate(quotes, 1))


def figure_phrase_en(fig: dict) -> str:
    """One figure in English: label, year, value, with the Chinese as written."""
    value = format_value_en(Figure(**{k: v for k, v in fig.items() if k in Figure.__dataclass_fields__}))
    label = fig.get("label_en") or ""
    when = f"in {fig['year']}" if fig.get("year") else ""
    head = " ".join(p for p in (label[:1].upper() + label[1:] if label else "", when) if p)
    return f"{head}: {value} ({fig['raw']})" if head else f"{value} ({fig['raw']})"


def compose_en(quotes: list[Quote], numeric: bool = True) -> str:
    """English sentences built from the figures and glossary terms of the quotes (which keep the figures used);
    for a question that asks no quantity (`numeric` false), the sentence itself with its key terms."""
    parts = []
    glossary = load_glossary()
    for n, q in enumerate(quotes, 1):
        q.figures = q.figures[:MAX_FIGURES_EN]
        if q.figures and numeric:
            parts.append("; ".join(figure_phrase_en(f) for f in q.figures) + f" [{n}].")
        else:
            terms = glossary.expand_chinese(q.text)[:8]
            gloss = f" (key terms: {', '.join(terms)})" if terms else ""
            parts.append(f"The report states{gloss} [{n}]: “{q.text.strip()}”")
    return " ".join(parts)
