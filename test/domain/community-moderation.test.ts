import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByHandle, findActorByUri, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, findCommunity, isMember, moderators, postingRefusal, type Community } from "../../src/domain/communities.ts";
import {
  addModerator,
  banMember,
  communityBans,
  moderationQueue,
  parseCommunityChange,
  removeModerator,
  removePost,
  setPinned,
  setThreadLocked,
  unbanMember,
  updateCommunity,
} from "../../src/domain/community-moderation.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { findFollow, recordFollow } from "../../src/domain/follows.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"]): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

const NEW_COMMUNITY = { name: "Jardins collectifs", summary: "Entraide potagère", rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false };

describe.each(DATABASES)("community moderation on $name", ({ open }) => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;
  let zoe: ActorRow;
  let community: Community;
  let thread: string;
  let reply: string;
  const current = useServices(open);

  beforeEach(async () => {
    const base = current();
    // Local handles and known actor URLs resolve; anything else would be a network lookup.
    services = Object.assign(base, {
      directory: {
        resolve: async (query: string) => {
          const handle = parseHandle(query);
          return (handle ? await findActorByHandle(base.db, handle.username, handle.host) : await findActorByUri(base.db, query)) ?? null;
        },
      },
    });
    const origin = services.config.publicUrl;
    const user = async (handle: string) => (await createUser(services.db, origin, { handle, password: "correct horse battery", isAdmin: false })).actor;
    alice = await user("alice");
    bob = await user("bob");
    zoe = await upsertRemoteActor(services.db, {
      uri: "https://ailleurs.example/users/zoe",
      type: "Person",
      username: "zoe",
      domain: "ailleurs.example",
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: "https://ailleurs.example/users/zoe/inbox",
      sharedInboxUrl: "https://ailleurs.example/inbox",
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
    community = await createCommunity(services, alice, { handle: "jardins", visibility: "public", ...NEW_COMMUNITY });
    await recordFollow(services.db, origin, bob, community.actor, { accepted: true });
    thread = (await createNote(services, bob, { title: "Semis", content: "Quoi semer en octobre?", communities: ["jardins"] })).note.id;
    reply = (await createNote(services, bob, { content: "De l'ail!", inReplyTo: `${origin.origin}/notes/${thread}`, communities: ["jardins"] })).note.id;
    services.sent.length = 0;
  });

  it("refuses every action to someone who is not a moderator, and sends nothing", async () => {
    const actions: (() => Promise<unknown>)[] = [
      () => removePost(services, bob, community, thread),
      () => setThreadLocked(services, bob, community, thread, true),
      () => setPinned(services, bob, community, thread, true),
      () => banMember(services, bob, community, zoe, "spam"),
      () => unbanMember(services, bob, community, zoe),
      () => addModerator(services, bob, community, bob),
      () => removeModerator(services, bob, community, alice),
      () => updateCommunity(services, bob, community, { name: "Pris" }),
      // A remote actor, as the inbox would pass it, is checked the same way.
      () => removePost(services, zoe, community, reply),
    ];
    for (const action of actions) await expectDomainError(action(), "forbidden");
    expect(services.sent).toEqual([]);
    expect((await communitiesPost(thread)).removed_at).toBeNull();
  });

  async function communitiesPost(noteId: string) {
    return services.db.selectFrom("community_posts").selectAll().where("community_id", "=", community.actor.id).where("note_id", "=", noteId).executeTakeFirstOrThrow();
  }

  it("removes a post or a reply once, hides it from lock and pin, and lists it in the queue", async () => {
    const removed = await removePost(services, alice, community, reply);
    expect(removed.changed).toBe(true);
    expect(removed.post.removed_at).not.toBeNull();
    expect((await removePost(services, alice, community, reply)).changed).toBe(false);
    expect(services.sent).toEqual([{ type: "community-post-removed", communityId: community.actor.id, noteId: reply, moderatorId: alice.id }]);
    await expectDomainError(removePost(services, alice, community, "no-such-note"), "not_found");

    await removePost(services, alice, community, thread);
    await expectDomainError(setThreadLocked(services, alice, community, thread, true), "not_found");
    await expectDomainError(setPinned(services, alice, community, thread, true), "not_found");
    const queue = await moderationQueue(services.db, community.actor.id);
    expect(queue.removed.map((r) => [r.note.id, r.isThread])).toEqual(
      expect.arrayContaining([
        [thread, true],
        [reply, false],
      ]),
    );
    expect(queue.removed).toHaveLength(2);
  });

  it("refuses a post of another community (404)", async () => {
    const other = await createCommunity(services, bob, { handle: "cuisine", visibility: "public", ...NEW_COMMUNITY });
    await expectDomainError(removePost(services, bob, other, thread), "not_found");
    await expectDomainError(setPinned(services, bob, other, thread, true), "not_found");
  });

  it("locks and pins threads, not replies; a repeated change sends nothing", async () => {
    expect((await setThreadLocked(services, alice, community, thread, true)).post.locked).toBe(1);
    expect((await setThreadLocked(services, alice, community, thread, true)).changed).toBe(false);
    expect((await setPinned(services, alice, community, thread, true)).post.pinned).toBe(1);
    expect((await setPinned(services, alice, community, thread, false)).post.pinned).toBe(0);
    expect((await setThreadLocked(services, alice, community, thread, false)).changed).toBe(true);
    await expectDomainError(setThreadLocked(services, alice, community, reply, true), "invalid");
    await expectDomainError(setPinned(services, alice, community, reply, true), "invalid");
    const base = { communityId: community.actor.id, noteId: thread, moderatorId: alice.id };
    expect(services.sent).toEqual([
      { type: "community-thread-locked", ...base, locked: true },
      { type: "community-post-pinned", ...base, pinned: true },
      { type: "community-post-pinned", ...base, pinned: false },
      { type: "community-thread-locked", ...base, locked: false },
    ]);
  });

  it("bans a member: the follow ends, posting is refused, a second ban only changes the reason; unban lifts it", async () => {
    const { ban, created } = await banMember(services, alice, community, "@bob@test.example", " Pourriel ");
    expect(created).toBe(true);
    expect(ban).toMatchObject({ actor: { id: bob.id }, reason: "Pourriel" });
    expect(await findFollow(services.db, bob.id, community.actor.id)).toBeUndefined();
    expect(await isMember(services.db, community.actor.id, bob.id)).toBe(false);
    expect(await postingRefusal(services.db, community, bob.id, { isThread: true })).toBe("banned");
    await expectDomainError(createNote(services, bob, { title: "Encore", content: "Revoilà.", communities: ["jardins"] }), "forbidden");

    const again = await banMember(services, alice, community, bob, "Récidive");
    expect(again).toMatchObject({ created: false, ban: { reason: "Récidive" } });
    expect(services.sent).toEqual([
      { type: "community-member-banned", communityId: community.actor.id, actorId: bob.id, banned: true, moderatorId: alice.id, reason: "Pourriel" },
    ]);

    await unbanMember(services, alice, community, bob);
    expect(await postingRefusal(services.db, community, bob.id, { isThread: true })).toBeNull();
    await expectDomainError(unbanMember(services, alice, community, bob), "not_found");
    expect(services.sent.at(-1)).toEqual({ type: "community-member-banned", communityId: community.actor.id, actorId: bob.id, banned: false, moderatorId: alice.id, reason: null });
  });

  it("bans remote actors by URL, never a moderator or the community itself", async () => {
    await recordFollow(services.db, services.config.publicUrl, zoe, community.actor, { activityUri: "https://ailleurs.example/follows/1", accepted: true });
    await banMember(services, alice, community, "https://ailleurs.example/users/zoe");
    expect(await findFollow(services.db, zoe.id, community.actor.id)).toBeUndefined();
    expect((await communityBans(services.db, community.actor.id)).map((b) => [b.actor.uri, b.reason])).toEqual([[zoe.uri, null]]);
    await expectDomainError(banMember(services, alice, community, alice), "conflict");
    await expectDomainError(banMember(services, alice, community, community.actor), "invalid");
    await expectDomainError(banMember(services, alice, community, "@nobody@test.example"), "not_found");
    await expectDomainError(banMember(services, alice, community, "  "), "invalid");
  });

  it("adds and removes moderators, local or remote, and keeps at least one", async () => {
    expect((await addModerator(services, alice, community, "bob")).created).toBe(true);
    expect((await addModerator(services, alice, community, bob)).created).toBe(false);
    expect((await addModerator(services, bob, community, zoe)).created).toBe(true);
    // A remote moderator acts through the same checks (the inbox calls these functions).
    expect((await removePost(services, zoe, community, reply)).changed).toBe(true);
    await removeModerator(services, alice, community, alice);
    await removeModerator(services, bob, community, zoe);
    await expectDomainError(removeModerator(services, bob, community, bob), "conflict");
    await expectDomainError(removeModerator(services, bob, community, alice), "not_found");
    await expectDomainError(addModerator(services, bob, community, community.actor), "invalid");
    await banMember(services, bob, community, alice);
    await expectDomainError(addModerator(services, bob, community, alice), "conflict");
    expect((await moderators(services.db, community.actor.id)).map((m) => m.id)).toEqual([bob.id]);
    const change = (actorId: string, added: boolean, moderatorId: string) => ({ type: "community-moderators-changed", communityId: community.actor.id, actorId, added, moderatorId });
    expect(services.sent.filter((i) => i.type === "community-moderators-changed")).toEqual([
      change(bob.id, true, alice.id),
      change(zoe.id, true, bob.id),
      change(alice.id, false, alice.id),
      change(zoe.id, false, bob.id),
    ]);
  });

  it("updates the profile and settings in one change and sends community-updated", async () => {
    const updated = await updateCommunity(
      services,
      alice,
      community,
      parseCommunityChange({
        name: "Jardins partagés",
        summary: null,
        iconUrl: "https://test.example/media/icon.png",
        rules: "Pas de pesticides.",
        languages: ["fr", "en"],
        topics: ["Laurentides"],
        postingRestrictedToMods: true,
      }),
    );
    expect(updated.actor).toMatchObject({ name: "Jardins partagés", summary: null, icon_url: "https://test.example/media/icon.png" });
    expect(updated.settings).toMatchObject({ rules: "Pas de pesticides.", languages: '["fr","en"]', topics: '["Laurentides"]', posting_restricted_to_mods: 1 });
    expect(services.sent).toEqual([{ type: "community-updated", communityId: community.actor.id }]);
    expect(await postingRefusal(services.db, updated, bob.id, { isThread: true })).toBe("moderators_only");

    // Absent keys stay as they were.
    const again = await updateCommunity(services, alice, updated, parseCommunityChange({ summary: "Entraide" }));
    expect(again.actor.name).toBe("Jardins partagés");
    expect(again.settings.rules).toBe("Pas de pesticides.");
    expect((await findCommunity(services.db, community.actor.id))!.actor.summary).toBe("Entraide");
  });

  it("reports every problem of a change at once", () => {
    let error: unknown;
    try {
      parseCommunityChange({ name: 3, languages: "fr", postingRestrictedToMods: "yes", iconUrl: "ftp://x", visibility: "private" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const message = (error as DomainError).message;
    for (const word of ["name", "languages", "postingRestrictedToMods", "iconUrl", "visibility"]) expect(message).toContain(word);
  });

  it("queues the pending join requests of a private community and its bans", async () => {
    const closed = await createCommunity(services, alice, { handle: "cercle", visibility: "private", ...NEW_COMMUNITY });
    await recordFollow(services.db, services.config.publicUrl, zoe, closed.actor, { activityUri: "https://ailleurs.example/follows/2", accepted: false });
    await recordFollow(services.db, services.config.publicUrl, bob, closed.actor, { accepted: false });
    await banMember(services, alice, closed, bob, "Hors sujet");
    const queue = await moderationQueue(services.db, closed.actor.id);
    expect(queue.requests.map((r) => [r.actor.id, r.follow.status])).toEqual([[zoe.id, "pending"]]);
    expect(queue.bans.map((b) => [b.actor.id, b.reason])).toEqual([[bob.id, "Hors sujet"]]);
    expect(queue.removed).toEqual([]);
  });
});
