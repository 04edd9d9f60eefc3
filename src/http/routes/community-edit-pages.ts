// Editing a community from the pages (its moderators only, 403 page for
// anyone else): the same parseCommunityChange and updateCommunity as the
// API's PATCH, so the Group's followers receive the same Update. A refusal
// shows the form again with what was typed and each field marked.
import { Hono, type Context } from "hono";
import type { Community } from "../../domain/communities.ts";
import { parseCommunityChange, updateCommunity } from "../../domain/community-moderation.ts";
import { DomainError } from "../../domain/errors.ts";
import { interestSuggestions } from "../../domain/interests.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { fieldErrorsOf, type FieldMap } from "../field-errors.ts";
import { commaList, field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { communityPath } from "../views/communities-index.ts";
import { communityEditPage, type CommunityEditForm } from "../views/community-edit.ts";
import type { FieldError } from "../views/form-errors.ts";
import { viewContext } from "../views/layout.ts";
import { moderatedCommunity } from "./community-moderation-pages.ts";

/** The change's keys (parseCommunityChange) as the form's fields and labels. */
const EDIT_FIELDS: FieldMap = {
  name: { field: "name", label: "communities.formName" },
  summary: { field: "summary", label: "communities.formSummary" },
  iconUrl: { field: "iconUrl", label: "edit.icon" },
  rules: { field: "rules", label: "communities.formRules" },
  languages: { field: "languages", label: "communities.formLanguages" },
  topics: { field: "topics", label: "communities.formTopics" },
  region: { field: "region", label: "settings.region" },
  labelVoteThreshold: { field: "labelVoteThreshold", label: "communities.editLabelVotes" },
};

function formOf(community: Community): CommunityEditForm {
  const { actor, settings } = community;
  const list = (json: string): string => (JSON.parse(json) as string[]).join(", ");
  return {
    name: actor.name ?? "",
    summary: actor.summary ?? "",
    iconUrl: actor.icon_url ?? "",
    rules: settings.rules ?? "",
    languages: list(settings.languages),
    topics: list(settings.topics),
    region: actor.region ?? "",
    postingRestrictedToMods: settings.posting_restricted_to_mods === 1,
    labelVoteThreshold: settings.label_vote_threshold == null ? "" : String(settings.label_vote_threshold),
  };
}

function formFrom(body: Record<string, unknown>): CommunityEditForm {
  const text = (name: string) => field(body, name).replace(/\r\n?/g, "\n").trim();
  return {
    name: text("name"),
    summary: text("summary"),
    iconUrl: text("iconUrl"),
    rules: text("rules"),
    languages: field(body, "languages"),
    topics: field(body, "topics"),
    region: field(body, "region"),
    postingRestrictedToMods: field(body, "postingRestrictedToMods") === "1",
    labelVoteThreshold: text("labelVoteThreshold"),
  };
}

/** The form as the API's JSON body: every key present, so the form says the whole community. */
function changeInput(form: CommunityEditForm): Record<string, unknown> {
  const threshold = form.labelVoteThreshold;
  return {
    name: form.name,
    summary: form.summary,
    iconUrl: form.iconUrl,
    rules: form.rules,
    languages: commaList(form.languages).map((code) => code.toLowerCase()),
    topics: commaList(form.topics),
    region: form.region,
    postingRestrictedToMods: form.postingRestrictedToMods,
    // Typed text that is not a whole number goes through as it is, for the domain to refuse.
    labelVoteThreshold: threshold === "" ? null : /^\d+$/.test(threshold) ? Number(threshold) : threshold,
  };
}

async function render(c: Context<AppEnv>, community: Community, form: CommunityEditForm, errors: readonly FieldError[], status: 200 | 400 = 200) {
  const suggestions = await interestSuggestions(c.get("services").db);
  return c.html(communityEditPage(viewContext(c), { community, form, errors, suggestions }), status);
}

export function communityEditPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/c/:handle/edit", requireSignIn, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    return render(c, community, formOf(community), []);
  });

  app.post("/c/:handle/edit", requireSignIn, csrfProtection, async (c) => {
    const community = await moderatedCommunity(c);
    if (community instanceof Response) return community;
    const form = formFrom(await c.req.parseBody());
    try {
      await updateCommunity(c.get("services"), signedInUser(c).actor, community, parseCommunityChange(changeInput(form)));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "invalid") throw error;
      return render(c, community, form, fieldErrorsOf(viewContext(c), error.fields, EDIT_FIELDS, "name"), 400);
    }
    return c.redirect(`${communityPath(community)}?done=updated`, 303);
  });

  return app;
}
