// Issue 12: a reply edited, then deleted, from the thread page of instance A
// (the web forms, no API) reaches a member of the community on instance B:
// B shows the new text, then drops the reply. The pages go through the same
// domain functions as the API, which queue the Update and the Delete.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

/** A signed-in browser on one instance: its session cookie and the CSRF token of the last page it read. */
async function signIn(instance: Instance, handle: string, password: string) {
  const signin = await instance.fetch("/signin", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ handle, password }),
    redirect: "manual",
  });
  expect(signin.status).toBe(303);
  const cookie = signin.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  let csrf = "";
  return {
    async get(path: string): Promise<string> {
      const page = await (await instance.fetch(path, { headers: { Accept: "text/html", "Accept-Language": "fr", Cookie: cookie } })).text();
      csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? csrf;
      return page;
    },
    post(path: string, fields: Record<string, string>): Promise<Response> {
      return instance.fetch(path, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr" },
        body: new URLSearchParams({ ...fields, _csrf: csrf }),
      });
    },
  };
}

describe("replies edited and deleted from the pages", { timeout: 180_000 }, () => {
  const net = useInstances(2, { readyTimeoutMs: 60_000 });

  it("reach a member of the community on another instance", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    expect((await a.api("POST", "/api/v1/communities", { handle: "jardins", name: "Jardins", visibility: "public" }, alice.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("jardins") }, bob.token)).status).toBe(201);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", { message: "bob joined the community" });

    const thread = (await a.api("POST", "/api/v1/notes", { title: "Semis", content: "Quand semer ?", communities: ["jardins"] }, alice.token)).body;
    const reply = (await a.api("POST", "/api/v1/notes", { inReplyTo: thread.uri, content: "En mars, au chaud.", communities: ["jardins"] }, alice.token)).body;
    const onB = async () => b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(reply.uri)}`, undefined, bob.token);
    await waitFor(async () => ((await onB()).body?.contentHtml ?? "").includes("En mars, au chaud."), { message: "the reply reached B" });

    const browser = await signIn(a, "alice", alice.password);
    const threadPath = `/c/jardins/t/${thread.id}`;
    const page = await browser.get(threadPath);
    const edit = `/replies/${reply.id}/edit?back=${encodeURIComponent(threadPath)}`;
    expect(page).toContain(edit.replace(/&/g, "&amp;"));
    await browser.get(edit);
    const saved = await browser.post(edit, { content: "En avril, sous abri.", editSummary: "meilleure date" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`${threadPath}?reply=saved#post-${reply.id}`);
    await waitFor(async () => ((await onB()).body?.contentHtml ?? "").includes("En avril, sous abri."), { message: "the edit reached B" });
    expect((await onB()).body.contentHtml).not.toContain("En mars");

    const remove = `/replies/${reply.id}/delete?back=${encodeURIComponent(threadPath)}`;
    expect(await browser.get(remove)).toContain("Oui, supprimer ma réponse");
    const deleted = await browser.post(remove, {});
    expect(deleted.status).toBe(303);
    await waitFor(async () => [404, 410].includes((await onB()).status), { message: "the deletion reached B" });
    expect((await a.fetch(reply.uri, { headers: { Accept: "application/activity+json" } })).status).toBe(410);
  });
});
