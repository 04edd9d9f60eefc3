// Every lookup of a remote object goes through lookupWithinPolicy, which asks
// nothing of a host the federation policy refuses, not even the WebFinger
// request Fedify's lookupObject falls back to when a document cannot be loaded.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "@fedify/fedify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lookupHost, lookupWithinPolicy } from "../../federation/policy.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { seedPolicy } from "../../src/domain/federation-policy.ts";
import type { Services } from "../../src/services.ts";
import { freshSqlite } from "../helpers/databases.ts";

const FEDERATION_DIR = join(import.meta.dirname, "..", "..", "federation");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("lookups within the federation policy", () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await handle?.close();
  });

  it("are the only way the federation layer looks objects up", () => {
    const callers = sourceFiles(FEDERATION_DIR).filter((file) => /\blookupObject\(/.test(readFileSync(file, "utf8")));
    expect(callers.map((file) => file.slice(FEDERATION_DIR.length + 1))).toEqual(["policy.ts"]);
  });

  it("know the host of a URL and of a handle", () => {
    expect(lookupHost("https://Ailleurs.example/users/bob")).toBe("ailleurs.example");
    expect(lookupHost("acct:bob@ailleurs.example")).toBe("ailleurs.example");
    expect(lookupHost("@bob@ailleurs.example:8443")).toBe("ailleurs.example:8443");
    expect(lookupHost("pas une adresse")).toBeNull();
  });

  it("ask nothing of a refused host, while an allowed one gets the loader and then Fedify's WebFinger fallback", async () => {
    handle = await freshSqlite();
    await seedPolicy(handle.db, { mode: "open", blocked: ["bloque.example"], allowed: [] });
    const result = loadConfig({ PUBLIC_URL: "https://ici.example", ALLOW_PRIVATE_ADDRESS: "true" });
    if (!result.ok) throw new Error(result.problems.join());
    const loader = vi.fn(async (url: string): Promise<never> => {
      throw new Error(`${url} cannot be loaded`);
    });
    const ctx = { data: { db: handle.db, config: result.config }, documentLoader: loader, contextLoader: loader } as unknown as Context<Services>;
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("absent", { status: 404 }));

    expect(await lookupWithinPolicy(ctx, "https://bloque.example/users/x")).toBeNull();
    expect(await lookupWithinPolicy(ctx, "acct:x@bloque.example")).toBeNull();
    expect(loader).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();

    // What the check prevents: the document fails to load, and lookupObject asks the host's WebFinger itself.
    expect(await lookupWithinPolicy(ctx, "https://permis.example/users/x")).toBeNull();
    expect(loader).toHaveBeenCalledWith("https://permis.example/users/x", expect.anything());
    expect(fetchSpy.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input))).toContainEqual(
      expect.stringMatching(/^https:\/\/permis\.example\/\.well-known\/webfinger\?resource=/),
    );
  });
});
