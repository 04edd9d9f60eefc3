// The sitemap's queries and the media cache's shared secret, on both databases.
import { describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { mediaCacheSecret } from "../../src/domain/media-cache.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { changePrivacyChoices } from "../../src/domain/privacy-choices.ts";
import { sitemapCounts, sitemapPage } from "../../src/domain/sitemap.ts";
import { DATABASES, useServices } from "./on-databases.ts";

for (const database of DATABASES) {
  describe(`the sitemap on ${database.name}`, () => {
    const services = useServices(database.open);

    it("counts and pages only what members allow search engines to index", async () => {
      const s = services();
      const { actor: alice } = await createUser(s.db, s.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false });
      const { actor: bob } = await createUser(s.db, s.config.publicUrl, { handle: "bob", password: "correct horse battery", isAdmin: false });
      await changePrivacyChoices(s, bob, { searchEngines: true });
      await createNote(s, alice, { title: "Refusée", content: "Texte." });
      const listed = await createNote(s, bob, { title: "Acceptée", content: "Texte." });
      // Co-written with someone who refuses: left out.
      const cowritten = await createNote(s, bob, { title: "À deux", content: "Texte." });
      await s.db.insertInto("note_authors").values({ note_id: cowritten.note.id, actor_id: alice.id, position: 1 }).execute();

      expect(await sitemapCounts(s.db)).toEqual({ notes: 1, notebooks: 0, terms: 0, communities: 0, people: 1 });
      expect((await sitemapPage(s.db, "notes", 1)).map((e) => e.path)).toEqual([`/notes/${listed.note.id}`]);
      expect((await sitemapPage(s.db, "people", 1)).map((e) => e.path)).toEqual(["/@bob"]);
      expect(await sitemapPage(s.db, "notes", 2)).toEqual([]);
    });

    it("makes one media cache secret, kept in the database for every process", async () => {
      const s = services();
      const [first, second] = await Promise.all([mediaCacheSecret(s.db), mediaCacheSecret(s.db)]);
      expect(first.length).toBe(32);
      expect(second.equals(first)).toBe(true);
      const rows = await s.db.selectFrom("fedify_kv").select("value").where("key", "=", JSON.stringify(["encommun", "media-cache-secret"])).execute();
      expect(rows).toHaveLength(1);
      expect(Buffer.from(JSON.parse(rows[0]!.value) as string, "base64url").equals(first)).toBe(true);
    });
  });
}
