// Other servers' consent flags (toot:discoverable, toot:indexable), read from
// real captured actors into the columns our own members' choices use.
import { Object as ASObject } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import { persistActor } from "../../federation/actors/persist-actor.ts";
import { DATABASES } from "../domain/on-databases.ts";
import { loadFixture, offlineDocumentLoader } from "../helpers/fixtures.ts";

const CASES = [
  // Mastodon says discoverable: false and nothing of indexable: a person who did not consent to either.
  { path: "mastodon/objects/person.json", discoverable: 0, indexable: 0 },
  // WordPress's ActivityPub plugin says both.
  { path: "wordpress/objects/person.json", discoverable: 1, indexable: 1 },
  // Lemmy says nothing: a person, no consent; a community, findable.
  { path: "lemmy/objects/person.json", discoverable: 0, indexable: 0 },
  { path: "lemmy/objects/group.json", discoverable: 1, indexable: 1 },
] as const;

for (const database of DATABASES) {
  describe(`remote consent flags on ${database.name}`, () => {
    it.each(CASES)("$path is stored as discoverable $discoverable, indexable $indexable", async ({ path, discoverable, indexable }) => {
      const json = loadFixture(path);
      const object = await ASObject.fromJsonLd(json, { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader });
      const handle = await database.open();
      try {
        const row = await persistActor(handle.db, object as Parameters<typeof persistActor>[1]);
        expect([row?.discoverable, row?.indexable]).toEqual([discoverable, indexable]);
        // A later Update saying otherwise is followed (with the terms in Mastodon's namespace, as Mastodon sends them).
        const context = [json["@context"]].flat().concat({ toot: "http://joinmastodon.org/ns#", discoverable: "toot:discoverable", indexable: "toot:indexable" });
        const changed = await ASObject.fromJsonLd(
          { ...json, "@context": context, discoverable: !discoverable, indexable: !indexable },
          { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader },
        );
        const again = await persistActor(handle.db, changed as Parameters<typeof persistActor>[1]);
        expect([again?.discoverable, again?.indexable]).toEqual([1 - discoverable, 1 - indexable]);
      } finally {
        await handle.close();
      }
    });
  });
}
