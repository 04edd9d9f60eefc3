// Screenshots of the main pages, at a phone's width (390 px) and a desktop's
// (1280 px), in French and in English, shown in docs/SCREENSHOTS.md. Every run
// loads each page in each setting and checks that it renders (its heading,
// no sideways scroll); only `SCREENSHOTS=1` writes the PNG files, so CI never
// churns the repository:
//
//   SCREENSHOTS=1 npx vitest run test/browser/screenshots.test.ts
//
// The content is the realistic French of french-content.ts (commons, urban
// agriculture, OpenStreetMap), never lorem ipsum.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { useInstances, type CreatedUser } from "../harness/harness.ts";
import { launchChromium } from "./chromium.ts";
import { FRENCH_INSTANCE, seedFrenchSite, signIn, type FrenchSite } from "./french-content.ts";

const SCREENSHOT_DIR = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const WRITE = process.env.SCREENSHOTS === "1";
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
] as const;

/** Stable file names (docs/SCREENSHOTS.md links them): `<name>-<lang>-<width>.png`. */
function pagesOf(site: FrenchSite): { name: string; path: string; signedIn: boolean }[] {
  return [
    { name: "home", path: "/", signedIn: false },
    { name: "notes", path: "/notes", signedIn: false },
    { name: "note", path: site.notePath, signedIn: false },
    { name: "community", path: site.communityPath, signedIn: false },
    { name: "thread", path: site.threadPath, signedIn: true },
    { name: "profile", path: site.profilePath, signedIn: false },
    { name: "search", path: "/search?q=jardins", signedIn: false },
    { name: "find", path: "/find?tag=jardins", signedIn: false },
    { name: "signin", path: "/signin", signedIn: false },
    { name: "note-form", path: "/notes/new", signedIn: true },
    { name: "moderation", path: `${site.communityPath}/moderation`, signedIn: true },
  ];
}

describe("screenshots of the main pages", () => {
  const net = useInstances(1, { names: ["Praxis Laurentides"], env: FRENCH_INSTANCE });
  let browser: Browser;
  let camille: CreatedUser;
  let site: FrenchSite;

  beforeAll(async () => {
    const [a] = net.instances;
    [browser, camille] = await Promise.all([launchChromium(), a!.createUser("camille", { admin: true })]);
    site = await seedFrenchSite(a!, camille);
    if (WRITE) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(["fr", "en"] as const)("every main page renders at 390 and 1280 px in %s", async (lang) => {
    const origin = net.instances[0]!.origin;
    const problems: string[] = [];
    let written = 0;
    for (const signedIn of [false, true]) {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: `${lang}-CA`, extraHTTPHeaders: { "accept-language": `${lang}-CA` } });
      try {
        if (signedIn) await signIn(context, origin, camille);
        const page = await context.newPage();
        for (const shot of pagesOf(site).filter((p) => p.signedIn === signedIn)) {
          for (const size of SIZES) {
            await page.setViewportSize(size);
            const response = await page.goto(`${origin}${shot.path}`);
            const state = await page.evaluate(() => ({
              lang: document.documentElement.lang,
              heading: document.querySelector("main h1")?.textContent?.trim() ?? "",
              wide: document.documentElement.scrollWidth > window.innerWidth,
            }));
            const where = `${shot.name} ${lang} ${size.width}px`;
            if (response?.status() !== 200) problems.push(`${where}: status ${response?.status()}`);
            if (state.lang !== lang) problems.push(`${where}: lang ${state.lang}`);
            if (!state.heading) problems.push(`${where}: no heading`);
            if (state.wide) problems.push(`${where}: scrolls sideways`);
            if (WRITE) {
              await page.screenshot({ path: `${SCREENSHOT_DIR}${shot.name}-${lang}-${size.width}.png` });
              written++;
            }
          }
        }
      } finally {
        await context.close();
      }
    }
    expect(problems).toEqual([]);
    expect(written).toBe(WRITE ? pagesOf(site).length * SIZES.length : 0);
  });
});
