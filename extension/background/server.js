// Calls to the local cdt-server, with the snapshot as the fallback when it is not running.
// Loaded by the service worker (Chrome) or the background page (Firefox), never by pages.
(function (root) {
  "use strict";
  const cdt = root.cdt;
  const TIMEOUT_MS = 4000;
  const LOOKUP_BATCH = 500; // the server's MAX_LOOKUP_CODES
  const CHECK_BATCH = 200; // the server's MAX_CLAIM_LINES

  // Records from the server, kept for the worker's life. Snapshot answers are not cached, so
  // full records arrive as soon as the server is started.
  const cache = new Map();

  class ServerDown extends Error {}

  async function call(base, path, body) {
    const init = { method: body === undefined ? "GET" : "POST", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    init.signal = AbortSignal.timeout(TIMEOUT_MS);
    let response;
    try {
      response = await fetch(base + path, init);
    } catch (err) {
      throw new ServerDown(`The CDT server at ${base} is not answering.`);
    }
    const data = await response.json().catch(() => null);
    return { status: response.status, data };
  }

  function serverError(answer) {
    // The server's one error shape: {status, error, message, suggestions?, fields_?}.
    const message = answer.data && typeof answer.data.message === "string" ? answer.data.message : `server answered ${answer.status}`;
    return new Error(message);
  }

  function snapshotEntry(code) {
    const row = cdt.snapshot.codes[code];
    if (row) return cdt.records.fromSnapshot(code, row);
    const entry = cdt.records.unknown(code, cdt.records.closeCodes(code, Object.entries(cdt.snapshot.codes)), "snapshot");
    entry.note = cdt.records.START_SERVER_HINT;
    return entry;
  }

  async function lookup(base, codes) {
    const missing = codes.filter((c) => !cache.has(c));
    let source = "server";
    try {
      for (let i = 0; i < missing.length; i += LOOKUP_BATCH) {
        const batch = missing.slice(i, i + LOOKUP_BATCH);
        const answer = await call(base, "/api/v1/codes/lookup", { codes: batch });
        if (answer.status !== 200) throw serverError(answer);
        const entries = cdt.records.fromLookup(answer.data, batch);
        for (const code of batch) cache.set(code, entries[code]);
      }
    } catch (err) {
      if (!(err instanceof ServerDown)) throw err;
      source = "snapshot";
    }
    const records = {};
    for (const code of codes) records[code] = cache.get(code) || snapshotEntry(code);
    return { records, source };
  }

  async function check(base, lines) {
    const findings = [];
    try {
      // Rules that span lines see one batch at a time; real claims are far below a batch.
      for (let start = 0; start < lines.length; start += CHECK_BATCH) {
        const answer = await call(base, "/api/v1/claims/check", { lines: lines.slice(start, start + CHECK_BATCH) });
        if (answer.status !== 200) throw serverError(answer);
        for (const f of (answer.data && answer.data.findings) || []) {
          findings.push({ ...f, lines: (f.lines || []).map((i) => i + start) });
        }
      }
    } catch (err) {
      if (err instanceof ServerDown) return { findings: [], source: "snapshot", note: cdt.records.START_SERVER_HINT };
      throw err;
    }
    return { findings, source: "server" };
  }

  async function search(base, q) {
    if (!q) return { hits: [], source: "server" };
    try {
      const answer = await call(base, `/api/v1/search?q=${encodeURIComponent(q)}&limit=20`);
      if (answer.status !== 200) throw serverError(answer);
      const hits = (answer.data && answer.data.hits) || [];
      return { hits: hits.map((h) => ({ code: h.code, title: h.title })), source: "server" };
    } catch (err) {
      if (!(err instanceof ServerDown)) throw err;
      return { hits: snapshotSearch(q), source: "snapshot", note: cdt.records.START_SERVER_HINT };
    }
  }

  // Offline search: the code itself, or every word of the query in the title.
  function snapshotSearch(q) {
    const code = cdt.codes.normalizeCode(q);
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = [];
    for (const [c, row] of Object.entries(cdt.snapshot.codes)) {
      const title = row.title.toLowerCase();
      if (c === code || (!code && words.every((w) => title.includes(w)))) hits.push({ code: c, title: row.title });
      if (hits.length >= 20) break;
    }
    return hits;
  }

  async function record(base, code) {
    try {
      const answer = await call(base, `/api/v1/codes/${encodeURIComponent(code)}`);
      if (answer.status === 200) {
        return { record: cdt.records.fromRecord(answer.data), source: "server" };
      }
      if (answer.status === 404) {
        return { record: cdt.records.unknown(code, (answer.data || {}).suggestions, "server"), source: "server" };
      }
      throw serverError(answer);
    } catch (err) {
      if (!(err instanceof ServerDown)) throw err;
      return { record: snapshotEntry(code), source: "snapshot" };
    }
  }

  // Medical crossover: a CDT code's diagnosis families, and one ICD-10-CM code, cached per code
  // for the worker's life (server answers only: a server started later is noticed).
  const crossoverCache = new Map();
  const icdCache = new Map();

  function crossoverOf(data) {
    const families = Array.isArray(data && data.families) ? data.families : [];
    return {
      families: families.map((f) => ({ id: String(f.id || ""), label: String(f.label || ""), note: String(f.note || "") })).filter((f) => f.label),
      notice: typeof data.notice === "string" ? data.notice : "",
      release: typeof data.icd10cm_release === "string" ? data.icd10cm_release : "",
    };
  }

  async function diagnoses(base, code) {
    if (crossoverCache.has(code)) return { ...crossoverCache.get(code), source: "server" };
    try {
      const answer = await call(base, `/api/v1/codes/${encodeURIComponent(code)}/diagnoses`);
      if (answer.status === 404) return { families: [], notice: "", release: "", source: "server" };
      if (answer.status !== 200) throw serverError(answer);
      const result = crossoverOf(answer.data || {});
      crossoverCache.set(code, result);
      return { ...result, source: "server" };
    } catch (err) {
      if (!(err instanceof ServerDown)) throw err;
      return { families: [], notice: "", release: "", source: "snapshot" };
    }
  }

  async function diagnosis(base, icd) {
    if (icdCache.has(icd)) return { ...icdCache.get(icd), source: "server" };
    try {
      const answer = await call(base, `/api/v1/diagnoses/${encodeURIComponent(icd)}`);
      let result;
      if (answer.status === 200 && answer.data && typeof answer.data.code === "string") {
        const d = answer.data;
        result = {
          found: true,
          diagnosis: {
            code: d.code, title: String(d.title || ""), kind: String(d.kind || ""), billable: d.billable === true,
            release: typeof d.icd10cm_release === "string" ? d.icd10cm_release : "",
          },
        };
      } else if (answer.status === 404 || answer.status === 400) {
        result = { found: false };
      } else {
        throw serverError(answer);
      }
      icdCache.set(icd, result);
      return { ...result, source: "server" };
    } catch (err) {
      if (!(err instanceof ServerDown)) throw err;
      return { found: false, source: "snapshot" };
    }
  }

  async function status(base) {
    try {
      const answer = await call(base, "/healthz");
      const data = answer.data || {};
      return { up: answer.status === 200, url: base, version: data.version || null, edition: data.edition || null };
    } catch (err) {
      if (!(err instanceof ServerDown)) throw err;
      return { up: false, url: base, note: cdt.records.START_SERVER_HINT };
    }
  }

  (root.cdt = root.cdt || {}).server = {
    lookup, check, search, record, diagnoses, diagnosis, status,
    clearCache: () => { cache.clear(); crossoverCache.clear(); icdCache.clear(); },
  };
})(globalThis);
