// Editing an organization from the pages (its admins only, 403 page for
// anyone else): the same updateOrganizationProfile as the API's PATCH, so
// its followers receive the same Update. A refusal shows the form again with
// what was typed and each field marked.
import { Hono, type Context } from "hono";
import { checkProfileChange, profileFields, type ActorRow, type ProfileChange } from "../../domain/actors.ts";
import { DomainError, type FieldProblem } from "../../domain/errors.ts";
import { interestSuggestions } from "../../domain/interests.ts";
import { findLocalOrganization, isOrganizationAdmin, updateOrganizationProfile } from "../../domain/organizations.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { fieldErrorsOf, type FieldMap } from "../field-errors.ts";
import { commaList, field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import type { FieldError } from "../views/form-errors.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { organizationEditPage, organizationPath, type OrganizationEditForm } from "../views/organization-edit.ts";
import { parseLinks } from "./settings.ts";

const EDIT_FIELDS: FieldMap = {
  name: { field: "name", label: "writing.organizationName" },
  summary: { field: "summary", label: "writing.organizationSummary" },
  iconUrl: { field: "iconUrl", label: "edit.icon" },
  interests: { field: "interests", label: "settings.interests" },
  region: { field: "region", label: "settings.region" },
  links: { field: "links", label: "settings.links" },
};

function formOf(organization: ActorRow): OrganizationEditForm {
  const fields = profileFields(organization);
  return {
    name: organization.name ?? "",
    summary: organization.summary ?? "",
    iconUrl: organization.icon_url ?? "",
    interests: fields.interests.join(", "),
    region: fields.region ?? "",
    links: fields.links.map((link) => (link.name ? `${link.name} | ${link.url}` : link.url)).join("\n"),
  };
}

function formFrom(body: Record<string, unknown>): OrganizationEditForm {
  const text = (name: string) => field(body, name).replace(/\r\n?/g, "\n").trim();
  return { name: text("name"), summary: text("summary"), iconUrl: text("iconUrl"), interests: field(body, "interests"), region: field(body, "region"), links: text("links") };
}

/** The form as a profile change, with every problem found (links here, the rest by the domain's own check). */
function changeFrom(form: OrganizationEditForm): { change: ProfileChange; problems: FieldProblem[] } {
  const links = parseLinks(form.links);
  const change: ProfileChange = {
    name: form.name || null,
    summary: form.summary || null,
    iconUrl: form.iconUrl || null,
    fields: { interests: [...new Set(commaList(form.interests))], region: form.region || null, links: "badLine" in links ? [] : links.links },
  };
  const problems = [...checkProfileChange(change).fields];
  if ("badLine" in links) problems.push({ field: "links", reason: "not_url", value: form.links.split("\n")[links.badLine - 1]?.trim() ?? "" });
  return { change, problems };
}

async function render(c: Context<AppEnv>, organization: ActorRow, form: OrganizationEditForm, errors: readonly FieldError[], status: 200 | 400 = 200) {
  const suggestions = await interestSuggestions(c.get("services").db);
  return c.html(organizationEditPage(viewContext(c), { organization, form, errors, suggestions }), status);
}

/** The organization at `:handle` when the signed-in person administers it; otherwise the 404 or 403 page. */
async function administeredOrganization(c: Context<AppEnv>): Promise<ActorRow | Response> {
  const { db, config } = c.get("services");
  const organization = await findLocalOrganization(db, config.publicUrl, c.req.param("handle") ?? "");
  if (!organization) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
  if (!(await isOrganizationAdmin(db, signedInUser(c).actor.id, organization.id))) {
    return c.html(renderMessagePage(c, { title: "organization.forbiddenTitle", body: "organization.forbiddenBody" }), 403);
  }
  return organization;
}

export function organizationEditPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/organizations/:handle/edit", requireSignIn, async (c) => {
    const organization = await administeredOrganization(c);
    if (organization instanceof Response) return organization;
    return render(c, organization, formOf(organization), []);
  });

  app.post("/organizations/:handle/edit", requireSignIn, csrfProtection, async (c) => {
    const organization = await administeredOrganization(c);
    if (organization instanceof Response) return organization;
    const form = formFrom(await c.req.parseBody());
    const v = viewContext(c);
    const { change, problems } = changeFrom(form);
    if (problems.length > 0) return render(c, organization, form, fieldErrorsOf(v, problems, EDIT_FIELDS, "name"), 400);
    try {
      await updateOrganizationProfile(c.get("services"), signedInUser(c).actor, organization, change);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "invalid") throw error;
      return render(c, organization, form, fieldErrorsOf(v, error.fields, EDIT_FIELDS, "name"), 400);
    }
    return c.redirect(`${organizationPath(organization)}?saved=updated`, 303);
  });

  return app;
}
