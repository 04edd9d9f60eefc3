// The "pending co-authorships" section of a person's own page: notes they (or
// a community they moderate) are invited to co-sign, each with its answer.
import { html } from "hono/html";
import type { PendingCoauthorship } from "../../domain/coauthors.ts";
import { csrfInput, type Html, type ViewContext } from "./layout.ts";
import { actorLink, fillFragments, notePath } from "./note.ts";

function invitationText(v: ViewContext, pending: PendingCoauthorship): Html {
  const fragments = {
    inviter: pending.invitedBy ? actorLink(pending.invitedBy) : html`?`,
    note: html`<a href="${notePath(pending.note)}">${pending.note.title}</a>`,
    community: actorLink(pending.invitee),
  };
  return pending.invitee.type === "Group"
    ? fillFragments(v.t("coauthors.invitationFor", { inviter: "{inviter}", community: "{community}", note: "{note}" }), fragments)
    : fillFragments(v.t("coauthors.invitation", { inviter: "{inviter}", note: "{note}" }), fragments);
}

export function pendingCoauthorshipsSection(v: ViewContext, pending: readonly PendingCoauthorship[]): Html {
  if (pending.length === 0) return html``;
  return html`<section class="coauthorships">
<h2>${v.t("coauthors.pendingTitle")}</h2>
<p class="muted">${v.t("coauthors.pendingHelp")}</p>
<ul>${pending.map(
    (p) => html`<li>${invitationText(v, p)}
<form method="post" action="/coauthorships/${p.id}/accept">${csrfInput(v)}<button type="submit">${v.t("coauthors.accept")}</button></form>
<form method="post" action="/coauthorships/${p.id}/decline">${csrfInput(v)}<button type="submit" class="secondary">${v.t("coauthors.decline")}</button></form></li>`,
  )}</ul>
</section>`;
}
