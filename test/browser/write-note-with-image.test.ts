// Issue 12's browser flow "write a note with an image and its alt text": in
// Chromium, a member attaches an image from the note form (the upload
// progress script sends it), describes it, publishes, and the note page
// shows the image with that alt text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { useInstances, type CreatedUser } from "../harness/harness.ts";
import { png } from "../fixtures/media/samples.ts";
import { launchChromium } from "./chromium.ts";

describe("writing a note with an image in a browser", () => {
  const net = useInstances(1);
  let browser: Browser;
  let alice: CreatedUser;

  beforeAll(async () => {
    browser = await launchChromium();
    alice = await net.instances[0]!.createUser("alice");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("attaches the image, asks for its alt text, publishes, and shows it on the note page", async () => {
    const origin = net.instances[0]!.origin;
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, ignoreHTTPSErrors: true, locale: "fr-CA" });
    try {
      const page = await context.newPage();
      // How each form submission travelled: the upload progress script sends a file with XMLHttpRequest.
      const posts: string[] = [];
      page.on("request", (request) => {
        if (request.method() === "POST") posts.push(`${request.resourceType()} ${new URL(request.url()).pathname}`);
      });
      await page.goto(`${origin}/signin`);
      await page.fill('input[name="handle"]', "alice");
      await page.fill('input[name="password"]', alice.password);
      await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);

      await page.goto(`${origin}/notes/new`);
      await page.fill('input[name="title"]', "Le potager en juin");
      await page.fill('textarea[name="content"]', "Les **tomates** montent.");
      await page.setInputFiles('input[name="file"]', { name: "potager.png", mimeType: "image/png", buffer: Buffer.from(png()) });
      // No description: the image is kept, and its alt text field is marked.
      await page.click('button[value="attach"]');
      const alt = page.locator('.attached-item input[name^="alt-"]');
      await alt.waitFor();
      expect(posts.at(-1)).toBe("xhr /notes/new");
      expect(await alt.getAttribute("aria-invalid")).toBe("true");
      expect(await page.inputValue('input[name="title"]')).toBe("Le potager en juin");

      await alt.fill("Des plants de tomates attachés à des tuteurs");
      await Promise.all([page.waitForURL(/\/notes\/[^/]+\?saved=published$/), page.click('button[value="publish"]')]);
      const image = page.locator('.attachments img[alt="Des plants de tomates attachés à des tuteurs"]');
      await image.waitFor();
      // The image really loads (served by the instance, its type detected from the bytes).
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(".attachments img");
        return img != null && img.complete && img.naturalWidth > 0;
      });
      expect(await page.locator("h1").textContent()).toBe("Le potager en juin");
      // With no file left to send, "Publish" was an ordinary form submission.
      expect(posts.at(-1)).toBe("document /notes/new");
    } finally {
      await context.close();
    }
  });
});
