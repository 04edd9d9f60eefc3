// Announces from a community of another instance that someone here follows:
// the Group only says "this was posted". We read the announced activity's
// type and object id, then fetch the object from its own server (the
// authority), so a Group cannot put words in anyone's mouth.
import type { InboxContext } from "@fedify/fedify";
import { Create, Delete, Update, type Announce } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ActorRow } from "../../src/domain/actors.ts";
import { recordCommunityPost } from "../../src/domain/communities.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { INSTANCE_ACTOR_ID } from "../../src/domain/paths.ts";
import { markRemoteNoteDeleted, upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import type { Services } from "../../src/services.ts";
import { resolveActorByUri } from "../actors/resolve-actor.ts";
import { isNoteLike, toRemoteNoteData } from "../notes/persist-note.ts";
import { resolveRemoteTerms } from "../terms-remote.ts";
import { lookupWithinPolicy } from "../policy.ts";
import { onBanAnnounced } from "../inbox/block.ts";
import { onLockAnnounced } from "../inbox/lock.ts";
import { onRestoreAnnounced } from "../inbox/restore.ts";
import { onFeaturedAnnounced } from "../inbox/featured-announced.ts";
import { mirrorRemoteLabels } from "../notes/receive-labels.ts";
import { rawDocument } from "../vocab/raw-document.ts";

const logger = getLogger(["encommun", "inbox", "announce"]);

async function followedHere(ctx: InboxContext<Services>, group: ActorRow): Promise<boolean> {
  const row = await ctx.data.db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.follower_id")
    .select("follows.id")
    .where("follows.following_id", "=", group.id)
    .where("follows.status", "=", "accepted")
    .where("actors.is_local", "=", 1)
    .executeTakeFirst();
  return row != null;
}

/** Handles an Announce by a Group; returns false when the Announce is not a community's. */
export async function onCommunityAnnounceReceived(ctx: InboxContext<Services>, announce: Announce, group: ActorRow): Promise<boolean> {
  if (group.type !== "Group" || group.is_local === 1) return false;
  // A ban concerns our member, who may no longer follow the Group (an Undo(Block) comes after the ban ended it).
  if (await onBanAnnounced(ctx, announce, group)) return true;
  if (!(await followedHere(ctx, group))) {
    logger.debug("Ignored Announce from {group}: nobody here follows it", { group: group.uri });
    return true;
  }
  if (await onLockAnnounced(ctx, announce, group)) return true;
  if (await onRestoreAnnounced(ctx, announce, group)) return true;
  if (await onFeaturedAnnounced(ctx, announce, group)) return true;
  const loaders = { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader };
  // Read only the shape of what is announced; its content is fetched from its origin below.
  const inner = await announce.getObject({ ...loaders, crossOrigin: "trust" }).catch(() => null);
  if (inner == null) return true;
  const kind = inner instanceof Create ? "create" : inner instanceof Update ? "update" : inner instanceof Delete ? "delete" : isNoteLike(inner) ? "boost" : null;
  const objectId = kind === "boost" ? inner.id : kind ? (inner as Create | Update | Delete).objectId : null;
  if (kind == null || objectId == null) return true;
  logger.info("Received Announce({kind}) of {object} from {group}", { kind, object: objectId.href, group: group.uri });

  if (kind === "delete") {
    const note = await findNoteByUri(ctx.data.db, objectId.href);
    if (!note) return true;
    if (note.is_local === 0 && (await objectIsGone(ctx, objectId))) await markRemoteNoteDeleted(ctx.data.db, note.uri);
    // Still there: a moderator removed it from the community, not from the network.
    else await ctx.data.db.updateTable("community_posts").set({ removed_at: new Date().toISOString() }).where("community_id", "=", group.id).where("note_id", "=", note.id).execute();
    return true;
  }
  const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const object = await lookupWithinPolicy(ctx, objectId.href, { documentLoader }).catch(() => null);
  if (!isNoteLike(object) || object.id?.href !== objectId.href) {
    logger.info("Dropped Announce {id}: {object} could not be fetched from its server", { id: announce.id?.href ?? null, object: objectId.href });
    return true;
  }
  const parsed = await toRemoteNoteData(object, (uri) => resolveActorByUri(ctx, uri), loaders);
  if (!parsed.ok) {
    logger.info("Dropped malformed note {id} announced by {group}: {reason}", { id: objectId.href, group: group.uri, reason: parsed.reason });
    return true;
  }
  // What a private community carries, unless public in itself, is for its members only.
  const data = group.manually_approves_followers === 1 && parsed.data.visibility === "followers" ? { ...parsed.data, visibility: "community" as const } : parsed.data;
  // A community's re-broadcast of what was just posted: the people here it answers or names are notified.
  const result = await upsertRemoteNote(ctx.data.db, data, (terms) => resolveRemoteTerms(ctx, terms), { notify: true });
  if (result.note != null && result.status !== "deleted") await recordCommunityPost(ctx.data.db, group.id, result.note.id, result.note.in_reply_to_uri == null);
  // Fetched from the note's own server: its labels are its home's word.
  if (result.note != null && result.note.is_local === 0 && result.status !== "deleted") await mirrorRemoteLabels(ctx.data.db, result.note.id, await rawDocument(object));
  return true;
}

async function objectIsGone(ctx: InboxContext<Services>, id: URL): Promise<boolean> {
  try {
    await ctx.documentLoader(id.href);
    return false;
  } catch (error) {
    const status = (error as { response?: Response }).response?.status;
    return status === 404 || status === 410;
  }
}

/** Resolves a Group sender for the Announce router. */
export async function groupSender(ctx: InboxContext<Services>, announce: Announce): Promise<ActorRow | null> {
  return announce.actorId ? resolveActorByUri(ctx, announce.actorId) : null;
}
