// On a phone, no page scrolls sideways (WCAG 1.4.10 reflow): at 320, 390 and
// 1280 px, signed out and signed in, in French and in English, each page's
// content is no wider than the window. Pages hold the long words and URLs
// that real notes have.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { useInstances, type CreatedUser } from "../harness/harness.ts";
import { launchChromium, WIDTHS } from "./chromium.ts";

const LONG_WORD = "Anticonstitutionnellementetintergouvernementalementparlant";
const LONG_URL = "https://example.org/une/tres/longue/adresse/sans/espace/aucune/qui/deborde/facilement/des/ecrans/de/telephone";

describe("the pages on a phone", () => {
  const net = useInstances(1);
  let browser: Browser;
  let alice: CreatedUser;
  let paths: string[] = [];
  /** Pages only a signed-in administrator sees (forms' status line and confirmation step). */
  let memberPaths: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const [a] = net.instances;
    alice = await a!.createUser("alice", { admin: true });
    const community = await a!.api("POST", "/api/v1/communities", { handle: "jardins", name: `Jardins ${LONG_WORD}`, summary: `Voir ${LONG_URL}`, topics: ["jardins", LONG_WORD.slice(0, 50)], region: "15" }, alice.token);
    expect(community.status).toBe(201);
    // The find view (/find): alice's interests made public, with a long tag and a point on the map.
    expect((await a!.api("PATCH", "/api/v1/me", { fields: { interests: ["jardins", LONG_WORD.slice(0, 50)], region: "06" }, coordinates: { latitude: 45.5, longitude: -73.6 } }, alice.token)).status).toBe(200);
    expect((await a!.api("PATCH", "/api/v1/me/privacy", { profileDetailsPublic: true }, alice.token)).status).toBe(200);
    const note = await a!.api(
      "POST",
      "/api/v1/notes",
      { title: `Une note ${LONG_WORD}`, summary: `Résumé ${LONG_WORD}`, content: `Lire ${LONG_URL}\n\n\`\`\`\n${"du code très long ".repeat(12)}\n\`\`\`\n\n| a | b | c |\n|---|---|---|\n| ${LONG_WORD} | ${LONG_WORD} | ${LONG_URL} |`, tags: ["jardins"], communities: ["jardins"] },
      alice.token,
    );
    expect(note.status).toBe(201);
    const noteId: string = note.body.id;
    const notePath = new URL(note.body.url ?? note.body.uri).pathname;
    paths = ["/", "/notes", notePath, `${notePath}/history`, "/notebooks", "/terms", "/organizations", "/communities", "/c/jardins", "/@alice", "/@alice/communities", "/@alice/notebooks", "/about", "/privacy", "/network", "/signin", "/search?q=jardins", "/search?q=jardins&type=note&tag=jardins", "/tags/jardins", "/find?tag=jardins"];
    expect(noteId).toBeTruthy();
    const term = await a!.api("POST", "/api/v1/terms", { labelFr: `Terme ${LONG_WORD}` }, alice.token);
    expect(term.status).toBe(201);
    memberPaths = [
      `${notePath}?saved=1`,
      `/terms/${term.body.slug}/delete`,
      // The moderation pages (alice moderates jardins and administers the instance).
      `/c/jardins/moderation/t/${noteId}`,
      "/c/jardins/moderation?done=banned",
      "/admin",
      "/admin/settings",
      "/admin/registrations",
      "/admin/federation",
      "/admin/sisters",
      "/admin/accounts?done=suspended",
      "/admin/queue",
    ];
    // Reading: the history's diffs and edit summaries, a version's citation, a thread and a note with replies, a reply's edit and delete pages.
    const edited = await a!.api("PATCH", `/api/v1/notes/${noteId}`, { content: `Lire ${LONG_URL} et ${LONG_WORD}`, editSummary: `Précision ${LONG_WORD}` }, alice.token);
    expect(edited.status).toBe(200);
    const standalone = (await a!.api("POST", "/api/v1/notes", { title: `Seule ${LONG_WORD}`, content: `Voir ${LONG_URL}` }, alice.token)).body;
    const reply = await a!.api("POST", "/api/v1/notes", { inReplyTo: standalone.uri, content: `Réponse ${LONG_WORD} ${LONG_URL}` }, alice.token);
    expect(reply.status).toBe(201);
    const threadReply = await a!.api("POST", "/api/v1/notes", { inReplyTo: note.body.uri, content: `Réponse ${LONG_WORD}`, communities: ["jardins"] }, alice.token);
    expect(threadReply.status).toBe(201);
    const standalonePath = `/notes/${standalone.id}`;
    paths.push(`${notePath}/history/1`, `/c/jardins/t/${noteId}`, standalonePath);
    memberPaths.push(`/replies/${reply.body.id}/edit?back=${encodeURIComponent(standalonePath)}`, `/replies/${reply.body.id}/delete`, `/c/jardins/t/${noteId}?reply=saved`);
    // web-notify: notifications to list (a follow and a like by someone with a long name).
    const bob = await a!.createUser("bob");
    await a!.api("PATCH", "/api/v1/me", { name: `Bob ${LONG_WORD}` }, bob.token);
    expect((await a!.api("POST", "/api/v1/follows", { target: "@alice" }, bob.token)).status).toBe(201);
    expect((await a!.api("POST", `/api/v1/notes/${noteId}/like`, undefined, bob.token)).status).toBe(201);
    memberPaths.push("/notifications", `/authorize_interaction?uri=${encodeURIComponent(note.body.uri)}`);
    paths.push(`/interact?uri=${encodeURIComponent(note.body.uri)}`);
    const draft = await a!.api("POST", "/api/v1/notes", { title: `Un brouillon ${LONG_WORD}`, content: `Lire ${LONG_URL}`, draft: true }, alice.token);
    expect(draft.status).toBe(201);
    const draftPath = new URL(draft.body.url ?? draft.body.uri).pathname;
    // The writing pages (web-writing): drafts, a draft's page and form, a note's form, a new organization.
    memberPaths.push("/drafts", draftPath, `${draftPath}/edit`, `${notePath}/edit`, `${notePath}?notebook=added`, "/organizations/new");
    // web-edit-forms: editing the community (alice moderates it) and an organization she administers, and their saved notices.
    const organization = await a!.api("POST", "/api/v1/organizations", { username: "coop", name: `Coop ${LONG_WORD}`, summary: `Voir ${LONG_URL}` }, alice.token);
    expect(organization.status).toBe(201);
    expect((await a!.api("PATCH", "/api/v1/organizations/coop", { fields: { interests: ["jardins", LONG_WORD.slice(0, 50)], region: "06", links: [{ name: LONG_WORD, url: LONG_URL }] } }, alice.token)).status).toBe(200);
    memberPaths.push("/c/jardins/edit", "/c/jardins?done=updated", "/organizations/coop/edit", "/organizations/coop?saved=updated");
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function signedInContext(width: number): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, ignoreHTTPSErrors: true, locale: "fr-CA" });
    const page = await context.newPage();
    await page.goto(`${net.instances[0]!.origin}/signin`);
    await page.fill('input[name="handle"]', "alice");
    await page.fill('input[name="password"]', alice.password);
    await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"], form input[type="submit"]')]);
    await page.close();
    return context;
  }

  /** Every page that is wider than the window at one of the widths: each page is loaded once, then resized. */
  async function overflowing(context: BrowserContext, pagePaths: readonly string[]): Promise<string[]> {
    const wide: string[] = [];
    const page = await context.newPage();
    for (const path of pagePaths) {
      await page.setViewportSize({ width: WIDTHS[0], height: 800 });
      const response = await page.goto(`${net.instances[0]!.origin}${path}`);
      expect(response?.status(), path).toBeLessThan(400);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        if (scrollWidth > innerWidth) wide.push(`${path}: ${scrollWidth} px in ${innerWidth} px`);
      }
    }
    await page.close();
    return wide;
  }

  it(`no page is wider than the window at ${WIDTHS.join(", ")} px, signed out in French and English`, async () => {
    const wide: string[] = [];
    for (const locale of ["fr-CA", "en-CA"]) {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, locale, extraHTTPHeaders: { "accept-language": locale } });
      try {
        wide.push(...(await overflowing(context, paths)).map((p) => `${locale} ${p}`));
      } finally {
        await context.close();
      }
    }
    expect(wide).toEqual([]);
  });

  it(`no page is wider than the window at ${WIDTHS.join(", ")} px, signed in`, async () => {
    const member = await signedInContext(WIDTHS[0]);
    try {
      const wide = await overflowing(member, [...paths, "/notes/new", "/communities/new", "/settings/profile", "/settings/privacy", "/settings/account", "/settings/blocks", "/settings/export", "/moderation/reports", "/c/jardins/moderation", ...memberPaths]);
      expect(wide).toEqual([]);
    } finally {
      await member.close();
    }
  });

  it(`a refused note shows its error summary focused, within ${WIDTHS[0]} px`, async () => {
    const member = await signedInContext(WIDTHS[0]);
    try {
      const page = await member.newPage();
      await page.goto(`${net.instances[0]!.origin}/notes/new`);
      await page.fill('textarea[name="content"]', "Un texte");
      await page.fill('textarea[name="links"]', LONG_URL.replace("https://", ""));
      // Let the server refuse the empty title (the browser's own check would stop the form first).
      await page.evaluate(() => document.querySelector<HTMLFormElement>("form.note-form")!.setAttribute("novalidate", ""));
      await Promise.all([page.waitForNavigation(), page.click('form.note-form button[value="publish"]')]);
      const state = await page.evaluate(() => ({
        focused: document.activeElement?.className,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        invalid: [...document.querySelectorAll('[aria-invalid="true"]')].map((e) => e.getAttribute("name")),
      }));
      expect(state.focused).toBe("error-summary");
      expect(state.invalid).toEqual(["title", "links"]);
      expect(state.scrollWidth).toBeLessThanOrEqual(state.innerWidth);
    } finally {
      await member.close();
    }
  });
});
