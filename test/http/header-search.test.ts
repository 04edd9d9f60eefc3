// The search box in every page's header searches content (full text), not
// only handles: what it sends (its form's action and field) finds a note by
// words of its body.
import { afterEach, beforeEach, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

let services: TestServices;
beforeEach(async () => {
  services = await testServices();
});
afterEach(() => services.close());

it("sends words to /search, which finds notes by their content", async () => {
  const { actor } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false });
  const { note } = await createNote(services, actor, { title: "Carnet du potager", content: "La permaculture en ville, saison après saison." });
  const browser = new Browser(createApp(services));
  const home = (await browser.get("/")).page;
  const form = /<form class="search-box"[^>]* method="get" action="([^"]+)">\s*<input type="search" name="([^"]+)"/.exec(home);
  expect(form?.slice(1)).toEqual(["/search", "q"]);
  const { res, page } = await browser.get(`${form![1]}?${form![2]}=${encodeURIComponent("permaculture ville")}`);
  expect(res.status).toBe(200);
  expect(page).toContain(`href="/notes/${note.id}"`);
  expect(page).toContain("Carnet du potager");
});
