// The find view's query (src/domain/find-by-interest.ts): who chose an
// interest, grouped by Québec region, with relation counts; only those whose
// interests are public (and, for people, who agreed to be listed); people of
// other instances marked with their host; a region filter; paging.
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorById, updateLocalProfile, type ActorRow } from "../../src/domain/actors.ts";
import { createCommunity } from "../../src/domain/communities.ts";
import { findByInterests, groupedByRegion } from "../../src/domain/find-by-interest.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createNotebook } from "../../src/domain/notebooks.ts";
import { createOrganization, updateOrganizationProfile } from "../../src/domain/organizations.ts";
import { changePrivacyChoices } from "../../src/domain/privacy-choices.ts";
import { deleteLocalAccount } from "../../src/domain/account-deletion.ts";
import { markRemoteActorDeleted } from "../../src/domain/actors.ts";
import { searchText } from "../../src/domain/search/search.ts";
import type { TestServices } from "../helpers/services.ts";
import { storeRemotePerson } from "../helpers/remote-actors.ts";
import { DATABASES, useServices } from "./on-databases.ts";

describe.each(DATABASES)("find people and groups by interest on $name", ({ open }) => {
  const current = useServices(open);
  let services: TestServices;

  beforeEach(() => {
    services = current();
  });

  async function person(handle: string, interests: string[], region: string | null, makePublic: boolean): Promise<ActorRow> {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle, password: "correct horse battery staple", isAdmin: false });
    await updateLocalProfile(services.db, actor, { fields: { interests, region } });
    if (makePublic) await changePrivacyChoices(services, actor, { profileDetailsPublic: true });
    return (await findActorById(services.db, actor.id))!;
  }

  it("lists public people, organizations and communities by region, with counts, and never a private profile", async () => {
    const alice = await person("alice", ["Agroécologie", "communs"], "Laurentides", true);
    await person("bob", ["agroecologie"], "06", false); // interests private: the default
    const carol = await person("carol", ["agroécologie"], "Montréal", true);
    await changePrivacyChoices(services, carol, { discoverable: false }); // not listed
    const org = await createOrganization(services, alice, { username: "fermes", name: "Fermes du Nord" });
    await updateOrganizationProfile(services, alice, org, { fields: { interests: ["#agroécologie"], region: "Laurentides" }, coordinates: { latitude: 46.0512, longitude: -74.2873 } });
    const community = await createCommunity(services, alice, {
      handle: "semences", name: "Semences", summary: null, visibility: "public", rules: null, languages: ["fr"], topics: ["Agroécologie"], region: "Montérégie", postingRestrictedToMods: false,
    });
    const { note } = await createNote(services, alice, { title: "Haies brise-vent", content: "Planter des haies.", visibility: "public" });
    await createNote(services, carol, { title: "Cite", content: "Voir la note.", visibility: "public", links: [note.uri] });
    await createNote(services, alice, { title: "Brouillon", content: "Privé.", visibility: "followers" });
    await createNotebook(services, alice, { title: "Carnet des haies" });
    await storeRemotePerson(services, "https://b.example/users/dora", { fields: { interests: ["agroécologie"], region: "Estrie", standpoint: null, links: [] }, discoverable: true });
    await storeRemotePerson(services, "https://b.example/users/eve", { fields: { interests: ["agroécologie"], region: "Estrie", standpoint: null, links: [] }, discoverable: false });

    const found = await findByInterests(services.db, { tags: "agroecologie", viewerId: null, limit: 50 });
    const handles = found.items.map((i) => `${i.actor.username}@${i.instance ?? "here"}`).sort();
    expect(handles).toEqual(["alice@here", "dora@b.example", "fermes@here", "semences@here"]);

    const byName = new Map(found.items.map((i) => [i.actor.username, i]));
    expect(byName.get("alice")).toMatchObject({ kind: "person", region: { code: "15" }, counts: { notes: 1, citations: 1, members: null, notebooks: 1 } });
    expect(byName.get("fermes")).toMatchObject({ kind: "organization", region: { code: "15" }, counts: { members: 1 } });
    expect(byName.get("semences")).toMatchObject({ kind: "community", region: { code: "16" }, counts: { members: 1, notes: 0 } });
    expect(byName.get("dora")).toMatchObject({ kind: "person", region: { code: "05" }, instance: "b.example" });

    expect(found.regions.map((r) => [r.region?.code ?? null, r.count])).toEqual([["05", 1], ["15", 2], ["16", 1]]);
    expect(found.points).toEqual([{ latitude: 46.051, longitude: -74.287, label: "Fermes du Nord" }]);
    expect(groupedByRegion(found.items).map((g) => [g.region?.name, g.items.length])).toEqual([["Estrie", 1], ["Laurentides", 2], ["Montérégie", 1]]);
    expect(community.actor.region).toBe("16");
  });

  it("filters by region, takes several tags, and pages by cursor to an empty page", async () => {
    for (const [index, handle] of ["p1", "p2", "p3", "p4", "p5"].entries()) {
      await person(handle, [index % 2 === 0 ? "communs" : "jardins"], index < 3 ? "Outaouais" : "Estrie", true);
    }
    const outaouais = await findByInterests(services.db, { tags: ["communs", "jardins"], region: "07", viewerId: null, limit: 50 });
    expect(outaouais.items.map((i) => i.actor.username).sort()).toEqual(["p1", "p2", "p3"]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await findByInterests(services.db, { tags: "communs, #Jardins", viewerId: null, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.actor.username));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen.sort()).toEqual(["p1", "p2", "p3", "p4", "p5"]);
    const last = (await findByInterests(services.db, { tags: "communs", viewerId: null, limit: 50 })).items.map((i) => i.actor.id).sort().pop()!;
    expect((await findByInterests(services.db, { tags: "communs", viewerId: null, limit: 2, cursor: last })).items).toEqual([]);
    expect((await findByInterests(services.db, { tags: " , ", viewerId: null, limit: 2 })).items).toEqual([]);
  });

  it("refuses a region that is not one of Québec's 17", async () => {
    const { actor } = await createUser(services.db, services.config.publicUrl, { handle: "zed", password: "correct horse battery staple", isAdmin: false });
    await expect(updateLocalProfile(services.db, actor, { fields: { region: "Atlantide" } })).rejects.toThrow(/17 administrative regions/);
    const saved = await updateLocalProfile(services.db, actor, { fields: { region: "saguenay lac saint jean" } });
    expect(saved.region).toBe("02");
    expect(JSON.parse(saved.profile_fields).region).toBe("Saguenay–Lac-Saint-Jean");
  });

  it("filters search by region: notes by their authors' or organizations' public region, actors by theirs", async () => {
    const alice = await person("alice", [], "Laurentides", true);
    const bob = await person("bob", [], "Laurentides", false); // region private
    const org = await createOrganization(services, alice, { username: "verger", name: "Verger de l'Estrie" });
    await updateOrganizationProfile(services, alice, org, { fields: { region: "05" } });
    await createNote(services, alice, { title: "Haies champêtres", content: "Des haies.", visibility: "public" });
    await createNote(services, bob, { title: "Haies de ville", content: "Des haies.", visibility: "public" });
    const { note: linked } = await createNote(services, bob, { title: "Haies fruitières", content: "Des haies.", visibility: "public" });
    // The note names the organization (as "organizations": ["verger"] does through the directory).
    await services.db.insertInto("note_organizations").values({ note_id: linked.id, actor_id: org.id }).execute();
    const titles = async (region: string) => {
      const answer = await searchText(services.db, services.dialect, "haies", "note", { viewerId: null, filters: { region }, limit: 20, offset: 0 });
      if (!answer.ok) throw new Error(answer.problem);
      return answer.pages.get("note")!.items.map((i) => (i.kind === "note" ? i.note.title : "")).sort();
    };
    expect(await titles("15")).toEqual(["Haies champêtres"]);
    expect(await titles("Estrie")).toEqual(["Haies fruitières"]);
    expect(await titles("Atlantide")).toEqual([]);
    const people = await searchText(services.db, services.dialect, "verger", "organization", { viewerId: null, filters: { region: "05" }, limit: 20, offset: 0 });
    expect(people.ok && people.pages.get("organization")!.items.length).toBe(1);
  });

  it("forgets interests, region and point when an account is deleted, here or elsewhere", async () => {
    const alice = await person("alice", ["communs"], "Estrie", true);
    await updateLocalProfile(services.db, alice, { coordinates: { latitude: 45.4, longitude: -71.9 } });
    await storeRemotePerson(services, "https://b.example/users/dora", { fields: { interests: ["communs"], region: "Estrie", standpoint: null, links: [] }, discoverable: true, coordinates: { latitude: 45.4, longitude: -71.9 } });
    expect((await findByInterests(services.db, { tags: "communs", viewerId: null, limit: 10 })).items).toHaveLength(2);
    await deleteLocalAccount(services, (await findActorById(services.db, alice.id))!);
    await markRemoteActorDeleted(services.db, "https://b.example/users/dora");
    expect(await services.db.selectFrom("actor_interests").selectAll().execute()).toEqual([]);
    const rows = await services.db.selectFrom("actors").select(["region", "latitude", "longitude"]).where("username", "in", ["alice", "dora"]).execute();
    expect(rows).toEqual([{ region: null, latitude: null, longitude: null }, { region: null, latitude: null, longitude: null }]);
  });
});
