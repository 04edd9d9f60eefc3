// A quality label in the JSON API (docs/API.md, "Quality labels").
import type { NoteLabelEventRow, NoteLabelRow } from "../../domain/note-labels.ts";

export function labelJson(row: NoteLabelRow) {
  return {
    label: row.label,
    reason: row.reason,
    source: row.source_url,
    // `local`: decided on this instance; `remote`: as the note's home instance publishes it.
    origin: row.origin,
    byVote: row.origin === "local" && row.set_by == null,
    answer: row.answer,
    answeredAt: row.answered_at,
    createdAt: row.created_at,
  };
}

export function labelEventJson(row: NoteLabelEventRow) {
  return { label: row.label, event: row.event, text: row.text, createdAt: row.created_at };
}
