// The member's data export in the JSON API (docs/API.md, "Your data"):
// `GET /me/export` answers the zip at once when it is small, otherwise starts
// a background export and answers 202 with where to follow it.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { archiveBytes, exportFile, findExport, isSmallArchive, listExports, progressOf, requestExport, type ExportRow } from "../../domain/data-export/jobs.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";

export function archiveName(handle: string, date: Date = new Date()): string {
  return `${handle}-${date.toISOString().slice(0, 10)}.zip`;
}

export function exportJson(row: ExportRow) {
  return {
    id: row.id,
    status: row.status,
    progress: progressOf(row),
    createdAt: row.created_at,
    finishedAt: row.status === "ready" || row.status === "failed" || row.status === "expired" ? row.finished_at : null,
    expiresAt: row.expires_at,
    size: row.size,
    statusUrl: `/api/v1/me/exports/${row.id}`,
    downloadUrl: row.status === "ready" ? `/api/v1/me/exports/${row.id}/archive` : null,
  };
}

/** A zip as an attachment download; never cached by anything in between. */
export function zipResponse(c: Context<AppEnv>, body: Uint8Array | ReadableStream<Uint8Array>, size: number, name: string): Response {
  return c.body(body as never, 200, {
    "Content-Type": "application/zip",
    "Content-Length": String(size),
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
  });
}

export async function fileResponse(c: Context<AppEnv>, path: string, size: number, name: string): Promise<Response> {
  return zipResponse(c, Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size, name);
}

export function dataExportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/me/export", async (c) => {
    const { actor } = currentUser(c);
    const services = c.get("services");
    if (await isSmallArchive(services.db, actor)) {
      const bytes = await archiveBytes(services, actor);
      return zipResponse(c, bytes, bytes.byteLength, archiveName(actor.username));
    }
    const row = await requestExport(services, actor);
    c.header("Location", `/api/v1/me/exports/${row.id}`);
    return c.json(exportJson(row), 202);
  });

  app.post("/me/exports", async (c) => {
    const row = await requestExport(c.get("services"), currentUser(c).actor);
    c.header("Location", `/api/v1/me/exports/${row.id}`);
    return c.json(exportJson(row), 202);
  });

  app.get("/me/exports", async (c) => {
    const rows = await listExports(c.get("services").db, currentUser(c).actor.id);
    return c.json({ items: rows.map(exportJson) });
  });

  app.get("/me/exports/:id", async (c) => {
    const row = await findExport(c.get("services"), currentUser(c).actor.id, c.req.param("id"));
    if (!row) throw new DomainError("not_found", "No such export");
    return c.json(exportJson(row));
  });

  app.get("/me/exports/:id/archive", async (c) => {
    const { actor } = currentUser(c);
    const file = await exportFile(c.get("services"), actor.id, c.req.param("id"));
    return fileResponse(c, file.path, file.size, archiveName(actor.username, new Date(file.row.created_at)));
  });

  return app;
}
