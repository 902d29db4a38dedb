/*
 * Mock Interviewer front end: plain JavaScript, no build step, nothing loaded from elsewhere.
 *
 * Everything the server or the candidate wrote is put on the page with textContent / createElement;
 * this file never assigns HTML strings, so an answer such as <script>…</script> is shown as text.
 *
 * Views (hash routes):  #/ home (resumes the interview in progress, else the start form)
 *                       #/new          start form
 *                       #/interview    the current interview (id kept in localStorage)
 *                       #/history      past interviews
 *                       #/history/<id> one past interview: transcript + scorecard
 */
"use strict";

(() => {
  const TOKEN_KEY = "mockInterview.token";
  const CURRENT_KEY = "mockInterview.currentInterview";
  const HINTS_KEY = "mockInterview.hints";
  const DRAFT_PREFIX = "mockInterview.draft.";
  const NOTES_KEY = "mockInterview.notes."; // + interview id: the design notes being written
  const MOVE_ON = "Let's move on.";
  const HISTORY_PAGE = 20;
  const POLL_MS = 1000;
  const MAX_RETRY_MS = 15000;
  // A gap between messages longer than this is a pause, not time spent answering (the server counts the same).
  const IDLE_GAP_MS = 15 * 60 * 1000;
  // On a phone Enter must type a line break: there is no Shift key to ask for one.
  const TOUCH = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  const PREPARED = "Prepared follow-up";
  const PREPARED_HINT = "The AI interviewer was not available in time, so this follow-up is a prepared one.";

  const CATEGORY_ORDER = [
    "behavioral",
    "system_design",
    "technical_leadership",
    "crisis_pressure",
    "metrics",
    "unique",
  ];
  const CATEGORY_NAMES = {
    system_design: "System design",
    behavioral: "Behavioral",
    technical_leadership: "Technical leadership",
    crisis_pressure: "Crisis & pressure",
    metrics: "Metrics",
    unique: "Unique / strategic",
  };
  const KIND_NAMES = {
    success_factor: "Success factor",
    leadership_principle: "Leadership principle",
    success_pattern: "Success pattern",
    deep_dive: "Deep dive",
    system_design: "System design",
    strategic: "Strategic",
  };
  const REC_CLASS = {
    "Strong Hire": "rec--strong-hire",
    Hire: "rec--hire",
    "No Hire": "rec--no-hire",
    "Strong No Hire": "rec--strong-no-hire",
  };

  const state = {
    questions: [],
    questionsById: new Map(),
    framework: null,
    current: null, // InterviewPublic being practised
    sending: false,
    timerId: null,
    pollId: null,
    routeSeq: 0,
    lastRouted: null,
    booted: false,
    history: { items: [], count: 0 },
    review: null,
    hints: false,
    pending: null, // {interviewId, replyTo, text, key}: one Idempotency-Key per answer, reused on every retry
    clock: null, // {id, base, since}: the timer counts time spent, not time since the interview was created
    pollDelay: POLL_MS,
    maxNotesChars: null, // MAX_NOTES_CHARS, from /healthz
  };

  // ---------------------------------------------------------------- DOM helpers

  const $ = (id) => document.getElementById(id);

  /** el("p", {class: "x", text: "hello"}, child, "text child") — never parses HTML. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === "text") node.textContent = String(value);
        else if (key === "class") node.className = value;
        else if (key === "dataset") Object.assign(node.dataset, value);
        else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
        else if (value === true) node.setAttribute(key, "");
        else node.setAttribute(key, String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function announce(message) {
    const region = $("announcer");
    region.textContent = "";
    window.setTimeout(() => {
      region.textContent = message;
    }, 60);
  }

  // ---------------------------------------------------------------- storage

  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function save(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch {
      /* storage disabled: the page still works for this visit */
    }
  }

  // ---------------------------------------------------------------- formatting

  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

  function fmtDate(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? "" : dateFormat.format(d);
  }

  function fmtTime(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? "" : timeFormat.format(d);
  }

  function fmtClock(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return h ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
  }

  function humanize(slug) {
    const text = String(slug || "").replace(/[-_]+/g, " ").trim();
    return text ? text[0].toUpperCase() + text.slice(1) : "";
  }

  function categoryName(id) {
    return CATEGORY_NAMES[id] || humanize(id);
  }

  function principleName(id) {
    const lp = state.framework && state.framework.leadership_principles.find((p) => p.id === id);
    return lp ? lp.name : humanize(id);
  }

  function roundName(id) {
    const round = state.framework && state.framework.rounds.find((r) => r.id === id);
    return round ? round.name : humanize(id);
  }

  /** The question's own duration, or the suggestion by category (labelled as one). */
  function durationOf(question) {
    if (question.duration) {
      const d = question.duration;
      return { text: d.text, min: d.min_minutes, max: d.max_minutes, suggested: false };
    }
    if (question.category === "system_design") return { text: "45–60 minutes", min: 45, max: 60, suggested: true };
    return { text: "about 15 minutes", min: 15, max: 15, suggested: true };
  }

  function probeInfo(probe, question) {
    if (!probe) return null;
    // The interviewer's generic probes, as the service names them (GET /api/framework).
    const generic = ((state.framework && state.framework.probes) || []).find((p) => p.id === probe);
    if (generic) return { label: generic.label, detail: null };
    const followUp = ((question && question.follow_ups) || []).find((f) => f.id === probe);
    if (followUp) {
      // "Follow-ups" / "Common Follow-ups" say nothing; "Pressure Points" or "Deep Dive" do.
      const plain = /^(common |detailed |critical |strategic )?follow-?ups?$/i.test(followUp.heading.trim());
      return { label: plain ? "Documented follow-up" : followUp.heading, detail: followUp.text };
    }
    const topic = ((question && question.scenario && question.scenario.dives) || []).find((d) => d.id === probe);
    if (topic) return { label: "Deep dive", detail: topic.text };
    return { label: humanize(probe), detail: null };
  }

  /** A system design round's phases by id ({id, label, minutes}); empty for a behavioural question. */
  function phasesOf(interview) {
    return new Map(((interview && interview.phases) || []).map((p) => [p.id, p]));
  }

  function isDesign(interview) {
    return Boolean(interview && interview.phases && interview.phases.length);
  }

  /** Follow-ups asked so far: the deepest interviewer message (the close repeats the last depth). */
  function depthOf(interview) {
    return interview.messages.reduce((max, m) => (m.role === "interviewer" ? Math.max(max, m.depth || 0) : max), 0);
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---------------------------------------------------------------- HTTP

  class ApiError extends Error {
    constructor(status, message, type = null) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }

  async function errorFrom(response) {
    let message = `${response.status} ${response.statusText || "error"}`.trim();
    let type = null;
    try {
      const body = await response.json();
      const detail = body && body.detail;
      if (typeof detail === "string") message = detail;
      else if (Array.isArray(detail)) {
        message = detail.map((d) => (d && d.msg ? String(d.msg) : JSON.stringify(d))).join("; ");
        type = (detail[0] && detail[0].type) || null;
      }
    } catch {
      /* not JSON: keep the status line */
    }
    if (response.status === 429 && !/limit/i.test(message)) message = `Too many requests: ${message}`;
    return new ApiError(response.status, message, type);
  }

  let tokenPromise = null;

  function ensureToken() {
    const stored = load(TOKEN_KEY);
    if (stored) return Promise.resolve(stored);
    if (!tokenPromise) {
      tokenPromise = (async () => {
        const response = await fetch("/api/tokens", { method: "POST", headers: { Accept: "application/json" } });
        if (!response.ok) throw await errorFrom(response);
        const { token } = await response.json();
        save(TOKEN_KEY, token);
        return token;
      })().finally(() => {
        tokenPromise = null;
      });
    }
    return tokenPromise;
  }

  /**
   * fetch with the bearer token; a 401 replaces a stale token once and retries.
   * Resolves to parsed JSON (null for 204), or the Response itself with {raw: true}.
   */
  async function api(path, { method = "GET", body, headers = {}, auth = true, raw = false } = {}) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const init = { method, headers: { Accept: "application/json", ...headers } };
      if (body !== undefined) {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      let token = null;
      if (auth) {
        token = await ensureToken();
        init.headers.Authorization = `Bearer ${token}`;
      }
      let response;
      try {
        response = await fetch(path, init);
      } catch {
        throw new ApiError(0, "Cannot reach the server. Check that it is still running, then try again.");
      }
      if (response.status === 401 && auth && attempt === 0) {
        if (load(TOKEN_KEY) === token) save(TOKEN_KEY, null);
        continue;
      }
      if (!response.ok) throw await errorFrom(response);
      if (raw) return response;
      if (response.status === 204) return null;
      return response.json();
    }
    throw new ApiError(401, "The server refused a new token.");
  }

  /**
   * Reads a text/event-stream body: `delta` ({text}), `reset` ({reason}) and one `message` (the turn).
   * Handles \r\n, \r and \n line ends split across chunks, comment lines (": ping") and multi-line data.
   */
  async function readTurn(response, on) {
    const type = response.headers.get("content-type") || "";
    if (!type.includes("text/event-stream")) return response.json();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let eventName = "";
    let data = [];
    let turn = null;

    const dispatch = () => {
      if (data.length) {
        const payload = JSON.parse(data.join("\n"));
        const name = eventName || "message";
        if (name === "delta") on.delta(payload.text || "");
        else if (name === "reset") on.reset(payload.reason || "");
        else if (name === "message") turn = payload;
      }
      eventName = "";
      data = [];
    };
    const handleLine = (line) => {
      if (line === "") return dispatch();
      if (line[0] === ":") return undefined;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value[0] === " ") value = value.slice(1);
      if (field === "event") eventName = value;
      else if (field === "data") data.push(value);
      return undefined;
    };

    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lineEnd = /\r\n|\r|\n/g;
      let start = 0;
      let match;
      while ((match = lineEnd.exec(buffer)) !== null) {
        // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
        if (match[0] === "\r" && match.index === buffer.length - 1 && !done) break;
        handleLine(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
      if (done) {
        if (buffer) handleLine(buffer);
        dispatch();
        break;
      }
    }
    return turn;
  }

  // ---------------------------------------------------------------- errors

  function showError(error) {
    const message = error instanceof Error ? error.message : String(error);
    $("error-text").textContent = message;
    show($("error-banner"), true);
    const box = $("error-banner").getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) $("error-banner").scrollIntoView({ block: "nearest" });
  }

  /** An error shown next to what the user just did, e.g. under the button they pressed. */
  function showErrorAt(node, error) {
    const message = error ? (error instanceof Error ? error.message : String(error)) : "";
    node.textContent = message;
    show(node, Boolean(message));
    if (message) node.scrollIntoView({ block: "nearest" });
  }

  function wait(ms) {
    return new Promise((resolve) => window.setTimeout(resolve, ms));
  }

  // ---------------------------------------------------------------- drafts and hints

  function draftKey(id) {
    return DRAFT_PREFIX + id;
  }

  function loadDraft(id) {
    try {
      const draft = JSON.parse(load(draftKey(id)) || "null");
      return draft && typeof draft.text === "string" ? draft : null;
    } catch {
      return null;
    }
  }

  function saveDraft(iv, text) {
    save(draftKey(iv.id), text.trim() ? JSON.stringify({ replyTo: askedSeq(iv), text }) : null);
  }

  /** The seq of the question being answered: the newest interviewer message. */
  function askedSeq(iv) {
    return iv.messages.reduce((max, m) => (m.role === "interviewer" ? Math.max(max, m.seq) : max), 0);
  }

  /** A draft still to send: not one the server already has (sent just before a reload or a lost response). */
  function unsentDraft(iv) {
    const draft = loadDraft(iv.id);
    if (!draft) return null;
    const sent = iv.messages.some((m) => m.role === "candidate" && m.seq === draft.replyTo + 1 && m.text === draft.text);
    if (sent || iv.status === "completed") {
      save(draftKey(iv.id), null);
      return null;
    }
    return draft.text;
  }

  function setHints(on) {
    state.hints = on;
    save(HINTS_KEY, on ? "on" : null);
    $("hints-toggle").checked = on;
    if (state.current && !$("view-interview").hidden) {
      const transcript = clear($("iv-transcript"));
      for (const message of state.current.messages) transcript.append(renderMessage(message, state.current.question, { hints: on }));
      updateInterviewStatus();
    }
  }

  function clearError() {
    show($("error-banner"), false);
    $("error-text").textContent = "";
  }

  function showAnswerError(message) {
    const node = $("answer-error");
    node.textContent = message;
    show(node, Boolean(message));
    $("answer").setAttribute("aria-invalid", message ? "true" : "false");
  }

  // ---------------------------------------------------------------- confirm dialog

  function confirmAction({ title, text, confirmLabel }) {
    const dialog = $("confirm-dialog");
    if (typeof dialog.showModal !== "function") return Promise.resolve(window.confirm(`${title}\n\n${text}`));
    const opener = document.activeElement;
    $("confirm-title").textContent = title;
    $("confirm-text").textContent = text;
    $("confirm-ok").textContent = confirmLabel;
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.addEventListener(
        "close",
        () => {
          if (opener && typeof opener.focus === "function" && document.contains(opener)) opener.focus();
          resolve(dialog.returnValue === "ok");
        },
        { once: true },
      );
      dialog.showModal();
      $("confirm-cancel").focus();
    });
  }

  // ---------------------------------------------------------------- shared renderers

  function tagList(question, level) {
    const tags = [el("span", { class: "tag tag--level", text: level })];
    tags.push(el("span", { class: "tag", text: categoryName(question.category) }));
    if (question.question_type_name) tags.push(el("span", { class: "tag tag--muted", text: question.question_type_name }));
    if (question.section && question.section !== question.question_type_name) {
      tags.push(el("span", { class: "tag tag--muted", text: question.section }));
    }
    return tags;
  }

  function fact(term, ...value) {
    return [el("dt", { text: term }), el("dd", null, ...value)];
  }

  function questionFacts(question, extra = []) {
    const rows = [];
    if (question.context) rows.push(fact("Context", question.context));
    const d = durationOf(question);
    rows.push(
      fact(
        d.suggested ? "Suggested time" : "Duration",
        d.text,
        d.suggested ? el("span", { class: "muted", text: " (a suggestion)" }) : null,
      ),
    );
    if (question.success_factor) rows.push(fact("Success factor", question.success_factor));
    if (question.scope) rows.push(fact("Scope", question.scope));
    if (question.leadership_principles && question.leadership_principles.length) {
      rows.push(fact("Leadership principles", question.leadership_principles.map(principleName).join(", ")));
    }
    if (question.rounds && question.rounds.length) rows.push(fact("Asked in", question.rounds.map(roundName).join(", ")));
    for (const [term, value] of extra) rows.push(fact(term, value));
    if (question.requirements && question.requirements.length) {
      rows.push(fact("Requirements", el("ul", { class: "plain-list" }, question.requirements.map((r) => el("li", { text: r })))));
    }
    return rows.flat();
  }

  /**
   * ``hints``: what the follow-up probes, live; ``showReason``: the review, with the planner's reasons and why
   * a prepared follow-up was used.
   */
  function renderMessage(message, question, { showReason = false, streaming = false, hints = showReason, notesBefore = null } = {}) {
    const mine = message.role === "candidate";
    const item = el("li", {
      class: `msg ${mine ? "msg--candidate" : "msg--interviewer"}${streaming ? " is-streaming" : ""}`,
      dataset: { seq: message.seq === undefined ? "" : String(message.seq), role: message.role },
    });
    const meta = el("div", { class: "msg__meta" }, el("span", { class: "msg__who", text: mine ? "You" : "Interviewer" }));
    const info = mine || !hints ? null : probeInfo(message.probe, question);
    if (info) meta.append(el("span", { class: "chip", text: info.label }));
    else if (!mine && message.depth === 0 && message.seq === 1) meta.append(el("span", { class: "chip chip--muted", text: "Opening question" }));
    else if (!mine && message.reason && !message.probe && !streaming) meta.append(el("span", { class: "chip chip--muted", text: "Closing" }));
    if (message.fallback) meta.append(el("span", { class: "chip chip--muted", title: PREPARED_HINT, text: PREPARED }));
    if (message.created_at) {
      meta.append(el("time", { class: "msg__time", datetime: message.created_at, text: fmtTime(message.created_at) }));
    }
    const body = el("div", { class: "msg__text" });
    body.textContent = message.text || "";
    if (streaming) {
      body.append(el("span", { class: "typing", "aria-hidden": "true" }, el("span"), el("span"), el("span")));
      item.setAttribute("aria-busy", "true");
    }
    item.append(meta, body);
    for (const notice of message.notices || []) item.append(el("p", { class: "msg__notice", text: notice }));
    if (mine && message.notes && message.notes !== notesBefore) {
      item.append(
        el("details", { class: "msg__notes" }, el("summary", { text: "Design notes sent with this answer" }), el("pre", { text: message.notes })),
      );
    }
    if (showReason && !mine && message.reason) {
      item.append(el("p", { class: "msg__reason" }, el("span", { class: "msg__reason-label", text: "Why: " }), message.reason));
    }
    if (showReason && message.fallback && message.fallback_reason) {
      item.append(el("p", { class: "msg__reason" }, el("span", { class: "msg__reason-label", text: "Model not used: " }), message.fallback_reason));
    }
    return item;
  }

  /** Every message of an interview, each phase of a design round under its heading; design notes are shown
   * where they changed. */
  function renderTranscript(host, interview, options = {}) {
    const phases = phasesOf(interview);
    let notesBefore = null;
    let phase = null;
    for (const message of interview.messages) {
      if (message.phase && message.phase !== phase && phases.has(message.phase)) {
        phase = message.phase;
        host.append(phaseDivider(phases.get(phase)));
      }
      host.append(renderMessage(message, interview.question, { ...options, notesBefore }));
      if (message.role === "candidate" && message.notes) notesBefore = message.notes;
    }
  }

  function phaseDivider(phase) {
    return el(
      "li",
      { class: "phase-divider", dataset: { phase: phase.id } },
      el("span", { class: "phase-divider__label", text: phase.label }),
      el("span", { class: "phase-divider__minutes", text: `about ${phase.minutes} min` }),
    );
  }

  function lastNotes(interview) {
    const sent = [...interview.messages].reverse().find((m) => m.role === "candidate" && m.notes);
    return sent ? sent.notes : null;
  }

  /** The notes pane of a design round: what is being written is kept in this browser until it is sent. */
  function renderNotesPane(interview) {
    const design = isDesign(interview);
    show($("iv-notes"), design);
    show($("move-on-button"), design && interview.status !== "completed");
    $("iv-layout").classList.toggle("has-notes", design);
    $("main").classList.toggle("container--wide", design);
    if (!design) return;
    const input = $("notes");
    input.value = load(NOTES_KEY + interview.id) ?? lastNotes(interview) ?? "";
    input.readOnly = interview.status === "completed";
    updateNotesCount();
  }

  function updateNotesCount() {
    const input = $("notes");
    const n = input.value.length;
    const limit = state.maxNotesChars;
    $("notes-count").textContent = n ? `${n.toLocaleString()}${limit ? ` of ${limit.toLocaleString()}` : ""} characters` : "";
    const over = limit && n > limit;
    const error = $("notes-error");
    error.textContent = over ? `The notes are over the ${limit.toLocaleString()}-character limit; shorten them to send your answer.` : "";
    show(error, Boolean(over));
  }

  function onNotesInput() {
    const iv = state.current;
    if (iv) save(NOTES_KEY + iv.id, $("notes").value);
    updateNotesCount();
  }

  function scoreMeter(score, max, label) {
    const meter = el("span", { class: "score", role: "img", "aria-label": label });
    for (let i = 1; i <= max; i += 1) meter.append(el("span", { class: `score__pip${i <= score ? " is-on" : ""}` }));
    return meter;
  }

  function renderScorecard(card, question, idPrefix) {
    const titleId = `${idPrefix}-scorecard-title`;
    const root = el("section", { class: "scorecard", "aria-labelledby": titleId });
    root.append(el("h2", { class: "scorecard__title", id: titleId, tabindex: "-1", text: "Scorecard" }));

    const scored = card.overall_score !== null && card.overall_score !== undefined;
    const overallPct = scored ? Math.max(0, Math.min(100, ((Number(card.overall_score) - 1) / 3) * 100)) : 0;
    const bar = el("span", { class: "bar__fill" });
    bar.style.width = `${overallPct}%`;
    root.append(
      el(
        "div",
        { class: "verdict" },
        el(
          "div",
          { class: "verdict__item" },
          el("span", { class: "verdict__label", text: "Recommendation" }),
          el("span", {
            class: `rec ${REC_CLASS[card.recommendation] || ""}`,
            "data-testid": "recommendation",
            text: card.recommendation || "Not enough to score",
          }),
        ),
        el(
          "div",
          { class: "verdict__item" },
          el("span", { class: "verdict__label", text: "Level verdict" }),
          el("span", { class: "verdict__value", "data-testid": "level-verdict", text: card.level_verdict || "Not assessed" }),
          el("span", { class: "verdict__sub", text: `interviewed at ${card.level}` }),
        ),
        el(
          "div",
          { class: "verdict__item" },
          el("span", { class: "verdict__label", text: "Overall" }),
          el("span", { class: "verdict__value", text: scored ? `${Number(card.overall_score).toFixed(1)} / 4` : "Not scored" }),
          el("span", { class: "bar", "aria-hidden": "true" }, bar),
        ),
      ),
    );
    root.append(
      el("p", {
        class: "muted small",
        text: card.model
          ? `Scored by ${card.scorer} (${card.model}).`
          : card.scorer === "offline"
            ? "Scored by the built-in scorer (no AI model)."
            : `Scored by the ${card.scorer} scorer.`,
      }),
    );

    if (card.level_reason) root.append(el("p", { class: "level-reason", "data-testid": "level-reason", text: card.level_reason }));
    if (card.red_flags && card.red_flags.length) {
      root.append(
        el("h3", { class: "section-title", text: "Red flags" }),
        el(
          "ul",
          { class: "red-flags", "data-testid": "red-flags" },
          card.red_flags.map((flag) =>
            el(
              "li",
              { class: "red-flag" },
              el("p", { text: `${flag.resolved ? "Reconciled" : "Not reconciled"}: your answers disagree on ${flag.about}.` }),
              el("ul", { class: "evidence" }, flag.quotes.map((quote) => el("li", null, el("blockquote", { class: "quote", text: quote })))),
            ),
          ),
        ),
      );
    }

    root.append(el("h3", { class: "section-title", text: "Dimensions" }));
    const list = el("ul", { class: "dimensions" });
    for (const d of card.dimensions) {
      const item = el(
        "li",
        { class: "dimension", "data-testid": "dimension" },
        el(
          "div",
          { class: "dimension__head" },
          el(
            "div",
            null,
            el("h4", { class: "dimension__name", text: d.name }),
            (KIND_NAMES[d.kind] || humanize(d.kind)) === d.name
              ? null
              : el("span", { class: "dimension__kind", text: KIND_NAMES[d.kind] || humanize(d.kind) }),
          ),
          el(
            "div",
            { class: "dimension__score" },
            d.score === null || d.score === undefined
              ? el("span", { class: "dimension__num dimension__num--na", text: "Not assessed" })
              : scoreMeter(d.score, 4, `Score ${d.score} of 4`),
            d.score === null || d.score === undefined
              ? null
              : el("span", { class: "dimension__num", "aria-hidden": "true", text: `${d.score}/4` }),
          ),
        ),
        el("p", { class: "dimension__rationale", text: d.rationale }),
      );
      if (d.evidence && d.evidence.length) {
        item.append(
          el("p", { class: "evidence__label", text: "Evidence from your answers" }),
          el("ul", { class: "evidence" }, d.evidence.map((quote) => el("li", null, el("blockquote", { class: "quote", text: quote })))),
        );
      } else if (d.score !== null && d.score !== undefined) {
        item.append(el("p", { class: "evidence__none", text: "No quote from your answers supports this dimension." }));
      }
      list.append(item);
    }
    root.append(list);

    if (card.improvements && card.improvements.length) {
      root.append(
        el("h3", { class: "section-title", text: "Improvements worth most" }),
        el("ol", { class: "advice" }, card.improvements.map((text) => el("li", { text }))),
      );
    }
    if (card.stronger_answer && card.stronger_answer.length) {
      root.append(
        el("h3", { class: "section-title", text: "A stronger answer would have contained" }),
        el("ul", { class: "advice advice--bullets" }, card.stronger_answer.map((text) => el("li", { text }))),
      );
    }
    if (card.dropped_quotes) {
      root.append(
        el("p", {
          class: "note",
          text: `${card.dropped_quotes} evidence quote${card.dropped_quotes === 1 ? " was" : "s were"} removed because ${card.dropped_quotes === 1 ? "it does" : "they do"} not appear in your answers.`,
        }),
      );
    }
    if (card.notes && card.notes.length) {
      root.append(el("ul", { class: "notes" }, card.notes.map((text) => el("li", { class: "note", text }))));
    }
    if (question && question.success_pattern) {
      root.append(
        el(
          "details",
          { class: "pattern" },
          el("summary", { text: "What strong answers to this question do" }),
          el("p", { text: question.success_pattern }),
        ),
      );
    }
    return root;
  }

  /** Save what ``path`` returns (Markdown or JSON) as a file called ``filename``. */
  async function downloadFile(path, filename, button, done = "Downloaded.") {
    clearError();
    if (button) button.disabled = true;
    try {
      const response = await api(path, { raw: true, headers: { Accept: "text/markdown, application/json" } });
      const type = response.headers.get("content-type") || "text/markdown;charset=utf-8";
      const blob = new Blob([await response.text()], { type });
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: filename, class: "visually-hidden" });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce(done);
    } catch (error) {
      showError(error);
    } finally {
      if (button) button.disabled = false;
    }
  }

  function downloadTranscript(id, button) {
    return downloadFile(`/api/interviews/${encodeURIComponent(id)}/transcript.md`, `interview-${id}.md`, button, "Transcript downloaded.");
  }

  // ---------------------------------------------------------------- views and routing

  const VIEWS = ["view-start", "view-interview", "view-history", "view-review"];

  function showView(id, title, focusTarget) {
    for (const view of VIEWS) show($(view), view === id);
    show($("boot"), false);
    document.title = `${title} · Mock Interviewer`;
    const practice = id === "view-start" || id === "view-interview";
    const current = extensionNav[id] || (practice ? "nav-practice" : "nav-history");
    for (const link of document.querySelectorAll(".site-nav__link")) {
      if (link.id === current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (id !== "view-interview") {
      stopInterviewTimers();
      $("main").classList.remove("container--wide");
    }
    if (state.booted && focusTarget) focusTarget.focus({ preventScroll: false });
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  /** Change the hash without re-routing: the caller has already rendered the view. */
  function replaceRoute(hash, { push = false } = {}) {
    state.lastRouted = hash;
    if (location.hash === hash) return;
    if (push) history.pushState(null, "", hash);
    else history.replaceState(null, "", hash);
  }

  async function route() {
    const seq = (state.routeSeq += 1);
    const stale = () => seq !== state.routeSeq;
    clearError();
    const hash = location.hash || "#/";
    state.lastRouted = hash;
    try {
      const extension = extensions.find((x) => x.match(hash));
      if (extension) {
        await extension.open(hash, stale);
      } else if (hash.startsWith("#/history/")) {
        await openReview(decodeURIComponent(hash.slice("#/history/".length)), stale);
      } else if (hash === "#/history") {
        await openHistory(stale);
      } else if (hash === "#/interview") {
        const id = load(CURRENT_KEY);
        if (!id) {
          replaceRoute("#/new");
          openStart();
          return;
        }
        await openInterview(id, stale);
      } else if (hash === "#/new") {
        openStart();
      } else {
        // Home: resume the interview in progress, if any.
        const id = load(CURRENT_KEY);
        const interview = id ? await fetchInterview(id) : null;
        if (stale()) return;
        if (interview && interview.status === "in_progress") {
          replaceRoute("#/interview");
          renderInterview(interview);
        } else {
          if (interview) save(CURRENT_KEY, null);
          replaceRoute("#/");
          openStart();
        }
      }
    } catch (error) {
      if (!stale()) {
        showView("view-start", "Practise", $("start-title"));
        showError(error);
      }
    }
  }

  /** GET an interview; a 404 (deleted, or another token) forgets it and returns null. */
  async function fetchInterview(id) {
    try {
      return await api(`/api/interviews/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status === 404) {
        if (load(CURRENT_KEY) === id) save(CURRENT_KEY, null);
        return null;
      }
      throw error;
    }
  }

  // ---------------------------------------------------------------- start view

  function selectedLevel() {
    const checked = document.querySelector('input[name="level"]:checked');
    return checked ? checked.value : "L6";
  }

  function selectedMode() {
    const checked = document.querySelector('input[name="mode"]:checked');
    return checked ? checked.value : "surprise";
  }

  function questionsFor(level, { category, principle } = {}) {
    return state.questions.filter(
      (q) =>
        q.levels.includes(level) &&
        (!category || q.category === category) &&
        (!principle || q.leadership_principles.includes(principle)),
    );
  }

  function fillSelect(select, options, keep) {
    const previous = keep ? select.value : null;
    clear(select);
    for (const option of options) select.append(option);
    if (previous && Array.from(select.options).some((o) => o.value === previous && !o.disabled)) select.value = previous;
    else {
      const first = Array.from(select.options).find((o) => !o.disabled);
      if (first) select.value = first.value;
    }
  }

  function populateStartForm() {
    const level = selectedLevel();
    const byCategory = (c) => questionsFor(level, { category: c }).length;
    fillSelect(
      $("category-select"),
      CATEGORY_ORDER.map((c) => {
        const n = byCategory(c);
        return el("option", { value: c, disabled: n === 0, text: `${categoryName(c)} (${n} question${n === 1 ? "" : "s"})` });
      }),
      true,
    );
    const principles = (state.framework && state.framework.leadership_principles) || [];
    fillSelect(
      $("principle-select"),
      principles.map((p) => {
        const n = questionsFor(level, { principle: p.id }).length;
        return el("option", { value: p.id, disabled: n === 0, text: n ? `${p.name} (${n})` : `${p.name} (none at ${level})` });
      }),
      true,
    );
    const groups = CATEGORY_ORDER.map((c) => {
      const qs = questionsFor(level, { category: c });
      if (!qs.length) return null;
      return el("optgroup", { label: categoryName(c) }, qs.map((q) => el("option", { value: q.id, text: q.text })));
    }).filter(Boolean);
    fillSelect($("question-select"), groups, true);
    updateStartForm();
  }

  function updateStartForm() {
    const mode = selectedMode();
    show($("category-field"), mode === "category");
    show($("principle-field"), mode === "principle");
    show($("question-field"), mode === "question");
    renderPreview();
  }

  function startRequest() {
    const level = selectedLevel();
    const mode = selectedMode();
    const body = { level };
    if (mode === "question") body.question_id = $("question-select").value || undefined;
    if (mode === "category") body.category = $("category-select").value || undefined;
    if (mode === "principle") body.leadership_principle = $("principle-select").value || undefined;
    return body;
  }

  function renderPreview() {
    const target = clear($("preview-body"));
    const level = selectedLevel();
    const mode = selectedMode();
    const rule = state.framework ? state.framework.depth_rule : { min_follow_ups: 3, max_follow_ups: 5 };
    const depthLine = el("p", {
      class: "preview__rule",
      text: `The interviewer asks ${rule.min_follow_ups}–${rule.max_follow_ups} follow-ups on your answer, then scores it.`,
    });
    let pool = [];
    if (mode === "question") {
      const q = state.questionsById.get($("question-select").value);
      if (!q) {
        target.append(el("p", { class: "muted", text: "No question available at this level." }));
        $("start-button").disabled = true;
        return;
      }
      const designRule = el("p", {
        class: "preview__rule",
        text:
          "A design round runs in phases: requirements (ask what you need to know; the interviewer answers from the " +
          "scenario), estimation, high-level design, two or three deep dives of 3–5 levels, failures and operations" +
          `${level === "L7" ? ", then strategy" : ""}. Keep your outline in the design notes beside the chat.`,
      });
      target.append(
        el("div", { class: "tags" }, tagList(q, level)),
        el("p", { class: "preview__question", "data-testid": "preview-question", text: q.text }),
        el("dl", { class: "facts" }, questionFacts(q)),
        q.category === "system_design" ? designRule : depthLine,
      );
      $("start-button").disabled = false;
      return;
    }
    if (mode === "category") {
      const category = $("category-select").value;
      pool = questionsFor(level, { category });
      target.append(
        el("p", { class: "preview__question", text: `A ${categoryName(category).toLowerCase()} question, drawn at random` }),
        el("p", { class: "muted", text: "The question is revealed when you start." }),
      );
    } else if (mode === "principle") {
      const id = $("principle-select").value;
      const lp = state.framework && state.framework.leadership_principles.find((p) => p.id === id);
      pool = questionsFor(level, { principle: id });
      target.append(el("p", { class: "preview__question", text: lp ? lp.name : "Leadership principle" }));
      if (lp) target.append(el("blockquote", { class: "quote quote--lp", text: lp.summary }));
      target.append(el("p", { class: "muted", text: "A question that tests this principle is drawn at random and revealed when you start." }));
    } else {
      pool = questionsFor(level);
      target.append(
        el("p", { class: "preview__question", text: `Any ${level} question, weighted like real loops` }),
        el("p", { class: "muted", text: `Question types come up as often as they do in real ${level} interviews:` }),
      );
      const types = (state.framework && state.framework.question_types) || [];
      const table = el("ul", { class: "freq" });
      for (const t of [...types].sort((a, b) => (b.frequency[level] || 0) - (a.frequency[level] || 0))) {
        const pct = t.frequency[level] || 0;
        const fill = el("span", { class: "bar__fill" });
        fill.style.width = `${pct}%`;
        table.append(
          el(
            "li",
            { class: "freq__row" },
            el("span", { class: "freq__name", text: t.name }),
            el("span", { class: "bar", "aria-hidden": "true" }, fill),
            el("span", { class: "freq__pct", text: `${pct}%` }),
          ),
        );
      }
      target.append(table);
    }
    const durations = pool.map(durationOf);
    const ranges = new Set(durations.map((d) => `${d.min}-${d.max}`));
    const dl = el("dl", { class: "facts" });
    append(dl, fact("Matching questions", String(pool.length)));
    let time;
    if (ranges.size === 1) {
      const d = durations[0];
      const text = d.min === d.max ? `about ${d.min} minutes` : `${d.min}–${d.max} minutes`;
      time = durations.every((x) => x.suggested) ? `${text} (suggestion)` : text;
    } else if (ranges.size > 1) {
      time = "45–60 minutes for system design, about 15 minutes for other questions (suggestion)";
    }
    if (time) append(dl, fact("Suggested time", time));
    target.append(dl, depthLine);
    $("start-button").disabled = pool.length === 0;
  }

  async function openStart() {
    showView("view-start", "Practise", $("start-title"));
    const id = load(CURRENT_KEY);
    show($("resume-callout"), false);
    if (!id) return;
    const stillCurrent = () => load(CURRENT_KEY) === id && !$("view-start").hidden;
    try {
      const interview = await fetchInterview(id);
      if (!stillCurrent()) return;
      if (interview && interview.status === "in_progress") {
        $("resume-question").textContent = interview.question.text;
        show($("resume-callout"), true);
      }
    } catch {
      /* the callout is a convenience; ignore */
    }
  }

  async function startInterview(event) {
    event.preventDefault();
    clearError();
    showErrorAt($("start-error"), null);
    const button = $("start-button");
    if (button.disabled) return;
    button.disabled = true;
    const label = button.textContent;
    button.textContent = "Starting…";
    try {
      const interview = await api("/api/interviews", { method: "POST", body: startRequest() });
      save(CURRENT_KEY, interview.id);
      state.routeSeq += 1;
      replaceRoute("#/interview", { push: true });
      renderInterview(interview);
      $("answer").focus();
      announce(`Interview started. ${interview.question.text}`);
    } catch (error) {
      showErrorAt($("start-error"), error);
    } finally {
      button.disabled = false;
      button.textContent = label;
      renderPreview();
    }
  }

  // ---------------------------------------------------------------- interview view

  async function openInterview(id, stale) {
    const interview = await fetchInterview(id);
    if (stale()) return;
    if (!interview) {
      replaceRoute("#/new");
      openStart();
      showError("That interview no longer exists. Start a new one.");
      return;
    }
    renderInterview(interview);
  }

  function stopInterviewTimers() {
    if (state.timerId) window.clearInterval(state.timerId);
    if (state.pollId) window.clearTimeout(state.pollId);
    state.timerId = null;
    state.pollId = null;
  }

  function renderInterview(interview) {
    const input = $("answer");
    if (input.dataset.interview !== interview.id) {
      input.dataset.interview = interview.id;
      input.value = unsentDraft(interview) || "";
      window.requestAnimationFrame(autosize);
    }
    startClock(interview);
    state.current = interview;
    const q = interview.question;
    showView("view-interview", "Interview", null);
    clear($("iv-tags")).append(...tagList(q, interview.level));
    $("iv-question").textContent = q.text;
    clear($("iv-facts")).append(...questionFacts(q));
    renderTranscript(clear($("iv-transcript")), interview, { hints: state.hints });
    renderNotesPane(interview);
    if (interview.status === "completed") save(draftKey(interview.id), null);
    showAnswerError("");
    updateInterviewStatus();
    startTimer();
    const completed = interview.status === "completed";
    if (completed) renderResult();
    else show($("iv-result"), false);
    if (!completed && interview.awaiting === "interviewer") {
      setStatus("The interviewer is finishing a reply…");
      schedulePoll();
    } else if (!completed) {
      setStatus("");
    }
    if (state.booted && !completed && interview.awaiting === "candidate") $("answer").focus();
  }

  function setStatus(text) {
    $("turn-status").textContent = text;
  }

  function updateInterviewStatus() {
    const iv = state.current;
    if (!iv) return;
    const depth = depthOf(iv);
    const completed = iv.status === "completed";
    const range = `${iv.min_follow_ups}–${iv.max_follow_ups}`;
    const design = isDesign(iv);
    let depthText;
    if (completed) depthText = `${depth} follow-up${depth === 1 ? "" : "s"} · complete`;
    else if (depth === 0) depthText = design ? "Opening question" : `Opening question · ${range} follow-ups ahead`;
    else depthText = design ? `Question ${depth + 1} of the round` : `Follow-up ${depth} of ${range}`;
    $("iv-depth").textContent = depthText;
    const pips = clear($("iv-pips"));
    for (let i = 1; !design && i <= iv.max_follow_ups; i += 1) {
      pips.append(el("span", { class: `pip${i <= depth ? " is-on" : ""}${i > iv.min_follow_ups ? " is-optional" : ""}` }));
    }
    renderPhases(iv);

    const panel = clear($("iv-probe"));
    const last = [...iv.messages].reverse().find((m) => m.role === "interviewer");
    if (completed) {
      panel.append(
        el("span", { class: "probe__label", text: iv.ended_early ? "Ended early" : "Interview complete" }),
        el("span", { class: "probe__reason", text: iv.ended_early ? "Scored on what you said so far." : (last && last.reason) || "" }),
      );
    } else if (last && last.probe && !state.hints) {
      panel.append(el("span", { class: "probe__label" }, el("strong", { text: `Follow-up ${depth}` })));
    } else if (last && last.probe) {
      const info = probeInfo(last.probe, iv.question);
      append(panel, [
        el("span", { class: "probe__label" }, "Probing: ", el("strong", { "data-testid": "probe-label", text: info.label })),
        info.detail ? el("span", { class: "probe__detail", text: info.detail }) : null,
        last.reason ? el("span", { class: "probe__reason", text: last.reason }) : null,
      ]);
    } else {
      panel.append(
        el("span", { class: "probe__label" }, el("strong", { text: "Opening question" })),
        el("span", {
          class: "probe__reason",
          text:
            iv.question.category === "system_design"
              ? "Ask what you need to know first: the interviewer answers from the scenario. The round then moves through estimation, the high-level design, deep dives and failures; say \"let's move on\" to end a phase."
              : "Be specific: your own role, what you did (or would do), the numbers and the outcome. The follow-ups go after what is missing.",
        }),
      );
    }

    show($("answer-form"), !completed);
    show($("end-button"), !completed);
    // What the view is doing, for scripts and tests: sending | waiting | answering | completed.
    let phase = "answering";
    if (state.sending) phase = "sending";
    else if (completed) phase = "completed";
    else if (iv.awaiting === "interviewer") phase = "waiting";
    $("view-interview").dataset.state = phase;
    const busy = state.sending || iv.awaiting === "interviewer";
    $("answer").readOnly = busy || completed;
    $("send-button").disabled = busy || completed;
    $("move-on-button").disabled = busy || completed;
    $("end-button").disabled = state.sending;
  }

  /** The phase the round is in, and every phase with its suggested time: done, current or ahead. */
  function renderPhases(iv) {
    const design = isDesign(iv);
    show($("iv-phase-box"), design);
    show($("iv-phases"), design);
    if (!design) return;
    const current = iv.phases.findIndex((p) => p.id === iv.phase);
    const now = iv.phases[Math.max(current, 0)];
    $("iv-phase").textContent = `${now.label} · about ${now.minutes} min`;
    const list = clear($("iv-phases"));
    iv.phases.forEach((p, i) => {
      const where = i < current || iv.status === "completed" ? "is-done" : i === current ? "is-current" : "is-ahead";
      const item = el(
        "li",
        { class: `phases__item ${where}`, dataset: { phase: p.id } },
        el("span", { class: "phases__label", text: p.label }),
        el("span", { class: "phases__minutes", text: `${p.minutes} min` }),
      );
      if (where === "is-current") item.setAttribute("aria-current", "step");
      list.append(item);
    });
  }

  function startTimer() {
    if (state.timerId) window.clearInterval(state.timerId);
    state.timerId = null;
    tickTimer();
    if (state.current && state.current.status !== "completed") state.timerId = window.setInterval(tickTimer, 1000);
  }

  function timerTarget(question) {
    const d = durationOf(question);
    if (!d.suggested) return `of ${d.text}`;
    return `of ~${d.min === d.max ? d.min : `${d.min}–${d.max}`} min (suggested)`;
  }

  /**
   * The server counts the time spent up to the newest message (long pauses left out); the page adds the time
   * since then, from that message if it is recent (a reload), else from now (a resume days later).
   */
  function startClock(iv) {
    if (state.clock && state.clock.id === iv.id && state.clock.status === iv.status) return;
    const newest = Math.max(...iv.messages.map((m) => new Date(m.created_at).getTime()).filter(Number.isFinite));
    const now = Date.now();
    const since = Number.isFinite(newest) && now - newest < IDLE_GAP_MS ? newest : now;
    state.clock = { id: iv.id, status: iv.status, base: (iv.active_seconds || 0) * 1000, since };
  }

  function tickTimer() {
    const iv = state.current;
    if (!iv || !state.clock) return;
    const node = $("iv-timer");
    const d = durationOf(iv.question);
    const completed = iv.status === "completed";
    // A clock started on a completed interview has the whole time in its base; one that saw the interview
    // complete here counts on to the moment it did.
    const end = completed ? new Date(iv.completed_at || iv.updated_at).getTime() : Date.now();
    const elapsed = state.clock.base + (state.clock.status === "completed" ? 0 : Math.max(0, end - state.clock.since));
    clear(node).append(
      el("span", { class: "timer__elapsed", text: fmtClock(elapsed) }),
      " ",
      el("span", { class: "timer__target", text: completed ? `taken, ${timerTarget(iv.question)}` : timerTarget(iv.question) }),
    );
    node.classList.toggle("is-over", !completed && elapsed > d.max * 60000);
  }

  function schedulePoll() {
    if (state.pollId) window.clearTimeout(state.pollId);
    const id = state.current && state.current.id;
    state.pollId = window.setTimeout(async () => {
      state.pollId = null;
      if (!id || $("view-interview").hidden || !state.current || state.current.id !== id) return;
      try {
        const interview = await fetchInterview(id);
        state.pollDelay = POLL_MS;
        if (interview && !$("view-interview").hidden && state.current && state.current.id === id) renderInterview(interview);
      } catch (error) {
        if (error.status) {
          showAnswerError(error.message);
          return;
        }
        state.pollDelay = Math.min(state.pollDelay * 2, MAX_RETRY_MS);
        setStatus(`Cannot reach the server; trying again in ${Math.round(state.pollDelay / 1000)} s…`);
        schedulePoll();
      }
    }, state.pollDelay);
  }

  function renderResult() {
    const iv = state.current;
    const host = clear($("iv-scorecard"));
    if (iv.scorecard) host.append(renderScorecard(iv.scorecard, iv.question, "iv"));
    else host.append(el("p", { class: "muted", id: "iv-scorecard-title", text: "The scorecard is not ready yet." }));
    show($("iv-result"), true);
    notifyExtensions("result", iv);
  }

  /** Ask for the interview until the server answers, waiting longer each time (up to MAX_RETRY_MS). */
  async function reconnect(id) {
    let delay = POLL_MS;
    for (;;) {
      try {
        const interview = await fetchInterview(id);
        if (interview && state.current && state.current.id === id) renderInterview(interview);
        return;
      } catch (error) {
        if (error.status) {
          showAnswerError(error.message);
          return;
        }
        if (!state.current || state.current.id !== id) return;
        setStatus(`Cannot reach the server; trying again in ${Math.round(delay / 1000)} s… Your answer is saved.`);
        await wait(delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  async function refreshCurrent() {
    const id = state.current && state.current.id;
    if (!id) return;
    const interview = await fetchInterview(id);
    if (interview) renderInterview(interview);
  }

  function setSending(sending) {
    state.sending = sending;
    $("answer-form").setAttribute("aria-busy", sending ? "true" : "false");
    $("send-button").textContent = sending ? "Sending…" : "Send";
    updateInterviewStatus();
  }

  async function submitAnswer(event) {
    if (event) event.preventDefault();
    const iv = state.current;
    if (!iv || state.sending || iv.status === "completed" || iv.awaiting === "interviewer") return;
    const input = $("answer");
    const text = input.value;
    const replyTo = askedSeq(iv);
    const same = state.pending;
    if (!same || same.interviewId !== iv.id || same.replyTo !== replyTo || same.text !== text) {
      state.pending = { interviewId: iv.id, replyTo, text, key: uuid() };
    }
    const notes = isDesign(iv) && $("notes").value.trim() ? $("notes").value : null;
    showAnswerError("");
    clearError();
    setSending(true);
    setStatus("Sending your answer…");
    let response;
    try {
      response = await api(`/api/interviews/${encodeURIComponent(iv.id)}/answers`, {
        method: "POST",
        body: notes === null ? { text, reply_to: replyTo } : { text, notes, reply_to: replyTo },
        raw: true,
        headers: { Accept: "text/event-stream", "Idempotency-Key": state.pending.key },
      });
    } catch (error) {
      setSending(false);
      setStatus("");
      if (error.type === "stale_reply") {
        // Another tab or device answered this question: show where the interview is, keep the text.
        await refreshCurrent().catch(showError);
        showAnswerError(
          "This interview moved on in another tab or window; the current question is shown above. Your text is kept: " +
            "check it still answers that question, then send it.",
        );
        const current = [...$("iv-transcript").querySelectorAll(".msg--interviewer")].pop();
        if (current) current.scrollIntoView({ block: "center" });
        input.focus({ preventScroll: true });
        return;
      }
      if (error.status === 409) await refreshCurrent().catch(showError);
      if (state.current && state.current.status === "completed") showError(error);
      else {
        const lost = error.status === 0 ? " Your text is kept: send it again, it will not be stored twice." : "";
        showAnswerError(error.message + lost);
        input.focus();
      }
      return;
    }
    state.pending = null;
    save(draftKey(iv.id), null);

    // The answer is stored: show it, then stream the interviewer's reply into a new bubble.
    const lastSeq = iv.messages.length ? iv.messages[iv.messages.length - 1].seq : 0;
    const notesBefore = lastNotes(iv);
    const mine = { seq: lastSeq + 1, role: "candidate", text, notes, depth: depthOf(iv), created_at: new Date().toISOString() };
    iv.messages.push(mine);
    iv.awaiting = "interviewer";
    const transcript = $("iv-transcript");
    transcript.append(renderMessage(mine, iv.question, { notesBefore }));
    input.value = "";
    autosize();
    const bubble = renderMessage({ role: "interviewer", text: "", depth: depthOf(iv) + 1 }, iv.question, { streaming: true });
    transcript.append(bubble);
    $("answer-form").scrollIntoView({ block: "end" });
    setStatus("The interviewer is thinking…");
    const bubbleText = bubble.querySelector(".msg__text");
    const typing = bubble.querySelector(".typing");
    let streamed = "";

    let turn = null;
    try {
      turn = await readTurn(response, {
        delta(chunk) {
          streamed += chunk;
          bubbleText.textContent = streamed;
          if (typing) bubbleText.append(typing);
        },
        reset() {
          streamed = "";
          bubbleText.textContent = "";
          if (typing) bubbleText.append(typing);
          setStatus("The AI interviewer stopped mid-reply; a prepared follow-up replaces it.");
        },
      });
    } catch {
      turn = null;
    }

    if (state.current !== iv) {
      // The user went on to another interview meanwhile; this one's reply is stored server-side.
      state.sending = false;
      return;
    }
    if (!turn || !turn.message) {
      // The connection dropped or the stream ended early: the answer is stored and the server finishes the
      // turn; ask until it answers.
      bubble.remove();
      setStatus("Reconnecting…");
      await reconnect(iv.id);
      setSending(false);
      if (!state.current || state.current.awaiting !== "interviewer") setStatus("");
      return;
    }

    if (turn.answer) {
      // The answer as stored (its seq and time, and any notice about it) replaces the copy shown while sending.
      iv.messages[iv.messages.length - 1] = turn.answer;
      bubble.previousElementSibling.replaceWith(renderMessage(turn.answer, iv.question));
    }
    iv.messages.push(turn.message);
    iv.status = turn.status;
    iv.depth = turn.depth;
    if (turn.message.phase) iv.phase = turn.message.phase;
    iv.awaiting = turn.status === "completed" ? null : "candidate";
    if (turn.scorecard) iv.scorecard = turn.scorecard;
    const reply = renderMessage(turn.message, iv.question, { hints: state.hints });
    const phase = phasesOf(iv).get(turn.message.phase);
    const previous = [...iv.messages].reverse().find((m) => m !== turn.message && m.role === "interviewer");
    if (phase && previous && previous.phase !== phase.id) bubble.before(phaseDivider(phase));
    bubble.replaceWith(reply); // the transcript is a polite log: screen readers read the new message
    setStatus(turn.message.fallback && turn.status !== "completed" ? PREPARED_HINT : "");

    if (turn.status !== "completed") {
      setSending(false);
      input.focus({ preventScroll: true });
      $("answer-form").scrollIntoView({ block: "end" });
      if (reply.getBoundingClientRect().top < 0) reply.scrollIntoView({ block: "start" });
      return;
    }
    stopInterviewTimers();
    save(NOTES_KEY + iv.id, null);
    renderNotesPane(iv);
    if (iv.scorecard) {
      iv.completed_at = iv.completed_at || turn.message.created_at;
      tickTimer();
      renderResult();
    } else {
      try {
        await refreshCurrent();
      } catch (error) {
        showError(error);
      }
    }
    setSending(false);
    const title = $("iv-scorecard-title");
    if (title) title.focus();
    const card = state.current && state.current.scorecard;
    if (card) announce(`Interview complete. Recommendation: ${card.recommendation || "not enough to score"}.`);
  }

  async function endInterview() {
    const iv = state.current;
    if (!iv || state.sending) return;
    const ok = await confirmAction({
      title: "End this interview?",
      text: "It will be scored on what you have said so far. You cannot add answers afterwards.",
      confirmLabel: "End and score",
    });
    if (!ok) return;
    clearError();
    const button = $("end-button");
    button.disabled = true;
    setStatus("Scoring your interview…");
    try {
      const ended = await api(`/api/interviews/${encodeURIComponent(iv.id)}/end`, { method: "POST" });
      renderInterview(ended);
      setStatus("");
      const title = $("iv-scorecard-title");
      if (title) title.focus();
      if (ended.scorecard) announce(`Interview ended. Recommendation: ${ended.scorecard.recommendation || "not enough to score"}.`);
    } catch (error) {
      setStatus("");
      showAnswerError(error.message);
    } finally {
      button.disabled = false;
    }
  }

  function autosize() {
    const input = $("answer");
    input.style.height = "auto";
    const max = Math.max(160, Math.round(window.innerHeight * 0.5));
    input.style.height = `${Math.min(input.scrollHeight + 2, max)}px`;
    const n = input.value.length;
    $("answer-count").textContent = n ? `${n.toLocaleString()} character${n === 1 ? "" : "s"}` : "";
  }

  function onAnswerKey(event) {
    if (TOUCH || event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    if (event.shiftKey || event.altKey) return; // Shift+Enter: a new line (the default)
    event.preventDefault();
    submitAnswer();
  }

  // ---------------------------------------------------------------- history view

  async function openHistory(stale) {
    showView("view-history", "Past interviews", $("history-title"));
    clear($("history-list"));
    show($("history-empty"), false);
    show($("history-more"), false);
    $("history-count").textContent = "Loading…";
    const page = await api(`/api/interviews?limit=${HISTORY_PAGE}&offset=0`);
    if (stale()) return;
    state.history = { items: page.data, count: page.count };
    renderHistory();
  }

  async function loadMoreHistory() {
    const button = $("history-more");
    button.disabled = true;
    try {
      const page = await api(`/api/interviews?limit=${HISTORY_PAGE}&offset=${state.history.items.length}`);
      const known = new Set(state.history.items.map((i) => i.id));
      state.history.items.push(...page.data.filter((i) => !known.has(i.id)));
      state.history.count = page.count;
      renderHistory();
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  function statusBadge(status) {
    return el("span", {
      class: `badge ${status === "completed" ? "badge--done" : "badge--live"}`,
      text: status === "completed" ? "Completed" : "In progress",
    });
  }

  function renderHistory() {
    const { items, count } = state.history;
    const list = clear($("history-list"));
    $("history-count").textContent = count
      ? `${count} interview${count === 1 ? "" : "s"}, newest first.`
      : "Your finished and unfinished interviews appear here.";
    show($("history-empty"), items.length === 0);
    show($("history-more"), items.length < count);
    for (const item of items) {
      const titleId = `hist-${item.id}`;
      list.append(
        el(
          "li",
          { class: "history__item", "data-id": item.id, "data-testid": "history-item" },
          el(
            "div",
            { class: "history__main" },
            el("h2", { class: "history__title", id: titleId, text: item.question_text }),
            el(
              "p",
              { class: "history__meta" },
              el("time", { datetime: item.created_at, text: fmtDate(item.created_at) }),
              ` · ${item.level} · ${categoryName(item.category)} · ${item.depth} follow-up${item.depth === 1 ? "" : "s"}`,
            ),
            el(
              "div",
              { class: "history__badges" },
              statusBadge(item.status),
              item.recommendation
                ? el("span", { class: `rec rec--small ${REC_CLASS[item.recommendation] || ""}`, text: item.recommendation })
                : null,
            ),
          ),
          el(
            "div",
            { class: "history__actions" },
            el("button", {
              type: "button",
              class: "btn btn--secondary btn--small",
              "aria-describedby": titleId,
              text: item.status === "completed" ? "Open" : "Open",
              onclick: () => go(`#/history/${encodeURIComponent(item.id)}`),
            }),
            el("button", {
              type: "button",
              class: "btn btn--quiet btn--small",
              "aria-describedby": titleId,
              text: "Download .md",
              onclick: (event) => downloadTranscript(item.id, event.currentTarget),
            }),
            el("button", {
              type: "button",
              class: "btn btn--danger-quiet btn--small",
              "aria-describedby": titleId,
              text: "Delete",
              onclick: () => deleteInterview(item.id, item.question_text),
            }),
          ),
        ),
      );
    }
  }

  async function deleteInterview(id, questionText) {
    const ok = await confirmAction({
      title: "Delete this interview?",
      text: `“${questionText}” — its transcript and scorecard will be removed for good.`,
      confirmLabel: "Delete",
    });
    if (!ok) return;
    clearError();
    try {
      await api(`/api/interviews/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch (error) {
      if (error.status !== 404) {
        showError(error);
        return;
      }
    }
    if (load(CURRENT_KEY) === id) save(CURRENT_KEY, null);
    if (state.current && state.current.id === id) state.current = null;
    state.history.items = state.history.items.filter((i) => i.id !== id);
    state.history.count = Math.max(0, state.history.count - 1);
    announce("Interview deleted.");
    if (location.hash === "#/history") {
      renderHistory();
      const next = $("history-list").querySelector("button") || $("history-title");
      next.focus();
    } else {
      go("#/history");
    }
  }

  // ---------------------------------------------------------------- review view

  async function openReview(id, stale) {
    const interview = await api(`/api/interviews/${encodeURIComponent(id)}`);
    if (stale()) return;
    state.review = interview;
    const q = interview.question;
    clear($("rv-tags")).append(...tagList(q, interview.level), statusBadge(interview.status));
    $("rv-question").textContent = q.text;
    const extra = [["Started", fmtDate(interview.created_at)]];
    if (interview.completed_at) extra.push(["Time taken", fmtClock(interview.active_seconds * 1000)]);
    const depth = depthOf(interview);
    extra.push([
      "Depth",
      `${depth} follow-up${depth === 1 ? "" : "s"} (the rule: ${interview.min_follow_ups}–${interview.max_follow_ups})${interview.ended_early ? ", ended early" : ""}`,
    ]);
    extra.push(["Interviewer", interview.model ? `${interview.provider} (${interview.model})` : interview.provider]);
    show($("rv-continue"), interview.status === "in_progress");
    if (isDesign(interview)) {
      extra.push(["Phases", interview.phases.map((p) => `${p.label} (${p.minutes} min)`).join(" → ")]);
      const reached = phasesOf(interview).get(interview.phase);
      if (reached) extra.push(["Phase reached", reached.label]);
    }
    clear($("rv-facts")).append(...questionFacts(q, extra));
    renderTranscript(clear($("rv-transcript")), interview, { showReason: true });
    const host = clear($("rv-scorecard"));
    if (interview.scorecard) host.append(renderScorecard(interview.scorecard, q, "rv"));
    else host.append(el("p", { class: "empty", text: "Not scored yet: the interview is still in progress. Continue it, or end it to get a scorecard." }));
    showView("view-review", "Interview review", $("rv-question"));
    notifyExtensions("review", interview);
  }

  // ---------------------------------------------------------------- extensions

  /*
   * Other scripts of this page (coach.js: loops, progress, stories) register views and routes here, and
   * reuse the helpers above rather than copies of them.
   */
  const extensions = [];
  const extensionNav = {};
  // The first route waits for the page's other deferred scripts (which run before DOMContentLoaded), so a
  // link straight to one of their views finds it registered however the scripts' downloads raced.
  const scriptsRun = new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    document.addEventListener("DOMContentLoaded", resolve, { once: true });
    window.addEventListener("load", resolve, { once: true });
  });

  function notifyExtensions(event, interview) {
    for (const extension of extensions) {
      if (typeof extension.on === "function") extension.on(event, interview);
    }
  }

  /** Make ``interview`` the current one and show it, as starting one from the start form does. */
  function showInterview(interview) {
    save(CURRENT_KEY, interview.id);
    state.routeSeq += 1;
    replaceRoute("#/interview", { push: true });
    renderInterview(interview);
    if (interview.status !== "completed") $("answer").focus();
    announce(`Interview: ${interview.question.text}`);
  }

  window.mockInterview = {
    api,
    el,
    clear,
    show,
    announce,
    showError,
    clearError,
    confirmAction,
    go,
    showView,
    fmtDate,
    principleName,
    showInterview,
    downloadFile,
    REC_CLASS,
    get framework() {
      return state.framework;
    },
    /** {match(hash), open(hash, stale), views: [ids], nav: {viewId: navLinkId}, on(event, interview)} */
    register(extension) {
      extensions.push(extension);
      for (const id of extension.views || []) VIEWS.push(id);
      Object.assign(extensionNav, extension.nav || {});
      if (state.booted && extension.match(location.hash || "#/")) route();
    },
  };

  // ---------------------------------------------------------------- boot

  async function loadProviderInfo() {
    try {
      const response = await fetch("/healthz", { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const health = await response.json();
      state.maxNotesChars = health.max_notes_chars || null;
      $("provider-info").textContent =
        health.provider === "offline" ? "interviewer: built-in (no AI model)" : `interviewer: ${health.model || health.provider}`;
    } catch {
      /* informational only */
    }
  }

  function bind() {
    $("error-dismiss").addEventListener("click", clearError);
    $("start-form").addEventListener("submit", startInterview);
    for (const input of document.querySelectorAll('input[name="level"]')) input.addEventListener("change", populateStartForm);
    for (const input of document.querySelectorAll('input[name="mode"]')) input.addEventListener("change", updateStartForm);
    for (const id of ["category-select", "principle-select", "question-select"]) $(id).addEventListener("change", renderPreview);
    $("resume-button").addEventListener("click", () => go("#/interview"));
    $("answer-form").addEventListener("submit", submitAnswer);
    $("answer").addEventListener("keydown", onAnswerKey);
    $("answer").addEventListener("input", () => {
      autosize();
      if (!$("answer-error").hidden) showAnswerError("");
      if (state.current && state.current.status !== "completed") saveDraft(state.current, $("answer").value);
    });
    $("hints-toggle").addEventListener("change", (event) => setHints(event.currentTarget.checked));
    $("key-show").addEventListener("click", toggleKey);
    $("key-copy").addEventListener("click", copyKey);
    $("key-restore-form").addEventListener("submit", restoreKey);
    $("key-panel").addEventListener("toggle", () => {
      if ($("key-panel").open) $("key-value").value = load(TOKEN_KEY) || "";
    });
    if (TOUCH) {
      clear($("answer-hint")).append(el("kbd", { text: "Enter" }), " new line · tap ", el("strong", { text: "Send" }), " to send");
    }
    $("end-button").addEventListener("click", endInterview);
    $("notes").addEventListener("input", onNotesInput);
    $("move-on-button").addEventListener("click", () => {
      $("answer").value = MOVE_ON;
      submitAnswer();
    });
    $("new-interview-button").addEventListener("click", () => {
      save(CURRENT_KEY, null);
      state.current = null;
      go("#/new");
    });
    $("iv-download").addEventListener("click", (event) => {
      if (state.current) downloadTranscript(state.current.id, event.currentTarget);
    });
    $("history-more").addEventListener("click", loadMoreHistory);
    $("rv-download").addEventListener("click", (event) => {
      if (state.review) downloadTranscript(state.review.id, event.currentTarget);
    });
    $("rv-delete").addEventListener("click", () => {
      if (state.review) deleteInterview(state.review.id, state.review.question.text);
    });
    $("rv-continue").addEventListener("click", () => {
      if (!state.review) return;
      save(CURRENT_KEY, state.review.id);
      go("#/interview");
    });
    // Back/forward between hash entries fires popstate (and, for real hash changes, hashchange too):
    // route once per history step.
    const onNavigate = () => {
      if ((location.hash || "#/") !== state.lastRouted) route();
    };
    window.addEventListener("hashchange", onNavigate);
    window.addEventListener("popstate", onNavigate);
  }

  // ---------------------------------------------------------------- identity key

  function toggleKey() {
    const field = $("key-value");
    const showing = field.type === "text";
    field.type = showing ? "password" : "text";
    $("key-show").textContent = showing ? "Show" : "Hide";
    $("key-show").setAttribute("aria-pressed", showing ? "false" : "true");
  }

  async function copyKey() {
    const key = load(TOKEN_KEY) || "";
    try {
      await navigator.clipboard.writeText(key);
      announce("Key copied.");
      $("key-copy").textContent = "Copied";
    } catch {
      const field = $("key-value");
      field.type = "text";
      field.select();
      showErrorAt($("key-error"), "Copying is not allowed here: the key is selected, copy it with Ctrl+C.");
    }
  }

  /** Use a saved key: it is checked with the server before it replaces the one in this browser. */
  async function restoreKey(event) {
    event.preventDefault();
    const key = $("key-restore").value.trim();
    showErrorAt($("key-error"), null);
    if (!key) {
      showErrorAt($("key-error"), "Paste a key first.");
      return;
    }
    const response = await fetch("/api/interviews?limit=1", {
      headers: { Accept: "application/json", Authorization: `Bearer ${key}` },
    }).catch(() => null);
    if (!response || !response.ok) {
      const problem = response ? (response.status === 401 ? "This server does not know that key." : (await errorFrom(response)).message) : "Cannot reach the server.";
      showErrorAt($("key-error"), problem);
      return;
    }
    save(TOKEN_KEY, key);
    save(CURRENT_KEY, null);
    state.current = null;
    $("key-restore").value = "";
    $("key-value").value = key;
    announce("Key restored: these are its interviews.");
    await openHistory(() => false);
  }

  async function boot() {
    state.hints = load(HINTS_KEY) === "on";
    $("hints-toggle").checked = state.hints;
    bind();
    loadProviderInfo();
    try {
      const [questions, framework] = await Promise.all([
        api("/api/questions", { auth: false }),
        api("/api/framework", { auth: false }),
      ]);
      state.questions = questions.data;
      state.questionsById = new Map(questions.data.map((q) => [q.id, q]));
      state.framework = framework;
      populateStartForm();
    } catch (error) {
      showError(error);
    }
    try {
      await ensureToken();
    } catch (error) {
      showError(error);
    }
    await scriptsRun;
    await route();
    state.booted = true;
    document.body.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
