"""Acronyms and the names they abbreviate: AIIB for Asian Infrastructure Investment Bank."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.text.glossary import Glossary

ACRONYM = re.compile(r"[A-Z]{2,6}")
SMALL_WORDS = frozenset("of and the for on in to at".split())


def initials(en: str) -> str:
    """The capitals of a name's words: AIIB for Asian Infrastructure Investment Bank."""
    words = [w for w in re.split(r"[\s-]+", en) if w and w.lower() not in SMALL_WORDS]
    return "".join(w[0] for w in words) if all(w[0].isupper() for w in words) else ""


def link_acronyms(renderings: dict[str, list[str]]) -> None:
    """A term known only by its acronym (亚投行: AIIB) and a term known by the name it abbreviates are one thing:
    each gets the other's English form, so an English question using either finds both Chinese forms."""
    by_initials: dict[str, list[str]] = {}
    for zh, ens in renderings.items():
        for en in ens:
            if len(en.split()) >= 2 and (key := initials(en)):
                by_initials.setdefault(key, []).append(zh)
    for zh, ens in list(renderings.items()):
        # Only a term known by nothing but its acronym: "MW" beside "megawatts" is a unit's symbol, not a name.
        if len(ens) != 1 or not ACRONYM.fullmatch(ens[0]):
            continue
        for en in list(ens):
            for other in (o for o in by_initials.get(en, []) if o != zh):
                long_forms = [e for e in renderings[other] if initials(e) == en]
                if en not in renderings[other]:
                    renderings[other].append(en)
                for form in long_forms:
                    if form not in ens:
                        ens.append(form)


def spelled_out(glossary: Glossary, word: str) -> list[str]:
    """The Chinese forms of the one name an acronym the glossary lacks spells ("CAITEC": the Chinese Academy of
    International Trade and Economic Cooperation, 商务部国际贸易经济合作研究院); [] when it spells none or several."""
    acronym = word[:-1] if word.endswith("s") and word[:-1].isupper() else word
    if not (ACRONYM.fullmatch(acronym) and len(acronym) >= 3):
        return []
    found = [zh for zh in glossary.spelled_by(acronym) if glossary.proper(zh)]
    if len({glossary.renderings[zh][0].lower() for zh in found}) != 1:
        return []  # none, or several names (CEEC)
    # a name whose capitals spell it (not 自贸伙伴 for FTP by a lower-case rendering, "free trade partners")
    return [zh for zh in found if any(initials(en) == acronym for en in glossary.renderings[zh])]
