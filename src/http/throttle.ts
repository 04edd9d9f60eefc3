// Brakes on password guessing, by client and by account, with delays that
// grow with each failure rather than a lock: a client that keeps guessing
// waits longer and longer (up to 15 minutes between attempts), while an
// account under attack from many addresses only slows to one attempt a
// minute, so nobody can keep its owner out. The counts live in the database
// (src/domain/rate-limits.ts): every web process of a deployment shares them,
// and a restart does not forget them.
import type { Context } from "hono";
import type { Kysely } from "kysely";
import { getLogger } from "@logtape/logtape";
import type { Database } from "../db/schema.ts";
import { backoffWait, countEvents, forgetEvents, recordEvent, type Backoff } from "../domain/rate-limits.ts";
import type { Services } from "../services.ts";
import { clientAddress } from "./client-address.ts";
import type { AppEnv } from "./env.ts";
import type { ViewContext } from "./views/layout.ts";

const logger = getLogger(["encommun", "http", "throttle"]);

const MINUTE = 60 * 1000;

/**
 * One client (an address), whatever the accounts it tries: 5 free failures,
 * then 30 s, 1 min, 2 min… up to 15 min, remembered for an hour (so a patient
 * guesser gets about 5 tries an hour).
 */
export const CLIENT_BACKOFF: Backoff = { free: 5, firstDelayMs: 30_000, maxDelayMs: 15 * MINUTE, windowMs: 60 * MINUTE };
/** One account, from every client: 5 free failures, then 1 s, 2 s, 4 s… up to a minute. */
export const ACCOUNT_BACKOFF: Backoff = { free: 5, firstDelayMs: 1_000, maxDelayMs: MINUTE, windowMs: 15 * MINUTE };

/** A password attempt: the account it is for, and the client's address when known. */
export interface Attempt {
  readonly handle: string;
  readonly address: string | null;
}

export interface ThrottleOptions {
  readonly client?: Backoff;
  readonly account?: Backoff;
  readonly now?: () => number;
}

export class FailureThrottle {
  readonly #db: Kysely<Database>;
  readonly #client: Backoff;
  readonly #account: Backoff;
  readonly #now: () => number;

  constructor(db: Kysely<Database>, options: ThrottleOptions = {}) {
    this.#db = db;
    this.#client = options.client ?? CLIENT_BACKOFF;
    this.#account = options.account ?? ACCOUNT_BACKOFF;
    this.#now = options.now ?? Date.now;
  }

  #keys(attempt: Attempt): [string, Backoff][] {
    return [[accountKey(attempt.handle), this.#account], ...(attempt.address ? [[clientKey(attempt.address), this.#client] as [string, Backoff]] : [])];
  }

  /** Seconds to wait before this attempt may be checked; 0 when it may be now. */
  async retryAfter(attempt: Attempt): Promise<number> {
    let wait = 0;
    for (const [key, backoff] of this.#keys(attempt)) wait = Math.max(wait, await backoffWait(this.#db, key, backoff, this.#now()));
    return Math.ceil(wait / 1000);
  }

  async recordFailure(attempt: Attempt): Promise<void> {
    const now = this.#now();
    for (const [key, backoff] of this.#keys(attempt)) {
      await recordEvent(this.#db, [key], backoff, now);
      const failures = await countEvents(this.#db, key, backoff, now);
      // Each failure past the allowance starts a longer delay: one line per delay, never per refused attempt.
      if (failures >= backoff.free) {
        logger.warning("Sign-in delayed for {key} after {failures} failed passwords: next attempt in {seconds} s", {
          key,
          failures,
          seconds: Math.ceil((await backoffWait(this.#db, key, backoff, now)) / 1000),
        });
      }
    }
  }

  /** Forgets an account's failures (after its owner signed in). */
  clear(handle: string): Promise<void> {
    return forgetEvents(this.#db, accountKey(handle));
  }
}

// Password failures share the rate_events table with other limits: their keys say what they count.
const accountKey = (handle: string) => `password:handle:${handle.toLowerCase()}`;
const clientKey = (address: string) => `password:address:${address}`;

export function passwordThrottle(services: Services): FailureThrottle {
  return new FailureThrottle(services.db);
}

/** The password attempt of a request for an account. */
export function attemptOf(c: Context<AppEnv>, username: string): Attempt {
  return { handle: username, address: clientAddress(c) };
}

/** "Try again in N seconds" or "in N minutes". */
export function throttledMessage(v: ViewContext, seconds: number): string {
  return seconds < 60 ? v.t("auth.throttledSeconds", { seconds }) : v.t("auth.throttled", { minutes: Math.ceil(seconds / 60) });
}
