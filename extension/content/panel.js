// The claim warnings panel: a small fixed box in an open shadow root, collapsible and
// draggable out of the way. Text via textContent only.
(function (root) {
  "use strict";
  const { panelRows, panelTitle } = root.cdt.present;
  const { el } = root.cdt.dom;

  const STYLE = `
    :host { all: initial; }
    :host([hidden]) { display: none; }
    .panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; width: 340px; max-height: 50vh;
      display: flex; flex-direction: column; background: #fff; color: #111827; border: 1px solid #9ca3af;
      border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.2); font: 13px/1.4 system-ui, sans-serif; }
    header { display: flex; align-items: center; gap: 6px; padding: 6px 8px; background: #f3f4f6;
      border-radius: 8px 8px 0 0; cursor: move; user-select: none; }
    header .title { flex: 1; font-weight: 600; }
    header button { font: inherit; border: 1px solid #d1d5db; background: #fff; border-radius: 4px; cursor: pointer; padding: 0 6px; }
    ol { margin: 0; padding: 6px 8px 8px 26px; overflow: auto; }
    li { margin: 4px 0; }
    .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 4px; }
    .sev-error { color: #dc2626; } .sev-warning { color: #b45309; } .sev-info { color: #2563eb; }
    .where, .suggestion { color: #4b5563; font-size: 12px; }
    .note { padding: 6px 8px; color: #92400e; background: #fef3c7; }
    .collapsed ol, .collapsed .note { display: none; }
    header button:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 1px; }
    @media (prefers-reduced-motion: no-preference) { .panel { transition: box-shadow 150ms ease-out; } }
    @media (prefers-color-scheme: dark) {
      .panel { background: #1f2937; color: #f9fafb; border-color: #6b7280; box-shadow: 0 4px 16px rgba(0,0,0,.6); }
      header { background: #111827; }
      header button { background: #374151; color: #f9fafb; border-color: #6b7280; }
      .sev-error { color: #fca5a5; } .sev-warning { color: #fcd34d; } .sev-info { color: #93c5fd; }
      .where, .suggestion { color: #d1d5db; }
      .note { color: #fef3c7; background: #422006; }
      header button:focus-visible { outline-color: #93c5fd; }
    }
  `;

  class Panel {
    constructor(doc) {
      this.doc = doc;
      this.host = el(doc, "div");
      this.host.setAttribute("data-cdt-panel", "");
      this.host.hidden = true;
      const shadow = this.host.attachShadow({ mode: "open" });
      shadow.appendChild(el(doc, "style", STYLE));
      this.box = el(doc, "section", undefined, "panel");
      this.box.setAttribute("role", "region");
      this.box.setAttribute("aria-label", "Dental Code Guide claim check");
      const header = el(doc, "header");
      this.title = el(doc, "span", "", "title");
      this.title.id = "cdt-panel-title";
      this.title.setAttribute("aria-live", "polite");
      this.toggle = el(doc, "button", "–");
      this.toggle.type = "button";
      this.toggle.title = "Collapse";
      this.toggle.setAttribute("aria-label", "Collapse the claim check");
      this.toggle.setAttribute("aria-expanded", "true");
      this.toggle.addEventListener("click", () => this.setCollapsed(!this.collapsed));
      const close = el(doc, "button", "×");
      close.type = "button";
      close.title = "Hide until the claim changes";
      close.setAttribute("aria-label", "Hide the claim check until the claim changes");
      close.addEventListener("click", () => { this.host.hidden = true; });
      header.append(this.title, this.toggle, close);
      this.list = el(doc, "ol");
      this.note = el(doc, "div", "", "note");
      this.note.hidden = true;
      this.box.append(header, this.note, this.list);
      shadow.appendChild(this.box);
      this.collapsed = false;
      this.makeDraggable(header);
    }

    setCollapsed(collapsed) {
      this.collapsed = collapsed;
      this.box.classList.toggle("collapsed", collapsed);
      this.toggle.textContent = collapsed ? "+" : "–";
      this.toggle.title = collapsed ? "Expand" : "Collapse";
      this.toggle.setAttribute("aria-label", collapsed ? "Expand the claim check" : "Collapse the claim check");
      this.toggle.setAttribute("aria-expanded", String(!collapsed));
    }

    makeDraggable(handle) {
      handle.addEventListener("pointerdown", (down) => {
        if (down.target.tagName === "BUTTON") return;
        const rect = this.box.getBoundingClientRect();
        const dx = down.clientX - rect.left;
        const dy = down.clientY - rect.top;
        const move = (ev) => {
          this.box.style.left = `${Math.max(0, ev.clientX - dx)}px`;
          this.box.style.top = `${Math.max(0, ev.clientY - dy)}px`;
          this.box.style.right = "auto";
          this.box.style.bottom = "auto";
        };
        const up = () => {
          handle.removeEventListener("pointermove", move);
          handle.removeEventListener("pointerup", up);
        };
        handle.setPointerCapture(down.pointerId);
        handle.addEventListener("pointermove", move);
        handle.addEventListener("pointerup", up);
      });
    }

    /** Shows the findings; hides the panel when there are none. */
    update(findings, note) {
      const doc = this.doc;
      this.list.replaceChildren();
      for (const row of panelRows(findings)) {
        const li = el(doc, "li");
        li.setAttribute("data-severity", row.severity);
        li.append(el(doc, "span", row.severity, `sev sev-${row.severity}`), el(doc, "span", row.message, "message"));
        if (row.where) li.append(el(doc, "div", row.where, "where"));
        if (row.suggestion) li.append(el(doc, "div", row.suggestion, "suggestion"));
        this.list.appendChild(li);
      }
      this.title.textContent = !findings.length && note ? "Claim check unavailable" : panelTitle(findings);
      this.note.textContent = note || "";
      this.note.hidden = !note;
      const show = findings.length > 0 || Boolean(note);
      if (show && !this.host.isConnected) (doc.body || doc.documentElement).appendChild(this.host);
      this.host.hidden = !show;
    }
  }

  root.cdt.Panel = Panel;
})(globalThis);
