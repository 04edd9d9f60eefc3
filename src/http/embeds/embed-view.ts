// The embeddable views (/embed/*, docs/API.md "Embeds"): a bare page with no
// script, no form and no navigation, meant for another site's <iframe>.
// Every link opens in the top window (target="_top"), so a reader who
// follows one leaves the frame for the instance's own page.
import { html } from "hono/html";
import type { ActorRow } from "../../domain/actors.ts";
import type { Language } from "../../config/config.ts";
import { displayName, type Html, type ViewContext } from "../views/layout.ts";
import { noteBody } from "../views/cached-images.ts";
import { timeTag } from "../views/times.ts";
import { assetHref } from "../routes/assets.ts";
import { t } from "../i18n/messages.ts";
import type { NoteRow } from "../../domain/notes.ts";
import { licenseByUri } from "../../domain/licenses.ts";

export interface EmbedNote {
  readonly note: NoteRow;
  readonly authors: readonly ActorRow[];
}

export interface EmbedContent {
  readonly lang: Language;
  readonly title: string;
  /** The instance page this embed shows (the "see on" link). */
  readonly pageUrl: string;
  readonly instanceName: string;
  readonly intro?: string | null;
  readonly notes: readonly EmbedNote[];
  /** One note shown in full rather than a list of titles. */
  readonly full?: boolean;
}

function noteBlock(v: ViewContext, c: EmbedContent, item: EmbedNote, origin: string): Html {
  const href = `${origin}/notes/${encodeURIComponent(item.note.id)}`;
  const byline = item.authors.length > 0 ? t(c.lang, "embeds.by", { name: item.authors.map(displayName).join(", ") }) : "";
  const license = licenseByUri(item.note.license);
  return html`<article class="embed-note">
<h2><a href="${href}" target="_top">${item.note.title}</a></h2>
<p class="muted">${byline} · ${timeTag(v, item.note.published_at)}${license ? html` · ${license.label[c.lang]}` : ""}</p>
${c.full ? html`<div class="note-body e-content">${noteBody(v, item.note.content_html)}</div>` : item.note.summary ? html`<p>${item.note.summary}</p>` : ""}
</article>`;
}

export function embedPage(v: ViewContext, c: EmbedContent, origin: string): Html {
  return html`<!doctype html>
<html lang="${c.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${c.title}</title>
<link rel="stylesheet" href="${assetHref("style.css")}">
<link rel="canonical" href="${c.pageUrl}">
</head>
<body class="embed">
<main>
<h1><a href="${c.pageUrl}" target="_top">${c.title}</a></h1>
${c.intro ? html`<p>${c.intro}</p>` : ""}
${c.notes.length > 0 ? c.notes.map((n) => noteBlock(v, c, n, origin)) : html`<p class="muted">${t(c.lang, "embeds.empty")}</p>`}
<p class="embed-source"><a href="${c.pageUrl}" target="_top">${t(c.lang, "embeds.seeOn", { name: c.instanceName })}</a></p>
</main>
</body>
</html>`;
}
