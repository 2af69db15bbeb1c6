// Past conversations kept in localStorage, and a conversation written out as Markdown with its sources.

const KEY = "qa.conversations.v2";
const OLD_KEY = "qa.conversation.v1"; // one conversation, before there was a list
const MAX_KEPT = 50;

/** A new empty conversation. */
export function newConversation() {
  const id = `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return { id, title: "", updated: Date.now(), turns: [] };
}

function cleanTurns(turns) {
  if (!Array.isArray(turns)) return [];
  return turns
    .filter((turn) => turn && typeof turn.q === "string")
    .map((turn) => (turn.result || turn.error ? turn : { ...turn, error: { kind: "interrupted" } }));
}

/** {list, current}: the saved conversations, most recent first, and the id of the open one. */
export function loadConversations(storage) {
  let saved = null;
  try {
    saved = JSON.parse(storage.read(KEY) || "null");
  } catch {
    saved = null;
  }
  let list = Array.isArray(saved?.list)
    ? saved.list
        .filter((c) => c && typeof c.id === "string")
        .map((c) => ({ id: c.id, title: String(c.title || ""), updated: Number(c.updated) || 0, turns: cleanTurns(c.turns) }))
    : [];
  if (!saved) {
    try {
      const old = JSON.parse(storage.read(OLD_KEY) || "null");
      const turns = cleanTurns(old?.turns);
      if (turns.length) list = [{ ...newConversation(), turns }];
    } catch {
      // nothing worth keeping
    }
  }
  if (!list.length) list = [newConversation()];
  const current = list.some((c) => c.id === saved?.current) ? saved.current : list[0].id;
  return { list, current };
}

/** Save every conversation (what a turn needs to be shown again, nothing in flight). */
export function saveConversations(storage, list, current) {
  const kept = list
    .filter((c) => c.turns.length || c.id === current)
    .slice(0, MAX_KEPT)
    .map((c) => ({
      id: c.id,
      title: c.title,
      updated: c.updated,
      turns: c.turns.map(({ q, history, result, error, feedback, text }) => ({
        q, history, result, error, feedback, text: error ? text : undefined,
      })),
    }));
  storage.write(KEY, JSON.stringify({ list: kept, current }));
}

/** The conversation's name: the one given, else its first question. */
export function titleOf(conv, fallback) {
  if (conv.title) return conv.title;
  const first = conv.turns[0]?.q?.replace(/\s+/g, " ").trim();
  if (!first) return fallback;
  return first.length > 60 ? `${first.slice(0, 60)}…` : first;
}

/** The conversation as Markdown: each question and answer, and under each answer its numbered sources. */
export function toMarkdown(conv, t, titleFor, sourceUrl) {
  const lines = [`# ${titleOf(conv, t.untitled)}`, ""];
  for (const turn of conv.turns) {
    lines.push(`## ${t.you_md}: ${turn.q.replace(/\s+/g, " ").trim()}`, "");
    const r = turn.result;
    if (!r) {
      lines.push(`_${turn.error?.kind === "stopped" ? t.stopped : t.errInterrupted}_`, "");
      continue;
    }
    lines.push(`**${t.assistant_md}:** ${r.answer}`, "");
    if (r.citations?.length) {
      lines.push(`**${r.abstained ? t.related : t.sources}:**`, "");
      for (const c of r.citations) {
        const where = [c.section, c.page != null ? `${t.page} ${c.page}` : ""].filter(Boolean).join(", ");
        const quote = String(c.quote || "").replace(/\s+/g, " ").trim();
        lines.push(`${c.id}. [${titleFor(c)}](${sourceUrl(c)})${where ? ` — ${where}` : ""}`);
        if (quote) lines.push(`   > ${quote}`);
      }
      lines.push("");
    }
  }
  return `${lines.join("\n").trim()}\n`;
}
