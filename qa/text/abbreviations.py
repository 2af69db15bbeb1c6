"""Short forms the reports define for a name (亚洲基础设施投资银行（以下简称“亚投行”）): each with the name it
stands for, so a question giving either finds a passage that writes the other."""

from __future__ import annotations

import re
from collections.abc import Iterable

# （以下简称“《鼓励目录》”）, (以下简称“特多”), （简称“综试区”）
_DEFINED = re.compile(
    r"[（(]\s*(?:以下简称|以下称|下称|简称)\s*[“\"]?《?([\u4e00-\u9fffA-Za-z0-9]{2,12})》?[”\"]?\s*[）)]"
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+$")
_EDITION = re.compile(r"[（(][^（）()]*[）)]$")  # 《…（2020年版）》: the name without its edition
MAX_NAME = 40


def defined_short_forms(texts: Iterable[str]) -> dict[str, str]:
    """Short form -> the name it stands for, for every short form the texts define for one name only (《办法》,
    defined for two documents, stands for neither)."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            short = m.group(1)
            full = _defined_name(text[max(0, m.start() - MAX_NAME - 2) : m.start()], short)
            if full and full != short:
                found.setdefault(short, set()).add(full)
    return {short: fulls.pop() for short, fulls in sorted(found.items()) if len(fulls) == 1}


def _defined_name(before: str, short: str) -> str:
    """The name written right before a definition of `short`: a title (《…》), a quoted name, or the words
    ending there that hold the short form's characters in order (亚洲基础设施投资银行 for 亚投行)."""
    before = before.rstrip()
    if before.endswith(("》", "”")):
        opening = "《" if before.endswith("》") else "“"
        start = before.rfind(opening)
        name = _EDITION.sub("", before[start + 1 : -1]) if start >= 0 else ""
        return name if name and _holds_in_order(name, short) else ""
    run = _HAN_RUN.search(before)
    words = run.group(0) if run else ""
    for i, char in enumerate(words):  # the longest such name
        if char == short[0] and _holds_in_order(words[i:], short):
            return words[i:]
    return ""


def _holds_in_order(name: str, short: str) -> bool:
    """Whether every character of `short` is in `name`, in order."""
    rest = iter(name)
    return all(char in rest for char in short)
