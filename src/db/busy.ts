// Waiting for a SQLite database that another process holds. SQLite answers
// SQLITE_BUSY while another connection (a second server process, the CLI, a
// backup tool, `sqlite3` in a terminal) holds the write lock. better-sqlite3 is
// synchronous: its own busy timeout sleeps inside the call, with the event loop
// stopped, so one waiting write froze every request. Here SQLite's timeout is
// zero and the waiting happens between attempts, asynchronously, until a
// deadline; past it the operation fails with DatabaseBusyError, which the HTTP
// layer answers with 503 and Retry-After and the queue retries later.

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** The database stayed locked by another process longer than the busy timeout. */
export class DatabaseBusyError extends Error {
  /** A sensible delay before trying again, for a Retry-After header. */
  readonly retryAfterSeconds: number;

  constructor(waitedMs: number, options: { cause?: unknown } = {}) {
    super(`The database is locked by another process (waited ${Math.round(waitedMs)} ms)`, options);
    this.name = "DatabaseBusyError";
    this.retryAfterSeconds = Math.max(1, Math.ceil(waitedMs / 1000));
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT). */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

/** Whether `error` is, or was caused by, a DatabaseBusyError (Fedify and others wrap what they rethrow). */
export function isDatabaseBusy(error: unknown): error is DatabaseBusyError {
  return findDatabaseBusy(error) != null;
}

export function findDatabaseBusy(error: unknown, depth = 0): DatabaseBusyError | undefined {
  if (error instanceof DatabaseBusyError) return error;
  if (error == null || typeof error !== "object" || depth > 5) return undefined;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = findDatabaseBusy(inner, depth + 1);
      if (found) return found;
    }
  }
  return findDatabaseBusy((error as { cause?: unknown }).cause, depth + 1);
}

export interface BusyPolicy {
  /** How long an operation may wait for another process's lock before DatabaseBusyError. */
  readonly timeoutMs: number;
  /** First pause between attempts; doubled each time up to maxPauseMs (with jitter, so two waiting processes do not retry in step). */
  readonly firstPauseMs?: number;
  readonly maxPauseMs?: number;
  /** For tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, pausing between
 * attempts without blocking the event loop; other errors pass through at once.
 * `startedAt` lets time already spent waiting (for our own connection) count
 * against the deadline. Always makes at least one attempt.
 */
export async function retryWhileBusy<T>(attempt: () => T, policy: BusyPolicy, startedAt?: number): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? sleepFor;
  const maxPauseMs = policy.maxPauseMs ?? 50;
  const begun = startedAt ?? now();
  let pauseMs = policy.firstPauseMs ?? 1;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      const left = begun + policy.timeoutMs - now();
      if (left <= 0) throw new DatabaseBusyError(now() - begun, { cause: error });
      await sleep(Math.min(left, pauseMs * (0.5 + Math.random() / 2)));
      pauseMs = Math.min(maxPauseMs, pauseMs * 2);
    }
  }
}
