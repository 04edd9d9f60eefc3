// The quality labels a note's home instance publishes with it (as `tag`
// items of type QualityLabel, federation/vocab/quality-label.ts), mirrored on
// our copy. Callers pass a document that comes from the note's home (an
// author's signed Create/Update, or the object fetched from its server).
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import { isQualityLabel, MAX_LABEL_ANSWER, MAX_LABEL_REASON, syncRemoteLabels, type RemoteLabel } from "../../src/domain/note-labels.ts";
import { labelTagsOf } from "../vocab/quality-label.ts";

function text(value: unknown, max: number): string | null {
  return typeof value === "string" && value.trim() ? value.trim().slice(0, max) : null;
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2000 || !URL.canParse(value)) return null;
  return ["http:", "https:"].includes(new URL(value).protocol) ? value : null;
}

function instant(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Reads the labels of a note document; unknown label names and malformed items are skipped. */
export function remoteLabelsOf(document: unknown): RemoteLabel[] {
  const labels = new Map<string, RemoteLabel>();
  for (const tag of labelTagsOf(document)) {
    if (!isQualityLabel(tag.name) || labels.has(tag.name)) continue;
    labels.set(tag.name, { label: tag.name, reason: text(tag.summary, MAX_LABEL_REASON), source: httpUrl(tag.url), answer: text(tag.content, MAX_LABEL_ANSWER), createdAt: instant(tag.published) });
  }
  return [...labels.values()];
}

export async function mirrorRemoteLabels(db: Kysely<Database>, noteId: string, document: unknown): Promise<void> {
  await syncRemoteLabels(db, noteId, remoteLabelsOf(document));
}
