// The tooltip: one host element with an open shadow root, filled with textContent only.
(function (root) {
  "use strict";
  const { tooltipModel, crossoverSection, diagnosisModel } = root.cdt.present;
  const { el } = root.cdt.dom;

  const STYLE = `
    :host { all: initial; }
    :host([hidden]) { display: none; }
    .box { position: fixed; z-index: 2147483647; max-width: 380px; max-height: 60vh; overflow: auto;
      background: #fff; color: #111827; border: 1px solid #9ca3af; border-radius: 6px;
      box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 10px 12px; font: 13px/1.4 system-ui, sans-serif; }
    .head { font-weight: 700; font-size: 14px; }
    .sub { margin: 2px 0 6px; }
    .edition { margin: -4px 0 6px; font-size: 12px; color: #4b5563; }
    .plan-note b::after { content: ":"; }
    .status-deleted .sub, .status-unknown .sub { color: #b45309; }
    .section { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #4b5563; margin: 8px 0 2px; }
    p, ul { margin: 0; } ul { padding-left: 18px; }
    .pair b { margin-right: 4px; }
    .crossover-notice { margin-top: 2px; font-size: 12px; color: #4b5563; }
    .kind { margin: 0 0 4px; }
    .note { margin-top: 8px; padding: 6px; background: #fef3c7; border-radius: 4px; }
    button.link { margin-top: 8px; background: none; border: 0; padding: 0; color: #1d4ed8; text-decoration: underline; cursor: pointer; font: inherit; }
    button.link:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
    .box { opacity: 1; transition: opacity 120ms ease-out; }
    @starting-style { .box { opacity: 0; } }
    @media (prefers-reduced-motion: reduce) { .box { transition: none; } }
    @media (prefers-color-scheme: dark) {
      .box { background: #1f2937; color: #f9fafb; border-color: #6b7280; box-shadow: 0 4px 16px rgba(0,0,0,.6); }
      .section, .edition, .crossover-notice { color: #d1d5db; }
      .status-deleted .sub, .status-unknown .sub { color: #fbbf24; }
      .note { background: #422006; color: #fef3c7; }
      button.link { color: #93c5fd; }
    }
  `;

  class Tooltip {
    constructor(doc, onOpenRecord) {
      this.doc = doc;
      this.onOpenRecord = onOpenRecord;
      this.host = el(doc, "div");
      this.host.setAttribute("data-cdt-tooltip", "");
      this.host.id = "cdt-tooltip-" + Math.random().toString(36).slice(2, 10);
      this.host.setAttribute("role", "tooltip");
      // Read out when it changes (a lookup answered while it is open), not only on focus.
      this.host.setAttribute("aria-live", "polite");
      this.host.hidden = true;
      this.shadow = this.host.attachShadow({ mode: "open" });
      this.shadow.appendChild(el(doc, "style", STYLE));
      this.box = el(this.shadow.ownerDocument, "div", undefined, "box");
      this.shadow.appendChild(this.box);
      this.target = null;
      this.code = null;
    }

    attach() {
      if (!this.host.isConnected) (this.doc.body || this.doc.documentElement).appendChild(this.host);
    }

    get visible() {
      return !this.host.hidden;
    }

    contains(node) {
      return node === this.host || this.host.contains(node);
    }

    /**
     * Draws `entry` (or a loading line when it is null) next to `target`, with the code's
     * medical-crossover section when `crossover` (a diagnoses answer) has families.
     */
    show(target, code, entry, detail, crossover) {
      this.attach();
      this.target = target;
      this.code = code;
      const doc = this.doc;
      const box = this.box;
      box.replaceChildren();
      if (!entry) {
        box.className = "box";
        box.appendChild(el(doc, "div", code, "head"));
        box.appendChild(el(doc, "p", "Looking up…"));
      } else {
        this.render(tooltipModel(entry, detail), crossoverSection(crossover));
      }
      this.host.hidden = false;
      this.place(target);
      target.setAttribute("aria-describedby", this.host.id);
    }

    /** Draws an ICD-10-CM code the server confirmed (a diagnosis answer's `diagnosis`). */
    showDiagnosis(target, dx) {
      this.attach();
      this.target = target;
      this.code = dx.code;
      const doc = this.doc;
      const model = diagnosisModel(dx);
      this.box.replaceChildren();
      this.box.className = "box status-diagnosis";
      this.box.appendChild(el(doc, "div", model.heading, "head"));
      this.box.appendChild(el(doc, "div", model.subheading, "sub"));
      this.box.appendChild(el(doc, "p", model.kind, "kind"));
      if (model.release) this.box.appendChild(el(doc, "div", model.release, "edition"));
      this.host.hidden = false;
      this.place(target);
      target.setAttribute("aria-describedby", this.host.id);
    }

    render(model, crossover) {
      const doc = this.doc;
      const box = this.box;
      box.className = `box status-${model.status}`;
      box.appendChild(el(doc, "div", model.heading, "head"));
      if (model.subheading) box.appendChild(el(doc, "div", model.subheading, "sub"));
      if (model.edition) box.appendChild(el(doc, "div", model.edition, "edition"));
      for (const section of model.sections) {
        // Not a heading element: the tooltip must not change the page's heading outline.
        box.appendChild(el(doc, "div", section.title, "section"));
        if (section.text) box.appendChild(el(doc, "p", section.text));
        if (section.items) {
          const ul = el(doc, "ul");
          for (const item of section.items) ul.appendChild(el(doc, "li", item));
          box.appendChild(ul);
        }
        if (section.notes) {
          const ul = el(doc, "ul", undefined, "notes");
          for (const note of section.notes) {
            const li = el(doc, "li", undefined, "plan-note");
            li.appendChild(el(doc, "b", note.label));
            if (note.text) li.appendChild(doc.createTextNode(` ${note.text}`));
            ul.appendChild(li);
          }
          box.appendChild(ul);
        }
        if (section.pairs) {
          const ul = el(doc, "ul");
          for (const pair of section.pairs) {
            const li = el(doc, "li", undefined, "pair");
            li.appendChild(el(doc, "b", pair.code));
            li.appendChild(doc.createTextNode(pair.text));
            ul.appendChild(li);
          }
          box.appendChild(ul);
        }
      }
      if (crossover) {
        const section = el(doc, "div", undefined, "crossover");
        section.appendChild(el(doc, "div", crossover.title, "section"));
        const ul = el(doc, "ul");
        for (const item of crossover.items) ul.appendChild(el(doc, "li", item));
        section.appendChild(ul);
        if (crossover.notice) section.appendChild(el(doc, "p", crossover.notice, "crossover-notice"));
        box.appendChild(section);
      }
      if (model.note) box.appendChild(el(doc, "div", model.note, "note"));
      if (model.link) {
        const button = el(doc, "button", "Open the full record", "link");
        button.type = "button";
        button.addEventListener("click", () => this.onOpenRecord(model.code));
        box.appendChild(button);
      }
    }

    place(target) {
      const rect = target.getBoundingClientRect();
      const view = this.doc.documentElement;
      const width = Math.min(380, view.clientWidth - 16);
      const left = Math.max(8, Math.min(rect.left, view.clientWidth - width - 8));
      const below = rect.bottom + 6;
      const boxHeight = this.box.getBoundingClientRect().height;
      const top = below + boxHeight > view.clientHeight && rect.top - boxHeight - 6 > 0 ? rect.top - boxHeight - 6 : below;
      this.box.style.left = `${left}px`;
      this.box.style.top = `${top}px`;
    }

    hide() {
      if (this.target) this.target.removeAttribute("aria-describedby");
      this.host.hidden = true;
      this.target = null;
      this.code = null;
    }
  }

  root.cdt.Tooltip = Tooltip;
})(globalThis);
