// The member's data exports (issue 15): small ones are written straight into
// the response; large ones are built in the background, in the process that
// was asked (a row in `data_exports` shows their progress), and kept for
// EXPORT_KEEP_HOURS, after which the file is deleted and the download
// answers 410. A process that dies while building leaves a stale row; the
// next look at it starts it again.
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Kysely, Selectable } from "kysely";
import { getLogger } from "@logtape/logtape";
import type { DataExportsTable, Database } from "../../db/schema.ts";
import type { Services } from "../../services.ts";
import type { ActorRow } from "../actors.ts";
import { isoNow } from "../clock.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { archiveSize, writeArchive, type ArchiveSink } from "./archive.ts";
import { collectMemberData } from "./collect.ts";

const logger = getLogger(["encommun", "data-export"]);

export type ExportRow = Selectable<DataExportsTable>;

/** How long a finished archive can be downloaded (Mastodon keeps its archives 7 days; personal data should not linger). */
export const EXPORT_KEEP_HOURS = 48;
/** Up to this much, the archive is written straight into the response. */
export const INLINE_EXPORT_LIMIT = { items: 200, mediaBytes: 25 * 1024 * 1024 };
/** A running export that has not moved for this long died with its process. */
const STALE_MS = 10 * 60_000;

/** Exports this process is building now (the rows say the same for every process, but not whether it is alive). */
const buildingHere = new Set<string>();

function exportPath(id: string): string {
  return join("exports", `${id.replace(/[^A-Za-z0-9]/g, "")}.zip`);
}

/** Whether the member's archive is small enough to be written while the request waits. */
export async function isSmallArchive(db: Kysely<Database>, actor: ActorRow): Promise<boolean> {
  const size = await archiveSize(db, await collectMemberData(db, actor));
  return size.items <= INLINE_EXPORT_LIMIT.items && size.mediaBytes <= INLINE_EXPORT_LIMIT.mediaBytes;
}

/** The whole archive in memory (small archives only). */
export async function archiveBytes(services: Services, actor: ActorRow): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await writeArchive(services.db, services.config.dataDir, actor, { write: async (chunk) => void chunks.push(chunk) });
  return Buffer.concat(chunks);
}

export async function listExports(db: Kysely<Database>, actorId: string): Promise<ExportRow[]> {
  return db.selectFrom("data_exports").selectAll().where("actor_id", "=", actorId).orderBy("created_at", "desc").limit(10).execute();
}

/**
 * Starts a background export, or returns the one already under way (one at a
 * time per member: each holds a copy of everything about them).
 */
export async function requestExport(services: Services, actor: ActorRow): Promise<ExportRow> {
  await sweepExpiredExports(services);
  const existing = await services.db
    .selectFrom("data_exports")
    .selectAll()
    .where("actor_id", "=", actor.id)
    .where("status", "in", ["pending", "running"])
    .executeTakeFirst();
  if (existing) return resumeIfStale(services, existing);
  const row: ExportRow = {
    id: newId(),
    actor_id: actor.id,
    status: "pending",
    done_items: 0,
    total_items: 0,
    storage_path: null,
    size: null,
    error: null,
    created_at: isoNow(),
    finished_at: null,
    expires_at: null,
  };
  await services.db.insertInto("data_exports").values(row).execute();
  startInBackground(services, row.id);
  return row;
}

/** One export of the member (null if it is not theirs), started again if its process died. */
export async function findExport(services: Services, actorId: string, id: string): Promise<ExportRow | null> {
  const row = await services.db.selectFrom("data_exports").selectAll().where("id", "=", id).where("actor_id", "=", actorId).executeTakeFirst();
  return row ? resumeIfStale(services, row) : null;
}

async function resumeIfStale(services: Services, row: ExportRow): Promise<ExportRow> {
  if (row.status !== "pending" && row.status !== "running") return row;
  const lastMove = Date.parse(row.finished_at ?? row.created_at);
  if (buildingHere.has(row.id) || Date.now() - lastMove < STALE_MS) return row;
  logger.warning("Export {id} had stopped; starting it again", { id: row.id });
  startInBackground(services, row.id);
  return row;
}

function startInBackground(services: Services, id: string): void {
  buildingHere.add(id);
  void buildExport(services, id)
    .catch(async (error: unknown) => {
      logger.error("Export {id} failed: {error}", { id, error });
      await services.db.updateTable("data_exports").set({ status: "failed", error: "internal", finished_at: isoNow() }).where("id", "=", id).execute();
    })
    .finally(() => buildingHere.delete(id));
}

/** Builds the archive into a temporary file, then renames it: a half-written file is never offered. */
export async function buildExport(services: Services, id: string): Promise<void> {
  const { db, config } = services;
  const row = await db.selectFrom("data_exports").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return;
  const actor = await db.selectFrom("actors").selectAll().where("id", "=", row.actor_id).where("deleted_at", "is", null).executeTakeFirst();
  if (!actor) return;
  const relative = exportPath(id);
  const absolute = join(config.dataDir, relative);
  const temporary = `${absolute}.part`;
  await mkdir(dirname(absolute), { recursive: true });
  // Claimed by one builder only: pending, or running but stale (its process died).
  // `finished_at` doubles as "last moved" while running (see resumeIfStale).
  const staleBefore = new Date(Date.now() - STALE_MS).toISOString();
  const claimed = await db
    .updateTable("data_exports")
    .set({ status: "running", finished_at: isoNow() })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("status", "=", "pending"), eb.and([eb("status", "=", "running"), eb("finished_at", "<", staleBefore)])]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return;
  const file = await open(temporary, "w");
  try {
    const sink: ArchiveSink = { write: async (chunk) => void (await file.write(chunk)) };
    await writeArchive(db, config.dataDir, actor, sink, async (done, total) => {
      await db.updateTable("data_exports").set({ done_items: done, total_items: total, finished_at: isoNow() }).where("id", "=", id).execute();
    });
  } finally {
    await file.close();
  }
  await rename(temporary, absolute);
  const now = new Date();
  const finished = await db
    .updateTable("data_exports")
    .set({
      status: "ready",
      storage_path: relative,
      size: (await stat(absolute)).size,
      finished_at: now.toISOString(),
      expires_at: new Date(now.getTime() + EXPORT_KEEP_HOURS * 3_600_000).toISOString(),
    })
    .where("id", "=", id)
    .executeTakeFirst();
  // The account was deleted meanwhile (its exports with it): the archive must not stay behind.
  if (Number(finished.numUpdatedRows) === 0) await rm(absolute, { force: true });
}

/** The finished archive's file, for its owner; `gone` once expired. */
export async function exportFile(services: Services, actorId: string, id: string): Promise<{ path: string; size: number; row: ExportRow }> {
  await sweepExpiredExports(services);
  const row = await services.db.selectFrom("data_exports").selectAll().where("id", "=", id).where("actor_id", "=", actorId).executeTakeFirst();
  if (!row) throw new DomainError("not_found", "No such export");
  if (row.status !== "ready" || row.storage_path == null) {
    if (row.expires_at != null) throw new DomainError("gone", "This export has expired: ask for a new one");
    throw new DomainError("conflict", "This export is not ready yet");
  }
  return { path: join(services.config.dataDir, row.storage_path), size: row.size ?? 0, row };
}

/** Deletes the files of expired exports (the rows stay, marked expired, so the link can answer 410). */
export async function sweepExpiredExports(services: Services): Promise<void> {
  const expired = await services.db
    .selectFrom("data_exports")
    .select(["id", "storage_path"])
    .where("status", "=", "ready")
    .where("expires_at", "<=", isoNow())
    .execute();
  for (const row of expired) {
    if (row.storage_path) await rm(join(services.config.dataDir, row.storage_path), { force: true });
    await services.db.updateTable("data_exports").set({ status: "expired", storage_path: null }).where("id", "=", row.id).execute();
  }
}

export function progressOf(row: ExportRow): { done: number; total: number; percent: number } {
  const percent = row.status === "ready" ? 100 : row.total_items > 0 ? Math.floor((row.done_items * 100) / row.total_items) : 0;
  return { done: row.done_items, total: row.total_items, percent };
}
