// The only part of the extension that talks to the server. Thin: checks each message, calls
// the server (or the bundled snapshot when the server is down) and answers.
// Chrome loads this as a classic service worker and pulls the lib files in with importScripts;
// Firefox loads it as a background script after the lib files listed in manifest.json.
"use strict";

if (typeof importScripts === "function") {
  importScripts(
    "../lib/codes.js", "../lib/lines.js", "../lib/messages.js", "../lib/sites.js", "../lib/options.js",
    "../lib/records.js", "../lib/snapshot.js", "../lib/content-files.js", "server.js", "sites.js",
  );
}

const ext = globalThis.browser || globalThis.chrome;
const { messages, options, server, siteScripts } = globalThis.cdt;

// Listeners are registered synchronously at top level so a woken worker receives the event.
ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  let request;
  try {
    request = messages.validateMessage(msg);
  } catch (err) {
    sendResponse(messages.error(err.message, "bad-message"));
    return false;
  }
  HANDLERS[request.type](request, sender).then(sendResponse, (err) =>
    sendResponse(messages.error(err && err.message ? err.message : err)),
  );
  return true; // the answer comes asynchronously
});

ext.storage.onChanged.addListener((changes, area) => {
  if (area !== "local") return;
  if (changes.serverUrl) server.clearCache();
  if (changes.sites) siteScripts.sync();
});

// Permissions granted or taken back in the browser's own settings follow into `sites`.
ext.permissions.onAdded.addListener(() => siteScripts.sync());
ext.permissions.onRemoved.addListener(() => siteScripts.dropRevoked());

// The keyboard shortcut: scan the current page once. activeTab grants the page for this one
// command; the site is not turned on and nothing is registered.
ext.commands.onCommand.addListener((command, tab) => {
  if (command === "scan-page" && tab && tab.id !== undefined) siteScripts.scanTab(tab.id).catch(() => {});
});

// The registration follows `sites` each time the worker starts (installed, updated, browser
// started, woken by an event): cheap, and a browser may have dropped its registrations.
siteScripts.sync();

async function readOptions() {
  return options.mergeOptions(await ext.storage.local.get(null));
}

// Handlers that call the server get its address from the options, read afresh each time.
const withServer = (call) => async (message) => {
  const { serverUrl } = await readOptions();
  return messages.ok(await call(serverUrl, message));
};

// Messages only the extension's own pages (popup, options) may send, not a content script.
function ownPage(sender) {
  if (!sender || !sender.url || !sender.url.startsWith(ext.runtime.getURL(""))) {
    throw new Error("only the extension's own pages may ask for that");
  }
}

const HANDLERS = {
  lookup: withServer((url, { codes }) => server.lookup(url, codes)),
  check: withServer((url, { lines }) => server.check(url, lines)),
  search: withServer((url, { q }) => server.search(url, q)),
  record: withServer((url, { code }) => server.record(url, code)),
  diagnoses: withServer((url, { code }) => server.diagnoses(url, code)),
  diagnosis: withServer((url, { icd }) => server.diagnosis(url, icd)),
  status: withServer((url) => server.status(url)),
  async scanTab({ tabId }, sender) {
    ownPage(sender);
    await siteScripts.scanTab(tabId);
    return messages.ok({});
  },
  async syncSites(message, sender) {
    ownPage(sender);
    return messages.ok({ matches: await siteScripts.sync() });
  },
  async openRecord({ code }) {
    const url = ext.runtime.getURL(`popup/popup.html?code=${encodeURIComponent(code)}`);
    await ext.tabs.create({ url });
    return messages.ok({});
  },
};
