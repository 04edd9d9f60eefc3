// Fedify's message queue in our own database (table fedify_queue), for SQLite
// and PostgreSQL. It exists because the registry's @fedify/postgres 1.8.7
// deletes a message before its handler runs (a crash loses the delivery) and
// ignores orderingKey (a Delete may overtake its Create).
//
// At-least-once: a worker claims a row with a lease (`locked_until`, renewed
// while the handler runs) and deletes it only after the handler succeeded; a
// crashed worker's row is claimed again once its lease expires. A handler that
// throws releases its row for a retry after a backoff. Ordering: a row with an
// ordering key is eligible only when no earlier row (smaller time-sortable id)
// with that key remains. Wake-ups: an in-process emitter per database, plus
// LISTEN/NOTIFY across PostgreSQL processes, plus polling (other SQLite
// processes, delayed rows, expired leases).
import { EventEmitter } from "node:events";
import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { sql, type ExpressionBuilder, type Insertable, type Kysely } from "kysely";
import { isDatabaseBusy } from "../../src/db/busy.ts";
import type { DatabaseHandle } from "../../src/db/database.ts";
import type { Database, FedifyQueueTable } from "../../src/db/schema.ts";
import { newId } from "../../src/domain/ids.ts";
import { durationToMs } from "./kysely-kv-store.ts";
import { PostgresNotifier } from "./postgres-notifier.ts";

const logger = getLogger(["encommun", "federation", "queue"]);
const CHANNEL = "fedify_queue";
const MAX_RETRY_BACKOFF_MS = 60_000;
const INSERT_CHUNK = 500;

export interface KyselyMessageQueueOptions {
  /** How long a claim lasts without renewal; renewed every third of it. Default 30 s. */
  readonly leaseMs?: number;
  /** Longest sleep between claim attempts. Default 1 s on SQLite, 5 s on PostgreSQL (NOTIFY wakes it). */
  readonly pollIntervalMs?: number;
  /** Handlers one listener runs at once. Default 4. */
  readonly concurrency?: number;
  /** First retry delay after a handler threw, doubled per attempt up to 60 s. Default 1 s. */
  readonly retryBackoffMs?: number;
}

type QueueRow = Insertable<FedifyQueueTable>;

/** What a handler of this queue is told beside the message (Fedify's handlers ignore it). */
export interface Delivery {
  /** 1 the first time the message is handled, 2 after one failure or crash, and so on. */
  readonly attempt: number;
}

export type QueueHandler = (message: any, delivery: Delivery) => Promise<void> | void;

interface Claim {
  readonly id: string;
  readonly message: string;
  readonly orderingKey: string | null;
  readonly attempts: number;
  /** Our lease; doubles as the claim token (another claim sets another value). */
  lease: string;
}

// Shared by every queue on one Kysely instance, so an enqueue wakes the
// process's listeners at once. Keyed weakly: a closed database is collected.
const emitters = new WeakMap<object, EventEmitter>();
function emitterFor(db: object): EventEmitter {
  let emitter = emitters.get(db);
  if (emitter == null) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    emitters.set(db, emitter);
  }
  return emitter;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class KyselyMessageQueue implements MessageQueue {
  /** Fedify retries failed deliveries itself; we only redeliver crashes and throws. */
  readonly nativeRetrial = false;
  readonly #handle: DatabaseHandle;
  readonly #db: Kysely<Database>;
  readonly #emitter: EventEmitter;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #concurrency: number;
  readonly #retryBackoffMs: number;

  constructor(handle: DatabaseHandle, options: KyselyMessageQueueOptions = {}) {
    this.#handle = handle;
    this.#db = handle.db;
    this.#emitter = emitterFor(handle.db);
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? (handle.dialect === "postgres" ? 5_000 : 1_000);
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#retryBackoffMs = options.retryBackoffMs ?? 1_000;
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.enqueueMany([message], options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    const rows = this.#rows(messages, options);
    // One transaction keeps the batch whole.
    await this.#db.transaction().execute((tx) => this.#insert(tx, rows));
    if (options?.delay == null) await this.#wakeListeners();
  }

  /**
   * Enqueues inside the caller's transaction: the message exists if and only
   * if that transaction commits (a transactional outbox). On PostgreSQL the
   * NOTIFY is part of the transaction, so other processes wake at its commit;
   * on SQLite the process's listeners wait for the one connection, which the
   * transaction holds until it ends.
   */
  async enqueueWithin(tx: Kysely<Database>, message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.#insert(tx, this.#rows([message], options));
    if (options?.delay != null) return;
    this.#emitter.emit("wake");
    // Not caught: a failed statement would abort the caller's transaction anyway.
    if (this.#handle.dialect === "postgres") await sql`select pg_notify(${CHANNEL}, '')`.execute(tx);
  }

  #rows(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): QueueRow[] {
    const now = Date.now();
    const delayMs = options?.delay == null ? 0 : durationToMs(options.delay);
    // Ids are generated in order, so the batch keeps its order under one key.
    return messages.map((message) => ({
      id: newId(),
      message: JSON.stringify(message),
      ordering_key: options?.orderingKey ?? null,
      deliver_at: iso(now + delayMs),
      locked_until: null,
      created_at: iso(now),
    }));
  }

  /** Chunks stay under SQLite's and PostgreSQL's bound-parameter limits (a fan-out may enqueue thousands). */
  async #insert(db: Kysely<Database>, rows: readonly QueueRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await db.insertInto("fedify_queue").values(rows.slice(i, i + INSERT_CHUNK)).execute();
    }
  }

  async getDepth(): Promise<MessageQueueDepth> {
    const now = iso(Date.now());
    const row = await this.#db
      .selectFrom("fedify_queue")
      .select([
        sql<string | number>`count(*)`.as("queued"),
        sql<string | number | null>`sum(case when deliver_at <= ${now} then 1 else 0 end)`.as("ready"),
      ])
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .executeTakeFirstOrThrow();
    const queued = Number(row.queued);
    const ready = Number(row.ready ?? 0);
    return { queued, ready, delayed: queued - ready };
  }

  /** Resolves once `signal` aborts and the handlers already running have settled; never rejects. */
  async listen(handler: QueueHandler, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return;
    const running = new Set<Promise<void>>();
    let pending = false;
    let wake: (() => void) | undefined;
    const poke = () => {
      pending = true;
      wake?.();
    };
    this.#emitter.on("wake", poke);
    signal?.addEventListener("abort", poke, { once: true });
    const notifier = this.#handle.dialect === "postgres" ? new PostgresNotifier(this.#handle.url, CHANNEL, poke) : undefined;
    notifier?.start();
    try {
      while (!signal?.aborted) {
        pending = false;
        let failed = false;
        while (running.size < this.#concurrency && !signal?.aborted) {
          const claim = await this.#claim().catch((error: unknown) => {
            if (isDatabaseBusy(error)) logger.warning("The database is busy; the queue will look again: {message}", { message: error.message });
            else logger.error("Could not claim a queued message: {error}", { error });
            failed = true;
          });
          if (claim == null) break;
          const run: Promise<void> = this.#run(claim, handler).finally(() => {
            running.delete(run);
            poke();
          });
          running.add(run);
        }
        let sleepMs = this.#pollIntervalMs;
        if (!failed && running.size < this.#concurrency) {
          sleepMs = Math.min(sleepMs, await this.#msUntilNextDelayed().catch(() => sleepMs));
        }
        if (signal?.aborted) break;
        if (pending && !failed) continue; // woken while claiming: look again now
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, sleepMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      this.#emitter.off("wake", poke);
      signal?.removeEventListener("abort", poke);
      await notifier?.close();
      await Promise.allSettled(running);
    }
  }

  /** Claims the oldest eligible row, or returns undefined when there is none. */
  async #claim(): Promise<Claim | undefined> {
    const now = Date.now();
    const lease = iso(now + this.#leaseMs);
    // ISO timestamps and ids are fixed-width ASCII, so text comparison is
    // chronological under any collation. SKIP LOCKED lets PostgreSQL workers
    // pass over a row another worker is claiming; SQLite serialises writers.
    const skipLocked = this.#handle.dialect === "postgres" ? sql.raw("for update skip locked") : sql.raw("");
    const result = await sql<{ id: string; message: string; ordering_key: string | null; attempts: number }>`
      update fedify_queue set locked_until = ${lease}, attempts = attempts + 1
      where id = (
        select q.id from fedify_queue q
        where q.deliver_at <= ${iso(now)}
          and (q.locked_until is null or q.locked_until <= ${iso(now)})
          and (q.ordering_key is null or not exists (
            select 1 from fedify_queue e where e.ordering_key = q.ordering_key and e.id < q.id))
        order by q.id
        limit 1
        ${skipLocked}
      )
      returning id, message, ordering_key, attempts`.execute(this.#db);
    const row = result.rows[0];
    if (row == null) return undefined;
    return { id: row.id, message: row.message, orderingKey: row.ordering_key, attempts: Number(row.attempts), lease };
  }

  async #run(claim: Claim, handler: QueueHandler): Promise<void> {
    let stopped = false;
    let renewing: Promise<void> = Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scheduleRenewal = () => {
      timer = setTimeout(() => {
        renewing = this.#renew(claim).finally(() => {
          if (!stopped) scheduleRenewal();
        });
      }, this.#leaseMs / 3);
    };
    scheduleRenewal();
    let error: unknown;
    let succeeded = false;
    try {
      await handler(JSON.parse(claim.message), { attempt: claim.attempts });
      succeeded = true;
    } catch (caught) {
      error = caught;
    }
    stopped = true;
    clearTimeout(timer);
    await renewing; // so claim.lease is the value stored in the row
    try {
      if (succeeded) await this.#complete(claim);
      else await this.#release(claim, error);
    } catch (dbError) {
      // The lease will expire and the message be handled again: at-least-once.
      logger.error("Could not settle queued message {id}: {error}", { id: claim.id, error: dbError });
    }
  }

  async #renew(claim: Claim): Promise<void> {
    const next = iso(Date.now() + this.#leaseMs);
    try {
      const result = await this.#db
        .updateTable("fedify_queue")
        .set({ locked_until: next })
        .where("id", "=", claim.id)
        .where("locked_until", "=", claim.lease)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) claim.lease = next;
      else logger.warn("Lost the lease of queued message {id}; it may be handled twice", { id: claim.id });
    } catch (error) {
      logger.warn("Could not renew the lease of queued message {id}: {error}", { id: claim.id, error });
    }
  }

  /** Rows still ours: our lease, or an expired one nobody else has taken since. */
  #stillOurs(claim: Claim) {
    const now = iso(Date.now());
    return (eb: ExpressionBuilder<Database, "fedify_queue">) =>
      eb.or([eb("locked_until", "=", claim.lease), eb("locked_until", "is", null), eb("locked_until", "<=", now)]);
  }

  async #complete(claim: Claim): Promise<void> {
    await this.#db.deleteFrom("fedify_queue").where("id", "=", claim.id).where(this.#stillOurs(claim)).execute();
    // The next message under this key has just become eligible.
    if (claim.orderingKey != null) await this.#wakeListeners();
  }

  async #release(claim: Claim, error: unknown): Promise<void> {
    const backoff = Math.min(this.#retryBackoffMs * 2 ** Math.max(0, claim.attempts - 1), MAX_RETRY_BACKOFF_MS);
    logger.error("Queued message {id} failed (attempt {attempts}); retrying in {backoff} ms: {error}", {
      id: claim.id,
      attempts: claim.attempts,
      backoff,
      error,
    });
    await this.#db
      .updateTable("fedify_queue")
      .set({ locked_until: null, deliver_at: iso(Date.now() + backoff) })
      .where("id", "=", claim.id)
      .where(this.#stillOurs(claim))
      .execute();
  }

  /** Milliseconds until the next delayed, unclaimed row is due (Infinity when none). */
  async #msUntilNextDelayed(): Promise<number> {
    const now = Date.now();
    const row = await this.#db
      .selectFrom("fedify_queue")
      .select((eb) => eb.fn.min("deliver_at").as("next"))
      .where("deliver_at", ">", iso(now))
      .where("locked_until", "is", null)
      .executeTakeFirst();
    return row?.next == null ? Infinity : Math.max(0, Date.parse(row.next) - now);
  }

  async #wakeListeners(): Promise<void> {
    this.#emitter.emit("wake");
    if (this.#handle.dialect !== "postgres") return;
    try {
      await sql`select pg_notify(${CHANNEL}, '')`.execute(this.#db);
    } catch (error) {
      // The row is stored; other processes will find it at their next poll.
      logger.warn("Could not notify queue listeners: {error}", { error });
    }
  }
}
