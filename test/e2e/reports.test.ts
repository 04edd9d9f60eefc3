// Reports across real instances: a member of B reports a post of a community
// on A and forwards it; A's community moderators find it in their reports,
// remove the post, and the removal reaches B's copy of the community.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

describe("reports across instances", () => {
  const net = useInstances(2);

  it("a report made on B reaches A's community moderators, is resolved there by a removal that reaches B", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const moderator = await a.createUser("moderatrice");
    const author = await a.createUser("vendeur");
    const bystander = await a.createUser("voisine");
    const reporter = await b.createUser("vigilante");
    expect((await a.api("POST", "/api/v1/communities", { handle: "atelier", name: "Atelier", visibility: "public" }, moderator.token)).status).toBe(201);
    for (const user of [author, bystander]) expect((await a.api("POST", "/api/v1/follows", { target: "atelier" }, user.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("atelier") }, reporter.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, reporter.token)).body.items[0]?.status === "accepted", { message: "B joined the community" });

    const spam = (await a.api("POST", "/api/v1/notes", { title: "Pilules miracles", content: "Achetez ici", communities: ["atelier"] }, author.token)).body;
    const kept = (await a.api("POST", "/api/v1/notes", { title: "Semis", content: "Quoi semer?", communities: ["atelier"] }, bystander.token)).body;
    const postsOnB = async () =>
      (await b.api("GET", `/api/v1/communities/${encodeURIComponent(a.handle("atelier"))}/posts`, undefined, reporter.token)).body.items.map((p: { uri: string }) => p.uri).sort();
    await waitFor(async () => (await postsOnB()).length === 2, { message: "both posts reached B" });

    // On B: the report, forwarded to the content's home.
    const report = await b.api("POST", "/api/v1/reports", { target: spam.uri, category: "spam", comment: "Publicité déguisée", forward: true }, reporter.token);
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ target: { kind: "note", uri: spam.uri }, forwarded: true });

    // On A: the community's moderators see it (reported by B's instance actor, never by the person).
    const onA = await waitFor(async () => (await a.api("GET", "/api/v1/reports", undefined, moderator.token)).body.items?.[0], {
      message: "the Flag reached A's community moderators",
    });
    expect(onA).toMatchObject({
      status: "open",
      comment: "Publicité déguisée",
      remote: true,
      target: { kind: "note", uri: spam.uri, snapshot: { title: "Pilules miracles" } },
      community: { handle: `@atelier@${a.host}` },
      account: { handle: `@vendeur@${a.host}` },
      reporter: { type: "Application", local: false },
    });
    expect(onA.reporter.uri.startsWith(b.origin)).toBe(true);
    // Not for a member who moderates nothing.
    expect((await a.api("GET", "/api/v1/reports", undefined, bystander.token)).status).toBe(403);
    expect((await a.api("POST", `/api/v1/reports/${onA.id}/resolve`, { action: "remove" }, bystander.token)).status).toBe(403);

    // Resolved on A by a removal, which reaches B's copy of the community.
    const resolved = await a.api("POST", `/api/v1/reports/${onA.id}/resolve`, { action: "remove", note: "Spam" }, moderator.token);
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolution).toMatchObject({ action: "remove", note: "Spam" });
    await waitFor(async () => JSON.stringify(await postsOnB()) === JSON.stringify([kept.uri]), { message: "the removal reached B" });
    expect((await a.api("GET", "/api/v1/communities/atelier/posts", undefined, moderator.token)).body.items.map((p: { uri: string }) => p.uri)).toEqual([kept.uri]);
  }, 240_000);
});
