// Lemmy's thread locks (federation/vocab/lock.ts for the type Fedify lacks):
// - `Lock` / `Undo(Lock)` sent by a moderator of one of our communities from
//   their own server (as Lemmy does): the thread locks here, and the Group
//   re-announces the moderator's activity to its followers, as Lemmy's would;
// - `Announce(Lock)` / `Announce(Undo(Lock))` by a community of another
//   instance: our copy of its thread follows (federation/communities/receive-announce.ts).
import type { Context, InboxContext } from "@fedify/fedify";
import { Undo, type Activity, type Announce } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { ActorRow } from "../../src/domain/actors.ts";
import { findActorByUri } from "../../src/domain/actors.ts";
import { communitiesOfNote, findCommunity, isModerator } from "../../src/domain/communities.ts";
import { mirrorRemoteThreadLock, setThreadLocked } from "../../src/domain/community-moderation.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import type { Services } from "../../src/services.ts";
import { announceInCommunity } from "../communities/announce.ts";
import { isLockDocument, Lock } from "../vocab/lock.ts";
import { rawDocument } from "../vocab/raw-document.ts";
import { senderOf } from "./sender.ts";

const logger = getLogger(["encommun", "inbox", "lock"]);

type Json = Record<string, unknown>;

/** A Lock as received: only what we read from it. */
interface LockFields {
  readonly id: URL;
  readonly actor: URL;
  readonly object: URL;
  readonly summary: string | null;
  readonly to: URL[];
  readonly cc: URL[];
  readonly audience: URL | null;
}

function idOf(value: unknown): URL | null {
  const id = typeof value === "string" ? value : value != null && typeof value === "object" ? (value as Json).id : null;
  return typeof id === "string" && URL.canParse(id) ? new URL(id) : null;
}

function ids(value: unknown): URL[] {
  return (Array.isArray(value) ? value : [value]).map(idOf).filter((u): u is URL => u != null);
}

/** Reads a compact Lock document; null when it is not one or lacks its id, actor or object. */
export function lockFields(json: unknown): LockFields | null {
  if (!isLockDocument(json)) return null;
  const doc = json as Json;
  const [id, actor, object] = [idOf(doc.id), idOf(doc.actor), idOf(doc.object)];
  if (!id || !actor || !object) return null;
  const summary = typeof doc.summary === "string" ? doc.summary : null;
  return { id, actor, object, summary, to: ids(doc.to), cc: ids(doc.cc), audience: idOf(doc.audience) };
}

/** The Lock again, as a vocabulary object, for the Group to announce (a received one has lost its type). */
function rebuildLock(lock: LockFields): Lock {
  return new Lock({ id: lock.id, actor: lock.actor, object: lock.object, summary: lock.summary, tos: lock.to, ccs: lock.cc, audience: lock.audience });
}

/** The Undo(Lock) inside `json`, if that is what it is. */
function undoneLock(json: Json | null): { undo: Json; lock: LockFields } | null {
  if (json == null || json.type !== "Undo") return null;
  const lock = lockFields(json.object);
  return lock ? { undo: json, lock } : null;
}

/**
 * A Lock sent to us directly (any activity type Fedify does not know comes
 * here first). Trusts the signature for the actor, and only a moderator of
 * one of our communities carrying the thread changes anything. Returns false
 * when the activity is not a Lock.
 */
export async function onLockReceived(ctx: InboxContext<Services>, activity: Activity): Promise<boolean> {
  const lock = lockFields(await rawDocument(activity));
  if (!lock) return false;
  await applyModeratorLock(ctx, activity, lock, true, rebuildLock(lock));
  return true;
}

/** Undo(Lock) sent to us directly. Returns false when the Undo is not of a Lock. */
export async function onUndoLockReceived(ctx: InboxContext<Services>, undo: Undo): Promise<boolean> {
  const found = undoneLock(await rawDocument(undo));
  if (!found) return false;
  if (found.lock.actor.href !== undo.actorId?.href) {
    logger.warning("Dropped Undo {id}: it undoes a Lock by someone else", { id: undo.id?.href ?? null });
    return true;
  }
  const summary = typeof found.undo.summary === "string" ? found.undo.summary : null;
  const rebuilt = new Undo({ id: undo.id, actor: found.lock.actor, object: rebuildLock(found.lock), summary, tos: ids(found.undo.to), ccs: ids(found.undo.cc), audience: idOf(found.undo.audience) });
  await applyModeratorLock(ctx, undo, { ...found.lock, summary }, false, rebuilt);
  return true;
}

async function applyModeratorLock(ctx: InboxContext<Services>, activity: Activity, lock: LockFields, locked: boolean, announce: Activity): Promise<void> {
  const moderator = await senderOf(ctx, activity);
  const note = await findNoteByUri(ctx.data.db, lock.object.href);
  if (!moderator || moderator.id == null || !note) {
    logger.info("Dropped {type} {id}: unknown actor or thread {object}", { type: locked ? "Lock" : "Undo(Lock)", id: lock.id.href, object: lock.object.href });
    return;
  }
  let applied = false;
  for (const post of await communitiesOfNote(ctx.data.db, note.id)) {
    const community = await findCommunity(ctx.data.db, post.communityId);
    if (!community || community.actor.is_local !== 1 || !(await isModerator(ctx.data.db, community.actor.id, moderator.id))) continue;
    applied = true;
    try {
      const { changed } = await setThreadLocked(ctx.data, moderator, community, note.id, locked, { reason: lock.summary?.slice(0, 1000) ?? null, remote: true });
      if (changed) await announceInCommunity(ctx, community.actor.id, announce, { skipFanout: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      logger.info("Dropped Lock {id}: {reason}", { id: lock.id.href, reason: error.message });
    }
  }
  if (!applied) logger.warning("Rejected Lock {id} of {object} by {actor}, who moderates no community of ours carrying it", { id: lock.id.href, object: lock.object.href, actor: moderator.uri });
}

/**
 * Announce(Lock) or Announce(Undo(Lock)) by a community of another instance.
 * The Group is the authority on its own threads (as Lemmy trusts it), so the
 * embedded activity is taken as is, for a thread that Group carries here.
 * Returns false when the Announce is about something else.
 */
export async function onLockAnnounced(ctx: Context<Services>, announce: Announce, group: ActorRow): Promise<boolean> {
  const raw = await rawDocument(announce);
  const inner = raw?.object != null && typeof raw.object === "object" ? (raw.object as Json) : null;
  const direct = lockFields(inner);
  const undone = direct ? null : undoneLock(inner);
  const lock = direct ?? undone?.lock;
  if (!lock) return false;
  const note = await findNoteByUri(ctx.data.db, lock.object.href);
  const moderator = await findActorByUri(ctx.data.db, lock.actor.href);
  const reason = direct ? lock.summary : typeof undone?.undo.summary === "string" ? undone.undo.summary : null;
  if (!note || !(await mirrorRemoteThreadLock(ctx.data.db, group.id, note.id, direct != null, moderator?.id ?? null, reason))) {
    logger.info("Ignored lock of {object} announced by {group}: not a thread of that community here", { object: lock.object.href, group: group.uri });
  }
  return true;
}
