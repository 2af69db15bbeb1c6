"""A question that names the article it asks about ("那篇讲中美元首会晤的文章里", "the Xi–Biden summit article"): the
words it names the article by are the article's title, which say where to look, not what the answer holds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.ingest.documents import Document
from qa.text.lexicon import Lexicon, english_terms
from qa.text.tokenize import search_tokens

_NAMES_ARTICLE = re.compile(
    r"(?:(?:那|这|该)篇(?:讲|关于|谈)?)?([\u4e00-\u9fffA-Za-z]{2,16}?)的?(?:文章|一文)"
    r"|\b(?:the|that|this)\s+((?:[\w'’–-]+\s+){1,5}?)(?:article|essay|piece)\b",
    re.I,
)


def article_named(question: str) -> str:
    """The words a question names an article by; '' when it names none."""
    m = _NAMES_ARTICLE.search(question)
    return (m.group(1) or m.group(2) or "").strip() if m else ""


class ArticleTitles:
    """The words of the titles the reports' articles and chapters stand under (a section path's first part), from
    the documents' layouts: a catalogue that keeps none (a Milvus replica's) gives none, and no chunk is read."""

    def __init__(self, documents: Iterable[Document], lexicon: Lexicon) -> None:
        paths = (s.path for d in documents for s in d.sections if s.path)
        self.words = frozenset(t for p in paths for t in search_tokens(p[0].lower()))
        self.lexicon = lexicon

    def naming(self, question: str) -> frozenset[str]:
        """The question's words that name an article by its title (中美, 元首, 会晤 of 那篇中美元首会晤的文章)."""
        named = article_named(question)
        if not named:
            return frozenset()
        forms = {t for z in english_terms(named, self.lexicon)[0] for t in search_tokens(z)}
        return self.words & (forms | set(search_tokens(named.lower())))
