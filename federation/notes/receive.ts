// Shared by Create and Update of notes: parse, check that the signer speaks
// for the note, decide whether this instance keeps it, store it.
import type { InboxContext } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { recordCommunityPost } from "../../src/domain/communities.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { upsertRemoteNote, type RemoteNoteData, type UpsertResult } from "../../src/domain/remote-notes.ts";
import type { Services } from "../../src/services.ts";
import { resolveActorByUri } from "../actors/resolve-actor.ts";
import { resolveRemoteTerms } from "../terms-remote.ts";
import { toRemoteNoteData, type NoteLike } from "./persist-note.ts";
import { rawDocument } from "../vocab/raw-document.ts";
import { mirrorRemoteLabels } from "./receive-labels.ts";

const logger = getLogger(["encommun", "inbox", "notes"]);

/** Whether someone here asked for this note: a follower of an author, an addressee, or a reply in a conversation we keep. */
async function wanted(ctx: InboxContext<Services>, data: RemoteNoteData, object: NoteLike): Promise<boolean> {
  const { db, config } = ctx.data;
  const follower = await db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.follower_id")
    .select("follows.id")
    .where("follows.following_id", "in", data.authors.map((a) => a.id))
    .where("follows.status", "=", "accepted")
    .where("actors.is_local", "=", 1)
    .executeTakeFirst();
  if (follower) return true;
  const addressees = [...object.toIds, ...object.ccIds].filter((id) => id.origin === config.publicUrl.origin);
  if (addressees.length > 0) return true;
  if (data.inReplyTo && new URL(data.inReplyTo).origin === config.publicUrl.origin) return true;
  // A reply to a conversation we keep (a thread one of our communities carries, say): one discussion.
  if (data.inReplyTo) {
    const parent = await findNoteByUri(db, data.inReplyTo);
    if (parent && parent.deleted_at == null) return true;
  }
  return false;
}

/**
 * Trusts: the signature (the activity's actor is its signer). Requires the
 * signer to be an author and the object to live on the signer's server, so
 * nobody can publish or edit in someone else's name.
 */
export async function receiveNote(ctx: InboxContext<Services>, activity: Activity, object: NoteLike, signer: ActorRow): Promise<UpsertResult | null> {
  if (object.id == null || new URL(signer.uri).origin !== object.id.origin) {
    logger.info("Dropped {type} {id}: the object does not live on the sender's server", { type: activity.constructor.name, id: activity.id?.href ?? null });
    return null;
  }
  const parsed = await toRemoteNoteData(object, (uri) => resolveActorByUri(ctx, uri), { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
  if (!parsed.ok) {
    logger.info("Dropped malformed note {id}: {reason}", { id: object.id.href, reason: parsed.reason });
    return null;
  }
  if (!parsed.data.authors.some((a) => a.id === signer.id)) {
    logger.info("Dropped note {id}: its sender {signer} is not among its authors", { id: object.id.href, signer: signer.uri });
    return null;
  }
  if (!(await wanted(ctx, parsed.data, object))) {
    logger.debug("Ignored note {id}: nobody here follows its authors", { id: object.id.href });
    return null;
  }
  // A private community's post sent straight to its members here (as to Mastodon members): members only, as announced.
  const group = object.audienceId ? await findActorByUri(ctx.data.db, object.audienceId.href) : undefined;
  const privateGroup = group?.type === "Group" && group.is_local === 0 && group.manually_approves_followers === 1 ? group : null;
  const data = privateGroup && parsed.data.visibility === "followers" ? { ...parsed.data, visibility: "community" as const } : parsed.data;
  // Delivered as published: the people here it answers or names are notified.
  const result = await upsertRemoteNote(ctx.data.db, data, (terms) => resolveRemoteTerms(ctx, terms), { notify: true });
  if (result.status === "tombstoned") {
    logger.info("Refused {type} of {id}: its author deleted it before it arrived", { type: activity.constructor.name, id: object.id.href });
  } else if (privateGroup && result.status !== "deleted") await recordCommunityPost(ctx.data.db, privateGroup.id, result.note.id, result.note.in_reply_to_uri == null);
  // Labels change without a new `updated` (an Update of labels only): mirrored whatever the upsert decided.
  if (result.note != null && result.note.is_local === 0 && result.status !== "deleted") await mirrorRemoteLabels(ctx.data.db, result.note.id, await noteDocument(activity, object));
  return result;
}

/** The note as its sender wrote it: embedded in the activity, or fetched on its own. */
async function noteDocument(activity: Activity, object: NoteLike): Promise<unknown> {
  const raw = await rawDocument(activity);
  const embedded = raw?.object;
  if (embedded != null && typeof embedded === "object" && (embedded as { id?: unknown }).id === object.id?.href) return embedded;
  return rawDocument(object);
}
