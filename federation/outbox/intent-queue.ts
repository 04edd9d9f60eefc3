// Intents share the persistent queue with Fedify's own messages, as messages
// of a type Fedify never sees: this decorator hands them to the outbox's
// translator and everything else to Fedify's handler. All intents share one
// ordering key, so activities are enqueued in the order the changes were made
// (a Create before its Update or Delete), as if sent at once. The price of one
// key: an intent whose translation keeps failing (a bug: translating reads the
// database and enqueues, nothing remote) would hold every later one back, so
// it is given up, loudly, after MAX_INTENT_ATTEMPTS (about two minutes of
// backoff).
import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import { isDatabaseBusy } from "../../src/db/busy.ts";
import type { Database } from "../../src/db/schema.ts";
import type { OutboundIntent } from "../../src/domain/intents.ts";
import type { Delivery, KyselyMessageQueue } from "../stores/kysely-message-queue.ts";

const logger = getLogger(["encommun", "federation", "outbox"]);
const INTENT_MESSAGE = "encommun:intent";
const INTENT_ORDERING_KEY = "encommun:intents";
export const MAX_INTENT_ATTEMPTS = 8;

interface IntentMessage {
  readonly type: typeof INTENT_MESSAGE;
  readonly intent: OutboundIntent;
}

function isIntentMessage(message: unknown): message is IntentMessage {
  return message != null && typeof message === "object" && (message as { type?: unknown }).type === INTENT_MESSAGE;
}

export type IntentHandler = (intent: OutboundIntent) => Promise<void>;

export class IntentQueue implements MessageQueue {
  readonly #inner: MessageQueue;
  readonly #store: KyselyMessageQueue;
  #handleIntent: IntentHandler | undefined;
  readonly nativeRetrial?: boolean;
  // Present only when the inner queue has them: Fedify checks for their presence.
  readonly enqueueMany?: (messages: readonly unknown[], options?: MessageQueueEnqueueOptions) => Promise<void>;
  readonly getDepth?: () => Promise<MessageQueueDepth>;

  /** `inner` is what Fedify enqueues into (the policy decorator); `store` the table under it. */
  constructor(inner: MessageQueue, store: KyselyMessageQueue) {
    this.#inner = inner;
    this.#store = store;
    this.nativeRetrial = inner.nativeRetrial;
    if (inner.enqueueMany != null) this.enqueueMany = inner.enqueueMany.bind(inner);
    if (inner.getDepth != null) this.getDepth = inner.getDepth.bind(inner);
  }

  /** Set once the federation that translates intents exists (it is built with this queue). */
  handleIntentsWith(handler: IntentHandler): void {
    this.#handleIntent = handler;
  }

  /** Records an intent, inside `tx` when given (see Outbox.send). */
  enqueueIntent(intent: OutboundIntent, tx?: Kysely<Database>): Promise<void> {
    const message: IntentMessage = { type: INTENT_MESSAGE, intent };
    const options = { orderingKey: INTENT_ORDERING_KEY };
    return tx ? this.#store.enqueueWithin(tx, message, options) : this.#store.enqueue(message, options);
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.#inner.enqueue(message, options);
  }

  listen(handler: (message: any) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    return this.#inner.listen(async (message: unknown, delivery?: Delivery) => {
      if (!isIntentMessage(message)) return handler(message);
      if (!this.#handleIntent) throw new Error("No handler for outbound intents yet");
      try {
        await this.#handleIntent(message.intent);
      } catch (error) {
        const attempt = delivery?.attempt ?? 1;
        // A database held by another process is weather, not a bug: wait it out, however long.
        if (attempt < MAX_INTENT_ATTEMPTS || isDatabaseBusy(error)) throw error;
        logger.error("Gave up on the {type} intent after {attempt} attempts; the activities it stood for are not sent: {intent} {error}", {
          type: message.intent.type,
          attempt,
          intent: message.intent,
          error,
        });
      }
    }, options);
  }
}
