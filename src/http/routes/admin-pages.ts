// The administrators' area (/admin): every capability of the admin API
// (docs/API.md: federation policy, limits and blocks, purge, sisters, queue,
// account suspension and deletion) as a page control, plus invitations.
// Administrators only (a 403 page for anyone else signed in). Each action is
// a CSRF-protected form POST that returns with a saved notice; destructive
// ones (block, purge, disconnect, revoke, suspend, delete) ask first
// (views/confirm.ts). The domain does the work and queues any federation.
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { findUserByHandle } from "../../domain/accounts.ts";
import { deleteLocalAccount } from "../../domain/account-deletion.ts";
import { DomainError, HTTP_STATUS, type ProblemCode } from "../../domain/errors.ts";
import { currentPolicy, parseHost, parseHostList, policyChanges, setPolicy } from "../../domain/federation-policy.ts";
import { createInvitation, INVITATION_DEFAULTS, listValidInvitations, revokeInvitation, type NewInvitation } from "../../domain/invitations.ts";
import { listModerationPolicies, purgeInstance, setAccountPolicy, setInstancePolicy } from "../../domain/moderation-policies.ts";
import { connectSister, disconnectSister, listNetwork, syncSisterNow } from "../../domain/network.ts";
import { findLocalAccountActor, listSuspendedAccounts, suspendAccount, unsuspendAccount } from "../../domain/suspensions.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field, protectSecretPage } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { EMPTY_ACCOUNT_FORMS, adminAccountsPage, type AccountForms } from "../views/admin-accounts.ts";
import { EMPTY_LIMIT_FORM, adminFederationPage, adminSistersPage, policyFormOf, type LimitForm, type PolicyForm } from "../views/admin-federation.ts";
import { NO_STATUS, adminOverviewPage, adminQueuePage, adminSettingsPage, type AdminStatus } from "../views/admin.ts";
import { confirmPage } from "../views/confirm.ts";
import { viewContext, type ViewContext } from "../views/layout.ts";
import { renderMessagePage, type PlainKey } from "../views/message.ts";

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415;

/** Signed in and an administrator; anyone else signed in gets the 403 page. */
const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!signedInUser(c).isAdmin) return c.html(renderMessagePage(c, { title: "admin.forbiddenTitle", body: "admin.forbiddenBody" }), 403);
  c.header("Cache-Control", "private");
  return next();
};

/** The saved notice after each action (`?done=`): only these keys are read from the address. */
const DONE: Record<string, PlainKey> = {
  "invitation-revoked": "admin.done.invitationRevoked",
  policy: "admin.done.policy",
  limit: "admin.done.limit",
  "sister-connected": "admin.done.sisterConnected",
  "sister-synced": "admin.done.sisterSynced",
  "sister-disconnected": "admin.done.sisterDisconnected",
  suspended: "admin.done.suspended",
  unsuspended: "admin.done.unsuspended",
  deleted: "admin.done.deleted",
};

type Action = "invitation" | "policy" | "limit" | "purge" | "sister" | "suspend" | "unsuspend" | "delete";

/** Why the domain refused, in the page's language (its own messages are the API's, in English). */
const PROBLEMS: Record<Action, Partial<Record<ProblemCode, PlainKey>>> = {
  invitation: { invalid: "admin.problem.invitationLimits", not_found: "admin.problem.noInvitation" },
  policy: { invalid: "admin.problem.policy" },
  limit: { invalid: "admin.problem.limit", not_found: "admin.problem.nobody" },
  purge: { conflict: "admin.problem.purgeNotBlocked", invalid: "admin.problem.limit" },
  sister: { invalid: "admin.problem.sisterHost", forbidden: "admin.problem.sisterRefused", not_found: "admin.problem.sisterNotFound" },
  suspend: { not_found: "admin.problem.noAccount", conflict: "admin.problem.suspendAdmin", invalid: "admin.problem.suspendInvalid" },
  unsuspend: { not_found: "admin.problem.notSuspended" },
  delete: { not_found: "admin.problem.noAccount", invalid: "admin.problem.deleteInvalid" },
};

function problemOf(v: ViewContext, action: Action, error: unknown): { text: string; status: Status } {
  if (!(error instanceof DomainError)) throw error;
  return { text: v.t(PROBLEMS[action][error.code] ?? "admin.problem.generic"), status: HTTP_STATUS[error.code] };
}

function statusOf(c: Context<AppEnv>, problem: string | null = null): AdminStatus {
  const done = c.req.query("done");
  return { notice: done && DONE[done] ? viewContext(c).t(DONE[done]) : null, problem };
}

function done(c: Context<AppEnv>, path: string, key: keyof typeof DONE & string): Response {
  return c.redirect(`${path}?done=${key}`, 303);
}

/** The first step of a destructive action: what it does, then the real POST with the same fields. */
function confirm(c: Context<AppEnv>, title: string, keys: { body: PlainKey; submit: PlainKey }, cancel: string, fields: Record<string, string>) {
  const v = viewContext(c);
  return c.html(confirmPage(v, { title, consequences: v.t(keys.body), action: c.req.path, submit: v.t(keys.submit), cancel, fields: { ...fields, confirmed: "1" } }));
}

// ---------------------------------------------------------------------------
// Pages, rendered again with the problem when an action is refused.

async function settingsPage(c: Context<AppEnv>, status: AdminStatus, extra: { created?: NewInvitation | null; form?: { uses: string; days: string } } = {}, code: Status = 200) {
  const invitations = await listValidInvitations(c.get("services").db);
  const form = extra.form ?? { uses: String(INVITATION_DEFAULTS.uses), days: String(INVITATION_DEFAULTS.days) };
  return c.html(adminSettingsPage(viewContext(c), status, { invitations, created: extra.created ?? null, form }), code);
}

async function federationPage(c: Context<AppEnv>, status: AdminStatus, forms: { policy?: PolicyForm; limit?: LimitForm } = {}, code: Status = 200) {
  const { db } = c.get("services");
  const [policy, changes, policies] = await Promise.all([currentPolicy(db), policyChanges(db, 10), listModerationPolicies(db)]);
  return c.html(adminFederationPage(viewContext(c), status, { form: forms.policy ?? policyFormOf(policy), changes, policies, limitForm: forms.limit ?? EMPTY_LIMIT_FORM }), code);
}

async function sistersPage(c: Context<AppEnv>, status: AdminStatus, host = "", code: Status = 200) {
  const entries = await listNetwork(c.get("services"), { isAdmin: true });
  return c.html(adminSistersPage(viewContext(c), status, { sisters: entries.filter((e) => e.sister != null), host }), code);
}

async function accountsPage(c: Context<AppEnv>, status: AdminStatus, forms: AccountForms = EMPTY_ACCOUNT_FORMS, code: Status = 200) {
  const suspended = await listSuspendedAccounts(c.get("services").db);
  return c.html(adminAccountsPage(viewContext(c), status, { suspended, forms }), code);
}

/** A host list typed one per line (or separated by commas or spaces). */
function hostLines(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
}

/** An account is named by a handle or an actor URL; anything else is an instance's host. */
function looksLikeAccount(target: string): boolean {
  return target.startsWith("@") || target.includes("/");
}

export function adminPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin", requireSignIn, requireAdmin);
  app.use("/admin/*", requireSignIn, requireAdmin);

  app.get("/admin", async (c) => {
    const services = c.get("services");
    const { db } = services;
    const [reports, suspended, invitations, policy, network, health] = await Promise.all([
      db.selectFrom("reports").select((eb) => eb.fn.countAll().as("n")).where("status", "=", "open").executeTakeFirstOrThrow(),
      listSuspendedAccounts(db),
      listValidInvitations(db),
      currentPolicy(db),
      listNetwork(services, { isAdmin: true }),
      services.queueHealth?.read() ?? null,
    ]);
    return c.html(
      adminOverviewPage(viewContext(c), {
        openReports: Number(reports.n),
        suspendedAccounts: suspended.length,
        validInvitations: invitations.length,
        policyMode: policy.mode,
        blockedInstances: policy.blocked.length,
        sisters: network.filter((e) => e.sister?.connected).length,
        queue: health ? { queued: health.queued, openCircuits: health.circuits.filter((h) => h.state !== "closed").length } : null,
      }),
    );
  });

  // --- Settings and invitations.

  app.get("/admin/settings", (c) => settingsPage(c, statusOf(c)));

  app.post("/admin/invitations", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const form = { uses: field(body, "uses").trim(), days: field(body, "days").trim() };
    const v = viewContext(c);
    try {
      const created = await createInvitation(c.get("services").db, c.get("services").config.publicUrl, { uses: Number(form.uses || NaN), days: Number(form.days || NaN) });
      // The link is the secret: shown once, never cached, never sent as a referrer.
      protectSecretPage(c);
      return settingsPage(c, NO_STATUS, { created });
    } catch (error) {
      const { text, status } = problemOf(v, "invitation", error);
      return settingsPage(c, { notice: null, problem: text }, { form }, status);
    }
  });

  app.post("/admin/invitations/:id/revoke", csrfProtection, async (c) => {
    if (field(await c.req.parseBody(), "confirmed") !== "1") {
      return confirm(c, viewContext(c).t("admin.invitations.revokeTitle"), { body: "admin.invitations.revokeBody", submit: "admin.invitations.revokeSubmit" }, "/admin/settings#invitations", {});
    }
    try {
      await revokeInvitation(c.get("services").db, c.req.param("id"));
    } catch (error) {
      const { text, status } = problemOf(viewContext(c), "invitation", error);
      return settingsPage(c, { notice: null, problem: text }, {}, status);
    }
    return done(c, "/admin/settings", "invitation-revoked");
  });

  // --- Federation policy, limits and blocks, purge.

  app.get("/admin/federation", (c) => federationPage(c, statusOf(c)));

  app.post("/admin/federation/policy", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const form: PolicyForm = { mode: field(body, "mode"), blocked: field(body, "blocked"), allowed: field(body, "allowed") };
    const v = viewContext(c);
    const typed = [...hostLines(form.blocked), ...hostLines(form.allowed)];
    const { invalid } = parseHostList(typed);
    if (invalid.length > 0) return federationPage(c, { notice: null, problem: v.t("admin.problem.notHosts", { hosts: invalid.slice(0, 5).join(", ") }) }, { policy: form }, 400);
    try {
      await setPolicy(c.get("services"), signedInUser(c), { mode: form.mode, blockedInstances: hostLines(form.blocked), allowedInstances: hostLines(form.allowed) });
    } catch (error) {
      const { text, status } = problemOf(v, "policy", error);
      return federationPage(c, { notice: null, problem: text }, { policy: form }, status);
    }
    return done(c, "/admin/federation", "policy");
  });

  app.post("/admin/federation/limits", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const form: LimitForm = { target: field(body, "target").trim().slice(0, 500), policy: field(body, "policy"), reason: field(body, "reason").trim() };
    const kind = field(body, "kind") || (looksLikeAccount(form.target) ? "account" : "instance");
    const v = viewContext(c);
    if (!form.target) return federationPage(c, { notice: null, problem: v.t("admin.problem.targetRequired") }, { limit: form }, 400);
    if (form.policy === "block" && field(body, "confirmed") !== "1") {
      return confirm(
        c,
        v.t("admin.limits.blockTitle", { target: form.target }),
        { body: kind === "account" ? "admin.limits.blockAccountBody" : "admin.limits.blockInstanceBody", submit: "admin.limits.blockSubmit" },
        "/admin/federation#limits",
        { target: form.target, kind, policy: form.policy, reason: form.reason },
      );
    }
    const services = c.get("services");
    try {
      if (kind === "account") {
        const actor = await services.directory.resolve(form.target);
        if (!actor || actor.deleted_at != null) throw new DomainError("not_found", "Nobody found");
        await setAccountPolicy(services, signedInUser(c), actor, { policy: form.policy, reason: form.reason || null });
      } else {
        await setInstancePolicy(services, signedInUser(c), form.target, { policy: form.policy, reason: form.reason || null });
      }
    } catch (error) {
      const { text, status } = problemOf(v, "limit", error);
      return federationPage(c, { notice: null, problem: text }, { limit: form }, status);
    }
    return done(c, "/admin/federation", "limit");
  });

  app.post("/admin/federation/purge", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const host = field(body, "host").trim();
    const v = viewContext(c);
    if (field(body, "confirmed") !== "1") {
      return confirm(c, v.t("admin.limits.purgeTitle", { host: parseHost(host) ?? host }), { body: "admin.limits.purgeBody", submit: "admin.limits.purgeSubmit" }, "/admin/federation#limits", { host });
    }
    try {
      const result = await purgeInstance(c.get("services"), signedInUser(c), host);
      return federationPage(c, { notice: v.t("admin.done.purged", { host: result.host, notes: result.notes, reactions: result.reactions, follows: result.follows }), problem: null });
    } catch (error) {
      const { text, status } = problemOf(v, "purge", error);
      return federationPage(c, { notice: null, problem: text }, {}, status);
    }
  });

  // --- Sister instances.

  app.get("/admin/sisters", (c) => sistersPage(c, statusOf(c)));

  app.post("/admin/sisters", csrfProtection, async (c) => {
    const host = field(await c.req.parseBody(), "host").trim().slice(0, 300);
    try {
      await connectSister(c.get("services"), signedInUser(c), host);
    } catch (error) {
      const { text, status } = problemOf(viewContext(c), "sister", error);
      return sistersPage(c, { notice: null, problem: text }, host, status);
    }
    return done(c, "/admin/sisters", "sister-connected");
  });

  app.post("/admin/sisters/:host/sync", csrfProtection, async (c) => {
    try {
      if ((await syncSisterNow(c.get("services"), signedInUser(c), c.req.param("host"))) == null) throw new DomainError("not_found", "outbox unreadable");
    } catch (error) {
      const { text, status } = problemOf(viewContext(c), "sister", error);
      return sistersPage(c, { notice: null, problem: text }, "", status);
    }
    return done(c, "/admin/sisters", "sister-synced");
  });

  app.post("/admin/sisters/:host/disconnect", csrfProtection, async (c) => {
    const host = c.req.param("host");
    if (field(await c.req.parseBody(), "confirmed") !== "1") {
      return confirm(c, viewContext(c).t("admin.sisters.disconnectTitle", { host }), { body: "admin.sisters.disconnectBody", submit: "admin.sisters.disconnectSubmit" }, "/admin/sisters", {});
    }
    if (!(await disconnectSister(c.get("services"), signedInUser(c), host))) {
      return sistersPage(c, { notice: null, problem: viewContext(c).t("admin.problem.notSister") }, "", 404);
    }
    return done(c, "/admin/sisters", "sister-disconnected");
  });

  // --- Queue health.

  app.get("/admin/queue", async (c) => c.html(adminQueuePage(viewContext(c), (await c.get("services").queueHealth?.read()) ?? null)));

  // --- Local accounts: suspension and deletion.

  app.get("/admin/accounts", (c) => accountsPage(c, statusOf(c)));

  app.post("/admin/accounts/suspend", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const forms = { ...EMPTY_ACCOUNT_FORMS, suspendHandle: field(body, "handle").trim().slice(0, 300), suspendReason: field(body, "reason").trim().slice(0, 2000) };
    const v = viewContext(c);
    if (!forms.suspendHandle) return accountsPage(c, { notice: null, problem: v.t("admin.problem.handleRequired") }, forms, 400);
    if (field(body, "confirmed") !== "1") {
      return confirm(
        c,
        v.t("admin.accounts.suspendConfirmTitle", { handle: forms.suspendHandle }),
        { body: "admin.accounts.suspendConfirmBody", submit: "admin.accounts.suspendConfirmSubmit" },
        "/admin/accounts#suspend",
        { handle: forms.suspendHandle, reason: forms.suspendReason },
      );
    }
    const { db, config } = c.get("services");
    try {
      const account = await findLocalAccountActor(db, config.publicUrl, forms.suspendHandle);
      await suspendAccount(db, signedInUser(c).actor, account, forms.suspendReason || null);
    } catch (error) {
      const { text, status } = problemOf(v, "suspend", error);
      return accountsPage(c, { notice: null, problem: text }, forms, status);
    }
    return done(c, "/admin/accounts", "suspended");
  });

  app.post("/admin/accounts/unsuspend", csrfProtection, async (c) => {
    const { db, config } = c.get("services");
    try {
      const account = await findLocalAccountActor(db, config.publicUrl, field(await c.req.parseBody(), "handle").trim());
      await unsuspendAccount(db, signedInUser(c).actor, account);
    } catch (error) {
      const { text, status } = problemOf(viewContext(c), "unsuspend", error);
      return accountsPage(c, { notice: null, problem: text }, EMPTY_ACCOUNT_FORMS, status);
    }
    return done(c, "/admin/accounts", "unsuspended");
  });

  app.post("/admin/accounts/delete", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const forms = { ...EMPTY_ACCOUNT_FORMS, deleteHandle: field(body, "handle").trim().slice(0, 300), deleteReason: field(body, "reason").trim().slice(0, 2000) };
    const keep = field(body, "keepLicensedNotes") === "1";
    const v = viewContext(c);
    if (!forms.deleteHandle) return accountsPage(c, { notice: null, problem: v.t("admin.problem.handleRequired") }, forms, 400);
    const services = c.get("services");
    const account = await findUserByHandle(services.db, services.config.publicUrl, forms.deleteHandle);
    if (!account) return accountsPage(c, { notice: null, problem: v.t("admin.problem.noAccount") }, forms, 404);
    if (account.actor.id === signedInUser(c).actor.id) return accountsPage(c, { notice: null, problem: v.t("admin.problem.deleteInvalid") }, forms, 400);
    if (field(body, "confirmed") !== "1") {
      return confirm(
        c,
        v.t("admin.accounts.deleteConfirmTitle", { handle: forms.deleteHandle }),
        { body: keep ? "admin.accounts.deleteConfirmKeepBody" : "admin.accounts.deleteConfirmBody", submit: "admin.accounts.deleteConfirmSubmit" },
        "/admin/accounts#delete",
        { handle: forms.deleteHandle, reason: forms.deleteReason, ...(keep ? { keepLicensedNotes: "1" } : {}) },
      );
    }
    await deleteLocalAccount(services, account.actor, { keepLicensedNotes: keep, byAdmin: { actorId: signedInUser(c).actor.id, reason: forms.deleteReason || null } });
    return done(c, "/admin/accounts", "deleted");
  });

  return app;
}
