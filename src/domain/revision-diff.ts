// What changed between two saved versions of a note, word by word, for the
// history page: the title, the summary and the text (the Markdown source of
// notes written here; the text of the HTML for notes received from elsewhere).
//
// A redacted version has no text left, and none may come back through a diff:
// comparing with it (either way) says only that it was redacted. Long runs of
// unchanged words are cut to a few words of context on each side, so a change
// of one word in a long note reads as one line. A diff that would take too
// long (two large, very different texts) is given up and said so.
import { createRequire } from "node:module";
import type { diffWords as DiffWords } from "diff";
import type { RevisionRow } from "./notes.ts";
import { writtenSummary } from "./note-writing.ts";
import { plainText } from "./sanitize.ts";

// jsdiff is read on the first history page shown, not at start.
let diffWordsFunction: typeof DiffWords | undefined;

function diffWords(): typeof DiffWords {
  diffWordsFunction ??= (createRequire(import.meta.url)("diff") as { diffWords: typeof DiffWords }).diffWords;
  return diffWordsFunction;
}

export type DiffPart =
  | { readonly kind: "same" | "added" | "removed"; readonly text: string }
  /** Unchanged words left out between two changes. */
  | { readonly kind: "gap" };

export type DiffField = "title" | "summary" | "content";

export interface FieldChange {
  readonly field: DiffField;
  readonly parts: readonly DiffPart[];
}

export type RevisionDiff =
  /** The first version: nothing to compare with. */
  | { readonly kind: "first" }
  /** This version or the previous one was redacted: nothing of either is shown. */
  | { readonly kind: "redacted" }
  /** Too many changes to compute in reasonable time. */
  | { readonly kind: "too-large" }
  /** Every field that changed (none when only other facts, the licence or tags, changed). */
  | { readonly kind: "changes"; readonly changes: readonly FieldChange[] };

/** Unchanged words kept on each side of a change. */
export const CONTEXT_WORDS = 12;
/** Bounds on one field's diff: edit length and milliseconds. */
const MAX_EDIT_LENGTH = 5_000;
const TIMEOUT_MS = 250;

type Comparable = Pick<RevisionRow, "title" | "summary" | "content_source" | "content_html" | "redacted_at">;

function textOf(revision: Comparable): string {
  return revision.content_source ?? plainText(revision.content_html);
}

/** Words of an unchanged run: the first and last CONTEXT_WORDS around a gap when longer (at the edges, only the side next to a change). */
function trimmed(text: string, keepStart: boolean, keepEnd: boolean): DiffPart[] {
  // Each word with the spaces around it (the run's leading spaces go with its first word).
  const words = text.match(/\s*\S+\s*/g) ?? [text];
  const start = keepStart ? CONTEXT_WORDS : 0;
  const end = keepEnd ? CONTEXT_WORDS : 0;
  if (words.length <= start + end + 1) return [{ kind: "same", text }];
  const parts: DiffPart[] = [];
  if (start > 0) parts.push({ kind: "same", text: words.slice(0, start).join("") });
  parts.push({ kind: "gap" });
  if (end > 0) parts.push({ kind: "same", text: words.slice(words.length - end).join("") });
  return parts;
}

/** The word diff of one field, or null when it did not change; "too-large" when given up. */
export function diffText(before: string, after: string): DiffPart[] | null | "too-large" {
  if (before === after) return null;
  const changes = diffWords()(before, after, { maxEditLength: MAX_EDIT_LENGTH, timeout: TIMEOUT_MS });
  if (changes === undefined) return "too-large";
  const parts: DiffPart[] = [];
  changes.forEach((change, i) => {
    if (change.added) parts.push({ kind: "added", text: change.value });
    else if (change.removed) parts.push({ kind: "removed", text: change.value });
    else parts.push(...trimmed(change.value, i > 0, i < changes.length - 1));
  });
  return parts;
}

export function diffRevisions(previous: Comparable | null, current: Comparable): RevisionDiff {
  if (current.redacted_at != null || previous?.redacted_at != null) return { kind: "redacted" };
  if (previous == null) return { kind: "first" };
  const fields: [DiffField, string, string][] = [
    ["title", previous.title, current.title],
    // A summary generated from the text repeats the text's changes: only written ones are compared.
    ["summary", writtenSummary(previous.summary, previous.content_source) ?? "", writtenSummary(current.summary, current.content_source) ?? ""],
    ["content", textOf(previous), textOf(current)],
  ];
  const changes: FieldChange[] = [];
  for (const [field, before, after] of fields) {
    const parts = diffText(before, after);
    if (parts === "too-large") return { kind: "too-large" };
    if (parts) changes.push({ field, parts });
  }
  return { kind: "changes", changes };
}
