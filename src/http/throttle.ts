// Brakes on password guessing: after too many failed attempts for one handle
// or from one client address within a window, password checks are refused
// (429) until the oldest failure leaves the window.
//
// Decision: the counts live in memory, per process. A restart forgets them
// and several web processes each keep their own, which multiplies the
// allowance by the number of processes; that is acceptable for the small
// instances this serves, and keeps a database write off every failure.
import type { Context } from "hono";
import type { Services } from "../services.ts";
import type { AppEnv } from "./env.ts";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Bounds memory under a flood of distinct handles or addresses. */
const MAX_KEYS = 50_000;

export interface ThrottleOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

export class FailureThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #window: number;
  readonly #now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.#max = options.maxFailures ?? MAX_FAILURES;
    this.#window = options.windowMs ?? FAILURE_WINDOW_MS;
    this.#now = options.now ?? Date.now;
  }

  #recent(key: string, now: number): number[] {
    const times = (this.#failures.get(key) ?? []).filter((t) => t > now - this.#window);
    if (times.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, times);
    return times;
  }

  /** Seconds to wait before any of these keys may try again; 0 when none is blocked. */
  retryAfter(keys: readonly string[]): number {
    const now = this.#now();
    let wait = 0;
    for (const key of keys) {
      const times = this.#recent(key, now);
      if (times.length >= this.#max) {
        // Allowed again when enough failures have left the window.
        const freedAt = times[times.length - this.#max]! + this.#window;
        wait = Math.max(wait, Math.ceil((freedAt - now) / 1000));
      }
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.#now();
    for (const key of keys) {
      const times = this.#recent(key, now);
      times.push(now);
      // Re-inserted last: the map's order is then least recently failed first.
      this.#failures.delete(key);
      this.#failures.set(key, times.slice(-this.#max));
    }
    while (this.#failures.size > MAX_KEYS) this.#failures.delete(this.#failures.keys().next().value!);
  }

  /** Forgets a key's failures (a handle, after its owner signed in). */
  clear(key: string): void {
    this.#failures.delete(key);
  }
}

// One throttle per composed application (keyed by its services), so every
// password form of a process shares it and each test starts afresh.
const throttles = new WeakMap<Services, FailureThrottle>();

export function passwordThrottle(services: Services): FailureThrottle {
  let throttle = throttles.get(services);
  if (!throttle) {
    throttle = new FailureThrottle();
    throttles.set(services, throttle);
  }
  return throttle;
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
