// Notes fetched from their own server rather than received: what someone
// here looked up, and what an outbox lists when we backfill it. The fetch
// is signed by the instance actor (servers with authorized fetch answer it)
// and the document comes from the object's origin, so it is authoritative.
import type { Context } from "@fedify/fedify";
import { Create, Object as ASObject } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import type { NoteRow } from "../../src/domain/notes.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import type { Services } from "../../src/services.ts";
import { resolveActorByUri } from "../actors/resolve-actor.ts";
import { resolveRemoteTerms } from "../terms-remote.ts";
import { isNoteLike, toRemoteNoteData, type NoteLike } from "./persist-note.ts";

const logger = getLogger(["encommun", "federation", "notes"]);

/**
 * The object whose id is `url`, from that id's own origin. Unlike Fedify's
 * lookupObject, nothing is asked of WebFinger when the fetch fails: it names
 * actors, not notes, and a missing note would cost a second request.
 */
export async function loadById(ctx: Context<Services>, url: URL, documentLoader: DocumentLoader): Promise<ASObject | null> {
  try {
    const remote = await documentLoader(url.href);
    const object = await ASObject.fromJsonLd(remote.document, { documentLoader, contextLoader: ctx.contextLoader, baseUrl: new URL(remote.documentUrl) });
    return object.id != null && object.id.origin === new URL(remote.documentUrl).origin ? object : null;
  } catch (error) {
    logger.debug("Could not fetch {url}: {error}", { url: url.href, error });
    return null;
  }
}

/**
 * The Article, Page or Note at `id`, fetched from its server; a Create found
 * there instead (some outboxes list activities by id) is followed once to its
 * object. Null when nothing note-like with that very id answers. A caller
 * that bounds its fetches passes its own loader, wrapping the instance actor's.
 */
export async function fetchNoteObject(ctx: Context<Services>, id: URL, loader?: DocumentLoader): Promise<NoteLike | null> {
  const documentLoader = loader ?? (await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID }));
  let object = await loadById(ctx, id, documentLoader);
  if (object instanceof Create && object.objectId && object.objectId.origin === id.origin) {
    const objectId = object.objectId;
    object = await loadById(ctx, objectId, documentLoader);
    return isNoteLike(object) && object.id?.href === objectId.href ? object : null;
  }
  return isNoteLike(object) && object.id?.href === id.href ? object : null;
}

export interface StoreOptions {
  /** Only keep the note when it is readable by anyone (public or unlisted). */
  readonly publicOnly?: boolean;
  /** The note must name this actor among its authors (an outbox lists what its actor wrote). */
  readonly authorUri?: string;
}

/**
 * Stores a note fetched from its own server. Trusts the document (it came
 * from the object's origin) but not its attribution: at least one author must
 * live on that origin, so a server cannot publish in the name of people of
 * other servers only. Returns the stored row, or null (logged) when refused.
 */
export async function storeFetchedNote(ctx: Context<Services>, object: NoteLike, options: StoreOptions = {}): Promise<NoteRow | null> {
  if (object.id == null) return null;
  const id = object.id;
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const parsed = await toRemoteNoteData(object, (uri) => resolveActorByUri(ctx, uri), { documentLoader, contextLoader: ctx.contextLoader });
  if (!parsed.ok) {
    logger.info("Dropped fetched note {id}: {reason}", { id: id.href, reason: parsed.reason });
    return null;
  }
  const { data } = parsed;
  if (!data.authors.some((a) => new URL(a.uri).origin === id.origin)) {
    logger.info("Dropped fetched note {id}: none of its authors lives on its server", { id: id.href });
    return null;
  }
  if (options.authorUri != null && !data.authors.some((a) => a.uri === options.authorUri)) {
    logger.info("Dropped fetched note {id}: {author} is not among its authors", { id: id.href, author: options.authorUri });
    return null;
  }
  if (options.publicOnly && data.visibility !== "public" && data.visibility !== "unlisted") return null;
  const result = await upsertRemoteNote(ctx.data.db, data, (terms) => resolveRemoteTerms(ctx, terms));
  return result.status === "deleted" ? null : result.note;
}
