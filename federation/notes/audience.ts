// Who a local note is addressed to and delivered to, from its visibility and
// its communities: public → to Public, cc followers (and the communities);
// unlisted → to followers, cc Public; followers → the authors' followers only;
// community (private communities only) → the Groups and their followers,
// never Public, never the authors' followers.
import type { Context } from "@fedify/fedify";
import { PUBLIC_COLLECTION, type Recipient } from "@fedify/vocab";
import type { ActorRow } from "../../src/domain/actors.ts";
import type { NoteDetails } from "../../src/domain/notes.ts";
import { groupsCarrying } from "../../src/domain/communities.ts";
import { findNoteByUri, noteAuthors } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { toRecipient } from "../actors/recipient.ts";

export interface Addressing {
  to: URL[];
  cc: URL[];
  /** FEP-1b12: the community the post belongs to. */
  audience: URL | null;
}

function followersOf(ctx: Context<Services>, actor: ActorRow): URL {
  return actor.is_local === 1 ? ctx.getFollowersUri(actor.id) : new URL(actor.followers_url ?? `${actor.uri}/followers`);
}

export function addressing(ctx: Context<Services>, details: Pick<NoteDetails, "note" | "authors" | "communities">, parentAuthors: readonly ActorRow[] = []): Addressing {
  const { note, authors, communities } = details;
  const followers = authors.filter((a) => a.is_local === 1).map((a) => ctx.getFollowersUri(a.id));
  const others = [...authors.filter((a) => a.is_local === 0), ...parentAuthors].map((a) => new URL(a.uri));
  const groups = communities.map((c) => new URL(c.uri));
  const audience = groups[0] ?? null;
  switch (note.visibility) {
    case "public":
      return { to: [PUBLIC_COLLECTION], cc: [...followers, ...groups, ...others], audience };
    case "unlisted":
      return { to: [...followers, ...groups, ...others], cc: [PUBLIC_COLLECTION], audience };
    case "community":
      return { to: groups, cc: communities.map((c) => followersOf(ctx, c)), audience };
    default:
      return { to: [...followers, ...others], cc: [], audience: null };
  }
}

/**
 * The authors a reply is addressed and delivered to: those of the note it
 * answers (as Mastodon does) and those of the thread's first note, so that
 * every reply reaches the conversation's home and one discussion stays one.
 */
export async function parentAuthorsOf(ctx: Context<Services>, inReplyTo: string | null): Promise<ActorRow[]> {
  const authors = new Map<string, ActorRow>();
  let uri = inReplyTo;
  let first = true;
  let root: ActorRow[] = [];
  for (let depth = 0; uri && depth < 50; depth++) {
    const note = await findNoteByUri(ctx.data.db, uri);
    if (!note) break;
    const noteAuthors_ = await noteAuthors(ctx.data.db, note.id);
    if (first) for (const a of noteAuthors_) authors.set(a.id, a);
    first = false;
    root = noteAuthors_;
    uri = note.in_reply_to_uri;
  }
  for (const a of root) authors.set(a.id, a);
  return [...authors.values()];
}

/**
 * When the thread's first note is ours and was cross-posted into communities
 * of other instances, we are the conversation's home: replies made here go
 * to those Groups too (a reply to someone else's thread reaches its home,
 * which does the same; as Mastodon, we do not address other servers' Groups).
 */
export async function homeThreadGroups(ctx: Context<Services>, inReplyTo: string | null): Promise<ActorRow[]> {
  let uri = inReplyTo;
  let root: { id: string; is_local: number } | undefined;
  for (let depth = 0; uri && depth < 50; depth++) {
    const note = await findNoteByUri(ctx.data.db, uri);
    if (!note) return [];
    root = note;
    uri = note.in_reply_to_uri;
  }
  if (!root || root.is_local !== 1) return [];
  return groupsCarrying(ctx.data.db, root.id, "elsewhere");
}

/**
 * Remote followers of every local author, remote co-authors, the authors of
 * the note it answers, and remote communities: one entry per actor. A
 * community-only note reaches members only through its Group's announces.
 */
export async function deliveryRecipients(
  ctx: Context<Services>,
  details: Pick<NoteDetails, "note" | "authors" | "communities">,
  parentAuthors: readonly ActorRow[] = [],
  threadGroups: readonly ActorRow[] = [],
): Promise<Recipient[]> {
  const { note, authors, communities } = details;
  const recipients = new Map<string, Recipient>();
  const add = (actor: ActorRow) => {
    if (actor.is_local === 0 && actor.deleted_at == null) recipients.set(actor.uri, toRecipient(actor));
  };
  if (note.visibility !== "community") {
    const localIds = authors.filter((a) => a.is_local === 1).map((a) => a.id);
    if (localIds.length > 0) {
      const followers = await ctx.data.db
        .selectFrom("follows")
        .innerJoin("actors", "actors.id", "follows.follower_id")
        .selectAll("actors")
        .where("follows.following_id", "in", localIds)
        .where("follows.status", "=", "accepted")
        .execute();
      followers.forEach(add);
    }
    authors.forEach(add);
    parentAuthors.forEach(add);
    threadGroups.forEach(add);
  }
  communities.forEach(add);
  return [...recipients.values()];
}

/** Remote followers of an actor (for the Group's announces, and notebook changes). */
export async function remoteFollowers(ctx: Context<Services>, actorIds: readonly string[]): Promise<Recipient[]> {
  if (actorIds.length === 0) return [];
  const rows = await ctx.data.db
    .selectFrom("follows")
    .innerJoin("actors", "actors.id", "follows.follower_id")
    .selectAll("actors")
    .where("follows.following_id", "in", actorIds)
    .where("follows.status", "=", "accepted")
    .where("actors.is_local", "=", 0)
    .where("actors.deleted_at", "is", null)
    .execute();
  const recipients = new Map<string, Recipient>();
  for (const actor of rows) recipients.set(actor.uri, toRecipient(actor));
  return [...recipients.values()];
}
