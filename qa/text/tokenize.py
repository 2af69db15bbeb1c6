"""jieba tokenization with the project's domain dictionary, shared by BM25, figures and question analysis."""

from __future__ import annotations

import hashlib
import logging
import re
from functools import lru_cache
from importlib import resources

import jieba
from jieba import posseg

from qa.text.glossary import load_glossary
from qa.text.numbers import parse_cn_numeral

TOKENIZER_BUILD = 5  # bump when index terms change: indexes then rebuild their BM25 part (not the vectors)
NAME_CHARS = (3, 4)  # the glossary's names of this length are words of their own (卡加梅, not 卡加 and 梅)
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = frozenset(
    "的 了 和 与 及 在 是 为 对 等 中 上 下 年 月 日 个 之 以 将 把 被 并 或 也 都 而 其 这 那 有 于 由 从 向 到 多少 什么 哪些 哪个 "
    "哪 几 吗 呢 么 怎么 如何 是否 "
    "the a an of in on at to for and or is are was were be been by with from "
    "as that this which what how many much did does do it its their there".split()
)

# An ordinal and what it counts: 第1批, 第一批 and 首批 are one term (jieba cuts the first into 第/1/批).
_ORDINAL = re.compile(
    r"第\s*(\d+|[零〇一二两三四五六七八九十百]+)\s*([\u4e00-\u9fff])|首([批次届个期轮趟列座家项])"
)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer loaded once per process, with the domain dictionary."""
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    userdict = resources.files("qa.text").joinpath("data/userdict.txt")
    if userdict.is_file():
        with resources.as_file(userdict) as path:
            tk.load_userdict(str(path))
    tk.initialize()
    for name in _glossary_names():
        if name not in tk.FREQ:
            tk.add_word(name)
    return tk


@lru_cache(maxsize=1)
def _glossary_names() -> tuple[str, ...]:
    """Short names the glossary gives (卡加梅, 默蒂亚里): jieba would cut some of them into pieces that another
    character next to them changes (卡加梅说: 卡加 / 梅说)."""
    glossary = load_glossary()
    low, high = NAME_CHARS
    return tuple(
        sorted(
            z for z in glossary.renderings if low <= len(z) <= high and not z.isascii() and glossary.proper(z)
        )
    )


def tokenizer_build() -> str:
    """What index terms are made with: this code's build and the glossary names that are words of their own."""
    return f"{TOKENIZER_BUILD}:{hashlib.sha1('|'.join(_glossary_names()).encode()).hexdigest()[:10]}"


# A directional complement after a verb (加进来, 赔出去, 拿回来): the word is a verb, whatever jieba tags it.
_DIRECTIONAL = re.compile(r"^(.+?)([进出回上下过起开][来去])$")


@lru_cache(maxsize=8192)
def pos_cut(text: str) -> tuple[tuple[str, str], ...]:
    """jieba words with part-of-speech flags (the domain dictionary's own tags included); a word ending in a
    directional complement is its verb and the complement, both verbs (加进来 → 加 进来)."""
    out: list[tuple[str, str]] = []
    for p in _pos_tokenizer().lcut(text):
        m = _DIRECTIONAL.match(p.word) if len(p.word) >= 3 and not p.flag.startswith("m") else None
        out += [(m.group(1), "v"), (m.group(2), "v")] if m else [(p.word, p.flag)]
    return tuple(out)


@lru_cache(maxsize=1)
def _pos_tokenizer() -> posseg.POSTokenizer:
    # One per process: the first POS tokenizer over `tokenizer()` takes the domain dictionary's tags.
    return posseg.POSTokenizer(tokenizer())


def cut(text: str) -> list[str]:
    """Words of `text` in order (jieba precise mode), whitespace dropped."""
    return [w for w in tokenizer().lcut(text) if w.strip()]


def search_tokens(text: str, parts: bool = True) -> list[str]:
    """Lower-cased index terms for BM25: jieba search mode, without stopwords and punctuation, plus (with
    `parts`) the dictionary's longer words inside a compound (考波什堡 in 考波什堡光伏电站: search mode stops at
    three characters)."""
    return list(_search_tokens(text, parts))


@lru_cache(maxsize=8192)
def _search_tokens(text: str, parts: bool) -> tuple[str, ...]:
    # Questions name the same terms again and again (glossary forms, asked words): cut each once per process.
    out = []
    words = tokenizer().FREQ
    # 三届 inside 第三届 is the third edition, not three editions: search mode's count piece is left out
    counts = _ordinal_counts(text)
    for w in tokenizer().lcut_for_search(text.lower()):
        w = w.strip()
        if w and w not in STOPWORDS and w not in counts and _WORD.search(w):
            out.append(w)
            if parts and len(w) > 4:
                out.extend(
                    w[i : i + n]
                    for n in range(4, len(w))
                    for i in range(len(w) - n + 1)
                    if words.get(w[i : i + n])
                )
    out.extend(ordinals(text))
    return tuple(out)


def _ordinal_counts(text: str) -> frozenset[str]:
    """The count words (三届) that `text` has only inside an ordinal (第三届)."""
    pieces = {m.group(1) + m.group(2) for m in _ORDINAL.finditer(text) if m.group(1)}
    return frozenset(p for p in pieces if text.count(p) == text.count("第" + p))


def unglued(word: str) -> tuple[str, ...]:
    """A word jieba's HMM made by gluing a function character to its neighbour (方有 in 贷款方有哪些, as against
    贷款方 / 之一 in a sentence): its dictionary pieces without that character; any other word as it is."""
    if len(word) < 2 or tokenizer().FREQ.get(word):
        return (word,)
    pieces = tokenizer().lcut(word, HMM=False)
    kept = tuple(p for p in pieces if p not in STOPWORDS)
    return kept if len(kept) < len(pieces) and kept else (word,)


def ordinals(text: str) -> list[str]:
    """The ordinals of `text` in one form, Arabic number and what it counts: 第1批 for 第1批, 第一批 and 首批."""
    out = []
    for m in _ORDINAL.finditer(text):
        if m.group(3):
            out.append(f"第1{m.group(3)}")
            continue
        digits = m.group(1)
        value = int(digits) if digits.isdigit() else parse_cn_numeral(digits)
        if value is not None:
            out.append(f"第{int(value)}{m.group(2)}")
    return out
