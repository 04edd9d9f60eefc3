// Another server's actor brings its interests as `tag` Hashtags and its region
// as a `location` Place (as ours publish them, federation/actors/to-actor.ts).
// Read: embedded Hashtags (not Mastodon's Emoji), the Place's name and point;
// a tag or location given only by URL is never fetched.
import { Object as ASObject } from "@fedify/vocab";
import { afterEach, describe, expect, it, vi } from "vitest";
import { persistActor } from "../../federation/actors/persist-actor.ts";
import { findActorByUri, profileFields } from "../../src/domain/actors.ts";
import { freshSqlite } from "../helpers/databases.ts";
import { offlineDocumentLoader } from "../helpers/fixtures.ts";

const PERSON = {
  "@context": ["https://www.w3.org/ns/activitystreams", { Hashtag: "as:Hashtag", toot: "http://joinmastodon.org/ns#", Emoji: "toot:Emoji" }],
  id: "https://b.example/users/carol",
  type: "Person",
  preferredUsername: "carol",
  inbox: "https://b.example/users/carol/inbox",
  discoverable: true,
  tag: [
    { type: "Emoji", name: ":jardin:", icon: { type: "Image", url: "https://b.example/emoji/jardin.png" } },
    { type: "Hashtag", name: "#Agroécologie", href: "https://b.example/find?tag=agroecologie" },
    "https://b.example/tags/fetched-never",
  ],
  location: { type: "Place", name: "Outaouais", latitude: 45.4765, longitude: -75.7013 },
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a remote actor's interests and place", () => {
  it("are read from embedded Hashtags and a Place, without fetching anything", async () => {
    vi.stubGlobal("fetch", async (input: unknown) => {
      throw new Error(`Unexpected fetch: ${String(input)}`);
    });
    const object = await ASObject.fromJsonLd(PERSON, { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader });
    const handle = await freshSqlite();
    try {
      await persistActor(handle.db, object as Parameters<typeof persistActor>[1]);
      const stored = (await findActorByUri(handle.db, PERSON.id))!;
      expect(profileFields(stored)).toMatchObject({ interests: ["Agroécologie"], region: "Outaouais" });
      expect(stored).toMatchObject({ region: "07", latitude: 45.477, longitude: -75.701 });
      const rows = await handle.db.selectFrom("actor_interests").select(["key", "name"]).where("actor_id", "=", stored.id).execute();
      expect(rows).toEqual([{ key: "agroecologie", name: "Agroécologie" }]);

      // An actor that drops them (or never had them, as Mastodon's) is stored without.
      const bare = await ASObject.fromJsonLd({ ...PERSON, tag: [], location: undefined }, { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader });
      await persistActor(handle.db, bare as Parameters<typeof persistActor>[1]);
      const after = (await findActorByUri(handle.db, PERSON.id))!;
      expect(after).toMatchObject({ region: null, latitude: null, longitude: null });
      expect(await handle.db.selectFrom("actor_interests").selectAll().execute()).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
