// A community followed from Mastodon-family servers (issue 8, points 1 to 7),
// against stand-ins that keep only what the real ones keep: Mastodon (a Create
// only if it names one of its accounts or comes from someone followed,
// Announce(Create/Update/Delete) ignored, boosts of public objects only, an
// Article shown as name + summary + link) and Hollo (the same intake, every
// type read like a Note, summary as a content warning, Note + name + inReplyTo
// dropped as a poll vote). See support/microblog-server.ts.
import { afterAll, describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { occurrences, show } from "./support/microblog-reading.ts";
import { startMicroblogServer, type MicroblogServer } from "./support/microblog-server.ts";

const AP = { headers: { Accept: "application/activity+json" } };
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

// Many sequential federation steps per test: headroom for a loaded machine.
describe("a community followed from Mastodon and Hollo", { timeout: 180_000 }, () => {
  const net = useInstances(1, { readyTimeoutMs: 60_000 }); // headroom: a loaded machine takes long to start Node
  const servers: MicroblogServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  async function standIn(software: "mastodon" | "hollo"): Promise<MicroblogServer> {
    const server = await startMicroblogServer(net.cluster, software);
    servers.push(server);
    return server;
  }
  async function follow(server: MicroblogServer, account: string, target: string): Promise<void> {
    await server.follow(account, target);
    await waitFor(() => server.isFollowing(account, target), { message: `${account} was accepted by ${target}` });
  }
  const seen = (server: MicroblogServer, account: string, uri: string) => server.seenBy(account).find((s) => s.uri === uri);

  it("(2, 4) each thread shows its title once, no content warning, and the link; edits and deletions reach followers of the community only", async () => {
    const [a] = net.instances as [Instance];
    const mastodon = await standIn("mastodon");
    const hollo = await standIn("hollo");
    const alice = await a.createUser("alice");
    const group = (await a.api("POST", "/api/v1/communities", { handle: "jardins", name: "Jardins", visibility: "public" }, alice.token)).body.uri;
    const lea = mastodon.account("lea");
    const hugo = hollo.account("hugo");
    await follow(mastodon, lea, group);
    await follow(hollo, hugo, group);

    const title = "Semis d'automne";
    const summary = "Ce qu'on sème en octobre, et pourquoi.";
    const post = (await a.api("POST", "/api/v1/notes", { title, summary, content: "Des fèves, de l'ail et des épinards.", communities: ["jardins"] }, alice.token)).body;
    for (const [server, account] of [[mastodon, lea], [hollo, hugo]] as const) {
      const status = await waitFor(() => seen(server, account, post.uri), { message: `${server.software} boosted the thread` });
      expect(occurrences(status.shown, title), `${server.software}: ${JSON.stringify(status.shown)}`).toBe(1);
      expect(status.shown.contentWarning, server.software).toBeNull();
      expect(status.shown.text, server.software).toContain(post.url);
    }
    expect(seen(hollo, hugo, post.uri)!.shown.text).toContain(summary);
    // Lemmy reads the same Article: the title once, the body from `source`, nothing hidden.
    const article = await (await a.fetch(post.uri, AP)).json();
    const onLemmy = show("lemmy", article);
    expect(occurrences(onLemmy, title)).toBe(1);
    expect(onLemmy.contentWarning).toBeNull();
    expect(article.summary).toBeUndefined();

    // The edit reaches both, though they follow only the community (and ignore Announce(Update)).
    expect((await a.api("PATCH", `/api/v1/notes/${post.id}`, { title: "Semis d'octobre" }, alice.token)).status).toBe(200);
    for (const [server, account] of [[mastodon, lea], [hollo, hugo]] as const) {
      await waitFor(() => occurrences(seen(server, account, post.uri)?.shown ?? { text: "", contentWarning: null }, "Semis d'octobre") === 1, {
        message: `${server.software} shows the edited title`,
      });
    }
    // The deletion too.
    expect((await a.api("DELETE", `/api/v1/notes/${post.id}`, undefined, alice.token)).status).toBe(204);
    for (const server of [mastodon, hollo]) {
      await waitFor(() => !server.statuses.has(post.uri), { message: `${server.software} dropped the deleted post` });
    }
  });

  it("(3, 1, 6) a Hollo post mentioning the community is a thread titled by its first line; replies reach Hollo; a reply's context is its thread's", async () => {
    const [a] = net.instances as [Instance];
    const hollo = await standIn("hollo");
    const mastodon = await standIn("mastodon");
    const ana = await a.createUser("ana");
    const group = (await a.api("POST", "/api/v1/communities", { handle: "potagers", name: "Potagers", visibility: "public" }, ana.token)).body.uri;
    const hugo = hollo.account("hugo");
    const lea = mastodon.account("lea");
    await follow(hollo, hugo, group);

    const root = {
      id: `${hollo.origin}/notes/1`,
      type: "Note",
      attributedTo: hugo,
      content: `<p><span class="h-card"><a href="${group}" class="u-url mention">@<span>potagers</span></a></span> Semis d'automne<br>Quoi semer en octobre? Des fèves, surtout.</p><p>Et vous?</p>`,
      to: [PUBLIC],
      cc: [`${hugo}/followers`, group],
      tag: [{ type: "Mention", href: group, name: `@potagers@${a.host}` }],
      published: new Date().toISOString(),
    };
    await hollo.publish(hugo, root, [`${a.origin}/inbox`]);
    const thread = await waitFor(async () => (await a.api("GET", "/api/v1/communities/potagers/posts", undefined, ana.token)).body.items[0], {
      message: "the mention started a thread",
    });
    expect(thread).toMatchObject({ uri: root.id, title: "Semis d'automne" });

    // ana replies with a title: Hollo keeps it (a Note with `name` and `inReplyTo` would be a poll vote).
    const reply = (await a.api("POST", "/api/v1/notes", { inReplyTo: root.id, title: "Réponse", content: "Des pois aussi." }, ana.token)).body;
    const onHollo = await waitFor(() => seen(hollo, hugo, reply.uri), { message: `the reply reached Hollo (${JSON.stringify(reply)} ${JSON.stringify(hollo.ignored)})` });
    expect(onHollo.shown.text).toContain("Des pois aussi.");
    expect(hollo.ignored.filter((i) => i.why === "a poll vote")).toEqual([]);

    // lea replies from Mastodon to ana's reply, with no context; ana answers her: one conversation.
    const fromMastodon = {
      id: `${mastodon.origin}/statuses/1`,
      type: "Note",
      attributedTo: lea,
      inReplyTo: reply.uri,
      content: "<p>Et de l'ail!</p>",
      to: [PUBLIC],
      cc: [`${lea}/followers`, reply.authors[0].uri],
      tag: [{ type: "Mention", href: reply.authors[0].uri }],
      published: new Date().toISOString(),
    };
    await mastodon.publish(lea, fromMastodon, [`${a.origin}/inbox`]);
    await waitFor(async () => (await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(fromMastodon.id)}`, undefined, ana.token)).status === 200, {
      message: "A stored the Mastodon reply",
    });
    const answer = (await a.api("POST", "/api/v1/notes", { inReplyTo: fromMastodon.id, content: "Bonne idée." }, ana.token)).body;
    const [replyJson, answerJson] = await Promise.all([reply.uri, answer.uri].map(async (uri) => (await a.fetch(uri, AP)).json()));
    expect(replyJson.name).toBeUndefined();
    expect(answerJson.context).toBe(replyJson.context);
    expect(answerJson.context).not.toBe(fromMastodon.id);
  });

  it("(5) a private community's posts and replies reach its members on Mastodon, addressed to them, and no one else", async () => {
    const [a] = net.instances as [Instance];
    const mastodon = await standIn("mastodon");
    const moderator = await a.createUser("animatrice");
    const cercle = (await a.api("POST", "/api/v1/communities", { handle: "cercle", name: "Cercle", visibility: "private" }, moderator.token)).body.uri;
    const member = mastodon.account("membre");
    const outsider = mastodon.account("curieux");
    await mastodon.follow(member, cercle);
    const request = await waitFor(async () => (await a.api("GET", "/api/v1/communities/cercle/requests", undefined, moderator.token)).body.items[0], {
      message: "the join request reached A",
    });
    expect((await a.api("POST", `/api/v1/communities/cercle/requests/${request.id}/accept`, undefined, moderator.token)).status).toBe(200);
    await waitFor(() => mastodon.isFollowing(member, cercle), { message: "the member was accepted" });
    // The outsider follows the author: still nothing of the community.
    await follow(mastodon, outsider, (await a.api("GET", "/api/v1/me", undefined, moderator.token)).body.uri);

    const post = (await a.api("POST", "/api/v1/notes", { title: "Entre nous", content: "Réservé au cercle.", communities: ["cercle"] }, moderator.token)).body;
    expect(post.visibility).toBe("community");
    const status = await waitFor(() => seen(mastodon, member, post.uri), { message: "the member sees the private post" });
    expect(status.visibleTo).toEqual([member]);
    const reply = (await a.api("POST", "/api/v1/notes", { inReplyTo: post.uri, content: "Une réponse du cercle." }, moderator.token)).body;
    await waitFor(() => seen(mastodon, member, reply.uri), { message: "the member sees the private reply" });
    expect(mastodon.seenBy(outsider)).toEqual([]);
    expect(mastodon.statuses.get(post.uri)!.object.to).not.toContain(PUBLIC);

    // The community's page says what members on other software see.
    const page = await (await a.fetch("/c/cercle", { headers: { "Accept-Language": "fr" } })).text();
    expect(page).toContain("adressées à eux seuls");
  });

  it("(7) a local community is followed by its bare name; serving a person logs no featured warning", async () => {
    const [a] = net.instances as [Instance];
    const owner = await a.createUser("jardiniere");
    await a.api("POST", "/api/v1/communities", { handle: "semences", visibility: "public" }, owner.token);
    const reader = await a.createUser("lecteur");
    const followed = await a.api("POST", "/api/v1/follows", { target: "semences" }, reader.token);
    expect(followed.status).toBe(201);
    expect(followed.body.actor.handle).toBe(`@semences@${a.host}`);
    const me = (await a.api("GET", "/api/v1/me", undefined, reader.token)).body;
    const person = await (await a.fetch(me.uri, AP)).json();
    expect(person.featured).toBe(`${me.uri}/featured`);
    expect((await a.fetch(person.featured, AP)).status).toBe(200);
    expect(a.logs()).not.toMatch(/does not have a featured property/);
  });
});
