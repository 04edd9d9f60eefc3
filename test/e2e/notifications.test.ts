// Notifications across two real instances: bob on B follows alice on A,
// replies to her note and likes it; A notifies alice of the three as the
// activities arrive, and her notifications page lists them, each linked.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { PageSession } from "./support/page-session.ts";

describe("notifications from another instance", () => {
  const net = useInstances(2);

  it("lists a follow, a reply and a like from B on alice's notifications page on A", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    const note = (await a.api("POST", "/api/v1/notes", { title: "Les jardins collectifs", content: "Des corvées partagées." }, alice.token)).body;

    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bob.token)).status).toBe(201);
    const onB = await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`, undefined, bob.token);
      return seen.status === 200 ? seen.body : null;
    }, { message: "bob's server fetched alice's note" });
    const reply = await b.api("POST", "/api/v1/notes", { content: "J'apporte des semis.", inReplyTo: note.uri }, bob.token);
    expect(reply.status).toBe(201);
    expect((await b.api("POST", `/api/v1/notes/${onB.id}/like`, undefined, bob.token)).status).toBe(201);

    const kinds = await waitFor(async () => {
      const items = (await a.api("GET", "/api/v1/notifications", undefined, alice.token)).body.items as { kind: string }[];
      const found = items.map((i) => i.kind).sort();
      return found.length >= 3 ? found : null;
    }, { message: "the Follow, the Create and the Like reached A and notified alice" });
    expect(kinds).toEqual(["follow", "like", "reply"]);

    const browser = await PageSession.signIn(a, "alice", alice.password);
    const { status, page } = await browser.get("/notifications");
    expect(status).toBe(200);
    expect(page).toContain("(3 notifications non lues)");
    const bobName = /data-kind="follow">[\s\S]*?<a class="p-author h-card" href="([^"]+)"[^>]*>bob<\/a> vous suit\./.exec(page);
    expect(bobName?.[1]).toMatch(new RegExp(`^${b.origin}/`));
    const replyOnA = (await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(reply.body.uri)}`, undefined, alice.token)).body;
    expect(page).toMatch(new RegExp(`data-kind="reply">[\\s\\S]*?vous a répondu : <a href="/notes/${replyOnA.id}">`));
    expect(page).toMatch(new RegExp(`data-kind="like">[\\s\\S]*?aime votre note <a href="/notes/${note.id}">Les jardins collectifs</a>`));

    // Marked read from the page: the header count goes.
    expect((await browser.post("/notifications/read", {})).location).toBe("/notifications?read=1");
    expect((await browser.get("/notifications")).page).not.toContain("notifications non lues)");
  });

  it("tells the moderators of each of A's communities of a thread from B posted into both", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const mod = await a.createUser("moderatrice");
    const poster = await b.createUser("posteur");
    for (const handle of ["potagers", "semences"]) {
      expect((await a.api("POST", "/api/v1/communities", { handle, name: handle, visibility: "public" }, mod.token)).status).toBe(201);
    }
    const posted = await b.api("POST", "/api/v1/notes", { title: "Troc de graines", content: "Samedi prochain.", communities: [a.handle("potagers"), a.handle("semences")] }, poster.token);
    expect(posted.status).toBe(201);
    const items = await waitFor(async () => {
      const list = (await a.api("GET", "/api/v1/notifications?kind=cross-post", undefined, mod.token)).body.items as { subject: string; community: { handle: string } }[];
      return list.length >= 2 ? list : null;
    }, { message: "the Create reached A's two communities" });
    expect(items.map((i) => i.subject)).toEqual([posted.body.uri, posted.body.uri]);
    expect(items.map((i) => i.community.handle).sort()).toEqual([a.handle("potagers"), a.handle("semences")].sort());
  });
});
