// Organizations (organisations reliées): `Organization` actors in the same
// handle namespace as people, with members. Admins keep the profile and the
// member list; every member may act for the organization (name it on notes,
// curate its notebooks).
import type { Kysely, Transaction } from "kysely";
import type { OrganizationRole } from "../db/knowledge-schema.ts";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import { createLocalActor, findLocalActor, updateLocalProfile, type ActorRow, type ProfileChange } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError, type FieldProblem } from "./errors.ts";
import type { Page } from "./follows.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface OrganizationMember {
  readonly actor: ActorRow;
  readonly role: OrganizationRole;
  readonly since: string;
}

export interface NewOrganization {
  username: string;
  name?: string | null;
  summary?: string | null;
}

export function isOrganizationRole(value: unknown): value is OrganizationRole {
  return value === "admin" || value === "member";
}

/** A live local organization by handle (`name`, `@name` or `@name@this.host`). */
export async function findLocalOrganization(db: Db, origin: URL, handle: string): Promise<ActorRow | undefined> {
  const match = /^@?([^@\s/]+)(?:@([^@\s/]+))?$/.exec(handle.trim());
  if (!match || (match[2] != null && match[2].toLowerCase() !== origin.host.toLowerCase())) return undefined;
  const actor = await findLocalActor(db, origin, match[1]!);
  return actor && actor.type === "Organization" && actor.deleted_at == null ? actor : undefined;
}

/** Creates an organization; its creator (a local person) is its first admin. */
export async function createOrganization(services: Services, creator: ActorRow, input: NewOrganization): Promise<ActorRow> {
  if (creator.is_local !== 1 || creator.type !== "Person") throw new DomainError("forbidden", "Only people of this instance create organizations");
  const username = typeof input.username === "string" ? input.username.trim().replace(/^@/, "") : "";
  // Every problem at once, each on its field (the pages mark them; the API shows the sentences).
  const problems: { message: string; field: FieldProblem }[] = [
    ...(!username ? [{ message: "username is required", field: { field: "handle", reason: "required" } as const }] : []),
    ...(input.name != null && (typeof input.name !== "string" || input.name.length > 100)
      ? [{ message: "name must be a text of at most 100 characters", field: { field: "name", reason: "too_long", limit: 100 } as const }]
      : []),
    ...(input.summary != null && (typeof input.summary !== "string" || input.summary.length > 2000)
      ? [{ message: "summary must be a text of at most 2000 characters", field: { field: "summary", reason: "too_long", limit: 2000 } as const }]
      : []),
  ];
  if (problems.length > 0) throw new DomainError("invalid", problems.map((p) => p.message).join("; "), problems.map((p) => p.field));
  return services.db.transaction().execute(async (tx) => {
    const organization = await createLocalActor(tx, services.config.publicUrl, {
      username,
      type: "Organization",
      name: input.name?.trim() || null,
      summary: input.summary?.trim() || null,
    });
    await tx.insertInto("organization_members").values({ organization_id: organization.id, member_id: creator.id, role: "admin", created_at: isoNow() }).execute();
    return organization;
  });
}

export async function organizationRole(db: Db, memberId: string, organizationId: string): Promise<OrganizationRole | null> {
  const row = await db
    .selectFrom("organization_members")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("member_id", "=", memberId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** Whether a person may act for an organization (name it on a note, curate in its name): any member may. */
export async function canActFor(db: Db, memberId: string, organizationId: string): Promise<boolean> {
  return (await organizationRole(db, memberId, organizationId)) != null;
}

export async function isOrganizationAdmin(db: Db, memberId: string, organizationId: string): Promise<boolean> {
  return (await organizationRole(db, memberId, organizationId)) === "admin";
}

/** Live members, admins first, then by handle. */
export async function organizationMembers(db: Db, organizationId: string): Promise<OrganizationMember[]> {
  const rows = await db
    .selectFrom("organization_members")
    .innerJoin("actors", "actors.id", "organization_members.member_id")
    .selectAll("actors")
    .select(["organization_members.role", "organization_members.created_at as member_since"])
    .where("organization_members.organization_id", "=", organizationId)
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .execute();
  const members = rows.map(({ role, member_since, ...actor }) => ({ actor, role, since: member_since }));
  return [...members.filter((m) => m.role === "admin"), ...members.filter((m) => m.role !== "admin")];
}

/** Organizations a person belongs to, by name. */
export async function organizationsOf(db: Db, memberId: string): Promise<{ organization: ActorRow; role: OrganizationRole }[]> {
  const rows = await db
    .selectFrom("organization_members")
    .innerJoin("actors", "actors.id", "organization_members.organization_id")
    .selectAll("actors")
    .select("organization_members.role")
    .where("organization_members.member_id", "=", memberId)
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .execute();
  return rows.map(({ role, ...organization }) => ({ organization, role }));
}

/** Live local organizations by handle, keyset-paged on the handle key. */
export async function listOrganizations(db: Db, options: { limit: number; cursor?: string | null }): Promise<Page<{ organization: ActorRow; memberCount: number }>> {
  let query = db
    .selectFrom("actors")
    .selectAll("actors")
    .select((eb) =>
      eb
        .selectFrom("organization_members")
        .select(eb.fn.countAll().as("n"))
        .whereRef("organization_members.organization_id", "=", "actors.id")
        .as("member_count"),
    )
    .where("actors.is_local", "=", 1)
    .where("actors.type", "=", "Organization")
    .where("actors.deleted_at", "is", null)
    .orderBy("actors.username_key")
    .limit(options.limit + 1);
  if (options.cursor) query = query.where("actors.username_key", ">", options.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map(({ member_count, ...organization }) => ({ organization, memberCount: Number(member_count ?? 0) })),
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.username_key : null,
  };
}

async function requireAdmin(db: Db, actor: ActorRow, organization: ActorRow): Promise<void> {
  if (!(await isOrganizationAdmin(db, actor.id, organization.id))) throw new DomainError("forbidden", "Only the organization's admins may do this");
}

async function resolveMember(services: Services, handle: unknown): Promise<ActorRow> {
  if (typeof handle !== "string" || !handle.trim()) throw new DomainError("invalid", 'Give "member": the handle of a person of this instance');
  const actor = await services.directory.resolve(handle.trim());
  if (!actor) throw new DomainError("not_found", `Nobody found for ${handle}`);
  if (actor.is_local !== 1 || actor.type !== "Person" || actor.deleted_at != null) throw new DomainError("invalid", "Members are people of this instance");
  return actor;
}

/** Adds a member, or changes a member's role; an organization keeps at least one admin. */
export async function addMember(
  services: Services,
  admin: ActorRow,
  organization: ActorRow,
  handle: unknown,
  role: unknown = "member",
): Promise<{ member: OrganizationMember; created: boolean }> {
  await requireAdmin(services.db, admin, organization);
  if (!isOrganizationRole(role)) throw new DomainError("invalid", 'role must be "admin" or "member"');
  const person = await resolveMember(services, handle);
  const created = await services.db.transaction().execute(async (tx) => {
    const current = await organizationRole(tx, person.id, organization.id);
    if (current == null) {
      await tx.insertInto("organization_members").values({ organization_id: organization.id, member_id: person.id, role, created_at: isoNow() }).execute();
      return true;
    }
    if (current === "admin" && role === "member") await keepAnAdmin(tx, organization.id, person.id);
    await tx.updateTable("organization_members").set({ role }).where("organization_id", "=", organization.id).where("member_id", "=", person.id).execute();
    return false;
  });
  const member = (await organizationMembers(services.db, organization.id)).find((m) => m.actor.id === person.id)!;
  return { member, created };
}

async function keepAnAdmin(db: Db, organizationId: string, leavingId: string): Promise<void> {
  const others = await db
    .selectFrom("organization_members")
    .innerJoin("actors", "actors.id", "organization_members.member_id")
    .select("member_id")
    .where("organization_id", "=", organizationId)
    .where("role", "=", "admin")
    .where("member_id", "!=", leavingId)
    .where("actors.deleted_at", "is", null)
    .executeTakeFirst();
  if (!others) throw new DomainError("conflict", "An organization keeps at least one admin");
}

/** Admins remove members; anyone may leave. The last admin stays. */
export async function removeMember(services: Services, actor: ActorRow, organization: ActorRow, handle: unknown): Promise<void> {
  const person = await resolveMember(services, handle);
  if (person.id !== actor.id) await requireAdmin(services.db, actor, organization);
  await services.db.transaction().execute(async (tx) => {
    const role = await organizationRole(tx, person.id, organization.id);
    if (role == null) throw new DomainError("not_found", "Not a member of this organization");
    if (role === "admin") await keepAnAdmin(tx, organization.id, person.id);
    await tx.deleteFrom("organization_members").where("organization_id", "=", organization.id).where("member_id", "=", person.id).execute();
  });
}

/** Admins edit the organization's public profile; followers receive an Update. */
export async function updateOrganizationProfile(services: Services, admin: ActorRow, organization: ActorRow, change: ProfileChange): Promise<ActorRow> {
  await requireAdmin(services.db, admin, organization);
  return services.db.transaction().execute(async (tx) => {
    const updated = await updateLocalProfile(tx, organization, change);
    await services.outbox.send({ type: "profile-updated", actorId: organization.id }, tx);
    return updated;
  });
}
