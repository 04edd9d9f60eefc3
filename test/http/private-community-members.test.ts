// A private community's members are seen by its members and moderators only:
// its members page, and the following lists and counts of the people in it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const PASSWORD = "correct horse battery";
let services: TestServices;
const people: Record<string, ActorRow> = {};

beforeEach(async () => {
  services = await testServices();
  for (const handle of ["alice", "bob", "carol"]) {
    ({ actor: people[handle] } = await createUser(services.db, services.config.publicUrl, { handle, password: PASSWORD, isAdmin: false }));
  }
  // Alice moderates both; bob is a member of both; carol of the public one only.
  const cercle = await createCommunity(services, people.alice!, parseNewCommunity({ handle: "cercle", visibility: "private" }));
  const jardins = await createCommunity(services, people.alice!, parseNewCommunity({ handle: "jardins" }));
  await recordFollow(services.db, services.config.publicUrl, people.bob!, cercle.actor, { accepted: true });
  await recordFollow(services.db, services.config.publicUrl, people.bob!, jardins.actor, { accepted: true });
  await recordFollow(services.db, services.config.publicUrl, people.carol!, jardins.actor, { accepted: true });
});
afterEach(() => services.close());

async function as(handle: string | null): Promise<Browser> {
  const browser = new Browser(createApp(services));
  if (handle) await browser.signIn(handle, PASSWORD);
  return browser;
}

describe("a private community's members", () => {
  it("are listed to its members and moderators only", async () => {
    for (const viewer of [null, "carol"]) {
      const { res, page } = await (await as(viewer)).get("/@cercle/followers");
      expect(res.status, `${viewer}`).toBe(403);
      expect(page).toContain("Les membres d&#39;une communauté privée ne sont visibles que par ses membres et sa modération.");
      expect(page).not.toContain("/@bob");
    }
    for (const viewer of ["alice", "bob"]) {
      const { res, page } = await (await as(viewer)).get("/@cercle/followers");
      expect(res.status, viewer).toBe(200);
      expect(page).toContain('href="/@bob"');
      expect(page).toContain('href="/@alice"');
    }
    // A public community's members are public.
    const { res, page } = await (await as(null)).get("/@jardins/followers");
    expect(res.status).toBe(200);
    expect(page).toContain('href="/@carol"');
  });

  it("are left out of other people's following lists and counts, except for fellow members", async () => {
    for (const viewer of [null, "carol"]) {
      const browser = await as(viewer);
      const { page } = await browser.get("/@bob/following");
      expect(page, `${viewer}`).toContain('href="/@jardins"');
      expect(page, `${viewer}`).not.toContain("cercle");
      expect((await browser.get("/@bob")).page).toMatch(/<strong>1<\/strong> abonnements/);
    }
    for (const viewer of ["bob", "alice"]) {
      const browser = await as(viewer);
      const { page } = await browser.get("/@bob/following");
      expect(page, viewer).toContain('href="/@cercle"');
      expect((await browser.get("/@bob")).page).toMatch(/<strong>2<\/strong> abonnements/);
    }
  });
});
