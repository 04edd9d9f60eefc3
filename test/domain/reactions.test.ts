import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { NoteRow } from "../../src/domain/notes.ts";
import {
  countReactions,
  likeNote,
  listReactions,
  participationOf,
  recordReaction,
  removeReactionByActivity,
  shareNote,
  unlikeNote,
  unshareNote,
} from "../../src/domain/reactions.ts";
import { countRead, isCountableView, readCounts } from "../../src/domain/reads.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

describe.each(DATABASES)("likes, shares and readings on $name", ({ open }) => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;
  let remote: ActorRow;
  let note: NoteRow;
  const current = useServices(open);

  function remoteActor(username: string): Promise<ActorRow> {
    return upsertRemoteActor(services.db, {
      uri: `https://ailleurs.example/users/${username}`,
      type: "Person",
      username,
      domain: "ailleurs.example",
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: `https://ailleurs.example/users/${username}/inbox`,
      sharedInboxUrl: "https://ailleurs.example/inbox",
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
  }

  async function remoteNote(author: ActorRow, visibility: NoteRow["visibility"] = "public"): Promise<NoteRow> {
    const result = await upsertRemoteNote(
      services.db,
      {
        uri: `${author.uri}/notes/${visibility}`,
        url: null,
        title: "Une note d'ailleurs",
        summary: null,
        contentHtml: "<p>Texte.</p>",
        contentSource: null,
        language: "fr",
        license: null,
        visibility,
        authors: [author],
        inReplyTo: null,
        context: null,
        tags: [],
        terms: [],
        links: [],
        media: [],
        translations: [],
        published: "2026-11-01T12:00:00.000Z",
        updated: null,
      },
      async () => [],
    );
    if (result.note == null) throw new Error("not stored");
    return result.note;
  }

  beforeEach(async () => {
    services = current();
    const origin = services.config.publicUrl;
    alice = (await createUser(services.db, origin, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    bob = (await createUser(services.db, origin, { handle: "bob", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    remote = await remoteActor("zoe");
    note = (await createNote(services, alice, { title: "Les jardins", content: "Des corvées partagées." })).note;
    services.sent.length = 0;
  });

  it("likes a local note once, counts it, and takes it back without federating (no remote author)", async () => {
    const first = await likeNote(services, bob, note.id);
    expect(first.created).toBe(true);
    expect(first.reaction.activity_uri).toBe(`${bob.uri}#likes/${first.reaction.id}`);
    expect((await likeNote(services, bob, note.id)).created).toBe(false);
    expect(await countReactions(services.db, note.id, "like")).toBe(1);
    expect((await participationOf(services.db, [note.id], bob.id)).get(note.id)).toEqual({ likes: 1, shares: 0, reads: 0, likedByMe: true, sharedByMe: false });
    expect((await participationOf(services.db, [note.id], alice.id)).get(note.id)?.likedByMe).toBe(false);
    expect(services.sent).toEqual([]);
    expect(await unlikeNote(services, bob, note.id)).toBe(true);
    expect(await unlikeNote(services, bob, note.id)).toBe(false);
    expect(await countReactions(services.db, note.id, "like")).toBe(0);
    expect(services.sent).toEqual([]);
  });

  it("sends Like and Undo(Like) intents for a remote note, with the recorded activity id", async () => {
    const theirs = await remoteNote(remote);
    const { reaction } = await likeNote(services, bob, theirs.id);
    await unlikeNote(services, bob, theirs.id);
    expect(services.sent).toEqual([
      { type: "like", actorId: bob.id, noteId: theirs.id, activityUri: reaction.activity_uri },
      { type: "unlike", actorId: bob.id, noteId: theirs.id, activityUri: reaction.activity_uri },
    ]);
  });

  it("shares public and unlisted notes only, and always hands shares to the outbox", async () => {
    const { reaction, created } = await shareNote(services, bob, note.id);
    expect(created).toBe(true);
    expect(reaction.activity_uri).toBe(`${bob.uri}#shares/${reaction.id}`);
    expect((await shareNote(services, bob, note.id)).created).toBe(false);
    expect(await unshareNote(services, bob, note.id)).toBe(true);
    expect(services.sent).toEqual([
      { type: "share", actorId: bob.id, noteId: note.id, activityUri: reaction.activity_uri },
      { type: "unshare", actorId: bob.id, noteId: note.id, activityUri: reaction.activity_uri },
    ]);
    const restricted = (await createNote(services, alice, { title: "Abonné·es", content: "x", visibility: "followers" })).note;
    await recordFollow(services.db, services.config.publicUrl, bob, alice, { accepted: true });
    await expect(shareNote(services, bob, restricted.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await likeNote(services, bob, restricted.id)).created).toBe(true);
  });

  it("refuses notes the person may not see, deleted notes and unknown ids", async () => {
    const restricted = (await createNote(services, alice, { title: "Abonné·es", content: "x", visibility: "followers" })).note;
    await expect(likeNote(services, bob, restricted.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(likeNote(services, bob, "nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(unlikeNote(services, bob, "nope")).rejects.toMatchObject({ code: "not_found" });
    await services.db.updateTable("notes").set({ deleted_at: new Date().toISOString() }).where("id", "=", note.id).execute();
    await expect(likeNote(services, bob, note.id)).rejects.toMatchObject({ code: "gone" });
    await expect(likeNote(services, remote, note.id)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("records remote reactions idempotently by activity id; only their actor removes them", async () => {
    const activityUri = "https://ailleurs.example/users/zoe#likes/1";
    const first = await recordReaction(services.db, { kind: "like", actorId: remote.id, noteId: note.id, activityUri });
    expect(first?.created).toBe(true);
    // Redelivery, and a second Like with a new id: still one like.
    expect((await recordReaction(services.db, { kind: "like", actorId: remote.id, noteId: note.id, activityUri }))?.created).toBe(false);
    expect((await recordReaction(services.db, { kind: "like", actorId: remote.id, noteId: note.id, activityUri: `${activityUri}-bis` }))?.created).toBe(false);
    // Someone else reusing the id is refused.
    const mallory = await remoteActor("mallory");
    const other = (await createNote(services, alice, { title: "Autre", content: "y" })).note;
    expect(await recordReaction(services.db, { kind: "like", actorId: mallory.id, noteId: other.id, activityUri })).toBeNull();
    expect(await removeReactionByActivity(services.db, activityUri, mallory.id)).toBeUndefined();
    expect(await listReactions(services.db, note.id, "like")).toEqual([expect.objectContaining({ activityUri, actorUri: remote.uri })]);
    expect((await removeReactionByActivity(services.db, activityUri, remote.id))?.actor_id).toBe(remote.id);
    expect(await countReactions(services.db, note.id, "like")).toBe(0);
  });

  it("counts readings as one number per note, concurrent views included", async () => {
    const other = (await createNote(services, alice, { title: "Autre", content: "y" })).note;
    await Promise.all(Array.from({ length: 5 }, () => countRead(services.db, note.id)));
    await countRead(services.db, other.id);
    expect(await readCounts(services.db, [note.id, other.id, "none"])).toEqual(new Map([[note.id, 5], [other.id, 1]]));
    await likeNote(services, bob, other.id);
    await shareNote(services, alice, other.id);
    const all = await participationOf(services.db, [note.id, other.id], null);
    expect(all.get(note.id)).toEqual({ likes: 0, shares: 0, reads: 5, likedByMe: false, sharedByMe: false });
    expect(all.get(other.id)).toEqual({ likes: 1, shares: 1, reads: 1, likedByMe: false, sharedByMe: false });
  });
});

describe("which page views are readings", () => {
  it("counts browsers, not robots, previews, scripts or prefetches", () => {
    expect(isCountableView({ userAgent: FIREFOX })).toBe(true);
    expect(isCountableView({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1" })).toBe(true);
    expect(isCountableView({ userAgent: FIREFOX, purpose: "prefetch" })).toBe(false);
    for (const agent of [
      null,
      "",
      "curl/8.5.0",
      "node",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (compatible; Mastodon/4.3.0; +https://mastodon.example/)",
      "http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.example/)",
      "facebookexternalhit/1.1",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
    ]) {
      expect(isCountableView({ userAgent: agent }), String(agent)).toBe(false);
    }
  });
});
