// Each kind of notification is written where its event is recorded, for
// local acts and for what other servers send alike, in the same transaction;
// the actor themselves, remote people and muted actors are never notified.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { deleteLocalAccount } from "../../src/domain/account-deletion.ts";
import { findActorByHandle, findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { shareIntoCommunity } from "../../src/domain/community-shares.ts";
import { followActor } from "../../src/domain/following.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { blockOrMute } from "../../src/domain/member-blocks.ts";
import { mentionedUsernames } from "../../src/domain/mentions.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { countUnread, listNotifications, markNotificationsRead } from "../../src/domain/notifications.ts";
import { likeNote, recordReaction, shareNote } from "../../src/domain/reactions.ts";
import { upsertRemoteNote, type RemoteNoteData } from "../../src/domain/remote-notes.ts";
import { createReport, fileIncomingFlag } from "../../src/domain/reports.ts";
import type { DatabaseHandle } from "../../src/db/database.ts";
import type { TestServices } from "../helpers/services.ts";
import { storeRemotePerson } from "../helpers/remote-actors.ts";
import { DATABASES, servicesOn } from "./on-databases.ts";
import { afterEach } from "vitest";

const PASSWORD = "correct horse battery";

/** Services whose directory and lookup know what the database holds (local URIs and handles), nothing remote. */
function localServices(handle: DatabaseHandle): TestServices {
  const base = servicesOn(handle);
  const resolveActor = async (query: string) => {
    const parts = parseHandle(query);
    return (parts ? await findActorByHandle(handle.db, parts.username, parts.host) : await findActorByUri(handle.db, query)) ?? null;
  };
  return {
    ...base,
    directory: { resolve: resolveActor },
    lookup: {
      resolve: async (query) => {
        const note = await findNoteByUri(handle.db, query);
        if (note) return { kind: "note", note };
        const actor = await resolveActor(query);
        return actor ? { kind: "actor", actor } : null;
      },
    },
  };
}

describe.each(DATABASES)("notifications on $name", ({ open }) => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;
  let remote: ActorRow;

  beforeEach(async () => {
    services = localServices(await open());
    const origin = services.config.publicUrl;
    ({ actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false }));
    ({ actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false }));
    remote = await storeRemotePerson(services, "https://ailleurs.example/users/rita");
  });
  afterEach(async () => {
    await services.close();
  });

  async function kinds(person: ActorRow): Promise<string[]> {
    return (await listNotifications(services.db, person.id)).items.map((n) => n.kind);
  }

  it("tells of follows, follow requests (a locked account) and join requests (a community's moderators)", async () => {
    await followActor(services, bob, alice);
    expect((await listNotifications(services.db, alice.id)).items).toMatchObject([{ kind: "follow", subject_uri: bob.uri, actor_id: bob.id }]);
    // A follower from elsewhere, as the inbox records it.
    await services.db.transaction().execute((tx) => recordFollow(tx, services.config.publicUrl, remote, alice, { activityUri: "https://ailleurs.example/follows/1", accepted: true }));
    // The same Follow again (a redelivery) tells nothing new.
    await services.db.transaction().execute((tx) => recordFollow(tx, services.config.publicUrl, remote, alice, { activityUri: "https://ailleurs.example/follows/1", accepted: true }));
    expect(await kinds(alice)).toEqual(["follow", "follow"]);

    await services.db.updateTable("actors").set({ manually_approves_followers: 1 }).where("id", "=", bob.id).execute();
    await followActor(services, alice, { ...bob, manually_approves_followers: 1 });
    expect(await kinds(bob)).toEqual(["follow-request"]);

    const cercle = await createCommunity(services, alice, parseNewCommunity({ handle: "cercle", visibility: "private" }));
    await followActor(services, bob, cercle.actor);
    expect((await listNotifications(services.db, alice.id)).items[0]).toMatchObject({ kind: "join-request", subject_uri: cercle.actor.uri, actor_id: bob.id });
    // An open community's new members are not announced.
    const ouvert = await createCommunity(services, alice, parseNewCommunity({ handle: "ouvert", visibility: "public" }));
    await followActor(services, bob, ouvert.actor);
    expect(await countUnread(services.db, alice.id)).toBe(3);
  });

  it("tells authors of likes and shares, from here and elsewhere, never of their own, never from someone they mute", async () => {
    const { note } = await createNote(services, alice, { title: "Les jardins", content: "Des corvées partagées." });
    await likeNote(services, alice, note.id);
    expect(await kinds(alice)).toEqual([]);
    await likeNote(services, bob, note.id);
    await shareNote(services, bob, note.id);
    await services.db.transaction().execute((tx) => recordReaction(tx, { kind: "like", actorId: remote.id, noteId: note.id, activityUri: "https://ailleurs.example/likes/1" }));
    expect((await listNotifications(services.db, alice.id)).items.map((n) => [n.kind, n.actor_id, n.subject_uri])).toEqual([
      ["like", remote.id, note.uri],
      ["share", bob.id, note.uri],
      ["like", bob.id, note.uri],
    ]);
    await blockOrMute(services, alice, { actor: remote }, "mute");
    await services.db.transaction().execute((tx) => recordReaction(tx, { kind: "share", actorId: remote.id, noteId: note.id, activityUri: "https://ailleurs.example/shares/1" }));
    expect(await kinds(alice)).toHaveLength(3);
  });

  it("tells of replies and mentions, local and received; someone answered and named hears of the reply only", async () => {
    const origin = services.config.publicUrl;
    const { note } = await createNote(services, alice, { title: "Question", content: "Qui vient samedi?" });
    await createNote(services, bob, { title: "Réponse", content: `Moi! @alice, et @bob@${origin.host}`, inReplyTo: note.uri });
    expect(await kinds(alice)).toEqual(["reply"]);
    expect(await kinds(bob)).toEqual([]);
    await createNote(services, alice, { title: "Rappel", content: "Merci @bob (et @rita@ailleurs.example, alice@example.org)." });
    expect(await kinds(bob)).toEqual(["mention"]);

    const received = (uri: string, extra: Partial<RemoteNoteData>): RemoteNoteData => ({
      uri, url: null, title: "De loin", summary: null, contentHtml: "<p>Bonjour</p>", contentSource: null, language: "fr", license: null,
      visibility: "public", authors: [remote], inReplyTo: null, context: null, tags: [], terms: [], links: [], media: [], translations: [],
      published: new Date().toISOString(), updated: null, ...extra,
    });
    await upsertRemoteNote(services.db, received("https://ailleurs.example/notes/1", { inReplyTo: note.uri }), async () => [], { notify: true });
    await upsertRemoteNote(services.db, received("https://ailleurs.example/notes/2", { mentions: [bob.uri] }), async () => [], { notify: true });
    // Fetched later (a search, a backfill): nobody is told.
    await upsertRemoteNote(services.db, received("https://ailleurs.example/notes/3", { inReplyTo: note.uri }), async () => []);
    expect((await listNotifications(services.db, alice.id)).items.map((n) => [n.kind, n.subject_uri, n.actor_id])).toEqual([
      ["reply", "https://ailleurs.example/notes/1", remote.id],
      ["reply", expect.stringContaining("/notes/"), bob.id],
    ]);
    expect(await kinds(bob)).toEqual(["mention", "mention"]);
    // A followers-only reply is not shown (nor told) to someone who may not read it.
    await upsertRemoteNote(services.db, received("https://ailleurs.example/notes/4", { inReplyTo: note.uri, visibility: "followers" }), async () => [], { notify: true });
    expect(await kinds(alice)).toHaveLength(2);
  });

  it("tells invited co-authors once, and a community's moderators of cross-posts", async () => {
    const { note } = await createNote(services, alice, { title: "À deux", content: "Texte commun.", authors: [alice.uri, bob.uri] });
    expect((await listNotifications(services.db, bob.id)).items).toMatchObject([{ kind: "coauthor-invitation", subject_uri: note.uri, actor_id: alice.id }]);

    const jardins = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", visibility: "public" }));
    const cuisine = await createCommunity(services, bob, parseNewCommunity({ handle: "cuisine", visibility: "public" }));
    await followActor(services, bob, jardins.actor);
    const { note: both } = await createNote(services, bob, { title: "Partout", content: "Dans deux communautés.", communities: [jardins.actor.uri, cuisine.actor.uri] });
    expect((await listNotifications(services.db, alice.id)).items[0]).toMatchObject({ kind: "cross-post", subject_uri: both.uri, context_uri: jardins.actor.uri, actor_id: bob.id });
    // bob posted it: he is not told of his own cross-post into cuisine, which he moderates.
    expect(await kinds(bob)).toEqual(["coauthor-invitation"]);

    const { note: elsewhere } = await createNote(services, bob, { title: "Ailleurs", content: "Une note publique." });
    await services.db.insertInto("community_moderators").values({ community_id: jardins.actor.id, actor_id: bob.id, created_at: new Date().toISOString() }).execute();
    await shareIntoCommunity(services, bob, jardins, elsewhere.uri);
    expect((await listNotifications(services.db, alice.id)).items[0]).toMatchObject({ kind: "cross-post", subject_uri: elsewhere.uri, actor_id: bob.id });
  });

  it("tells a report to the community's moderators and the administrators, not to the reporter; a Flag from elsewhere too", async () => {
    const { actor: admin } = await createUser(services.db, services.config.publicUrl, { handle: "gardienne", password: PASSWORD, isAdmin: true });
    const jardins = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", visibility: "public" }));
    await followActor(services, bob, jardins.actor);
    const { note } = await createNote(services, bob, { title: "Pub", content: "Achetez!", communities: [jardins.actor.uri] });
    await createReport(services, admin, { target: note.id, category: "spam" });
    expect((await listNotifications(services.db, alice.id)).items).toMatchObject([{ kind: "report", subject_uri: note.uri, context_uri: jardins.actor.uri, actor_id: null }]);
    expect(await kinds(admin)).toEqual([]);
    await fileIncomingFlag(services.db, { activityUri: "https://ailleurs.example/flags/1", reporter: remote, targets: [{ type: "actor", actor: bob }], comment: "" });
    expect(await kinds(admin)).toEqual(["report"]);
    expect(await kinds(alice)).toEqual(["report"]);
  });

  it("writes nothing when the change rolls back; marks read one by one or all", async () => {
    await expect(
      services.db.transaction().execute(async (tx) => {
        await recordFollow(tx, services.config.publicUrl, bob, alice, { accepted: true });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await kinds(alice)).toEqual([]);
    await followActor(services, bob, alice);
    await services.db.transaction().execute((tx) => recordFollow(tx, services.config.publicUrl, remote, alice, { activityUri: "https://ailleurs.example/follows/2", accepted: true }));
    const [latest] = (await listNotifications(services.db, alice.id)).items;
    expect(await markNotificationsRead(services.db, bob.id, [latest!.id])).toBe(0);
    expect(await markNotificationsRead(services.db, alice.id, [latest!.id])).toBe(1);
    expect(await countUnread(services.db, alice.id)).toBe(1);
    expect(await markNotificationsRead(services.db, alice.id, null)).toBe(1);
    expect(await countUnread(services.db, alice.id)).toBe(0);
  });
});

describe("an account deleted", () => {
  it("takes its notifications with it, and what others were told of its acts", async () => {
    const handle = await DATABASES[0]!.open();
    const services = localServices(handle);
    try {
      const origin = services.config.publicUrl;
      const { actor: alice } = await createUser(services.db, origin, { handle: "alice", password: PASSWORD, isAdmin: false });
      const { actor: bob } = await createUser(services.db, origin, { handle: "bob", password: PASSWORD, isAdmin: false });
      const { actor: carol } = await createUser(services.db, origin, { handle: "carol", password: PASSWORD, isAdmin: false });
      await followActor(services, bob, alice);
      await followActor(services, carol, alice);
      await followActor(services, alice, bob);
      await deleteLocalAccount(services, bob);
      expect((await listNotifications(services.db, alice.id)).items.map((n) => n.actor_id)).toEqual([carol.id]);
      expect(await services.db.selectFrom("notifications").select("id").where("recipient_id", "=", bob.id).execute()).toEqual([]);
    } finally {
      await services.close();
    }
  });
});

describe("mentions in a note written here", () => {
  const origin = new URL("https://ici.example");
  it("names handles of this instance, not emails, paths or other servers' people", () => {
    expect(mentionedUsernames("Salut @alice et @Bob@ici.example, @carol@ailleurs.example, bob@ici.example, /@dave, @alice", origin)).toEqual(["alice", "bob"]);
  });
});
