// The messages between the pages (content script, popup) and the service worker: one
// {type, ...} shape each, checked on both sides. The service worker refuses anything else,
// so even a faulty content script cannot send a page's other text to the server.
(function (root, factory) {
  const api = factory(root.cdt || (typeof require === "function" ? { codes: require("./codes.js"), lines: require("./lines.js") } : {}));
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).messages = api;
})(globalThis, function (cdt) {
  "use strict";

  const MAX_CODES = 5000;
  const MAX_LINES = 5000;
  const MAX_QUERY = 200;
  const LINE_FIELDS = ["code", "tooth", "surfaces", "quadrant", "arch", "date"];

  class MessageError extends Error {}

  function fail(message) {
    throw new MessageError(message);
  }

  function onlyKeys(msg, allowed) {
    for (const key of Object.keys(msg)) {
      if (!allowed.includes(key)) fail(`unexpected field "${key}" in a ${msg.type} message`);
    }
  }

  function cleanCode(raw) {
    return cdt.codes.normalizeCode(raw) || fail(`not a CDT code: ${String(raw).slice(0, 20)}`);
  }

  function cleanIcd(raw) {
    return cdt.codes.normalizeIcd(raw) || fail(`not an ICD-10-CM code: ${String(raw).slice(0, 20)}`);
  }

  /** A claim line with nothing but its claim-line fields, each in its own shape. */
  function cleanLine(raw) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) fail("a claim line is an object");
    onlyKeys({ ...raw, type: "check" }, [...LINE_FIELDS, "type"]);
    const line = { code: cleanCode(raw.code) };
    const { cleanTooth, cleanSurfaces, cleanArea, cleanDate } = cdt.lines;
    if (raw.tooth !== undefined) line.tooth = cleanTooth(raw.tooth) || fail("bad tooth");
    if (raw.surfaces !== undefined) line.surfaces = cleanSurfaces(raw.surfaces) || fail("bad surfaces");
    if (raw.quadrant !== undefined) {
      line.quadrant = (cleanArea(raw.quadrant) || {}).quadrant || fail("bad quadrant");
    }
    if (raw.arch !== undefined) line.arch = (cleanArea(raw.arch) || {}).arch || fail("bad arch");
    if (raw.date !== undefined) line.date = cleanDate(raw.date) || fail("bad date");
    return line;
  }

  const SHAPES = {
    lookup(msg) {
      onlyKeys(msg, ["type", "codes"]);
      if (!Array.isArray(msg.codes) || msg.codes.length > MAX_CODES) fail("codes is a list of codes");
      return { type: "lookup", codes: cdt.codes.uniqueCodes(msg.codes.map(cleanCode)) };
    },
    check(msg) {
      onlyKeys(msg, ["type", "lines"]);
      if (!Array.isArray(msg.lines) || msg.lines.length > MAX_LINES) fail("lines is a list of claim lines");
      return { type: "check", lines: msg.lines.map(cleanLine) };
    },
    search(msg) {
      onlyKeys(msg, ["type", "q"]);
      if (typeof msg.q !== "string" || msg.q.length > MAX_QUERY) fail("q is a short string");
      return { type: "search", q: msg.q.trim() };
    },
    record(msg) {
      onlyKeys(msg, ["type", "code"]);
      return { type: "record", code: cleanCode(msg.code) };
    },
    // The diagnosis families a medical plan may ask for beside one CDT code (tooltip opened).
    diagnoses(msg) {
      onlyKeys(msg, ["type", "code"]);
      return { type: "diagnoses", code: cleanCode(msg.code) };
    },
    // One ICD-10-CM-shaped token from a diagnosis field: the server says whether it is a code.
    diagnosis(msg) {
      onlyKeys(msg, ["type", "icd"]);
      return { type: "diagnosis", icd: cleanIcd(msg.icd) };
    },
    openRecord(msg) {
      onlyKeys(msg, ["type", "code"]);
      return { type: "openRecord", code: cleanCode(msg.code) };
    },
    status(msg) {
      onlyKeys(msg, ["type"]);
      return { type: "status" };
    },
    scanTab(msg) {
      onlyKeys(msg, ["type", "tabId"]);
      if (!Number.isInteger(msg.tabId) || msg.tabId < 0) fail("tabId is a tab's id");
      return { type: "scanTab", tabId: msg.tabId };
    },
    syncSites(msg) {
      onlyKeys(msg, ["type"]);
      return { type: "syncSites" };
    },
  };

  /** The message, cleaned, or a MessageError saying what is wrong with it. */
  function validateMessage(msg) {
    if (!msg || typeof msg !== "object" || !Object.prototype.hasOwnProperty.call(SHAPES, msg.type)) {
      fail("unknown message type");
    }
    return SHAPES[msg.type](msg);
  }

  const lookup = (codes) => ({ type: "lookup", codes });
  const check = (lines) => ({ type: "check", lines });
  const search = (q) => ({ type: "search", q });
  const record = (code) => ({ type: "record", code });
  const openRecord = (code) => ({ type: "openRecord", code });
  const diagnoses = (code) => ({ type: "diagnoses", code });
  const diagnosis = (icd) => ({ type: "diagnosis", icd });
  const status = () => ({ type: "status" });
  const scanTab = (tabId) => ({ type: "scanTab", tabId });
  const syncSites = () => ({ type: "syncSites" });

  const ok = (body) => ({ ok: true, ...body });
  const error = (message, kind = "error") => ({ ok: false, error: { kind, message: String(message) } });

  return {
    MessageError, LINE_FIELDS, validateMessage, cleanLine,
    lookup, check, search, record, openRecord, diagnoses, diagnosis, status, scanTab, syncSites, ok, error,
  };
});
