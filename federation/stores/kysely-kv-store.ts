// Fedify's key-value store (cached documents, idempotence markers, keys) kept
// in our own database through Kysely, so SQLite and PostgreSQL deployments
// need no extra service. The registry's @fedify/postgres (1.8.7) lacks list()
// and cas, which Fedify 2 needs, and there is no SQLite adapter for 2.x.
//
// Keys are stored as the JSON of their string array, values as JSON text,
// expiry as an ISO-8601 UTC string (fixed width, so text order is time order).
//
// Fedify's contract, as its MemoryKvStore keeps it (test/federation/stores/
// kv-store-contract.test.ts runs the same cases on both): `undefined` means
// "no value", so writing it (set, or cas to undefined) deletes the key. The
// circuit breaker closes a host's circuit with cas(key, state, undefined): a
// store that refused it kept every circuit open for good.
import { isDeepStrictEqual } from "node:util";
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../../src/db/database.ts";
import type { Database } from "../../src/db/schema.ts";

/** A Temporal.Duration in milliseconds; days count as 24 hours, months from today. */
export function durationToMs(duration: Temporal.Duration): number {
  // A plain-date string is accepted as relativeTo by both the polyfill and
  // native Temporal, so mixing the two (Fedify uses the polyfill) is safe.
  const relativeTo = new Date().toISOString().slice(0, 10);
  return Math.max(0, duration.total({ unit: "millisecond", relativeTo }));
}

function encodeValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError("KvStore values must be JSON-serialisable");
  return json;
}

function expiresAt(options?: KvStoreSetOptions): string | null {
  return options?.ttl == null ? null : new Date(Date.now() + durationToMs(options.ttl)).toISOString();
}

export class KyselyKvStore implements KvStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;

  constructor(handle: { readonly db: Kysely<Database>; readonly dialect: Dialect }) {
    this.#db = handle.db;
    this.#dialect = handle.dialect;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const encoded = JSON.stringify(key);
    const row = await this.#db
      .selectFrom("fedify_kv")
      .select(["value", "expires_at"])
      .where("key", "=", encoded)
      .executeTakeFirst();
    if (row == null) return undefined;
    const now = new Date().toISOString();
    if (row.expires_at != null && row.expires_at <= now) {
      await this.#deleteExpired(this.#db, encoded, now);
      return undefined;
    }
    return JSON.parse(row.value) as T;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    if (value === undefined) return await this.delete(key);
    const row = { key: JSON.stringify(key), value: encodeValue(value), expires_at: expiresAt(options) };
    await this.#db
      .insertInto("fedify_kv")
      .values(row)
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: row.value, expires_at: row.expires_at }))
      .execute();
  }

  async delete(key: KvKey): Promise<void> {
    await this.#db.deleteFrom("fedify_kv").where("key", "=", JSON.stringify(key)).execute();
  }

  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const encoded = JSON.stringify(key);
    // Compare JSON values, as they would be after a round trip through the store.
    const expected = expectedValue === undefined ? undefined : JSON.parse(encodeValue(expectedValue));
    const row = newValue === undefined ? null : { key: encoded, value: encodeValue(newValue), expires_at: expiresAt(options) };
    return await this.#db.transaction().execute(async (tx) => {
      // A write comes first: on SQLite it takes the database write lock before
      // anything is read (a zero-row DELETE does), so another process cannot
      // change the row between our read and our write.
      const now = new Date().toISOString();
      await this.#deleteExpired(tx, encoded, now);
      let select = tx.selectFrom("fedify_kv").select("value").where("key", "=", encoded);
      if (this.#dialect === "postgres") select = select.forUpdate();
      const current = await select.executeTakeFirst();
      const currentValue = current == null ? undefined : JSON.parse(current.value);
      if (!isDeepStrictEqual(currentValue, expected)) return false;
      if (row == null) {
        await tx.deleteFrom("fedify_kv").where("key", "=", encoded).execute();
        return true;
      }
      if (current != null) {
        await tx.updateTable("fedify_kv").set({ value: row.value, expires_at: row.expires_at }).where("key", "=", encoded).execute();
        return true;
      }
      // Nothing to lock when the key is absent (PostgreSQL): whoever inserts
      // first wins, the other sees the conflict and fails.
      const inserted = await tx.insertInto("fedify_kv").values(row).onConflict((oc) => oc.column("key").doNothing()).executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    });
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const now = new Date().toISOString();
    let query = this.#db.selectFrom("fedify_kv").select(["key", "value"]).where((eb) =>
      eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]),
    );
    if (prefix != null) query = query.where(underPrefix(prefix));
    const rows = await query.orderBy("key").execute();
    // Clean expired entries of this range lazily, as get() does for one key.
    let cleanup = this.#db.deleteFrom("fedify_kv").where("expires_at", "<=", now);
    if (prefix != null) cleanup = cleanup.where(underPrefix(prefix));
    await cleanup.execute();
    for (const row of rows) yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
  }

  async #deleteExpired(db: Kysely<Database>, encodedKey: string, now: string): Promise<void> {
    await db.deleteFrom("fedify_kv").where("key", "=", encodedKey).where("expires_at", "<=", now).execute();
  }
}

/**
 * The key equal to `prefix`, or any key whose JSON starts with the prefix's
 * JSON minus its closing bracket plus a comma. Compared with substr() on a
 * code-point length (both SQLite and PostgreSQL count characters) instead of
 * LIKE (case-insensitive on SQLite, wildcards in keys) or a range (collation
 * dependent on PostgreSQL).
 */
function underPrefix(prefix: KvKey) {
  const exact = JSON.stringify(prefix);
  const head = `${exact.slice(0, -1)},`;
  const length = [...head].length;
  return sql<boolean>`(${sql.ref("key")} = ${exact} or substr(${sql.ref("key")}, 1, ${length}) = ${head})`;
}
