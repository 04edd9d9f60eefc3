// Which errors mean "the remote sent garbage" rather than "we failed". A body
// that a parser or a crypto routine chokes on answers 400 and is logged in one
// line; a failure of ours (database, queue) still throws, so the sender retries.

/** Errors that parsing, validating or verifying remote input throws. */
export function isMalformedInputError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return true;
  // WebCrypto refusing a key or a signature (a bad publicKeyPem, a broken proof).
  if (typeof DOMException !== "undefined" && error instanceof DOMException) return true;
  // pkijs reading a key's ASN.1 (a publicKeyPem that is no key).
  if (error.name === "AsnError") return true;
  // jsonld.js: jsonld.SyntaxError, jsonld.InvalidUrl, jsonld.ValidationError…
  if (error.name.startsWith("jsonld.")) return true;
  // Anything else thrown while Fedify turns the JSON-LD into vocabulary objects (a proofValue that is
  // not multibase throws a plain Error): that code reads the body, not our database.
  return /\bfromJsonLd\b|__fromJsonLd__/.test(error.stack ?? "");
}

/** An error as one short line, for logs and 400 bodies: never a stack trace, never a whole activity. */
export function oneLine(error: Error, max = 200): string {
  const line = `${error.name}: ${error.message}`.split("\n", 1)[0]!;
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
