// Bad input about notes on real instances: forged edits and deletions,
// malformed Articles, uploads of the wrong size or type, injected HTML.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";
import { AP_JSON, postToInbox, privateKeyOf } from "./support/signing.ts";

const XSS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(1)">clic</a>',
  '<a href="  JaVaScRiPt:alert(1)">clic</a>',
  '<a href="&#x6A;avascript:alert(1)">clic</a>',
  "[lien](javascript:alert(1))",
  "![img](javascript:alert(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<svg onload="alert(1)"></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<details open ontoggle="alert(1)">x</details>',
];

/** Looks only at real tags: escaped text such as `&lt;script&gt;` is harmless and allowed. */
function assertSafe(html: string): void {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(/^<(script|iframe|svg|object|embed|style|math|base|meta|link|form)\b/i);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/(javascript|vbscript|data):/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
  }
}

describe("notes: bad input on real instances", () => {
  // A small upload limit on A keeps the oversized upload quick to refuse.
  const net = useInstances(2, { env: (index) => (index === 0 ? { MAX_UPLOAD_MB: "1" } : {}) });

  it("keeps classic XSS vectors out of the JSON API, the Article and what the follower stores", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    await b.api("POST", "/api/v1/follows", { target: a.handle("alice") }, bob.token);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.total === 1);

    const created = await a.api(
      "POST",
      "/api/v1/notes",
      { title: '<script>alert("titre")</script>', summary: '<img src=x onerror="alert(1)">', content: XSS.join("\n\n"), tags: ["<b>gras</b>"] },
      alice.token,
    );
    expect(created.status).toBe(201);
    assertSafe(created.body.contentHtml);
    const article = await (await a.fetch(created.body.uri, { headers: { Accept: AP_JSON } })).json();
    for (const html of [article.content, ...Object.values(article.contentMap ?? {})] as string[]) assertSafe(html);
    // The title and summary are plain text: escaped where the content frames them (article-shape.ts).
    expect(article.content).toContain("&lt;img");
    expect(article.content).toContain("&lt;script&gt;");
    const pageResponse = await a.fetch(created.body.uri, { headers: { Accept: "text/html" } });
    expect(pageResponse.status).toBe(200);
    const page = await pageResponse.text();
    expect(page).toContain("&lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt;");
    expect(page).not.toContain('<script>alert("titre")');
    expect(page).not.toMatch(/<img src=x onerror/);

    const onB = await waitFor(async () => {
      const seen = await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(created.body.uri)}`, undefined, bob.token);
      return seen.status === 200 ? seen.body : null;
    });
    assertSafe(onB.contentHtml);
  });

  it("rejects remote Updates and Deletes of a note by someone who is not its author, and drops malformed Articles", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("amelie");
    const mallory = await a.createUser("mallory");
    const bob = await b.createUser("benoit");
    await b.api("POST", "/api/v1/follows", { target: a.handle("amelie") }, bob.token);
    await b.api("POST", "/api/v1/follows", { target: a.handle("mallory") }, bob.token);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.total === 2);
    const note = (await a.api("POST", "/api/v1/notes", { title: "Original", content: "Texte d'origine." }, alice.token)).body;
    const byUri = `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`;
    await waitFor(async () => (await b.api("GET", byUri, undefined, bob.token)).status === 200, { message: "the note reached B" });

    const malloryUri = (await a.api("GET", "/api/v1/me", undefined, mallory.token)).body.uri;
    const key = await privateKeyOf(a, malloryUri);
    const bobInbox = `${(await b.api("GET", "/api/v1/me", undefined, bob.token)).body.uri}/inbox`;
    const article = await (await a.fetch(note.uri, { headers: { Accept: AP_JSON } })).json();

    // Mallory signs an Update of amelie's note, claiming to be its author.
    const forgedUpdate = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${malloryUri}#forged-update`,
      type: "Update",
      actor: malloryUri,
      object: { ...article, "@context": undefined, content: "Piraté", contentMap: { fr: "Piraté" }, attributedTo: malloryUri, updated: new Date(Date.now() + 60_000).toISOString() },
    };
    expect((await postToInbox(b, bobInbox, JSON.stringify(forgedUpdate), key, malloryUri)).status).toBe(202);
    const forgedDelete = { "@context": "https://www.w3.org/ns/activitystreams", id: `${malloryUri}#forged-delete`, type: "Delete", actor: malloryUri, object: note.uri };
    expect((await postToInbox(b, bobInbox, JSON.stringify(forgedDelete), key, malloryUri)).status).toBe(202);

    // A malformed Article (no content, no name, no attributedTo) from mallory herself.
    const malformed = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${malloryUri}#malformed-create`,
      type: "Create",
      actor: malloryUri,
      object: { id: `${a.origin}/notes/malformed`, type: "Article" },
    };
    expect((await postToInbox(b, bobInbox, JSON.stringify(malformed), key, malloryUri)).status).toBe(202);

    await waitFor(() => /Rejected Update of .* not one of its authors/.test(b.logs()), { message: "the forged Update was rejected" });
    await waitFor(() => /Rejected Delete of .* not one of its authors/.test(b.logs()), { message: "the forged Delete was rejected" });
    await waitFor(() => /Dropped malformed note .*malformed/.test(b.logs()), { message: "the malformed Article was dropped" });
    const still = await b.api("GET", byUri, undefined, bob.token);
    expect(still.status).toBe(200);
    expect(still.body.contentHtml).toContain("Texte d'origine.");
    expect(still.body.authors.map((x: { username: string }) => x.username)).toEqual(["amelie"]);
    expect((await b.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(`${a.origin}/notes/malformed`)}`, undefined, bob.token)).status).toBe(404);
  });

  it("answers uploads over the size limit with 413 and of a disallowed type with 415", async () => {
    const [a] = net.instances as [Instance, Instance];
    const user = await a.createUser("uploader");
    const send = async (bytes: Uint8Array, name: string) => {
      const form = new FormData();
      form.set("file", new Blob([bytes as BlobPart]), name);
      return a.fetch("/api/v1/media", { method: "POST", headers: { Authorization: `Bearer ${user.token}` }, body: form });
    };
    const html = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");
    expect((await send(html, "page.pdf")).status).toBe(415);
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...new Array(200).fill(0)]);
    expect((await send(exe, "setup.exe")).status).toBe(415);
    const huge = new Uint8Array(2 * 1024 * 1024);
    expect((await send(huge, "huge.png")).status).toBe(413);
  });
});
