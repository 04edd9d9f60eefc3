// Every actor captured from another server is parsed and cached with its
// handle parts, inbox and profile, whatever software sent it.
import { isActor, Object as ASObject } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import { persistActor } from "../../federation/actors/persist-actor.ts";
import { findActorByUri } from "../../src/domain/actors.ts";
import { freshSqlite } from "../helpers/databases.ts";
import { fixturePaths, loadFixture, offlineDocumentLoader } from "../helpers/fixtures.ts";

const actorFixtures = fixturePaths((p) => /objects\/(person|group|instance)[^/]*\.json$/.test(p));

describe("remote actors from other servers", () => {
  it("finds the actor fixtures", () => {
    expect(actorFixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(actorFixtures)("persists %s", async (path) => {
    const json = loadFixture(path);
    const object = await ASObject.fromJsonLd(json, { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader });
    expect(isActor(object)).toBe(true);
    const handle = await freshSqlite();
    try {
      const row = await persistActor(handle.db, object as Parameters<typeof persistActor>[1]);
      expect(row).not.toBeNull();
      const stored = await findActorByUri(handle.db, String(json.id));
      expect(stored?.username).toBe(json.preferredUsername);
      expect(stored?.domain).toBe(new URL(String(json.id)).host);
      expect(stored?.inbox_url).toBe(json.inbox);
      expect(stored?.is_local).toBe(0);
      expect(stored?.type).toBe(json.type === "Service" ? "Service" : json.type);
      // Remote HTML never reaches our pages as HTML: the bio is kept as plain text.
      expect(stored?.summary ?? "").not.toMatch(/<[a-z]/i);
      // Refreshing the same actor updates the row instead of adding one.
      await persistActor(handle.db, object as Parameters<typeof persistActor>[1]);
      const count = await handle.db.selectFrom("actors").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    } finally {
      await handle.close();
    }
  });
});
