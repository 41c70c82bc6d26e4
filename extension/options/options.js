// Options page: reads the merged options, writes only valid values back. Sites are turned on
// and off one at a time, each with the browser's permission asked in the click.
"use strict";
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const { mergeOptions, cleanServerUrl, isLoopbackServer } = globalThis.cdt.options;
  const sites = globalThis.cdt.sites;
  const { SUGGESTED } = globalThis.cdt.portals;
  const form = document.getElementById("options");
  const status = document.getElementById("status");
  const sitesStatus = document.getElementById("sites-status");
  const list = document.getElementById("sites");
  const suggested = document.getElementById("suggested");

  function say(out, text, isError) {
    out.textContent = text;
    out.className = isError ? "error" : "";
  }

  function el(tag, text, attrs = {}) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  async function load() {
    const options = mergeOptions(await ext.storage.local.get(null));
    form.serverUrl.value = options.serverUrl;
    form.querySelector(`input[name="trigger"][value="${options.trigger}"]`).checked = true;
    form.querySelector(`input[name="detail"][value="${options.detail}"]`).checked = true;
    renderSites(options);
  }

  function renderSites(options) {
    list.replaceChildren();
    for (const pattern of options.sites) {
      const li = el("li", undefined, { "data-site": pattern });
      const remove = el("button", "Turn off", { type: "button", "aria-label": `Turn off for ${sites.label(pattern)}` });
      remove.addEventListener("click", () => turnOff(pattern).catch((err) => say(sitesStatus, err.message, true)));
      li.append(el("span", sites.label(pattern), { title: pattern }), " ", remove);
      list.appendChild(li);
    }
    document.getElementById("no-sites").hidden = options.sites.length > 0;
    suggested.replaceChildren();
    for (const { name, pattern } of SUGGESTED) {
      const li = el("li", undefined, { "data-site": pattern });
      li.append(el("span", name), " ", el("code", sites.label(pattern)), " ");
      if (options.sites.includes(pattern)) li.append(el("span", "on", { class: "on" }));
      else {
        const on = el("button", "Turn on", { type: "button", "aria-label": `Turn on for ${name}` });
        on.addEventListener("click", () => turnOn(pattern));
        li.append(on);
      }
      suggested.appendChild(li);
    }
  }

  // Called straight from a click: the permission request must be the first thing it does.
  function turnOn(pattern) {
    ext.permissions.request({ origins: [sites.permissionFor(pattern)] }).then(async (granted) => {
      if (!granted) return say(sitesStatus, `Not turned on for ${sites.label(pattern)}: the browser's permission was not given.`, true);
      const { sites: on } = mergeOptions(await ext.storage.local.get("sites"));
      await ext.storage.local.set({ sites: sites.withSite(on, pattern) });
      say(sitesStatus, `On for ${sites.label(pattern)}.`);
      await load();
    }, (err) => say(sitesStatus, err.message, true));
  }

  async function turnOff(pattern) {
    const stored = mergeOptions(await ext.storage.local.get(null));
    const left = sites.withoutSite(stored.sites, pattern);
    await ext.storage.local.set({ sites: left });
    const origin = sites.permissionFor(pattern);
    const needed = [...left, sites.patternForUrl(stored.serverUrl)].some((s) => s && sites.permissionFor(s) === origin);
    if (!needed) await ext.permissions.remove({ origins: [origin] }).catch(() => false);
    say(sitesStatus, `Off for ${sites.label(pattern)}.`);
    await load();
  }

  document.getElementById("add-site").addEventListener("submit", (event) => {
    event.preventDefault();
    const pattern = sites.cleanPattern(event.target.newSite.value);
    if (!pattern) {
      say(sitesStatus, "Give a site's address, such as portal.example.com or https://portal.example.com/*.", true);
      return;
    }
    event.target.newSite.value = "";
    turnOn(pattern);
  });

  // Saving a server on another machine asks for its host in the click, before anything else.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const serverUrl = cleanServerUrl(form.serverUrl.value);
    if (!serverUrl) {
      say(status, "The server address is http:// or https:// and a machine: http://127.0.0.1:8765, http://192.168.1.20:8765, https://cdt.practice.lan.", true);
      return;
    }
    const values = { serverUrl, trigger: form.trigger.value, detail: form.detail.value };
    const asked = isLoopbackServer(serverUrl) ? Promise.resolve(true) : ext.permissions.request({ origins: [sites.permissionFor(serverUrl)] });
    asked.then(async (granted) => {
      if (!granted) {
        say(status, `Not saved: the browser's permission to reach ${new URL(serverUrl).host} was not given.`, true);
        return;
      }
      await ext.storage.local.set(values);
      await load();
      say(status, "Saved.");
    }, (err) => say(status, err.message, true));
  });

  ext.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes.sites) load();
  });

  load();
})();
