// A member's archive (right to portability) carries their interests and the
// region and point they chose, as their actor does: `tag` Hashtags and a
// `location` Place, readable with Fedify's vocabulary.
import { Hashtag, Person, Place } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { updateLocalProfile } from "../../src/domain/actors.ts";
import { actorDocument } from "../../src/domain/data-export/activitypub.ts";
import { freshSqlite } from "../helpers/databases.ts";
import { offlineDocumentLoader } from "../helpers/fixtures.ts";

describe("the archive's actor.json", () => {
  it("holds the interests, the region and the point", async () => {
    const handle = await freshSqlite();
    try {
      const { actor } = await createUser(handle.db, new URL("https://a.example"), { handle: "alice", password: "correct horse battery staple", isAdmin: false });
      const saved = await updateLocalProfile(handle.db, actor, { fields: { interests: ["communs"], region: "13" }, coordinates: { latitude: 45.6, longitude: -73.7 } });
      const document = actorDocument(saved);
      expect(document.location).toEqual({ type: "Place", name: "Laval", latitude: 45.6, longitude: -73.7 });
      const person = await Person.fromJsonLd(document, { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader, baseUrl: new URL(saved.uri) });
      const place = await person.getLocation();
      expect(place).toBeInstanceOf(Place);
      expect(place?.name?.toString()).toBe("Laval");
      const tags = [];
      for await (const tag of person.getTags()) tags.push(tag);
      expect(tags.map((t) => (t instanceof Hashtag ? t.name?.toString() : null))).toEqual(["#communs"]);
    } finally {
      await handle.close();
    }
  });
});
