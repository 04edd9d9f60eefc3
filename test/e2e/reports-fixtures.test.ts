// Reports with real fediverse shapes against a real instance. Incoming
// Mastodon, Lemmy and Mbin Flags (test/fixtures) signed by stand-in servers
// become reports on local targets only; a Flag about what is not ours, or from
// a blocked server, creates nothing; Lemmy's Resolve closes the report. A
// report forwarded from here reaches the content's home as Mastodon's Flag.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { loadFixture } from "../helpers/fixtures.ts";
import { rewrite, startFakeServer, type FakeServer } from "./support/fake-server.ts";

// Lemmy and Mbin send their own JSON-LD contexts; the ActivityStreams one stands in for them
// (no network here), and is what gives Lemmy's `Resolve` a type Fedify keeps.
const AS_CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"];

function serveActor(server: FakeServer, path: string, type: string, username: string): string {
  const id = `${server.origin}${path}`;
  server.documents.set(path, {
    "@context": AS_CONTEXT,
    id,
    type,
    preferredUsername: username,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    endpoints: { sharedInbox: `${server.origin}/inbox` },
    publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: server.publicKeyPem },
  });
  return id;
}

describe("Flags from Mastodon, Lemmy and Mbin", () => {
  const net = useInstances(1);
  const servers: FakeServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it("become reports on local targets only; foreign or blocked ones create nothing; Lemmy's Resolve closes; our Flag has Mastodon's shape", async () => {
    const [a] = net.instances as [Instance];
    const [mastodon, lemmy, mbin, blocked] = await Promise.all(["mastodon", "lemmy", "mbin", "blocked"].map((name) => startFakeServer(net.cluster, name)));
    servers.push(mastodon!, lemmy!, mbin!, blocked!);
    const admin = await a.createUser("gardienne", { admin: true });
    const moderator = await a.createUser("moderatrice");
    const author = await a.createUser("vendeur");
    const community = (await a.api("POST", "/api/v1/communities", { handle: "main", name: "Main", visibility: "public" }, moderator.token)).body;
    expect((await a.api("POST", "/api/v1/follows", { target: "main" }, author.token)).status).toBe(201);
    const post = (await a.api("POST", "/api/v1/notes", { title: "Pilules", content: "Achetez", communities: ["main"] }, author.token)).body;
    const authorUri = (await a.api("GET", "/api/v1/me", undefined, author.token)).body.uri;
    const reports = async () => (await a.api("GET", "/api/v1/reports", undefined, admin.token)).body.items as any[];

    // A Lemmy user's post filed in our community (as in lemmy-fixtures.test.ts).
    const lemmyAlpha = serveActor(lemmy!, "/u/lemmy_alpha", "Person", "lemmy_alpha");
    const lemmyMod = serveActor(lemmy!, "/u/lemmy_mod", "Person", "lemmy_mod");
    const lemmyHosts = { "http://ds9.lemmy.ml": lemmy!.origin, "https://enterprise.lemmy.ml/c/main": community.uri, "http://enterprise.lemmy.ml/c/main": community.uri };
    const update = rewrite(loadFixture("lemmy/activities/create_or_update/update_page.json"), lemmyHosts) as Record<string, any>;
    lemmy!.documents.set("/post/1", update.object);
    expect((await lemmy!.post(`${community.uri}/inbox`, lemmyAlpha, update)).status).toBe(202);
    await waitFor(async () => (await a.api("GET", "/api/v1/communities/main/posts", undefined, moderator.token)).body.items.length === 2, { message: "the Lemmy post was filed" });

    // Mastodon: [account, status], the comment in `content`, from the instance actor.
    const mastodonActor = serveActor(mastodon!, "/actor", "Application", "mastodon.example");
    const flag = rewrite(loadFixture("mastodon/activities/flag.json"), { "https://mastodon.example": mastodon!.origin }) as Record<string, any>;
    flag.object = [authorUri, post.uri];
    flag.to = authorUri;
    expect((await mastodon!.post(`${a.origin}/inbox`, mastodonActor, flag)).status).toBe(202);
    const fromMastodon = await waitFor(async () => (await reports()).find((r) => r.reporter?.uri === mastodonActor), { message: "the Mastodon Flag became a report" });
    expect(fromMastodon).toMatchObject({ comment: "Please take a look at this user and their posts", remote: true, target: { kind: "note", uri: post.uri }, community: { uri: community.uri }, account: { uri: authorUri } });
    // The community's moderators see it too; a redelivery files nothing new.
    expect((await a.api("GET", "/api/v1/reports", undefined, moderator.token)).body.items.map((r: { id: string }) => r.id)).toContain(fromMastodon.id);
    expect((await mastodon!.post(`${a.origin}/inbox`, mastodonActor, flag)).status).toBe(202);

    // Lemmy: one post, the reason in `summary`, to the community (here about the Lemmy post it carries).
    const lemmyFlag = { "@context": AS_CONTEXT, ...rewrite(loadFixture("lemmy/activities/community/report_page.json"), { ...lemmyHosts, "http://enterprise.lemmy.ml/post/7": update.object.id, "http://enterprise.lemmy.ml/u/main": community.uri }) } as Record<string, any>;
    expect((await lemmy!.post(`${community.uri}/inbox`, lemmyAlpha, lemmyFlag)).status).toBe(202);
    const fromLemmy = await waitFor(async () => (await reports()).find((r) => r.reporter?.uri === lemmyAlpha), { message: "the Lemmy Flag became a report" });
    expect(fromLemmy).toMatchObject({ comment: "report this post", target: { uri: update.object.id }, community: { uri: community.uri } });

    // Mbin: [post, account], `audience` the community.
    const mbinUser = serveActor(mbin!, "/u/BentiGorlich", "Person", "BentiGorlich");
    const mbinFlag = rewrite(loadFixture("mbin/activities/flag.json"), { "https://mbin-test1": mbin!.origin, "https://lemmy-test/c/test_mag": community.uri }) as Record<string, any>;
    mbinFlag.object = [post.uri, authorUri];
    expect((await mbin!.post(`${a.origin}/inbox`, mbinUser, mbinFlag)).status).toBe(202);
    const fromMbin = await waitFor(async () => (await reports()).find((r) => r.reporter?.uri === mbinUser), { message: "the Mbin Flag became a report" });
    expect(fromMbin).toMatchObject({ comment: "dikjhgasdpas dsaü", target: { uri: post.uri }, community: { uri: community.uri } });

    // Not ours: a Flag about Mbin's own post creates nothing.
    const foreign = { ...mbinFlag, id: `${mbin!.origin}/reports/foreign`, object: [`${mbin!.origin}/post/9`, mbinUser] };
    expect((await mbin!.post(`${a.origin}/inbox`, mbinUser, foreign)).status).toBe(202);
    await waitFor(() => a.logs().includes(`Ignored Flag ${mbin!.origin}/reports/foreign`) || a.logs().includes(`Ignored Flag '${mbin!.origin}/reports/foreign'`), { message: "the foreign Flag was dropped" });

    // A blocked server: refused at the door, nothing filed.
    const blockedActor = serveActor(blocked!, "/actor", "Application", "blocked");
    expect((await a.api("PUT", "/api/v1/admin/federation-policy", { mode: "open", blockedInstances: [new URL(blocked!.origin).host] }, admin.token)).status).toBe(200);
    const blockedFlag = { ...flag, id: `${blocked!.origin}/flags/1`, actor: blockedActor };
    expect((await blocked!.post(`${a.origin}/inbox`, blockedActor, blockedFlag)).status).toBe(403);

    // Garbage: no object, a flood of unknown URIs, a huge comment about nothing of ours: acknowledged, nothing filed.
    const noObject = { ...flag, id: `${mastodon!.origin}/flags/empty`, object: undefined };
    const manyUnknown = { ...flag, id: `${mastodon!.origin}/flags/many`, object: Array.from({ length: 200 }, (_, i) => `${mastodon!.origin}/statuses/${i}`), content: "x".repeat(50_000) };
    for (const body of [noObject, manyUnknown]) expect((await mastodon!.post(`${a.origin}/inbox`, mastodonActor, body)).status).toBe(202);
    await waitFor(() => a.logs().includes(`${mastodon!.origin}/flags/many`), { message: "the garbage Flag was handled" });

    expect((await reports()).map((r) => r.reporter.uri).sort()).toEqual([lemmyAlpha, mastodonActor, mbinUser].sort());

    // Lemmy's Resolve, by a moderator of the community, closes the Lemmy report.
    expect((await a.api("POST", "/api/v1/communities/main/moderators", { actor: lemmyMod }, moderator.token)).status).toBe(201);
    const resolve = { "@context": AS_CONTEXT, id: `${lemmy!.origin}/activities/resolve/1`, type: "Resolve", actor: lemmyMod, to: [community.uri], audience: community.uri, object: { ...lemmyFlag, "@context": undefined } };
    expect((await lemmy!.post(`${community.uri}/inbox`, lemmyMod, resolve)).status).toBe(202);
    await waitFor(async () => (await reports()).find((r) => r.id === fromLemmy.id)?.status === "resolved", { message: "the Resolve closed the Lemmy report" });
    expect((await reports()).find((r) => r.id === fromMastodon.id).status).toBe("open");

    // Ours, forwarded: a local member reports the Lemmy post; Lemmy gets Mastodon's Flag shape from our instance actor.
    const member = await a.createUser("membre");
    const forwarded = await a.api("POST", "/api/v1/reports", { target: update.object.id, category: "spam", comment: "Publicité", forward: true }, member.token);
    expect(forwarded.body).toMatchObject({ forwarded: true });
    const sent = await waitFor(() => lemmy!.received.find((r) => r.body.type === "Flag")?.body, { message: "the Flag reached the content's home" });
    expect(sent).toMatchObject({ type: "Flag", actor: `${a.origin}/actors/instance`, object: [lemmyAlpha, update.object.id], content: "Publicité" });
    // One `to` (Lemmy refuses more): the account, since the community is ours.
    expect([sent.to].flat()).toEqual([lemmyAlpha]);
    // URIs only: nothing of the content travels with it, nor who reported.
    expect(JSON.stringify(sent)).not.toContain("test body");
    expect(JSON.stringify(sent)).not.toContain("membre");
  }, 300_000);
});
