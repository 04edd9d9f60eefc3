// The header leads everyone to "find people and groups" (/find, a short label
// whose accessible name is the page's full title) and a signed-in member to
// their drafts (/drafts), in French and in English.
import { afterEach, beforeEach, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createApp } from "../../src/http/app.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

let services: TestServices;
beforeEach(async () => {
  services = await testServices();
});
afterEach(() => services.close());

function header(page: string): string {
  return /<header class="site-header">[\s\S]*?<\/header>/.exec(page)?.[0] ?? "";
}

it("links the find view for everyone and the drafts for members", async () => {
  await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false });
  const browser = new Browser(createApp(services));
  for (const lang of ["fr", "en"] as const) {
    const { page } = await browser.get("/", { "accept-language": lang });
    expect(header(page)).toContain(`<a href="/find" aria-label="${t(lang, "find.title")}">${t(lang, "layout.find")}</a>`);
    expect(header(page)).not.toContain('href="/drafts"');
  }
  await browser.signIn("alice", "correct horse battery");
  const { page } = await browser.get("/notes", { "accept-language": "fr" });
  expect(header(page)).toContain(`<a class="drafts" href="/drafts">${t("fr", "writing.myDrafts")}</a>`);
  expect(header(page)).toContain('href="/find"');
});
