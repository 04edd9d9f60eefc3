// The community moderation page federates like the API: a moderator on A,
// signed in with a browser session (cookie and CSRF token, no API token),
// locks a thread and bans a member of B from the page's forms; B's copy of
// the thread locks, and B learns of the ban (its member no longer follows).
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

/** A browser session on one instance: the session cookie, and the CSRF token of the last page. */
class PageSession {
  readonly instance: Instance;
  cookie = "";
  csrf = "";

  constructor(instance: Instance) {
    this.instance = instance;
  }

  async signIn(handle: string, password: string): Promise<void> {
    const res = await this.instance.fetch("/signin", { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ handle, password }) });
    expect(res.status).toBe(303);
    this.cookie = res.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  }

  async get(path: string): Promise<{ status: number; page: string }> {
    const res = await this.instance.fetch(path, { headers: { cookie: this.cookie, accept: "text/html" } });
    const page = await res.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? this.csrf;
    return { status: res.status, page };
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.instance.fetch(path, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: this.cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams({ ...fields, _csrf: this.csrf }),
    });
  }
}

describe("the moderation page across instances", () => {
  const net = useInstances(2);

  it("a lock and a ban made from A's moderation page reach B", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    expect((await a.api("POST", "/api/v1/communities", { handle: "main", name: "Main" }, alice.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("main") }, bob.token)).status).toBe(201);
    const following = async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items as { status: string }[];
    await waitFor(async () => (await following())[0]?.status === "accepted", { message: "bob (B) joined the community" });

    const post = (await a.api("POST", "/api/v1/notes", { title: "Fil à verrouiller", content: "Un sujet", communities: ["main"] }, alice.token)).body;
    const postsOnB = `/api/v1/communities/${encodeURIComponent(a.handle("main"))}/posts`;
    const threadOnB = async () => (await b.api("GET", postsOnB, undefined, bob.token)).body.items?.find((i: { uri: string }) => i.uri === post.uri);
    await waitFor(async () => (await threadOnB()) != null, { message: "B filed the thread" });

    const moderator = new PageSession(a);
    await moderator.signIn("alice", alice.password);
    const page = await moderator.get("/c/main/moderation");
    expect(page.status).toBe(200);
    expect(page.page).toContain(`/c/main/moderation/posts/${post.id}/lock`);

    const locked = await moderator.post(`/c/main/moderation/posts/${post.id}/lock`, { reason: "Hors sujet" });
    expect(locked.status).toBe(303);
    expect(locked.headers.get("location")).toBe("/c/main/moderation?done=locked#threads");
    await waitFor(async () => (await threadOnB())?.locked === true, { message: "B's copy of the thread is locked" });

    await moderator.get("/c/main/moderation");
    const banned = await moderator.post("/c/main/moderation/bans", { actor: b.handle("bob"), reason: "Pourriel", confirmed: "1" });
    expect(banned.status).toBe(303);
    expect(banned.headers.get("location")).toBe("/c/main/moderation?done=banned#bans");
    await waitFor(async () => (await following()).length === 0, { message: "B learnt that bob is banned (his membership ended)" });
    expect((await moderator.get("/c/main/moderation")).page).toMatch(/<section id="bans">[\s\S]*bob[\s\S]*Pourriel/);
  });
});
