/*
 * Loops, progress and the story bank: the views that help a candidate get better across attempts.
 * Plain JavaScript, no build step, nothing loaded from elsewhere; charts are inline SVG drawn here.
 *
 * Like app.js, it never assigns HTML strings: everything a candidate wrote is put on the page as text.
 * Every rating and trend is written out in words beside its colour or mark, so nothing relies on colour.
 *
 * Views (hash routes):  #/loops            start a loop, and your loops
 *                       #/loops/<id>       one loop: its rounds, the next one to take, the debrief
 *                       #/progress[?level=L7]   scores across attempts, what to practise next, your data
 *                       #/stories[?interview=<id>[&seq=<n>]]   the story bank (prefilled from an interview)
 */
"use strict";

(() => {
  const mi = window.mockInterview;
  if (!mi) return;
  const { api, el, clear, show, announce, showError, clearError, confirmAction, go, showView, fmtDate } = mi;
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";

  const RATINGS = {
    strong: { mark: "●", label: "Strong" },
    weak: { mark: "◐", label: "Weak" },
    none: { mark: "–", label: "None" },
    red_flagged: { mark: "⚑", label: "Red flag" },
  };
  const TRENDS = { rising: "↑ Rising", falling: "↓ Falling", steady: "→ Steady", single: "One attempt" };
  const ROUND_STATUS = { not_started: "Not started", in_progress: "In progress", completed: "Done", skipped: "Not taken" };
  const written = new Set(); // loops whose debrief this page has asked the interviewer to write
  const coach = { provider: "offline", storyEditing: null, storySource: null };

  // ---------------------------------------------------------------- small helpers

  function params(hash) {
    const at = hash.indexOf("?");
    return new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function practiceLevel() {
    const checked = document.querySelector('input[name="level"]:checked');
    return checked ? checked.value : "L6";
  }

  function recBadge(recommendation, small = true) {
    return el("span", {
      class: `rec${small ? " rec--small" : ""} ${mi.REC_CLASS[recommendation] || ""}`,
      text: recommendation || "No vote",
    });
  }

  function signed(n) {
    if (n === null || n === undefined) return "–";
    return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0";
  }

  function table(caption, headers, rows, className = "") {
    return el(
      "table",
      { class: `data-table ${className}`.trim() },
      el("caption", { class: "data-table__caption", text: caption }),
      el("thead", null, el("tr", null, headers.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", null, rows),
    );
  }

  async function startInterview(body, button) {
    clearError();
    if (button) button.disabled = true;
    try {
      mi.showInterview(await api("/api/interviews", { method: "POST", body }));
    } catch (error) {
      showError(error);
    } finally {
      if (button) button.disabled = false;
    }
  }

  async function openInterviewById(id) {
    clearError();
    try {
      mi.showInterview(await api(`/api/interviews/${encodeURIComponent(id)}`));
    } catch (error) {
      showError(error);
    }
  }

  // ---------------------------------------------------------------- loops

  async function openLoops(stale) {
    showView("view-loops", "Loops", $("loops-title"));
    const page = await api("/api/loops?limit=100");
    if (stale()) return;
    const list = clear($("loops-list"));
    show($("loops-empty"), page.data.length === 0);
    for (const loop of page.data) {
      const titleId = `loop-${loop.id}`;
      list.append(
        el(
          "li",
          { class: "history__item", "data-testid": "loop-item" },
          el(
            "div",
            { class: "history__main" },
            el("h3", { class: "history__title", id: titleId, text: `${loop.level} loop` }),
            el(
              "p",
              { class: "history__meta" },
              el("time", { datetime: loop.created_at, text: fmtDate(loop.created_at) }),
              ` · ${loop.rounds_done} of ${plural(loop.rounds.length, "round")} done${loop.ended_early ? " · ended early" : ""}`,
            ),
            el("div", { class: "history__badges" }, el("span", { class: `badge ${loop.status === "completed" ? "badge--done" : "badge--live"}`, text: loop.status === "completed" ? "Completed" : "In progress" })),
          ),
          el(
            "div",
            { class: "history__actions" },
            el("button", { type: "button", class: "btn btn--secondary btn--small", "aria-describedby": titleId, text: "Open", onclick: () => go(`#/loops/${encodeURIComponent(loop.id)}`) }),
            el("button", { type: "button", class: "btn btn--danger-quiet btn--small", "aria-describedby": titleId, text: "Delete", onclick: () => deleteLoop(loop) }),
          ),
        ),
      );
    }
  }

  async function startLoop(event) {
    event.preventDefault();
    clearError();
    const button = $("loop-start");
    button.disabled = true;
    try {
      const level = document.querySelector('input[name="loop-level"]:checked').value;
      const loop = await api("/api/loops", { method: "POST", body: { level } });
      announce(`${level} loop started: ${plural(loop.rounds.length, "round")}.`);
      go(`#/loops/${encodeURIComponent(loop.id)}`);
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  async function deleteLoop(loop) {
    const ok = await confirmAction({
      title: "Delete this loop?",
      text: `The ${loop.level} loop and all ${plural(loop.rounds.reduce((n, r) => n + r.interviews.length, 0), "interview")} of its rounds will be removed for good.`,
      confirmLabel: "Delete",
    });
    if (!ok) return;
    try {
      await api(`/api/loops/${encodeURIComponent(loop.id)}`, { method: "DELETE" });
      announce("Loop deleted.");
      go("#/loops");
    } catch (error) {
      showError(error);
    }
  }

  function renderRound(round, loop) {
    const taking = loop.next_interview && round.interviews.includes(loop.next_interview);
    const item = el(
      "li",
      { class: `round round--${round.status}${taking ? " is-next" : ""}`, "data-testid": "round" },
      el(
        "div",
        { class: "round__head" },
        el("h2", { class: "round__name", text: `${round.position + 1}. ${round.name}` }),
        el("span", { class: `badge ${round.status === "completed" ? "badge--done" : "badge--live"}`, "data-testid": "round-status", text: ROUND_STATUS[round.status] }),
      ),
      round.focus.length ? el("p", { class: "muted small", text: `Focus: ${round.focus.join(" · ")}` }) : null,
    );
    const questions = el("ul", { class: "round__questions" });
    for (const q of round.questions) {
      questions.append(
        el(
          "li",
          null,
          el("span", { class: "round__question", text: q.question_text }),
          " ",
          q.recommendation ? recBadge(q.recommendation) : el("span", { class: "muted small", text: q.status !== "completed" ? (q.started ? "(in progress)" : "(not started)") : q.started ? "(not scored)" : "(not taken)" }),
          " ",
          q.status === "completed"
            ? q.started
              ? el("a", { href: `#/history/${encodeURIComponent(q.interview_id)}`, class: "small", text: "Review" })
              : null
            : el("button", { type: "button", class: "btn btn--quiet btn--small", text: q.started ? "Continue" : "Take", onclick: () => openInterviewById(q.interview_id) }),
        ),
      );
    }
    item.append(questions);
    return item;
  }

  async function openLoop(id, stale) {
    const loop = await api(`/api/loops/${encodeURIComponent(id)}`);
    if (stale()) return;
    coach.loop = loop;
    $("loop-title").textContent = `${loop.level} loop`;
    $("loop-progress").textContent =
      `${loop.rounds_done} of ${plural(loop.rounds.length, "round")} done` +
      (loop.status === "completed" ? (loop.ended_early ? " · ended early" : " · complete") : "") +
      ` · started ${fmtDate(loop.created_at)}`;
    const next = loop.rounds.find((r) => loop.next_interview && r.interviews.includes(loop.next_interview));
    show($("loop-next"), Boolean(next));
    show($("loop-end"), loop.status !== "completed");
    if (next) $("loop-next").textContent = `Take the next round: ${next.name}`;
    const rounds = clear($("loop-rounds"));
    for (const round of loop.rounds) rounds.append(renderRound(round, loop));
    const host = clear($("loop-debrief"));
    showView("view-loop", `${loop.level} loop`, $("loop-title"));
    if (loop.status !== "completed") return;
    host.append(el("p", { class: "loading", text: "Writing the debrief…" }));
    let debrief = await api(`/api/loops/${encodeURIComponent(id)}/debrief`);
    if (debrief.writer === "offline" && coach.provider !== "offline" && !written.has(id)) {
      written.add(id);
      debrief = await api(`/api/loops/${encodeURIComponent(id)}/debrief`, { method: "POST" });
    }
    if (stale()) return;
    clear(host).append(renderDebrief(loop, debrief));
  }

  function ratingCell(rating) {
    const info = RATINGS[rating] || RATINGS.none;
    if (rating === "none") return el("span", { class: "rating rating--none", "data-rating": rating }, el("span", { "aria-hidden": "true", text: "–" }), el("span", { class: "visually-hidden", text: info.label }));
    return el("span", { class: `rating rating--${rating}`, "data-rating": rating }, el("span", { class: "rating__mark", "aria-hidden": "true", text: info.mark }), ` ${info.label}`);
  }

  function renderDebrief(loop, d) {
    const root = el("section", { class: "debrief card", "aria-labelledby": "debrief-title", "data-testid": "debrief" });
    root.append(
      el("h2", { class: "scorecard__title", id: "debrief-title", tabindex: "-1", text: "Debrief" }),
      el(
        "div",
        { class: "verdict" },
        el("div", { class: "verdict__item" }, el("span", { class: "verdict__label", text: "Decision" }), el("span", { class: `rec ${mi.REC_CLASS[d.decision] || ""}`, "data-testid": "loop-decision", text: d.decision || "No decision" })),
        el("div", { class: "verdict__item" }, el("span", { class: "verdict__label", text: "Level" }), el("span", { class: "verdict__value", "data-testid": "loop-level", text: d.level_verdict || "Not assessed" }), el("span", { class: "verdict__sub", text: `interviewed at ${d.level}` })),
      ),
      el("h3", { class: "section-title", text: "Why" }),
      el("ul", { class: "advice advice--bullets" }, d.reasons.map((r) => el("li", { text: r }))),
    );
    if (d.changes.length) {
      root.append(el("h3", { class: "section-title", text: "What would most change the outcome" }), el("ol", { class: "advice" }, d.changes.map((c) => el("li", { text: c }))));
    }
    const votes = d.rounds.map((r) =>
      el(
        "tr",
        { "data-testid": "vote" },
        el("th", { scope: "row", text: r.name }),
        el("td", null, recBadge(r.vote)),
        el("td", null, r.strongest_evidence ? [el("strong", { text: `${r.strongest_evidence.dimension} (${r.strongest_evidence.score}/4): ` }), el("q", { text: r.strongest_evidence.quote })] : "–"),
        el("td", { text: r.biggest_concern || "–" }),
      ),
    );
    root.append(el("div", { class: "table-scroll" }, table("Each round's vote", ["Round", "Vote", "Strongest evidence", "Biggest concern"], votes)));
    const rows = d.principles.map((p) =>
      el("tr", null, el("th", { scope: "row", text: p.name }), p.cells.map((c) => el("td", null, ratingCell(c.rating))), el("td", { class: "matrix__best" }, ratingCell(p.best))),
    );
    root.append(
      el(
        "div",
        { class: "table-scroll" },
        table("Leadership principles by round: strong, weak, none or red flag", ["Principle", ...d.rounds.map((r) => r.name), "Loop"], rows, "matrix"),
      ),
    );
    if (d.repeated_stories.length) {
      root.append(
        el("h3", { class: "section-title", text: "The same story, told in more than one round" }),
        el("ul", { class: "red-flags" }, d.repeated_stories.map((s) => el("li", { class: "red-flag", text: `${s.rounds.join(", ")}: ${s.evidence}` }))),
      );
    }
    if (d.notes.length) root.append(el("ul", { class: "notes" }, d.notes.map((n) => el("li", { class: "note", text: n }))));
    root.append(
      el("p", { class: "muted small", text: d.model ? `Reasons written by ${d.writer} (${d.model}), bounded by the computed votes.` : "Votes, matrix, decision and level computed from the rounds' scorecards." }),
      el("div", { class: "result__actions" }, el("button", { type: "button", class: "btn btn--secondary", text: "Download debrief (.md)", onclick: (e) => mi.downloadFile(`/api/loops/${encodeURIComponent(loop.id)}/debrief.md`, `debrief-${loop.id}.md`, e.currentTarget, "Debrief downloaded.") })),
    );
    return root;
  }

  async function endLoop() {
    const loop = coach.loop;
    if (!loop) return;
    const ok = await confirmAction({
      title: "End this loop now?",
      text: "Rounds not taken get no vote, and interviews in progress are scored on what you said. The debrief follows.",
      confirmLabel: "End and debrief",
    });
    if (!ok) return;
    try {
      await api(`/api/loops/${encodeURIComponent(loop.id)}/end`, { method: "POST" });
      go(`#/loops/${encodeURIComponent(loop.id)}`);
    } catch (error) {
      showError(error);
    }
  }

  // ---------------------------------------------------------------- after an interview: loop, try again, story

  async function decorate(interview, host, prefix) {
    const existing = $(`${prefix}-coach`);
    if (existing) existing.remove();
    if (!host) return;
    const box = el("div", { class: "coach-extras", id: `${prefix}-coach` });
    const actions = el("div", { class: "result__actions" });
    if (interview.loop_id) {
      actions.append(el("button", { type: "button", class: "btn btn--primary", "data-testid": "back-to-loop", text: "Back to the loop", onclick: () => go(`#/loops/${encodeURIComponent(interview.loop_id)}`) }));
    }
    if (interview.status === "completed") {
      actions.append(el("button", { type: "button", class: "btn btn--secondary", "data-testid": "try-again", text: "Try this question again", onclick: (e) => tryAgain(interview.id, e.currentTarget) }));
    }
    if (interview.messages.some((m) => m.role === "candidate")) {
      actions.append(el("button", { type: "button", class: "btn btn--quiet", text: "Save my answers as a story", onclick: () => go(`#/stories?interview=${encodeURIComponent(interview.id)}`) }));
    }
    box.append(actions);
    host.prepend(box);
    if (interview.scorecard) {
      try {
        // Only an interview with an earlier scored attempt has a comparison: asking for the others would
        // be a 404 in the console on every first attempt.
        const mine = await api("/api/interviews?limit=100");
        const earlier = mine.data.some(
          (s) => s.id !== interview.id && s.question_id === interview.question.id && s.recommendation && s.created_at < interview.created_at,
        );
        if (!earlier) return;
        const change = await api(`/api/interviews/${encodeURIComponent(interview.id)}/comparison`);
        if (document.contains(box)) box.append(renderComparison(change));
      } catch (error) {
        if (error.status !== 404) showError(error);
      }
    }
  }

  function renderComparison(change) {
    const rows = change.dimensions
      .filter((d) => d.before !== null || d.after !== null)
      .map((d) =>
        el(
          "tr",
          { "data-testid": "change" },
          el("th", { scope: "row", text: d.name }),
          el("td", { text: d.before === null ? "not assessed" : `${d.before}/4` }),
          el("td", { text: d.after === null ? "not assessed" : `${d.after}/4` }),
          el("td", { class: d.change > 0 ? "change--up" : d.change < 0 ? "change--down" : "", text: d.change === null ? "–" : `${d.change > 0 ? "↑" : d.change < 0 ? "↓" : "="} ${signed(d.change)}` }),
        ),
      );
    return el(
      "section",
      { class: "comparison", "aria-label": "Change since your previous attempt" },
      el("p", { class: "comparison__lead" }, "Since your ", el("a", { href: `#/history/${encodeURIComponent(change.previous_id)}`, text: "previous attempt" }), `: ${change.recommendation_before || "no vote"} → ${change.recommendation_after || "no vote"}, overall ${signed(change.overall_change)}.`),
      el("div", { class: "table-scroll" }, table("Change per dimension", ["Dimension", "Before", "Now", "Change"], rows)),
    );
  }

  async function tryAgain(id, button) {
    clearError();
    button.disabled = true;
    try {
      mi.showInterview(await api(`/api/interviews/${encodeURIComponent(id)}/retry`, { method: "POST" }));
    } catch (error) {
      showError(error);
      button.disabled = false;
    }
  }

  function addAnswerSaving(interview) {
    for (const item of document.querySelectorAll('#rv-transcript li[data-role="candidate"]')) {
      if (item.querySelector(".msg__save")) continue;
      const seq = item.dataset.seq;
      item.append(el("button", { type: "button", class: "btn btn--quiet btn--small msg__save", text: "Save this answer as a story", onclick: () => go(`#/stories?interview=${encodeURIComponent(interview.id)}&seq=${encodeURIComponent(seq)}`) }));
    }
  }

  // ---------------------------------------------------------------- progress

  function sparkline(points) {
    const width = 120;
    const height = 36;
    const pad = 5;
    const x = (i) => (points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
    const y = (score) => height - pad - ((score - 1) * (height - 2 * pad)) / 3;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.setAttribute("class", "spark");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `Scores, oldest first: ${points.map((p) => p.score).join(", ")} of 4`);
    for (const level of [1, 2, 3, 4]) {
      const line = document.createElementNS(SVG, "line");
      for (const [k, v] of Object.entries({ x1: 0, x2: width, y1: y(level), y2: y(level), class: level === 3 ? "spark__bar" : "spark__grid" })) line.setAttribute(k, String(v));
      svg.append(line);
    }
    const path = document.createElementNS(SVG, "polyline");
    path.setAttribute("points", points.map((p, i) => `${x(i)},${y(p.score)}`).join(" "));
    path.setAttribute("class", "spark__line");
    svg.append(path);
    points.forEach((p, i) => {
      const dot = document.createElementNS(SVG, "circle");
      for (const [k, v] of Object.entries({ cx: x(i), cy: y(p.score), r: 3, class: "spark__dot" })) dot.setAttribute(k, String(v));
      const title = document.createElementNS(SVG, "title");
      title.textContent = `${fmtDate(p.at)}: ${p.score}/4`;
      dot.append(title);
      svg.append(dot);
    });
    return svg;
  }

  function seriesRows(list) {
    return list
      .filter((s) => s.points.length)
      .map((s) =>
        el(
          "tr",
          { "data-testid": "series", "data-id": s.id },
          el("th", { scope: "row", text: s.name }),
          el("td", null, sparkline(s.points), el("span", { class: "spark__text", text: s.points.map((p) => p.score).join(" → ") })),
          el("td", { text: `${s.latest}/4` }),
          el("td", { class: s.change > 0 ? "change--up" : s.change < 0 ? "change--down" : "", text: signed(s.change) }),
          el("td", { "data-testid": "trend", text: TRENDS[s.trend] || "–" }),
        ),
      );
  }

  function frequencyBar(pct) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 100 8");
    svg.setAttribute("width", "100");
    svg.setAttribute("height", "8");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "freqbar");
    const back = document.createElementNS(SVG, "rect");
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: 100, height: 8, rx: 4, class: "freqbar__back" })) back.setAttribute(k, String(v));
    const fill = document.createElementNS(SVG, "rect");
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: pct, height: 8, rx: 4, class: "freqbar__fill" })) fill.setAttribute(k, String(v));
    svg.append(back, fill);
    return svg;
  }

  async function openProgress(hash, stale) {
    showView("view-progress", "Progress", $("progress-title"));
    const level = params(hash).get("level");
    const data = await api(`/api/progress${level ? `?level=${encodeURIComponent(level)}` : ""}`);
    if (stale()) return;
    for (const input of document.querySelectorAll('input[name="progress-level"]')) input.checked = input.value === data.level;
    $("progress-lede").textContent = data.interviews
      ? `From ${plural(data.interviews, "scored interview")}. Question types and "practise next" follow the ${data.level} frequency table.`
      : `Nothing scored yet: finish an interview and your scores appear here. Question types follow the ${data.level} frequency table.`;
    const body = clear($("progress-body"));
    const next = data.practise_next;
    if (next) {
      body.append(
        el(
          "div",
          { class: "callout", "data-testid": "practise-next" },
          el("div", null, el("p", { class: "callout__title", text: `Practise next: ${next.principle_name}` }), el("p", { class: "callout__text", text: next.question_text }), el("p", { class: "muted small", text: next.reason })),
          el("button", { type: "button", class: "btn btn--primary", text: "Start this question", onclick: (e) => startInterview({ level: data.level, question_id: next.question_id }, e.currentTarget) }),
        ),
      );
    }
    const principles = seriesRows(data.principles);
    if (principles.length) body.append(el("div", { class: "table-scroll" }, table("Leadership principles across your attempts", ["Principle", "Scores, oldest first", "Latest", "Change", "Trend"], principles, "progress-table")));
    if (data.unpractised.length) {
      body.append(
        el("h2", { class: "section-title", text: "Not practised yet" }),
        el(
          "ul",
          { class: "unpractised", "data-testid": "unpractised" },
          data.unpractised.map((p) => el("li", null, el("span", { text: p.name }), " ", el("button", { type: "button", class: "btn btn--quiet btn--small", text: "Practise", "aria-label": `Practise ${p.name}`, onclick: (e) => startInterview({ level: data.level, leadership_principle: p.id }, e.currentTarget) }))),
        ),
      );
    }
    const dimensions = seriesRows(data.dimensions);
    if (dimensions.length) body.append(el("div", { class: "table-scroll" }, table("Every other dimension across your attempts", ["Dimension", "Scores, oldest first", "Latest", "Change", "Trend"], dimensions, "progress-table")));
    const types = data.question_types.map((t) =>
      el(
        "tr",
        null,
        el("th", { scope: "row" }, t.name, el("span", { class: "muted small", text: ` · ${t.success_factor}` })),
        el("td", null, frequencyBar(t.frequency), ` ${t.frequency}%`),
        el("td", { text: String(t.attempts) }),
        el("td", null, t.latest_recommendation ? recBadge(t.latest_recommendation) : "–"),
        el("td", { text: t.mean_overall === null ? "–" : `${t.mean_overall.toFixed(1)}/4` }),
      ),
    );
    body.append(el("div", { class: "table-scroll" }, table(`Question types, most asked at ${data.level} first`, ["Type · success factor", `Asked at ${data.level}`, "Attempts", "Latest", "Mean overall"], types)));
  }

  async function exportAll(format, button) {
    await mi.downloadFile(`/api/export${format === "md" ? "?format=md" : ""}`, `mock-interview-export.${format}`, button, "Export downloaded.");
  }

  async function deleteAll() {
    const ok = await confirmAction({
      title: "Delete all your data?",
      text: "Every interview, loop and story of this browser's identity is removed for good. Export it first if you want a copy.",
      confirmLabel: "Delete everything",
    });
    if (!ok) return;
    try {
      const gone = await api("/api/data", { method: "DELETE" });
      announce(`Deleted ${plural(gone.interviews, "interview")}, ${plural(gone.loops, "loop")} and ${plural(gone.stories, "story")}.`);
      go("#/progress");
    } catch (error) {
      showError(error);
    }
  }

  // ---------------------------------------------------------------- stories

  function principleChoices(selected) {
    const host = clear($("story-principles"));
    for (const p of (mi.framework && mi.framework.leadership_principles) || []) {
      host.append(el("label", { class: "principle-pick" }, el("input", { type: "checkbox", value: p.id, checked: selected.includes(p.id) }), ` ${p.name}`));
    }
  }

  function openStoryForm(story, suggestion) {
    coach.storyEditing = story ? story.id : null;
    const source = story || suggestion || { title: "", text: "", principles: [], numbers: [] };
    $("story-form-title").textContent = story ? "Edit the story" : suggestion ? "Save your answers as a story" : "A new story";
    $("story-title").value = source.title;
    $("story-text").value = source.text;
    $("story-numbers").value = source.numbers.join("\n");
    principleChoices(source.principles);
    const hint = $("story-suggested");
    hint.textContent = suggestion ? "Suggested from your answers: change them as you see fit." : "";
    show(hint, Boolean(suggestion));
    show($("story-error"), false);
    show($("story-form"), true);
    $("story-title").focus();
  }

  function closeStoryForm() {
    coach.storyEditing = null;
    coach.storySource = null;
    show($("story-form"), false);
  }

  async function saveStory(event) {
    event.preventDefault();
    const body = {
      title: $("story-title").value,
      text: $("story-text").value,
      principles: Array.from(document.querySelectorAll("#story-principles input:checked"), (i) => i.value),
      numbers: $("story-numbers").value.split("\n").map((n) => n.trim()).filter(Boolean),
    };
    const missing = !body.title.trim() ? ["story-title", "Give the story a title."] : !body.text.trim() ? ["story-text", "Write the story, or save it from an interview's answers."] : null;
    if (missing) {
      storyError(missing[1]);
      $(missing[0]).focus();
      return;
    }
    const editing = coach.storyEditing;
    if (!editing && coach.storySource) Object.assign(body, coach.storySource);
    const button = $("story-save");
    button.disabled = true;
    try {
      const path = editing ? `/api/stories/${encodeURIComponent(editing)}` : "/api/stories";
      const story = await api(path, { method: editing ? "PATCH" : "POST", body });
      closeStoryForm();
      announce(`Story saved: ${story.title}.`);
      if (location.hash !== "#/stories") go("#/stories");
      else await openStories("#/stories", () => false);
    } catch (error) {
      storyError(error.message);
    } finally {
      button.disabled = false;
    }
  }

  function storyError(message) {
    const node = $("story-error");
    node.textContent = message;
    show(node, true);
  }

  function renderCoverage(bank) {
    const coverage = bank.coverage;
    const titles = new Map(bank.data.map((s) => [s.id, s.title]));
    const root = el("section", { class: "coverage card", "aria-labelledby": "coverage-title", "data-testid": "coverage" });
    root.append(el("h2", { class: "section-title", id: "coverage-title", text: "What your stories cover" }));
    const grid = el("ul", { class: "coverage__grid" });
    for (const p of coverage.principles) {
      const n = p.stories.length;
      const status = n === 0 ? "none" : n === 1 ? "one" : "many";
      const text = n === 0 ? "No story" : n === 1 ? "1 story, no backup" : `${n} stories`;
      grid.append(el("li", { class: `coverage__item coverage__item--${status}`, "data-principle": p.id }, el("span", { class: "coverage__name", text: p.name }), el("span", { class: "coverage__count", text })));
    }
    root.append(grid);
    const lacking = coverage.lacking_numbers.map((id) => titles.get(id)).filter(Boolean);
    if (lacking.length) root.append(el("p", { class: "note", text: `Without numbers: ${lacking.join("; ")}. Prepare metrics for every story.` }));
    for (const o of coverage.overused) {
      root.append(el("p", { class: "note", text: `"${titles.get(o.story_id) || "A story"}" was told in ${o.rounds.join(" and ")} of one loop (${o.evidence}). Interviewers compare notes: bring a different story to each round.` }));
    }
    return root;
  }

  async function openStories(hash, stale) {
    showView("view-stories", "Stories", $("stories-title"));
    const bank = await api("/api/stories");
    if (stale()) return;
    clear($("stories-coverage")).append(renderCoverage(bank));
    const list = clear($("stories-list"));
    show($("stories-empty"), bank.data.length === 0);
    for (const story of bank.data) {
      const titleId = `story-${story.id}`;
      list.append(
        el(
          "li",
          { class: "history__item", "data-testid": "story" },
          el(
            "div",
            { class: "history__main" },
            el("h3", { class: "history__title", id: titleId, text: story.title }),
            el("div", { class: "tags" }, story.principles.map((p) => el("span", { class: "tag", text: mi.principleName(p) }))),
            el("p", { class: "history__meta", text: story.numbers.length ? `Numbers: ${story.numbers.join("; ")}` : "No numbers yet" }),
            story.practised_in.length ? el("p", { class: "muted small", text: `Practised ${plural(story.practised_in.length, "time")}.` }) : null,
          ),
          el(
            "div",
            { class: "history__actions" },
            el("button", { type: "button", class: "btn btn--secondary btn--small", "aria-describedby": titleId, text: "Practise", onclick: (e) => startInterview({ level: practiceLevel(), story_id: story.id }, e.currentTarget) }),
            el("button", { type: "button", class: "btn btn--quiet btn--small", "aria-describedby": titleId, text: "Edit", onclick: () => openStoryForm(story, null) }),
            el("button", { type: "button", class: "btn btn--danger-quiet btn--small", "aria-describedby": titleId, text: "Delete", onclick: () => deleteStory(story) }),
          ),
        ),
      );
    }
    const from = params(hash).get("interview");
    if (!from) return;
    const seq = params(hash).get("seq");
    const suggestion = await api(`/api/interviews/${encodeURIComponent(from)}/story${seq ? `?seq=${encodeURIComponent(seq)}` : ""}`);
    if (stale()) return;
    coach.storySource = { interview_id: from, ...(seq ? { seq: Number(seq) } : {}) };
    openStoryForm(null, suggestion);
  }

  async function deleteStory(story) {
    const ok = await confirmAction({ title: "Delete this story?", text: `“${story.title}” will be removed; the interviews that practised it stay.`, confirmLabel: "Delete" });
    if (!ok) return;
    try {
      await api(`/api/stories/${encodeURIComponent(story.id)}`, { method: "DELETE" });
      announce("Story deleted.");
      await openStories("#/stories", () => false);
    } catch (error) {
      showError(error);
    }
  }

  // ---------------------------------------------------------------- wiring

  function bind() {
    $("loop-form").addEventListener("submit", startLoop);
    $("loop-next").addEventListener("click", () => coach.loop && coach.loop.next_interview && openInterviewById(coach.loop.next_interview));
    $("loop-end").addEventListener("click", endLoop);
    for (const input of document.querySelectorAll('input[name="progress-level"]')) input.addEventListener("change", () => go(`#/progress?level=${input.value}`));
    $("export-json").addEventListener("click", (e) => exportAll("json", e.currentTarget));
    $("export-md").addEventListener("click", (e) => exportAll("md", e.currentTarget));
    $("delete-all").addEventListener("click", deleteAll);
    $("story-new").addEventListener("click", () => {
      coach.storySource = null;
      openStoryForm(null, null);
    });
    $("story-form").addEventListener("submit", saveStory);
    $("story-cancel").addEventListener("click", closeStoryForm);
    fetch("/healthz", { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((health) => {
        if (health) coach.provider = health.provider;
      })
      .catch(() => {});
  }

  bind();
  mi.register({
    views: ["view-loops", "view-loop", "view-progress", "view-stories"],
    nav: { "view-loops": "nav-loops", "view-loop": "nav-loops", "view-progress": "nav-progress", "view-stories": "nav-stories" },
    match: (hash) => /^#\/(loops|progress|stories)(\/|\?|$)/.test(hash),
    async open(hash, stale) {
      if (hash.startsWith("#/loops/")) return openLoop(decodeURIComponent(hash.slice("#/loops/".length)), stale);
      if (hash.startsWith("#/loops")) return openLoops(stale);
      if (hash.startsWith("#/progress")) return openProgress(hash, stale);
      closeStoryForm();
      return openStories(hash, stale);
    },
    on(event, interview) {
      if (event === "result") decorate(interview, $("iv-scorecard"), "iv");
      if (event === "review") {
        decorate(interview, $("rv-scorecard"), "rv");
        addAnswerSaving(interview);
      }
    },
  });
})();
