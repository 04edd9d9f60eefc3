import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installOutgoingDeadline, withDeadline } from "../../federation/outgoing-deadline.ts";

describe("the outgoing deadline", () => {
  // A server that accepts connections and never answers.
  let server: Server;
  let url: string;
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // That the connection is closed too is shown end to end (test/e2e/silent-servers.test.ts).
  it("aborts a request that gets no answer", async () => {
    const started = Date.now();
    await expect(withDeadline(fetch, 300)(url, { method: "POST", body: "{}" })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("applies to a Request's own signal too, whichever fires first", async () => {
    const caller = new AbortController();
    const request = new Request(url, { signal: caller.signal });
    const pending = withDeadline(fetch, 60_000)(request);
    caller.abort(new Error("the caller gave up"));
    await expect(pending).rejects.toThrow("the caller gave up");
  });

  it("is put on the global fetch once, however often it is installed, and taken off again", async () => {
    const original = globalThis.fetch;
    const removeFirst = installOutgoingDeadline(60_000);
    const removeSecond = installOutgoingDeadline(300);
    try {
      expect(globalThis.fetch).not.toBe(original);
      await expect(fetch(url)).rejects.toMatchObject({ name: "TimeoutError" });
      removeFirst(); // no longer the installed one: changes nothing
      expect(globalThis.fetch).not.toBe(original);
    } finally {
      removeSecond();
    }
    expect(globalThis.fetch).toBe(original);
  });
});
