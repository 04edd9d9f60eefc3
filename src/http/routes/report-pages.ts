// Pages for reports: the form behind a note's "Signaler" link, and the list
// moderators and administrators handle (docs/API.md, "Reports", for the rules).
import { Hono, type Context } from "hono";
import { findActorById } from "../../domain/actors.ts";
import { DomainError, HTTP_STATUS, type ProblemCode } from "../../domain/errors.ts";
import { canSeeNote, findNoteById } from "../../domain/notes.ts";
import { resolveReport } from "../../domain/report-resolution.ts";
import { createReport, listReports, ReportsThrottled } from "../../domain/reports.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { safeNext, viewContext } from "../views/layout.ts";
import { confirmPage } from "../views/confirm.ts";
import { renderMessagePage, type PlainKey } from "../views/message.ts";
import { reportFormPage, reportListPage } from "../views/reports.ts";
import { refusalText } from "../refusal-text.ts";

async function reportableNote(c: Context<AppEnv>) {
  const { db } = c.get("services");
  const note = await findNoteById(db, c.req.param("id") ?? "");
  return note && note.deleted_at == null && (await canSeeNote(db, note, signedInUser(c).actor.id)) ? note : null;
}

/** Why a decision was refused, in the page's language (the domain's messages are the API's, in English). */
const RESOLVE_PROBLEMS: Partial<Record<ProblemCode, PlainKey>> = {
  not_found: "reports.problem.notFound",
  forbidden: "reports.problem.forbidden",
  conflict: "reports.problem.conflict",
  invalid: "reports.problem.invalid",
};

export function reportPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/notes/:id/report", requireSignIn, async (c) => {
    const note = await reportableNote(c);
    if (!note) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
    return c.html(reportFormPage(viewContext(c), note));
  });

  app.post("/notes/:id/report", requireSignIn, csrfProtection, async (c) => {
    const note = await reportableNote(c);
    if (!note) return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
    const form = await c.req.parseBody();
    try {
      await createReport(c.get("services"), signedInUser(c).actor, { target: note.id, category: form.category, comment: form.comment ?? "", forward: form.forward === "1" });
    } catch (error) {
      const v = viewContext(c);
      if (error instanceof ReportsThrottled) return c.html(reportFormPage(v, note, v.t("reports.throttled", { seconds: String(error.retryAfterSeconds) })), 429);
      if (error instanceof DomainError) return c.html(reportFormPage(v, note, refusalText(v, error)), HTTP_STATUS[error.code]);
      throw error;
    }
    return c.html(renderMessagePage(c, { title: "reports.thanksTitle", body: "reports.thanksBody" }));
  });

  app.get("/moderation/reports", requireSignIn, async (c) => {
    const { db } = c.get("services");
    let reports;
    try {
      reports = await listReports(db, signedInUser(c), { status: "open", limit: 50, before: c.req.query("before") });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(renderMessagePage(c, { title: "reports.forbiddenTitle", body: "reports.forbiddenBody" }), 403);
    }
    const items = await Promise.all(
      reports.map(async (report) => ({
        report,
        reporter: await findActorById(db, report.reporter_id),
        community: report.community_id ? await findActorById(db, report.community_id) : undefined,
      })),
    );
    const v = viewContext(c);
    return c.html(reportListPage(v, items, c.req.query("done") === "resolved" ? v.t("moderation.done.resolved") : null));
  });

  app.post("/moderation/reports/:id/resolve", requireSignIn, csrfProtection, async (c) => {
    const form = await c.req.parseBody();
    const v = viewContext(c);
    const back = safeNext(typeof form.back === "string" ? form.back : null, "/moderation/reports");
    const note = typeof form.note === "string" ? form.note : "";
    // Removing content and suspending an account are the destructive decisions: a second step says what they do.
    if ((form.action === "remove" || form.action === "suspend") && form.confirmed !== "1") {
      return c.html(
        confirmPage(v, {
          title: v.t(form.action === "remove" ? "reports.confirmRemoveTitle" : "reports.confirmSuspendTitle"),
          consequences: v.t(form.action === "remove" ? "reports.confirmRemoveBody" : "reports.confirmSuspendBody"),
          action: c.req.path,
          submit: v.t(form.action === "remove" ? "reports.confirmRemoveSubmit" : "reports.confirmSuspendSubmit"),
          cancel: back,
          fields: { action: form.action, note, back, confirmed: "1" },
        }),
      );
    }
    try {
      await resolveReport(c.get("services"), signedInUser(c), c.req.param("id"), { action: form.action, note: note || null });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(renderMessagePage(c, { title: "error.actionTitle", body: RESOLVE_PROBLEMS[error.code] ?? "reports.problem.generic" }), HTTP_STATUS[error.code]);
    }
    // The notice goes before the fragment (a community page's `#reports`).
    const [path, fragment] = back.split("#", 2);
    return c.redirect(`${path}${path!.includes("?") ? "&" : "?"}done=resolved${fragment ? `#${fragment}` : ""}`, 303);
  });

  return app;
}
