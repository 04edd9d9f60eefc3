// Following from the pages: the follow and unfollow buttons, the search that
// finds an account to follow (or a note, a notebook), the public followers and following lists of
// local people, and the requests a locked account answers. The domain does
// the work (and hands remote follows to the federation layer).
import { Hono, type Context } from "hono";
import type { Kysely } from "kysely";
import { localUsername } from "../../domain/accounts.ts";
import { findActorByHandle, findActorById, handleOf, hostOf, type ActorRow } from "../../domain/actors.ts";
import type { Database } from "../../db/schema.ts";
import { DomainError } from "../../domain/errors.ts";
import { canSeeMembers, findCommunity } from "../../domain/communities.ts";
import { answerFollowRequest, followActor, unfollowActor } from "../../domain/following.ts";
import { findFollow, listFollows } from "../../domain/follows.ts";
import { lookupTarget, namesAnAddress, visibleResult, type LookupResult } from "../../domain/lookup.ts";
import { MAX_QUERY_LENGTH } from "../../domain/search/query.ts";
import { searchText } from "../../domain/search/search.ts";
import { searchParams, type SearchParams } from "../search-request.ts";
import { loadNotebook, orderedItems } from "../../domain/notebooks.ts";
import { noteAuthors } from "../../domain/notes.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv, CurrentUser } from "../env.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import type { FollowControl } from "../views/actors.ts";
import { followsPage, requestsPage, type Direction } from "../views/follows.ts";
import { safeNext, viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { searchPage, type SearchOutcome } from "../views/search.ts";
import { refusalPage, refusalText } from "../refusal-text.ts";

export const PAGE_SIZE = 40;

/** The follow button a viewer gets for an actor; null when there is none (signed out, oneself, the instance, a deleted account). */
export async function followControl(db: Kysely<Database>, viewer: CurrentUser | null, target: ActorRow, next: string): Promise<FollowControl | null> {
  if (!viewer || viewer.actor.id === target.id || target.type === "Application" || target.deleted_at != null) return null;
  const follow = await findFollow(db, viewer.actor.id, target.id);
  return { state: follow?.status ?? "none", next };
}

/** Where a follow button returns by default: the local profile, or the search that found a remote actor. */
function defaultNext(actor: ActorRow): string {
  return actor.is_local === 1 ? `/@${actor.username}` : `/search?q=${encodeURIComponent(handleOf(actor))}`;
}

function actionFailed(c: Context<AppEnv>, error: DomainError): Response | Promise<Response> {
  return refusalPage(c, error);
}

/** How many results of each kind the overview shows, and of one kind a page. */
const OVERVIEW_LIMIT = 5;
const KIND_LIMIT = 20;

async function search(c: Context<AppEnv>, params: SearchParams): Promise<{ outcome: SearchOutcome; status: 200 | 400 | 404 }> {
  const services = c.get("services");
  const q = params.q;
  if (!q.trim()) return { outcome: { kind: "none" }, status: 200 };
  const t = viewContext(c).t;
  if (q.trim().length > MAX_QUERY_LENGTH) return { outcome: { kind: "unsearchable", message: t("search.tooLong", { max: MAX_QUERY_LENGTH }) }, status: 400 };
  const target = lookupTarget(q, services.config.publicUrl);
  const viewer = c.get("user");
  if (!namesAnAddress(q)) return fullTextSearch(c, params, target && !target.remote ? target.query : null);
  if (!target) return { outcome: { kind: "not-found" }, status: 404 };
  // Looking something up on another server makes this server fetch from it:
  // only for people with an account, so the page is no anonymous fetching proxy.
  if (target.remote && !viewer) return { outcome: { kind: "sign-in" }, status: 200 };
  let found: LookupResult | null;
  try {
    found = await visibleResult(services.db, await services.lookup.resolve(target.query), viewer?.actor.id ?? null);
  } catch (error) {
    if (error instanceof DomainError) return { outcome: { kind: "invalid", problem: refusalText(viewContext(c), error) }, status: 400 };
    throw error;
  }
  if (!found) return { outcome: { kind: "not-found" }, status: 404 };
  switch (found.kind) {
    case "actor": {
      const next = `/search?q=${encodeURIComponent(q.trim())}`;
      return { outcome: { kind: "found", actor: found.actor, control: await followControl(services.db, viewer, found.actor, next) }, status: 200 };
    }
    case "note":
      return { outcome: { kind: "note", note: found.note, authors: await noteAuthors(services.db, found.note.id) }, status: 200 };
    case "notebook": {
      const view = await loadNotebook(services.db, found.notebook);
      return { outcome: { kind: "notebook", notebook: found.notebook, curators: view.curators, itemCount: orderedItems(view).length }, status: 200 };
    }
  }
}

/** Words: searched in full text; a bare word that is someone's name here also shows them first. */
async function fullTextSearch(c: Context<AppEnv>, params: SearchParams, localHandle: string | null): Promise<{ outcome: SearchOutcome; status: 200 | 400 }> {
  const services = c.get("services");
  const viewer = c.get("user");
  const limit = params.kind ? KIND_LIMIT : OVERVIEW_LIMIT;
  const answer = await searchText(services.db, services.dialect, params.q, params.kind, { viewerId: viewer?.actor.id ?? null, filters: params.filters, limit, offset: params.kind ? params.offset : 0 });
  const t = viewContext(c).t;
  if (!answer.ok) return { outcome: { kind: "unsearchable", message: answer.problem === "empty" ? t("search.noWords") : t("search.tooLong", { max: MAX_QUERY_LENGTH }) }, status: 400 };
  const local = localHandle ? await visibleResult(services.db, await services.lookup.resolve(localHandle), viewer?.actor.id ?? null) : null;
  const found = local?.kind === "actor" ? { actor: local.actor, control: await followControl(services.db, viewer, local.actor, `/search?q=${encodeURIComponent(params.q.trim())}`) } : null;
  return { outcome: { kind: "results", found, results: { params, pages: answer.pages, limit } }, status: 200 };
}

export function followPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  for (const [path, follow] of [
    ["/follow", true],
    ["/unfollow", false],
  ] as const) {
    app.post(path, csrfProtection, requireSignIn, async (c) => {
      const services = c.get("services");
      const me = signedInUser(c).actor;
      const body = await c.req.parseBody();
      const target = await findActorById(services.db, field(body, "actor"));
      if (!target || target.deleted_at != null) return c.notFound();
      try {
        if (follow) await followActor(services, me, target);
        else await unfollowActor(services, me, target);
      } catch (error) {
        if (error instanceof DomainError) return actionFailed(c, error);
        throw error;
      }
      return c.redirect(safeNext(field(body, "next"), defaultNext(target)), 303);
    });
  }

  app.get("/search", async (c) => {
    const params = searchParams(c);
    const { outcome, status } = await search(c, params);
    return c.html(searchPage(viewContext(c), params.q, outcome, params), status);
  });

  for (const direction of ["followers", "following"] as const satisfies readonly Direction[]) {
    app.get(`/:handle{@[^/]+}/${direction}`, async (c) => {
      const { config, db } = c.get("services");
      const username = localUsername(c.req.param("handle"), config.publicUrl);
      const owner = username == null ? undefined : await findActorByHandle(db, username, hostOf(config.publicUrl));
      if (!owner || owner.is_local !== 1 || owner.type === "Application") return c.notFound();
      if (owner.deleted_at != null) return c.html(renderMessagePage(c, { title: "error.goneTitle", body: "error.goneBody" }), 410);
      const viewerId = c.get("user")?.actor.id ?? null;
      const community = owner.type === "Group" ? await findCommunity(db, owner.id) : undefined;
      if (direction === "followers" && community && !(await canSeeMembers(db, community, viewerId))) {
        return c.html(renderMessagePage(c, { title: "communities.membersHiddenTitle", body: "communities.membersHiddenBody" }), 403);
      }
      const page = await listFollows(db, owner.id, direction, {
        limit: PAGE_SIZE,
        cursor: c.req.query("cursor")?.slice(0, 100) || null,
        // One's own list is whole; anyone else's leaves out the private communities they are not part of.
        seenBy: viewerId === owner.id ? undefined : { actorId: viewerId },
      });
      const nextHref = page.nextCursor ? `/@${owner.username}/${direction}?cursor=${encodeURIComponent(page.nextCursor)}` : null;
      return c.html(followsPage(viewContext(c), { owner, direction, actors: page.items.map((item) => item.actor), nextHref }));
    });
  }

  app.get("/follow-requests", requireSignIn, async (c) => {
    const me = signedInUser(c).actor;
    const cursor = c.req.query("cursor")?.slice(0, 100) || null;
    const page = await listFollows(c.get("services").db, me.id, "followers", { limit: PAGE_SIZE, cursor, status: "pending" });
    const nextHref = page.nextCursor ? `/follow-requests?cursor=${encodeURIComponent(page.nextCursor)}` : null;
    return c.html(requestsPage(viewContext(c), { locked: me.manually_approves_followers === 1, requests: page.items, nextHref }));
  });

  app.post("/follow-requests/:id/:answer{accept|reject}", csrfProtection, requireSignIn, async (c) => {
    const me = signedInUser(c).actor;
    try {
      await answerFollowRequest(c.get("services"), me, c.req.param("id"), c.req.param("answer") === "accept");
    } catch (error) {
      if (error instanceof DomainError) return actionFailed(c, error);
      throw error;
    }
    return c.redirect("/follow-requests", 303);
  });

  return app;
}
