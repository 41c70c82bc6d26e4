// Options page: reads the merged options, writes only valid values back.
"use strict";
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const { mergeOptions, cleanServerUrl, cleanSites } = globalThis.cdt.options;
  const form = document.getElementById("options");
  const status = document.getElementById("status");

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  async function load() {
    const options = mergeOptions(await ext.storage.local.get(null));
    form.serverUrl.value = options.serverUrl;
    form.disabledSites.value = options.disabledSites.join("\n");
    form.querySelector(`input[name="trigger"][value="${options.trigger}"]`).checked = true;
    form.querySelector(`input[name="detail"][value="${options.detail}"]`).checked = true;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const serverUrl = cleanServerUrl(form.serverUrl.value);
    if (!serverUrl) {
      say("The server address must be http://127.0.0.1:PORT or http://localhost:PORT.", true);
      return;
    }
    await ext.storage.local.set({
      serverUrl,
      disabledSites: cleanSites(form.disabledSites.value),
      trigger: form.trigger.value,
      detail: form.detail.value,
    });
    await load();
    say("Saved.");
  });

  load();
})();
