// Finding anything in the JSON API. A handle (@name@host) or a URL still
// resolves one actor, note or notebook, here or on another server (fetched
// and kept through the lookup port), in the same shape as before; any other
// text is searched in full text, and the answer lists notes, notebooks,
// terms, people, organizations and communities, each with an excerpt.
// Public content needs no token; a token shows what its owner may read.
import { Hono, type Context } from "hono";
import type { ActorRow } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { lookupTarget, namesAnAddress, visibleResult } from "../../domain/lookup.ts";
import { loadNotebook } from "../../domain/notebooks.ts";
import { loadNoteDetails } from "../../domain/notes.ts";
import { participationOf } from "../../domain/reactions.ts";
import { MAX_QUERY_LENGTH } from "../../domain/search/query.ts";
import { SEARCH_KINDS, searchText, type SearchItem } from "../../domain/search/search.ts";
import type { AppEnv } from "../env.ts";
import { LIST_NAMES, searchParams } from "../search-request.ts";
import { actorJson } from "./json.ts";
import { noteJson } from "./note-json.ts";
import { notebookJson } from "./notebooks.ts";
import { termJson } from "./terms.ts";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 40;

/** Only a bearer token identifies someone here: the session cookie is for pages. */
export function apiViewer(c: Context<AppEnv>): ActorRow | null {
  return c.req.header("Authorization")?.startsWith("Bearer ") ? (c.get("user")?.actor ?? null) : null;
}

async function itemJson(c: Context<AppEnv>, item: SearchItem, viewerId: string | null) {
  const { db } = c.get("services");
  switch (item.kind) {
    case "note": {
      const participation = (await participationOf(db, [item.note.id], viewerId)).get(item.note.id);
      return { ...noteJson(await loadNoteDetails(db, item.note), participation), excerpt: item.excerpt };
    }
    case "notebook":
      return { ...notebookJson(await loadNotebook(db, item.notebook)), excerpt: item.excerpt };
    case "term":
      return { ...termJson(item.term), excerpt: item.excerpt };
    default:
      return { ...actorJson(item.actor), excerpt: item.excerpt };
  }
}

export function searchRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/search", async (c) => {
    const { db, dialect, config, lookup } = c.get("services");
    const me = apiViewer(c);
    const params = searchParams(c);
    const q = params.q.trim();
    if (!q) throw new DomainError("invalid", "Give q: words to search for, a handle (@name@host) or the URL of an actor, a note or a notebook");
    if (q.length > MAX_QUERY_LENGTH) throw new DomainError("invalid", `The search is too long: at most ${MAX_QUERY_LENGTH} characters`);

    const target = lookupTarget(q, config.publicUrl);
    if (namesAnAddress(q) && !target) throw new DomainError("invalid", "Only a handle (@name@host) or an http(s) URL can be looked up");
    if (target && namesAnAddress(q)) {
      // Making this server fetch from another one is for people with an account.
      if (target.remote && !me) throw new DomainError("unauthorized", "Looking up another server needs a bearer token");
      const found = await visibleResult(db, await lookup.resolve(target.query), me?.id ?? null);
      if (!found) throw new DomainError("not_found", `Nothing found for ${q}`);
      switch (found.kind) {
        case "actor":
          return c.json({ kind: found.kind, actor: actorJson(found.actor) });
        case "note": {
          const participation = (await participationOf(db, [found.note.id], me?.id ?? null)).get(found.note.id);
          return c.json({ kind: found.kind, note: noteJson(await loadNoteDetails(db, found.note), participation) });
        }
        case "notebook":
          return c.json({ kind: found.kind, notebook: notebookJson(await loadNotebook(db, found.notebook)) });
      }
    }

    const limitParam = Number.parseInt(c.req.query("limit") ?? "", 10);
    const limit = Number.isFinite(limitParam) && limitParam > 0 ? Math.min(limitParam, MAX_LIMIT) : DEFAULT_LIMIT;
    const answer = await searchText(db, dialect, q, params.kind, { viewerId: me?.id ?? null, filters: params.filters, limit, offset: params.offset });
    if (!answer.ok) throw new DomainError("invalid", answer.problem === "empty" ? "The search has no words to look for" : `The search is too long: at most ${MAX_QUERY_LENGTH} characters`);
    const lists: Record<string, unknown[]> = {};
    const more: Record<string, boolean> = {};
    for (const kind of SEARCH_KINDS) {
      const page = answer.pages.get(kind);
      const items = [];
      for (const item of page?.items ?? []) items.push(await itemJson(c, item, me?.id ?? null));
      lists[LIST_NAMES[kind]] = items;
      more[LIST_NAMES[kind]] = page?.more ?? false;
    }
    // A bare word may also be someone's name here: shown as before, beside the lists.
    const local = target && !target.remote ? await visibleResult(db, await lookup.resolve(target.query), me?.id ?? null) : null;
    const actor = local?.kind === "actor" ? { kind: "actor", actor: actorJson(local.actor) } : {};
    return c.json({ ...actor, q, ...lists, paging: { offset: params.offset, limit, more } });
  });

  return app;
}
