/**
 * An error whose message is safe to show to the person who caused it. Routes
 * turn it into an HTTP status; the CLI prints it and exits non-zero.
 */
export type ProblemCode = "invalid" | "not_found" | "conflict" | "forbidden" | "unauthorized" | "gone" | "too_large" | "unsupported";

export class DomainError extends Error {
  readonly code: ProblemCode;
  constructor(code: ProblemCode, message: string) {
    super(message);
    this.name = "DomainError";
    this.code = code;
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
