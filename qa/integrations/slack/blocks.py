"""Block Kit messages for the Slack bot: the answer, its figures and its citations, within Slack's limits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlencode

from qa.answer.analyze import analyze
from qa.answer.figure_choice import label_en
from qa.text.numbers import CURRENCY_EN, UNIT_EN, format_amount_en

MAX_BLOCKS = 50  # per message
MAX_SECTION_CHARS = 3000  # per section text
MAX_CONTEXT_ELEMENTS = 10  # per context block
MAX_ANSWER_SECTIONS = 4  # a longer answer is cut with "…": a chat message is no place for a report
MAX_CITATIONS = 10
MAX_FIGURES = 10
QUOTE_CHARS = 140
FALLBACK_CHARS = 3000
POST_ACTION = "qa_post_to_channel"

TEXTS = {
    "zh": {
        "working": "正在查找答案…",
        "sorry": "抱歉，这次没能回答这个问题，请稍后再试。",
        "figures": "数据",
        "related": "相关段落：",
        "post": "发到频道",
        "asked": "<@{user}> 提问：{question}",
        "not_in_channel": "我还不在这个频道里：请先用 /invite 邀请我，再点“发到频道”。",
    },
    "en": {
        "working": "Working on it…",
        "sorry": "Sorry, I could not answer that this time. Please try again in a moment.",
        "figures": "Figures",
        "related": "Related passages:",
        "post": "Post to channel",
        "asked": "<@{user}> asked: {question}",
        "not_in_channel": "I am not in this channel yet: /invite me, then press “Post to channel” again.",
    },
}
HINT = "问我关于“一带一路”报告的问题，例如：2020年中欧班列开行多少列？\nAsk me about the Belt and Road reports, e.g. How many China-Europe Railway Express trains ran in 2020?"


def say(key: str, lang: str) -> str:
    """A fixed bot phrase in the question's language."""
    return TEXTS.get(lang, TEXTS["en"])[key]


def escape(text: str) -> str:
    """Text from documents or users made safe for Slack mrkdwn (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, ending in "…" when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cut(text: str, n: int) -> int:
    """`n`, moved back so that an escaped entity (&amp; &lt; &gt;) is not cut in two."""
    amp = text.rfind("&", max(0, n - 4), n)
    return amp if amp > 0 and ";" not in text[amp:n] else n


def split_text(text: str, limit: int = MAX_SECTION_CHARS, parts: int = MAX_ANSWER_SECTIONS) -> list[str]:
    """Pieces of at most `limit` characters, cut at line or sentence ends; the last one ends in "…" if cut."""
    pieces: list[str] = []
    rest = text.strip()
    while rest and len(pieces) < parts:
        if len(rest) <= limit:
            pieces.append(rest)
            break
        if len(pieces) == parts - 1:
            pieces.append(rest[: _cut(rest, limit - 1)].rstrip() + "…")
            break
        window = rest[:limit]
        cut = max(window.rfind("\n"), *(window.rfind(p) for p in "。！？；.!?"))
        cut = cut + 1 if cut > limit // 2 else _cut(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return pieces


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(*texts: str) -> dict:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": t} for t in texts[:MAX_CONTEXT_ELEMENTS]],
    }


def passage_url(public_url: str, citation: dict) -> str:
    """The web page's link that opens a cited passage."""
    query = urlencode({"doc": citation["doc_id"], "start": citation["start"], "end": citation["end"]})
    return f"{public_url.rstrip('/')}/?{query}"


def citation_line(citation: dict, public_url: str | None = None) -> str:
    """`[n] title › section, p. N — “quote…”`, the title linked to the passage when the page is public."""
    title = escape(shorten(citation.get("title") or citation["doc_id"], 200))
    if public_url:
        title = f"<{passage_url(public_url, citation)}|{title}>"
    where = title
    if citation.get("section"):
        where += f" › {escape(shorten(citation['section'], 200))}"
    if citation.get("page"):
        where += f", p. {citation['page']}"
    quote = escape(shorten(citation.get("quote") or citation.get("text") or "", QUOTE_CHARS))
    return f"[{citation['id']}] {where} — “{quote}”"


COUNT_UNITS = frozenset("个 家 条 项 件 份 所 间 只 台 票 名 位 座 场 批 种 类".split())
_HAN = re.compile(r"[\u3400-\u9fff]")


def measure(unit: str, lang: str) -> str:
    """What a figure measures, read from its unit, for a figure that has no label: "城市", "Cities"."""
    if lang == "en":
        if unit in CURRENCY_EN:
            return "Amount"
        if unit == "%":
            return "Percentage"
        word = UNIT_EN.get(unit)
        return word[:1].upper() + word[1:] if word else "Number" if unit in COUNT_UNITS else "Figure"
    if unit in CURRENCY_EN:
        return "金额"
    if unit == "%":
        return "比例"
    return "数量" if unit in COUNT_UNITS or not unit else unit


def figure_line(figure: dict, lang: str) -> str:
    """`• label (year): raw [n]` in Chinese; `• English label, year: English value [n]` in English, the
    Chinese label in parentheses only when it has no English form."""
    label, unit, n = figure.get("label") or "", figure.get("unit") or "", figure["citation"]
    if lang != "en":
        year = f" ({figure['year']})" if figure.get("year") else ""
        return f"• {escape(shorten(label or measure(unit, 'zh'), 120))}{year}: {escape(figure['raw'])} [{n}]"
    english = label_en(figure)
    if english:
        head = english[:1].upper() + english[1:]
    else:
        head = measure(unit, "en") + (f" ({label})" if label else "")
    year = f", {figure['year']}" if figure.get("year") else ""
    value = format_amount_en(figure["value"], unit) if figure.get("value") is not None else ""
    if not value or _HAN.search(value):
        value = figure["raw"]
    return f"• {escape(shorten(head, 160))}{year}: {escape(value)} [{n}]"


def asked_years(question: str, history: Sequence[dict] = ()) -> list[int]:
    """The years a question asks about, a follow-up's taken from the conversation ("那2019年呢？" -> 2019)."""
    try:
        return analyze(question, history).years
    except Exception:  # the figures' order is a nicety: never let it cost the answer
        return []


def figure_lines(result: dict, years: Sequence[int] = ()) -> list[str]:
    """One line per distinct figure, at most MAX_FIGURES: the asked years' first; within them, those the answer
    states in the order it states them, then the rest of the cited sentences' figures."""
    lang = result.get("lang", "en")
    answer = result.get("answer", "")
    asked = set(years)

    def rank(item: tuple[int, dict]) -> tuple[bool, bool, int, int]:
        index, figure = item
        at = answer.find(figure.get("raw") or "\0")
        return (bool(asked) and figure.get("year") not in asked, at < 0, max(at, 0), index)

    lines: list[str] = []
    for _, figure in sorted(enumerate(result.get("figures", [])), key=rank):
        line = figure_line(figure, lang)
        if line not in lines:
            lines.append(line)
    return lines[:MAX_FIGURES]


def fallback_text(result: dict) -> str:
    """The plain answer for notifications and for the thread's history."""
    return escape(shorten_lines(result.get("answer", ""), FALLBACK_CHARS))


def shorten_lines(text: str, limit: int) -> str:
    """Like `shorten`, but keeps line breaks."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_blocks(
    result: dict,
    public_url: str | None = None,
    extra: list[dict] | None = None,
    asked: str | None = None,
    years: Sequence[int] = (),
) -> list[dict]:
    """Block Kit blocks for an ask-contract result: `asked` (mrkdwn) first, the answer, figures (the `years`
    asked about first), citations, `extra`."""
    lang = result.get("lang", "en")
    abstained = bool(result.get("abstained"))
    head = [_context(asked)] if asked else []
    lines = [] if abstained else figure_lines(result, years)
    figures = [_section(shorten_lines(f"*{say('figures', lang)}*\n" + "\n".join(lines), MAX_SECTION_CHARS))]
    citations = [_context(citation_line(c, public_url)) for c in result.get("citations", [])[:MAX_CITATIONS]]
    if citations and abstained:
        citations.insert(0, _context(f"*{say('related', lang)}*"))
    tail = (figures if lines else []) + citations + list(extra or [])
    room = MAX_BLOCKS - len(head) - len(tail)
    answer = split_text(escape(result.get("answer", "")), parts=max(1, min(MAX_ANSWER_SECTIONS, room)))
    return (head + [_section(a) for a in answer or ["…"]] + tail)[:MAX_BLOCKS]


def post_button(lang: str, value: str) -> dict:
    """An actions block with the "Post to channel" button carrying `value` (≤ 2000 chars)."""
    button = {
        "type": "button",
        "action_id": POST_ACTION,
        "text": {"type": "plain_text", "text": say("post", lang)},
        "value": value[:2000],
    }
    return {"type": "actions", "elements": [button]}


_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def slack_to_plain(text: str) -> str:
    """Slack message text as plain text: mentions removed, links to their labels, entities unescaped."""
    text = re.sub(r"<@[A-Z0-9]+(?:\|[^>]*)?>", " ", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())
