// Popup: server status, search as you type, and a record's detail view (also opened from a
// tooltip's link as popup.html?code=D0371).
"use strict";
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const { messages, present, sites, options } = globalThis.cdt;
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

  // A list whose items read "<b>label</b> text": plan notes (label: text), confusable codes (code text).
  function labelledList(items, labelOf) {
    const ul = el("ul");
    for (const item of items) {
      const li = el("li");
      li.append(el("b", labelOf(item)), document.createTextNode(item.text));
      ul.appendChild(li);
    }
    return ul;
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

  // The server's health: where it is, whether it answers, its data version and CDT edition.
  async function refreshStatus() {
    const answer = await send(messages.status());
    const status = $("status");
    const where = answer.ok && answer.url ? new URL(answer.url).host : "";
    if (answer.ok && answer.up) {
      status.textContent = `Server ${where} running · data ${answer.version || "?"} · CDT ${answer.edition || "?"}`;
      status.className = "status up";
    } else {
      status.textContent = `Server ${where} not answering: offline summaries only`;
      status.className = "status down";
      status.title = answer.ok ? answer.note : "";
    }
  }

  // ---- this site: turn on / off, scan once ------------------------------------------------
  // The page is the active tab; `?tab=ID` names another (the record view opened from a
  // tooltip, and the end-to-end tests, which cannot open a popup over a page).
  const params = new URLSearchParams(location.search);
  const siteToggle = $("site-toggle");
  const scanOnce = $("scan-once");
  let page = null; // {id, url, pattern}

  async function findPage() {
    const id = Number(params.get("tab"));
    const tab = Number.isInteger(id) && id > 0 ? await ext.tabs.get(id) : (await ext.tabs.query({ active: true, currentWindow: true }))[0];
    const pattern = tab && tab.url ? sites.patternForUrl(tab.url) : null;
    return tab && pattern ? { id: tab.id, url: tab.url, pattern } : null;
  }

  async function renderSite() {
    const state = $("site-state");
    if (!page) {
      state.textContent = "Codes are explained on web pages (http and https) only.";
      siteToggle.hidden = scanOnce.hidden = true;
      return;
    }
    const { sites: on } = options.mergeOptions(await ext.storage.local.get("sites"));
    const isOn = sites.siteMatches(page.url, on);
    state.textContent = `${isOn ? "On" : "Off"} for ${sites.label(page.pattern)}`;
    siteToggle.textContent = isOn ? "Turn off for this site" : "Turn on for this site";
    siteToggle.setAttribute("aria-pressed", String(isOn));
    siteToggle.hidden = false;
    scanOnce.hidden = isOn;
  }

  siteToggle.addEventListener("click", () => {
    if (siteToggle.getAttribute("aria-pressed") === "true") {
      turnOff().catch((err) => showNote(err.message));
      return;
    }
    // Asked for in the click itself: browsers grant a permission only in answer to the user.
    ext.permissions.request({ origins: [sites.permissionFor(page.pattern)] }).then(
      (granted) => (granted ? turnOn() : showNote("Not turned on: the browser's permission for this site was not given.")),
      (err) => showNote(err.message),
    );
  });

  async function turnOn() {
    const { sites: on } = options.mergeOptions(await ext.storage.local.get("sites"));
    await ext.storage.local.set({ sites: sites.withSite(on, page.pattern) });
    await send(messages.syncSites()); // registered for the next page loads…
    await send(messages.scanTab(page.id)); // …and this page scanned now, without a reload
    await renderSite();
  }

  async function turnOff() {
    const stored = options.mergeOptions(await ext.storage.local.get(null));
    const left = stored.sites.filter((s) => !sites.siteMatches(page.url, [s]));
    await ext.storage.local.set({ sites: left });
    // Give the host back unless the server or another site on it still needs it. (The
    // loopback hosts are the manifest's own: the browser refuses to remove those.)
    const origin = sites.permissionFor(page.pattern);
    const needed = [...left, sites.patternForUrl(stored.serverUrl)].some((s) => s && sites.permissionFor(s) === origin);
    if (!needed) await ext.permissions.remove({ origins: [origin] }).catch(() => false);
    await send(messages.syncSites());
    await renderSite();
    showNote("Turned off: reload the page to take the marks away.");
  }

  scanOnce.addEventListener("click", async () => {
    const answer = await send(messages.scanTab(page.id));
    showNote(answer.ok ? "Scanned once. The site stays off." : answer.error.message);
  });

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
    $("detail-edition").textContent = model.edition;
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
      if (section.notes) body.appendChild(labelledList(section.notes, (note) => note.label + ": "));
      if (section.pairs) body.appendChild(labelledList(section.pairs, (pair) => pair.code + " "));
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
  findPage().then((found) => { page = found; return renderSite(); }, () => renderSite());
  const code = params.get("code");
  if (code) openDetail(code);
  else q.focus();
})();
