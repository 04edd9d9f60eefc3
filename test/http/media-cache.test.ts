// The media cache (issue 15, "No one watches readers"): pages point to
// /media/cache/ for other servers' images, which the instance fetches once,
// checks, keeps for MEDIA_CACHE_DAYS and serves itself.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor, EMPTY_PROFILE, type ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { mediaCache, mediaCacheSecret, mediaCacheSigner, mediaCacheUsage, sweepMediaCache, verifiedUrl } from "../../src/domain/media-cache.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { HTML } from "./browser.ts";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** Another server's image host, on a loopback port of its own; counts what it is asked. */
interface ImageHost {
  origin: string;
  hits: string[];
  close(): Promise<void>;
}

async function startImageHost(): Promise<ImageHost> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? "");
    if (request.url === "/avatar.png") return response.writeHead(200, { "Content-Type": "image/png" }).end(PNG);
    if (request.url === "/disguised.png") return response.writeHead(200, { "Content-Type": "image/png" }).end("<html><script>alert(1)</script></html>");
    if (request.url === "/drawing.svg") return response.writeHead(200, { "Content-Type": "image/svg+xml" }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    if (request.url === "/huge.png") return response.writeHead(200, { "Content-Type": "image/png" }).end(Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]));
    // Images of 400 KiB (a PNG signature, then padding): three of them are more than 1 MiB.
    if (request.url?.startsWith("/big/")) return response.writeHead(200, { "Content-Type": "image/png" }).end(Buffer.concat([PNG, Buffer.alloc(400 * 1024)]));
    if (request.url === "/moved.png") return response.writeHead(302, { Location: "/avatar.png" }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let host: ImageHost;
let dataDir: string;
let services: TestServices;
let alice: ActorRow;

beforeEach(async () => {
  host = await startImageHost();
  dataDir = await mkdtemp(join(tmpdir(), "encommun-media-cache-"));
  services = await testServices({ DATA_DIR: dataDir, ALLOW_PRIVATE_ADDRESS: "true", MEDIA_CACHE_MAX_MB: "1" });
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false }));
});
afterEach(async () => {
  await services.close();
  await host.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function remotePerson(iconPath: string): Promise<ActorRow> {
  return upsertRemoteActor(services.db, {
    uri: "https://remote.example/users/bob",
    type: "Person",
    username: "bob",
    domain: "remote.example",
    name: "Bob",
    summary: null,
    iconUrl: `${host.origin}${iconPath}`,
    url: null,
    inboxUrl: "https://remote.example/users/bob/inbox",
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: EMPTY_PROFILE,
  });
}

/** The `src` of every <img> of a page. */
function imageSources(page: string): string[] {
  return [...page.matchAll(/<img\b[^>]*\ssrc="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

describe("the media cache", () => {
  it("serves another server's avatar from this origin, fetched once", async () => {
    const app = createApp(services);
    const bob = await remotePerson("/avatar.png");
    await recordFollow(services.db, services.config.publicUrl, bob, alice, { activityUri: "https://remote.example/follows/1", accepted: true });
    const page = await (await app.request("/@alice/followers", { headers: HTML })).text();
    const sources = imageSources(page);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatch(/^\/media\/cache\/[\w-]{22}\/[\w-]+$/);
    expect(page).not.toContain(host.origin);
    expect(host.hits).toEqual([]);

    const first = await app.request(sources[0]!);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await first.arrayBuffer())).toEqual(PNG);
    const second = await app.request(sources[0]!);
    expect(Buffer.from(await second.arrayBuffer())).toEqual(PNG);
    expect(host.hits).toEqual(["/avatar.png"]);
  });

  it("rewrites images in note bodies to the cache", async () => {
    const app = createApp(services);
    const { note } = await createNote(services, alice, { title: "Avec image", content: `Voici : ![un jardin](${host.origin}/avatar.png?size=big&v=2)` });
    const page = await (await app.request(`/notes/${note.id}`, { headers: HTML })).text();
    const sources = imageSources(page);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatch(/^\/media\/cache\//);
    expect(page).not.toContain(`${host.origin}/avatar.png`);
    const secret = await mediaCacheSecret(services.db);
    const [, , , sig, encoded] = sources[0]!.split("/");
    expect(verifiedUrl(secret, sig!, encoded!)).toBe(`${host.origin}/avatar.png?size=big&v=2`);
  });

  it("refuses URLs it did not sign, without contacting anyone", async () => {
    const app = createApp(services);
    const forged = `/media/cache/${"A".repeat(22)}/${Buffer.from(`${host.origin}/avatar.png`).toString("base64url")}`;
    expect((await app.request(forged)).status).toBe(404);
    expect((await app.request("/media/cache/short/abc")).status).toBe(404);
    expect(host.hits).toEqual([]);
  });

  it("serves only real images within the size limit: a page passed off as PNG, an SVG and a 2 MiB file are refused", async () => {
    const app = createApp(services);
    const signer = mediaCacheSigner(await mediaCacheSecret(services.db), services.config.publicUrl);
    for (const path of ["/disguised.png", "/drawing.svg", "/huge.png", "/missing.png"]) {
      const res = await app.request(signer.href(`${host.origin}${path}`)!);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    // Redirects are followed (a few hops), each checked like the first.
    expect((await app.request(signer.href(`${host.origin}/moved.png`)!)).status).toBe(200);
  });

  it("fetches again after MEDIA_CACHE_DAYS, and the sweep deletes expired copies", async () => {
    const settings = { dataDir, publicUrl: services.config.publicUrl, ttlMs: 1000, maxBytes: 1024 * 1024, totalBytes: 1024 * 1024, requestTimeoutMs: 5000, allowPrivateAddress: true };
    const cache = mediaCache(settings, services.db);
    const url = `${host.origin}/avatar.png`;
    const now = Date.now();
    await cache.get(url, now);
    await cache.get(url, now + 500);
    expect(host.hits).toEqual(["/avatar.png"]);
    await cache.get(url, now + 1500);
    expect(host.hits).toEqual(["/avatar.png", "/avatar.png"]);
    expect(await sweepMediaCache(dataDir, 1000, now + 1400)).toBe(0);
    expect(await sweepMediaCache(dataDir, 1000, now + 3000)).toBe(1);
    const left = (await readdir(join(dataDir, "media-cache"), { recursive: true })).filter((name) => name.endsWith(".bin") || name.endsWith(".json"));
    expect(left).toEqual([]);
  });

  it("keeps all copies within MEDIA_CACHE_TOTAL_MB, deleting the least recently shown first", async () => {
    const MiB = 1024 * 1024;
    const settings = { dataDir, publicUrl: services.config.publicUrl, ttlMs: 86_400_000, maxBytes: MiB, totalBytes: MiB, requestTimeoutMs: 5000, allowPrivateAddress: true };
    const cache = mediaCache(settings, services.db);
    const big = (name: string) => `${host.origin}/big/${name}.png`;
    const minute = 60_000;
    const t0 = Date.now();
    await cache.get(big("a"), t0);
    await cache.get(big("b"), t0 + 2 * minute);
    // a is shown again: b is now the least recently shown.
    await cache.get(big("a"), t0 + 4 * minute);
    expect(host.hits).toEqual(["/big/a.png", "/big/b.png"]);
    // c takes the cache past 1 MiB: b goes, a and c stay.
    await cache.get(big("c"), t0 + 6 * minute);
    expect(await mediaCacheUsage(dataDir)).toBeLessThanOrEqual(MiB);
    await cache.get(big("a"), t0 + 8 * minute);
    await cache.get(big("c"), t0 + 10 * minute);
    expect(host.hits).toEqual(["/big/a.png", "/big/b.png", "/big/c.png"]);
    await cache.get(big("b"), t0 + 12 * minute);
    expect(host.hits).toEqual(["/big/a.png", "/big/b.png", "/big/c.png", "/big/b.png"]);
    expect(await mediaCacheUsage(dataDir)).toBeLessThanOrEqual(MiB);
    // A new process (or a restart) counts what is already on disk before adding to it.
    const restarted = mediaCache(settings, services.db);
    await restarted.get(big("d"), t0 + 14 * minute);
    expect(await mediaCacheUsage(dataDir)).toBeLessThanOrEqual(MiB);
    // The most recently shown copies are still served without asking the other server.
    await restarted.get(big("d"), t0 + 16 * minute);
    await restarted.get(big("b"), t0 + 16 * minute);
    expect(host.hits.slice(4)).toEqual(["/big/d.png"]);
  });

  it("in production, copies nothing over plain http or from a private address", async () => {
    const settings = { dataDir, publicUrl: services.config.publicUrl, ttlMs: 1000, maxBytes: 1024 * 1024, totalBytes: 1024 * 1024, requestTimeoutMs: 5000, allowPrivateAddress: false };
    const cache = mediaCache(settings, services.db);
    await expect(cache.get(`${host.origin}/avatar.png`)).rejects.toThrow(/not https/);
    await expect(cache.get("https://127.0.0.1:1/avatar.png")).rejects.toThrow(/private address/);
    expect(host.hits).toEqual([]);
  });

  it("sends the Content-Security-Policy img-src 'self' with every page", async () => {
    const res = await createApp(services).request("/", { headers: HTML });
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("img-src 'self';");
    expect(csp).toContain("media-src 'self';");
    expect(csp).not.toContain("https:");
  });
});
