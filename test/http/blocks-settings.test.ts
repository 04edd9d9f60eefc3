// The blocks and mutes settings page, in French and English: add a mute of an
// instance and a block of a person, see them listed, lift one; refusals are
// shown in the page (never a 500) and change nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { listMemberBlocks } from "../../src/domain/member-blocks.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
let browser: Browser;
let aliceId: string;

beforeEach(async () => {
  services = await testServices();
  browser = new Browser(createApp(services));
  aliceId = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: false })).actor.id;
  await createUser(services.db, services.config.publicUrl, { handle: "bob", password: PASSWORD, isAdmin: false });
  await browser.signIn("alice", PASSWORD);
});
afterEach(() => services.close());

describe("blocks and mutes settings", () => {
  it("are only for signed-in people", async () => {
    const { res } = await new Browser(browser.app).get("/settings/blocks");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?next=%2Fsettings%2Fblocks");
  });

  it("mute an instance, block a person, list them and lift one, in French", async () => {
    const empty = await browser.get("/settings/blocks");
    expect(empty.page).toContain("Blocages et sourdines");
    expect(empty.page).toContain("Vous ne bloquez ni ne mettez en sourdine personne.");
    const muted = await browser.post("/settings/blocks", { target: "bruyant.example", kind: "mute" });
    expect(muted.res.status).toBe(303);
    await browser.get("/settings/blocks");
    expect((await browser.post("/settings/blocks", { target: "bob", kind: "block" })).res.status).toBe(303);
    const listed = await browser.get("/settings/blocks?done=added");
    expect(listed.page).toContain("toute l&#39;instance bruyant.example");
    expect(listed.page).toContain(`@bob@${services.config.publicUrl.host}`);
    expect(listed.page).toContain("Débloquer");
    const blocks = await listMemberBlocks(services.db, aliceId);
    expect(blocks.map((b) => b.kind)).toEqual(["block", "mute"]);
    expect((await browser.post(`/settings/blocks/${blocks[0]!.id}/remove`, {})).res.status).toBe(303);
    expect((await listMemberBlocks(services.db, aliceId)).map((b) => b.host)).toEqual(["bruyant.example"]);
  });

  it("shows refusals in the page, in English, and changes nothing", async () => {
    const english = { "Accept-Language": "en" };
    expect((await browser.get("/settings/blocks", english)).page).toContain("You do not block or mute anyone.");
    const refused = await browser.post("/settings/blocks", { target: "alice", kind: "block" }, { headers: english });
    expect(refused.res.status).toBe(400);
    expect(refused.page).toContain("Nothing was changed");
    const bad = await browser.post("/settings/blocks", { target: "bob", kind: "ignore" }, { headers: english });
    expect(bad.res.status).toBe(400);
    expect((await browser.post("/settings/blocks/01nonexistent/remove", {}, { headers: english })).res.status).toBe(404);
    expect(await listMemberBlocks(services.db, aliceId)).toEqual([]);
  });
});
