// An embed renders inside another site's page (issue 13, "Embeds"): the
// instance and a host page each on a loopback origin of their own, in a real
// Chromium that enforces CSP frame-ancestors. A normal page, framed the same
// way, is refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { launchChromium } from "./chromium.ts";

let services: TestServices;
let instance: ServerType;
let host: Server;
let hostOrigin: string;
let browser: Browser;
let noteId: string;

async function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): AddressInfo | string | null }): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  // The instance listens on a port chosen first, so that its public URL is its real origin.
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  services = await testServices({ PUBLIC_URL: `http://127.0.0.1:${port}` });
  const { actor } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false });
  noteId = (await createNote(services, actor, { title: "Jardins d'hiver", content: "Des **serres** partagées." })).note.id;
  instance = serve({ fetch: createApp(services).fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => instance.once("listening", () => resolve()));
  // Another site (127.0.0.2 is another origin on loopback): it frames what ?src= says.
  host = createServer((request, response) => {
    const src = new URL(request.url ?? "/", "http://x").searchParams.get("src") ?? "";
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><title>Site partenaire</title><h1>Partenaire</h1><iframe id="embed" src="${src}" width="560" height="420"></iframe>`);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.2", resolve));
  hostOrigin = `http://127.0.0.2:${(host.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => host?.close(() => resolve()));
  await new Promise<void>((resolve) => (instance ? instance.close(() => resolve()) : resolve()));
  await services?.close();
});

async function framedText(src: string): Promise<{ text: string | null; refused: boolean }> {
  const page = await browser.newPage();
  const refusals: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors|Refused to frame/i.test(m.text())) refusals.push(m.text());
  });
  try {
    await page.goto(`${hostOrigin}/?src=${encodeURIComponent(src)}`, { waitUntil: "load" });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const text = frame ? await frame.locator("body").textContent({ timeout: 5_000 }).catch(() => null) : null;
    return { text, refused: refusals.length > 0 };
  } finally {
    await page.close();
  }
}

describe("an embed in another site's page", () => {
  it("renders inside the other origin's iframe", async () => {
    const { text, refused } = await framedText(`${services.config.publicUrl.origin}/embed/notes/${noteId}`);
    expect(refused).toBe(false);
    expect(text).toContain("Jardins d'hiver");
    expect(text).toContain("serres");
  }, 60_000);

  it("while the note's own page refuses to be framed there", async () => {
    const { text, refused } = await framedText(`${services.config.publicUrl.origin}/notes/${noteId}`);
    expect(refused).toBe(true);
    expect(text ?? "").not.toContain("serres");
  }, 60_000);
});
