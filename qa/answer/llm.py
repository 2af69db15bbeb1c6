"""Optional fluent answers from an OpenAI-compatible LLM, verified against the passages they cite."""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass

from qa.text.numbers import numbers_in

_MARK = re.compile(r"\[(\d+)\]")
# Sentence ends, but never just before the sentence's own trailing [n] marker.
_SPLIT = re.compile(r"(?<=[。！？!?])(?!\s*\[)|(?<=[.!?])\s+(?!\[)")
NOT_FOUND = "NOT_IN_REPORTS"

SYSTEM = {
    "zh": (
        "你是一带一路合作报告的问答助手。只根据给出的编号段落回答，用中文，简洁。"
        "每个事实或数字后面用[编号]标注出处，数字必须与段落中的完全一致。"
        f"如果段落不能回答问题，只回复 {NOT_FOUND}。"
    ),
    "en": (
        "You answer questions about Belt and Road cooperation reports. Use only the numbered passages (they are "
        "in Chinese) and answer in English, briefly. Put the passage number in brackets, like [1], after every "
        "fact or figure; numbers must match the passages exactly (you may convert units, e.g. 1.24万 = 12,400). "
        f"If the passages do not answer the question, reply only {NOT_FOUND}."
    ),
}


@dataclass
class LLMResult:
    """What the LLM wrote, or why it could not be used."""

    text: str | None
    error: str | None = None


class LLMAnswerer:
    """Writes an answer from numbered passages with any OpenAI-compatible chat endpoint."""

    def __init__(self, base_url: str, model: str, api_key: str = "none", timeout: float = 20.0) -> None:
        from openai import OpenAI

        self.model = model
        self._client = OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0)

    def _messages(
        self, question: str, lang: str, passages: list[str], history: list[dict] | None
    ) -> list[dict]:
        numbered = "\n\n".join(f"[{n}] {p}" for n, p in enumerate(passages, 1))
        messages = [{"role": "system", "content": SYSTEM[lang]}]
        messages += [{"role": t["role"], "content": t["content"]} for t in (history or [])[-4:]]
        messages.append({"role": "user", "content": f"{numbered}\n\n{question}"})
        return messages

    def write(
        self, question: str, lang: str, passages: list[str], history: list[dict] | None = None
    ) -> LLMResult:
        """Ask the model; every failure (timeout, HTTP error, empty reply) comes back as an error string."""
        messages = self._messages(question, lang, passages, history)
        try:
            reply = self._client.chat.completions.create(model=self.model, messages=messages, temperature=0)  # type: ignore[arg-type]
        except Exception as exc:  # the openai client raises many kinds; all mean "fall back"
            return LLMResult(None, f"llm unavailable: {exc.__class__.__name__}")
        text = (reply.choices[0].message.content or "").strip() if reply.choices else ""
        return LLMResult(text) if text else LLMResult(None, "llm returned no text")

    def write_stream(
        self, question: str, lang: str, passages: list[str], history: list[dict] | None = None
    ) -> Generator[str, None, LLMResult]:
        """Like `write`, yielding the text as the model sends it; returns the whole result when it is done.

        Text that may still become the NOT_IN_REPORTS reply is held back, so that reply is never shown."""
        messages = self._messages(question, lang, passages, history)
        text = ""
        shown = 0
        try:
            chunks = self._client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                temperature=0,
                stream=True,
            )
            for chunk in chunks:
                piece = chunk.choices[0].delta.content if chunk.choices else None
                if not piece:
                    continue
                text += piece
                if NOT_FOUND.startswith(text.strip()):
                    continue
                yield text[shown:]
                shown = len(text)
        except Exception as exc:  # as in `write`: any failure means "fall back"
            return LLMResult(None, f"llm unavailable: {exc.__class__.__name__}")
        text = text.strip()
        return LLMResult(text) if text else LLMResult(None, "llm returned no text")


def verify(answer: str, passages: list[str]) -> str | None:
    """Why an answer cannot be trusted (a missing or unknown [n], a number its passages lack), or None."""
    marks = [int(m) for m in _MARK.findall(answer)]
    if not marks:
        return "the answer cites no passage"
    bad = sorted({m for m in marks if not 1 <= m <= len(passages)})
    if bad:
        return f"the answer cites passages that do not exist: {bad}"
    cited_so_far: list[int] = []
    for sentence in _sentences(answer):
        cited = [int(m) for m in _MARK.findall(sentence)] or cited_so_far[-1:]
        if cited:
            cited_so_far = cited
        numbers = numbers_in(_MARK.sub(" ", sentence))
        if not numbers:
            continue
        if not cited:
            return f"a sentence states numbers without citing a passage: {sentence.strip()[:80]}"
        available = [v for n in cited for v in numbers_in(passages[n - 1])]
        for value in numbers:
            if not any(_close(value, v) for v in available):
                return f"the number {value:g} does not appear in passage(s) {cited}"
    return None


def _sentences(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text) if p and p.strip()]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b)) or (a == 0 and b == 0)
