// What a new instance's people do, in Chromium at a phone's width (390 px),
// through the pages only (no API, no JavaScript of ours needed): the first
// administrator comes in through the setup link the server printed, signs out
// and in again, writes a note with an image and its alt text, adds it to a new
// notebook, creates a community and starts a discussion; a second member
// joins it, replies, likes the note and reports it; the moderator locks and
// pins the discussion, removes and restores the reply and bans the member
// from the community's moderation page; then the language is switched. One instance and one browser for the whole file; the
// steps share state, so they run in order as one story.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { useInstances, waitFor, type CreatedUser } from "../harness/harness.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { png } from "../fixtures/media/samples.ts";
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
    // The image goes up with the form's "Attach" button (the upload script sends it), then gets its description.
    await page.setInputFiles('input[name="file"]', { name: "bacs.png", mimeType: "image/png", buffer: Buffer.from(png()) });
    await page.click('button[value="attach"]');
    const alt = page.locator('.attached-item input[name^="alt-"]');
    await alt.waitFor();
    await alt.fill("Trois bacs de compost en bois côte à côte");
    await Promise.all([page.waitForURL(/\/notes\/[^/]+\?saved=published$/), page.click('form.note-form button[value="publish"]')]);
    notePath = new URL(page.url()).pathname;
    expect(notePath).toMatch(/^\/notes\//);
    expect(await page.locator("h1").innerText()).toBe("Le compost de quartier, mode d'emploi");
    expect(await page.locator("main").innerText()).toContain(t("fr", "form.notePublished"));
    expect(await page.locator("main h2").allInnerTexts()).toContain("Ce qu'on y met");
    const image = page.locator('.attachments img[alt="Trois bacs de compost en bois côte à côte"]');
    expect(await image.count()).toBe(1);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".attachments img");
      return img != null && img.complete && img.naturalWidth > 0;
    });
  });

  it("adds the note to a new notebook from its page", async () => {
    await page.goto(`${origin()}${notePath}`);
    await page.click(`details.add-to-notebook summary:has-text("${t("fr", "writing.addToNotebook")}")`);
    // With no notebook yet, "New notebook" is already chosen: its title is enough.
    expect(await page.inputValue('details.add-to-notebook select[name="notebook"]')).toBe("new");
    await page.fill('details.add-to-notebook input[name="title"]', "Jardiner en ville");
    await submit(page, "details.add-to-notebook button[type=submit]");
    expect(await page.locator("main").innerText()).toContain(t("fr", "writing.notebookAdded"));
    await submit(page, '.note-notebooks a:has-text("Jardiner en ville")');
    expect(new URL(page.url()).pathname).toMatch(/^\/notebooks\//);
    expect(await page.locator("h1").innerText()).toContain("Jardiner en ville");
    expect(await page.locator(`main a[href$="${notePath}"]`).first().innerText()).toContain("Le compost de quartier, mode d'emploi");
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
  });

  it("the moderator locks and pins the discussion, removes and restores a reply, and bans the member", async () => {
    const moderation = `${origin()}/c/compost-outaouais/moderation`;
    const threadId = decodeURIComponent(threadPath.split("/").at(-1)!);
    const thread = () => page.locator(`#threads li.moderated-post:has(a[href="${threadPath}"])`);
    const notice = () => page.locator("main p.notice[role=status]").innerText();
    await page.goto(moderation);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await thread().locator("details.lock-reason summary").click();
    await thread().locator('input[name="reason"]').fill("Assez de feuilles pour cet hiver.");
    await submit(page, `#threads li.moderated-post:has(a[href="${threadPath}"]) details.lock-reason button[type=submit]`);
    expect(await notice()).toBe(t("fr", "moderation.done.locked"));
    await submit(page, `#threads li.moderated-post:has(a[href="${threadPath}"]) button:has-text("${t("fr", "moderation.pin")}")`);
    expect(await notice()).toBe(t("fr", "moderation.done.pinned"));
    expect(await thread().locator(".flag").allInnerTexts()).toEqual([t("fr", "communities.pinned"), t("fr", "communities.locked")]);
    await page.goto(`${origin()}${threadPath}`);
    expect(await page.locator("h1 .flag.locked").innerText()).toBe(t("fr", "communities.locked"));
    // The member may no longer reply there.
    const member = await malikContext.newPage();
    await member.goto(`${origin()}${threadPath}`);
    expect(await member.locator(".locked-notice").innerText()).toBe(t("fr", "communities.lockedNotice"));
    expect(await member.locator("form.reply-form").count()).toBe(0);
    await member.close();

    // A reply is removed from the thread's moderation view (after the confirmation step), then restored.
    await page.goto(moderation);
    await submit(page, `#threads li.moderated-post:has(a[href="${threadPath}"]) a:has-text("${t("fr", "moderation.replies")}")`);
    expect(new URL(page.url()).pathname).toContain(`/moderation/t/${encodeURIComponent(threadId)}`);
    const reply = () => page.locator('li.moderated-post:has-text("Le parc de la Gatineau")');
    await submit(page, `li.moderated-post:has-text("Le parc de la Gatineau") button.danger:has-text("${t("fr", "moderation.remove")}")`);
    expect(await page.locator("h1").innerText()).toBe(t("fr", "moderation.removeConfirmTitle"));
    await submit(page, `form.confirm button.danger:has-text("${t("fr", "moderation.removeConfirmSubmit")}")`);
    expect(await notice()).toBe(t("fr", "moderation.done.removed"));
    expect(await reply().locator(".flag").innerText()).toBe(t("fr", "moderation.removedFlag"));
    await page.goto(`${origin()}${threadPath}`);
    expect(await page.locator("main").innerText()).not.toContain("Le parc de la Gatineau");
    await page.goBack();
    await submit(page, `li.moderated-post:has-text("Le parc de la Gatineau") button:has-text("${t("fr", "moderation.restore")}")`);
    expect(await notice()).toBe(t("fr", "moderation.done.restored"));
    await page.goto(`${origin()}${threadPath}`);
    expect(await page.locator("main").innerText()).toContain("Le parc de la Gatineau");

    // Banning asks first, then the member is listed among the bans.
    await page.goto(`${moderation}#bans`);
    await page.fill('#bans input[name="actor"]', "malik");
    await page.fill('#bans input[name="reason"]', "Un test de bannissement.");
    await submit(page, `#bans button.danger:has-text("${t("fr", "moderation.ban")}")`);
    expect(await page.locator("p.warning").innerText()).toBe(t("fr", "moderation.banConfirmBody"));
    await submit(page, `form.confirm button.danger:has-text("${t("fr", "moderation.banConfirmSubmit")}")`);
    expect(await notice()).toBe(t("fr", "moderation.done.banned"));
    expect(await page.locator("#bans").innerText()).toContain("Un test de bannissement.");
    expect(await page.locator("#bans .people").innerText()).toContain("malik");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
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
