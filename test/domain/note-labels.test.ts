// Quality labels and notifications, on both databases: who may label (a
// community's moderators, administrators; members by a threshold of distinct
// votes where the community opts in), the author's notification and answer,
// resolution with history and the moderation log, and the mirror of a remote
// note's labels. Thread locks are logged, and a remote community's lock mirrored.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByHandle, findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { createCommunity, type Community } from "../../src/domain/communities.ts";
import { mirrorRemoteThreadLock, parseCommunityChange, setThreadLocked, updateCommunity } from "../../src/domain/community-moderation.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { answerLabel, labelHistory, labelNote, noteLabels, parseLabelInput, removeLabel, syncRemoteLabels } from "../../src/domain/note-labels.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { listNotifications, markNotificationsRead } from "../../src/domain/notifications.ts";
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

const NEW_COMMUNITY = { name: "Savoirs", summary: null, rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false };
const CONTESTED = { label: "contestee", reason: "Contredit par deux études", source: "https://example.org/etude" } as const;

describe.each(DATABASES)("quality labels on $name", ({ open }) => {
  let services: TestServices;
  let mod: ActorRow;
  let author: ActorRow;
  let members: ActorRow[];
  let outsider: ActorRow;
  let admin: ActorRow;
  let community: Community;
  let noteId: string;
  const current = useServices(open);
  const as = (actor: ActorRow, isAdmin = false) => ({ actor, isAdmin });

  beforeEach(async () => {
    const base = current();
    // Local handles resolve (the community a note is posted in); anything else would be a network lookup.
    services = Object.assign(base, {
      directory: {
        resolve: async (query: string) => {
          const handle = parseHandle(query);
          return (handle ? await findActorByHandle(base.db, handle.username, handle.host) : await findActorByUri(base.db, query)) ?? null;
        },
      },
    });
    const origin = services.config.publicUrl;
    const user = async (handle: string, isAdmin = false) => (await createUser(services.db, origin, { handle, password: "correct horse battery", isAdmin })).actor;
    mod = await user("mod");
    author = await user("autrice");
    outsider = await user("passant");
    admin = await user("gardienne", true);
    members = [await user("m1"), await user("m2"), await user("m3")];
    community = await createCommunity(services, mod, { handle: "savoirs", visibility: "public", ...NEW_COMMUNITY });
    for (const member of [author, ...members]) await recordFollow(services.db, origin, member, community.actor, { accepted: true });
    noteId = (await createNote(services, author, { title: "Le compost", content: "Il tue les vers.", communities: ["savoirs"] })).note.id;
    services.sent.length = 0;
  });

  it("validates the input and reports every problem at once", () => {
    expect(parseLabelInput({ ...CONTESTED })).toEqual(CONTESTED);
    expect(parseLabelInput({ label: "a-valider", reason: " à vérifier ", source: "" })).toEqual({ label: "a-valider", reason: "à vérifier", source: null });
    try {
      parseLabelInput({ label: "fausse", reason: "", source: "javascript:alert(1)" });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).message).toMatch(/label must be one of a-valider, source-requise, contestee; reason .*; source must be an http\(s\) URL/);
    }
  });

  it("lets a community moderator label, notifies the author, sends an Update, logs it; the author answers; a moderator resolves it", async () => {
    const result = await labelNote(services, as(mod), noteId, CONTESTED);
    expect(result.status).toBe("labelled");
    expect(result.labels).toEqual([expect.objectContaining({ label: "contestee", reason: CONTESTED.reason, source_url: CONTESTED.source, set_by: mod.id, origin: "local", community_id: community.actor.id })]);
    expect(services.sent).toEqual([{ type: "note-labels-changed", noteId }]);
    const inbox = await listNotifications(services.db, author.id);
    expect(inbox.items).toEqual([expect.objectContaining({ kind: "note-labelled", actor_id: mod.id, read_at: null })]);
    expect(inbox.unread).toBe(1);
    expect(await markNotificationsRead(services.db, author.id, null)).toBe(1);
    expect((await listNotifications(services.db, author.id)).unread).toBe(0);

    await expectDomainError(answerLabel(services, as(mod), noteId, "contestee", "Non"), "forbidden");
    await answerLabel(services, as(author), noteId, "contestee", "J'ajoute mes sources.");
    expect((await noteLabels(services.db, noteId))[0]).toMatchObject({ answer: "J'ajoute mes sources." });
    expect((await listNotifications(services.db, mod.id)).items).toEqual([expect.objectContaining({ kind: "label-answered", actor_id: author.id })]);

    await expectDomainError(removeLabel(services, as(author), noteId, "contestee"), "forbidden");
    await removeLabel(services, as(mod), noteId, "contestee", "Sources ajoutées");
    expect(await noteLabels(services.db, noteId)).toEqual([]);
    await expectDomainError(removeLabel(services, as(mod), noteId, "contestee"), "not_found");
    expect((await labelHistory(services.db, noteId)).map((e) => e.event)).toEqual(["added", "answered", "removed"]);
    const log = await moderationLog(services.db, { communityId: community.actor.id });
    expect(log.map((e) => e.action)).toEqual(["label-removed", "label-added"]);
  });

  it("refuses anyone else (403) and hides notes the labeller cannot see (404)", async () => {
    await expectDomainError(labelNote(services, as(outsider), noteId, CONTESTED), "forbidden");
    // A member, while the community has not opted in to votes.
    await expectDomainError(labelNote(services, as(members[0]!), noteId, CONTESTED), "forbidden");
    await expectDomainError(labelNote(services, as(mod), "01nonexistentnote000000000", CONTESTED), "not_found");
    expect(await noteLabels(services.db, noteId)).toEqual([]);
    expect(services.sent).toEqual([]);
    // An administrator may label any note.
    expect((await labelNote(services, as(admin, true), noteId, CONTESTED)).status).toBe("labelled");
  });

  it("sets a label by members' votes only when the threshold of distinct members is reached", async () => {
    await expectDomainError(Promise.resolve().then(() => parseCommunityChange({ labelVoteThreshold: 1 })), "invalid");
    community = await updateCommunity(services, mod, community, parseCommunityChange({ labelVoteThreshold: 2 }));
    const first = await labelNote(services, as(members[0]!), noteId, { label: "source-requise", reason: "Pas de source", source: null });
    expect(first).toMatchObject({ status: "voted", votes: 1, threshold: 2, labels: [] });
    // The same member again is one vote, not two.
    expect(await labelNote(services, as(members[0]!), noteId, { label: "source-requise", reason: "Toujours pas", source: null })).toMatchObject({ status: "voted", votes: 1 });
    const second = await labelNote(services, as(members[1]!), noteId, { label: "source-requise", reason: "Pas de source non plus", source: null });
    expect(second.status).toBe("labelled");
    expect(second.labels).toEqual([expect.objectContaining({ label: "source-requise", set_by: null, community_id: community.actor.id })]);
    expect((await listNotifications(services.db, author.id)).items).toEqual([expect.objectContaining({ kind: "note-labelled", actor_id: null })]);
    await expectDomainError(removeLabel(services, as(members[2]!), noteId, "source-requise"), "forbidden");
  });

  it("mirrors a remote note's labels as its home publishes them, leaving ours alone", async () => {
    await labelNote(services, as(mod), noteId, CONTESTED);
    await syncRemoteLabels(services.db, noteId, [{ label: "a-valider", reason: "À vérifier", source: null, answer: null, createdAt: "2026-01-01T00:00:00.000Z" }]);
    expect((await noteLabels(services.db, noteId)).map((l) => [l.label, l.origin])).toEqual([["a-valider", "remote"], ["contestee", "local"]]);
    await syncRemoteLabels(services.db, noteId, [{ label: "a-valider", reason: "À vérifier", source: null, answer: "Vérifié", createdAt: null }]);
    expect((await noteLabels(services.db, noteId)).find((l) => l.origin === "remote")).toMatchObject({ answer: "Vérifié" });
    await syncRemoteLabels(services.db, noteId, []);
    expect((await noteLabels(services.db, noteId)).map((l) => [l.label, l.origin])).toEqual([["contestee", "local"]]);
  });

  it("logs thread locks, and mirrors a lock announced by a remote community on its thread only", async () => {
    await setThreadLocked(services, mod, community, noteId, true, { reason: "Hors sujet" });
    expect(services.sent).toEqual([{ type: "community-thread-locked", communityId: community.actor.id, noteId, locked: true, moderatorId: mod.id, reason: "Hors sujet" }]);
    services.sent.length = 0;
    await setThreadLocked(services, mod, community, noteId, false, { remote: true });
    expect(services.sent).toEqual([]);
    const log = await moderationLog(services.db, { communityId: community.actor.id });
    expect(log.map((e) => [e.action, e.reason, e.details.remote])).toEqual([["thread-unlocked", null, true], ["thread-locked", "Hors sujet", false]]);
    // A community that does not carry the thread changes nothing.
    expect(await mirrorRemoteThreadLock(services.db, "01nocommunity0000000000000", noteId, true, null, null)).toBe(false);
    expect(await mirrorRemoteThreadLock(services.db, community.actor.id, noteId, true, null, "Lemmy")).toBe(true);
    const post = await services.db.selectFrom("community_posts").select("locked").where("note_id", "=", noteId).executeTakeFirstOrThrow();
    expect(post.locked).toBe(1);
  });
});
