// A real server on a SQLite file that another process locks (issue 9, point 6):
// a backup, the CLI or `sqlite3` in a terminal holding the write lock. Pages
// keep answering while writes wait for it; a write that waited past
// SQLITE_BUSY_TIMEOUT_MS answers 503 with Retry-After (never 500: the harness
// fails any test whose server logged an unhandled error); once the lock is
// gone, writes go through and nothing written before is lost.
import SqliteDatabase from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useInstances, type Instance } from "../harness/harness.ts";
import { postToInbox, privateKeyOf } from "./support/signing.ts";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
/** Long enough for every page below to answer on a loaded machine, short enough for CI. */
const BUSY_TIMEOUT_MS = 4_000;

describe("a SQLite database locked by another process", () => {
  const net = useInstances(1, { env: { SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS) }, readyTimeoutMs: 60_000 });

  it("keeps pages answering, answers writes 503 with Retry-After, and writes again once the lock is released", async () => {
    const [a] = net.instances as [Instance];
    const alice = await a.createUser("alice");
    const before = await a.api("POST", "/api/v1/notes", { title: "Avant le verrou", content: "Écrite avant." }, alice.token);
    expect(before.status).toBe(201);
    // An activity to the inbox, signed by an actor whose key the server then fetches and caches.
    const aliceUri = (await a.api("GET", "/api/v1/me", undefined, alice.token)).body.uri as string;
    const key = await privateKeyOf(a, aliceUri);
    const like = () =>
      JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: `${aliceUri}#likes/${crypto.randomUUID()}`, type: "Like", actor: aliceUri, object: before.body.uri });
    const deliver = () => postToInbox(a, `${aliceUri}/inbox`, like(), key, aliceUri);
    expect((await deliver()).status).toBe(202);

    // The other process: it takes the write lock (waiting, if the server is writing at that instant) and keeps it.
    const other = new SqliteDatabase(a.databaseUrl.replace(/^sqlite:/, ""));
    other.pragma("busy_timeout = 10000");
    other.exec("begin immediate");
    try {
      const answered: string[] = [];
      const write = a.api("POST", "/api/v1/notes", { title: "Pendant le verrou", content: "Écrite pendant." }, alice.token).then((response) => {
        answered.push("write");
        return response;
      });
      const page = async (path: string, headers: Record<string, string> = {}) => {
        const response = await a.fetch(path, { headers: { Accept: "text/html", "User-Agent": FIREFOX, ...headers } });
        expect(response.status, path).toBe(200);
        await response.text();
        answered.push(path);
      };
      // While the write waits for the lock, without stopping the server: pages, the note's page (a
      // browser's view, whose reading is counted on the side), the API's reads.
      await Promise.all([
        page("/healthz"),
        page("/notes"),
        page(`/notes/${before.body.id}`),
        page(`/api/v1/notes/${before.body.id}`, { Accept: "application/json", Authorization: `Bearer ${alice.token}` }),
      ]);
      const written = await write;
      expect(answered.at(-1), "every page answered before the write gave up").toBe("write");
      expect(written.status).toBe(503);
      expect(Number(written.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(written.body).toMatchObject({ error: "unavailable" });

      // A form of the pages answers a page, in the visitor's language; the inbox answers 503 too, so the sender retries.
      const signIn = (language: string) =>
        a.fetch("/signin", {
          method: "POST",
          headers: { Accept: "text/html", "Accept-Language": language, "Content-Type": "application/x-www-form-urlencoded", Origin: a.origin },
          body: new URLSearchParams({ handle: "alice", password: alice.password }),
        });
      const [fr, en, delivered] = await Promise.all([signIn("fr"), signIn("en"), deliver()]);
      expect(delivered.status).toBe(503);
      expect(Number(delivered.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      for (const response of [fr, en]) {
        expect(response.status).toBe(503);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      }
      expect(await fr.text()).toContain("Service momentanément indisponible");
      expect(await en.text()).toContain("Temporarily unavailable");
    } finally {
      other.exec("rollback");
      other.close();
    }

    const after = await a.api("POST", "/api/v1/notes", { title: "Après le verrou", content: "Écrite après." }, alice.token);
    expect(after.status).toBe(201);
    const signedIn = await a.fetch("/signin", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: a.origin },
      body: new URLSearchParams({ handle: "alice", password: alice.password }),
      redirect: "manual",
    });
    expect(signedIn.status).toBe(303);
    const titles = await Promise.all(
      [before.body.id, after.body.id].map(async (id) => (await a.api("GET", `/api/v1/notes/${id}`, undefined, alice.token)).body.title),
    );
    expect(titles).toEqual(["Avant le verrou", "Après le verrou"]);
  });
});
