// Finds anything by handle or URL: actors (through the directory), notes and
// notebooks. Ours come from the database and are never fetched; another
// server's are fetched with a request signed by the instance actor and kept,
// even when nobody here follows their authors: someone asked for them.
import type { Context, Federation } from "@fedify/fedify";
import { Article, isActor, OrderedCollection, type Object as ASObject } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { findActorById, findActorByUri, findLocalActor, isStale, type ActorRow } from "../src/domain/actors.ts";
import { DomainError } from "../src/domain/errors.ts";
import { parseHandle } from "../src/domain/handles.ts";
import type { LookupResult, RemoteLookup } from "../src/domain/lookup.ts";
import { findNotebook, findNotebookByUri, type NotebookRow } from "../src/domain/notebooks.ts";
import { findNoteById, findNoteByUri, type NoteRow } from "../src/domain/notes.ts";
import { INSTANCE_ACTOR_ID } from "../src/domain/paths.ts";
import { upsertRemoteNotebook } from "../src/domain/remote-notebooks.ts";
import type { Services } from "../src/services.ts";
import { persistActor } from "./actors/persist-actor.ts";
import { assertFetchable } from "./fetch-policy.ts";
import { toRemoteNotebookData } from "./notebooks/persist-notebook.ts";
import { storeFetchedNote } from "./notes/fetch-note.ts";
import { isNoteLike } from "./notes/persist-note.ts";
import { assertHostAllowed, lookupWithinPolicy, policyHostCheck } from "./policy.ts";

const logger = getLogger(["encommun", "lookup"]);

/** A note or notebook fetched this recently is answered from the database (a search is not a refresh button). */
export const LOOKUP_FRESH_MS = 60 * 60 * 1000;

function recent(iso: string | null, now = Date.now()): boolean {
  return iso != null && Date.parse(iso) + LOOKUP_FRESH_MS > now;
}

const actorResult = (actor: ActorRow | undefined | null): LookupResult | null =>
  actor && actor.deleted_at == null ? { kind: "actor", actor } : null;
const noteResult = (note: NoteRow | undefined | null): LookupResult | null => (note && note.deleted_at == null ? { kind: "note", note } : null);
const notebookResult = (notebook: NotebookRow | undefined | null): LookupResult | null =>
  notebook && notebook.deleted_at == null ? { kind: "notebook", notebook } : null;

/** One of our URLs: an actor, a note (ours, or the page of a copy kept here), a notebook; never fetched. */
async function findLocal(ctx: Context<Services>, url: URL): Promise<LookupResult | null> {
  const { db, config } = ctx.data;
  const parsed = ctx.parseUri(url);
  if (parsed?.type === "actor") return actorResult(await findActorById(db, parsed.identifier));
  if (parsed?.type === "object" && parsed.class === Article) return noteResult(await findNoteById(db, parsed.values.id ?? ""));
  if (parsed?.type === "object" && parsed.class === OrderedCollection) return notebookResult(await findNotebook(db, parsed.values.id ?? ""));
  const profile = /^\/@([^/]+)$/.exec(url.pathname);
  if (profile) return actorResult(await findLocalActor(db, config.publicUrl, decodeURIComponent(profile[1]!)));
  return null;
}

/** What we already keep under a remote URL (an actor, a note by id or page URL, a notebook), and whether it is fresh. */
async function findKept(db: Kysely<Database>, url: URL): Promise<{ result: LookupResult | null; fresh: boolean } | null> {
  const actor = await findActorByUri(db, url.href);
  if (actor) return { result: actorResult(actor), fresh: !isStale(actor) };
  const note = (await findNoteByUri(db, url.href)) ?? (await db.selectFrom("notes").selectAll().where("url", "=", url.href).where("is_local", "=", 0).executeTakeFirst());
  if (note) return { result: noteResult(note), fresh: recent(note.fetched_at) };
  const notebook = await findNotebookByUri(db, url.href);
  if (notebook) return { result: notebookResult(notebook), fresh: recent(notebook.updated_at) };
  return null;
}

/** Keeps what a remote URL answered with; null for anything we do not keep. */
async function keep(ctx: Context<Services>, object: ASObject): Promise<LookupResult | null> {
  const { db } = ctx.data;
  if (isActor(object)) return actorResult(await persistActor(db, object));
  if (isNoteLike(object)) return noteResult(await storeFetchedNote(ctx, object));
  if (object instanceof OrderedCollection && object.id != null && object.attributionIds.length > 0) {
    const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
    const data = await toRemoteNotebookData(ctx, object, documentLoader);
    const origin = object.id.origin;
    // As for notes: a server speaks for notebooks curated by its own people.
    if (!data?.curators.some((c) => new URL(c.uri).origin === origin)) {
      logger.info("Dropped notebook {id}: none of its curators lives on its server", { id: object.id.href });
      return null;
    }
    return notebookResult(await upsertRemoteNotebook(db, data));
  }
  logger.debug("Lookup found a {type}, which is not kept", { type: object.constructor.name });
  return null;
}

export function createLookup(federation: Federation<Services>, services: () => Services): RemoteLookup {
  return {
    async resolve(query: string): Promise<LookupResult | null> {
      const text = query.trim();
      // Handles name actors only: the directory knows how to find and cache them.
      if (parseHandle(text)) return actorResult(await services().directory.resolve(text));
      const url = URL.parse(text);
      if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) return null;
      const { db, config } = services();
      const ctx = federation.createContext(config.publicUrl, services());
      if (url.origin === config.publicUrl.origin) return findLocal(ctx, url);
      await assertHostAllowed(policyHostCheck(db, config.publicUrl), url.host);

      const kept = await findKept(db, url);
      if (kept?.fresh) return kept.result;
      try {
        await assertFetchable(url, config.allowPrivateAddress);
        const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
        const object = await lookupWithinPolicy(ctx, url.href, { documentLoader });
        if (object == null) return kept?.result ?? null;
        return (await keep(ctx, object)) ?? kept?.result ?? null;
      } catch (error) {
        // A host that does not resolve is simply not there; other URL errors are the fetch policy's refusals.
        if (error instanceof Error && error.name === "UrlError" && !error.message.startsWith("DNS lookup failed")) {
          throw new DomainError("invalid", `Refused to fetch ${url.href}: private addresses and plain http are not allowed`);
        }
        logger.info("Lookup of {url} failed: {error}", { url: url.href, error });
        return kept?.result ?? null;
      }
    },
  };
}
