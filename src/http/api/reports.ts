// Reports in the JSON API (docs/API.md, "Reports"): members report, the
// moderators of the community concerned and the administrators read and
// resolve; a person reads the warnings sent to them; administrators suspend
// and unsuspend local accounts.
import { Hono, type Context } from "hono";
import { findActorById, handleOf, type ActorRow } from "../../domain/actors.ts";
import { DomainError } from "../../domain/errors.ts";
import { resolveReport } from "../../domain/report-resolution.ts";
import { targetKind } from "../../domain/report-targets.ts";
import { createReport, findReport, listReports, mayHandleReport, ReportsThrottled, type ReportRow } from "../../domain/reports.ts";
import { findLocalAccountActor, suspendAccount, unsuspendAccount } from "../../domain/suspensions.ts";
import { warningsOf } from "../../domain/warnings.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";

function actorRef(actor: ActorRow | undefined) {
  return actor ? { id: actor.id, uri: actor.uri, handle: handleOf(actor), type: actor.type, local: actor.is_local === 1 } : null;
}

/** What the reporter gets back: their report, not the moderators' view of it. */
function ownReportJson(report: ReportRow) {
  return {
    id: report.id,
    status: report.status,
    category: report.category,
    comment: report.comment,
    target: { kind: targetKind(report.target_type, JSON.parse(report.snapshot)), uri: report.target_uri },
    forwarded: report.forwarded_at != null,
    createdAt: report.created_at,
  };
}

/** The moderators' view: the snapshot, who reported, where, and how it ended. */
async function reportJson(c: Context<AppEnv>, report: ReportRow) {
  const { db } = c.get("services");
  const snapshot = JSON.parse(report.snapshot) as Record<string, unknown>;
  const [reporter, account, community, resolver] = await Promise.all(
    [report.reporter_id, report.target_account_id, report.community_id, report.resolved_by].map((id) => (id ? findActorById(db, id) : Promise.resolve(undefined))),
  );
  return {
    ...ownReportJson(report),
    target: { kind: targetKind(report.target_type, snapshot), id: report.target_id, uri: report.target_uri, snapshot },
    account: actorRef(account),
    community: actorRef(community),
    reporter: actorRef(reporter),
    remote: report.remote_activity_uri != null,
    resolution:
      report.status === "resolved"
        ? { action: report.resolution, note: report.resolution_note, by: actorRef(resolver), at: report.resolved_at }
        : null,
  };
}

function admin(c: Context<AppEnv>) {
  const user = currentUser(c);
  if (!user.isAdmin) throw new DomainError("forbidden", "Only administrators may do this");
  return user;
}

export function reportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/reports", async (c) => {
    try {
      const report = await createReport(c.get("services"), currentUser(c).actor, await jsonBody(c));
      return c.json(ownReportJson(report), 201);
    } catch (error) {
      if (!(error instanceof ReportsThrottled)) throw error;
      return c.json({ error: "too_many_requests", message: error.message }, 429, { "Retry-After": String(error.retryAfterSeconds) });
    }
  });

  app.get("/reports", async (c) => {
    const status = c.req.query("status");
    if (status != null && status !== "open" && status !== "resolved") throw new DomainError("invalid", "status must be open or resolved");
    const limitText = c.req.query("limit");
    const limit = limitText == null ? 20 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new DomainError("invalid", "limit must be a whole number from 1 to 100");
    const reports = await listReports(c.get("services").db, currentUser(c), { status, before: c.req.query("before"), limit });
    const items = await Promise.all(reports.map((r) => reportJson(c, r)));
    return c.json({ items, next: reports.length === limit ? reports[reports.length - 1]!.id : null });
  });

  app.get("/reports/:id", async (c) => {
    const { db } = c.get("services");
    const report = await findReport(db, c.req.param("id"));
    if (!report) throw new DomainError("not_found", "No such report");
    if (!(await mayHandleReport(db, currentUser(c), report))) throw new DomainError("forbidden", "Only the community's moderators or the administrators read this report");
    return c.json(await reportJson(c, report));
  });

  app.post("/reports/:id/resolve", async (c) => {
    const resolved = await resolveReport(c.get("services"), currentUser(c), c.req.param("id"), await jsonBody(c));
    return c.json(await reportJson(c, resolved));
  });

  app.get("/me/warnings", async (c) => {
    const warnings = await warningsOf(c.get("services").db, currentUser(c).actor.id, { before: c.req.query("before") });
    return c.json({ items: warnings });
  });

  app.post("/admin/accounts/:handle/suspend", async (c) => {
    const user = admin(c);
    const { db, config } = c.get("services");
    const body = await jsonBody(c);
    if (body.reason != null && (typeof body.reason !== "string" || body.reason.length > 2000)) throw new DomainError("invalid", "reason must be a text of at most 2000 characters");
    const account = await findLocalAccountActor(db, config.publicUrl, c.req.param("handle"));
    await suspendAccount(db, user.actor, account, typeof body.reason === "string" && body.reason.trim() ? body.reason.trim() : null);
    return c.json({ handle: handleOf(account), suspended: true });
  });

  app.post("/admin/accounts/:handle/unsuspend", async (c) => {
    const user = admin(c);
    const { db, config } = c.get("services");
    const account = await findLocalAccountActor(db, config.publicUrl, c.req.param("handle"));
    await unsuspendAccount(db, user.actor, account);
    return c.json({ handle: handleOf(account), suspended: false });
  });

  return app;
}
