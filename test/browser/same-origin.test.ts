// No one watches readers (issue 15): in a real browser, every resource a page
// loads (images, style sheets, scripts, frames, fetches) comes from the
// instance itself, also on pages that show another server's content with
// images: a note from instance B whose body and attachment hold images, and
// a person of B whose avatar lives on a third host. Those images are served
// by A's media cache, and they do show.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { useInstances, waitFor, type CreatedUser, type Instance } from "../harness/harness.ts";
import { png } from "../fixtures/media/samples.ts";
import { launchChromium } from "./chromium.ts";

/** Another host's images (a CDN, say), on a loopback port of its own; it records who asked. */
async function startImageHost(): Promise<{ origin: string; requests: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: IncomingHttpHeaders[] = [];
  const bytes = png();
  const server: Server = createServer((request, response) => {
    requests.push(request.headers);
    response.writeHead(200, { "Content-Type": "image/png", "Access-Control-Allow-Origin": "*" }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function upload(instance: Instance, user: CreatedUser): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.set("file", new Blob([png() as BlobPart]), "jardin.png");
  form.set("description", "Un jardin");
  const response = await instance.fetch("/api/v1/media", { method: "POST", headers: { Authorization: `Bearer ${user.token}` }, body: form });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; url: string };
}

describe("pages load nothing from another origin", () => {
  const net = useInstances(2);
  let browser: Browser;
  let imageHost: Awaited<ReturnType<typeof startImageHost>>;
  let paths: string[] = [];

  beforeAll(async () => {
    imageHost = await startImageHost();
    browser = await launchChromium();
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const bob = await b.createUser("bob");
    expect((await b.api("PATCH", "/api/v1/me", { name: "Bob", iconUrl: `${imageHost.origin}/bob.png` }, bob.token)).status).toBe(200);
    expect((await a.api("POST", "/api/v1/follows", { target: b.handle("bob") }, alice.token)).status).toBe(201);
    await waitFor(async () => (await a.api("GET", "/api/v1/following", undefined, alice.token)).body.total === 1, { message: "alice follows bob", timeout: 60_000 });
    const attachment = await upload(b, bob);
    const created = await b.api(
      "POST",
      "/api/v1/notes",
      { title: "Un jardin en images", content: `Voici le jardin :\n\n![Le potager](${imageHost.origin}/potager.png)`, attachments: [attachment.id], visibility: "public" },
      bob.token,
    );
    expect(created.status).toBe(201);
    const onA = await waitFor(async () => {
      const seen = await a.api("GET", `/api/v1/notes/by-uri?uri=${encodeURIComponent(created.body.uri)}`, undefined, alice.token);
      return seen.status === 200 && seen.body.attachments.length === 1 ? seen.body : null;
    }, { message: "bob's note reached A", timeout: 60_000 });
    // The page really holds B's and the image host's images (before the cache rewrites them).
    expect(onA.attachments[0].url).toBe(attachment.url);
    expect(onA.contentHtml).toContain(`${imageHost.origin}/potager.png`);
    paths = [`/notes/${onA.id}`, "/@alice/following", "/", "/notes", "/about", "/privacy", `/search?q=${encodeURIComponent(b.handle("bob"))}`];
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await imageHost?.close();
  });

  async function visit(page: Page, origin: string, path: string, seen: string[]): Promise<number> {
    const response = await page.goto(`${origin}${path}`, { waitUntil: "networkidle" });
    expect(response?.status(), path).toBeLessThan(400);
    // Every image has loaded (none blocked or broken): the cache served them.
    return page.evaluate(async () => {
      const images = [...document.images];
      await Promise.all(images.map((img) => (img.complete ? null : new Promise((resolve) => img.addEventListener("load", resolve, { once: true })))));
      const broken = images.filter((img) => img.naturalWidth === 0).map((img) => img.src);
      if (broken.length > 0) throw new Error(`broken images: ${broken.join(", ")}`);
      return images.length;
    });
  }

  it("every request of every page goes to the instance, and other servers' images show", async () => {
    const a = net.instances[0]!;
    const b = net.instances[1]!;
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: "fr-CA" });
    const requested: string[] = [];
    context.on("request", (request) => requested.push(request.url()));
    const page = await context.newPage();
    const shown: Record<string, number> = {};
    try {
      for (const path of paths) shown[path] = await visit(page, a.origin, path, requested);
    } finally {
      await context.close();
    }
    const elsewhere = requested.filter((url) => new URL(url).origin !== a.origin);
    expect(elsewhere).toEqual([]);
    // The note page showed the inline image and the attachment; the following list, bob's avatar.
    expect(shown[paths[0]!]).toBeGreaterThanOrEqual(2);
    expect(shown["/@alice/following"]).toBeGreaterThanOrEqual(1);
    expect(requested.filter((url) => url.startsWith(`${a.origin}/media/cache/`)).length).toBeGreaterThanOrEqual(3);
    // The other hosts were asked by the instance, never by the browser.
    expect(imageHost.requests.length).toBeGreaterThanOrEqual(2);
    expect(imageHost.requests.every((headers) => !/Chrome/.test(headers["user-agent"] ?? ""))).toBe(true);
    expect(requested.some((url) => url.startsWith(b.origin))).toBe(false);
  }, 180_000);
});
