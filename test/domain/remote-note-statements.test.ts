// What storing a received note costs in statements (each one a round trip on
// PostgreSQL): a new note only inserts, an edit replaces its tags, links and
// authors. Counted by a Kysely plugin on the same database.
import type { KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { EMPTY_PROFILE, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { upsertRemoteNote, type RemoteNoteData } from "../../src/domain/remote-notes.ts";
import { DATABASES, useServices } from "./on-databases.ts";

describe.each(DATABASES)("storing a received note on $name", ({ open }) => {
  const current = useServices(open);

  async function carol(): Promise<ActorRow> {
    return upsertRemoteActor(current().db, {
      uri: "https://ailleurs.example/users/carol", type: "Person", username: "carol", domain: "ailleurs.example", name: null, summary: null,
      iconUrl: null, url: null, inboxUrl: "https://ailleurs.example/users/carol/inbox", sharedInboxUrl: null, outboxUrl: null,
      followersUrl: null, followingUrl: null, manuallyApprovesFollowers: false, fields: EMPTY_PROFILE,
    });
  }

  function note(author: ActorRow, tags: string[], links: string[], updated: string | null = null): RemoteNoteData {
    return {
      uri: "https://ailleurs.example/notes/1", url: null, title: "Semis", summary: null, contentHtml: "<p>Texte.</p>", contentSource: null,
      language: "fr", license: null, visibility: "public", authors: [author], inReplyTo: null, context: null, tags, terms: [], links,
      media: [], translations: [], published: "2026-12-01T12:00:00.000Z", updated,
    };
  }

  function countingDeletes() {
    const deletes: string[] = [];
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        if (args.node.kind === "DeleteQueryNode") deletes.push(args.node.from.froms.map((f) => JSON.stringify(f)).join());
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    return { deletes, db: current().db.withPlugin(plugin) };
  }

  it("a new note is inserted without deleting anything first", async () => {
    const author = await carol();
    const { deletes, db } = countingDeletes();
    const result = await upsertRemoteNote(db, note(author, ["semis"], ["https://ailleurs.example/guide"]), async () => []);
    expect(result.status).toBe("created");
    expect(deletes).toEqual([]);
  });

  it("an edit replaces the note's tags and links", async () => {
    const author = await carol();
    const { db } = current();
    await upsertRemoteNote(db, note(author, ["semis", "jardin"], ["https://ailleurs.example/guide"]), async () => []);
    const edited = await upsertRemoteNote(db, note(author, ["potager"], [], "2026-12-02T12:00:00.000Z"), async () => []);
    expect(edited.status).toBe("updated");
    const tags = await db.selectFrom("note_tags").select("key").where("note_id", "=", edited.note!.id).execute();
    expect(tags.map((t) => t.key)).toEqual(["potager"]);
    expect(await db.selectFrom("note_links").select("target_uri").where("note_id", "=", edited.note!.id).execute()).toEqual([]);
    expect(await db.selectFrom("note_authors").select("actor_id").where("note_id", "=", edited.note!.id).execute()).toEqual([{ actor_id: author.id }]);
  });
});
