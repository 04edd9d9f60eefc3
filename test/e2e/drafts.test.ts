// Drafts across instances (issue 12): a draft saved from the note form on B
// reaches nobody — alice on A, who follows its writer, receives nothing — and
// its Create goes out through the outbox only when it is published.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

/** A browser of one instance's pages: its cookies, and the CSRF token of the last page seen. */
class PageSession {
  readonly instance: Instance;
  readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(instance: Instance) {
    this.instance = instance;
  }

  #remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [name = "", value = ""] = (line.split(";")[0] ?? "").split("=", 2);
      if (value) this.cookies.set(name, value);
    }
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return { accept: "text/html", cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; "), ...extra };
  }

  async get(path: string): Promise<string> {
    const res = await this.instance.fetch(path, { headers: this.#headers(), redirect: "manual" });
    this.#remember(res);
    const page = await res.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? this.csrf;
    return page;
  }

  async post(path: string, body: URLSearchParams | FormData): Promise<Response> {
    if (this.csrf) body.set("_csrf", this.csrf);
    const type: Record<string, string> = body instanceof URLSearchParams ? { "content-type": "application/x-www-form-urlencoded" } : {};
    const res = await this.instance.fetch(path, { method: "POST", headers: this.#headers(type), body, redirect: "manual" });
    this.#remember(res);
    return res;
  }

  async signIn(handle: string, password: string): Promise<void> {
    const res = await this.post("/signin", new URLSearchParams({ handle, password }));
    expect(res.status).toBe(303);
    await this.get("/");
  }
}

describe("drafts across instances", () => {
  const net = useInstances(2);

  it("a follower elsewhere receives nothing for a draft, and the Create once it is published", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("bob") }, alice.token)).status).toBe(201);
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, alice.token)).body.items[0]?.status === "accepted", {
      message: "alice follows bob",
      timeout: 60_000,
    });

    // bob writes in the pages and saves a draft.
    const pages = new PageSession(b);
    await pages.signIn("bob", bob.password);
    await pages.get("/notes/new");
    const form = new FormData();
    for (const [name, value] of Object.entries({ title: "Pas encore prêt", content: "Un premier jet.", language: "fr", license: "cc-by-4.0", visibility: "public", action: "draft" })) {
      form.append(name, value);
    }
    const saved = await pages.post("/notes/new", form);
    expect(saved.status).toBe(303);
    const path = saved.headers.get("location")!.split("?")[0]!;
    const draftUri = b.url(path).href;
    // Not served to ActivityPub clients either (401 asks for a signature; a signed stranger gets 404).
    expect([401, 404]).toContain((await b.fetch(path, { headers: { accept: "application/activity+json" } })).status);

    // A note published after it reaches alice; the draft, never sent, does not.
    const marker = await b.api("POST", "/api/v1/notes", { title: "Publiée", content: "Celle-ci part.", visibility: "public" }, bob.token);
    expect(marker.status).toBe(201);
    await waitFor(async () => (await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(marker.body.uri)}`, undefined, alice.token)).status === 200, {
      message: "the published note reached A",
      timeout: 60_000,
    });
    expect((await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(draftUri)}`, undefined, alice.token)).status).toBe(404);

    // Published from its page: the Create goes out now.
    await pages.get(path);
    const published = await pages.post(`${path}/publish`, new URLSearchParams());
    expect(published.status).toBe(303);
    const onA = await waitFor(async () => {
      const seen = await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(draftUri)}`, undefined, alice.token);
      return seen.status === 200 ? seen.body : null;
    }, { message: "the published draft reached A", timeout: 60_000 });
    expect(onA.title).toBe("Pas encore prêt");
  }, 240_000);
});
