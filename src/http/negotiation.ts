// Content negotiation between the ActivityPub JSON and the HTML of the same URL.
const ACTIVITY_TYPES = ["application/activity+json", "application/ld+json"];

interface AcceptEntry {
  type: string;
  q: number;
}

function parseAccept(header: string | null | undefined): AcceptEntry[] {
  if (!header) return [{ type: "*/*", q: 1 }];
  return header.split(",").map((part) => {
    const [type = "", ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
  });
}

function quality(entries: AcceptEntry[], type: string): number {
  const [major] = type.split("/");
  let best = 0;
  for (const entry of entries) {
    if (entry.type === type || entry.type === `${major}/*` || entry.type === "*/*") best = Math.max(best, entry.q);
  }
  return best;
}

/** True when the client explicitly prefers ActivityPub JSON over HTML. */
export function prefersActivityJson(accept: string | null | undefined): boolean {
  const entries = parseAccept(accept);
  const explicit = entries.filter((e) => ACTIVITY_TYPES.includes(e.type)).reduce((q, e) => Math.max(q, e.q), 0);
  return explicit > 0 && explicit >= quality(entries, "text/html");
}

export function acceptsHtml(accept: string | null | undefined): boolean {
  return quality(parseAccept(accept), "text/html") > 0;
}
