// After another server accepts a local person's follow: what the followed
// actor published before, from the first page of its outbox, so following
// does not start from an empty page. A person's outbox lists Creates; a
// community's (ours, Lemmy's) lists the Group's Announces of its threads.
// The outbox only says which objects to look at: each is fetched from its
// own server (the authority), as the inbox does for a Group's announces.
import type { Context } from "@fedify/fedify";
import { Announce, Collection, Create, Object as ASObject } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { findActorById, type ActorRow } from "../src/domain/actors.ts";
import { recordCommunityPost } from "../src/domain/communities.ts";
import type { FollowRow } from "../src/domain/follows.ts";
import { INSTANCE_ACTOR_ID } from "../src/domain/paths.ts";
import type { Services } from "../src/services.ts";
import { OUTBOX_PAGE_SIZE } from "./collections/outbox.ts";
import { fetchNoteObject, storeFetchedNote } from "./notes/fetch-note.ts";
import { isNoteLike } from "./notes/persist-note.ts";
import { lookupWithinPolicy } from "./policy.ts";

const logger = getLogger(["encommun", "federation", "backfill"]);

/** Reads only what an item embeds: a reference is left for fetchNoteObject, from the object's own server. */
const embeddedOnly: DocumentLoader = (url) => Promise.reject(new Error(`${url} is not embedded`));

/** The id of the note an outbox item is about, or null for anything else (boosts, likes, updates…). */
async function noteIdOf(ctx: Context<Services>, item: ASObject, actor: ActorRow): Promise<URL | null> {
  if (actor.type !== "Group") return item instanceof Create ? item.objectId : null;
  if (!(item instanceof Announce)) return null;
  const inner = await item.getObject({ documentLoader: embeddedOnly, contextLoader: ctx.contextLoader, crossOrigin: "trust" }).catch(() => null);
  if (inner instanceof Create) return inner.objectId;
  // Ours announce objects by id; Lemmy embeds Create(Page); some embed the object itself.
  if (inner == null || isNoteLike(inner)) return item.objectId;
  return null;
}

/** The first page of an actor's outbox, at most OUTBOX_PAGE_SIZE items. */
async function outboxItems(ctx: Context<Services>, actor: ActorRow): Promise<ASObject[]> {
  if (actor.outbox_url == null) return [];
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const loaders = { documentLoader, contextLoader: ctx.contextLoader };
  const outbox = await lookupWithinPolicy(ctx, actor.outbox_url, loaders);
  if (!(outbox instanceof Collection)) return [];
  const page = (await outbox.getFirst(loaders)) ?? outbox;
  const items: ASObject[] = [];
  for await (const item of page.getItems({ ...loaders, suppressError: true })) {
    if (item instanceof ASObject) items.push(item);
    if (items.length >= OUTBOX_PAGE_SIZE) break;
  }
  return items;
}

/**
 * Stores the public notes the followed actor's outbox lists (for a Group:
 * files its public threads under the community). Never throws: the follow is
 * accepted whatever happens here, and a failure is logged. Returns how many
 * notes were stored. Idempotent (notes are upserted, posts recorded once).
 */
export async function backfillAfterAccept(ctx: Context<Services>, follow: FollowRow): Promise<number> {
  const { db } = ctx.data;
  const [follower, actor] = await Promise.all([findActorById(db, follow.follower_id), findActorById(db, follow.following_id)]);
  if (follower?.is_local !== 1 || !actor || actor.is_local === 1 || actor.deleted_at != null) return 0;
  let items: ASObject[];
  try {
    items = await outboxItems(ctx, actor);
  } catch (error) {
    logger.info("Could not read the outbox of {actor}: {error}", { actor: actor.uri, error });
    return 0;
  }
  let stored = 0;
  for (const item of items) {
    try {
      const id = await noteIdOf(ctx, item, actor);
      if (id == null) continue;
      const object = await fetchNoteObject(ctx, id);
      if (object == null) {
        logger.info("Backfill of {actor}: {id} could not be fetched from its server", { actor: actor.uri, id: id.href });
        continue;
      }
      const note = await storeFetchedNote(ctx, object, {
        publicOnly: true,
        authorUri: actor.type === "Group" ? undefined : actor.uri,
      });
      if (note == null) continue;
      if (actor.type === "Group") await recordCommunityPost(db, actor.id, note.id, note.in_reply_to_uri == null);
      stored++;
    } catch (error) {
      logger.info("Backfill of {actor}: item {id} failed: {error}", { actor: actor.uri, id: item.id?.href ?? null, error });
    }
  }
  logger.info("Backfilled {stored} of {count} outbox items of {actor}", { stored, count: items.length, actor: actor.uri });
  return stored;
}
