import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { findActorByHandle, findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { listPublicNotes } from "../../src/domain/notes.ts";
import {
  addMember,
  canActFor,
  createOrganization,
  findLocalOrganization,
  isOrganizationAdmin,
  listOrganizations,
  organizationMembers,
  organizationsOf,
  removeMember,
  updateOrganizationProfile,
} from "../../src/domain/organizations.ts";
import type { TestServices } from "../helpers/services.ts";
import { DATABASES, useServices } from "./on-databases.ts";

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"]): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

describe.each(DATABASES)("organizations on $name", ({ open }) => {
  let services: TestServices;
  let alice: ActorRow;
  let bob: ActorRow;
  let carol: ActorRow;
  const current = useServices(open);

  beforeEach(async () => {
    const base = current();
    services = Object.assign(base, {
      directory: {
        resolve: async (query: string) => {
          const handle = parseHandle(query);
          return (handle ? await findActorByHandle(base.db, handle.username, handle.host) : await findActorByUri(base.db, query)) ?? null;
        },
      },
    });
    const origin = services.config.publicUrl;
    const user = (handle: string) => createUser(services.db, origin, { handle, password: "correct horse battery", isAdmin: false });
    ({ actor: alice } = await user("alice"));
    ({ actor: bob } = await user("bob"));
    ({ actor: carol } = await user("carol"));
  });

  it("creates an Organization actor in the people's namespace; the creator is its admin", async () => {
    const org = await createOrganization(services, alice, { username: "@cdc-laurentides", name: "CDC des Laurentides", summary: "Concertation" });
    expect(org).toMatchObject({ type: "Organization", is_local: 1, username: "cdc-laurentides", name: "CDC des Laurentides", url: "https://test.example/@cdc-laurentides" });
    expect(org.uri).toBe(`https://test.example/actors/${org.id}`);
    expect((await organizationMembers(services.db, org.id)).map((m) => [m.actor.username, m.role])).toEqual([["alice", "admin"]]);
    expect(await isOrganizationAdmin(services.db, alice.id, org.id)).toBe(true);
    expect(await canActFor(services.db, alice.id, org.id)).toBe(true);
    expect(await canActFor(services.db, bob.id, org.id)).toBe(false);
    expect((await findLocalOrganization(services.db, services.config.publicUrl, "@cdc-laurentides@test.example"))?.id).toBe(org.id);
    expect(await findLocalOrganization(services.db, services.config.publicUrl, "alice")).toBeUndefined();
    expect(await findLocalOrganization(services.db, services.config.publicUrl, "cdc-laurentides@elsewhere.example")).toBeUndefined();

    await expectDomainError(createOrganization(services, bob, { username: "alice" }), "conflict");
    await expectDomainError(createOrganization(services, bob, { username: "admin" }), "conflict");
    await expectDomainError(createOrganization(services, bob, { username: "not valid!" }), "invalid");
    await expectDomainError(createOrganization(services, org, { username: "sub" }), "forbidden");
    // Nothing half-created: the handle stays free after a refusal.
    await expectDomainError(createOrganization(services, bob, { username: "libre", name: "x".repeat(101) }), "invalid");
    expect(await findActorByHandle(services.db, "libre", "test.example")).toBeUndefined();
  });

  it("lets admins add and remove members and change roles; others get 403", async () => {
    const org = await createOrganization(services, alice, { username: "cdc" });
    const added = await addMember(services, alice, org, "@bob@test.example");
    expect(added.created).toBe(true);
    expect(added.member).toMatchObject({ role: "member", actor: { id: bob.id } });
    expect(await canActFor(services.db, bob.id, org.id)).toBe(true);

    await expectDomainError(addMember(services, bob, org, "@carol@test.example"), "forbidden");
    await expectDomainError(removeMember(services, bob, org, "@alice@test.example"), "forbidden");
    await expectDomainError(updateOrganizationProfile(services, bob, org, { name: "Pris" }), "forbidden");
    await expectDomainError(addMember(services, alice, org, "@nobody@test.example"), "not_found");
    await expectDomainError(addMember(services, alice, org, "@cdc@test.example"), "invalid");
    await expectDomainError(addMember(services, alice, org, "@carol@test.example", "owner"), "invalid");

    expect((await addMember(services, alice, org, "@carol@test.example", "admin")).created).toBe(true);
    expect((await addMember(services, carol, org, "@bob@test.example", "admin")).created).toBe(false);
    expect((await organizationMembers(services.db, org.id)).map((m) => [m.actor.username, m.role])).toEqual([
      ["alice", "admin"],
      ["bob", "admin"],
      ["carol", "admin"],
    ]);
    await removeMember(services, carol, org, "@bob@test.example");
    expect(await canActFor(services.db, bob.id, org.id)).toBe(false);
    await expectDomainError(removeMember(services, alice, org, "@bob@test.example"), "not_found");
    expect((await organizationsOf(services.db, carol.id)).map((o) => [o.organization.username, o.role])).toEqual([["cdc", "admin"]]);
  });

  it("keeps at least one admin; members may leave", async () => {
    const org = await createOrganization(services, alice, { username: "cdc" });
    await addMember(services, alice, org, "@bob@test.example");
    await expectDomainError(removeMember(services, alice, org, "@alice@test.example"), "conflict");
    await expectDomainError(addMember(services, alice, org, "@alice@test.example", "member"), "conflict");
    await removeMember(services, bob, org, "@bob@test.example");
    expect((await organizationMembers(services.db, org.id)).map((m) => m.actor.username)).toEqual(["alice"]);
  });

  it("lets admins edit the profile, and emits profile-updated", async () => {
    const org = await createOrganization(services, alice, { username: "cdc" });
    const updated = await updateOrganizationProfile(services, alice, org, { name: "CDC", summary: "Nouvelle mission", fields: { region: "Laurentides" } });
    expect(updated).toMatchObject({ name: "CDC", summary: "Nouvelle mission" });
    expect(JSON.parse(updated.profile_fields)).toMatchObject({ region: "Laurentides" });
    expect(services.sent).toEqual([{ type: "profile-updated", actorId: org.id }]);
    await expectDomainError(updateOrganizationProfile(services, alice, org, { iconUrl: "javascript:x" }), "invalid");
  });

  it("lists organizations by handle, paged, with member counts", async () => {
    for (const username of ["zeta", "alpha", "mu"]) await createOrganization(services, alice, { username });
    const first = await listOrganizations(services.db, { limit: 2 });
    expect(first.items.map((i) => [i.organization.username, i.memberCount])).toEqual([
      ["alpha", 1],
      ["mu", 1],
    ]);
    const second = await listOrganizations(services.db, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.organization.username)).toEqual(["zeta"]);
    expect(second.nextCursor).toBeNull();
  });

  it("is named on notes through their organizations field", async () => {
    const org = await createOrganization(services, alice, { username: "cdc" });
    await createNote(services, alice, { title: "Bilan", content: "Texte", organizations: ["@cdc@test.example"] });
    await createNote(services, alice, { title: "Autre", content: "Texte" });
    expect((await listPublicNotes(services.db, { organizationId: org.id, limit: 10 })).items.map((n) => n.title)).toEqual(["Bilan"]);
  });
});
