// A flood of Follows from one server (to one or many of our actors) is
// throttled per sending host before any verification or storage, so that it
// costs us little and slows nobody else. Only Follows the inbox accepted (their
// signature verified) are counted, so forged requests in another server's name
// cannot spend its allowance. Counted in the database: the web processes of a
// deployment share one allowance per host.
import type { Kysely } from "kysely";
import type { Database } from "../src/db/schema.ts";
import { recordEvent, secondsUntilAllowed, type RateWindow } from "../src/domain/rate-limits.ts";
import { signerHost } from "./policy.ts";

export const MAX_FOLLOWS_PER_HOST = 30;
const FOLLOW_WINDOW: RateWindow = { max: MAX_FOLLOWS_PER_HOST, windowMs: 60_000 };

/** What the throttle says of a request: refused (429), to be counted once accepted, or none of its business. */
export type FollowFloodCheck = { readonly refused: Response } | { readonly countOnceAccepted: () => Promise<void> } | null;

export async function checkFollowFlood(request: Request, db: Kysely<Database>, now = Date.now()): Promise<FollowFloodCheck> {
  if (request.method !== "POST" || !/\/inbox$/.test(new URL(request.url).pathname)) return null;
  const host = signerHost(request);
  if (!host) return null;
  let type: unknown;
  try {
    type = ((await request.clone().json()) as { type?: unknown }).type;
  } catch {
    return null; // malformed: the inbox answers 400 itself
  }
  if (type !== "Follow") return null;
  const keys = [`follow:${host}`];
  const wait = await secondsUntilAllowed(db, keys, FOLLOW_WINDOW, now);
  if (wait > 0) {
    const refused = new Response(`Too many Follows from ${host}; try again later\n`, { status: 429, headers: { "Retry-After": String(wait), "Content-Type": "text/plain" } });
    return { refused };
  }
  return { countOnceAccepted: () => recordEvent(db, keys, FOLLOW_WINDOW, now) };
}
