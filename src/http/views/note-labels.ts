// A note's quality labels on its page: each one named (FR/EN), with the reason,
// the suggested source, who decided (a vote, or the note's home instance) and
// the author's answer. A landmark of its own so that screen readers find it.
import { html } from "hono/html";
import type { NoteLabelRow } from "../../domain/note-labels.ts";
import { isHttpUrl, type Html, type ViewContext } from "./layout.ts";
import { fillFragments, timeTag } from "./note.ts";

type LabelKey = "labels.a-valider" | "labels.source-requise" | "labels.contestee";

export function labelName(v: ViewContext, label: string): string {
  const key = `labels.${label}` as LabelKey;
  return ["labels.a-valider", "labels.source-requise", "labels.contestee"].includes(key) ? v.t(key) : label;
}

export function labelsSection(v: ViewContext, labels: readonly NoteLabelRow[]): Html | "" {
  if (labels.length === 0) return "";
  return html`<section class="quality-labels" aria-labelledby="quality-labels-heading" lang="${v.lang}">
<h2 id="quality-labels-heading">${v.t("labels.heading")}</h2>
<ul>
${labels.map(
  (l) => html`<li class="quality-label label-${l.label}">
<p><strong>${labelName(v, l.label)}</strong> <span class="muted">${fillFragments(v.t("labels.since", { date: "{date}" }), { date: timeTag(v, l.created_at) })}</span></p>
${l.reason ? html`<p>${v.t("labels.reason", { reason: l.reason })}</p>` : ""}
${l.source_url && isHttpUrl(l.source_url) ? html`<p><a href="${l.source_url}" rel="nofollow noopener">${v.t("labels.source")}</a></p>` : ""}
${l.origin === "remote" ? html`<p class="muted">${v.t("labels.fromHome")}</p>` : l.set_by == null ? html`<p class="muted">${v.t("labels.byVote")}</p>` : ""}
${l.answer ? html`<blockquote class="label-answer">${v.t("labels.answer", { answer: l.answer })}</blockquote>` : ""}
</li>`,
)}
</ul>
</section>`;
}

/** The labels' names in a list of notes (the index, a tag, a person's notes): the reader sees them before opening. */
export function labelBadges(v: ViewContext, labels: readonly Pick<NoteLabelRow, "label">[] | undefined): Html | "" {
  if (!labels || labels.length === 0) return "";
  const names = [...new Set(labels.map((l) => labelName(v, l.label)))];
  return html`<p class="note-labels" lang="${v.lang}">${names.map((n, i) => html`${i > 0 ? " · " : ""}<strong class="quality-label-badge">${n}</strong>`)}</p>`;
}
