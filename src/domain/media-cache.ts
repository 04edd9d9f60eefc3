// Copies of other servers' images, served from this instance (issue 15, "No
// one watches readers"; docs/PRIVACY.md, "Media cache"). A reader's browser
// asks us for `/media/cache/<signature>/<url>`; we fetch the image once, check
// what it is, keep it for MEDIA_CACHE_DAYS and serve it: the other server sees
// this instance, never who reads what. All copies together stay within
// MEDIA_CACHE_TOTAL_MB: past it, the least recently shown ones are deleted.
//
// The URL is signed with a secret of the instance, so that the cache copies
// only what our own pages point to and cannot be used as an open proxy.
// Outgoing requests go through the process's fetch, which production pins to
// public addresses (federation/pinned-dispatcher.ts); plain http and private
// addresses are refused here too unless ALLOW_PRIVATE_ADDRESS (tests) is set.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { currentPolicy, isHostAllowed } from "./federation-policy.ts";
import { detectFileType } from "./file-type.ts";
import { httpUrlOrNull } from "./remote-urls.ts";

/** Only images: what a browser would otherwise load on its own (avatars, `<img>`, image attachments). */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

const SECRET_KEY = JSON.stringify(["encommun", "media-cache-secret"]);
const PREFIX = "/media/cache/";
const MAX_REDIRECTS = 3;
/** A failed fetch is not tried again for this long (a broken avatar on a busy page is asked for often). */
const FAILURE_MEMORY_MS = 60_000;
/** Expired copies are swept at most this often, on a miss. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** A served copy's file time ("last shown", what eviction orders by) is refreshed at most this often. */
const TOUCH_EVERY_MS = 60_000;
/** Eviction frees down to this share of the cap, so that it does not rescan the directory at every new copy. */
const EVICT_DOWN_TO = 0.9;

/** Makes cache URLs for the pages. */
export interface MediaCacheSigner {
  /** The same-origin path serving `url`: the URL itself when it is ours, null when it is no web address. */
  href(url: string | null | undefined): string | null;
}

export interface MediaCacheSettings {
  readonly dataDir: string;
  readonly publicUrl: URL;
  readonly ttlMs: number;
  readonly maxBytes: number;
  /** All copies together (MEDIA_CACHE_TOTAL_MB). */
  readonly totalBytes: number;
  readonly requestTimeoutMs: number;
  readonly allowPrivateAddress: boolean;
}

export interface CachedImage {
  readonly contentType: string;
  readonly bytes: Uint8Array;
  /** Seconds a browser may keep it. */
  readonly maxAge: number;
}

const secrets = new WeakMap<object, Promise<Buffer>>();

/** The instance's signing secret: made once, kept in the database so every process shares it. */
export function mediaCacheSecret(db: Kysely<Database>): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      const candidate = randomBytes(32).toString("base64url");
      await db
        .insertInto("fedify_kv")
        .values({ key: SECRET_KEY, value: JSON.stringify(candidate), expires_at: null })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const row = await db.selectFrom("fedify_kv").select("value").where("key", "=", SECRET_KEY).executeTakeFirstOrThrow();
      return Buffer.from(JSON.parse(row.value) as string, "base64url");
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

function signature(secret: Buffer, url: string): string {
  return createHmac("sha256", secret).update(url).digest("base64url").slice(0, 22);
}

export function mediaCacheSigner(secret: Buffer, publicUrl: URL): MediaCacheSigner {
  return {
    href(url) {
      const remote = httpUrlOrNull(url);
      if (remote == null) return null;
      if (new URL(remote).origin === publicUrl.origin) return remote;
      return `${PREFIX}${signature(secret, remote)}/${Buffer.from(remote).toString("base64url")}`;
    },
  };
}

/** The remote URL a signed cache path stands for, or null when the signature does not match. */
export function verifiedUrl(secret: Buffer, sig: string, encoded: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(sig) || !/^[A-Za-z0-9_-]{1,4000}$/.test(encoded)) return null;
  const url = Buffer.from(encoded, "base64url").toString("utf8");
  const expected = Buffer.from(signature(secret, url));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return httpUrlOrNull(url);
}

interface Meta {
  readonly url: string;
  readonly contentType: string;
  readonly fetchedAt: number;
}

function paths(dataDir: string, url: string): { folder: string; body: string; meta: string } {
  const hash = createHash("sha256").update(url).digest("hex");
  const folder = join(dataDir, "media-cache", hash.slice(0, 2));
  return { folder, body: join(folder, `${hash}.bin`), meta: join(folder, `${hash}.json`) };
}

async function readCopy(settings: MediaCacheSettings, url: string, now: number): Promise<CachedImage | null> {
  const { body, meta } = paths(settings.dataDir, url);
  try {
    const info = JSON.parse(await readFile(meta, "utf8")) as Meta;
    const age = now - info.fetchedAt;
    if (info.url !== url || age < 0 || age >= settings.ttlMs) return null;
    return { contentType: info.contentType, bytes: await readFile(body), maxAge: Math.max(0, Math.floor((settings.ttlMs - age) / 1000)) };
  } catch {
    return null;
  }
}

async function writeAtomically(target: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = `${target}.${randomBytes(6).toString("hex")}.part`;
  const handle = await open(temporary, "wx");
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
  await rename(temporary, target);
}

/** Why a remote image is not copied (logged by the caller; the reader gets a 404). */
export class MediaCacheRefusal extends Error {}

function checkTarget(settings: MediaCacheSettings, url: URL): void {
  if (url.protocol !== "https:" && !settings.allowPrivateAddress) throw new MediaCacheRefusal(`not https: ${url.href}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!settings.allowPrivateAddress && (host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && /^(127\.|10\.|192\.168\.|169\.254\.|0\.|::1$|fc|fd|fe80)/i.test(host)))) {
    throw new MediaCacheRefusal(`private address: ${url.host}`);
  }
}

async function download(settings: MediaCacheSettings, db: Kysely<Database>, url: string): Promise<{ bytes: Uint8Array; contentType: string }> {
  const policy = await currentPolicy(db);
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    checkTarget(settings, target);
    if (!isHostAllowed(policy, target.host)) throw new MediaCacheRefusal(`host refused by the federation policy: ${target.host}`);
    const response = await fetch(target, {
      redirect: "manual",
      signal: AbortSignal.timeout(settings.requestTimeoutMs),
      // No cookie, no referrer: nothing about the reader leaves with the request.
      headers: { Accept: "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9" },
    });
    if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new MediaCacheRefusal(`too many redirects: ${url}`);
      target = new URL(response.headers.get("location")!, target);
      continue;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new MediaCacheRefusal(`answered ${response.status}: ${target.href}`);
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > settings.maxBytes) {
      await response.body.cancel();
      throw new MediaCacheRefusal(`too large (${declared} bytes): ${target.href}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > settings.maxBytes) throw new MediaCacheRefusal(`too large (over ${settings.maxBytes} bytes): ${target.href}`);
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    // The type comes from the bytes: a server's Content-Type is a claim (an SVG or an HTML page is refused).
    const detected = await detectFileType(bytes);
    const contentType = detected ? IMAGE_TYPES[detected.ext] : undefined;
    if (!contentType) throw new MediaCacheRefusal(`not an image we serve (${detected?.mime ?? "unknown"}): ${target.href}`);
    return { bytes, contentType };
  }
}

/**
 * The media cache of one instance: serves fresh copies, fetches missing or
 * expired ones (one fetch per URL at a time), remembers failures for a minute.
 */
export function mediaCache(settings: MediaCacheSettings, db: Kysely<Database>) {
  const inFlight = new Map<string, Promise<CachedImage>>();
  const failures = new Map<string, number>();
  const touched = new Map<string, number>();
  let lastSweep = 0;
  /** What the copies weigh, as far as this process knows: counted on disk once, then added to; recounted by each eviction. */
  let usedBytes: number | null = null;
  let evictions: Promise<void> = Promise.resolve();

  async function markShown(url: string, now: number): Promise<void> {
    if (now - (touched.get(url) ?? -Infinity) < TOUCH_EVERY_MS) return;
    if (touched.size > 10_000) touched.clear();
    touched.set(url, now);
    await utimes(paths(settings.dataDir, url).body, now / 1000, now / 1000).catch(() => {});
  }

  /** One eviction at a time; a failure leaves the copy served (the next new copy tries again). */
  function keepWithinCap(added: number): Promise<void> {
    evictions = evictions.then(async () => {
      usedBytes = usedBytes == null ? await mediaCacheUsage(settings.dataDir) : usedBytes + added;
      if (usedBytes > settings.totalBytes) usedBytes = await evictLeastRecentlyShown(settings.dataDir, Math.floor(settings.totalBytes * EVICT_DOWN_TO));
    }).catch(() => {});
    return evictions;
  }

  async function fetchAndKeep(url: string, now: number): Promise<CachedImage> {
    const { folder, body, meta } = paths(settings.dataDir, url);
    const { bytes, contentType } = await download(settings, db, url);
    await mkdir(folder, { recursive: true });
    await writeAtomically(body, bytes);
    await utimes(body, now / 1000, now / 1000);
    touched.set(url, now);
    // The metadata last: a copy counts only once its bytes are whole.
    await writeAtomically(meta, JSON.stringify({ url, contentType, fetchedAt: now } satisfies Meta));
    await keepWithinCap(bytes.length);
    return { contentType, bytes, maxAge: Math.floor(settings.ttlMs / 1000) };
  }

  return {
    /** The image for a verified URL; throws MediaCacheRefusal (or a network error) when there is none to serve. */
    async get(url: string, now = Date.now()): Promise<CachedImage> {
      const fresh = await readCopy(settings, url, now);
      if (fresh) {
        await markShown(url, now);
        return fresh;
      }
      const failedAt = failures.get(url);
      if (failedAt !== undefined && now - failedAt < FAILURE_MEMORY_MS) throw new MediaCacheRefusal(`failed recently: ${url}`);
      if (now - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now;
        void sweepMediaCache(settings.dataDir, settings.ttlMs, now).catch(() => {});
      }
      let pending = inFlight.get(url);
      if (!pending) {
        pending = fetchAndKeep(url, now).finally(() => inFlight.delete(url));
        inFlight.set(url, pending);
      }
      try {
        const image = await pending;
        failures.delete(url);
        return image;
      } catch (error) {
        failures.set(url, now);
        if (failures.size > 10_000) failures.clear();
        throw error;
      }
    },
  };
}

export type MediaCache = ReturnType<typeof mediaCache>;

/** Deletes copies older than `ttlMs` (and leftovers of interrupted writes); returns how many copies went. */
export async function sweepMediaCache(dataDir: string, ttlMs: number, now = Date.now()): Promise<number> {
  const root = join(dataDir, "media-cache");
  let removed = 0;
  let folders: string[];
  try {
    folders = await readdir(root);
  } catch {
    return 0;
  }
  for (const folder of folders) {
    const dir = join(root, folder);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = join(dir, name);
      if (name.endsWith(".part")) {
        const info = await stat(file).catch(() => null);
        if (info && now - info.mtimeMs > 60_000) await rm(file, { force: true });
        continue;
      }
      if (!name.endsWith(".json")) continue;
      let fetchedAt = 0;
      try {
        fetchedAt = (JSON.parse(await readFile(file, "utf8")) as Meta).fetchedAt;
      } catch {
        // Unreadable metadata: the copy is unusable, remove it.
      }
      if (now - fetchedAt >= ttlMs) {
        await rm(file, { force: true });
        await rm(file.replace(/\.json$/, ".bin"), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

interface StoredCopy {
  readonly body: string;
  readonly bytes: number;
  /** The body's file time: when it was fetched or last served. */
  readonly shownAt: number;
}

async function storedCopies(dataDir: string): Promise<StoredCopy[]> {
  const root = join(dataDir, "media-cache");
  const copies: StoredCopy[] = [];
  for (const folder of await readdir(root).catch(() => [] as string[])) {
    const dir = join(root, folder);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith(".bin")) continue;
      const info = await stat(join(dir, name)).catch(() => null);
      if (info) copies.push({ body: join(dir, name), bytes: info.size, shownAt: info.mtimeMs });
    }
  }
  return copies;
}

/** Bytes of images the cache holds on disk. */
export async function mediaCacheUsage(dataDir: string): Promise<number> {
  return (await storedCopies(dataDir)).reduce((sum, copy) => sum + copy.bytes, 0);
}

/** Deletes the least recently shown copies until at most `targetBytes` remain; returns what remains. */
export async function evictLeastRecentlyShown(dataDir: string, targetBytes: number): Promise<number> {
  const copies = (await storedCopies(dataDir)).sort((a, b) => a.shownAt - b.shownAt);
  let remaining = copies.reduce((sum, copy) => sum + copy.bytes, 0);
  for (const copy of copies) {
    if (remaining <= targetBytes) break;
    // The metadata first: without it the copy is no longer served, even if its bytes outlive a crash here.
    await rm(copy.body.replace(/\.bin$/, ".json"), { force: true });
    await rm(copy.body, { force: true });
    remaining -= copy.bytes;
  }
  return remaining;
}
