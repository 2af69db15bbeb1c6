"""Block Kit messages for the Slack bot: the answer, its figures and its citations, within Slack's limits."""

from __future__ import annotations

import re
from urllib.parse import urlencode

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


def figure_lines(result: dict) -> list[str]:
    """`• label (year): raw [n]` for each distinct figure, labels in the answer's language."""
    lines: list[str] = []
    for f in result.get("figures", []):
        label = (f.get("label_en") if result.get("lang") == "en" else None) or f.get("label") or ""
        year = f" ({f['year']})" if f.get("year") else ""
        line = f"• {escape(shorten(label, 120))}{year}: {escape(f['raw'])} [{f['citation']}]"
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
    result: dict, public_url: str | None = None, extra: list[dict] | None = None, asked: str | None = None
) -> list[dict]:
    """Block Kit blocks for an ask-contract result: `asked` (mrkdwn) first, the answer, figures, citations, `extra`."""
    lang = result.get("lang", "en")
    abstained = bool(result.get("abstained"))
    head = [_context(asked)] if asked else []
    lines = [] if abstained else figure_lines(result)
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
