"""Bilingual term map (中欧班列 ↔ China-Europe Railway Express …) for English queries and English answers.

The TSV has a line per (中文, English) pair, in sections opened by `#` comments; the lines of the section whose comment
starts with "measures" are the measure words the reports label their figures with (新签合同额, 开行, 货邮吞吐量), as
opposed to the subjects they measure.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from qa.text.acronyms import ACRONYM, SMALL_WORDS, link_acronyms, spelled_out
from qa.text.word_forms import adverb_pairs, american, join_terms, nationality_place, used_as_verb

MAX_EXPANSION = 12
MATCH_CACHE = 2048  # English texts whose glossary matches are kept
MEASURES_SECTION = "measures"  # a comment line opening with this word starts the measure words

# Characters and words that carry no meaning of their own in a figure label ("中欧班列累计开行", "2020年完成").
FILLERS = tuple(
    "累计 共计 总计 合计 全年 当年 同期 其中 达到 实现 完成 年度 年底 年末 截至 分别 全部 的 共 约 达 年 月 底 末 为 了".split()
)
_JOINERS = {"和": "and", "与": "and", "及": "and", "以及": "and"}
_SKIP = re.compile(r"[\s\d.,，、。:：;；%％()（）\[\]【】“”\"'‘’《》〈〉·\-—–/]+")
_ASCII = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_EN_WORD = re.compile(r"[A-Za-z0-9]+")
# English renderings whose lower-case form is an everyday word ("who", "us") are matched case-sensitively.
_CASE_SENSITIVE = frozenset({"us", "who", "un", "fed", "au"})
# Renderings kept for labels but too vague to add anything to a search ("Which countries …").
_NOT_EXPANDED = frozenset(
    {"countries", "regions", "cities", "number", "amount", "share", "scale", "growth", "increase", "decline"}
    | {"local", "report", "total value", "year on year", "run"}
)


def _words(text: str) -> list[str]:
    """ASCII words of `text` in their case: accents dropped (Kaposvár), a possessive's ending dropped (AU's, Laos's)
    and other apostrophes removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\b[A-Z]{1,3}\$", " ", text)  # US$18.69 billion is an amount, not the United States
    return _EN_WORD.findall(re.sub(r"['’]", "", re.sub(r"(?<=\w)['’]s\b", "", text)))


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")  # CIIEs, FTAs: the acronym and a plural s


def _stem(token: str) -> str:
    """Singular form of a plural English token, good enough to match "agreements" to "agreement" (and "CIIEs",
    before lowercasing, to "ciie")."""
    if _ACRONYM_PLURAL.fullmatch(token):
        return token[:-1].lower()
    if len(token) < 4 or token.isdigit() or token.endswith("ss"):
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("es") and token[:-2].endswith(("ss", "x", "ch", "sh", "z")):  # not "enterpris"
        return token[:-2]
    if token.endswith("s"):
        return token[:-1]
    return token


# British and American spellings are the same word: "organisation" matches "organization"; and a firm is what
# the glossary calls a company.
_SPELLINGS = dict(
    pair.split(":")
    for pair in "firm:company organisation:organization centre:center programme:program harbour:harbor"
    " kilometre:kilometer metre:meter labour:labor neighbour:neighbor defence:defense".split()
)


def _en_tokens(text: str) -> tuple[str, ...]:
    """Stemmed lower-case word tokens, American spelling; hyphens and spaces are equivalent."""
    tokens = (_stem(w if _ACRONYM_PLURAL.fullmatch(w) else w.lower()) for w in _words(text))
    return tuple(_SPELLINGS.get(t) or american(t) for t in tokens)  # stabilising: stabilizing


_WITH_CHINA = re.compile(r"china-(\w[\w ]*)$", re.I)  # a pair with China: China-Sri Lanka, China-Pakistan


class Glossary:
    """Chinese ↔ English terms read from qa/text/data/glossary.tsv; the first English line of a term is preferred."""

    def __init__(self, pairs: Iterable[tuple[str, str]], measures: Iterable[str] = ()) -> None:
        self.measures = frozenset(measures)
        self.renderings: dict[str, list[str]] = {}
        for zh, en in pairs:
            if en not in (ens := self.renderings.setdefault(zh, [])):
                ens.append(en)
        link_acronyms(self.renderings)
        self._by_initials: dict[str, list[str]] | None = None
        self._by_word: dict[str, list[str]] | None = None  # acronyms written inside English names
        # A question's text is matched, and a sentence's terms found, several times while it is answered: kept
        self._match_groups = lru_cache(maxsize=MATCH_CACHE)(self._find_groups)
        self.spans = lru_cache(maxsize=MATCH_CACHE)(self.spans)  # callers only read the list
        self.zh_to_en: dict[str, str] = {zh: ens[0] for zh, ens in self.renderings.items()}
        self.en_to_zh: dict[str, list[str]] = {}
        primary: dict[str, list[str]] = {}
        for zh, ens in self.renderings.items():
            for i, en in enumerate(ens):
                if zh not in (bucket := self.en_to_zh.setdefault(en.lower(), [])):
                    bucket.append(zh)
                if i == 0:
                    primary.setdefault(en.lower(), []).append(zh)
        # A term whose preferred rendering this is comes before one that merely allows it.
        for key, zhs in self.en_to_zh.items():
            first = primary.get(key, [])
            zhs.sort(key=lambda z: (z not in first, -len(z)))
        # a first character -> the lengths of the terms it begins, longest first
        self._sizes: dict[str, list[int]] = {}
        for z in sorted(self.renderings, key=len, reverse=True):
            if len(z) not in self._sizes.setdefault(z[:1], []):
                self._sizes[z[:1]].append(len(z))
        self._patterns: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        for key, zhs in self.en_to_zh.items():
            original = next(en for z in zhs for en in self.renderings[z] if en.lower() == key)
            tokens = _en_tokens(original)
            if not tokens or key in _NOT_EXPANDED:
                continue
            exact = key in _CASE_SENSITIVE
            if exact:
                tokens = (original,)
            self._patterns.setdefault(tokens[0], []).append((tokens, exact, key))
        for candidates in self._patterns.values():
            candidates.sort(key=lambda c: (-len(c[0]), -len(c[2])))
        # one-word names a nationality may come from (Kenya); not an acronym (PLA, that "Plan" would seem to make)
        names = {k for k, z in self.en_to_zh.items() if " " not in k and any(map(self.proper, z))}
        names -= {en.lower() for ens in self.renderings.values() for en in ens if ACRONYM.fullmatch(en)}
        self._is_name = names.__contains__

    def __len__(self) -> int:
        return len(self.renderings)

    def is_measure(self, zh: str) -> bool:
        """Whether a Chinese term is one of the measure words figures are labelled with."""
        return zh in self.measures

    def to_english(self, zh: str) -> str | None:
        """Preferred English for a Chinese term (exact match), or None."""
        return self.zh_to_en.get(zh.strip())

    def translate(self, zh_label: str) -> str | None:
        """English for a Chinese label by longest glossary matches, or None when meaningful Chinese is left over."""
        text = zh_label.strip()
        parts: list[str] = []
        i = 0
        while i < len(text):
            term = self._longest_term(text, i, min_len=1)
            if term:
                parts.append(self.zh_to_en[term])
                i += len(term)
                continue
            skip = _SKIP.match(text, i)
            if skip:
                i = skip.end()
                continue
            ascii_word = _ASCII.match(text, i)
            if ascii_word:
                parts.append(ascii_word.group())
                i = ascii_word.end()
                continue
            joiner = next((j for j in _JOINERS if text.startswith(j, i)), None)
            if joiner:
                if parts and parts[-1] != "and":
                    parts.append("and")
                i += len(joiner)
                continue
            filler = next((f for f in FILLERS if text.startswith(f, i)), None)
            if filler is None:
                return None
            i += len(filler)
        while parts and parts[-1] == "and":
            parts.pop()
        return join_terms(parts) or None

    def expand_english(self, query: str, limit: int = MAX_EXPANSION) -> list[str]:
        """Chinese terms whose English forms occur in an English query, longest matches first, at most `limit`."""
        return self._match(query)[0][:limit]

    def written_with(self, acronym: str) -> list[str]:
        """Chinese terms whose English name holds an acronym as a word (默蒂亚里—拉合尔高压直流输电项目: "Matiari-Lahore
        HVDC transmission project"): the reports speak of what it stands for there."""
        if self._by_word is None:
            table: dict[str, list[str]] = {}
            for zh, ens in self.renderings.items():
                for word in {w for en in ens for w in re.split(r"[\s-]+", en) if w.isupper()}:
                    table.setdefault(word, []).append(zh)
            self._by_word = table
        return list(self._by_word.get(acronym, []))

    def spelled_by(self, acronym: str) -> list[str]:
        """Chinese terms with a name of two or more words whose initials spell an acronym: FTZ, "free trade zone"."""
        if self._by_initials is None:
            table: dict[str, list[str]] = {}
            for zh, ens in self.renderings.items():
                for en, split in ((en, split) for en in ens for split in (r"[\s-]+", r"\s+")):
                    # SOE: "state-owned enterprise" letter by part; SME: "small and medium-sized …" by word
                    words = [w for w in re.split(split, en) if w and w.lower() not in SMALL_WORDS]
                    if len(words) >= 2:
                        key = "".join(w[0] for w in words).upper()
                        if zh not in table.setdefault(key, []):
                            table[key].append(zh)
            self._by_initials = table
        return list(self._by_initials.get(acronym.upper(), []))

    def form_groups(self, query: str) -> list[tuple[str, ...]]:
        """Each English phrase's Chinese forms, the first first (亚投行, 亚洲基础设施投资银行), then its acronym (RCEP)."""
        groups = self._match_groups(query)[3]
        return [tuple(dict.fromkeys([*g, *filter(ACRONYM.fullmatch, self.synonyms(g[0]))])) for g in groups]

    def proper(self, zh: str) -> bool:  # a name: its preferred English is capitalised
        return bool(self.renderings.get(zh)) and self.renderings[zh][0][:1].isupper()

    def alternates_english(self, query: str) -> set[str]:
        """Forms after the first of the query's phrases: a passage need only use one of the forms."""
        groups = self.form_groups(query)
        return {z for g in groups for z in g[1:]} - {g[0] for g in groups}

    def unmatched_english(self, query: str) -> str:
        """The query's words that no glossary term covers (for a broader dictionary to look up)."""
        _, taken, originals = self._match(query)
        return " ".join(w for w, t in zip(originals, taken) if not t)

    def _match(self, query: str) -> tuple[list[str], list[bool], list[str]]:
        out, taken, originals, _ = self._match_groups(query)
        return out, taken, originals

    def _find_groups(self, query: str) -> tuple[list[str], list[bool], list[str], list[list[str]]]:
        originals = _words(query)
        tokens = list(_en_tokens(query))
        for i, word in enumerate(originals):
            # "Australian", "kenyan", "Japanese": the place an adjective of nationality comes from (a name)
            if tokens[i] not in self._patterns and (place := nationality_place(word, self._is_name)):
                tokens[i] = place
            # "How many officials did the programme train?": a verb whose noun is another term (trains: 班列) is
            # looked up by its past form (trained: 培训) when the glossary has one.
            if word.islower() and word + "ed" in self._patterns and used_as_verb(originals, i):
                tokens[i] = word + "ed"
            # "What share is exported?": a past form the glossary lacks is looked up by its verb (export).
            elif word.islower() and word.endswith("ed") and tokens[i] not in self._patterns:
                tokens[i] = next((b for b in (word[:-2], word[:-1]) if b in self._patterns), tokens[i])
        spans: list[tuple[int, int, str]] = []
        for start, token in enumerate(tokens):
            for first in {token, originals[start]}:
                for pattern, exact, key in self._patterns.get(first, ()):
                    end = start + len(pattern)
                    seq = originals[start:end] if exact else tokens[start:end]
                    if tuple(seq) == pattern:
                        spans.append((start, end, key))
        # "invest directly": a verb with its adverb is the term of the adjective and the verb's noun
        for i, adjective, noun in adverb_pairs(originals):
            spans += [
                (i, i + 2, k) for p, _, k in self._patterns.get(adjective, ()) if p == (adjective, noun)
            ]
        # Longer phrases win; a shorter phrase inside a chosen one ("china" in "China-Europe Railway") is dropped.
        spans.sort(key=lambda s: (-(s[1] - s[0]), -len(s[2]), s[0]))
        taken = [False] * len(tokens)
        out: list[str] = []
        groups: list[list[str]] = []
        for start, end, key in spans:
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            group = list(self.en_to_zh[key])
            if end - start == 1 and ACRONYM.fullmatch(originals[start]):
                group.append(originals[start])  # the reports write acronyms as they are too ("IMF报告称")
            out += [zh for zh in group if zh not in out]
            groups.append(group)
        for i, word in enumerate(
            originals
        ):  # CAITEC, BRF: an acronym the glossary lacks, by the name it spells
            if not taken[i] and (group := spelled_out(self, word)):
                taken[i] = True
                out += [zh for zh in group if zh not in out]
                groups.append([*group, word])
        return out, taken, originals, groups

    def expand_chinese(self, text: str) -> list[str]:
        """Preferred English renderings of the multi-character glossary terms found in a Chinese text."""
        return list(dict.fromkeys(self.zh_to_en[term] for term in self.chinese_terms(text)))

    def chinese_terms(self, text: str) -> list[str]:
        """The multi-character glossary terms of a Chinese text, read left to right taking the longest at each
        place: 中美元首 is 中美 and 元首, not 美元 across them."""
        return list(dict.fromkeys(term for _, term in self.spans(text)))

    def acronym_terms(self, text: str) -> list[str]:
        """The Chinese names an acronym written into Chinese stands for (IMF预计…: 国际货币基金组织; not "CIIE?" of
        an English sentence beside Chinese)."""
        found = (self.expand_english(a) for a in _LATIN_ACRONYM.findall(text))
        return [z for terms in found for z in terms if self.proper(z) and not z.isascii()]

    def other_names(self, text: str) -> list[str]:
        """The other Chinese forms of a Chinese text's names (中国国际进口博览会 for 进博会), none in or around it; a
        pair with China (中斯: China-Sri Lanka) is also named by the other party's name (斯里兰卡)."""
        names = [t for t in self.chinese_terms(text) if self.proper(t)]
        forms = [z for t in names for z in self.synonyms(t) if not z.isascii() and z not in t and t not in z]
        forms += [z for t in names for z in self.other_party(t) if z not in text]
        return list(dict.fromkeys(forms))

    def other_party(self, zh: str) -> list[str]:
        """The Chinese names of the party a pair with China names besides China: 斯里兰卡 of 中斯 (China-Sri Lanka)."""
        pairs = (m.group(1) for en in self.renderings.get(zh, []) if (m := _WITH_CHINA.match(en)))
        return list(dict.fromkeys(z for other in pairs for z in self.en_to_zh.get(other.lower(), [])))

    def other_forms(self, question: str, lang: str) -> set[str]:
        """The forms of a question's terms that a passage may use instead of the one asked."""
        return self.alternates_english(question) if lang == "en" else set(self.other_names(question))

    def synonyms(self, zh: str) -> list[str]:
        """The term, the terms rendered the same way (亚投行 for 亚洲基础设施投资银行) and its acronym (IMF报告称)."""
        renderings = self.renderings.get(zh, [])
        acronyms = [en for en in renderings if ACRONYM.fullmatch(en)]
        return list(
            dict.fromkeys([zh, *(z for en in renderings for z in self.en_to_zh[en.lower()]), *acronyms])
        )

    def renders(self, text: str, words: Iterable[str]) -> bool:
        """A multi-character glossary term of a Chinese text has an English rendering with all these words:
        缓债金额 is "debt service suspended", so a sentence with it speaks of "debt service"."""
        asked = {_stem(w.lower()) for w in words}
        renderings = (en for _, term in self.spans(text) for en in self.renderings[term])
        return any(asked <= {_stem(w) for w in _words(en.lower())} for en in renderings)

    def _longest_term(self, text: str, start: int, min_len: int) -> str | None:
        """The longest glossary term starting at `start`, at least `min_len` characters."""
        for size in self._sizes.get(text[start : start + 1], ()):
            if min_len <= size <= len(text) - start and text[start : start + size] in self.renderings:
                return text[start : start + size]
        return None

    def spans(self, text: str) -> list[tuple[int, str]]:
        """Where the multi-character glossary terms of a text begin: the reading that leaves the fewest characters
        outside a term, then has the fewest terms (成员国际金融公司 is 成员 and 国际金融公司, not 成员国 and 际…)."""
        n = len(text)
        best = [(0, 0, 0)] * (n + 1)  # from each place on: (characters left, terms, length of the term there)
        for i in range(n - 1, -1, -1):
            best[i] = (best[i + 1][0] + 1, best[i + 1][1], 0)
            for size in (z for z in self._sizes.get(text[i], ()) if 1 < z <= n - i):
                left, terms, _ = best[i + size]
                if text[i : i + size] in self.renderings and (left, terms + 1) < best[i][:2]:
                    best[i] = (left, terms + 1, size)
        out, i = [], 0
        while i < n:
            size = best[i][2]
            if size:
                out.append((i, text[i : i + size]))
            i += size or 1
        return out


def read_glossary(text: str) -> list[tuple[str, str]]:
    """(中文, English) pairs from glossary TSV text; blank lines and # comments skipped."""
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, en = (field.strip() for field in line.split("\t")[:2])
        if zh and en:
            pairs.append((zh, en))
    return pairs


def read_measures(text: str) -> list[str]:
    """The Chinese terms of glossary TSV text listed under a `# measures` comment (up to the next comment)."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("#"):
            inside = line[1:].strip().lower().startswith(MEASURES_SECTION)
            continue
        zh = line.split("\t")[0].strip()
        if inside and zh and zh not in out:
            out.append(zh)
    return out


@lru_cache(maxsize=1)
def glossary_digest() -> str:
    """A short hash of the packaged glossary: what is derived from it (figures' labels) is stale when it changes."""
    data = resources.files("qa.text").joinpath("data/glossary.tsv").read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    """The packaged glossary, read once per process."""
    text = resources.files("qa.text").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    return Glossary(read_glossary(text), read_measures(text))


_LATIN_ACRONYM = re.compile(r"(?<=[一-鿿])[A-Z][A-Z\d]+(?![A-Za-z])|(?<![A-Za-z])[A-Z][A-Z\d]+(?=[一-鿿])")
