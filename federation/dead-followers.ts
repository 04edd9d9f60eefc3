// Followers dropped after permanent delivery failures (issue 11). Fedify
// gives up at once on a delivery answered 404 or 410 (its default
// permanentFailureStatusCodes) and calls this handler once per such delivery:
//
// - 410 Gone: the server says the inbox is gone for good. The followers at
//   that inbox go at once, personal or shared (a shared inbox that is Gone
//   is a server that closed).
// - 404 Not Found: may be a server's bad day (a misconfigured proxy, an
//   account being migrated). A personal inbox answering 404 to NOT_FOUND_STRIKES
//   deliveries, each less than STRIKE_WINDOW_DAYS after the previous one, loses its
//   followers; a 404 from a shared inbox says nothing about one follower and
//   drops no one.
//
// The strikes live in the KvStore, so every worker counts toward the same
// total, and expire: a follower whose inbox answered 404 once a month stays.
import type { Federation, KvKey, KvStore } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { dropFollowersAtInbox } from "../src/domain/unreachable-followers.ts";
import type { Services } from "../src/services.ts";

const logger = getLogger(["encommun", "federation", "delivery"]);

export const NOT_FOUND_STRIKES = 3;
const STRIKE_WINDOW_DAYS = 7;
const STRIKES_PREFIX: KvKey = ["encommun", "inbox404"];

export function dropFollowersOnPermanentFailure(federation: Federation<Services>, kv: KvStore): void {
  federation.setOutboxPermanentFailureHandler(async (ctx, { inbox, statusCode, reason }) => {
    // Held by the circuit breaker too long: the host is down, not the follower gone.
    if (reason !== "http") return;
    if (statusCode === 410) {
      const dropped = await dropFollowersAtInbox(ctx.data.db, inbox.href, { includeShared: true });
      if (dropped > 0) logger.info("Dropped {dropped} follows: {inbox} answered 410 Gone", { dropped, inbox: inbox.href });
      return;
    }
    if (statusCode !== 404) return;
    const key: KvKey = [...STRIKES_PREFIX, inbox.href];
    const strikes = ((await kv.get<number>(key)) ?? 0) + 1;
    if (strikes < NOT_FOUND_STRIKES) {
      await kv.set(key, strikes, { ttl: Temporal.Duration.from({ days: STRIKE_WINDOW_DAYS }) });
      return;
    }
    await kv.delete(key);
    const dropped = await dropFollowersAtInbox(ctx.data.db, inbox.href, { includeShared: false });
    if (dropped > 0) logger.info("Dropped {dropped} follows: {inbox} answered 404 to {strikes} deliveries", { dropped, inbox: inbox.href, strikes });
  });
}
