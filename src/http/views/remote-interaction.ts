// Remote interaction in the pages, both ways:
// - `/interact`: someone of another server asks to follow a person or a
//   community of ours, or to like or answer a note: they give their handle,
//   and go on on their own server;
// - `/authorize_interaction`: one of our members opened something of another
//   server from there (its "interact from your instance" step): they see it
//   here, with follow, like, share and reply.
import { html } from "hono/html";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import type { NoteRow } from "../../domain/notes.ts";
import type { Participation } from "../../domain/reactions.ts";
import { actorCard, type FollowControl } from "./actors.ts";
import { csrfInput, displayName, layout, type Html, type ViewContext } from "./layout.ts";
import { actorLink, joinHtml, notePath } from "./note.ts";
import { noteLabel } from "./notifications.ts";

/** What someone of another server may act on here. */
export type InteractionTarget = { readonly kind: "actor"; readonly actor: ActorRow } | { readonly kind: "note"; readonly note: NoteRow; readonly authors: readonly ActorRow[] };

/** The link our pages show to visitors: the way to follow, like or answer from another server. */
export function interactLink(v: ViewContext, uri: string): Html {
  return html`<p class="remote-interact"><a href="/interact?uri=${encodeURIComponent(uri)}" rel="nofollow">${v.t("interact.link")}</a></p>`;
}

function targetSummary(v: ViewContext, target: InteractionTarget): Html {
  if (target.kind === "actor") {
    return html`<p class="interact-target"><strong>${displayName(target.actor)}</strong> <span class="handle">${handleOf(target.actor)}</span></p>`;
  }
  return html`<p class="interact-target"><a href="${notePath(target.note)}">${noteLabel(v, target.note)}</a> — ${joinHtml(v, target.authors.map((a) => actorLink(a)))}</p>`;
}

export interface InteractPageData {
  readonly target: InteractionTarget;
  readonly uri: string;
  readonly account: string;
  /** What went wrong with the handle given, said in the page's language. */
  readonly error: string | null;
  /** The server did not answer: a link to try its usual page anyway. */
  readonly fallback: { readonly href: string; readonly host: string } | null;
}

export function interactPage(v: ViewContext, data: InteractPageData): Html {
  const title = data.target.kind === "actor" ? v.t("interact.titleActor", { name: displayName(data.target.actor) }) : v.t("interact.titleNote");
  return layout(
    v,
    { title, noindex: true },
    html`<h1>${title}</h1>
${targetSummary(v, data.target)}
<p>${v.t("interact.help")}</p>
${data.error ? html`<div class="error-summary" role="alert" tabindex="-1"><p id="account-error">${data.error}</p></div>` : ""}
<form class="form" method="get" action="/interact">
<input type="hidden" name="uri" value="${data.uri}">
<label for="interact-account">${v.t("interact.account")}</label>
<input id="interact-account" name="account" value="${data.account}" placeholder="${v.t("interact.placeholder")}" autocapitalize="none" autocomplete="username" spellcheck="false" required${
      data.error ? html` aria-invalid="true" aria-describedby="account-error"` : ""
    }>
<button type="submit">${v.t("interact.submit")}</button>
</form>
${data.fallback ? html`<p class="notice"><a href="${data.fallback.href}" rel="nofollow noopener noreferrer">${v.t("interact.fallbackLink", { host: data.fallback.host })}</a></p>` : ""}
<p class="muted">${v.t("interact.orSearch")}</p>
<p><code class="interact-uri">${data.uri}</code></p>`,
  );
}

export interface AuthorizePageData {
  readonly uri: string;
  readonly found:
    | { readonly kind: "actor"; readonly actor: ActorRow; readonly control: FollowControl | null }
    | { readonly kind: "note"; readonly note: NoteRow; readonly authors: readonly ActorRow[]; readonly participation: Participation }
    | null;
  /** Why nothing is shown, in the page's language. */
  readonly problem: string | null;
  /** The reply just sent. */
  readonly replied: boolean;
  readonly replyError: string | null;
  readonly replyText: string;
}

function noteActions(v: ViewContext, data: AuthorizePageData, note: NoteRow, participation: Participation): Html {
  const path = notePath(note);
  const react = (action: "like" | "share", done: boolean) =>
    html`<form method="post" action="${path}/${action}">${csrfInput(v)}${done ? html`<input type="hidden" name="undo" value="1">` : ""}<button type="submit"${done ? html` class="secondary"` : ""}>${
      action === "like" ? v.t(done ? "participation.unlike" : "participation.like") : v.t(done ? "participation.unshare" : "participation.share")
    }</button></form>`;
  return html`<div class="actions">${react("like", participation.likedByMe)}${note.visibility === "public" || note.visibility === "unlisted" ? react("share", participation.sharedByMe) : ""}</div>
<form class="form" method="post" action="/authorize_interaction/reply" id="reply">
${csrfInput(v)}<input type="hidden" name="uri" value="${data.uri}">
${data.replyError ? html`<div class="error-summary" role="alert" tabindex="-1"><p id="reply-error">${data.replyError}</p></div>` : ""}
<label for="reply-content">${v.t("authorize.replyLabel")}</label>
<textarea id="reply-content" name="content" rows="4" required${data.replyError ? html` aria-invalid="true" aria-describedby="reply-error"` : ""}>${data.replyText}</textarea>
<button type="submit">${v.t("authorize.reply")}</button>
</form>`;
}

export function authorizePage(v: ViewContext, data: AuthorizePageData): Html {
  const found = data.found;
  let body: Html;
  if (!found) {
    body = html`<p class="error" role="alert">${data.problem ?? v.t("authorize.missing")}</p>
<form class="form" method="get" action="/authorize_interaction">
<label for="authorize-uri">${v.t("authorize.address")}</label>
<input id="authorize-uri" name="uri" value="${data.uri}" autocapitalize="none" spellcheck="false" required>
<button type="submit">${v.t("authorize.open")}</button>
</form>`;
  } else if (found.kind === "actor") {
    body = actorCard(v, found.actor, found.control);
  } else {
    const { note } = found;
    body = html`<article class="card interact-note">
<div class="card-body">
<h2><a href="${notePath(note)}">${noteLabel(v, note)}</a></h2>
<p>${joinHtml(v, found.authors.map((a) => actorLink(a)))}</p>
${note.summary ? html`<p class="summary">${note.summary}</p>` : ""}
</div>
</article>
${data.replied ? html`<p class="notice" role="status">${v.t("authorize.replied")}</p>` : ""}
${noteActions(v, data, note, found.participation)}`;
  }
  return layout(
    v,
    { title: v.t("authorize.title"), noindex: true },
    html`<h1>${v.t("authorize.title")}</h1>
<p class="muted">${v.t("authorize.intro", { instance: v.instance.name })}</p>
${body}`,
  );
}
