// A member's own blocks and mutes (issue 14), of a person (here or elsewhere)
// or of a whole instance:
// - mute: their notes and replies are left out of the member's lists and
//   threads; nothing else changes and nobody is told;
// - block: the same, and follows are removed both ways, they can no longer
//   follow the member nor reply to or like the member's notes here, and a
//   remote person is sent a `Block` (as Mastodon does; the receiving server
//   removes its side of the follows). Unblocking sends `Undo(Block)`.
// Blocking an instance blocks every account on it (and its subdomains) for
// this member; no activity is sent for an instance (Mastodon sends none for
// a domain block either).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { MemberBlockKind } from "../db/block-schema.ts";
import type { Services } from "../services.ts";
import { findActorById, handleOf, type ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { noAuthorAmong } from "./content-restrictions.ts";
import { hostMatches, parseHost } from "./federation-policy.ts";
import { newId } from "./ids.ts";

export const MEMBER_BLOCK_KINDS = ["block", "mute"] as const;
/** How many blocks and mutes one member may keep (each is checked on their lists). */
export const MAX_MEMBER_BLOCKS = 1000;

export interface MemberBlock {
  readonly id: string;
  readonly kind: MemberBlockKind;
  /** The blocked person; null for an instance. */
  readonly actor: ActorRow | null;
  /** The blocked instance; null for a person. */
  readonly host: string | null;
  readonly createdAt: string;
}

/** What a member names: a person (found by the directory) or an instance. */
export type BlockTarget = { readonly actor: ActorRow } | { readonly host: string };

/** `activity_uri` of the Block sent for a member block: deterministic, so its Undo names it again. */
export function blockActivityUri(owner: Pick<ActorRow, "uri">, blockId: string): string {
  return `${owner.uri}#blocks/${blockId}`;
}

/**
 * Reads `target`: a domain (`example.org`, `https://example.org/`) is an
 * instance; anything else (a handle, a bare local name, an actor URL) is a
 * person found through the directory.
 */
export async function resolveBlockTarget(services: Pick<Services, "directory" | "config">, raw: unknown): Promise<BlockTarget> {
  if (typeof raw !== "string" || raw.trim() === "" || raw.length > 500) {
    throw new DomainError("invalid", 'Give "target": a handle (@name@host), an actor URL or a domain');
  }
  const text = raw.trim();
  const looksLikeDomain = !text.includes("@") && (!/^https?:\/\//i.test(text) || /^https?:\/\/[^/]+\/?$/i.test(text));
  if (looksLikeDomain && text.includes(".")) {
    const host = parseHost(text);
    if (host == null) throw new DomainError("invalid", `Not a domain: ${text}`);
    return { host };
  }
  const query = /^[\w.-]+$/.test(text) ? `@${text}@${services.config.publicUrl.host}` : text;
  const actor = await services.directory.resolve(query);
  if (!actor || actor.deleted_at != null) throw new DomainError("not_found", `Nobody found for ${text}`);
  return { actor };
}

function rowToBlock(row: Database["member_blocks"], actor: ActorRow | null): MemberBlock {
  return { id: row.id, kind: row.kind, actor, host: row.target_host, createdAt: row.created_at };
}

/**
 * Blocks or mutes (`kind`) for `owner`. Doing it again changes the kind (a
 * mute becomes a block and the other way round). Returns whether the row is new.
 */
export async function blockOrMute(services: Services, owner: ActorRow, target: BlockTarget, kind: unknown): Promise<{ block: MemberBlock; created: boolean }> {
  if (!(MEMBER_BLOCK_KINDS as readonly unknown[]).includes(kind)) throw new DomainError("invalid", `kind must be one of ${MEMBER_BLOCK_KINDS.join(", ")}`);
  const newKind = kind as MemberBlockKind;
  const ownHost = services.config.publicUrl.host.toLowerCase();
  if ("host" in target && hostMatches(target.host, ownHost)) throw new DomainError("invalid", "You cannot block your own instance");
  if ("actor" in target && target.actor.id === owner.id) throw new DomainError("invalid", "You cannot block yourself");
  if ("actor" in target && target.actor.type === "Application") throw new DomainError("invalid", "Block the instance (its domain) instead of its instance actor");
  const key = "actor" in target ? target.actor.id : `host:${target.host}`;
  const { db } = services;
  const existing = await db.selectFrom("member_blocks").selectAll().where("owner_id", "=", owner.id).where("target_key", "=", key).executeTakeFirst();
  if (!existing) {
    const count = Number((await db.selectFrom("member_blocks").select((eb) => eb.fn.countAll().as("n")).where("owner_id", "=", owner.id).executeTakeFirstOrThrow()).n);
    if (count >= MAX_MEMBER_BLOCKS) throw new DomainError("conflict", `You may keep at most ${MAX_MEMBER_BLOCKS} blocks and mutes`);
  }
  const row = await db.transaction().execute(async (tx) => {
    let stored: Database["member_blocks"];
    if (existing) {
      await tx.updateTable("member_blocks").set({ kind: newKind }).where("id", "=", existing.id).execute();
      stored = { ...existing, kind: newKind };
    } else {
      stored = {
        id: newId(),
        owner_id: owner.id,
        kind: newKind,
        target_key: key,
        target_actor_id: "actor" in target ? target.actor.id : null,
        target_host: "host" in target ? target.host : null,
        created_at: isoNow(),
      };
      await tx.insertInto("member_blocks").values(stored).execute();
    }
    const becameBlock = newKind === "block" && existing?.kind !== "block";
    const stoppedBlocking = newKind !== "block" && existing?.kind === "block";
    if ("actor" in target && becameBlock) await severFollows(services, tx, owner, target.actor);
    if ("actor" in target && target.actor.is_local === 0 && (becameBlock || stoppedBlocking)) {
      await services.outbox.send({ type: "member-blocked", ownerId: owner.id, targetId: target.actor.id, activityUri: blockActivityUri(owner, stored.id), blocked: becameBlock }, tx);
    }
    return stored;
  });
  return { block: rowToBlock(row, "actor" in target ? target.actor : null), created: !existing };
}

/** Both follows between the member and the blocked person end: ours is undone, theirs refused. */
async function severFollows(services: Services, tx: Kysely<Database>, owner: ActorRow, other: ActorRow): Promise<void> {
  const follows = await tx
    .selectFrom("follows")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb("follower_id", "=", owner.id), eb("following_id", "=", other.id)]),
        eb.and([eb("follower_id", "=", other.id), eb("following_id", "=", owner.id)]),
      ]),
    )
    .execute();
  for (const follow of follows) {
    await tx.deleteFrom("follows").where("id", "=", follow.id).execute();
    if (other.is_local === 1) continue;
    const intent =
      follow.follower_id === owner.id
        ? ({ type: "unfollow", followerId: owner.id, followingId: other.id, activityUri: follow.activity_uri } as const)
        : ({ type: "reject-follow", followerId: other.id, followingId: owner.id, activityUri: follow.activity_uri } as const);
    await services.outbox.send(intent, tx);
  }
}

/** Lifts a block or mute, by its id or by what it names. */
export async function unblock(services: Services, owner: ActorRow, which: { readonly id: string } | BlockTarget): Promise<void> {
  const { db } = services;
  let query = db.selectFrom("member_blocks").selectAll().where("owner_id", "=", owner.id);
  if ("id" in which) query = query.where("id", "=", which.id);
  else query = query.where("target_key", "=", "actor" in which ? which.actor.id : `host:${which.host}`);
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError("not_found", "You do not block or mute this");
  const target = row.target_actor_id ? await findActorById(db, row.target_actor_id) : undefined;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("member_blocks").where("id", "=", row.id).execute();
    if (row.kind === "block" && target && target.is_local === 0) {
      await services.outbox.send({ type: "member-blocked", ownerId: owner.id, targetId: target.id, activityUri: blockActivityUri(owner, row.id), blocked: false }, tx);
    }
  });
}

/** The member's blocks and mutes, newest first. */
export async function listMemberBlocks(db: Kysely<Database>, ownerId: string): Promise<MemberBlock[]> {
  const rows = await db.selectFrom("member_blocks").selectAll().where("owner_id", "=", ownerId).orderBy("created_at", "desc").orderBy("id", "desc").execute();
  const ids = rows.map((r) => r.target_actor_id).filter((id): id is string => id != null);
  const actors = ids.length > 0 ? await db.selectFrom("actors").selectAll().where("id", "in", ids).execute() : [];
  const byId = new Map(actors.map((a) => [a.id, a]));
  return rows.map((r) => rowToBlock(r, r.target_actor_id ? byId.get(r.target_actor_id) ?? null : null));
}

/** Who a member does not want to see (muted or blocked): for their lists and threads. */
export interface HiddenForViewer {
  readonly actorIds: readonly string[];
  readonly hosts: readonly string[];
}

export const NOTHING_HIDDEN: HiddenForViewer = { actorIds: [], hosts: [] };

export async function hiddenFor(db: Kysely<Database>, viewerId: string | null): Promise<HiddenForViewer> {
  if (viewerId == null) return NOTHING_HIDDEN;
  const rows = await db.selectFrom("member_blocks").select(["target_actor_id", "target_host"]).where("owner_id", "=", viewerId).execute();
  return {
    actorIds: rows.map((r) => r.target_actor_id).filter((id): id is string => id != null),
    hosts: rows.map((r) => r.target_host).filter((h): h is string => h != null),
  };
}

/** A `where` for queries over `notes`: none of the authors is hidden from the viewer. */
export function hiddenAuthorsFilter(hidden: HiddenForViewer) {
  return noAuthorAmong(hidden.hosts, [], hidden.actorIds);
}

/** The notes of a list without those whose authors the viewer hides (for lists read in memory: threads). */
export async function withoutHiddenAuthors<T extends { readonly id: string }>(db: Kysely<Database>, viewerId: string | null, notes: readonly T[]): Promise<T[]> {
  const hidden = await hiddenFor(db, viewerId);
  if (notes.length === 0 || (hidden.actorIds.length === 0 && hidden.hosts.length === 0)) return [...notes];
  const rows = await db
    .selectFrom("note_authors")
    .innerJoin("actors", "actors.id", "note_authors.actor_id")
    .select(["note_authors.note_id", "actors.id", "actors.domain"])
    .where("note_authors.note_id", "in", notes.map((n) => n.id))
    .execute();
  const hiddenNotes = new Set(rows.filter((r) => isHiddenActor(hidden, r)).map((r) => r.note_id));
  return notes.filter((n) => !hiddenNotes.has(n.id));
}

/** Whether an actor is among those a viewer hides. */
export function isHiddenActor(hidden: HiddenForViewer, actor: Pick<ActorRow, "id" | "domain">): boolean {
  return hidden.actorIds.includes(actor.id) || hidden.hosts.some((h) => hostMatches(h, actor.domain));
}

/**
 * Whether `owner` blocks `actor` (the person, or their instance): then the
 * actor may not follow the owner, nor reply to or like the owner's notes.
 */
export async function isBlockedBy(db: Kysely<Database>, ownerId: string, actor: Pick<ActorRow, "id" | "domain">): Promise<boolean> {
  const rows = await db.selectFrom("member_blocks").select(["target_actor_id", "target_host"]).where("owner_id", "=", ownerId).where("kind", "=", "block").execute();
  return rows.some((r) => r.target_actor_id === actor.id || (r.target_host != null && hostMatches(r.target_host, actor.domain)));
}

/** Whether any author of a note blocks `actor` (a reply or like from them is refused). */
export async function isBlockedByAnAuthor(db: Kysely<Database>, noteId: string, actor: Pick<ActorRow, "id" | "domain">): Promise<boolean> {
  const authors = await db.selectFrom("note_authors").innerJoin("actors", "actors.id", "note_authors.actor_id").select("actors.id").where("note_authors.note_id", "=", noteId).where("actors.is_local", "=", 1).execute();
  for (const author of authors) if (await isBlockedBy(db, author.id, actor)) return true;
  return false;
}

/** Whether a reply to (or like of) the note at `noteUri` is refused because one of its authors here blocks `actor`. */
export async function refusedByNoteAuthor(db: Kysely<Database>, noteUri: string, actor: Pick<ActorRow, "id" | "domain">): Promise<boolean> {
  const note = await db.selectFrom("notes").select("id").where("uri", "=", noteUri).executeTakeFirst();
  return note != null && (await isBlockedByAnAuthor(db, note.id, actor));
}

/** A description for logs. */
export function describeTarget(block: MemberBlock): string {
  return block.actor ? handleOf(block.actor) : (block.host ?? "?");
}
