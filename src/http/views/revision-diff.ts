// A revision's changes as the history shows them: added words in <ins>,
// removed words in <del> (underlined and struck through, so colour is never
// the only sign), each announced to screen readers by hidden words that say
// where the addition or removal starts and ends.
import { html } from "hono/html";
import type { DiffField, DiffPart, RevisionDiff } from "../../domain/revision-diff.ts";
import type { Html, ViewContext } from "./layout.ts";

const FIELD_KEYS = { title: "history.fieldTitle", summary: "history.fieldSummary", content: "history.fieldContent" } as const satisfies Record<DiffField, string>;

function part(v: ViewContext, p: DiffPart): Html {
  switch (p.kind) {
    case "same":
      return html`${p.text}`;
    case "gap":
      return html`<span class="diff-gap" title="${v.t("history.gapHelp")}">[…]</span>`;
    case "added":
      return html`<ins><span class="visually-hidden">${v.t("history.addedStart")} </span>${p.text}<span class="visually-hidden"> ${v.t("history.addedEnd")}</span></ins>`;
    case "removed":
      return html`<del><span class="visually-hidden">${v.t("history.removedStart")} </span>${p.text}<span class="visually-hidden"> ${v.t("history.removedEnd")}</span></del>`;
  }
}

/** The changes since `previousNumber`, or why none are shown. */
export function revisionDiffBlock(v: ViewContext, diff: RevisionDiff, previousNumber: number): Html {
  switch (diff.kind) {
    case "first":
      return html`<p class="muted">${v.t("history.firstVersion")}</p>`;
    case "redacted":
      return html`<p class="muted">${v.t("history.redactedDiff")}</p>`;
    case "too-large":
      return html`<p class="muted">${v.t("history.tooLarge")}</p>`;
    case "changes":
      if (diff.changes.length === 0) return html`<p class="muted">${v.t("history.noTextChange")}</p>`;
      return html`<div class="diff"><p class="diff-heading">${v.t("history.changesSince", { number: previousNumber })}</p>
<dl>${diff.changes.map((c) => html`<dt>${v.t(FIELD_KEYS[c.field])}</dt><dd class="diff-text">${c.parts.map((p) => part(v, p))}</dd>`)}</dl></div>`;
  }
}
