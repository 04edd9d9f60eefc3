import { beforeEach, describe, expect, it } from "vitest";
import { createUser, findUser } from "../../src/domain/accounts.ts";
import { findActorByHandle, findActorByUri, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, type Community } from "../../src/domain/communities.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { moderationLog } from "../../src/domain/moderation-log.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import { findNoteById } from "../../src/domain/notes.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import { resolveReport, resolveReportsRemotely } from "../../src/domain/report-resolution.ts";
import { createReport, fileIncomingFlag, listReports, REPORTS_PER_ACCOUNT, ReportsThrottled } from "../../src/domain/reports.ts";
import { isSuspended, unsuspendAccount } from "../../src/domain/suspensions.ts";
import { warningsOf } from "../../src/domain/warnings.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

async function domainError(promise: Promise<unknown>): Promise<DomainError["code"] | "none"> {
  return promise.then(
    () => "none" as const,
    (e: unknown) => {
      if (!(e instanceof DomainError)) throw e;
      return e.code;
    },
  );
}

const COMMUNITY = { name: "Jardins", summary: null, rules: null, languages: ["fr"], topics: [], postingRestrictedToMods: false };

describe.each(DATABASES)("reports on $name", ({ open }) => {
  let services: TestServices;
  let admin: ActorRow;
  let moderator: ActorRow;
  let member: ActorRow;
  let outsider: ActorRow;
  let zoe: ActorRow;
  let community: Community;
  let post: string;
  const current = useServices(open);
  const as = (actor: ActorRow, isAdmin = false) => ({ actor, isAdmin });

  beforeEach(async () => {
    const base = current();
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
    admin = await user("gardienne", true);
    moderator = await user("moderatrice");
    member = await user("membre");
    outsider = await user("passant");
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
    community = await createCommunity(services, moderator, { handle: "jardins", visibility: "public", ...COMMUNITY });
    await recordFollow(services.db, origin, member, community.actor, { accepted: true });
    post = (await createNote(services, member, { title: "Achetez", content: "Pilules miracles", communities: ["jardins"] })).note.id;
    services.sent.length = 0;
  });

  it("files a report with a snapshot, for the community's moderators and the administrators only", async () => {
    const report = await createReport(services, outsider, { target: post, category: "spam", comment: "publicité" });
    expect(report).toMatchObject({ status: "open", category: "spam", comment: "publicité", target_type: "note", community_id: community.actor.id, target_account_id: member.id, forwarded_at: null });
    // The snapshot keeps what was reported, whatever the author does next.
    await updateNote(services, member, post, { title: "Bonjour", content: "Rien à voir" });
    expect(JSON.parse(report.snapshot)).toMatchObject({ kind: "note", title: "Achetez", contentHtml: expect.stringContaining("Pilules miracles"), authors: [{ uri: member.uri }] });
    expect((await listReports(services.db, as(moderator))).map((r) => r.id)).toEqual([report.id]);
    expect((await listReports(services.db, as(admin, true))).map((r) => r.id)).toEqual([report.id]);
    expect(await domainError(listReports(services.db, as(outsider)))).toBe("forbidden");
    // A report about a person goes to the administrators only.
    const aboutPerson = await createReport(services, outsider, { target: `@membre@${services.config.publicUrl.host}`, category: "harassment" });
    expect(aboutPerson).toMatchObject({ target_type: "actor", community_id: null, target_account_id: member.id });
    expect((await listReports(services.db, as(moderator))).map((r) => r.id)).toEqual([report.id]);
    expect((await listReports(services.db, as(admin, true), { limit: 1 })).map((r) => r.id)).toEqual([aboutPerson.id]);
    expect((await listReports(services.db, as(admin, true), { before: aboutPerson.id })).map((r) => r.id)).toEqual([report.id]);
    expect(services.sent.map((i) => i.type)).toEqual(["note-updated"]); // the edit; reports send nothing
  });

  it("answers not found for private content the reporter cannot see, and refuses bad input", async () => {
    const secret = (await createNote(services, member, { title: "Entre nous", content: "x", visibility: "followers" })).note.id;
    expect(await domainError(createReport(services, outsider, { target: secret, category: "spam" }))).toBe("not_found");
    expect(await domainError(createReport(services, outsider, { target: "nothing-here", category: "spam" }))).toBe("not_found");
    expect(await domainError(createReport(services, outsider, { target: post, category: "bof" }))).toBe("invalid");
    expect(await domainError(createReport(services, outsider, { target: post, category: "spam", comment: "x".repeat(2001) }))).toBe("invalid");
    expect(await domainError(createReport(services, outsider, { target: post, category: "spam", forward: "yes" }))).toBe("invalid");
    expect(await domainError(createReport(services, outsider, { target: outsider.uri, category: "spam" }))).toBe("invalid");
    // Its author may report it (they see it); nothing was filed by the refusals.
    expect((await listReports(services.db, as(admin, true))).length).toBe(0);
  });

  it("throttles a flood of reports from one account, and from one remote server", async () => {
    for (let i = 0; i < REPORTS_PER_ACCOUNT.max; i++) await createReport(services, outsider, { target: post, category: "spam" });
    await expect(createReport(services, outsider, { target: post, category: "spam" })).rejects.toBeInstanceOf(ReportsThrottled);
    // Others are not slowed down by it.
    await createReport(services, admin, { target: post, category: "spam" });
    const note = (await findNoteById(services.db, post))!;
    for (let i = 0; i < 30; i++) await fileIncomingFlag(services.db, { activityUri: `https://ailleurs.example/flags/${i}`, reporter: zoe, targets: [{ type: "note", note }], comment: "" });
    await expect(fileIncomingFlag(services.db, { activityUri: "https://ailleurs.example/flags/31", reporter: zoe, targets: [{ type: "note", note }], comment: "" })).rejects.toBeInstanceOf(ReportsThrottled);
  });

  it("files a redelivered Flag once", async () => {
    const note = (await findNoteById(services.db, post))!;
    const flag = { activityUri: "https://ailleurs.example/flags/1", reporter: zoe, targets: [{ type: "note" as const, note }, { type: "actor" as const, actor: member }], comment: "à voir" };
    expect((await fileIncomingFlag(services.db, flag)).length).toBe(2);
    expect((await fileIncomingFlag(services.db, flag)).length).toBe(0);
  });

  it("forwards a report of remote content as an intent, and never for local content", async () => {
    await upsertRemoteNote(
      services.db,
      { uri: "https://ailleurs.example/notes/1", url: null, title: "Ailleurs", summary: null, contentHtml: "<p>loin</p>", contentSource: null, language: "fr", license: null, visibility: "public", authors: [zoe], inReplyTo: null, context: null, tags: [], terms: [], links: [], media: [], translations: [], published: new Date().toISOString(), updated: null },
      async () => [],
    );
    const remote = await createReport(services, outsider, { target: "https://ailleurs.example/notes/1", category: "misinformation", comment: "faux", forward: true });
    expect(remote.forwarded_at).not.toBeNull();
    expect(services.sent).toEqual([{ type: "report-forwarded", reportId: remote.id }]);
    const local = await createReport(services, outsider, { target: post, category: "spam", forward: true });
    expect(local.forwarded_at).toBeNull();
    expect(services.sent.length).toBe(1);
  });

  it("resolves: 403 for others, remove through the community's removal, each resolution logged", async () => {
    const report = await createReport(services, outsider, { target: post, category: "spam" });
    expect(await domainError(resolveReport(services, as(outsider), report.id, { action: "dismiss" }))).toBe("forbidden");
    expect(await domainError(resolveReport(services, as(member), report.id, { action: "remove" }))).toBe("forbidden");
    expect(await domainError(resolveReport(services, as(moderator), report.id, { action: "ban" }))).toBe("invalid");
    expect(await domainError(resolveReport(services, as(moderator), report.id, { action: "suspend" }))).toBe("forbidden");
    expect(await domainError(resolveReport(services, as(moderator), "nope", { action: "dismiss" }))).toBe("not_found");
    const resolved = await resolveReport(services, as(moderator), report.id, { action: "remove", note: "publicité" });
    expect(resolved).toMatchObject({ status: "resolved", resolution: "remove", resolution_note: "publicité", resolved_by: moderator.id });
    expect(services.sent).toEqual([{ type: "community-post-removed", communityId: community.actor.id, noteId: post, moderatorId: moderator.id }]);
    expect(await domainError(resolveReport(services, as(admin, true), report.id, { action: "dismiss" }))).toBe("conflict");
    const log = await moderationLog(services.db, { communityId: community.actor.id });
    expect(log).toMatchObject([{ moderatorId: moderator.id, action: "report-resolved", targetType: "note", reason: "publicité", details: { reportId: report.id, resolution: "remove", removal: "removed-from-community" } }]);
  });

  it("warns a local person (stored, theirs to read) and suspends a local account reversibly; remote accounts are refused with 400", async () => {
    const warnReport = await createReport(services, outsider, { target: post, category: "harassment" });
    await resolveReport(services, as(moderator), warnReport.id, { action: "warn", note: "Restez courtois" });
    expect((await warningsOf(services.db, member.id)).map((w) => [w.text, w.reportId])).toEqual([["Restez courtois", warnReport.id]]);

    const suspendReport = await createReport(services, outsider, { target: member.uri, category: "spam" });
    await resolveReport(services, as(admin, true), suspendReport.id, { action: "suspend", note: "récidive" });
    expect(await isSuspended(services.db, member.id)).toBe(true);
    expect(await findUser(services.db, member.id)).toBeUndefined();
    expect(services.sent).toEqual([]);
    expect((await moderationLog(services.db, { targetUri: member.uri })).map((e) => e.action)).toEqual(["report-resolved", "account-suspended"]);
    await unsuspendAccount(services.db, admin, member);
    expect(await findUser(services.db, member.id)).toBeDefined();
    expect(await domainError(unsuspendAccount(services.db, admin, member))).toBe("not_found");

    const aboutZoe = await createReport(services, outsider, { target: zoe.uri, category: "spam" });
    expect(await domainError(resolveReport(services, as(admin, true), aboutZoe.id, { action: "suspend" }))).toBe("invalid");
    expect(await domainError(resolveReport(services, as(admin, true), aboutZoe.id, { action: "warn" }))).toBe("invalid");
    expect(await domainError(resolveReport(services, as(admin, true), aboutZoe.id, { action: "remove" }))).toBe("invalid");
    expect((await resolveReport(services, as(admin, true), aboutZoe.id, { action: "dismiss" })).status).toBe("resolved");
  });

  it("closes reports resolved by a remote moderator of the community (Lemmy's Resolve), not by strangers", async () => {
    const note = (await findNoteById(services.db, post))!;
    const [report] = await fileIncomingFlag(services.db, { activityUri: "https://ailleurs.example/flags/9", reporter: zoe, targets: [{ type: "note", note }], comment: "" });
    const stranger = await upsertRemoteActor(services.db, { ...remoteData("https://tiers.example/u/x", "x", "tiers.example") });
    expect(await resolveReportsRemotely(services.db, stranger, { flagUri: "https://ailleurs.example/flags/9", reporterUri: zoe.uri, targetUri: note.uri })).toBe(0);
    await services.db.insertInto("community_moderators").values({ community_id: community.actor.id, actor_id: stranger.id, created_at: new Date().toISOString() }).execute();
    expect(await resolveReportsRemotely(services.db, stranger, { flagUri: "https://ailleurs.example/flags/9", reporterUri: zoe.uri, targetUri: note.uri })).toBe(1);
    expect((await listReports(services.db, as(admin, true)))[0]).toMatchObject({ id: report!.id, status: "resolved", resolution: "resolved-remotely" });
  });
});

function remoteData(uri: string, username: string, domain: string) {
  return {
    uri,
    type: "Person" as const,
    username,
    domain,
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `${uri}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: { interests: [], region: null, standpoint: null, links: [] },
  };
}
