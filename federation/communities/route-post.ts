// Which of our communities a received post belongs to, whether its author may
// post there, and the re-broadcast. A post is addressed to a Group (to/cc,
// `audience`, or, from Mastodon, a mention); a reply from Mastodon names no
// community at all, so we walk up `inReplyTo` to the thread it belongs to.
import type { InboxContext } from "@fedify/fedify";
import { Mention, Reject, type Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { communitiesOfNote, findCommunity, findCommunityByUri, isThreadLocked, postingRefusal, recordCommunityPost, type Community } from "../../src/domain/communities.ts";
import { findNoteByUri, type NoteRow } from "../../src/domain/notes.ts";
import { notifyIfCrossPosted } from "../../src/domain/notification-events.ts";
import type { Services } from "../../src/services.ts";
import type { NoteLike } from "../notes/persist-note.ts";
import { toRecipient } from "../actors/recipient.ts";
import { remoteFollowers } from "../notes/audience.ts";
import { about } from "../outbox/ordering.ts";
import { announceInCommunity } from "./announce.ts";

const logger = getLogger(["encommun", "inbox", "communities"]);
const MAX_THREAD_DEPTH = 50;

/** The local communities carrying the thread a reply belongs to, and whether that thread is locked. */
export async function threadCommunities(db: Kysely<Database>, note: Pick<NoteRow, "in_reply_to_uri">): Promise<{ community: Community; locked: boolean }[]> {
  let uri = note.in_reply_to_uri;
  for (let depth = 0; uri && depth < MAX_THREAD_DEPTH; depth++) {
    const parent = await findNoteByUri(db, uri);
    if (!parent) return [];
    const found: { community: Community; locked: boolean }[] = [];
    for (const post of await communitiesOfNote(db, parent.id)) {
      const community = await findCommunity(db, post.communityId);
      // Locking is decided on the thread's root post, whatever level the reply answers.
      if (community && community.actor.is_local === 1) found.push({ community, locked: await isThreadLocked(db, community.actor.id, note.in_reply_to_uri!) });
    }
    if (found.length > 0) return found;
    uri = parent.in_reply_to_uri;
  }
  return [];
}

async function addressedCommunities(ctx: InboxContext<Services>, activity: Activity, object: NoteLike): Promise<Community[]> {
  const { db, config } = ctx.data;
  const ids = [...object.toIds, ...object.ccIds, ...activity.toIds, ...activity.ccIds, ...(object.audienceId ? [object.audienceId] : [])];
  for await (const tag of object.getTags({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, suppressError: true })) {
    if (tag instanceof Mention && tag.href) ids.push(tag.href);
  }
  const found = new Map<string, Community>();
  for (const id of ids) {
    if (id.origin !== config.publicUrl.origin || found.has(id.href)) continue;
    const community = await findCommunityByUri(db, id.href);
    if (community) found.set(id.href, community);
  }
  return [...found.values()];
}

/**
 * Files a received post into our communities and re-broadcasts it. Trusts
 * the caller's checks (signature, authorship); decides membership, bans and
 * posting restrictions here. A refused post is not announced.
 */
export async function routeToLocalCommunities(ctx: InboxContext<Services>, activity: Activity, object: NoteLike, note: NoteRow, poster: ActorRow): Promise<void> {
  const isThread = note.in_reply_to_uri == null;
  const addressed = await addressedCommunities(ctx, activity, object);
  const thread = isThread ? [] : await threadCommunities(ctx.data.db, note);
  // A reply belongs where its thread is: a community is never handed a reply to something it does not carry.
  const targets = isThread
    ? addressed.map((community) => ({ community, locked: false }))
    : thread.filter((t) => addressed.length === 0 || addressed.some((c) => c.actor.id === t.community.actor.id));
  if (!isThread && addressed.length > 0 && targets.length === 0) {
    logger.info("Ignored reply {note}: the communities it names do not carry its thread", { note: note.uri });
  }
  for (const { community, locked } of targets) {
    const refusal = await postingRefusal(ctx.data.db, community, poster.id, { isThread, threadLocked: locked });
    if (refusal) {
      logger.warning("Rejected post {note} into {community} by {poster}: {refusal}", { note: note.uri, community: community.actor.uri, poster: poster.uri, refusal });
      await rejectPost(ctx, community, activity, poster, refusal);
      continue;
    }
    // The post and its moderators' notification (a thread also carried elsewhere) commit together.
    const recorded = await ctx.data.db.transaction().execute(async (tx) => {
      if (!(await recordCommunityPost(tx, community.actor.id, note.id, isThread))) return false;
      // Addressed to several of ours at once: each one's moderators hear of it, whichever is filed first.
      if (isThread) await notifyIfCrossPosted(tx, community.actor, note, poster.id, targets.length > 1);
      return true;
    });
    if (!recorded) continue;
    // What is posted into a private community, not publicly, is for its members only.
    if (community.settings.visibility === "private" && note.visibility === "followers") {
      await ctx.data.db.updateTable("notes").set({ visibility: "community" }).where("id", "=", note.id).execute();
    }
    const isPublic = note.visibility === "public" || note.visibility === "unlisted";
    await announceInCommunity(ctx, community.actor.id, activity, { boostObject: isThread && isPublic ? object : null });
  }
}

/** Tells the poster's server the community refused the post (as Lemmy and Mbin understand a Reject of a Create). */
async function rejectPost(ctx: InboxContext<Services>, community: Community, activity: Activity, poster: ActorRow, refusal: string): Promise<void> {
  if (poster.is_local === 1 || activity.id == null) return;
  await ctx.sendActivity(
    { identifier: community.actor.id },
    toRecipient(poster),
    new Reject({
      id: new URL(`${community.actor.uri}#rejects/${encodeURIComponent(activity.id.href)}`),
      actor: new URL(community.actor.uri),
      object: activity.id,
      summary: refusal,
      to: new URL(poster.uri),
    }),
    about(activity.objectId ?? activity.id),
  );
}

/**
 * Re-broadcasts an Update or Delete of a post to the local communities that
 * carry it: announced (Lemmy-family software), and the author's activity
 * itself forwarded, unmodified, to the communities' followers, because
 * Mastodon and Hollo ignore Announce(Update) / Announce(Delete). Forwarded
 * only when it carries its author's own signature (an Object Integrity Proof
 * or a Linked Data Signature): that is what lets a receiver trust an activity
 * that did not come from its author's server. Never back to the author's server.
 */
export async function reannounceInCommunities(ctx: InboxContext<Services>, activity: Activity, note: NoteRow): Promise<void> {
  const carriers: string[] = [];
  for (const post of await communitiesOfNote(ctx.data.db, note.id)) {
    const community = await findCommunity(ctx.data.db, post.communityId);
    if (!community || community.actor.is_local !== 1) continue;
    await announceInCommunity(ctx, community.actor.id, activity);
    carriers.push(community.actor.id);
  }
  const origin = activity.actorId?.origin;
  const recipients = (await remoteFollowers(ctx, carriers)).filter((r) => r.id?.origin !== origin);
  if (carriers.length > 0 && recipients.length > 0) {
    await ctx.forwardActivity({ identifier: carriers[0]! }, recipients, { skipIfUnsigned: true, preferSharedInbox: true, orderingKey: note.uri });
  }
}
