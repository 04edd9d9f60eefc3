// A value read from the database and trusted for a short while, per database
// handle (per process): the federation policy, whose content is hidden. The
// entry is a promise, so concurrent requests share one read; a failed read is
// not kept, so the next call tries again.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

export interface PerDatabaseCache<T> {
  get(db: Kysely<Database>, now?: number): Promise<T>;
  /** Forgets this process's copy (after a change made here). */
  forget(db: Kysely<Database>): void;
}

export function perDatabaseCache<T>(read: (db: Kysely<Database>) => Promise<T>, ttlMs: number): PerDatabaseCache<T> {
  const entries = new WeakMap<object, { readAt: number; value: Promise<T> }>();
  return {
    get(db, now = Date.now()) {
      const hit = entries.get(db);
      if (hit && now - hit.readAt < ttlMs) return hit.value;
      const value = read(db);
      entries.set(db, { readAt: now, value });
      value.catch(() => entries.delete(db));
      return value;
    },
    forget(db) {
      entries.delete(db);
    },
  };
}
