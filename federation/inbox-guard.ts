// The cheap checks an inbox POST must pass before Fedify sees it. Fedify
// expands a body's JSON-LD (and fetches its contexts) before it verifies the
// HTTP signature, so without these an unsigned 28 KB body could hold the
// event loop for seconds. The size is already bounded (1 MiB, src/http/app.ts).
import { getLogger } from "@logtape/logtape";
import { isMalformedInputError, oneLine } from "../src/malformed-input.ts";
import { jsonLimitExceeded } from "./json-limits.ts";
import { signerHost } from "./policy.ts";

const logger = getLogger(["encommun", "inbox"]);

/** A POST to a personal or the shared inbox. */
export function isInboxPost(request: Request): boolean {
  return request.method === "POST" && /\/inbox$/.test(new URL(request.url).pathname);
}

/** Whether a request carries an HTTP signature (draft-cavage or RFC 9421); verifying it is Fedify's job. */
export function hasSignatureHeader(request: Request): boolean {
  return request.headers.has("Signature") || request.headers.has("Signature-Input");
}

/**
 * 401 for an unsigned inbox POST (its body is never read), 400 for a body
 * whose shape exceeds the limits (json-limits.ts); null when Fedify may go on.
 */
export async function guardInbox(request: Request): Promise<Response | null> {
  if (!isInboxPost(request)) return null;
  const path = new URL(request.url).pathname;
  if (!hasSignatureHeader(request)) {
    logger.info("Refused an unsigned POST to {path} (401)", { path });
    return plain(401, "Unauthorized: inbox deliveries must carry an HTTP signature");
  }
  const exceeded = jsonLimitExceeded(await request.clone().text());
  if (exceeded) {
    logger.info("Refused a POST to {path}: {exceeded} (400)", { path, exceeded });
    return plain(400, `Bad request: the activity has ${exceeded}`);
  }
  return null;
}

/**
 * 400 with one log line when an inbox POST made Fedify's parsers or crypto
 * throw; null for any other error (ours: it stays a 500 and the sender retries).
 */
export function refuseMalformedActivity(request: Request, error: unknown): Response | null {
  if (!isInboxPost(request) || !isMalformedInputError(error)) return null;
  logMalformedActivity(request, error);
  return plain(400, `Bad request: malformed activity (${oneLine(error)})`);
}

/** The one line a refused activity leaves in the log (Fedify's own multi-line logs of it are filtered out). */
export function logMalformedActivity(request: Request, error: Error): void {
  logger.warning("Refused a malformed activity on {path} from {host}: {reason} (400)", {
    path: new URL(request.url).pathname,
    host: signerHost(request) ?? "an unknown host",
    reason: oneLine(error),
  });
}

function plain(status: 400 | 401, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
