// The signed-in person's settings pages. Profile changes go through the
// domain (which federates an Update); the password change and the deletion
// ask for the current password, throttled like sign-in.
import { Hono, type Context } from "hono";
import { findUser, setPassword, MAX_PASSWORD_LENGTH } from "../../domain/accounts.ts";
import { deleteLocalAccount } from "../../domain/account-deletion.ts";
import { listApiTokens, revokeApiToken, revokeApiTokens } from "../../domain/api-tokens.ts";
import { profileFields, type ActorRow, type ProfileChange } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { interestSuggestions } from "../../domain/interests.ts";
import { validCoordinates, type Coordinates } from "../../domain/regions.ts";
import { changeProfile } from "../../domain/following.ts";
import { verifyPassword } from "../../domain/passwords.ts";
import { changePrivacyChoices, privacyChangeFrom, privacyChoicesOf } from "../../domain/privacy-choices.ts";
import { privacySettingsPage } from "../views/privacy-settings.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field, newPasswordRefusal } from "../forms.ts";
import { endSession, requireSignIn, signedInUser, startSession } from "../sessions.ts";
import { attemptOf, passwordThrottle, throttledMessage } from "../throttle.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { accountSettingsPage, profileSettingsPage, type AccountSettings, type ProfileForm } from "../views/settings.ts";
import { refusalText } from "../refusal-text.ts";

function formOf(actor: ActorRow): ProfileForm {
  const fields = profileFields(actor);
  return {
    name: actor.name ?? "",
    summary: actor.summary ?? "",
    interests: fields.interests.join(", "),
    region: fields.region ?? "",
    standpoint: fields.standpoint ?? "",
    links: fields.links.map((link) => (link.name ? `${link.name} | ${link.url}` : link.url)).join("\n"),
    locked: actor.manually_approves_followers === 1,
    latitude: actor.latitude == null ? "" : String(actor.latitude),
    longitude: actor.longitude == null ? "" : String(actor.longitude),
  };
}

function formFrom(body: Record<string, unknown>): ProfileForm {
  return {
    name: field(body, "name"),
    summary: field(body, "summary"),
    interests: field(body, "interests"),
    region: field(body, "region"),
    standpoint: field(body, "standpoint"),
    links: field(body, "links"),
    locked: field(body, "locked") !== "",
    latitude: field(body, "latitude"),
    longitude: field(body, "longitude"),
  };
}

/** `Name | https://…`, `Name https://…` or a bare URL per line; the number of the first line without a URL. */
export function parseLinks(text: string): { links: { name: string; url: string }[] } | { badLine: number } {
  const links: { name: string; url: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const match = /^(.*?)\s*(https?:\/\/\S+)\s*$/i.exec(line.trim());
    if (!match || !URL.canParse(match[2]!)) return { badLine: index + 1 };
    links.push({ name: match[1]!.replace(/[\s|:–—-]+$/u, "").trim(), url: match[2]! });
  }
  return { links };
}

function orNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed ? trimmed : null;
}

/** Both coordinates or neither, as decimal degrees (a comma is read as the decimal point); undefined when unreadable. */
export function coordinatesFrom(latitude: string, longitude: string): Coordinates | null | undefined {
  if (!latitude.trim() && !longitude.trim()) return null;
  const point = { latitude: Number(latitude.trim().replace(",", ".")), longitude: Number(longitude.trim().replace(",", ".")) };
  return latitude.trim() && longitude.trim() && validCoordinates(point) ? point : undefined;
}

function changeFrom(form: ProfileForm): ProfileChange | { badLine: number } | { badCoordinates: true } {
  const links = parseLinks(form.links);
  if ("badLine" in links) return links;
  const coordinates = coordinatesFrom(form.latitude, form.longitude);
  if (coordinates === undefined) return { badCoordinates: true };
  const interests = [...new Set(form.interests.split(",").map((tag) => tag.trim()).filter(Boolean))];
  return {
    name: orNull(form.name),
    // Line breaks are kept: the profile shows them.
    summary: orNull(form.summary.replace(/\r\n/g, "\n")),
    fields: { interests, region: orNull(form.region), standpoint: orNull(form.standpoint), links: links.links },
    manuallyApprovesFollowers: form.locked,
    coordinates,
  };
}

/**
 * Checks the signed-in person's password for a sensitive change. Null when
 * it matches; otherwise the translated reason and status to answer with.
 */
async function passwordRefusal(c: Context<AppEnv>, password: string): Promise<{ message: string; status: 400 | 429 } | null> {
  const services = c.get("services");
  const actor = signedInUser(c).actor;
  const v = viewContext(c);
  const throttle = passwordThrottle(services);
  const attempt = attemptOf(c, actor.username);
  const wait = await throttle.retryAfter(attempt);
  if (wait > 0) {
    c.header("Retry-After", String(wait));
    return { message: throttledMessage(v, wait), status: 429 };
  }
  const account = await findUser(services.db, actor.id);
  if (account && password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, account.user.password_hash))) return null;
  await throttle.recordFailure(attempt);
  return { message: v.t("settings.wrongPassword"), status: 400 };
}

/** The account page, with the person's API tokens. */
async function accountPage(c: Context<AppEnv>, page: Omit<AccountSettings, "tokens">, status: 200 | 400 | 429 = 200): Promise<Response> {
  const tokens = await listApiTokens(c.get("services").db, signedInUser(c).actor.id);
  return c.html(accountSettingsPage(viewContext(c), { ...page, tokens }), status);
}

export function settingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/settings", requireSignIn);
  app.use("/settings/*", requireSignIn);

  app.get("/settings", (c) => c.redirect("/settings/profile", 303));

  app.get("/settings/profile", async (c) => {
    const actor = signedInUser(c).actor;
    const suggestions = await interestSuggestions(c.get("services").db);
    return c.html(profileSettingsPage(viewContext(c), { form: formOf(actor), saved: c.req.query("saved") != null, error: null, suggestions }));
  });

  app.post("/settings/profile", csrfProtection, async (c) => {
    const actor = signedInUser(c).actor;
    const form = formFrom(await c.req.parseBody());
    const v = viewContext(c);
    const change = changeFrom(form);
    if ("badLine" in change) {
      return c.html(profileSettingsPage(v, { form, saved: false, error: v.t("settings.linkLineInvalid", { line: change.badLine }) }), 400);
    }
    if ("badCoordinates" in change) return c.html(profileSettingsPage(v, { form, saved: false, error: v.t("interests.coordinatesInvalid") }), 400);
    try {
      await changeProfile(c.get("services"), actor, change);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "invalid") throw error;
      return c.html(profileSettingsPage(v, { form, saved: false, error: v.t("settings.invalid", { problem: refusalText(v, error) }) }), 400);
    }
    return c.redirect("/settings/profile?saved", 303);
  });

  app.get("/settings/privacy", async (c) => {
    const choices = await privacyChoicesOf(c.get("services").db, signedInUser(c).actor.id);
    if (!choices) return c.notFound();
    return c.html(privacySettingsPage(viewContext(c), { choices, saved: c.req.query("saved") != null }));
  });

  app.post("/settings/privacy", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    // A checkbox left unticked is absent from the form: every choice is given.
    const change = privacyChangeFrom({
      discoverable: field(body, "discoverable") !== "",
      indexable: field(body, "indexable") !== "",
      searchEngines: field(body, "searchEngines") !== "",
      profileDetailsPublic: field(body, "profileDetailsPublic") !== "",
      ...(field(body, "defaultVisibility") ? { defaultVisibility: field(body, "defaultVisibility") } : {}),
    });
    await changePrivacyChoices(c.get("services"), signedInUser(c).actor, change);
    return c.redirect("/settings/privacy?saved", 303);
  });

  app.get("/settings/account", (c) => {
    const revoked = Number(c.req.query("revoked") ?? 0);
    return accountPage(c, { passwordChanged: c.req.query("changed") != null, tokensRevoked: Number.isSafeInteger(revoked) ? revoked : 0, passwordError: null, deleteError: null });
  });

  app.post("/settings/password", csrfProtection, async (c) => {
    const actor = signedInUser(c).actor;
    const body = await c.req.parseBody();
    const v = viewContext(c);
    const refused = await passwordRefusal(c, field(body, "current"));
    if (refused) return accountPage(c, { passwordChanged: false, passwordError: refused.message, deleteError: null }, refused.status);
    const password = field(body, "password");
    const problem = newPasswordRefusal(v, password);
    if (problem) return accountPage(c, { passwordChanged: false, passwordError: problem, deleteError: null }, 400);
    const { db } = c.get("services");
    // Signs every browser out, this one included: then sign this one back in.
    await setPassword(db, actor.id, password);
    // Offered checked: whoever knew the old password may have made tokens with it.
    const revoked = field(body, "revoke_tokens") !== "" ? await revokeApiTokens(db, actor.id) : 0;
    await startSession(c, actor.id);
    return c.redirect(`/settings/account?changed${revoked > 0 ? `&revoked=${revoked}` : ""}`, 303);
  });

  app.post("/settings/tokens/:id/revoke", csrfProtection, async (c) => {
    if (!(await revokeApiToken(c.get("services").db, signedInUser(c).actor.id, c.req.param("id")))) return c.notFound();
    return c.redirect("/settings/account?revoked=1#tokens", 303);
  });

  app.post("/settings/delete", csrfProtection, async (c) => {
    const actor = signedInUser(c).actor;
    const body = await c.req.parseBody();
    const refused = await passwordRefusal(c, field(body, "password"));
    if (refused) {
      return accountPage(c, { passwordChanged: false, passwordError: null, deleteError: refused.message }, refused.status);
    }
    await deleteLocalAccount(c.get("services"), actor, { keepLicensedNotes: field(body, "keep_licensed_notes") !== "" });
    await endSession(c);
    return c.html(renderMessagePage(c, { title: "settings.deletedTitle", body: "settings.deletedBody" }));
  });

  return app;
}
