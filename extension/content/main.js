// The content script's wiring: options, scanning (once, then what changes), one lookup per
// scan, the claim check, tooltip and panel. It sends the service worker nothing but code
// tokens and claim-line fields, through cdt.messages.
(function (root) {
  "use strict";
  const cdt = root.cdt;
  // Registered for the site and injected again by "Scan once" or the shortcut: start once.
  if (cdt.started) return;
  cdt.started = true;
  const ext = root.browser || root.chrome;
  const doc = document;
  const RESCAN_DELAY_MS = 120;
  const TYPING_DELAY_MS = 250;
  const HIDE_DELAY_MS = 250;
  const MAY_HOLD_ICD = /[A-Za-z]\d[A-Za-z0-9]/;

  let options = cdt.options.mergeOptions({});
  const entries = new Map(); // code -> tooltip entry (from the server or the snapshot)
  const pending = new Set(); // codes asked for and not answered yet
  // Medical crossover: a CDT code's diagnoses answer, and each ICD-10-CM token's answer (or
  // its promise while asked). Answers without the server are not kept: asked again later.
  const crossover = new Map();
  const icdAnswers = new Map();
  let tooltip = null;
  let panel = null;
  let lastLinesKey = null;

  // Bench mode (an <html data-cdt-bench> page): figures are written to attributes on <html>.
  const bench = doc.documentElement.hasAttribute("data-cdt-bench");
  const stats = { scans: 0, lookups: 0 };
  function report(name, value) {
    if (bench) doc.documentElement.setAttribute(`data-cdt-${name}`, String(value));
  }

  async function send(message) {
    try {
      return await ext.runtime.sendMessage(message);
    } catch (err) {
      return cdt.messages.error(err && err.message ? err.message : err); // extension reloaded
    }
  }

  // ---- scanning ----------------------------------------------------------------------------

  // Codes with no entry yet, or only a snapshot entry (so a server started later is noticed).
  function needed(codes) {
    return cdt.codes.uniqueCodes(codes).filter((c) => !pending.has(c) && (!entries.has(c) || entries.get(c).source === "snapshot"));
  }

  async function lookup(codes) {
    const missing = needed(codes);
    if (!missing.length) return;
    missing.forEach((c) => pending.add(c));
    stats.lookups += 1;
    report("lookups", stats.lookups);
    const answer = await send(cdt.messages.lookup(missing));
    missing.forEach((c) => pending.delete(c));
    if (answer && answer.ok) {
      for (const [code, entry] of Object.entries(answer.records)) entries.set(code, entry);
    }
    if (tooltip && tooltip.visible && tooltip.code && entries.has(tooltip.code) && tooltip.target.hasAttribute("data-cdt-code")) {
      tooltip.show(tooltip.target, tooltip.code, entries.get(tooltip.code), options.detail, crossover.get(tooltip.code));
    }
  }

  // ---- medical crossover -------------------------------------------------------------------

  /** The diagnosis families of `code`, asked for once when its tooltip first opens. */
  async function askCrossover(code) {
    if (crossover.has(code)) return;
    crossover.set(code, null);
    const answer = await send(cdt.messages.diagnoses(code));
    if (!answer || !answer.ok || answer.source !== "server") {
      crossover.delete(code); // the server is down: nothing shown, asked again next time
      return;
    }
    crossover.set(code, answer);
    if (tooltip && tooltip.visible && tooltip.code === code && entries.has(code) && tooltip.target.hasAttribute("data-cdt-code")) {
      tooltip.show(tooltip.target, code, entries.get(code), options.detail, answer);
    }
  }

  /** The server's answer for one ICD-10-CM token (asked once per token while it answers). */
  function askIcd(icd) {
    let answer = icdAnswers.get(icd);
    if (!answer) {
      answer = send(cdt.messages.diagnosis(icd)).then((a) => {
        const kept = a && a.ok && a.source === "server" ? a : null;
        if (kept) icdAnswers.set(icd, kept);
        else icdAnswers.delete(icd);
        return kept;
      });
      icdAnswers.set(icd, answer);
    }
    return Promise.resolve(answer);
  }

  /** Finds the ICD-10-CM candidates under `roots`, asks about each token, marks the codes. */
  async function scanDiagnoses(roots) {
    const found = [];
    for (const node of roots) if (node.isConnected) for (const c of cdt.diagnoses.candidates(node)) found.push(c);
    if (!found.length) return;
    const tokens = Array.from(new Set(found.map((c) => c.icd)));
    const answers = new Map();
    await Promise.all(tokens.map(async (icd) => answers.set(icd, await askIcd(icd))));
    cdt.diagnoses.markAll(found, (icd) => {
      const a = answers.get(icd);
      return a && a.found && a.diagnosis ? a.diagnosis.code : null;
    });
  }

  /**
   * Scan `roots`, then one lookup for the new codes; the claim lines are read in a task of
   * their own, so neither blocks the page for long on a 2,000-line claim.
   */
  function scanRoots(roots) {
    const start = performance.now();
    const codes = [];
    for (const node of roots) if (node.isConnected) for (const code of cdt.scan.scan(node)) codes.push(code);
    stats.scans += 1;
    report("scan-ms", (performance.now() - start).toFixed(2));
    report("scans", stats.scans);
    lookup(codes);
    setTimeout(readClaim, 0);
    setTimeout(() => scanDiagnoses(roots), 0);
  }

  function readClaim() {
    const start = performance.now();
    const claim = cdt.claim.collect(doc);
    report("lines-ms", (performance.now() - start).toFixed(2));
    report("marked", claim.marked);
    checkClaim(claim);
  }

  async function checkClaim(claim) {
    const key = cdt.lines.linesKey(claim.lines);
    if (key === lastLinesKey) return;
    lastLinesKey = key;
    if (!claim.lines.length) {
      cdt.scan.unflagAll(doc);
      if (panel) panel.update([], "");
      return;
    }
    const answer = await send(cdt.messages.check(claim.lines));
    if (key !== lastLinesKey || !answer) return; // a newer claim is on its way
    if (!panel) panel = new cdt.Panel(doc);
    cdt.scan.unflagAll(doc);
    if (!answer.ok) {
      lastLinesKey = null; // try again on the next change
      panel.update([], `The claim check did not work: ${answer.error.message}`);
      return;
    }
    for (const finding of answer.findings) {
      const elements = new Set();
      for (const i of finding.lines || []) for (const e of claim.elements[i] || []) elements.add(e);
      if (!elements.size) {
        for (const code of finding.codes || []) {
          if (cdt.codes.normalizeCode(code) !== code) continue;
          for (const e of doc.querySelectorAll(`[data-cdt-code="${code}"]`)) elements.add(e);
        }
      }
      for (const e of elements) cdt.scan.flag(e, finding.severity);
    }
    // Without the server, say so only where there is a claim to check, not beside every code.
    const note = answer.note && claim.lines.length > 1 ? answer.note : "";
    panel.update(answer.findings, note);
    report("findings", answer.findings.length);
  }

  // Re-scan only what changed, debounced.
  const changed = new Set();
  let rescanTimer = null;
  function schedule(delay) {
    clearTimeout(rescanTimer);
    rescanTimer = setTimeout(flush, delay);
  }

  function flush() {
    // Drop nodes inside another changed node: each subtree is scanned once.
    const roots = [];
    for (const node of changed) {
      let inside = false;
      for (let a = node.parentNode; a && !inside; a = a.parentNode) inside = changed.has(a);
      if (!inside) roots.push(node);
    }
    changed.clear();
    scanRoots(roots);
  }

  function ours(node) {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return !element || Boolean(element.closest("[data-cdt-tooltip],[data-cdt-panel]"));
  }

  const observer = new MutationObserver((records) => {
    let any = false;
    for (const record of records) {
      if (record.type === "characterData") {
        if (!ours(record.target)) { changed.add(record.target); any = true; }
        continue;
      }
      for (const node of record.addedNodes) {
        // Our own wrapping adds spans that are already marked and text with no code left.
        if (node.nodeType === 1 && (node.hasAttribute("data-cdt-code") || node.hasAttribute("data-cdt-icd") || ours(node))) continue;
        if (node.nodeType === 3 && !cdt.codes.mayContainCode(node.data) && !MAY_HOLD_ICD.test(node.data)) continue;
        if (node.nodeType === 1 || node.nodeType === 3) { changed.add(node); any = true; }
      }
      // A removed element may take a claim line with it. (Removed text nodes are our own
      // splitting, or text replaced by text that is scanned as an added node.)
      for (const node of record.removedNodes) if (node.nodeType === 1 && !ours(node)) any = true;
    }
    if (any) schedule(RESCAN_DELAY_MS);
  });

  // ---- tooltip -----------------------------------------------------------------------------

  let hideTimer = null;
  function openTooltip(target, startedAt) {
    if (!tooltip) tooltip = new cdt.Tooltip(doc, (c) => send(cdt.messages.openRecord(c)));
    clearTimeout(hideTimer);
    const code = target.getAttribute("data-cdt-code");
    if (!code) {
      const answer = icdAnswers.get(target.getAttribute("data-cdt-icd"));
      if (answer && answer.found) tooltip.showDiagnosis(target, answer.diagnosis);
      return;
    }
    const entry = entries.get(code) || null;
    tooltip.show(target, code, entry, options.detail, crossover.get(code));
    askCrossover(code);
    if (entry && startedAt !== undefined) report("tooltip-ms", (performance.now() - startedAt).toFixed(2));
    if (!entry || entry.source === "snapshot") lookup([code]);
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => tooltip && tooltip.hide(), HIDE_DELAY_MS);
  }

  function codeTarget(event) {
    const t = event.target;
    return t && t.nodeType === 1 && typeof t.closest === "function" ? t.closest("[data-cdt-code],[data-cdt-icd]") : null;
  }

  function onPointerOver(event) {
    if (tooltip && tooltip.contains(event.target)) return clearTimeout(hideTimer);
    const target = codeTarget(event);
    if (target && cdt.options.triggerHeld(options.trigger, event)) openTooltip(target, event.timeStamp);
    else if (tooltip && tooltip.visible) hideSoon();
  }

  function onFocusIn(event) {
    const target = codeTarget(event);
    if (target) openTooltip(target);
  }

  function onKeyDown(event) {
    if (event.key === "Escape" && tooltip && tooltip.visible) tooltip.hide();
  }

  // ---- typing ------------------------------------------------------------------------------

  function onInput(event) {
    const t = event.target;
    if (t && t.nodeType === 1 && cdt.scan.isCodeField(t)) {
      changed.add(t);
      schedule(TYPING_DELAY_MS);
    }
  }

  // ---- start -------------------------------------------------------------------------------

  function start() {
    cdt.active = true;
    scanRoots([doc.body || doc.documentElement]);
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    doc.addEventListener("mouseover", onPointerOver, true);
    doc.addEventListener("focusin", onFocusIn, true);
    doc.addEventListener("focusout", (e) => codeTarget(e) && hideSoon(), true);
    doc.addEventListener("keydown", onKeyDown, true);
    doc.addEventListener("input", onInput, true);
    doc.addEventListener("change", onInput, true);
  }

  ext.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return;
    ext.storage.local.get(null).then((stored) => {
      options = cdt.options.mergeOptions(stored);
      if (changes.serverUrl) {
        entries.clear();
        crossover.clear();
        icdAnswers.clear();
      }
    });
  });

  // Where it runs is decided outside: the worker registers this script for the turned-on
  // sites only, or injects it once on the user's request.
  // The registration is per host; the port is checked here. A one-off scan runs anywhere.
  ext.storage.local.get(null).then((stored) => {
    options = cdt.options.mergeOptions(stored);
    if (cdt.oneOff || cdt.sites.siteMatches(location.href, options.sites)) start();
    else report("off", "true");
  });
})(globalThis);
