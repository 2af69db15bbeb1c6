"""English word forms for dictionary lookup: singulars, verb bases, derived nouns, American spellings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

# Plurals that are not the plural of the singular ("goods" is not many "good").
_KEEP_S = frozenset("goods news series species means economics politics logistics statistics physics".split())


def stem(word: str) -> str:
    """Singular of a lower-case English plural; other words unchanged."""
    if len(word) < 4 or word in _KEEP_S or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


_DERIVED = (
    ("ation", ("ate", "e", "")),
    ("atory", ("", "e", "ate")),  # signatory -> sign
    ("tion", ("t", "te")),
    ("sion", ("d", "de", "t")),
    ("ment", ("",)),
    ("ial", ("e", "")),
    ("al", ("", "e")),
    ("ity", ("", "e")),
    ("ness", ("",)),
    ("ship", ("",)),  # membership -> member
    ("ery", ("e", "")),  # bribery -> bribe
    ("ly", ("",)),
    ("ator", ("ate", "ation")),  # arbitrator -> arbitrate, arbitration: who does it, from what is done
    ("or", ("",)),  # investor -> invest
    ("er", ("", "e")),  # exporter -> export, producer -> produce
)


# English verbs whose past forms no suffix rule undoes ("grown" -> grow): the dictionary defines the base form.
_IRREGULAR = {
    form: base
    for base, forms in (
        ("become", "became"), ("begin", "began begun"), ("bring", "brought"), ("build", "built"),
        ("buy", "bought"), ("choose", "chose chosen"), ("come", "came"), ("draw", "drew drawn"),
        ("drive", "drove driven"), ("fall", "fell fallen"), ("find", "found"), ("give", "gave given"),
        ("go", "went gone"), ("grow", "grew grown"), ("hold", "held"), ("keep", "kept"), ("lead", "led"),
        ("lend", "lent"), ("make", "made"), ("meet", "met"), ("pay", "paid"), ("rise", "rose risen"),
        ("run", "ran"), ("see", "saw seen"), ("sell", "sold"), ("send", "sent"), ("show", "shown"),
        ("speak", "spoke spoken"), ("spend", "spent"), ("take", "took taken"), ("teach", "taught"),
        ("tell", "told"), ("think", "thought"), ("win", "won"), ("write", "wrote written"),
    )
    for form in forms.split()
}  # fmt: skip


def verb_base(word: str) -> str:
    """The base of an irregular English verb form ("ran" -> "run"), else the word."""
    return _IRREGULAR.get(word, word)


# British spellings the dictionary writes the American way: localisation -> localization, labour -> labor.
_BRITISH = re.compile(r"is(ations?|e|es|ed|ing)$|our(s?)$|tre(s?)$|ys(e|es|ed|ing)$")
_AMERICAN = {"ation": "ization", "ations": "izations", "e": "ize", "es": "izes", "ed": "ized", "ing": "izing"}


def american(word: str) -> str:
    """The American spelling of a British word ending (-isation, -ise, -our, -tre, -yse, -ysed); others unchanged."""

    def swap(m: re.Match[str]) -> str:
        if m.group(1):
            return "iz" + _AMERICAN[m.group(1)][2:]
        if m.group(0).startswith("our"):
            return "or" + m.group(2)
        if m.group(0).startswith("tre"):
            return "ter" + m.group(3)
        return "yz" + m.group(4)

    return _BRITISH.sub(swap, word) if len(word) > 5 else word


def variants(word: str) -> Iterator[str]:
    """Lookup keys for a question word: its singular, the base of an irregular verb, then crude -ing/-ed stems;
    then the same for its American spelling."""
    yield from _variants_of(word)
    if (us := american(word)) != word:
        yield from _variants_of(us)


def _variants_of(word: str) -> Iterator[str]:
    yield stem(word)
    if word in _IRREGULAR:
        yield _IRREGULAR[word]
    if word.endswith(("ist", "ists")):
        yield word[: word.rindex("ist")] + "ism"  # tourist -> tourism
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:  # faced -> face
            base = word[: -len(suffix)]
            yield base
            yield base + "e"
            if len(base) > 2 and base[-1] == base[-2]:
                yield base[:-1]  # shipping -> ship
    if word.endswith("ses") and len(word) > 5:
        yield word[:-2]  # focuses -> focus (its stem keeps the e of increases -> increase)
    # A noun or adjective made from a verb or noun the dictionary defines: prevention -> prevent,
    # settlement -> settle, commercial -> commerce.
    single = stem(word)  # signatories -> signatory -> sign
    for suffix, bases in _DERIVED:
        if single.endswith(suffix) and len(single) > len(suffix) + 3:
            stem_ = single[: -len(suffix)]
            yield from (stem_ + b for b in bases)


def demonym_bases(name: str) -> list[str]:
    """Place names an adjective of nationality may come from: Japanese -> Japan, African -> Africa."""
    bases = []
    for suffix, repl in (
        ("ese", ""),
        ("ese", "a"),
        ("ian", ""),
        ("ian", "ia"),
        ("an", "a"),
        ("an", ""),  # European -> Europe
        ("n", ""),
        ("i", ""),
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            bases.append(name[: -len(suffix)] + repl)
    return bases


def nationality_place(word: str, is_name: Callable[[str], bool]) -> str | None:
    """The place name (`is_name`) an adjective of nationality comes from: Kenyan or kenyan -> kenya; a lower-case
    word only when it is long enough not to be an everyday one (plan is no PLA, median no media)."""
    if not word.isalpha() or not (word[:1].isupper() or len(word) >= 6):
        return None
    return next((b for b in demonym_bases(word.lower()) if is_name(b)), None)


_AUXILIARIES = frozenset("did does do will would can could should shall may might has have had to".split())
# Words before a noun: "each train", "the first train", "a freight train".
_BEFORE_NOUN = frozenset(
    "a an the each every per one first last this that its their his her our freight cargo".split()
)


# Words after a verb that ends its subject: an object's determiner, a preposition, a number (or the question's end).
_AFTER_VERB = frozenset(
    "a an the their its his her our them it in on at for with by from to over under about more than how as".split()
)


def used_as_verb(words: list[str], i: int) -> bool:
    """Whether words[i], a bare form, is a verb: an auxiliary comes before it in its clause, no determiner or noun
    modifier right before it, and an object, a preposition or the end after it ("did the programme train in …", not
    "did each train …", "by train" or "did the power plant create …")."""
    if i == 0 or words[i - 1].lower() in _BEFORE_NOUN or words[i - 1].lower() in ("by", "of", "on"):
        return False
    if words[i - 1].lower() == "to" and i + 1 < len(words):
        return True  # "to share its experience", "to train staff": an infinitive with its object
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if after and after not in _AFTER_VERB and not after.isdigit():
        return False
    return any(w.lower() in _AUXILIARIES for w in words[max(0, i - 8) : i])


def join_terms(parts: Iterable[str]) -> str:
    """English terms of a label's words joined, a term the next one holds left out: 一带一路沿线国家 is "countries
    along the Belt and Road", not "Belt and Road countries along the Belt and Road"."""
    words: list[str] = []
    for part in parts:
        if words and words[-1] != "and" and words[-1].lower() in part.lower():
            words.pop()
        words.append(part)
    return " ".join(words)


_VERB_ENDS = ("ed", "d", "s", "ing")  # invested, traded, invests, investing
_NOUN_ENDS = ("ment", "ion", "ation", "")  # investment, cooperation, trade


def adverb_pairs(words: list[str]) -> Iterator[tuple[int, str, str]]:
    """ "invest directly", "directly invested": where a verb and its adverb stand, the adjective and the nouns the
    verb may have (direct: investment, …), as a term may name them (direct investment)."""
    for i in range(len(words) - 1):
        pair = [w.lower() for w in words[i : i + 2]]
        at = next((k for k in (0, 1) if pair[k].endswith("ly") and len(pair[k]) > 4), None)
        if at is None:
            continue
        verb = pair[1 - at]
        bases = dict.fromkeys([verb, *(verb[: -len(end)] for end in _VERB_ENDS if verb.endswith(end))])
        for noun in dict.fromkeys(b + end for b in bases for end in _NOUN_ENDS):
            yield i, pair[at][:-2], noun
