// The federation policy on outgoing deliveries, in one place: a MessageQueue
// decorator around the real queue. Every delivery Fedify makes is a queued
// message (sendActivity, forwarding, its own retries and circuit-breaker
// holds all enqueue), so filtering what is enqueued covers them all, whatever
// the call site. Fedify's messages (its `Message` type, treated here as data):
//   - `outbox`: one delivery, to `inbox` → dropped when its host is refused;
//   - `fanout`: one activity for many inboxes, the keys of `inboxes` → the
//     refused ones are removed, the message dropped when none is left;
//   - `inbox` and anything else: passed unchanged.
// A retry of a delivery to a host refused since it was first queued is
// dropped too: the policy applies at once.
import type { Message, MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { HostCheck } from "../fetch-policy.ts";

const logger = getLogger(["encommun", "federation", "policy"]);

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** What `filter` returns for a message that must not be queued (a message may itself be null). */
export const DROP: unique symbol = Symbol("drop");

function isRecord(value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === "object" && !Array.isArray(value);
}

export class PolicyMessageQueue implements MessageQueue {
  readonly #inner: MessageQueue;
  readonly #allowsHost: HostCheck;
  readonly nativeRetrial?: boolean;
  // Present only when the inner queue has them: Fedify checks for their presence.
  readonly enqueueMany?: (messages: readonly unknown[], options?: MessageQueueEnqueueOptions) => Promise<void>;
  readonly getDepth?: () => Promise<MessageQueueDepth>;

  constructor(inner: MessageQueue, allowsHost: HostCheck) {
    this.#inner = inner;
    this.#allowsHost = allowsHost;
    this.nativeRetrial = inner.nativeRetrial;
    if (inner.enqueueMany != null) {
      const enqueueMany = inner.enqueueMany.bind(inner);
      this.enqueueMany = async (messages, options) => {
        const kept: unknown[] = [];
        for (const message of messages) {
          const filtered = await this.filter(message);
          if (filtered !== DROP) kept.push(filtered);
        }
        if (kept.length > 0) await enqueueMany(kept, options);
      };
    }
    if (inner.getDepth != null) this.getDepth = inner.getDepth.bind(inner);
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    const filtered = await this.filter(message);
    if (filtered !== DROP) await this.#inner.enqueue(filtered, options);
  }

  listen(handler: (message: any) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    return this.#inner.listen(handler, options);
  }

  /** The message as it may be queued under the policy, or DROP. */
  async filter(message: unknown): Promise<unknown> {
    if (!isRecord(message)) return message;
    const typed = message as Partial<Message> & Record<string, unknown>;
    if (typed.type === "outbox" && typeof typed.inbox === "string") {
      const host = hostOf(typed.inbox);
      if (host == null || (await this.#allowsHost(host))) return message;
      logger.info("Dropped delivery of {activityType} {activityId} to {inbox}: {host} is not allowed by the federation policy", {
        activityType: typed.activityType ?? null,
        activityId: typed.activityId ?? null,
        inbox: typed.inbox,
        host,
      });
      return DROP;
    }
    if (typed.type === "fanout" && isRecord(typed.inboxes)) {
      const inboxes: Record<string, unknown> = {};
      const dropped: string[] = [];
      for (const [inbox, recipients] of Object.entries(typed.inboxes)) {
        const host = hostOf(inbox);
        if (host == null || (await this.#allowsHost(host))) inboxes[inbox] = recipients;
        else dropped.push(inbox);
      }
      if (dropped.length === 0) return message;
      logger.info("Dropped {count} inbox(es) of the fan-out of {activityType} {activityId}, not allowed by the federation policy: {dropped}", {
        count: dropped.length,
        activityType: typed.activityType ?? null,
        activityId: typed.activityId ?? null,
        dropped,
      });
      return Object.keys(inboxes).length === 0 ? DROP : { ...message, inboxes };
    }
    return message;
  }
}
