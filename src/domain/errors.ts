/**
 * An error whose message is safe to show to the person who caused it. Routes
 * turn it into an HTTP status; the CLI prints it and exits non-zero.
 */
export type ProblemCode = "invalid" | "not_found" | "conflict" | "forbidden" | "unauthorized" | "gone" | "too_large" | "unsupported";

/**
 * One problem with one field, in words a program can act on: the pages turn
 * `reason` into a sentence of their catalogs and mark `field` (the API shows
 * the English message instead).
 */
export interface FieldProblem {
  /** The input's key; `translations.title` for a translation's field. */
  readonly field: string;
  readonly reason: "required" | "too_long" | "too_many" | "not_url" | "not_found" | "not_organization" | "handle_invalid" | "handle_reserved" | "handle_taken" | "unknown_term" | "bad_choice" | "repeated_language" | "not_email" | "out_of_range" | "item_too_long";
  /** What was typed, when the sentence names it. */
  readonly value?: string;
  /** The limit passed, for too_long, item_too_long (each item of a list) and too_many; the largest allowed, for out_of_range. */
  readonly limit?: number;
  /** The smallest allowed, for out_of_range. */
  readonly min?: number;
}

export class DomainError extends Error {
  readonly code: ProblemCode;
  /** Every problem found, by field, when the error is about input (empty otherwise). */
  readonly fields: readonly FieldProblem[];
  constructor(code: ProblemCode, message: string, fields: readonly FieldProblem[] = []) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fields = fields;
  }
}

export const HTTP_STATUS: Record<ProblemCode, 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
};
