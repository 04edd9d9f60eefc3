// DNS rebinding on a production policy: a name that resolves to a public
// address when checked and to 127.0.0.1 when connected. Every outgoing
// connection checks the address it connects to, so nothing reaches the
// loopback server, through Fedify's loaders or a plain fetch.
import dns, { type LookupAddress } from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import { createServer, type Server } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchOptions } from "../../federation/fetch-policy.ts";
import { pinnedDispatcher, type LookupFunction } from "../../federation/pinned-dispatcher.ts";
import { createFederationRuntime } from "../../federation/runtime.ts";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import type { FederationRuntime } from "../../src/runtime.ts";
import { testConfig } from "../helpers/services.ts";

const PUBLIC = "93.184.216.34";

/** A resolver that answers each name with `answers` in turn (the last one repeating), recording each question. */
function rebinding(answers: string[]) {
  const asked: string[] = [];
  const next = (hostname: string): LookupAddress[] => {
    asked.push(hostname);
    const address = answers[Math.min(asked.length - 1, answers.length - 1)]!;
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };
  const lookup: LookupFunction = (hostname, options, callback) => {
    const all = next(hostname);
    if (options.all) callback(null, all);
    else callback(null, all[0]!.address, all[0]!.family);
  };
  return { asked, lookup, promise: async (hostname: string) => next(hostname) };
}

let server: Server;
let port: number;
let connections = 0;

beforeEach(async () => {
  connections = 0;
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("DNS rebinding", () => {
  describe("the whole process, as production runs it", () => {
    const original = { lookup: dns.lookup, promises: dns.promises.lookup };
    let database: DatabaseHandle;
    let runtime: FederationRuntime;

    afterEach(async () => {
      dns.lookup = original.lookup;
      dns.promises.lookup = original.promises;
      syncBuiltinESMExports();
      await runtime.close();
      await database.close();
    });

    it("never connects to the private address a name turns into after its check", async () => {
      const resolver = rebinding([PUBLIC, "127.0.0.1"]);
      // The system resolver, for everyone: Fedify's address check (dns/promises) and every connection.
      dns.lookup = resolver.lookup as typeof dns.lookup;
      dns.promises.lookup = resolver.promise as unknown as typeof dns.promises.lookup;
      syncBuiltinESMExports();
      const config = testConfig();
      expect(config.allowPrivateAddress).toBe(false);
      database = openDatabase("sqlite::memory:");
      await migrateToLatest(database.db);
      runtime = await createFederationRuntime(config, database);

      const loader = fetchOptions(false, "test").documentLoaderFactory!({} as never);
      await expect(loader(`https://rebind.example:${port}/users/mallory`)).rejects.toThrow();
      // Checked once (public), then resolved again to connect (private): refused, never connected.
      expect(resolver.asked).toEqual(["rebind.example", "rebind.example"]);
      expect(connections).toBe(0);

      // Any other outgoing request too (deliveries, NodeInfo: Fedify uses the global fetch).
      await expect(fetch(`http://rebind.example:${port}/inbox`, { method: "POST" })).rejects.toThrow();
      expect(connections).toBe(0);
    });
  });

  it("checks every address of an answer, and literal addresses", async () => {
    const dispatcher = pinnedDispatcher({ lookup: (_hostname, _options, callback) => callback(null, [{ address: PUBLIC, family: 4 }, { address: "127.0.0.1", family: 4 }]) });
    try {
      const mixed = fetch(`http://mixed.example:${port}/`, { dispatcher } as RequestInit);
      await expect(mixed).rejects.toMatchObject({ cause: { message: expect.stringContaining("Invalid or private address: mixed.example resolves to 127.0.0.1") } });
      for (const literal of [`http://127.0.0.1:${port}/`, `http://[::1]:${port}/`, `http://10.0.0.1:${port}/`]) {
        await expect(fetch(literal, { dispatcher } as RequestInit), literal).rejects.toMatchObject({ cause: { message: expect.stringContaining("Invalid or private address") } });
      }
      expect(connections).toBe(0);
    } finally {
      await dispatcher.close();
    }
  });

  it("connects when every address is public (here, a stand-in resolver pointing at a public address that refuses)", async () => {
    const resolver = rebinding([PUBLIC]);
    const dispatcher = pinnedDispatcher({ lookup: resolver.lookup, connectTimeoutMs: 200 });
    try {
      // 93.184.216.34 is unreachable from this machine: the error is the connection's, not a refusal.
      const outcome = await fetch(`http://public.example:${port}/`, { dispatcher } as RequestInit).catch((error: Error) => error);
      expect(outcome).toBeInstanceOf(Error);
      expect(String((outcome as Error & { cause?: Error }).cause?.message)).not.toContain("Invalid or private address");
      expect(resolver.asked).toEqual(["public.example"]);
    } finally {
      await dispatcher.close();
    }
  });
});
