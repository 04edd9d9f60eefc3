// Remote interaction (views/remote-interaction.ts says what each page is).
// `/interact` never fetches what it shows (only things stored here, readable
// by anyone); it asks the visitor's server where to send them, through the
// federation layer's lookup (policy and private-address guard included).
// `/authorize_interaction` is for signed-in members: it resolves the address
// as the search does (which only members may make this server fetch).
import { Hono, type Context } from "hono";
import { findActorByUri, hostOf } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { visibleResult } from "../../domain/lookup.ts";
import { createNote } from "../../domain/note-writing.ts";
import { findNoteByUri, noteAuthors } from "../../domain/notes.ts";
import { participationOf } from "../../domain/reactions.ts";
import { fallbackInteractionUrl, fillSubscribeTemplate, parseRemoteAccount } from "../../domain/remote-interaction.ts";
import { isPubliclyReadable } from "../../domain/visibility.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { notePath } from "../views/note.ts";
import { authorizePage, interactPage, type AuthorizePageData, type InteractionTarget } from "../views/remote-interaction.ts";
import { followControl } from "./follows.ts";

const MAX_URI = 2000;

/** What a visitor of another server may act on: a person, organization or community of ours, or a note anyone may read. */
async function interactionTarget(c: Context<AppEnv>, uri: string): Promise<InteractionTarget | null> {
  const { db } = c.get("services");
  const actor = await findActorByUri(db, uri);
  if (actor) return actor.is_local === 1 && actor.deleted_at == null && actor.type !== "Application" ? { kind: "actor", actor } : null;
  const note = await findNoteByUri(db, uri);
  if (!note || note.deleted_at != null || !isPubliclyReadable(note.visibility)) return null;
  return { kind: "note", note, authors: await noteAuthors(db, note.id) };
}

/** Where someone of this instance reads the target (they need no other server). */
function localHref(target: InteractionTarget): string {
  if (target.kind === "note") return notePath(target.note);
  return target.actor.type === "Group" ? `/c/${encodeURIComponent(target.actor.username)}` : `/@${target.actor.username}`;
}

async function authorizeData(c: Context<AppEnv>, uri: string, extra: Partial<AuthorizePageData> = {}): Promise<{ data: AuthorizePageData; status: 200 | 400 | 403 | 404 }> {
  const services = c.get("services");
  const v = viewContext(c);
  const me = signedInUser(c);
  const base = { uri, found: null, problem: null, replied: false, replyError: null, replyText: "", ...extra };
  if (!uri.trim()) return { data: base, status: 200 };
  const url = URL.parse(uri.trim());
  if (uri.length > MAX_URI || !url || (url.protocol !== "https:" && url.protocol !== "http:")) return { data: { ...base, problem: v.t("authorize.invalid") }, status: 400 };
  let found;
  try {
    found = await visibleResult(services.db, await services.lookup.resolve(url.href), me.actor.id);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { data: { ...base, problem: v.t("authorize.refused") }, status: error.code === "forbidden" ? 403 : 400 };
  }
  const next = `/authorize_interaction?uri=${encodeURIComponent(uri)}`;
  if (found?.kind === "actor") {
    return { data: { ...base, found: { kind: "actor", actor: found.actor, control: await followControl(services.db, me, found.actor, next) } }, status: 200 };
  }
  if (found?.kind === "note") {
    const participation = (await participationOf(services.db, [found.note.id], me.actor.id)).get(found.note.id)!;
    return { data: { ...base, found: { kind: "note", note: found.note, authors: await noteAuthors(services.db, found.note.id), participation } }, status: 200 };
  }
  return { data: { ...base, problem: v.t("authorize.notFound") }, status: 404 };
}

export function remoteInteractionPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/interact", async (c) => {
    const services = c.get("services");
    const v = viewContext(c);
    const uri = (c.req.query("uri") ?? "").slice(0, MAX_URI);
    const target = await interactionTarget(c, uri);
    if (!target) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "interact.nothing" }), 404);
    const typed = c.req.query("account");
    const page = (error: string | null, fallback: { href: string; host: string } | null = null) => interactPage(v, { target, uri, account: (typed ?? "").slice(0, 300), error, fallback });
    if (typed == null) return c.html(page(null));
    const account = parseRemoteAccount(typed);
    if (!account) return c.html(page(v.t("interact.invalid")), 400);
    // Someone of this instance needs no other server.
    if (account.host === hostOf(services.config.publicUrl).toLowerCase()) return c.redirect(localHref(target), 303);
    if (!services.interactions) return c.redirect(fallbackInteractionUrl(account, uri), 303);
    let answer;
    try {
      answer = await services.interactions.subscribeTemplate(account);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(page(v.t("interact.refused", { host: account.host })), error.code === "forbidden" ? 403 : 400);
    }
    if (answer.status === "template") {
      const href = fillSubscribeTemplate(answer.template, uri, services.config.allowPrivateAddress);
      if (href) return c.redirect(href, 303);
    }
    if (answer.status === "unreachable") {
      return c.html(page(v.t("interact.unreachable", { host: account.host }), { href: fallbackInteractionUrl(account, uri), host: account.host }), 502);
    }
    // An answer without a (usable) template: the page most servers have.
    return c.redirect(fallbackInteractionUrl(account, uri), 303);
  });

  app.get("/authorize_interaction", requireSignIn, async (c) => {
    const { data, status } = await authorizeData(c, c.req.query("uri") ?? c.req.query("acct") ?? "", { replied: c.req.query("replied") === "1" });
    return c.html(authorizePage(viewContext(c), data), status);
  });

  app.post("/authorize_interaction/reply", requireSignIn, csrfProtection, async (c) => {
    const services = c.get("services");
    const body = await c.req.parseBody();
    const uri = field(body, "uri").slice(0, MAX_URI);
    const content = field(body, "content").replace(/\r\n?/g, "\n");
    const { data, status } = await authorizeData(c, uri, { replyText: content });
    if (data.found?.kind !== "note") return c.html(authorizePage(viewContext(c), data), status === 200 ? 404 : status);
    if (!content.trim()) return c.html(authorizePage(viewContext(c), { ...data, replyError: viewContext(c).t("authorize.replyEmpty") }), 400);
    try {
      await createNote(services, signedInUser(c).actor, { inReplyTo: data.found.note.uri, content, language: c.get("lang") });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(authorizePage(viewContext(c), { ...data, replyError: viewContext(c).t("authorize.replyRefused") }), 400);
    }
    return c.redirect(`/authorize_interaction?uri=${encodeURIComponent(uri)}&replied=1`, 303);
  });

  return app;
}
