// A dedicated PostgreSQL connection that LISTENs on a channel, so queue
// workers in other processes wake as soon as a message is enqueued instead of
// waiting for their next poll. LISTEN needs a connection of its own: a pooled
// one would be handed to other queries and lose the subscription. When the
// connection drops it reconnects, and wakes the listener once reconnected in
// case a notification was missed meanwhile.
import { getLogger } from "@logtape/logtape";
import type pg from "pg";
import { postgresDriver } from "../../src/db/lazy-drivers.ts";

const logger = getLogger(["encommun", "federation", "queue"]);

export const NOTIFIER_APPLICATION_NAME = "encommun-queue-listener";

export interface PostgresNotifierOptions {
  /** Delay before reconnecting after the connection failed or dropped. */
  readonly reconnectDelayMs?: number;
}

export class PostgresNotifier {
  readonly #url: string;
  readonly #channel: string;
  readonly #onNotify: () => void;
  readonly #reconnectDelayMs: number;
  #client: pg.Client | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /** `channel` must be a plain SQL identifier (it is quoted, not escaped). */
  constructor(url: string, channel: string, onNotify: () => void, options: PostgresNotifierOptions = {}) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new TypeError(`Invalid channel name: ${channel}`);
    this.#url = url;
    this.#channel = channel;
    this.#onNotify = onNotify;
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  }

  start(): void {
    void this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new (postgresDriver().Client)({ connectionString: this.#url, application_name: NOTIFIER_APPLICATION_NAME });
    let failed = false;
    const fail = (error?: unknown) => {
      if (failed) return; // "error" and "end" both fire for one drop
      failed = true;
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => {});
      if (this.#closed) return;
      logger.warn("Queue LISTEN connection lost; reconnecting: {error}", { error });
      this.#retry = setTimeout(() => void this.#connect(), this.#reconnectDelayMs);
    };
    client.on("error", fail);
    client.on("end", () => fail());
    client.on("notification", (message) => {
      if (message.channel === this.#channel) this.#onNotify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#channel}"`);
    } catch (error) {
      fail(error);
      return;
    }
    if (this.#closed || failed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#onNotify();
  }
}
