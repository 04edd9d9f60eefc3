// The caches of this process are bounded: by entries, by bytes, by lifetime,
// the least recently used leaving first.
import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../../src/http/cache/bounded-cache.ts";
import { PublicResponses } from "../../../src/http/cache/public-responses.ts";

describe("BoundedCache", () => {
  it("keeps at most maxEntries, evicting the least recently used", () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // "b" is now the least recently used
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("keeps at most maxBytes, and never stores a value larger than the budget", () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length });
    cache.set("a", "12345");
    cache.set("b", "12345");
    cache.set("c", "123");
    expect(cache.get("a")).toBeUndefined();
    expect(cache.bytes).toBe(8);
    cache.set("huge", "12345678901");
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.get("b")).toBe("12345");
  });

  it("answers an entry until its lifetime ends, then forgets it", () => {
    let now = 0;
    const cache = new BoundedCache<string, number>({ maxEntries: 10, ttlMs: 1000, now: () => now });
    cache.set("a", 1);
    now = 999;
    expect(cache.get("a")).toBe(1);
    now = 1000;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe("PublicResponses", () => {
  const request = (headers: Record<string, string> = {}) => new Request("https://x.example/notes/1", { headers });
  const page = (text: string) => new Response(text, { headers: { "content-type": "text/html; charset=utf-8" } });

  it("stores what it is told to keep, within its byte budget", async () => {
    const cache = new PublicResponses({ ttlMs: 5000, maxEntries: 100, maxBytes: 3 * (512 + 1000), maxValidators: 100 });
    for (let i = 0; i < 5; i++) await cache.publish(`k${i}`, request(), page("x".repeat(1000)), true);
    expect(cache.stored.entries).toBe(3);
    expect(cache.stored.bytes).toBeLessThanOrEqual(3 * 1512);
    expect(cache.answer("k0", request())).toBeUndefined();
    expect(await cache.answer("k4", request())!.text()).toBe("x".repeat(1000));
    await cache.publish("not-kept", request(), page("y"), false);
    expect(cache.answer("not-kept", request())).toBeUndefined();
  });

  it("answers a 304 from memory to a client holding the stored ETag, and nothing after clear()", async () => {
    const cache = new PublicResponses({ ttlMs: 5000, maxEntries: 10, maxBytes: 100_000, maxValidators: 10 });
    const first = await cache.publish("k", request(), page("bonjour"), true);
    const hit = cache.answer("k", request({ "if-none-match": `"zzz", ${first.headers.get("etag")}` }))!;
    expect(hit.status).toBe(304);
    expect(hit.body).toBeNull();
    const generation = cache.generation;
    cache.clear();
    expect(cache.generation).not.toBe(generation);
    expect(cache.answer("k", request())).toBeUndefined();
  });

  it("makes a stampede's misses wait for the first render and answer what it stored", async () => {
    const cache = new PublicResponses({ ttlMs: 5000, maxEntries: 10, maxBytes: 100_000, maxValidators: 10 });
    expect(await cache.answerAfterRender("k", request())).toBeUndefined(); // nothing under way: render
    const done = cache.render("k");
    const waiting = [cache.answerAfterRender("k", request()), cache.answerAfterRender("k", request())];
    await cache.publish("k", request(), page("rendu une fois"), true);
    done();
    for (const answer of await Promise.all(waiting)) expect(await answer!.text()).toBe("rendu une fois");
    const failed = cache.render("error");
    const waitingForError = cache.answerAfterRender("error", request());
    failed();
    expect(await waitingForError).toBeUndefined(); // the render stored nothing: each renders its own
  });

  it("waits for a render under way only so long (a render may wait on a server that fetches from us)", async () => {
    const cache = new PublicResponses({ ttlMs: 5000, maxEntries: 10, maxBytes: 100_000, maxValidators: 10, maxWaitMs: 20 });
    cache.render("k"); // never finishes
    const started = performance.now();
    expect(await cache.answerAfterRender("k", request())).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
