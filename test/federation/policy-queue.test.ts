// The federation policy on outgoing deliveries: the MessageQueue decorator.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MessageQueue, MessageQueueEnqueueOptions } from "@fedify/fedify";
import { testMessageQueue } from "@fedify/testing";
import { describe, expect, it } from "vitest";
import { KyselyMessageQueue } from "../../federation/stores/kysely-message-queue.ts";
import { PolicyMessageQueue } from "../../federation/stores/policy-queue.ts";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

/** A queue that records what reaches it. */
class RecordingQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly enqueued: { message: unknown; options?: MessageQueueEnqueueOptions }[] = [];
  batches = 0;
  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    this.enqueued.push({ message, options });
  }
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    this.batches++;
    for (const message of messages) this.enqueued.push({ message, options });
  }
  async listen(): Promise<void> {}
  async getDepth() {
    return { queued: this.enqueued.length, ready: this.enqueued.length, delayed: 0 };
  }
}

// Shaped like Fedify 2.3's OutboxMessage / FanoutMessage / InboxMessage (fields trimmed to what matters).
const outbox = (inbox: string) => ({
  type: "outbox",
  id: crypto.randomUUID(),
  baseUrl: "https://c.example",
  keys: [],
  activity: { type: "Create" },
  activityId: "https://c.example/notes/1#create",
  activityType: "https://www.w3.org/ns/activitystreams#Create",
  inbox,
  sharedInbox: true,
  actorIds: ["https://x/actor"],
  started: new Date().toISOString(),
  attempt: 0,
  headers: {},
  traceContext: {},
});
const fanout = (...inboxes: string[]) => ({
  type: "fanout",
  id: crypto.randomUUID(),
  baseUrl: "https://c.example",
  keys: [],
  inboxes: Object.fromEntries(inboxes.map((inbox) => [inbox, { actorIds: [`${inbox}/actor`], sharedInbox: true }])),
  activity: { type: "Create" },
  activityId: "https://c.example/notes/1#create",
  activityType: "https://www.w3.org/ns/activitystreams#Create",
  traceContext: {},
});
const inbox = { type: "inbox", id: crypto.randomUUID(), baseUrl: "https://c.example", activity: { type: "Follow" }, started: "", attempt: 0, identifier: null, traceContext: {} };

function decorated(blocked: string[]) {
  const inner = new RecordingQueue();
  const asked: string[] = [];
  const queue = new PolicyMessageQueue(inner, async (host) => {
    asked.push(host);
    return !blocked.includes(host);
  });
  return { inner, queue, asked };
}

describe("PolicyMessageQueue", () => {
  it("drops a delivery to a refused inbox host and passes the others unchanged, with their options", async () => {
    const { inner, queue, asked } = decorated(["d.example:8443"]);
    const allowed = outbox("https://a.example/inbox");
    await queue.enqueue(allowed, { orderingKey: "k" });
    await queue.enqueue(outbox("https://D.example:8443/users/x/inbox"), { orderingKey: "k" });
    expect(inner.enqueued).toEqual([{ message: allowed, options: { orderingKey: "k" } }]);
    expect(inner.enqueued[0]!.message).toBe(allowed);
    expect(asked).toEqual(["a.example", "d.example:8443"]);
  });

  it("removes refused inboxes from a fan-out, and drops it when none is left", async () => {
    const { inner, queue } = decorated(["d.example", "e.example"]);
    const mixed = fanout("https://a.example/inbox", "https://d.example/inbox", "https://b.example/inbox");
    await queue.enqueue(mixed);
    await queue.enqueue(fanout("https://d.example/inbox", "https://e.example/inbox"));
    expect(inner.enqueued).toHaveLength(1);
    const kept = inner.enqueued[0]!.message as ReturnType<typeof fanout>;
    expect(Object.keys(kept.inboxes)).toEqual(["https://a.example/inbox", "https://b.example/inbox"]);
    expect({ ...kept, inboxes: mixed.inboxes }).toEqual(mixed);
    expect(kept.inboxes["https://a.example/inbox"]).toEqual(mixed.inboxes["https://a.example/inbox"]);
    // The original message is not mutated (Fedify may still hold it).
    expect(Object.keys(mixed.inboxes)).toHaveLength(3);
  });

  it("passes inbox messages and anything it does not know untouched", async () => {
    const { inner, queue, asked } = decorated(["c.example"]);
    for (const message of [inbox, "text", 42, null, { type: "outbox" }, { no: "type" }]) await queue.enqueue(message);
    expect(inner.enqueued.map((e) => e.message)).toEqual([inbox, "text", 42, null, { type: "outbox" }, { no: "type" }]);
    expect(asked).toEqual([]);
  });

  it("filters batches (enqueueMany) in one inner batch, and skips an empty one", async () => {
    const { inner, queue } = decorated(["d.example"]);
    const a = outbox("https://a.example/inbox");
    await queue.enqueueMany!([a, outbox("https://d.example/inbox"), inbox]);
    await queue.enqueueMany!([outbox("https://d.example/inbox")]);
    expect(inner.batches).toBe(1);
    expect(inner.enqueued.map((e) => e.message)).toEqual([a, inbox]);
  });

  it("mirrors the inner queue: optional methods only when it has them, nativeRetrial, listen and depth delegated", async () => {
    const { queue, inner } = decorated([]);
    expect(queue.nativeRetrial).toBe(false);
    await queue.enqueue(outbox("https://a.example/inbox"));
    expect(await queue.getDepth!()).toEqual(await inner.getDepth());
    const bare: MessageQueue = { enqueue: async () => {}, listen: async () => {}, nativeRetrial: true };
    const wrapped = new PolicyMessageQueue(bare, () => true);
    expect(wrapped.enqueueMany).toBeUndefined();
    expect(wrapped.getDepth).toBeUndefined();
    expect(wrapped.nativeRetrial).toBe(true);
    let listened: unknown = null;
    const signal = new AbortController().signal;
    const spy = new PolicyMessageQueue({ enqueue: async () => {}, listen: async (_h, options) => void (listened = options) }, () => true);
    await spy.listen(() => {}, { signal });
    expect(listened).toEqual({ signal });
  });

  it("applies a policy change to the next message at once", async () => {
    let blocked = false;
    const inner = new RecordingQueue();
    const queue = new PolicyMessageQueue(inner, (host) => !(blocked && host === "d.example"));
    await queue.enqueue(outbox("https://d.example/inbox"));
    blocked = true;
    // Fedify re-enqueues a failed delivery for its retry: that retry is dropped too.
    await queue.enqueue({ ...outbox("https://d.example/inbox"), attempt: 1 });
    expect(inner.enqueued).toHaveLength(1);
  });

  it("keeps the real queue's contract (Fedify's conformance suite) when everything is allowed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encommun-policy-mq-"));
    const handle = openDatabase(`sqlite:${join(dir, "q.sqlite")}`);
    try {
      await migrateToLatest(handle.db);
      await testMessageQueue(() => new PolicyMessageQueue(new KyselyMessageQueue(handle, { pollIntervalMs: 200 }), () => true), ({ controller }) => controller.abort(), {
        testOrderingKey: true,
      });
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
