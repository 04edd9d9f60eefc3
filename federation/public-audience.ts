// JSON-LD compaction writes the public audience as `as:Public`; Lemmy (and
// others) compare `to`/`cc` as plain URLs and would take our public notes for
// private ones. Fedify already rewrites the activities it sends; this does the
// same for the documents we serve. Safe for our own documents: their contexts
// are Fedify's preloaded ones, none of which redefines `as:` or `Public`.
const FIELDS = new Set(["to", "cc", "bto", "bcc", "audience", "automaticApproval", "manualApproval"]);
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

function rewrite(value: unknown, key: string | null, depth: number): unknown {
  if (depth > 8) return value;
  if (typeof value === "string") return key != null && FIELDS.has(key) && (value === "as:Public" || value === "Public") ? PUBLIC : value;
  if (Array.isArray(value)) return value.map((item) => rewrite(item, key, depth + 1));
  if (value != null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === "@context" ? v : rewrite(v, k, depth + 1);
    return out;
  }
  return value;
}

export function expandPublicAudience<T>(document: T): T {
  return rewrite(document, null, 0) as T;
}
