// The staff chat page. Every string from the server or from documents goes into the page as text
// (text nodes / textContent), never as HTML.

import { STRINGS, formatUnit, formatValue, initialLang } from "./i18n.js";
import { readEvents } from "./sse.js";
import { el, icon, findQuote } from "./dom.js";

const STORE = { conversation: "qa.conversation.v1", lang: "qa.lang", key: "qa.apiKey" };
const MAX_HISTORY = 12; // messages sent with a follow-up question
const CONTEXT_CHARS = 600; // characters on each side of a quote when a passage is expanded

const $ = (id) => document.getElementById(id);
const ui = {
  layout: $("layout"), chat: $("chat"), empty: $("empty"), examples: $("examples"), thread: $("thread"),
  form: $("composer"), input: $("question"), send: $("send"), status: $("status"),
  panel: $("panel"), panelTitle: $("panel-title"), panelBody: $("panel-body"), panelClose: $("panel-close"),
  backdrop: $("backdrop"), newChat: $("new-chat"), langSwitch: $("lang-switch"),
  keyDialog: $("key-dialog"), keyInput: $("key-input"), keyText: $("key-text"),
};

const state = {
  lang: initialLang(read(STORE.lang)),
  turns: loadConversation(),
  busy: false,
  controller: null, // aborts the answer in flight when the conversation is cleared
  panel: null, // {turn, n, invoker, expanded}
};
const views = new WeakMap(); // turn -> {li, answer}

let t = STRINGS[state.lang];

// ---------- storage ----------

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // private mode or quota: the page still works, it just forgets
  }
}

function loadConversation() {
  try {
    const saved = JSON.parse(read(STORE.conversation) || "null");
    if (!Array.isArray(saved?.turns)) return [];
    return saved.turns
      .filter((turn) => turn && typeof turn.q === "string")
      .map((turn) => (turn.result || turn.error ? turn : { ...turn, error: { kind: "interrupted" } }));
  } catch {
    return [];
  }
}

function saveConversation() {
  const turns = state.turns.map(({ q, history, result, error, feedback }) => ({ q, history, result, error, feedback }));
  write(STORE.conversation, JSON.stringify({ turns }));
}

// ---------- language ----------

function applyLanguage() {
  t = STRINGS[state.lang];
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = t.title;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t[node.dataset.i18n];
  ui.langSwitch.textContent = t.switchTo;
  ui.langSwitch.lang = state.lang === "zh" ? "en" : "zh-CN";
  ui.langSwitch.setAttribute("aria-label", t.switchLabel);
  ui.input.placeholder = t.placeholder;
  ui.send.setAttribute("aria-label", t.send);
  ui.panelClose.setAttribute("aria-label", t.close);
  ui.thread.setAttribute("aria-label", t.thread);
  ui.examples.replaceChildren(
    ...t.exampleQuestions.map((q) =>
      el("li", {}, el("button", { type: "button", class: "example", onclick: () => ask(q) }, q)),
    ),
  );
  renderThread();
  if (state.panel) renderPanel();
}

// ---------- the thread ----------

function renderThread() {
  ui.thread.replaceChildren(...state.turns.map(renderTurn));
  ui.empty.hidden = state.turns.length > 0;
}

function renderTurn(turn) {
  const answer = el("div", { class: "answer-text", "aria-live": "polite", "aria-busy": String(!!turn.streaming) });
  const bubble = el("div", { class: "bubble assistant" });
  const li = el(
    "li",
    { class: "turn" },
    el("div", { class: "bubble user" }, el("span", { class: "sr-only" }, `${t.you}: `), el("p", { class: "q" }, turn.q)),
    bubble,
  );
  bubble.append(el("span", { class: "sr-only" }, `${t.assistant}: `), answer);

  if (turn.result) {
    const r = turn.result;
    if (r.abstained) {
      bubble.classList.add("abstained");
      bubble.prepend(el("p", { class: "badge" }, t.abstained));
    }
    answer.append(...answerNodes(turn));
    if (r.figures?.length && !r.abstained) bubble.append(figureTable(turn));
    if (r.citations?.length) bubble.append(sourceList(turn));
    bubble.append(answerActions(turn));
  } else if (turn.error) {
    bubble.classList.add("error");
    answer.append(...errorNodes(turn));
  } else {
    answer.textContent = turn.text || "";
    if (!turn.text) answer.append(el("span", { class: "thinking" }, t.thinking));
  }
  views.set(turn, { li, answer });
  return li;
}

function rerenderTurn(turn) {
  if (!state.turns.includes(turn)) return; // the conversation was cleared meanwhile
  const view = views.get(turn);
  const li = renderTurn(turn);
  if (view?.li.isConnected) view.li.replaceWith(li);
  else ui.thread.append(li);
  ui.empty.hidden = true;
}

/** The answer text with each [n] turned into a button that opens citation n. */
function answerNodes(turn) {
  const { answer, citations = [] } = turn.result;
  const nodes = [];
  let last = 0;
  for (const m of answer.matchAll(/\[(\d+)\]/g)) {
    const n = Number(m[1]);
    if (!citations[n - 1]) continue;
    if (m.index > last) nodes.push(document.createTextNode(answer.slice(last, m.index)));
    nodes.push(citeButton(turn, n, `[${n}]`, "cite"));
    last = m.index + m[0].length;
  }
  nodes.push(document.createTextNode(answer.slice(last)));
  return nodes;
}

function citeButton(turn, n, label, cls) {
  const c = turn.result.citations[n - 1];
  return el(
    "button",
    {
      type: "button", class: cls, "aria-label": t.openSource(n, c.title || c.doc_id),
      "aria-controls": "panel", "data-cite": String(n),
      onclick: (event) => openPanel(turn, n, event.currentTarget),
    },
    label,
  );
}

function sourceList(turn) {
  const { citations, abstained } = turn.result;
  const items = citations.map((c) => {
    const meta = [c.section, c.page != null ? `${t.page} ${c.page}` : ""].filter(Boolean).join(" · ");
    const body = [el("span", { class: "src-title" }, c.title || c.doc_id)];
    if (meta) body.push(el("span", { class: "src-meta" }, meta));
    if (abstained) body.push(el("span", { class: "src-snippet" }, snippet(c.quote || c.text, 140)));
    return el("li", {}, citeButton(turn, c.id, `[${c.id}]`, "cite"), el("div", { class: "src-body" }, ...body));
  });
  const heading = abstained ? t.related : t.sources;
  return el("section", { class: "sources", "aria-label": heading }, el("h3", {}, heading), el("ol", {}, ...items));
}

function snippet(text, max) {
  const s = String(text || "").replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function figureTable(turn) {
  const { figures } = turn.result;
  const rows = figures.map((f) => {
    const label = state.lang === "en" ? f.label_en || f.label : f.label;
    return el(
      "tr",
      {},
      el("td", {}, label || f.raw),
      el("td", { class: "num", title: f.raw }, formatValue(f.value, state.lang)),
      el("td", { class: "unit" }, formatUnit(f.unit, state.lang)),
      el("td", { class: "num" }, f.year != null ? String(f.year) : "—"),
      el("td", {}, turn.result.citations[f.citation - 1] ? citeButton(turn, f.citation, `[${f.citation}]`, "cite") : ""),
    );
  });
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      { class: "figures" },
      el("caption", {}, t.figures),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col" }, t.colLabel),
          el("th", { scope: "col", class: "num" }, t.colValue),
          el("th", { scope: "col" }, t.colUnit),
          el("th", { scope: "col", class: "num" }, t.colYear),
          el("th", { scope: "col" }, t.colSource),
        ),
      ),
      el("tbody", {}, ...rows),
    ),
  );
}

function answerActions(turn) {
  const bar = el("div", { class: "actions" });
  const copy = el(
    "button",
    { type: "button", class: "icon-btn", "aria-label": t.copy, title: t.copy, onclick: () => copyAnswer(turn) },
    icon("i-copy"),
  );
  bar.append(copy);
  if (turn.result.id) {
    for (const [rating, name, label] of [["up", "i-up", t.helpful], ["down", "i-down", t.notHelpful]]) {
      bar.append(
        el(
          "button",
          {
            type: "button", class: "icon-btn", "aria-label": label, title: label,
            "aria-pressed": String(turn.feedback?.rating === rating), "data-rating": rating,
            disabled: turn.feedback?.sent ? "" : null,
            onclick: () => chooseRating(turn, rating),
          },
          icon(name),
        ),
      );
    }
  }
  const wrap = el("div", { class: "after" }, bar);
  if (turn.feedback?.sent) wrap.append(el("p", { class: "note" }, t.feedbackThanks));
  else if (turn.feedback?.rating) wrap.append(feedbackForm(turn));
  return wrap;
}

function feedbackForm(turn) {
  const id = `comment-${turn.result.id}`;
  const box = el("textarea", { id, rows: "2", maxlength: "2000" });
  const form = el(
    "form",
    { class: "feedback" },
    el("label", { for: id }, t.commentLabel),
    box,
    el("button", { type: "submit", class: "btn primary" }, t.sendFeedback),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendFeedback(turn, box.value.trim(), form);
  });
  return form;
}

function chooseRating(turn, rating) {
  turn.feedback = { rating };
  rerenderTurn(turn);
  views.get(turn).li.querySelector(".feedback textarea")?.focus();
}

async function sendFeedback(turn, comment, form) {
  const body = { answer_id: turn.result.id, rating: turn.feedback.rating };
  if (comment) body.comment = comment;
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const res = await apiFetch("/api/feedback", body);
    if (!res.ok) throw new Error(String(res.status));
    turn.feedback = { rating: body.rating, sent: true };
    saveConversation();
    rerenderTurn(turn);
    announce(t.feedbackThanks);
    views.get(turn).li.querySelector(`[data-rating="${body.rating}"]`)?.focus();
  } catch {
    button.disabled = false;
    form.querySelector(".note")?.remove();
    form.append(el("p", { class: "note error-text", role: "alert" }, t.feedbackFailed));
  }
}

async function copyAnswer(turn) {
  const r = turn.result;
  const sources = (r.citations || []).map(
    (c) => `[${c.id}] ${c.title}${c.section ? ` — ${c.section}` : ""}${c.page != null ? `, ${t.page} ${c.page}` : ""}`,
  );
  const text = [r.answer, sources.length ? `\n${t.sources}:\n${sources.join("\n")}` : ""].join("\n").trim();
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const area = el("textarea", { class: "sr-only", readonly: "" });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
  }
  announce(ok ? t.copied : t.copyFailed);
}

function errorNodes(turn) {
  const e = turn.error;
  let message;
  if (e.kind === "rate") message = t.errRate(e.retryAfter);
  else if (e.kind === "key") message = e.rejected ? t.errKeyRejected : t.errKey;
  else if (e.kind === "network") message = t.errNetwork;
  else if (e.kind === "cut") message = t.errCut;
  else if (e.kind === "interrupted") message = t.errInterrupted;
  else if (e.kind === "bad") message = t.errBad + (e.message || "");
  else message = t.errServer + (e.message ? ` (${e.message})` : "");
  const nodes = [el("p", { class: "error-text", role: "alert" }, message)];
  const again = el("button", { type: "button", class: "btn", onclick: () => retry(turn) }, e.kind === "key" ? t.enterKey : t.retry);
  nodes.push(el("div", { class: "after" }, again));
  return nodes;
}

// ---------- asking ----------

function historyBefore(turn) {
  const past = [];
  for (const other of state.turns) {
    if (other === turn) break;
    if (!other.result || other.result.abstained) continue;
    past.push({ role: "user", content: other.q }, { role: "assistant", content: other.result.answer });
  }
  return past.slice(-MAX_HISTORY);
}

async function ask(question) {
  question = question.trim();
  if (!question || state.busy) return;
  performance.clearMarks("qa-first-delta");
  performance.mark("qa-send");
  const turn = { q: question, streaming: true, text: "" };
  state.turns.push(turn);
  turn.history = historyBefore(turn);
  ui.input.value = "";
  autosize();
  rerenderTurn(turn);
  views.get(turn).li.scrollIntoView({ block: "end" });
  await run(turn);
}

async function retry(turn) {
  if (state.busy) return;
  if (turn.error?.kind === "key") {
    const key = await promptForKey(false);
    if (!key) return;
  }
  performance.clearMarks("qa-first-delta");
  performance.mark("qa-send");
  Object.assign(turn, { streaming: true, text: "", error: null });
  rerenderTurn(turn);
  await run(turn);
}

async function run(turn) {
  const controller = new AbortController();
  Object.assign(state, { busy: true, controller });
  ui.send.disabled = true;
  announce(t.thinking);
  try {
    turn.result = await streamAnswer(turn, controller.signal);
    announce(t.answerReady);
  } catch (error) {
    turn.error = error?.kind ? error : { kind: turn.text ? "cut" : "network" };
  } finally {
    turn.streaming = false;
    if (state.controller === controller) Object.assign(state, { busy: false, controller: null });
    ui.send.disabled = state.busy;
    rerenderTurn(turn);
    saveConversation();
    views.get(turn)?.li.scrollIntoView({ block: "nearest" });
  }
}

/** The ask result for a turn, with its answer text shown as it streams in. */
async function streamAnswer(turn, signal) {
  const body = { question: turn.q, history: turn.history || [] };
  let res = await apiFetch("/api/ask/stream", body, { Accept: "text/event-stream" }, "POST", signal);
  if (res.status === 404 || res.status === 405) res = await apiFetch("/api/ask", body, {}, "POST", signal); // no streaming route
  if (!res.ok) throw await httpError(res);
  if (!(res.headers.get("content-type") || "").includes("text/event-stream")) return res.json();

  let result = null;
  let failure = null;
  await readEvents(res, (name, data) => {
    if (name === "delta" && typeof data?.text === "string") {
      turn.text += data.text;
      const view = views.get(turn);
      if (view) {
        view.answer.textContent = turn.text;
        view.li.scrollIntoView({ block: "nearest" });
      }
      if (!performance.getEntriesByName("qa-first-delta").length && turn.text.trim()) performance.mark("qa-first-delta");
    } else if (name === "final" && data && typeof data === "object") {
      result = data;
    } else if (name === "error") {
      failure = errorFromBody(data, 0);
    }
  });
  if (failure) throw failure;
  if (!result) throw { kind: "cut" };
  return result;
}

function errorFromBody(body, status) {
  const code = body?.error?.code || "";
  const message = typeof body?.error?.message === "string" ? body.error.message : "";
  if (status === 429 || code === "rate_limited") return { kind: "rate", message };
  if (status === 401 || code === "unauthorized") return { kind: "key", message };
  if (status >= 400 && status < 500) return { kind: "bad", code, message };
  return { kind: "server", code, message };
}

async function httpError(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: fall back to the status
  }
  const error = errorFromBody(body, res.status);
  if (error.kind === "rate") {
    const after = Number.parseInt(res.headers.get("Retry-After") || "", 10);
    if (Number.isFinite(after)) error.retryAfter = after;
  }
  if (error.kind === "key") error.rejected = res.keyRejected;
  return error;
}

/** POST JSON with the stored API key; on 401 ask for a key (once per request) and try again. */
async function apiFetch(path, body, headers = {}, method = "POST", signal = undefined) {
  const send = () => {
    const key = read(STORE.key);
    const h = { ...headers };
    if (body !== undefined) h["Content-Type"] = "application/json";
    if (key) h.Authorization = `Bearer ${key}`;
    return fetch(path, { method, headers: h, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  let res;
  try {
    res = await send();
    if (res.status === 401) {
      const hadKey = !!read(STORE.key);
      if (hadKey) write(STORE.key, null);
      const key = await promptForKey(hadKey);
      if (key) res = await send();
      if (res.status === 401) {
        write(STORE.key, null);
        res.keyRejected = hadKey || !!key;
      }
    }
  } catch {
    throw { kind: "network" };
  }
  return res;
}

let keyPrompt = null;

/** Ask for an API key in a dialog; the key is kept in localStorage. Resolves to the key or null. */
function promptForKey(rejected) {
  if (keyPrompt) return keyPrompt;
  const opener = document.activeElement;
  ui.keyText.textContent = rejected ? t.keyRetry : t.keyText;
  ui.keyInput.value = "";
  keyPrompt = new Promise((resolve) => {
    ui.keyDialog.addEventListener(
      "close",
      () => {
        const key = ui.keyDialog.returnValue === "ok" ? ui.keyInput.value.trim() : "";
        if (key) write(STORE.key, key);
        keyPrompt = null;
        if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
        resolve(key || null);
      },
      { once: true },
    );
    ui.keyDialog.returnValue = "";
    ui.keyDialog.showModal();
    ui.keyInput.focus();
  });
  return keyPrompt;
}

// ---------- the citation panel ----------

function openPanel(turn, n, invoker) {
  state.panel = { turn, n, invoker, expanded: null };
  renderPanel();
  ui.panel.hidden = false;
  ui.backdrop.hidden = false;
  ui.layout.classList.add("with-panel");
  document.body.classList.add("panel-open");
  ui.panel.focus();
  ui.panelBody.querySelector("mark")?.scrollIntoView({ block: "nearest" });
}

function closePanel() {
  if (!state.panel) return;
  const { invoker } = state.panel;
  state.panel = null;
  ui.panel.hidden = true;
  ui.backdrop.hidden = true;
  ui.layout.classList.remove("with-panel");
  document.body.classList.remove("panel-open");
  if (invoker?.isConnected) invoker.focus();
  else ui.input.focus();
}

function renderPanel() {
  const { turn, n, expanded } = state.panel;
  const c = turn.result.citations[n - 1];
  ui.panelTitle.textContent = t.source(n);
  const meta = el("dl", { class: "meta" });
  const section = expanded?.section || c.section;
  if (section) meta.append(el("dt", {}, t.section), el("dd", {}, section));
  if (c.page != null) meta.append(el("dt", {}, t.page), el("dd", {}, String(c.page)));

  const passage = el("blockquote", { class: "passage", "aria-label": t.passage });
  if (expanded?.text) {
    const at = c.start - expanded.start;
    const exact = at >= 0 && expanded.text.slice(at, at + c.quote.length) === c.quote;
    const span = exact ? [at, at + c.quote.length] : findQuote(expanded.text, c.quote);
    fillPassage(passage, expanded.text, span, expanded.start > 0, expanded.more);
  } else {
    const text = c.text || "";
    const span = findQuote(text, c.quote || "");
    // A related passage of an abstention is its own "quote": marking all of it would say nothing.
    const whole = span && span[0] === 0 && span[1] === text.length;
    fillPassage(passage, text, whole ? null : span, false, false);
  }
  const toggle = el(
    "button",
    { type: "button", class: "btn", "aria-expanded": String(!!expanded?.text), onclick: () => togglePassage(toggle) },
    expanded?.loading ? t.loading : expanded?.text ? t.collapse : t.expand,
  );
  const parts = [el("h3", { class: "doc-title" }, c.title || c.doc_id), meta, passage, el("div", { class: "after" }, toggle)];
  if (expanded?.error) parts.push(el("p", { class: "error-text", role: "alert" }, t.errPassage));
  ui.panelBody.replaceChildren(...parts);
}

/** Put text into the passage element with the [start, end) span wrapped in <mark>. */
function fillPassage(node, text, span, before, after) {
  if (before) node.append("… ");
  if (span) {
    node.append(text.slice(0, span[0]), el("mark", {}, text.slice(span[0], span[1])), text.slice(span[1]));
  } else {
    node.append(text);
  }
  if (after) node.append(" …");
}

async function togglePassage(button) {
  const panel = state.panel;
  if (panel.expanded?.text) {
    panel.expanded = null;
    renderPanel();
    ui.panelBody.querySelector(".after .btn")?.focus();
    return;
  }
  const c = panel.turn.result.citations[panel.n - 1];
  panel.expanded = { loading: true };
  button.textContent = t.loading;
  const start = Math.max(0, c.start - CONTEXT_CHARS);
  const end = c.end + CONTEXT_CHARS;
  try {
    const query = new URLSearchParams({ start: String(start), end: String(end) });
    const res = await apiFetch(`/api/documents/${encodeURIComponent(c.doc_id)}/text?${query}`, undefined, {}, "GET");
    if (!res.ok) throw await httpError(res);
    const data = await res.json();
    if (state.panel !== panel) return;
    panel.expanded = { text: String(data.text || ""), start: Number(data.start) || 0, section: data.section, more: Number(data.end) >= end };
  } catch {
    if (state.panel !== panel) return;
    panel.expanded = { error: true };
  }
  renderPanel();
  ui.panelBody.querySelector(".after .btn")?.focus();
  ui.panelBody.querySelector("mark")?.scrollIntoView({ block: "center" });
}

// ---------- composer and page ----------

function autosize() {
  ui.input.style.height = "auto";
  ui.input.style.height = `${Math.min(ui.input.scrollHeight, 200)}px`;
}

function announce(text) {
  ui.status.textContent = "";
  setTimeout(() => {
    ui.status.textContent = text;
  }, 50);
}

function newConversation() {
  state.controller?.abort();
  Object.assign(state, { turns: [], busy: false, controller: null });
  ui.send.disabled = false;
  closePanel();
  saveConversation();
  renderThread();
  ui.input.focus();
}

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  ask(ui.input.value);
});
ui.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ask(ui.input.value);
  }
});
ui.input.addEventListener("input", autosize);
ui.newChat.addEventListener("click", newConversation);
ui.langSwitch.addEventListener("click", () => {
  state.lang = state.lang === "zh" ? "en" : "zh";
  write(STORE.lang, state.lang);
  applyLanguage();
});
ui.panelClose.addEventListener("click", closePanel);
ui.backdrop.addEventListener("click", closePanel);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && state.panel && !ui.keyDialog.open) closePanel();
});

applyLanguage();
if (state.turns.length) views.get(state.turns.at(-1))?.li.scrollIntoView({ block: "end" });
ui.input.focus();
