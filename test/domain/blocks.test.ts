// Blocks and limits in the domain, on both databases: a member's blocks and
// mutes (what they hide, the follows they end, the intents they queue), and an
// administrator's limits and blocks of remote accounts and instances (hidden,
// reversible, logged, purgeable).
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { currentPolicy } from "../../src/domain/federation-policy.ts";
import { followActor } from "../../src/domain/following.ts";
import { findFollow, recordFollow } from "../../src/domain/follows.ts";
import { blockOrMute, isBlockedBy, listMemberBlocks, resolveBlockTarget, unblock, withoutHiddenAuthors } from "../../src/domain/member-blocks.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { isFollowerLimited, listModerationPolicies, purgeInstance, setAccountPolicy, setInstancePolicy } from "../../src/domain/moderation-policies.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { canSeeNote, findNoteById, listPublicNotes, type NoteRow } from "../../src/domain/notes.ts";
import { likeNote } from "../../src/domain/reactions.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

describe.each(DATABASES)("blocks and limits on $name", ({ open }) => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;
  let adminActor: ActorRow;
  let zoe: ActorRow;
  let yann: ActorRow;
  const current = useServices(open);

  function remoteActor(username: string, domain = "ailleurs.example"): Promise<ActorRow> {
    return upsertRemoteActor(services.db, {
      uri: `https://${domain}/users/${username}`,
      type: "Person",
      username,
      domain,
      name: null,
      summary: null,
      iconUrl: null,
      url: null,
      inboxUrl: `https://${domain}/users/${username}/inbox`,
      sharedInboxUrl: `https://${domain}/inbox`,
      outboxUrl: null,
      followersUrl: null,
      followingUrl: null,
      manuallyApprovesFollowers: false,
      fields: { interests: [], region: null, standpoint: null, links: [] },
    });
  }

  async function remoteNote(author: ActorRow, slug: string): Promise<NoteRow> {
    const result = await upsertRemoteNote(
      services.db,
      {
        uri: `${author.uri}/notes/${slug}`,
        url: null,
        title: `Note ${slug}`,
        summary: null,
        contentHtml: "<p>Texte.</p>",
        contentSource: null,
        language: "fr",
        license: null,
        visibility: "public",
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

  const titles = async (viewerId?: string) => (await listPublicNotes(services.db, { limit: 50, viewerId })).items.map((n) => n.title).sort();
  const asAdmin = () => ({ actor: adminActor, isAdmin: true });

  beforeEach(async () => {
    services = current();
    const origin = services.config.publicUrl;
    alice = (await createUser(services.db, origin, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    bob = (await createUser(services.db, origin, { handle: "bob", password: "un-mot-de-passe-solide", isAdmin: false })).actor;
    adminActor = (await createUser(services.db, origin, { handle: "gestion", password: "un-mot-de-passe-solide", isAdmin: true })).actor;
    zoe = await remoteActor("zoe");
    yann = await remoteActor("yann", "autre.example");
    services.sent.length = 0;
  });

  it("a member's block ends the follows both ways, queues Undo(Follow), Reject and Block, and Undo(Block) when lifted", async () => {
    await recordFollow(services.db, services.config.publicUrl, alice, zoe, { accepted: true });
    await recordFollow(services.db, services.config.publicUrl, zoe, alice, { accepted: true, activityUri: "https://ailleurs.example/follows/1" });
    services.sent.length = 0;
    const { block, created } = await blockOrMute(services, alice, { actor: zoe }, "block");
    expect(created).toBe(true);
    expect(await findFollow(services.db, alice.id, zoe.id)).toBeUndefined();
    expect(await findFollow(services.db, zoe.id, alice.id)).toBeUndefined();
    expect(services.sent.map((i) => i.type).sort()).toEqual(["member-blocked", "reject-follow", "unfollow"]);
    expect(services.sent.find((i) => i.type === "member-blocked")).toMatchObject({ ownerId: alice.id, targetId: zoe.id, blocked: true, activityUri: `${alice.uri}#blocks/${block.id}` });
    expect(await isBlockedBy(services.db, alice.id, zoe)).toBe(true);
    expect(await isBlockedBy(services.db, bob.id, zoe)).toBe(false);
    // Blocking again changes nothing and sends nothing.
    services.sent.length = 0;
    expect((await blockOrMute(services, alice, { actor: zoe }, "block")).created).toBe(false);
    expect(services.sent).toEqual([]);
    await unblock(services, alice, { id: block.id });
    expect(services.sent).toEqual([{ type: "member-blocked", ownerId: alice.id, targetId: zoe.id, activityUri: `${alice.uri}#blocks/${block.id}`, blocked: false }]);
    expect(await listMemberBlocks(services.db, alice.id)).toEqual([]);
    await expect(unblock(services, alice, { id: block.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a mute hides a person's notes from the member's lists and threads only, sends nothing; an instance mute hides the whole host", async () => {
    const zoeNote = await remoteNote(zoe, "z");
    await remoteNote(yann, "y");
    expect(await titles(alice.id)).toEqual(["Note y", "Note z"]);
    await blockOrMute(services, alice, { actor: zoe }, "mute");
    expect(services.sent).toEqual([]);
    expect(await titles(alice.id)).toEqual(["Note y"]);
    expect(await titles(bob.id)).toEqual(["Note y", "Note z"]);
    expect((await withoutHiddenAuthors(services.db, alice.id, [zoeNote])).length).toBe(0);
    // A direct link still opens it (as on Mastodon).
    expect(await canSeeNote(services.db, zoeNote, alice.id)).toBe(true);
    await blockOrMute(services, bob, await resolveBlockTarget(services, "https://autre.example/"), "mute");
    expect(await titles(bob.id)).toEqual(["Note z"]);
    const listed = await listMemberBlocks(services.db, bob.id);
    expect(listed).toMatchObject([{ kind: "mute", actor: null, host: "autre.example" }]);
  });

  it("a blocked person cannot follow the member, like or reply to the member's notes; the blocker must unblock to follow", async () => {
    await blockOrMute(services, alice, { actor: bob }, "block");
    // A local target: no activity at all.
    expect(services.sent).toEqual([]);
    await expect(followActor(services, bob, alice)).rejects.toMatchObject({ code: "forbidden" });
    await expect(followActor(services, alice, bob)).rejects.toMatchObject({ code: "conflict" });
    const note = (await createNote(services, alice, { title: "Les jardins", content: "Des corvées partagées." })).note;
    await expect(likeNote(services, bob, note.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(createNote(services, bob, { title: "Réponse", content: "Non.", inReplyTo: note.uri })).rejects.toMatchObject({ code: "forbidden" });
    // A mute does not stop anyone.
    await blockOrMute(services, alice, { actor: bob }, "mute");
    expect((await likeNote(services, bob, note.id)).created).toBe(true);
  });

  it("refuses bad member input: unknown kind, oneself, one's own instance, a malformed target", async () => {
    await expect(blockOrMute(services, alice, { actor: zoe }, "ban")).rejects.toMatchObject({ code: "invalid" });
    await expect(blockOrMute(services, alice, { actor: alice }, "block")).rejects.toMatchObject({ code: "invalid" });
    await expect(blockOrMute(services, alice, { host: services.config.publicUrl.host }, "mute")).rejects.toMatchObject({ code: "invalid" });
    await expect(resolveBlockTarget(services, 42)).rejects.toMatchObject({ code: "invalid" });
    await expect(resolveBlockTarget(services, "")).rejects.toMatchObject({ code: "invalid" });
    await expect(resolveBlockTarget(services, "exa mple.org")).rejects.toMatchObject({ code: "invalid" });
    expect(await listMemberBlocks(services.db, alice.id)).toEqual([]);
  });

  it("an administrator's instance block hides its content everywhere until lifted; the federation policy enforces it; every change is logged", async () => {
    const zoeNote = await remoteNote(zoe, "z");
    await remoteNote(yann, "y");
    await expect(setInstancePolicy(services, { actor: alice, isAdmin: false }, "ailleurs.example", { policy: "block" })).rejects.toMatchObject({ code: "forbidden" });
    const blocked = await setInstancePolicy(services, asAdmin(), "https://Ailleurs.example/", { policy: "block", reason: "Pourriel" });
    expect(blocked).toMatchObject({ target: "ailleurs.example", policy: "block", reason: "Pourriel" });
    expect((await currentPolicy(services.db)).blocked).toEqual(["ailleurs.example"]);
    expect(await titles()).toEqual(["Note y"]);
    expect(await canSeeNote(services.db, zoeNote, alice.id)).toBe(false);
    expect(await listModerationPolicies(services.db)).toMatchObject([{ targetType: "instance", target: "ailleurs.example", policy: "block", reason: "Pourriel" }]);

    await setInstancePolicy(services, asAdmin(), "ailleurs.example", { policy: "none" });
    expect((await currentPolicy(services.db)).blocked).toEqual([]);
    expect(await titles()).toEqual(["Note y", "Note z"]);
    expect(await canSeeNote(services.db, zoeNote, alice.id)).toBe(true);
    expect(await listModerationPolicies(services.db)).toEqual([]);
    expect((await moderationLog(services.db)).map((e) => [e.action, e.targetUri, e.moderatorId])).toEqual([
      ["instance-unrestricted", "ailleurs.example", adminActor.id],
      ["instance-blocked", "ailleurs.example", adminActor.id],
    ]);
  });

  it("a limit keeps an instance or account out of public lists, not out of reach, and makes its follows wait for approval", async () => {
    const zoeNote = await remoteNote(zoe, "z");
    await remoteNote(yann, "y");
    await setInstancePolicy(services, asAdmin(), "ailleurs.example", { policy: "limit" });
    expect(await titles()).toEqual(["Note y"]);
    expect(await canSeeNote(services.db, zoeNote, alice.id)).toBe(true);
    expect(await isFollowerLimited(services.db, zoe)).toBe(true);
    expect(await isFollowerLimited(services.db, yann)).toBe(false);
    expect((await currentPolicy(services.db)).blocked).toEqual([]);

    await setAccountPolicy(services, asAdmin(), yann, { policy: "limit", reason: "Insistant" });
    expect(await titles()).toEqual([]);
    expect(await isFollowerLimited(services.db, yann)).toBe(true);
    expect((await listModerationPolicies(services.db)).map((p) => [p.targetType, p.target, p.policy, p.handle])).toEqual([
      ["instance", "ailleurs.example", "limit", null],
      ["account", yann.uri, "limit", "@yann@autre.example"],
    ]);
    await expect(setAccountPolicy(services, asAdmin(), alice, { policy: "limit" })).rejects.toMatchObject({ code: "invalid" });
    await expect(setAccountPolicy(services, asAdmin(), yann, { policy: "silence" })).rejects.toMatchObject({ code: "invalid" });
    await expect(setInstancePolicy(services, asAdmin(), "not a host", { policy: "block" })).rejects.toMatchObject({ code: "invalid" });
    await expect(setInstancePolicy(services, asAdmin(), services.config.publicUrl.host, { policy: "block" })).rejects.toMatchObject({ code: "invalid" });
    await expect(setInstancePolicy(services, asAdmin(), "ailleurs.example", { policy: "block", reason: "x".repeat(1001) })).rejects.toMatchObject({ code: "invalid" });
  });

  it("an account block hides its notes and severs its follows; a purge deletes a blocked instance's content for good", async () => {
    const yannNote = await remoteNote(yann, "y");
    const zoeNote = await remoteNote(zoe, "z");
    await recordFollow(services.db, services.config.publicUrl, yann, alice, { accepted: true, activityUri: "https://autre.example/follows/1" });
    await setAccountPolicy(services, asAdmin(), yann, { policy: "block" });
    expect(await canSeeNote(services.db, yannNote, alice.id)).toBe(false);
    expect(await findFollow(services.db, yann.id, alice.id)).toBeUndefined();
    expect(services.sent).toEqual([]);

    await expect(purgeInstance(services, asAdmin(), "ailleurs.example")).rejects.toMatchObject({ code: "conflict" });
    await recordFollow(services.db, services.config.publicUrl, zoe, alice, { accepted: true, activityUri: "https://ailleurs.example/follows/2" });
    await setInstancePolicy(services, asAdmin(), "ailleurs.example", { policy: "block" });
    expect(await purgeInstance(services, asAdmin(), "ailleurs.example")).toEqual({ host: "ailleurs.example", notes: 1, reactions: 0, follows: 1 });
    const purged = await findNoteById(services.db, zoeNote.id);
    expect(purged).toMatchObject({ content_html: "" });
    expect(purged?.deleted_at).not.toBeNull();
    // Unblocking does not bring purged content back.
    await setInstancePolicy(services, asAdmin(), "ailleurs.example", { policy: "none" });
    expect(await titles()).toEqual([]);
    expect((await moderationLog(services.db)).map((e) => e.action)).toEqual(["instance-unrestricted", "instance-purged", "instance-blocked", "account-blocked"]);
  });
});
