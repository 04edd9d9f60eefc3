// The report form reached from a note's "Signaler" link, and the list of
// reports to handle for moderators and administrators (each with its decision form).
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { RESOLUTION_ACTIONS } from "../../domain/report-resolution.ts";
import { REPORT_CATEGORIES, type ReportRow } from "../../domain/reports.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, notePath, timeTag } from "./note.ts";

export function reportFormPage(v: ViewContext, note: NoteRow, error: string | null = null): Html {
  const title = v.t("reports.formTitle", { title: note.title || note.uri });
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
<p class="muted">${v.t("reports.formHelp")}</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form class="form" method="post" action="${notePath(note)}/report">${csrfInput(v)}
<fieldset><legend>${v.t("reports.category")}</legend>
${REPORT_CATEGORIES.map((c, i) => html`<label><input type="radio" name="category" value="${c}"${i === 0 ? " checked" : ""}> ${v.t(`reports.category.${c}`)}</label>`)}
</fieldset>
<label>${v.t("reports.comment")}<textarea name="comment" maxlength="2000" rows="4"></textarea></label>
${note.is_local !== 1 ? html`<label><input type="checkbox" name="forward" value="1"> ${v.t("reports.forward")}</label>` : ""}
<button type="submit">${v.t("reports.submit")}</button>
</form>`,
  );
}

export interface ReportListItem {
  readonly report: ReportRow;
  readonly reporter: ActorRow | undefined;
  readonly community: ActorRow | undefined;
}

function snapshotTitle(report: ReportRow): string {
  const snapshot = JSON.parse(report.snapshot) as { title?: string; handle?: string };
  return snapshot.title || snapshot.handle || report.target_uri;
}

/**
 * One report and its decision form. `back`: the page the decision returns to
 * (the list of all reports, or a community's moderation page).
 */
export function reportItem(v: ViewContext, { report, reporter, community }: ReportListItem, back: string, heading: "h2" | "h3" = "h2"): Html {
  const target = html`<a href="${report.target_type === "note" ? notePath({ id: report.target_id }) : report.target_uri}">${snapshotTitle(report)}</a>`;
  return html`<li class="report">
${heading === "h2" ? html`<h2>${target}</h2>` : html`<h3>${target}</h3>`}
<p>${v.t(`reports.category.${report.category as (typeof REPORT_CATEGORIES)[number]}`)}${report.comment ? html` — ${report.comment}` : ""}</p>
<p class="muted">${v.t("reports.reportedBy", { who: reporter ? `@${reporter.username}@${reporter.domain}` : "?", date: "" })}${timeTag(v, report.created_at)}</p>
${community ? html`<p class="muted">${v.t("reports.inCommunity", { community: "" })}${actorLink(community)}</p>` : ""}
<form class="form" method="post" action="/moderation/reports/${report.id}/resolve">${csrfInput(v)}<input type="hidden" name="back" value="${back}">
<label>${v.t("reports.action")}<select name="action">${RESOLUTION_ACTIONS.map((a) => html`<option value="${a}">${v.t(`reports.action.${a}`)}</option>`)}</select></label>
<label>${v.t("reports.note")}<input name="note" maxlength="2000"></label>
<button type="submit">${v.t("reports.resolve")}</button>
</form></li>`;
}

export function reportListPage(v: ViewContext, items: readonly ReportListItem[], notice: string | null = null): Html {
  const title = v.t("reports.listTitle");
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
${items.length === 0 ? html`<p>${v.t("reports.none")}</p>` : ""}
<ul class="reports">${items.map((item) => reportItem(v, item, "/moderation/reports"))}</ul>`,
  );
}
