// Organizations in the JSON API (docs/API-knowledge.md). Reads need no
// identity; the domain checks who may change what (admins of the
// organization), and federates profile changes.
import { Hono, type Context } from "hono";
import type { ActorRow, ProfileChange } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  addMember,
  createOrganization,
  findLocalOrganization,
  listOrganizations,
  organizationMembers,
  removeMember,
  updateOrganizationProfile,
  type OrganizationMember,
} from "../../domain/organizations.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";
import { optionalText, profileChangeFromJson } from "./profile-change.ts";

export function memberJson(member: OrganizationMember) {
  return { role: member.role, since: member.since, actor: actorJson(member.actor) };
}

async function organizationJson(c: Context<AppEnv>, organization: ActorRow) {
  return { ...actorJson(organization), members: (await organizationMembers(c.get("services").db, organization.id)).map(memberJson) };
}

async function organizationOf(c: Context<AppEnv>): Promise<ActorRow> {
  const { db, config } = c.get("services");
  const organization = await findLocalOrganization(db, config.publicUrl, c.req.param("handle") ?? "");
  if (!organization) throw new DomainError("not_found", "No such organization on this instance");
  return organization;
}

export function organizationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/organizations", async (c) => {
    const body = await jsonBody(c);
    const organization = await createOrganization(c.get("services"), currentUser(c).actor, {
      username: typeof body.username === "string" ? body.username : "",
      name: optionalText(body, "name"),
      summary: optionalText(body, "summary"),
    });
    return c.json(await organizationJson(c, organization), 201);
  });

  app.get("/organizations", async (c) => {
    const limit = Number(c.req.query("limit") ?? 40);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError("invalid", "limit must be an integer from 1 to 200");
    const page = await listOrganizations(c.get("services").db, { limit, cursor: c.req.query("cursor") ?? null });
    return c.json({ items: page.items.map(({ organization, memberCount }) => ({ ...actorJson(organization), memberCount })), nextCursor: page.nextCursor });
  });

  app.get("/organizations/:handle", async (c) => c.json(await organizationJson(c, await organizationOf(c))));

  app.patch("/organizations/:handle", async (c) => {
    const organization = await organizationOf(c);
    const change = profileChangeFromJson(await jsonBody(c));
    const updated = await updateOrganizationProfile(c.get("services"), currentUser(c).actor, organization, change);
    return c.json(await organizationJson(c, updated));
  });

  app.post("/organizations/:handle/members", async (c) => {
    const organization = await organizationOf(c);
    const body = await jsonBody(c);
    const { member, created } = await addMember(c.get("services"), currentUser(c).actor, organization, body.member, body.role ?? "member");
    return c.json(memberJson(member), created ? 201 : 200);
  });

  app.delete("/organizations/:handle/members", async (c) => {
    const organization = await organizationOf(c);
    const member = c.req.query("member") ?? (await jsonBody(c)).member;
    await removeMember(c.get("services"), currentUser(c).actor, organization, member);
    return c.body(null, 204);
  });

  return app;
}
