// Popup: server status, search as you type, and a record's detail view (also opened from a
// tooltip's link as popup.html?code=D0371).
"use strict";
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const { messages, present } = globalThis.cdt;
  const SEARCH_DELAY_MS = 200;
  const $ = (id) => document.getElementById(id);
  const q = $("q");
  const results = $("results");
  const detail = $("detail");
  const note = $("note");

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function showNote(text) {
    note.textContent = text || "";
    note.hidden = !text;
  }

  async function send(message) {
    try {
      return await ext.runtime.sendMessage(message);
    } catch (err) {
      return messages.error(err.message);
    }
  }

  async function refreshStatus() {
    const answer = await send(messages.status());
    const status = $("status");
    if (answer.ok && answer.up) {
      status.textContent = `Server running · data ${answer.version || "?"} · CDT ${answer.edition || "?"}`;
      status.className = "status up";
    } else {
      status.textContent = "Server not running: offline summaries only";
      status.className = "status down";
      status.title = answer.ok ? answer.note : "";
    }
  }

  let searchTimer = null;
  let searchSeq = 0;
  q.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
  });

  async function runSearch() {
    const seq = ++searchSeq;
    const answer = await send(messages.search(q.value));
    if (seq !== searchSeq) return; // a newer query was typed meanwhile
    detail.hidden = true;
    results.hidden = false;
    results.replaceChildren();
    if (!answer.ok) return showNote(answer.error.message);
    showNote(answer.source === "snapshot" ? answer.note : "");
    if (!answer.hits.length && q.value.trim()) results.appendChild(el("li", "No codes found."));
    for (const hit of answer.hits) {
      const li = el("li");
      const button = el("button");
      button.type = "button";
      button.setAttribute("data-code", hit.code);
      button.append(el("b", hit.code), document.createTextNode(hit.title));
      button.addEventListener("click", () => openDetail(hit.code));
      li.appendChild(button);
      results.appendChild(li);
    }
  }

  async function openDetail(code) {
    const answer = await send(messages.record(code));
    if (!answer.ok) return showNote(answer.error.message);
    const model = present.tooltipModel(answer.record, "full");
    $("detail-code").textContent = model.heading;
    $("detail-title").textContent = model.subheading;
    const body = $("detail-body");
    body.replaceChildren();
    for (const section of model.sections) {
      body.appendChild(el("h3", section.title));
      if (section.text) body.appendChild(el("p", section.text));
      if (section.items) {
        const ul = el("ul");
        for (const item of section.items) ul.appendChild(el("li", item));
        body.appendChild(ul);
      }
      if (section.pairs) {
        const ul = el("ul");
        for (const pair of section.pairs) {
          const li = el("li");
          li.append(el("b", pair.code + " "), document.createTextNode(pair.text));
          ul.appendChild(li);
        }
        body.appendChild(ul);
      }
    }
    showNote(model.note);
    results.hidden = true;
    detail.hidden = false;
  }

  $("back").addEventListener("click", () => {
    detail.hidden = true;
    results.hidden = false;
    q.focus();
  });
  $("options").addEventListener("click", (event) => {
    event.preventDefault();
    ext.runtime.openOptionsPage();
  });

  refreshStatus();
  const code = new URLSearchParams(location.search).get("code");
  if (code) openDetail(code);
  else q.focus();
})();
