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

/** What an activity names as its object: the embedded one when Fedify keeps it (same origin as the activity), else its id. */
async function objectOf(ctx: Context<Services>, activity: Announce | Create): Promise<ASObject | URL | null> {
  const object = await activity.getObject({ documentLoader: embeddedOnly, contextLoader: ctx.contextLoader }).catch(() => null);
  return object ?? activity.objectId;
}

/**
 * The id of the note an outbox item is about, or null for anything else
 * (boosts, likes, updates…). A person's outbox lists Creates; a Group's,
 * Announces of a Create or of the note. A note where an activity was expected
 * is taken as is: NodeBB's `…/post/1#activity/announce/cid/2` dereferences to
 * the post itself.
 */
async function noteIdOf(ctx: Context<Services>, item: ASObject, actor: ActorRow): Promise<URL | null> {
  let current: ASObject | URL | null = item;
  if (actor.type === "Group" && current instanceof Announce) current = await objectOf(ctx, current);
  if (current instanceof Create) current = await objectOf(ctx, current);
  if (current instanceof URL) return current;
  return isNoteLike(current) ? current.id : null;
}

/**
 * A collection page with the URL it was read from as its id when it has none
 * (NodeBB serves its outboxes without one): Fedify keeps an embedded item only
 * when it shares its page's origin, and without an id it refetches every item.
 */
function identified(page: Collection, readFrom: URL | null): Collection {
  return page.id != null || readFrom == null ? page : page.clone({ id: readFrom });
}

/** The first page of an actor's outbox, at most OUTBOX_PAGE_SIZE items. */
async function outboxItems(ctx: Context<Services>, actor: ActorRow): Promise<ASObject[]> {
  if (actor.outbox_url == null) return [];
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const loaders = { documentLoader, contextLoader: ctx.contextLoader };
  const found = await lookupWithinPolicy(ctx, actor.outbox_url, loaders);
  if (!(found instanceof Collection)) return [];
  const outbox = identified(found, new URL(actor.outbox_url));
  const first = await outbox.getFirst(loaders);
  const page = first ? identified(first, outbox.firstId) : outbox;
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
