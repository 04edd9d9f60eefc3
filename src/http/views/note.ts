// A note's page: what the seeds show around a Praxis note (authors, "intégré
// par", category, dates, licence, visibility, linked notes, organizations,
// terms and notebooks, attachments, history, "Citer cette note"), with the
// OpenGraph card and the `fediverse:creator` tag Mastodon reads for previews.
// The body is sanitized HTML from the domain; everything else is escaped.
import { interactLink } from "./remote-interaction.ts";
import { oembedLink } from "../embeds/oembed-link.ts";
import { noteBody } from "./cached-images.ts";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import { licenseByUri } from "../../domain/licenses.ts";
import type { MediaRow, NoteDetails, NoteRow } from "../../domain/notes.ts";
import type { Participation } from "../../domain/reactions.ts";
import { termLabel } from "../../domain/terms.ts";
import { isPubliclyReadable, type Visibility } from "../../domain/visibility.ts";
import { profileHref } from "./actors.ts";
import { labelsSection } from "./note-labels.ts";
import { citationBlock } from "./citation-block.ts";
import { noteDiscussionSection, type NoteDiscussion } from "./note-discussion.ts";
import { csrfInput, displayName, isHttpUrl, layout, type Html, type ViewContext } from "./layout.ts";
import { languageNames, listFormat, numberFormat } from "../../domain/intl-formats.ts";

// ---------------------------------------------------------------------------
// Shared by the note views: dates, languages, names.

function locale(v: ViewContext): string {
  return v.lang === "fr" ? "fr-CA" : "en-CA";
}

// Dates and times moved to times.ts (the instance's zone, always shown); re-exported for the views that import them from here.
export { formatDate, formatDateTime, timeTag } from "./times.ts";
import { timeTag } from "./times.ts";

/** A language's name in the page's language ("anglais"), or its code when unknown. */
export function languageName(v: ViewContext, code: string): string {
  try {
    return languageNames(locale(v)).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A person or organization's name, linked to their profile (here, or on their own server). */
export function actorLink(actor: ActorRow): Html {
  const href = profileHref(actor);
  if (!href) return html`<span class="p-author">${displayName(actor)}</span>`;
  return actor.is_local === 1
    ? html`<a class="p-author h-card" href="${href}">${displayName(actor)}</a>`
    : html`<a class="p-author h-card" href="${href}" rel="nofollow noopener noreferrer">${displayName(actor)}</a>`;
}

/** "A, B et C" with each name as markup (Intl's list rules for the page's language). */
export function joinHtml(v: ViewContext, items: readonly Html[]): Html {
  if (items.length === 0) return html``;
  const parts = listFormat(locale(v), { type: "conjunction" }).formatToParts(items.map((_, i) => `\u0000${i}\u0000`));
  return html`${parts.map((p) => (p.type === "element" ? items[Number(p.value.replace(/\u0000/g, ""))] : p.value))}`;
}

/** A translated message with markup where its `{placeholders}` are (the text around is escaped). */
export function fillFragments(message: string, fragments: Readonly<Record<string, Html>>): Html {
  const pieces = message.split(/\{(\w+)\}/);
  return html`${pieces.map((piece, i) => (i % 2 === 1 ? fragments[piece] ?? `{${piece}}` : piece))}`;
}

/** Where a note is read here: local notes and cached remote ones alike have a page. */
export function notePath(note: Pick<NoteRow, "id">): string {
  return `/notes/${encodeURIComponent(note.id)}`;
}

// ---------------------------------------------------------------------------
// The note page.

export interface LanguageChoice {
  readonly code: string;
  readonly href: string;
  readonly current: boolean;
  readonly original: boolean;
}

/** A linked note: by title when we have it and the viewer may see it, otherwise by its URL. */
export interface LinkedNote {
  readonly href: string;
  readonly title: string | null;
}

export interface NotebookRef {
  readonly href: string;
  readonly title: string;
  readonly count: number;
}

export interface NotePageData {
  readonly details: NoteDetails;
  /** What is shown: the original, or the translation chosen with `?lang=`. */
  readonly shown: { readonly language: string | null; readonly title: string; readonly summary: string | null; readonly contentHtml: string };
  readonly languages: readonly LanguageChoice[];
  readonly links: readonly LinkedNote[];
  readonly citedBy: readonly NoteRow[];
  readonly notebooks: readonly NotebookRef[];
  /** The viewer may edit and delete it. */
  readonly canEdit: boolean;
  /** Shown to those who may edit: who is invited to co-sign and has not answered yet. */
  readonly invited: readonly ActorRow[];
  /** The APA reference ("Citer cette note"); BibTeX and RIS are downloaded beside it. */
  readonly citation: string;
  /** Likes, shares and readings, and what the viewer did. */
  readonly participation: Participation;
  /** Its replies, and where to answer. */
  readonly discussion: NoteDiscussion;
  /** Not a public note, or an author refuses search engines. */
  readonly noindex?: boolean;
  /** What the viewer just did to it (after the redirect of a save), said in a status line. */
  readonly status?: string | null;
  /** The writers' additions (note-writing.ts): a draft's banner, the "add to a notebook" form. */
  readonly draftBanner?: Html | null;
  readonly addToNotebook?: Html | null;
}

const VISIBILITY_KEYS = {
  public: "notes.visibilityPublic",
  unlisted: "notes.visibilityUnlisted",
  followers: "notes.visibilityFollowers",
  community: "notes.visibilityCommunity",
  draft: "notes.visibilityDraft",
} as const satisfies Record<Visibility, string>;

export function visibilityLabel(v: ViewContext, visibility: Visibility): string {
  return v.t(VISIBILITY_KEYS[visibility]);
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  "application/pdf": "PDF",
  "application/vnd.oasis.opendocument.text": "ODT",
  "application/vnd.oasis.opendocument.spreadsheet": "ODS",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
  "text/plain": "TXT",
  "text/csv": "CSV",
  "text/markdown": "Markdown",
};

function typeLabel(mediaType: string): string {
  return TYPE_LABELS[mediaType] ?? (mediaType.split("/")[1] ?? mediaType).toUpperCase();
}

/** "1,2 Mo" / "1.2 MB". */
export function formatSize(v: ViewContext, bytes: number): string {
  const units = v.lang === "fr" ? ["o", "ko", "Mo", "Go"] : ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const number = numberFormat(locale(v), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number}\u00a0${units[unit]}`;
}

function attachment(v: ViewContext, media: MediaRow): Html {
  if (!isHttpUrl(media.url)) return html``;
  const name = media.name?.trim() || null;
  const src = v.media(media.url);
  if (media.kind === "image" && src) {
    // The name is the alt text (Mastodon's `name`); repeating it as a caption would be read twice.
    return html`<figure class="attachment image"><img src="${src}" alt="${name ?? ""}" loading="lazy"></figure>`;
  }
  // Another server's sound or video is not copied here (too large for the cache): a link to it, which
  // only a reader's click follows, rather than a player that would load it from there.
  if ((media.kind === "audio" || media.kind === "video") && new URL(media.url).origin === v.origin.origin) {
    const tag = media.kind === "audio" ? html`<audio controls preload="none" src="${media.url}"></audio>` : html`<video controls preload="none" src="${media.url}"></video>`;
    return html`<figure class="attachment ${media.kind}">${tag}<figcaption><a href="${media.url}" download>${name ?? typeLabel(media.media_type)}</a></figcaption></figure>`;
  }
  const info = media.size != null ? `${typeLabel(media.media_type)}, ${formatSize(v, media.size)}` : typeLabel(media.media_type);
  return html`<p class="attachment document"><a href="${media.url}" type="${media.media_type}" download>${name ?? v.t("notes.download")}</a> <span class="muted">(${info})</span></p>`;
}

function licence(v: ViewContext, uri: string | null): Html {
  const known = licenseByUri(uri);
  const label = known ? known.label[v.lang] : uri ?? v.t("notes.allRightsReserved");
  if (uri && isHttpUrl(uri)) return html`<a rel="license" href="${uri}">${label}</a>`;
  return html`${label}`;
}

function section(title: string, items: readonly Html[], className: string): Html {
  if (items.length === 0) return html``;
  return html`<section class="${className}"><h2>${title}</h2><ul class="links">${items.map((item) => html`<li>${item}</li>`)}</ul></section>`;
}

/** Counts for everyone; like and share buttons (CSRF-checked forms) for signed-in people. */
function participationSection(v: ViewContext, note: NoteRow, p: Participation): Html {
  const path = notePath(note);
  const button = (action: "like" | "share", done: boolean) =>
    html`<form method="post" action="${path}/${action}">${csrfInput(v)}${done ? html`<input type="hidden" name="undo" value="1">` : ""}<button type="submit"${
      done ? html` class="secondary" aria-pressed="true"` : html` aria-pressed="false"`
    }>${v.t(action === "like" ? (done ? "participation.unlike" : "participation.like") : done ? "participation.unshare" : "participation.share")}</button></form>`;
  return html`<section class="note-participation" id="participation"><h2>${v.t("participation.title")}</h2>
<p class="counts"><span class="likes">${v.t("participation.likes", { count: p.likes })}</span> · <span class="shares">${v.t("participation.shares", { count: p.shares })}</span> · <span class="reads" title="${v.t("participation.readsHelp")}">${v.t("participation.reads", { count: p.reads })}</span></p>
${v.user ? html`<div class="actions follow">${button("like", p.likedByMe)}${isPubliclyReadable(note.visibility) ? button("share", p.sharedByMe) : ""}</div>` : isPubliclyReadable(note.visibility) ? interactLink(v, note.uri) : ""}
</section>`;
}

function authorControls(v: ViewContext, note: NoteRow): Html {
  const path = notePath(note);
  return html`<section class="note-controls">
<p><a href="${path}/edit">${v.t("notes.edit")}</a></p>
<details><summary>${v.t("notes.delete")}</summary>
<p>${v.t("notes.deleteWarning")}</p>
<form class="form" method="post" action="${path}/delete">${csrfInput(v)}<button type="submit" class="danger">${v.t("notes.deleteSubmit")}</button></form>
</details>
</section>`;
}

/** `<meta name="…">` tags the shared layout has no slot for, added at the end of its head. */
async function withHeadMeta(page: Html, metas: readonly { name: string; content: string }[]): Promise<HtmlEscapedString> {
  const rendered = await page;
  const tags = (await html`${metas.map((m) => html`<meta name="${m.name}" content="${m.content}">`)}`).toString();
  // Only escaped markup is spliced: `rendered` is the layout's output, `tags` escapes its values.
  return raw(rendered.toString().replace("</head>", `${tags}\n</head>`), rendered.callbacks);
}

export function notePage(v: ViewContext, data: NotePageData): Html {
  const { details, shown } = data;
  const { note } = details;
  const url = isHttpUrl(note.url) ? note.url : note.uri;
  const host = new URL(url).host;
  const image = details.media.find((m) => m.kind === "image" && isHttpUrl(m.url));
  const firstAuthor = details.authors[0];
  const extra: Record<string, string> = {
    "article:published_time": note.published_at,
    "article:modified_time": note.updated_at,
  };
  if (firstAuthor) {
    const href = profileHref(firstAuthor);
    if (href) extra["article:author"] = new URL(href, v.origin).href;
  }
  const description = shown.summary ?? undefined;
  const modified = note.updated_at !== note.published_at;
  const page = layout(
    v,
    {
      title: shown.title,
      description,
      canonical: url,
      noindex: data.noindex ?? false,
      og: { type: "article", url, title: shown.title, description, image: image?.url ?? null, extra },
      links: [{ rel: "alternate", type: "application/activity+json", href: note.uri }, ...(note.visibility === "public" ? [oembedLink(v.origin, `/notes/${note.id}`)] : [])],
    },
    html`${data.status ? html`<p class="notice" role="status">${data.status}</p>` : ""}
${data.draftBanner ?? ""}
<article class="note h-entry"${shown.language ? html` lang="${shown.language}"` : ""}>
<header class="note-head">
${note.category ? html`<p class="category muted">${note.category}</p>` : ""}
<h1 class="p-name">${shown.title}</h1>
${shown.summary ? html`<p class="summary p-summary lead">${shown.summary}</p>` : ""}
${details.authors.length > 0
  ? html`<p class="byline" lang="${v.lang}">${fillFragments(v.t("notes.byline", { authors: "{authors}" }), { authors: joinHtml(v, details.authors.map(actorLink)) })}</p>`
  : ""}
${labelsSection(v, details.labels)}
${data.canEdit && data.invited.length > 0
  ? html`<p class="invited muted" lang="${v.lang}">${fillFragments(v.t("coauthors.invited", { names: "{names}" }), { names: joinHtml(v, data.invited.map(actorLink)) })}</p>`
  : ""}
${details.broughtInBy
  ? html`<p class="brought-in muted" lang="${v.lang}">${fillFragments(v.t("notes.broughtInBy", { name: "{name}", date: "{date}" }), {
      name: actorLink(details.broughtInBy),
      date: timeTag(v, note.created_at, true),
    })}</p>`
  : ""}
${data.languages.length > 1
  ? html`<nav class="note-languages" lang="${v.lang}" aria-label="${v.t("notes.readIn")}"><span>${v.t("notes.readIn")}</span> ${joinHtml(
      v,
      data.languages.map((l) =>
        l.current
          ? html`<strong aria-current="true" lang="${l.code}">${languageName(v, l.code)}</strong>`
          : html`<a href="${l.href}" hreflang="${l.code}" lang="${l.code}">${languageName(v, l.code)}</a>`,
      ),
    )}</nav>`
  : ""}
${note.is_local !== 1 ? html`<p class="muted" lang="${v.lang}"><a href="${url}" rel="nofollow noopener noreferrer">${v.t("notes.original", { host })}</a></p>` : ""}
</header>
<div class="note-body e-content">${noteBody(v, shown.contentHtml)}</div>
${details.media.length > 0
  ? html`<section class="attachments" lang="${v.lang}"><h2>${v.t("notes.attachments")}</h2>${details.media.map((m) => attachment(v, m))}</section>`
  : ""}
<footer class="note-meta" lang="${v.lang}">
<dl class="facts">
${note.category ? html`<dt>${v.t("notes.category")}</dt><dd class="p-category">${note.category}</dd>` : ""}
${note.language ? html`<dt>${v.t("notes.language")}</dt><dd>${languageName(v, note.language)}</dd>` : ""}
<dt>${v.t("notes.published")}</dt><dd>${html`<a class="u-url" href="${url}">${timeTag(v, note.published_at)}</a>`}</dd>
${modified ? html`<dt>${v.t("notes.modified")}</dt><dd class="dt-updated">${timeTag(v, note.updated_at, true)}</dd>` : ""}
<dt>${v.t("notes.licence")}</dt><dd>${licence(v, note.license)}</dd>
<dt>${v.t("notes.visibility")}</dt><dd>${visibilityLabel(v, note.visibility)}</dd>
</dl>
<p><a href="${notePath(note)}/history">${v.t("notes.history")}</a></p>
${v.user ? html`<p class="report-link"><a href="${notePath(note)}/report">${v.t("reports.link")}</a></p>` : ""}
${details.tags.length > 0
  ? html`<section class="note-tags"><h2>${v.t("notes.tags")}</h2><ul class="tags">${details.tags.map(
      (t) => html`<li><a class="p-category" rel="tag" href="/tags/${encodeURIComponent(t.key)}">#${t.name}</a></li>`,
    )}</ul></section>`
  : ""}
${section(
  v.t("notes.terms"),
  details.terms.map((term) =>
    term.is_local === 1
      ? html`<a href="/terms/${encodeURIComponent(term.slug)}">${termLabel(term, v.lang)}</a>`
      : isHttpUrl(term.uri)
        ? html`<a href="${term.uri}" rel="nofollow noopener noreferrer">${termLabel(term, v.lang)}</a>`
        : html`${termLabel(term, v.lang)}`,
  ),
  "note-terms",
)}
${section(v.t("notes.organizations"), details.organizations.map(actorLink), "note-organizations")}
${section(
  v.t("notes.links"),
  data.links.map((l) => (l.title != null ? html`<a href="${l.href}">${l.title}</a>` : html`<a href="${l.href}" rel="nofollow noopener noreferrer">${l.href}</a>`)),
  "note-links",
)}
${section(v.t("notes.citedBy"), data.citedBy.map((n) => html`<a href="${notePath(n)}">${n.title}</a>`), "note-cited-by")}
${section(
  v.t("notes.notebooks"),
  data.notebooks.map((n) => html`<a href="${n.href}">${n.title}</a> <span class="muted">(${v.t("notes.noteCount", { count: n.count })})</span>`),
  "note-notebooks",
)}
${data.addToNotebook ?? ""}
${participationSection(v, note, data.participation)}
${citationBlock(v, { apa: data.citation, basePath: notePath(note) })}
${data.canEdit && note.is_local === 1 ? authorControls(v, note) : ""}
</footer>
</article>
${noteDiscussionSection(v, data.discussion)}`,
  );
  if (!firstAuthor) return page;
  return withHeadMeta(page, [{ name: "fediverse:creator", content: handleOf(firstAuthor) }]);
}
