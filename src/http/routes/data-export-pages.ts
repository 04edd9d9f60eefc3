// The settings page of the member's data export (src/domain/data-export/).
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { exportFile, listExports, requestExport } from "../../domain/data-export/jobs.ts";
import { archiveName, fileResponse } from "../api/data-export.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { viewContext } from "../views/layout.ts";
import { dataExportPage } from "../views/data-export.ts";
import { renderMessagePage } from "../views/message.ts";

export function dataExportPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/settings/export", requireSignIn, async (c) => {
    const rows = await listExports(c.get("services").db, signedInUser(c).actor.id);
    c.header("Cache-Control", "private, no-store");
    return c.html(dataExportPage(viewContext(c), rows));
  });

  app.post("/settings/export", requireSignIn, csrfProtection, async (c) => {
    await requestExport(c.get("services"), signedInUser(c).actor);
    return c.redirect("/settings/export", 303);
  });

  app.get("/settings/export/:id/archive", requireSignIn, async (c) => {
    const { actor } = signedInUser(c);
    try {
      const file = await exportFile(c.get("services"), actor.id, c.req.param("id"));
      return await fileResponse(c, file.path, file.size, archiveName(actor.username, new Date(file.row.created_at)));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === "gone") return c.html(renderMessagePage(c, { title: "dataExport.expiredTitle", body: "dataExport.expiredBody" }), 410);
      return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
    }
  });

  return app;
}
