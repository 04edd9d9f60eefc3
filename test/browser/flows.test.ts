// What a new instance's people do, in Chromium at a phone's width (390 px),
// through the pages only (no API, no JavaScript of ours needed): the first
// administrator comes in through the setup link the server printed, signs out
// and in again, writes a note, creates a community and starts a discussion;
// a second member joins it, replies, likes the note and reports it; then the
// language is switched. One instance and one browser for the whole file; the
// steps share state, so they run in order as one story.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { useInstances, waitFor, type CreatedUser } from "../harness/harness.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { launchChromium } from "./chromium.ts";
import { signIn } from "./french-content.ts";

const PHONE = { width: 390, height: 844 };
const ADMIN_PASSWORD = "des radis et des carottes au jardin";

describe("a new instance's first steps, in the pages", () => {
  const net = useInstances(1, { names: ["Passerelles Outaouais"] });
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let malik: CreatedUser;
  let malikContext: BrowserContext;
  let notePath = "";
  let threadPath = "";

  const origin = (): string => net.instances[0]!.origin;
  /** Submits the form holding `selector` and waits for the page it leads to. */
  async function submit(on: Page, selector: string): Promise<void> {
    await Promise.all([on.waitForNavigation(), on.click(selector)]);
  }

  beforeAll(async () => {
    [browser, malik] = await Promise.all([launchChromium(), net.instances[0]!.createUser("malik")]);
    const options = { viewport: PHONE, ignoreHTTPSErrors: true, locale: "fr-CA", extraHTTPHeaders: { "accept-language": "fr-CA" } };
    admin = await browser.newContext(options);
    malikContext = await browser.newContext(options);
    page = await admin.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("the first administrator comes in through the setup link, then signs out and in again", async () => {
    // The server prints the link once at start, when nobody administers the instance yet.
    let link = "";
    await waitFor(() => {
      link = /\/setup\/[\w-]+/.exec(net.instances[0]!.logs())?.[0] ?? "";
      return link !== "";
    }, { message: "the setup link in the server's log" });
    await page.goto(`${origin()}${link}`);
    await page.fill('input[name="handle"]', "camille");
    await page.fill('input[name="password"]', ADMIN_PASSWORD);
    await submit(page, "main form button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/@camille");
    // The link works once.
    const again = await page.goto(`${origin()}${link}`);
    expect(again?.status()).toBe(410);

    await submit(page, "form.signout button[type=submit]");
    expect(await page.locator("form.signout").count()).toBe(0);
    await signIn(admin, origin(), { handle: "camille", password: ADMIN_PASSWORD, token: "" });
    await page.goto(`${origin()}/`);
    expect(await page.locator("form.signout").count()).toBe(1);
  });

  it("writes a note from the form", async () => {
    await page.goto(`${origin()}/notes/new`);
    await page.fill('input[name="title"]', "Le compost de quartier, mode d'emploi");
    await page.fill('textarea[name="content"]', "Trois bacs, un calendrier de retournement et beaucoup de feuilles mortes.\n\n## Ce qu'on y met\n\n- épluchures\n- marc de café");
    await page.fill('input[name="tags"]', "compost");
    // --- issue 12, web-writing: attach an image with its alt text from this form (the coordinator adds this step) ---
    await submit(page, "form.note-form button[type=submit]");
    notePath = new URL(page.url()).pathname;
    expect(notePath).toMatch(/^\/notes\//);
    expect(await page.locator("h1").innerText()).toBe("Le compost de quartier, mode d'emploi");
    expect(await page.locator("main").innerText()).toContain(t("fr", "form.notePublished"));
    expect(await page.locator("main h2").allInnerTexts()).toContain("Ce qu'on y met");
    // --- issue 12, web-writing: add this note to a notebook from its page (the coordinator adds this step) ---
  });

  it("creates a community and starts a discussion in it", async () => {
    await page.goto(`${origin()}/communities/new`);
    await page.fill('input[name="handle"]', "compost-outaouais");
    await page.fill('input[name="name"]', "Compost en Outaouais");
    await page.fill('textarea[name="summary"]', "Entraide entre composteurs de quartier.");
    await submit(page, "form.community-form button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/c/compost-outaouais");
    expect(await page.locator("h1").innerText()).toContain("Compost en Outaouais");

    await page.click("details.new-thread summary");
    await page.fill('form[action$="/threads"] input[name="title"]', "Où trouver des feuilles mortes ?");
    await page.fill('form[action$="/threads"] textarea[name="content"]', "Il nous en faut pour équilibrer les bacs cet hiver.");
    await submit(page, 'form[action$="/threads"] button[type=submit]');
    threadPath = new URL(page.url()).pathname;
    expect(threadPath).toMatch(/^\/c\/compost-outaouais\/t\//);
  });

  it("a member joins the community and replies in the discussion", async () => {
    await signIn(malikContext, origin(), malik);
    const member = await malikContext.newPage();
    await member.goto(`${origin()}/c/compost-outaouais`);
    await submit(member, `form.join button:has-text("${t("fr", "communities.join")}")`);
    expect(await member.locator(`form.join button:has-text("${t("fr", "communities.leave")}")`).count()).toBe(1);

    await member.goto(`${origin()}${threadPath}`);
    const reply = member.locator("form.reply-form").first();
    if (!(await reply.isVisible())) await member.click("details.reply summary");
    await reply.locator("textarea[name=content]").fill("Le parc de la Gatineau en ramasse chaque automne : je demande.");
    await submit(member, "form.reply-form button[type=submit]");
    expect(await member.locator("main").innerText()).toContain("Le parc de la Gatineau en ramasse chaque automne");
    await member.close();
  });

  it("the member likes the note and reports it", async () => {
    const member = await malikContext.newPage();
    await member.goto(`${origin()}${notePath}`);
    await submit(member, `button:has-text("${t("fr", "participation.like")}")`);
    expect(await member.locator(".counts .likes").innerText()).toBe(t("fr", "participation.likes", { count: 1 }));
    expect(await member.locator(`button:has-text("${t("fr", "participation.unlike")}")`).count()).toBe(1);

    await member.click(`a:has-text("${t("fr", "reports.link")}")`);
    await member.waitForURL(/\/report$/);
    await member.check('input[name="category"][value="spam"]');
    await member.fill('textarea[name="comment"]', "Un test de signalement.");
    await submit(member, "main form button[type=submit]");
    expect(await member.locator("h1").innerText()).toBe(t("fr", "reports.thanksTitle"));
    await member.close();

    // The administrator sees it among the reports to handle.
    await page.goto(`${origin()}/moderation/reports`);
    expect(await page.locator("main").innerText()).toContain("Un test de signalement.");
    // --- issue 12, web-moderation: the community's moderation page (remove, lock, pin, ban) — the coordinator adds this step ---
  });

  it("switches the pages to English and back to French", async () => {
    await page.goto(`${origin()}${notePath}`);
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    await submit(page, '.lang-switch a[hreflang="en"]');
    expect(new URL(page.url()).pathname).toBe(notePath);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator(".site-nav").innerText()).toContain(t("en", "layout.notes"));
    expect(await page.locator(`button:has-text("${t("en", "layout.signout")}")`).count()).toBe(1);
    // The choice stays for the next pages.
    await page.goto(`${origin()}/communities`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await submit(page, '.lang-switch a[hreflang="fr"]');
    expect(await page.getAttribute("html", "lang")).toBe("fr");
  });
});
