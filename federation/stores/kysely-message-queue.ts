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
// with that key remains. A handler that enqueues its own message again under
// the same key (Fedify's delivery retries and circuit-breaker holds keep the
// message id) gives that row its new content and delay instead of adding a
// row at the end: the retry keeps its place, so a Create refused once still
// goes out before the Update and Delete queued behind it.
// Fair share: a delivery (Fedify's `outbox` message)
// records its inbox's host, and is not claimed while that host already has
// `deliveriesPerHost` live leases, counted in the table so every process
// sees them: servers that never answer hold at most that many workers each,
// and only until the request deadline (outgoing-deadline.ts) or, for a
// handler stuck anyway, `handlerTimeoutMs`, after which its lease is left to
// expire and the message is handled again. Wake-ups: an in-process emitter per database, plus
// LISTEN/NOTIFY across PostgreSQL processes, plus polling (other SQLite
// processes, delayed rows, expired leases).
import { AsyncLocalStorage } from "node:async_hooks";
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
  /** Handlers one listener runs at once. Default 16. */
  readonly concurrency?: number;
  /** Deliveries to one host under a live lease at once, across every process. Default 2. */
  readonly deliveriesPerHost?: number;
  /** A handler still running after this is given up: its worker is freed and its lease left to expire. Default 5 minutes. */
  readonly handlerTimeoutMs?: number;
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
  readonly targetHost: string | null;
  readonly attempts: number;
  /** Our lease; doubles as the claim token (another claim sets another value). */
  lease: string;
  /** Set when the handler re-enqueued this message: the row holds its next attempt. */
  requeued: boolean;
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

/** The `id` Fedify gives each of its messages (kept by its retries), if any. */
function messageId(message: unknown): string | null {
  const id = message != null && typeof message === "object" ? (message as { id?: unknown }).id : null;
  return typeof id === "string" ? id : null;
}

/** The host of a delivery's inbox (Fedify's `outbox` message, treated as data), else null. */
function deliveryHost(message: unknown): string | null {
  const { type, inbox } = (message ?? {}) as { type?: unknown; inbox?: unknown };
  if (type !== "outbox" || typeof inbox !== "string") return null;
  return URL.parse(inbox)?.host.toLowerCase() || null;
}

/**
 * Leases the first eligible row in due order (`deliver_at`, then `id`), walking
 * fedify_queue_ready_idx and stopping at that row: a claim costs what it skips
 * (rows in flight, rows behind an earlier one under their ordering key, hosts
 * at their share), not the depth of the queue. In id order the planner read
 * every due row and sorted them: 0.3 ms per claim at 1,000 queued deliveries,
 * 7.5 ms at 20,000 (docs/PERFORMANCE.md). ISO timestamps and ids are
 * fixed-width ASCII, so text comparison is chronological under any collation.
 * SKIP LOCKED lets PostgreSQL workers pass over a row another worker is
 * claiming; SQLite serialises writers. The hosts at their share come from the
 * live leases only (a few dozen rows at most), grouped once per claim.
 */
export function claimStatement(dialect: DatabaseHandle["dialect"], at: { now: number; lease: string; deliveriesPerHost: number }) {
  const now = iso(at.now);
  const skipLocked = dialect === "postgres" ? sql.raw("for update skip locked") : sql.raw("");
  return sql<{ id: string; message: string; ordering_key: string | null; attempts: number; target_host: string | null }>`
      update fedify_queue set locked_until = ${at.lease}, attempts = attempts + 1
      where id = (
        select q.id from fedify_queue q
        where q.deliver_at <= ${now}
          and (q.locked_until is null or q.locked_until <= ${now})
          and (q.ordering_key is null or not exists (
            select 1 from fedify_queue e where e.ordering_key = q.ordering_key and e.id < q.id))
          and (q.target_host is null or q.target_host not in (
            select b.target_host from fedify_queue b
            where b.target_host is not null and b.locked_until > ${now}
            group by b.target_host having count(*) >= ${at.deliveriesPerHost}))
        order by q.deliver_at, q.id
        limit 1
        ${skipLocked}
      )
      returning id, message, ordering_key, attempts, target_host`;
}

/** The next delayed, unclaimed row: the first one after `now` in fedify_queue_unclaimed_due_idx. */
export function nextDelayedQuery(db: Kysely<Database>, now: number) {
  return db.selectFrom("fedify_queue").select("deliver_at").where("deliver_at", ">", iso(now)).where("locked_until", "is", null).orderBy("deliver_at").orderBy("id").limit(1);
}

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
  /** The claim whose handler is running, in that handler's async context. */
  readonly #handling = new AsyncLocalStorage<Claim>();
  readonly #deliveriesPerHost: number;
  readonly #handlerTimeoutMs: number;

  constructor(handle: DatabaseHandle, options: KyselyMessageQueueOptions = {}) {
    this.#handle = handle;
    this.#db = handle.db;
    this.#emitter = emitterFor(handle.db);
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? (handle.dialect === "postgres" ? 5_000 : 1_000);
    this.#concurrency = Math.max(1, options.concurrency ?? 16);
    this.#deliveriesPerHost = Math.max(1, options.deliveriesPerHost ?? 2);
    this.#handlerTimeoutMs = options.handlerTimeoutMs ?? 5 * 60_000;
    this.#retryBackoffMs = options.retryBackoffMs ?? 1_000;
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    if (await this.#requeueInPlace(message, options)) return;
    await this.enqueueMany([message], options);
  }

  /**
   * When the running handler enqueues its own message again (same ordering
   * key, same message id), rewrites the claimed row rather than adding one,
   * so the retry stays ahead of later messages under that key.
   */
  async #requeueInPlace(message: unknown, options?: MessageQueueEnqueueOptions): Promise<boolean> {
    const claim = this.#handling.getStore();
    if (claim == null || claim.requeued || claim.orderingKey == null || options?.orderingKey !== claim.orderingKey) return false;
    if (messageId(message) == null || messageId(message) !== messageId(JSON.parse(claim.message))) return false;
    const delayMs = options?.delay == null ? 0 : durationToMs(options.delay);
    const result = await this.#db
      .updateTable("fedify_queue")
      .set({ message: JSON.stringify(message), deliver_at: iso(Date.now() + delayMs), attempts: 0 })
      .where("id", "=", claim.id)
      .where("locked_until", "=", claim.lease)
      .executeTakeFirst();
    claim.requeued = Number(result.numUpdatedRows) === 1;
    return claim.requeued;
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
      target_host: deliveryHost(message),
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
    const claim = (db: Kysely<Database>) => claimStatement(this.#handle.dialect, { now, lease, deliveriesPerHost: this.#deliveriesPerHost }).execute(db);
    // Claims take turns on PostgreSQL too, as SQLite's single writer makes
    // them: two workers counting a host's live leases at once would both
    // see room for one more. A claim is one short statement.
    const result =
      this.#handle.dialect === "postgres"
        ? await this.#db.transaction().execute(async (tx) => {
            await sql`select pg_advisory_xact_lock(hashtext('fedify_queue claim'))`.execute(tx);
            return claim(tx);
          })
        : await claim(this.#db);
    const row = result.rows[0];
    if (row == null) return undefined;
    return { id: row.id, message: row.message, orderingKey: row.ordering_key, targetHost: row.target_host, attempts: Number(row.attempts), lease, requeued: false };
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
    const handled = Promise.resolve()
      .then(() => this.#handling.run(claim, () => handler(JSON.parse(claim.message), { attempt: claim.attempts })))
      .then(() => ({ succeeded: true, error: undefined as unknown }), (error: unknown) => ({ succeeded: false, error }));
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([handled, new Promise<null>((resolve) => (giveUp = setTimeout(resolve, this.#handlerTimeoutMs, null)))]);
    clearTimeout(giveUp);
    stopped = true;
    clearTimeout(timer);
    await renewing; // so claim.lease is the value stored in the row
    if (outcome == null) {
      // No way to cancel the handler: stop renewing, so that its lease expires and the message is handled again.
      logger.error("Queued message {id} still running after {ms} ms: its worker is freed and it will be retried once its lease expires", {
        id: claim.id,
        ms: this.#handlerTimeoutMs,
      });
      return;
    }
    const { succeeded, error } = outcome;
    try {
      if (succeeded && claim.requeued) await this.#unlock(claim);
      else if (succeeded) await this.#complete(claim);
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
    // The next message under this key, or to this host, has just become eligible.
    if (claim.orderingKey != null || claim.targetHost != null) await this.#wakeListeners();
  }

  /** The row now holds the message's next attempt, due at the delay its handler asked for. */
  async #unlock(claim: Claim): Promise<void> {
    await this.#db.updateTable("fedify_queue").set({ locked_until: null }).where("id", "=", claim.id).where(this.#stillOurs(claim)).execute();
    await this.#wakeListeners();
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
    const row = await nextDelayedQuery(this.#db, now).executeTakeFirst();
    return row == null ? Infinity : Math.max(0, Date.parse(row.deliver_at) - now);
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
