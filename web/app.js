// The staff chat page. Every string from the server or from documents goes into the page as text
// (text nodes / textContent), never as HTML.

import { STRINGS, formatUnit, formatValue, genericMeasure, hasCJK, initialLang } from "./i18n.js";
import { readEvents } from "./sse.js";
import { el, icon, findQuote } from "./dom.js";
import { loadConversations, newConversation, saveConversations, titleOf, toMarkdown } from "./conversations.js";

const STORE = { lang: "qa.lang", key: "qa.apiKey" };
const LINK_CONTEXT = 200; // characters shown around a linked passage before "show more"
const MAX_HISTORY = 12; // messages sent with a follow-up question
const CONTEXT_CHARS = 600; // characters on each side of a quote when a passage is expanded

const $ = (id) => document.getElementById(id);
const ui = {
  layout: $("layout"), chat: $("chat"), empty: $("empty"), examples: $("examples"), thread: $("thread"),
  form: $("composer"), input: $("question"), send: $("send"), status: $("status"),
  panel: $("panel"), panelTitle: $("panel-title"), panelBody: $("panel-body"), panelClose: $("panel-close"),
  backdrop: $("backdrop"), newChat: $("new-chat"), langSwitch: $("lang-switch"),
  keyDialog: $("key-dialog"), keyInput: $("key-input"), keyText: $("key-text"),
  threadTitle: $("thread-title"), convs: $("convs"), convList: $("conv-list"), convsToggle: $("convs-toggle"),
  convsClose: $("convs-close"),
};

const saved = loadConversations({ read, write });
const state = {
  lang: initialLang(read(STORE.lang)),
  convs: saved.list,
  current: saved.current,
  busy: false,
  controller: null, // aborts the answer in flight (Stop, a new question, another conversation)
  panel: null, // {c, n, turn, invoker, expanded}: the citation or linked passage shown
  docs: null, // doc_id -> metadata from /api/documents (English titles, the original's file type)
  renaming: null, // id of the conversation whose name is being edited
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

function conversation() {
  return state.convs.find((c) => c.id === state.current);
}

function turns() {
  return conversation().turns;
}

function saveConversation() {
  state.convs.sort((a, b) => b.updated - a.updated);
  saveConversations({ read, write }, state.convs, state.current);
  renderConvs();
}

function touch() {
  conversation().updated = Date.now();
  saveConversation();
}

/** Every report's metadata, fetched once and only when needed, without asking for a key (English titles,
 * original file types). */
let docsLoading = null;

function loadDocs() {
  if (!state.docs && !docsLoading) docsLoading = fetchDocs().finally(() => (docsLoading = null));
  return docsLoading || Promise.resolve();
}

async function fetchDocs() {
  try {
    const key = read(STORE.key);
    const res = await fetch("/api/documents", { headers: key ? { Authorization: `Bearer ${key}` } : {} });
    if (!res.ok) return;
    const data = await res.json();
    state.docs = Object.fromEntries((data.documents || []).map((d) => [d.doc_id, d]));
  } catch {
    return;
  }
  // Show what the metadata changes (English titles, a PDF's page link), unless it would take the focus away.
  if (state.lang === "en" && !ui.thread.contains(document.activeElement)) renderThread();
  if (state.panel && !ui.panelBody.contains(document.activeElement)) renderPanel();
}

/** A cited report's title in the page's language: the English title when the metadata has one. */
function docTitle(c) {
  const meta = state.docs?.[c.doc_id];
  const title = state.lang === "en" ? meta?.title_en || c.title_en || c.title : c.title || meta?.title;
  return quoteIfChinese(title || c.doc_id);
}

/** In the English interface, Chinese from the reports is shown as a quotation. */
function quoteIfChinese(text) {
  return state.lang === "en" && hasCJK(text) ? `“${text}”` : text;
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
  ui.newChat.setAttribute("aria-label", t.newChat);
  ui.input.placeholder = t.placeholder;
  ui.form.setAttribute("aria-label", t.askForm);
  ui.panelClose.setAttribute("aria-label", t.close);
  ui.convsClose.setAttribute("aria-label", t.close);
  ui.convsToggle.setAttribute("aria-label", t.openConversations);
  ui.examples.replaceChildren(
    ...t.exampleQuestions.map((q) =>
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", class: "example", lang: hasCJK(q) ? "zh-CN" : "en", "aria-label": q, onclick: () => ask(q) },
          quoteIfChinese(q),
        ),
      ),
    ),
  );
  updateSend();
  renderThread();
  renderConvs();
  if (state.panel) renderPanel();
}

// ---------- conversations ----------

function renderConvs() {
  const items = state.convs
    .filter((c) => c.turns.length || c.id === state.current)
    .map((c) => (c.id === state.renaming ? renameForm(c) : convItem(c)));
  ui.convList.replaceChildren(...items);
}

function convItem(c) {
  const title = titleOf(c, t.untitled);
  const current = c.id === state.current;
  return el(
    "li",
    { class: current ? "conv current" : "conv" },
    el(
      "button",
      { type: "button", class: "conv-open", "aria-current": current ? "true" : null, onclick: () => selectConversation(c.id) },
      title,
    ),
    el("button", { type: "button", class: "icon-btn", "aria-label": t.rename(title), title: t.rename(title), onclick: () => startRename(c.id) }, icon("i-edit")),
    el("button", { type: "button", class: "icon-btn", "aria-label": t.exportMd(title), title: t.exportMd(title), onclick: () => exportConversation(c) }, icon("i-down-file")),
    el("button", { type: "button", class: "icon-btn", "aria-label": t.deleteConv(title), title: t.deleteConv(title), onclick: () => deleteConversation(c) }, icon("i-trash")),
  );
}

function renameForm(c) {
  const id = `rename-${c.id}`;
  const input = el("input", { id, type: "text", maxlength: "120", autocomplete: "off" });
  input.value = titleOf(c, "");
  const done = (save) => {
    if (save) {
      c.title = input.value.replace(/\s+/g, " ").trim();
      saveConversation();
    }
    state.renaming = null;
    renderConvs();
    renderThreadTitle();
    ui.convList.querySelector(".conv.current .conv-open, .conv-open")?.focus();
  };
  const form = el(
    "form",
    { class: "conv rename" },
    el("label", { for: id, class: "sr-only" }, t.renameLabel),
    input,
    el("button", { type: "submit", class: "btn primary" }, t.save),
    el("button", { type: "button", class: "btn", onclick: () => done(false) }, t.cancel),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    done(true);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      done(false);
    }
  });
  return el("li", {}, form);
}

function startRename(id) {
  state.renaming = id;
  renderConvs();
  ui.convList.querySelector(".rename input")?.select();
}

function selectConversation(id) {
  if (id !== state.current) {
    stop();
    state.current = id;
    closePanel();
    saveConversation();
    renderThread();
  }
  toggleConvs(false);
  ui.input.focus();
}

function deleteConversation(c) {
  if (!window.confirm(t.confirmDelete(titleOf(c, t.untitled)))) return;
  if (c.id === state.current) stop();
  state.convs = state.convs.filter((other) => other !== c);
  if (!state.convs.some((other) => other.id === state.current)) {
    const next = state.convs.find((other) => other.turns.length) || newConversation();
    if (!state.convs.includes(next)) state.convs.unshift(next);
    state.current = next.id;
    closePanel();
    renderThread();
  }
  saveConversation();
  announce(t.deleted);
  ui.convList.querySelector(".conv-open")?.focus();
}

function exportConversation(c) {
  const markdown = toMarkdown(c, t, docTitle, (cite) => passageLink(cite));
  const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
  const name = titleOf(c, "conversation").replace(/[\\/:*?"<>|\s]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  const link = el("a", { href: url, download: `${name || "conversation"}.md`, class: "sr-only" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function toggleConvs(open) {
  ui.convs.hidden = !open;
  ui.convsToggle.setAttribute("aria-expanded", String(open));
  if (open) {
    renderConvs();
    (ui.convList.querySelector(".conv-open[aria-current]") || ui.convsClose).focus();
  } else if (ui.convs.contains(document.activeElement)) {
    ui.convsToggle.focus();
  }
}

function startConversation() {
  stop();
  if (turns().length) {
    const fresh = newConversation();
    state.convs.unshift(fresh);
    state.current = fresh.id;
  }
  closePanel();
  saveConversation();
  renderThread();
  ui.input.focus();
}

// ---------- the thread ----------

function renderThreadTitle() {
  ui.threadTitle.textContent = titleOf(conversation(), t.thread);
}

function renderThread() {
  const list = turns();
  ui.thread.replaceChildren(...list.map(renderTurn));
  ui.empty.hidden = list.length > 0;
  renderThreadTitle();
}

function isLast(turn) {
  return turns().at(-1) === turn;
}

function renderTurn(turn) {
  const answer = el("div", { class: "answer-text", "aria-live": "polite", "aria-busy": String(!!turn.streaming) });
  const bubble = el("div", { class: "bubble assistant" });
  const li = el("li", { class: "turn" }, turn.editing ? editForm(turn) : questionBubble(turn), bubble);
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
  } else if (turn.error?.kind === "stopped") {
    bubble.classList.add("stopped");
    answer.textContent = turn.text || "";
    bubble.append(el("p", { class: "note" }, t.stopped), el("div", { class: "after" }, regenerateButton(turn)));
  } else if (turn.error) {
    bubble.classList.add("error");
    answer.append(...errorNodes(turn));
  } else {
    answer.textContent = turn.text || "";
    if (!turn.text) answer.append(el("span", { class: "thinking" }, t.thinking));
    if (turn.sources?.length) bubble.append(foundList(turn.sources));
  }
  views.set(turn, { li, answer });
  return li;
}

function questionBubble(turn) {
  return el(
    "div",
    { class: "bubble user" },
    el("span", { class: "sr-only" }, `${t.you}: `),
    el("p", { class: "q" }, turn.q),
    el(
      "button",
      { type: "button", class: "icon-btn edit", "aria-label": t.editQuestion(turn.q), title: t.editLabel, onclick: () => startEdit(turn) },
      icon("i-edit"),
    ),
  );
}

function editForm(turn) {
  const id = `edit-${turns().indexOf(turn)}`;
  const box = el("textarea", { id, rows: "2", maxlength: "2000" });
  box.value = turn.q;
  const cancel = () => {
    turn.editing = false;
    rerenderTurn(turn);
    views.get(turn)?.li.querySelector(".edit")?.focus();
  };
  const form = el(
    "form",
    { class: "bubble user editing" },
    el("label", { for: id, class: "sr-only" }, t.editLabel),
    box,
    el(
      "div",
      { class: "after" },
      el("button", { type: "submit", class: "btn primary" }, t.resend),
      el("button", { type: "button", class: "btn", onclick: cancel }, t.cancel),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    resend(turn, box.value);
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") cancel();
    else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      resend(turn, box.value);
    }
  });
  return form;
}

function startEdit(turn) {
  turn.editing = true;
  rerenderTurn(turn);
  const box = views.get(turn)?.li.querySelector(".editing textarea");
  box?.focus();
  box?.setSelectionRange(box.value.length, box.value.length);
}

/** Ask an edited question in place of a past one: it and everything after it are replaced. */
function resend(turn, question) {
  if (!question.trim()) return;
  stop();
  const list = turns();
  const at = list.indexOf(turn);
  if (at >= 0) list.splice(at);
  if (state.panel?.turn && !list.includes(state.panel.turn)) closePanel();
  renderThread();
  ask(question);
}

/** The passages retrieval found, shown while the answer is being written. */
function foundList(sources) {
  const items = sources.map((c) => {
    const meta = [quoteIfChinese(c.section), c.page != null ? `${t.page} ${c.page}` : ""].filter(Boolean).join(" · ");
    return el(
      "li",
      {},
      el("div", { class: "src-body" }, el("span", { class: "src-title" }, docTitle(c)), meta ? el("span", { class: "src-meta" }, meta) : null),
    );
  });
  return el("section", { class: "sources found", "aria-label": t.sources }, el("h3", {}, t.sources), el("ol", {}, ...items));
}

function rerenderTurn(turn) {
  if (!turns().includes(turn)) return; // the conversation was cleared or switched meanwhile
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
    nodes.push(citeButton(turn, n, `[${n}]`, false));
    last = m.index + m[0].length;
  }
  nodes.push(document.createTextNode(answer.slice(last)));
  return nodes;
}

/** A button that opens citation n. Only the sources list's buttons are in the Tab order: the markers in the
 * text and the figures table would repeat the same target many times over. */
function citeButton(turn, n, label, tabbable) {
  const c = turn.result.citations[n - 1];
  return el(
    "button",
    {
      type: "button", class: "cite", "aria-label": t.openSource(n, docTitle(c)),
      "aria-controls": "panel", "data-cite": String(n), tabindex: tabbable ? null : "-1",
      onclick: (event) => openPanel(turn, n, event.currentTarget),
    },
    label,
  );
}

function sourceList(turn) {
  const { citations, abstained } = turn.result;
  const items = citations.map((c) => {
    const meta = [quoteIfChinese(c.section), c.page != null ? `${t.page} ${c.page}` : ""].filter(Boolean).join(" · ");
    const body = [el("span", { class: "src-title" }, docTitle(c))];
    if (meta) body.push(el("span", { class: "src-meta" }, meta));
    if (abstained) body.push(el("span", { class: "src-snippet" }, quoteIfChinese(snippet(c.quote || c.text, 140))));
    return el("li", {}, citeButton(turn, c.id, `[${c.id}]`, true), el("div", { class: "src-body" }, ...body));
  });
  const heading = abstained ? t.related : t.sources;
  return el("section", { class: "sources", "aria-label": heading }, el("h3", {}, heading), el("ol", {}, ...items));
}

function snippet(text, max) {
  const s = String(text || "").replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function figureLabel(f) {
  if (state.lang !== "en") return f.label || f.raw;
  if (f.label_en) return f.label_en;
  // No English label: say what is counted, with the report's own words as the original term.
  return f.label ? `${genericMeasure(f.unit)} (${f.label})` : genericMeasure(f.unit);
}

function figureTable(turn) {
  const { figures, citations } = turn.result;
  // Two citations quoting the same sentence carry the same figures: each figure is listed once.
  const seen = new Set();
  const unique = figures.filter((f) => {
    const c = citations[f.citation - 1];
    const key = JSON.stringify([f.value, f.unit, f.label, f.year, c ? [c.doc_id, c.start, c.end] : f.citation]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rows = unique.map((f) =>
    el(
      "tr",
      {},
      el("td", {}, figureLabel(f)),
      el("td", { class: "num", title: f.raw }, formatValue(f.value, state.lang)),
      el("td", { class: "unit" }, formatUnit(f.unit, state.lang)),
      el("td", { class: "num" }, f.year != null ? String(f.year) : "—"),
      el("td", {}, citations[f.citation - 1] ? citeButton(turn, f.citation, `[${f.citation}]`, false) : ""),
    ),
  );
  // The table may scroll sideways on a phone: the region takes focus so the keyboard can scroll it too.
  return el(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t.figures },
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

function regenerateButton(turn) {
  return el(
    "button",
    { type: "button", class: "btn with-icon regenerate", onclick: () => regenerate(turn) },
    icon("i-redo"),
    t.regenerate,
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
  if (isLast(turn)) wrap.append(regenerateButton(turn));
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
    (c) => `[${c.id}] ${docTitle(c)}${c.section ? ` — ${c.section}` : ""}${c.page != null ? `, ${t.page} ${c.page}` : ""}`,
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
  for (const other of turns()) {
    if (other === turn) break;
    if (!other.result || other.result.abstained) continue;
    past.push({ role: "user", content: other.q }, { role: "assistant", content: other.result.answer });
  }
  return past.slice(-MAX_HISTORY);
}

/** Ask a question. While an answer is still coming, a new question stops it and is asked at once. */
async function ask(question) {
  question = question.trim();
  if (!question) return;
  if (state.busy) {
    stop();
    announce(t.stoppedAndSent);
  }
  const turn = { q: question, streaming: true, text: "" };
  turns().push(turn);
  turn.history = historyBefore(turn);
  ui.input.value = "";
  autosize();
  touch();
  rerenderTurn(turn);
  renderThreadTitle();
  views.get(turn).li.scrollIntoView({ block: "end" });
  await run(turn);
}

async function retry(turn) {
  if (turn.error?.kind === "key") {
    const key = await promptForKey(false);
    if (!key) return;
  }
  await regenerate(turn);
}

/** Ask a turn's question again (same history) and replace its answer. */
async function regenerate(turn) {
  stop();
  Object.assign(turn, { streaming: true, text: "", error: null, result: null, feedback: null, sources: null });
  if (state.panel?.turn === turn) closePanel();
  rerenderTurn(turn);
  await run(turn);
}

/** Stop the answer in flight, if there is one; what was written so far stays. */
function stop() {
  if (!state.busy) return;
  state.controller?.abort();
  Object.assign(state, { busy: false, controller: null });
  updateSend();
}

function updateSend() {
  const stopping = state.busy;
  ui.send.type = stopping ? "button" : "submit";
  ui.send.classList.toggle("stop", stopping);
  ui.send.setAttribute("aria-label", stopping ? t.stop : t.send);
  ui.send.replaceChildren(icon(stopping ? "i-stop" : "i-send"));
}

async function run(turn) {
  const controller = new AbortController();
  Object.assign(state, { busy: true, controller });
  updateSend();
  announce(t.thinking);
  performance.clearMarks("qa-first-delta");
  performance.clearMarks("qa-sources");
  performance.mark("qa-send");
  const docs = state.lang === "en" ? loadDocs() : null; // the sources' English titles, fetched alongside the answer
  try {
    turn.result = await streamAnswer(turn, controller.signal);
    if (docs) await Promise.race([docs, new Promise((resolve) => setTimeout(resolve, 2000))]);
    announce(t.answerReady);
  } catch (error) {
    if (controller.signal.aborted) {
      turn.error = { kind: "stopped" };
      announce(t.stopped);
    } else {
      turn.error = error?.kind ? error : { kind: turn.text ? "cut" : "network" };
    }
  } finally {
    turn.streaming = false;
    if (state.controller === controller) Object.assign(state, { busy: false, controller: null });
    updateSend();
    rerenderTurn(turn);
    saveConversation();
    if (!controller.signal.aborted) views.get(turn)?.li.scrollIntoView({ block: "nearest" });
  }
}

/** The ask result for a turn: the passages found as soon as they are, then the answer text as it is written. */
async function streamAnswer(turn, signal) {
  const body = { question: turn.q, history: turn.history || [] };
  let res = await apiFetch("/api/ask/stream", body, { Accept: "text/event-stream" }, "POST", signal);
  if (res.status === 404 || res.status === 405) res = await apiFetch("/api/ask", body, {}, "POST", signal); // no streaming route
  if (!res.ok) throw await httpError(res);
  if (!(res.headers.get("content-type") || "").includes("text/event-stream")) return res.json();

  let result = null;
  let failure = null;
  const showText = () => {
    const view = views.get(turn);
    if (!view) return;
    view.answer.textContent = turn.text;
    view.li.scrollIntoView({ block: "nearest" });
  };
  await readEvents(res, (name, data) => {
    if (signal.aborted) return;
    if (name === "sources" && Array.isArray(data?.sources)) {
      turn.sources = data.sources;
      rerenderTurn(turn);
      performance.mark("qa-sources");
    } else if (name === "delta" && typeof data?.text === "string") {
      turn.text += data.text;
      showText();
      if (!performance.getEntriesByName("qa-first-delta").length && turn.text.trim()) performance.mark("qa-first-delta");
    } else if (name === "reset") {
      turn.text = ""; // a model's answer that did not check out: the checked one follows
      showText();
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
    throw signal?.aborted ? { kind: "stopped" } : { kind: "network" };
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

/** The page's link to a passage (the format Slack's citation links use): /?doc=…&start=…&end=… */
function passageLink(c) {
  const query = new URLSearchParams({ doc: c.doc_id, start: String(c.start), end: String(c.end) });
  return `${location.origin}${location.pathname}?${query}`;
}

function openPanel(turn, n, invoker) {
  showPanel({ c: turn.result.citations[n - 1], n, turn, invoker, expanded: null });
}

function showPanel(panel) {
  state.panel = panel;
  loadDocs(); // whether the original is a PDF (to link its page), and the English title
  renderPanel();
  ui.panel.hidden = false;
  ui.backdrop.hidden = false;
  ui.layout.classList.add("with-panel");
  document.body.classList.add("panel-open");
  ui.panel.focus();
  ui.panelBody.querySelector("mark")?.scrollIntoView({ block: "nearest" });
}

/** Open the passage a link names (?doc=…&start=…&end=…), highlighted in its surrounding text. */
async function openLinkedPassage() {
  const params = new URLSearchParams(location.search);
  const doc = params.get("doc");
  const start = Number.parseInt(params.get("start") || "", 10);
  const end = Number.parseInt(params.get("end") || "", 10);
  if (!doc || !(start >= 0) || !(end > start)) return;
  const c = { doc_id: doc, title: doc, start, end, quote: "", text: "", section: "", page: null };
  const panel = { c, n: null, turn: null, invoker: ui.input, expanded: { loading: true } };
  showPanel(panel);
  try {
    const docPath = `/api/documents/${encodeURIComponent(doc)}/text`;
    const quoteRes = await apiFetch(`${docPath}?start=${start}&end=${end}`, undefined, {}, "GET");
    if (!quoteRes.ok) throw await httpError(quoteRes);
    const quoted = await quoteRes.json();
    Object.assign(c, { quote: String(quoted.text || ""), section: quoted.section || "", page: quoted.page ?? null, end: Number(quoted.end) });
    c.text = c.quote;
    await loadDocs();
    const meta = state.docs?.[doc];
    if (meta) Object.assign(c, { title: meta.title, title_en: meta.title_en });
    panel.expanded = await surrounding(c, LINK_CONTEXT);
  } catch {
    panel.expanded = { error: true };
  }
  if (state.panel === panel) {
    renderPanel();
    ui.panelBody.querySelector("mark")?.scrollIntoView({ block: "center" });
  }
}

async function surrounding(c, chars) {
  const start = Math.max(0, c.start - chars);
  const end = c.end + chars; // the server stops at the text's end
  const query = new URLSearchParams({ start: String(start), end: String(end) });
  const res = await apiFetch(`/api/documents/${encodeURIComponent(c.doc_id)}/text?${query}`, undefined, {}, "GET");
  if (!res.ok) throw await httpError(res);
  const data = await res.json();
  const text = String(data.text || "");
  const from = Number(data.start) || 0;
  return { text, start: from, section: data.section, more: Number(data.end) >= end };
}

function closePanel() {
  if (!state.panel) return;
  const { invoker, n } = state.panel;
  state.panel = null;
  ui.panel.hidden = true;
  ui.backdrop.hidden = true;
  ui.layout.classList.remove("with-panel");
  document.body.classList.remove("panel-open");
  if (n == null && location.search) history.replaceState(null, "", location.pathname); // a linked passage was read
  if (invoker?.isConnected) invoker.focus();
  else ui.input.focus();
}

function renderPanel() {
  const { c, n, expanded } = state.panel;
  ui.panelTitle.textContent = n == null ? t.linkedPassage : t.source(n);
  const meta = el("dl", { class: "meta" });
  const section = expanded?.section || c.section;
  if (section) meta.append(el("dt", {}, t.section), el("dd", {}, quoteIfChinese(section)));
  if (c.page != null) meta.append(el("dt", {}, t.page), el("dd", {}, String(c.page)));

  const passage = el("blockquote", { class: "passage", "aria-label": t.passage, lang: "zh-CN" });
  if (expanded?.text) {
    const at = c.start - expanded.start;
    const exact = at >= 0 && expanded.text.slice(at, at + c.quote.length) === c.quote;
    const span = exact ? [at, at + c.quote.length] : findQuote(expanded.text, c.quote);
    fillPassage(passage, expanded.text, span, expanded.start > 0, expanded.more);
  } else if (expanded?.loading && !c.text) {
    passage.append(t.loading);
  } else {
    const text = c.text || "";
    const span = findQuote(text, c.quote || "");
    // A related passage of an abstention is its own "quote": marking all of it would say nothing.
    const whole = span && span[0] === 0 && span[1] === text.length && n != null;
    fillPassage(passage, text, whole ? null : span, false, false);
  }
  const toggle = el(
    "button",
    { type: "button", class: "btn", "aria-expanded": String(!!expanded?.text), onclick: () => togglePassage(toggle) },
    expanded?.loading ? t.loading : expanded?.text ? t.collapse : t.expand,
  );
  const pdf = String(state.docs?.[c.doc_id]?.source || "").toLowerCase().endsWith(".pdf");
  const original = el(
    "a",
    {
      class: "btn with-icon", target: "_blank", rel: "noopener",
      href: `/api/documents/${encodeURIComponent(c.doc_id)}/file${pdf && c.page != null ? `#page=${c.page}` : ""}`,
    },
    pdf && c.page != null ? t.openOriginalPage(c.page) : t.openOriginal,
  );
  const link = el("button", { type: "button", class: "btn with-icon", onclick: () => copyText(passageLink(c), t.linkCopied) }, icon("i-link"), t.copyLink);
  const parts = [el("h3", { class: "doc-title" }, docTitle(c)), meta, passage, el("div", { class: "after" }, toggle, link, original)];
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
  panel.expanded = { loading: true };
  button.textContent = t.loading;
  try {
    const expanded = await surrounding(panel.c, CONTEXT_CHARS);
    if (state.panel !== panel) return;
    panel.expanded = expanded;
  } catch {
    if (state.panel !== panel) return;
    panel.expanded = { error: true };
  }
  renderPanel();
  ui.panelBody.querySelector(".after .btn")?.focus();
  ui.panelBody.querySelector("mark")?.scrollIntoView({ block: "center" });
}

async function copyText(text, done) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    ok = false;
  }
  announce(ok ? done : t.copyFailed);
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

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  ask(ui.input.value);
});
ui.send.addEventListener("click", (event) => {
  if (ui.send.type === "button") {
    event.preventDefault();
    stop();
    ui.input.focus();
  }
});
ui.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ask(ui.input.value);
  }
});
ui.input.addEventListener("input", autosize);
ui.newChat.addEventListener("click", startConversation);
ui.convsToggle.addEventListener("click", () => toggleConvs(ui.convs.hidden));
ui.convsClose.addEventListener("click", () => toggleConvs(false));
ui.langSwitch.addEventListener("click", () => {
  state.lang = state.lang === "zh" ? "en" : "zh";
  write(STORE.lang, state.lang);
  applyLanguage();
  if (state.lang === "en" && turns().length) loadDocs();
});
ui.panelClose.addEventListener("click", closePanel);
ui.backdrop.addEventListener("click", closePanel);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || ui.keyDialog.open) return;
  if (!ui.convs.hidden) toggleConvs(false);
  else if (state.panel) closePanel();
});

applyLanguage();
if (turns().length) views.get(turns().at(-1))?.li.scrollIntoView({ block: "end" });
ui.input.focus();
if (state.lang === "en" && turns().length) loadDocs(); // English titles of the saved answers' sources
openLinkedPassage();
