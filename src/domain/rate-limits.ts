// Sliding-window rate limits kept in the database, so that every web process
// of a deployment shares one count per key (in memory, each process would
// multiply the allowance). Counting and checking are separate calls: under
// concurrent requests the allowance may be passed by a few, never by a factor.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

export interface RateWindow {
  /** Events allowed inside the window. */
  readonly max: number;
  readonly windowMs: number;
}

/** Events older than this are deleted, whatever their key (longer than any window in use). */
export const RATE_EVENTS_KEPT_MS = 60 * 60 * 1000;
const KEEP_MS = RATE_EVENTS_KEPT_MS;
/** One recorded event in this many also deletes every expired event. */
const SWEEP_EVERY = 200;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Seconds before one more event under any of `keys` is allowed: 0 when all
 * are under their limit; otherwise until enough of the blocked key's events
 * have left the window.
 */
export async function secondsUntilAllowed(db: Kysely<Database>, keys: readonly string[], window: RateWindow, now = Date.now()): Promise<number> {
  let wait = 0;
  for (const key of keys) {
    // The max-th most recent event inside the window: while it is there, the key is at its limit.
    const limiting = await db
      .selectFrom("rate_events")
      .select("at")
      .where("key", "=", key)
      .where("at", ">", iso(now - window.windowMs))
      .orderBy("at", "desc")
      .limit(1)
      .offset(window.max - 1)
      .executeTakeFirst();
    if (limiting) wait = Math.max(wait, Math.ceil((Date.parse(limiting.at) + window.windowMs - now) / 1000));
  }
  return wait;
}

/** Counts one event under each key, and forgets what has left their window. */
export async function recordEvent(db: Kysely<Database>, keys: readonly string[], window: Pick<RateWindow, "windowMs">, now = Date.now()): Promise<void> {
  if (keys.length === 0) return;
  await db.insertInto("rate_events").values(keys.map((key) => ({ key, at: iso(now) }))).execute();
  await db.deleteFrom("rate_events").where("key", "in", keys).where("at", "<=", iso(now - window.windowMs)).execute();
  if (Math.random() * SWEEP_EVERY < 1) await db.deleteFrom("rate_events").where("at", "<=", iso(now - KEEP_MS)).execute();
}

/**
 * A limit that slows down instead of closing: `free` events are allowed in
 * the window, then each further one must wait after the previous, twice as
 * long each time, from `firstDelayMs` up to `maxDelayMs`.
 */
export interface Backoff {
  readonly free: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** How long a failure counts. */
  readonly windowMs: number;
}

export async function countEvents(db: Kysely<Database>, key: string, window: Pick<RateWindow, "windowMs">, now = Date.now()): Promise<number> {
  const row = await db
    .selectFrom("rate_events")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("key", "=", key)
    .where("at", ">", iso(now - window.windowMs))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Milliseconds before one more event under `key` is allowed by `backoff`; 0 when it is now. */
export async function backoffWait(db: Kysely<Database>, key: string, backoff: Backoff, now = Date.now()): Promise<number> {
  const row = await db
    .selectFrom("rate_events")
    .select((eb) => [eb.fn.countAll().as("n"), eb.fn.max("at").as("last")])
    .where("key", "=", key)
    .where("at", ">", iso(now - backoff.windowMs))
    .executeTakeFirstOrThrow();
  const count = Number(row.n);
  if (count < backoff.free || row.last == null) return 0;
  const delay = Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** Math.min(count - backoff.free, 30));
  return Math.max(0, Date.parse(String(row.last)) + delay - now);
}

/** Forgets every event of a key (a handle, once its owner signed in). */
export async function forgetEvents(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("rate_events").where("key", "=", key).execute();
}
