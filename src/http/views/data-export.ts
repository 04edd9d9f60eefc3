// "Mes données": ask for an archive of everything about you, follow its
// progress (the page reloads itself while one is being built: no JavaScript)
// and download it until it expires.
import { html } from "hono/html";
import { EXPORT_KEEP_HOURS, progressOf, type ExportRow } from "../../domain/data-export/jobs.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { timeTag } from "./note.ts";
import { settingsNav } from "./settings.ts";

function exportLine(v: ViewContext, row: ExportRow): Html {
  const progress = progressOf(row);
  switch (row.status) {
    case "ready":
      return html`<li><a href="/settings/export/${row.id}/archive" download>${v.t("dataExport.download")}</a> (${Math.ceil((row.size ?? 0) / 1024)} Kio) · ${v.t("dataExport.expires")} ${timeTag(v, row.expires_at!, true)}</li>`;
    case "expired":
      return html`<li class="muted">${v.t("dataExport.expired")} ${timeTag(v, row.created_at, true)}</li>`;
    case "failed":
      return html`<li class="error">${v.t("dataExport.failed")} ${timeTag(v, row.created_at, true)}</li>`;
    default:
      return html`<li role="status">${v.t("dataExport.building")} <progress max="100" value="${progress.percent}">${progress.percent} %</progress> ${progress.done} / ${progress.total}</li>`;
  }
}

export function dataExportPage(v: ViewContext, exports: readonly ExportRow[]): Html {
  const building = exports.some((row) => row.status === "pending" || row.status === "running");
  return layout(
    v,
    { title: v.t("dataExport.title"), ...(building ? { refreshSeconds: 5 } : {}) },
    html`${settingsNav(v, "export")}
<h1>${v.t("dataExport.title")}</h1>
<p>${v.t("dataExport.intro")}</p>
<p class="help">${v.t("dataExport.keep", { hours: EXPORT_KEEP_HOURS })}</p>
<form class="form" method="post" action="/settings/export">
${csrfInput(v)}
<button type="submit"${building ? " disabled" : ""}>${v.t("dataExport.request")}</button>
</form>
${exports.length > 0 ? html`<h2>${v.t("dataExport.yourArchives")}</h2><ul class="exports">${exports.map((row) => exportLine(v, row))}</ul>` : ""}`,
  );
}
