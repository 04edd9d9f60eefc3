// axe-core on the site's pages, in Chromium: no critical, serious or moderate
// violation, signed out and signed in, in French and in English, at 390 and
// 1280 px. Each page is checked in four contexts chosen so that every language
// meets every width and every sign-in state (signed out FR 390, signed out EN
// 1280, signed in FR 1280, signed in EN 390): the full product (eight runs a
// page) would double the time and find nothing these four miss, since the
// pages' markup differs by language and sign-in state, and width only changes
// CSS (colours and sizes, which axe measures at both widths all the same).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { useInstances, type CreatedUser } from "../harness/harness.ts";
import { launchChromium } from "./chromium.ts";
import { FRENCH_INSTANCE, seedFrenchSite, signIn, type FrenchSite } from "./french-content.ts";

const AXE_SOURCE = readFileSync(fileURLToPath(import.meta.resolve("axe-core/axe.min.js")), "utf8");
const COUNTED_IMPACTS = new Set(["critical", "serious", "moderate"]);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Every critical, serious or moderate violation on the page, one line each. */
async function violations(page: Page): Promise<string[]> {
  // Our CSP forbids inline scripts, so axe could not run in the page: the
  // contexts are opened with `bypassCSP: true`, which lets Playwright add it.
  // Pages keep their CSP for everything else the test does.
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const found = (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  })) as AxeViolation[];
  return found
    .filter((v) => v.impact != null && COUNTED_IMPACTS.has(v.impact))
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split("\n").slice(1, 2).join("") ?? ""}`).join(" | ")}`);
}

describe("accessibility (axe-core)", () => {
  const net = useInstances(1, { names: ["Praxis Laurentides"], env: FRENCH_INSTANCE });
  let browser: Browser;
  let camille: CreatedUser;
  let site: FrenchSite;
  let publicPaths: string[] = [];

  beforeAll(async () => {
    const [a] = net.instances;
    [browser, camille] = await Promise.all([launchChromium(), a!.createUser("camille", { admin: true })]);
    site = await seedFrenchSite(a!, camille);
    publicPaths = [
      "/",
      "/notes",
      site.notePath,
      `${site.notePath}/history`,
      "/notebooks",
      site.notebookPath,
      "/terms",
      site.termPath,
      "/organizations",
      site.organizationPath,
      "/communities",
      site.communityPath,
      site.threadPath,
      site.profilePath,
      "/tags/jardins",
      "/search?q=jardins",
      "/find",
      "/find?tag=jardins",
      "/about",
      "/privacy",
      "/network",
      "/signin",
      "/page-qui-n-existe-pas",
    ];
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** What must be on some pages for their check to mean something: the seeded content really shows there. */
  const expectedOn = (): Record<string, readonly string[]> => ({
    [`${site.notePath}/history`]: ["main ins"],
    [site.threadPath]: ["main .post-actions .likes", "main .reply-count"],
    "/find?tag=jardins": ["main .interest-map svg", "main li.found-person"],
    "/drafts": ["main ol.drafts li"],
  });

  async function check(options: { locale: "fr-CA" | "en-CA"; width: number; signedIn: boolean }, paths: readonly string[], then?: (page: Page) => Promise<void>): Promise<string[]> {
    const origin = net.instances[0]!.origin;
    const context: BrowserContext = await browser.newContext({
      bypassCSP: true,
      ignoreHTTPSErrors: true,
      locale: options.locale,
      extraHTTPHeaders: { "accept-language": options.locale },
      viewport: { width: options.width, height: 900 },
    });
    try {
      if (options.signedIn) await signIn(context, origin, camille);
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of paths) {
        const response = await page.goto(`${origin}${path}`);
        expect(response, path).not.toBeNull();
        for (const expected of expectedOn()[path] ?? []) expect(await page.locator(expected).count(), `${path}: ${expected}`).toBeGreaterThan(0);
        found.push(...(await violations(page)).map((v) => `${options.locale} ${options.width}px ${path}: ${v}`));
      }
      if (then) {
        await then(page);
        found.push(...(await violations(page)).map((v) => `${options.locale} ${options.width}px ${page.url()} (after a step): ${v}`));
      }
      return found;
    } finally {
      await context.close();
    }
  }

  /** What a member sees: the public pages whose markup changes when signed in (buttons, forms), and the member pages. */
  const memberPaths = (): string[] => [
    "/",
    site.notePath,
    site.communityPath,
    site.threadPath,
    site.profilePath,
    site.notebookPath,
    "/notes/new",
    "/communities/new",
    "/settings/profile",
    "/settings/privacy",
    "/settings/account",
    "/settings/blocks",
    `${site.notePath}/report`,
    `${site.notePath}/edit`,
    "/moderation/reports",
    `${site.communityPath}/moderation`,
    `${site.termPath}/delete`,
    "/notifications",
    "/drafts",
    "/organizations/new",
    "/admin",
    "/admin/settings",
    "/find?tag=jardins",
  ];

  // Two contexts at a time (Chromium renders one while axe measures the other);
  // each test is given room for a busy 2-core machine.
  it("signed out, in French at 390 px and in English at 1280 px", { timeout: 180_000 }, async () => {
    expect(publicPaths.length).toBeGreaterThanOrEqual(15);
    const found = await Promise.all([check({ locale: "fr-CA", width: 390, signedIn: false }, publicPaths), check({ locale: "en-CA", width: 1280, signedIn: false }, publicPaths)]);
    expect(found.flat()).toEqual([]);
  });

  it("signed in, in French at 1280 px and in English at 390 px", { timeout: 180_000 }, async () => {
    // In French, then a refused note: its error summary, marked fields and messages.
    const refusedNote = async (page: Page): Promise<void> => {
      await page.goto(`${net.instances[0]!.origin}/notes/new`);
      await page.fill('textarea[name="links"]', "pas-une-adresse");
      await page.evaluate(() => document.querySelector<HTMLFormElement>("form.note-form")!.setAttribute("novalidate", ""));
      await Promise.all([page.waitForNavigation(), page.click('form.note-form button[value="publish"]')]);
      expect(await page.locator(".error-summary li").count()).toBeGreaterThanOrEqual(2);
    };
    const found = await Promise.all([check({ locale: "fr-CA", width: 1280, signedIn: true }, memberPaths(), refusedNote), check({ locale: "en-CA", width: 390, signedIn: true }, memberPaths())]);
    expect(found.flat()).toEqual([]);
  });
});
