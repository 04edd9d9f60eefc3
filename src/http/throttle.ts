// Brakes on password guessing: after too many failed attempts for one handle
// or from one client address within a window, password checks are refused
// (429) until the oldest failure leaves the window. The counts live in the
// database (src/domain/rate-limits.ts): every web process of a deployment
// shares them, and a restart does not forget them.
import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { forgetEvents, recordEvent, secondsUntilAllowed, type RateWindow } from "../domain/rate-limits.ts";
import type { Services } from "../services.ts";
import type { AppEnv } from "./env.ts";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export interface ThrottleOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

export class FailureThrottle {
  readonly #db: Kysely<Database>;
  readonly #window: RateWindow;
  readonly #now: () => number;

  constructor(db: Kysely<Database>, options: ThrottleOptions = {}) {
    this.#db = db;
    this.#window = { max: options.maxFailures ?? MAX_FAILURES, windowMs: options.windowMs ?? FAILURE_WINDOW_MS };
    this.#now = options.now ?? Date.now;
  }

  /** Seconds to wait before any of these keys may try again; 0 when none is blocked. */
  retryAfter(keys: readonly string[]): Promise<number> {
    return secondsUntilAllowed(this.#db, keys.map(failureKey), this.#window, this.#now());
  }

  recordFailure(keys: readonly string[]): Promise<void> {
    return recordEvent(this.#db, keys.map(failureKey), this.#window, this.#now());
  }

  /** Forgets a key's failures (a handle, after its owner signed in). */
  clear(key: string): Promise<void> {
    return forgetEvents(this.#db, failureKey(key));
  }
}

/** Password failures share the rate_events table with other limits: their keys say what they count. */
function failureKey(key: string): string {
  return `password:${key}`;
}

export function passwordThrottle(services: Services): FailureThrottle {
  return new FailureThrottle(services.db);
}

const LOOPBACK_OR_PRIVATE = /^(?:::ffff:)?(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)|^::1$|^f[cd][0-9a-f]{2}:/i;

/**
 * The client's address, or null when the runtime does not say. The peer of
 * the connection, unless that peer is a reverse proxy on this host or the
 * private network: then the last address it appended to X-Forwarded-For
 * (earlier entries come from the client and could be forged).
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress ?? null;
  if (peer == null) return null;
  if (LOOPBACK_OR_PRIVATE.test(peer)) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").map((a) => a.trim()).filter(Boolean).at(-1);
    if (forwarded) return forwarded;
  }
  return peer;
}

/** The throttle keys of a password attempt: the handle, and the client's address when known. */
export function attemptKeys(c: Context<AppEnv>, username: string): string[] {
  const address = clientAddress(c);
  return [`handle:${username.toLowerCase()}`, ...(address ? [`address:${address}`] : [])];
}
