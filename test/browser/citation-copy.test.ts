// "Citer cette note" in a real browser: the page's own script (allowed by its
// Content-Security-Policy, no inline code) shows the copy button, which puts
// the APA reference on the clipboard and says so; without scripts the button
// stays hidden and the reference is a read-only, selectable field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { useInstances } from "../harness/harness.ts";
import { launchChromium } from "./chromium.ts";

describe("the citation's copy button", () => {
  const net = useInstances(1);
  let browser: Browser;
  let path = "";

  beforeAll(async () => {
    browser = await launchChromium();
    const [a] = net.instances;
    const alice = await a!.createUser("alice");
    const note = await a!.api("POST", "/api/v1/notes", { title: "Jardins collectifs", content: "Texte." }, alice.token);
    expect(note.status).toBe(201);
    path = `/notes/${note.body.id}`;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("copies the APA reference when scripts run", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: "fr-CA", extraHTTPHeaders: { "accept-language": "fr-CA" } });
    try {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: net.instances[0]!.origin });
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
      });
      await page.goto(`${net.instances[0]!.origin}${path}`);
      const button = page.locator("button[data-copy-target=citation-apa]");
      await button.waitFor({ state: "visible" });
      await button.click();
      await page.waitForFunction(() => document.querySelector("button[data-copy-target=citation-apa]")?.textContent === "Référence copiée");
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(await page.locator("#citation-apa").inputValue());
      expect(copied).toMatch(/^alice\. \(\d{4}\)\. Jardins collectifs\./);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("leaves a selectable read-only field and no button without scripts", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, javaScriptEnabled: false, locale: "fr-CA" });
    try {
      const page = await context.newPage();
      await page.goto(`${net.instances[0]!.origin}${path}`);
      expect(await page.locator("button[data-copy-target=citation-apa]").isVisible()).toBe(false);
      expect(await page.locator("#citation-apa").getAttribute("readonly")).toBe("");
      expect(await page.locator("#citation-apa").inputValue()).toMatch(/Jardins collectifs\./);
    } finally {
      await context.close();
    }
  });
});
