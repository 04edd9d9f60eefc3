// Completing a thread from its sources (FEP-7888 / FEP-f228 read side): the
// root's `context` collection when it has one, then the `replies` collection
// of the root and of every reply, pages followed (`first`, `next`). What the
// collections list is only a pointer: each note is fetched from its own
// server, signed by the instance actor through the federation's loaders (the
// fetch and federation policies apply), and stored by the same code as a
// looked-up note. A note joins the thread only when it answers one of the
// thread's notes, so a collection cannot slip unrelated posts in.
import type { Context, Federation } from "@fedify/fedify";
import { Collection } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import { isThreadLocked, localThreadCommunities, postingRefusal, recordCommunityPost } from "../src/domain/communities.ts";
import { findNoteByUri, noteAuthors, type NoteRow } from "../src/domain/notes.ts";
import { INSTANCE_ACTOR_ID } from "../src/domain/paths.ts";
import { backfilledRecently, markBackfilled, threadNeedsBackfill, type ThreadBackfill } from "../src/domain/thread-backfill.ts";
import type { Services } from "../src/services.ts";
import { fetchNoteObject, loadById, storeFetchedNote } from "./notes/fetch-note.ts";
import type { NoteLike } from "./notes/persist-note.ts";

const logger = getLogger(["encommun", "federation", "thread-backfill"]);

/** Replies of replies are read this deep under the root. */
export const THREAD_BACKFILL_MAX_DEPTH = 6;
/** Documents fetched (notes and collection pages) in one backfill. */
export const THREAD_BACKFILL_MAX_OBJECTS = 200;
/** One backfill stops fetching after this long (the page is waiting for it). */
export const THREAD_BACKFILL_TIME_LIMIT_MS = 10_000;

class BudgetSpent extends Error {
  constructor() {
    super("The thread backfill's budget of fetches or time is spent");
    this.name = "BudgetSpent";
  }
}

interface Walk {
  readonly ctx: Context<Services>;
  /** The instance actor's loader, counted and cut at the deadline. */
  readonly loader: DocumentLoader;
  readonly deadline: number;
  fetches: number;
  added: number;
  /** The thread's notes by id, with their depth under the root. */
  readonly thread: Map<string, number>;
  /** Ids already looked at in this run. */
  readonly seen: Set<string>;
  /** Listed (by the context, or a replies collection) but answering no note of the thread yet: placed when its parent joins. */
  readonly waiting: Map<string, Candidate>;
}

/** Something a collection listed, fetched (or known here), not yet known to belong to the thread. */
interface Candidate {
  readonly uri: string;
  readonly parent: string | null;
  /** Null when it is ours or was read by a backfill in the last ten minutes: nothing to fetch or store. */
  readonly object: NoteLike | null;
  readonly kept: NoteRow | undefined;
}

const spent = (walk: Walk) => walk.fetches >= THREAD_BACKFILL_MAX_OBJECTS || Date.now() >= walk.deadline;

async function startWalk(ctx: Context<Services>): Promise<Walk> {
  const signed = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
  const walk: Walk = {
    ctx,
    deadline: Date.now() + THREAD_BACKFILL_TIME_LIMIT_MS,
    fetches: 0,
    added: 0,
    thread: new Map(),
    seen: new Set(),
    waiting: new Map(),
    loader: (url, options) => {
      if (spent(walk)) return Promise.reject(new BudgetSpent());
      walk.fetches++;
      const timeout = AbortSignal.timeout(Math.max(1, walk.deadline - Date.now()));
      return signed(url, { ...options, signal: options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout });
    },
  };
  return walk;
}

const loadersOf = (walk: Walk) => ({ documentLoader: walk.loader, contextLoader: walk.ctx.contextLoader });

/** The item ids of a collection, its pages followed (`first`, then `next`) while the budget lasts. */
async function itemIds(walk: Walk, collection: Collection | null): Promise<URL[]> {
  if (collection == null) return [];
  const ids = [...collection.itemIds];
  const pages = new Set<string>();
  let page = await collection.getFirst(loadersOf(walk)).catch(() => null);
  while (page != null) {
    if (page.id != null) {
      if (pages.has(page.id.href)) break;
      pages.add(page.id.href);
    }
    ids.push(...page.itemIds);
    if (page.nextId == null || spent(walk)) break;
    page = await page.getNext(loadersOf(walk)).catch(() => null);
  }
  return ids.filter((id) => id.protocol === "https:" || id.protocol === "http:");
}

/** What a listed id is: fetched from its server unless ours or recently read; null when seen already or nothing note-like. */
async function candidate(walk: Walk, id: URL): Promise<Candidate | null> {
  if (walk.seen.has(id.href)) return null;
  walk.seen.add(id.href);
  const kept = await findNoteByUri(walk.ctx.data.db, id.href);
  if (kept?.deleted_at != null) return null;
  // Ours get their replies delivered; a recent read covered this one and what hangs under it.
  if (kept && (kept.is_local === 1 || backfilledRecently(kept))) return { uri: kept.uri, parent: kept.in_reply_to_uri, object: null, kept };
  if (spent(walk)) return null;
  const object = await fetchNoteObject(walk.ctx, id, walk.loader);
  if (object?.id == null) {
    logger.debug("Thread backfill: {id} is not a note we can read", { id: id.href });
    return null;
  }
  return { uri: object.id.href, parent: object.replyTargetId?.href ?? null, object, kept };
}

/** Files a reply under our communities that carry its thread, as a received one would be (bans, membership and locks apply). */
async function fileReply(walk: Walk, note: NoteRow): Promise<void> {
  const { db } = walk.ctx.data;
  if (note.in_reply_to_uri == null) return;
  const author = (await noteAuthors(db, note.id))[0];
  if (!author) return;
  for (const community of await localThreadCommunities(db, note.in_reply_to_uri)) {
    const threadLocked = await isThreadLocked(db, community.actor.id, note.in_reply_to_uri);
    const refusal = await postingRefusal(db, community, author.id, { isThread: false, threadLocked });
    if (refusal) {
      logger.info("Thread backfill: {note} not filed under {community}: {refusal}", { note: note.uri, community: community.actor.uri, refusal });
      continue;
    }
    await recordCommunityPost(db, community.actor.id, note.id, false);
  }
}

/**
 * Adds a candidate to the thread when it answers one of its notes: stores it
 * (public and unlisted notes only, at least one author on its server) and
 * files it. Returns its object when its own replies are to be read.
 */
async function accept(walk: Walk, found: Candidate): Promise<NoteLike | null> {
  const parentDepth = found.parent == null ? undefined : walk.thread.get(found.parent);
  if (parentDepth === undefined) return null;
  if (found.object == null) {
    walk.thread.set(found.uri, parentDepth + 1);
    return null;
  }
  const note = await storeFetchedNote(walk.ctx, found.object, { publicOnly: true });
  if (note == null) return null;
  await markBackfilled(walk.ctx.data.db, note.id);
  if (found.kept == null) walk.added++;
  walk.thread.set(note.uri, parentDepth + 1);
  await fileReply(walk, note);
  return found.object;
}

/**
 * Accepts the waiting notes whose parent has joined the thread, and theirs in
 * turn (a context lists a conversation in any order). Returns the objects
 * accepted, whose replies are still to be read.
 */
async function settleWaiting(walk: Walk): Promise<NoteLike[]> {
  const accepted: NoteLike[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const [uri, found] of walk.waiting) {
      if (found.parent == null || !walk.thread.has(found.parent)) continue;
      walk.waiting.delete(uri);
      progress = true;
      const object = await accept(walk, found);
      if (object) accepted.push(object);
    }
  }
  return accepted;
}

/** What the root's `context` collection lists (the whole conversation, when its server keeps one), waiting to be placed. */
async function readContext(walk: Walk, root: NoteLike): Promise<void> {
  const contextId = root.contextIds[0];
  if (contextId == null || (contextId.protocol !== "https:" && contextId.protocol !== "http:")) return;
  const context = await loadById(walk.ctx, contextId, walk.loader);
  if (!(context instanceof Collection)) return;
  for (const id of await itemIds(walk, context)) {
    const found = await candidate(walk, id);
    if (found) walk.waiting.set(found.uri, found);
  }
}

/** Reads the thread under a remote note from its sources; see ThreadBackfill. */
export async function backfillThread(ctx: Context<Services>, rootUri: string): Promise<number> {
  const { db } = ctx.data;
  const root = await findNoteByUri(db, rootUri);
  if (root == null || !threadNeedsBackfill(root)) return 0;
  // Claimed before fetching: a second request within ten minutes, or a failing server, is not asked again.
  await markBackfilled(db, root.id);
  const walk = await startWalk(ctx);
  const object = await fetchNoteObject(ctx, new URL(root.uri), walk.loader);
  if (object == null) {
    logger.info("Thread backfill: {root} could not be fetched from its server", { root: root.uri });
    return 0;
  }
  // Gone private, or no longer answering for its authors: nothing of it is read from elsewhere.
  if ((await storeFetchedNote(ctx, object, { publicOnly: true })) == null) return 0;
  walk.seen.add(root.uri);
  walk.thread.set(root.uri, 0);

  await readContext(walk, object);
  // Breadth first: each note's `replies`, then whatever the context listed that now has its parent in the thread.
  const toRead: NoteLike[] = [object, ...(await settleWaiting(walk))];
  for (let i = 0; i < toRead.length && !spent(walk); ) {
    for (; i < toRead.length && !spent(walk); i++) {
      const note = toRead[i]!;
      const depth = walk.thread.get(note.id!.href) ?? THREAD_BACKFILL_MAX_DEPTH;
      if (depth >= THREAD_BACKFILL_MAX_DEPTH) continue;
      const replies = await note.getReplies(loadersOf(walk)).catch(() => null);
      for (const id of await itemIds(walk, replies)) {
        const found = walk.waiting.get(id.href) ?? (await candidate(walk, id));
        if (found == null) continue;
        walk.waiting.set(found.uri, found);
        if (found.parent != null && walk.thread.has(found.parent)) {
          walk.waiting.delete(found.uri);
          const reply = await accept(walk, found);
          if (reply) toRead.push(reply);
        }
      }
    }
    toRead.push(...(await settleWaiting(walk)));
  }
  logger.info("Backfilled thread {root}: {added} notes added, {fetches} documents fetched", { root: root.uri, added: walk.added, fetches: walk.fetches });
  if (spent(walk)) logger.info("Thread backfill of {root} stopped at its budget: the rest waits for a later reading", { root: root.uri });
  return walk.added;
}

export function createThreadBackfill(federation: Federation<Services>, services: () => Services): ThreadBackfill {
  return {
    async backfill(noteUri: string): Promise<number> {
      const { config } = services();
      try {
        return await backfillThread(federation.createContext(config.publicUrl, services()), noteUri);
      } catch (error) {
        logger.warning("Thread backfill of {note} failed: {error}", { note: noteUri, error });
        return 0;
      }
    },
  };
}
