// A note its author deleted before we had it is never stored afterwards,
// even when its Delete lands while the note is being stored.
import { describe, expect, it } from "vitest";
import { upsertRemoteActor, EMPTY_PROFILE, type ActorRow } from "../../src/domain/actors.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { upsertRemoteNote, type RemoteNoteData } from "../../src/domain/remote-notes.ts";
import { isTombstoned, recordRemoteTombstone } from "../../src/domain/remote-tombstones.ts";
import { DATABASES, useServices } from "./on-databases.ts";

describe.each(DATABASES)("remote tombstones on $name", ({ open }) => {
  const current = useServices(open);

  async function author(): Promise<ActorRow> {
    return upsertRemoteActor(current().db, {
      uri: "https://ailleurs.example/users/carol",
      type: "Person",
      username: "carol",
      domain: "ailleurs.example",
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: "https://ailleurs.example/users/carol/inbox",
      sharedInboxUrl: null,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: EMPTY_PROFILE,
    });
  }

  function note(uri: string, carol: ActorRow, updated: string | null = null): RemoteNoteData {
    return {
      uri, url: null, title: "Zombie", summary: null, contentHtml: "<p>Texte.</p>", contentSource: null, language: "fr", license: null,
      visibility: "public", authors: [carol], inReplyTo: null, context: null, tags: [], terms: [], links: [], media: [], translations: [],
      published: "2026-12-01T12:00:00.000Z", updated,
    };
  }

  it("refuses to store a tombstoned note, by Create or by a later Update, and stores the others", async () => {
    const { db } = current();
    const carol = await author();
    await recordRemoteTombstone(db, "https://ailleurs.example/notes/1", carol.uri);
    await recordRemoteTombstone(db, "https://ailleurs.example/notes/1", carol.uri); // a redelivered Delete
    expect(await upsertRemoteNote(db, note("https://ailleurs.example/notes/1", carol), async () => [])).toEqual({ status: "tombstoned", note: null });
    expect((await upsertRemoteNote(db, note("https://ailleurs.example/notes/1", carol, "2026-12-02T12:00:00.000Z"), async () => [])).status).toBe("tombstoned");
    expect(await findNoteByUri(db, "https://ailleurs.example/notes/1")).toBeUndefined();
    expect((await upsertRemoteNote(db, note("https://ailleurs.example/notes/2", carol), async () => [])).status).toBe("created");
    expect(await isTombstoned(db, "https://ailleurs.example/notes/2")).toBe(false);
  });

  it("leaves no live copy when the Delete is recorded while the note is being stored", async () => {
    const { db } = current();
    const carol = await author();
    const uri = "https://ailleurs.example/notes/3";
    // Term resolution runs between the tombstone check and the insert: the Delete lands there.
    const result = await upsertRemoteNote(db, note(uri, carol), async () => {
      await recordRemoteTombstone(db, uri, carol.uri);
      return [];
    });
    expect(result.status).toBe("tombstoned");
    expect((await findNoteByUri(db, uri))?.deleted_at).not.toBeNull();
  });
});
