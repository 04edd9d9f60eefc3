// A flood of Follows from one server (to one or many of our actors) is
// throttled per sending host, before any verification or storage, so that
// it costs us little and slows nobody else. In memory, per process: a
// deployment with several web processes multiplies the allowance.
const WINDOW_MS = 60_000;
export const MAX_FOLLOWS_PER_HOST = 30;

const recent = new Map<string, number[]>();

/** The host of the key that signed the request, or null when unsigned. */
function signerHost(request: Request): string | null {
  const header = request.headers.get("Signature") ?? request.headers.get("Signature-Input") ?? "";
  const keyId = /keyid="([^"]+)"/i.exec(header)?.[1];
  try {
    return keyId ? new URL(keyId).host : null;
  } catch {
    return null;
  }
}

/** A 429 when this request is a Follow over its host's allowance, else null. */
export async function followFloodResponse(request: Request, now = Date.now()): Promise<Response | null> {
  if (request.method !== "POST" || !/\/inbox$/.test(new URL(request.url).pathname)) return null;
  const host = signerHost(request);
  if (!host) return null;
  let type: unknown;
  try {
    type = ((await request.clone().json()) as { type?: unknown }).type;
  } catch {
    return null; // malformed: the inbox answers 400 itself
  }
  if (type !== "Follow") return null;
  const times = (recent.get(host) ?? []).filter((t) => t > now - WINDOW_MS);
  if (times.length >= MAX_FOLLOWS_PER_HOST) {
    recent.set(host, times);
    return new Response(`Too many Follows from ${host}; try again later\n`, { status: 429, headers: { "Retry-After": "60", "Content-Type": "text/plain" } });
  }
  times.push(now);
  recent.set(host, times);
  return null;
}
