// Where the content script runs: registered for the turned-on sites (`sites` in storage) that
// the browser has granted, and injected once into a tab on request (the popup's "Scan once",
// the keyboard shortcut under activeTab). Loaded by the service worker / background page.
(function (root) {
  "use strict";
  const cdt = root.cdt;
  const ext = root.browser || root.chrome;
  const SCRIPT_ID = "cdt-sites";

  /** The patterns of `sites` whose host the browser has granted. */
  async function granted(sites) {
    const out = [];
    for (const site of sites) {
      const origin = cdt.sites.permissionFor(site);
      if (origin && (await ext.permissions.contains({ origins: [origin] }))) out.push(site);
    }
    return out;
  }

  async function registered() {
    const scripts = await ext.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    return scripts.length ? scripts[0] : null;
  }

  /** Registers the content script for the granted sites, or unregisters it when there are none. */
  async function apply() {
    const { sites } = cdt.options.mergeOptions(await ext.storage.local.get("sites"));
    // Host patterns without the port: Firefox never matches a pattern that names one. The
    // content script checks the page against `sites` itself, port included, before it starts.
    const matches = Array.from(new Set((await granted(sites)).map(cdt.sites.permissionFor)));
    const current = await registered();
    if (!matches.length) {
      if (current) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
      return [];
    }
    const script = {
      id: SCRIPT_ID,
      matches,
      js: [...cdt.contentFiles.JS],
      css: [...cdt.contentFiles.CSS],
      allFrames: true,
      runAt: "document_idle",
      persistAcrossSessions: true,
    };
    if (current) await ext.scripting.updateContentScripts([script]);
    else await ext.scripting.registerContentScripts([script]);
    return matches;
  }

  // One sync at a time, in order: storage changes can come quicker than registration.
  let queue = Promise.resolve();
  function sync() {
    const run = queue.then(apply);
    queue = run.catch((err) => console.error("Dental Code Guide: registering the content script failed:", err));
    return run;
  }

  /** The sites no longer granted (the user removed the permission in the browser) leave `sites`. */
  async function dropRevoked() {
    const { sites } = cdt.options.mergeOptions(await ext.storage.local.get("sites"));
    const kept = await granted(sites);
    if (kept.length !== sites.length) await ext.storage.local.set({ sites: kept });
    else await sync();
  }

  /** Runs the content script once in `tabId` (every frame it may reach). */
  async function scanTab(tabId) {
    const target = { tabId, allFrames: true };
    const oneOff = () => { (globalThis.cdt = globalThis.cdt || {}).oneOff = true; };
    try {
      await ext.scripting.executeScript({ target, func: oneOff });
      await ext.scripting.insertCSS({ target, files: [...cdt.contentFiles.CSS] });
      await ext.scripting.executeScript({ target, files: [...cdt.contentFiles.JS] });
    } catch (err) {
      // A frame from another site is out of activeTab's reach: the top frame alone, then.
      const top = { tabId };
      await ext.scripting.executeScript({ target: top, func: oneOff });
      await ext.scripting.insertCSS({ target: top, files: [...cdt.contentFiles.CSS] });
      await ext.scripting.executeScript({ target: top, files: [...cdt.contentFiles.JS] });
    }
  }

  cdt.siteScripts = { sync, dropRevoked, scanTab, registered, SCRIPT_ID };
})(globalThis);
