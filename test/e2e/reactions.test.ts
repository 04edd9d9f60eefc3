// Light participation across two real instances: bob on B likes and shares
// alice's note from A, then takes both back; A counts them from the Like and
// Announce it receives. Readings count browser views of the page only.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type CreatedUser, type Instance } from "../harness/harness.ts";
import { AP_JSON, postToInbox, privateKeyOf } from "./support/signing.ts";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

describe("likes, shares and readings across instances", () => {
  const net = useInstances(2);

  /** alice on A writes a public note that bob on B receives (he follows her). */
  async function noteSeenFromB(handles: [string, string]) {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser(handles[0]);
    const bob = await b.createUser(handles[1]);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle(handles[0]) }, bob.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", { message: "bob follows alice" });
    const note = (await a.api("POST", "/api/v1/notes", { title: "Les jardins collectifs", content: "Des corvées partagées." }, alice.token)).body;
    const onB = await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
      return seen.status === 200 ? seen.body : null;
    }, { message: "the note reached B" });
    return { a, b, alice, bob, note, onB };
  }

  async function countsOnA(a: Instance, alice: CreatedUser, noteId: string) {
    return (await a.api("GET", `/api/v1/notes/${noteId}`, undefined, alice.token)).body as { likesCount: number; sharesCount: number; readsCount: number };
  }

  async function article(a: Instance, uri: string) {
    return (await a.fetch(uri, { headers: { Accept: AP_JSON } })).json();
  }

  it("a like from B is counted on A, listed in the likes collection, and undone", async () => {
    const { a, b, alice, bob, note, onB } = await noteSeenFromB(["alice", "bob"]);
    expect(onB).toMatchObject({ likesCount: 0, sharesCount: 0, likedByMe: false });

    const liked = await b.api("POST", `/api/v1/notes/${onB.id}/like`, undefined, bob.token);
    expect(liked.status).toBe(201);
    expect(liked.body).toMatchObject({ likesCount: 1, likedByMe: true });
    expect((await b.api("POST", `/api/v1/notes/${onB.id}/like`, undefined, bob.token)).status).toBe(200);

    await waitFor(async () => (await countsOnA(a, alice, note.id)).likesCount === 1, { message: "the Like reached A" });
    expect((await article(a, note.uri)).likes).toMatchObject({ id: `${note.uri}/likes`, totalItems: 1 });
    const bobUri = (await b.api("GET", "/api/v1/me", undefined, bob.token)).body.uri;
    const likes = await article(a, `${note.uri}/likes`);
    expect(likes.totalItems).toBe(1);
    expect([likes.items].flat()).toEqual([expect.objectContaining({ type: "Like", actor: bobUri, object: note.uri })]);

    const unliked = await b.api("DELETE", `/api/v1/notes/${onB.id}/like`, undefined, bob.token);
    expect(unliked.status).toBe(200);
    expect(unliked.body).toMatchObject({ likesCount: 0, likedByMe: false });
    await waitFor(async () => (await countsOnA(a, alice, note.id)).likesCount === 0, { message: "the Undo(Like) reached A" });
    expect((await article(a, note.uri)).likes.totalItems).toBe(0);
  });

  it("the likes and shares of someone who deleted their account stop counting", async () => {
    const { a, b, alice, bob, note, onB } = await noteSeenFromB(["agathe", "bernard"]);
    expect((await b.api("POST", `/api/v1/notes/${onB.id}/like`, undefined, bob.token)).status).toBe(201);
    expect((await b.api("POST", `/api/v1/notes/${onB.id}/share`, undefined, bob.token)).status).toBe(201);
    await waitFor(async () => {
      const counts = await countsOnA(a, alice, note.id);
      return counts.likesCount === 1 && counts.sharesCount === 1;
    }, { message: "the Like and the Announce reached A" });
    expect((await b.api("DELETE", "/api/v1/me", { password: bob.password }, bob.token)).status).toBe(200);
    await waitFor(async () => {
      const counts = await countsOnA(a, alice, note.id);
      return counts.likesCount === 0 && counts.sharesCount === 0;
    }, { message: "Delete(Person) reached A and took bob's like and share with it" });
    expect((await article(a, note.uri)).likes.totalItems).toBe(0);
  });

  it("a share from B is counted on A and undone", async () => {
    const { a, b, alice, bob, note, onB } = await noteSeenFromB(["amelie", "benoit"]);
    const shared = await b.api("POST", `/api/v1/notes/${onB.id}/share`, undefined, bob.token);
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ sharesCount: 1, sharedByMe: true });
    await waitFor(async () => (await countsOnA(a, alice, note.id)).sharesCount === 1, { message: "the Announce reached A" });
    expect((await article(a, note.uri)).shares).toMatchObject({ id: `${note.uri}/shares`, totalItems: 1 });

    expect((await b.api("DELETE", `/api/v1/notes/${onB.id}/share`, undefined, bob.token)).body.sharesCount).toBe(0);
    await waitFor(async () => (await countsOnA(a, alice, note.id)).sharesCount === 0, { message: "the Undo(Announce) reached A" });
  });

  it("ignores a Like of an object A does not have, and counts a redelivered Like once", async () => {
    const { a, b, alice, bob, note } = await noteSeenFromB(["adele", "basile"]);
    const bobUri = (await b.api("GET", "/api/v1/me", undefined, bob.token)).body.uri;
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri;
    const key = await privateKeyOf(b, bobUri);
    const like = (object: string, id = `${bobUri}#likes/${crypto.randomUUID()}`) =>
      JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id, type: "Like", actor: bobUri, object });

    expect((await postToInbox(a, `${aliceUri}/inbox`, like(`${a.origin}/notes/inconnue`), key, bobUri)).status).toBe(202);
    expect((await postToInbox(a, `${aliceUri}/inbox`, like("https://ailleurs.example/notes/1"), key, bobUri)).status).toBe(202);
    const body = like(note.uri);
    for (let i = 0; i < 2; i++) expect((await postToInbox(a, `${aliceUri}/inbox`, body, key, bobUri)).status).toBe(202);
    await waitFor(async () => (await countsOnA(a, alice, note.id)).likesCount === 1, { message: "the signed Like was counted" });
    // A Like whose id is on another server than its actor is refused.
    expect((await postToInbox(a, `${aliceUri}/inbox`, like(note.uri, `${a.origin}/likes/forged`), key, bobUri)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await countsOnA(a, alice, note.id)).likesCount).toBe(1);
    expect(a.logs()).toMatch(/Ignored Like .* no such note here/);
  });

  it("the note page shows the counts and a CSRF-checked like button to signed-in people", async () => {
    const [a] = net.instances as [Instance, Instance];
    const writer = await a.createUser("autrice");
    const reader = await a.createUser("lecteur");
    const note = (await a.api("POST", "/api/v1/notes", { title: "À aimer", content: "Texte." }, writer.token)).body;
    const anonymous = await (await a.fetch(note.uri, { headers: { Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(anonymous).toMatch(/J(&#39;|')aime : 0/);
    expect(anonymous).not.toContain(`action="/notes/${note.id}/like"`);

    const signin = await a.fetch("/signin", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ handle: "lecteur", password: reader.password }),
      redirect: "manual",
    });
    expect(signin.status).toBe(303);
    const cookie = signin.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const browse = (init: RequestInit = {}) =>
      a.fetch(`/notes/${note.id}/like`, { method: "POST", redirect: "manual", ...init, headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...init.headers } });
    const page = await (await a.fetch(note.uri, { headers: { Accept: "text/html", "Accept-Language": "fr", Cookie: cookie } })).text();
    expect(page).toContain(`action="/notes/${note.id}/like"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;

    expect((await browse({ body: new URLSearchParams() })).status).toBe(403);
    const liked = await browse({ body: new URLSearchParams({ _csrf: csrf }) });
    expect(liked.status).toBe(303);
    expect(liked.headers.get("location")).toBe(`/notes/${note.id}#participation`);
    const after = await (await a.fetch(note.uri, { headers: { Accept: "text/html", "Accept-Language": "fr", Cookie: cookie } })).text();
    expect(after).toMatch(/J(&#39;|')aime : 1/);
    expect(after).toMatch(/Je n(&#39;|')aime plus/);
    expect((await browse({ body: new URLSearchParams({ _csrf: csrf, undo: "1" }) })).status).toBe(303);
    expect((await countsOnA(a, writer, note.id)).likesCount).toBe(0);
  });

  it("counts a reading when a browser views the page, not for ActivityPub fetches or robots", async () => {
    const [a] = net.instances as [Instance, Instance];
    const writer = await a.createUser("redactrice");
    const note = (await a.api("POST", "/api/v1/notes", { title: "À lire", content: "Texte." }, writer.token)).body;
    expect((await a.fetch(note.uri, { headers: { Accept: AP_JSON } })).status).toBe(200);
    expect((await a.fetch(note.uri, { headers: { Accept: "text/html", "User-Agent": "curl/8.5.0" } })).status).toBe(200);
    expect((await a.fetch(note.uri, { headers: { Accept: "text/html", "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" } })).status).toBe(200);
    expect((await countsOnA(a, writer, note.id)).readsCount).toBe(0);

    const page = await a.fetch(note.uri, { headers: { Accept: "text/html", "User-Agent": FIREFOX, "Accept-Language": "fr" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Lectures : 1");
    await a.fetch(note.uri, { headers: { Accept: "text/html", "User-Agent": FIREFOX } });
    expect((await countsOnA(a, writer, note.id)).readsCount).toBe(2);
  });
});
