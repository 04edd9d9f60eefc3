// Lemmy's `Lock` of a thread, a type Fedify 2.3 does not know. Lemmy sends it
// as `"type": "Lock"` under the ActivityStreams context, whose `@vocab` is
// `_:`: expanded, it is the blank type `_:Lock`, which Fedify parses as a plain
// `Activity` (its type is dropped, the document is kept in the object's cache).
//
// Sending: a subclass of `Activity` whose JSON-LD, compact or expanded, names
// `Lock` instead of `Activity`. Fedify clones activities with
// `new this.constructor(...)` (to add integrity proofs), so the proofs and the
// signatures are computed over the `Lock` document that is sent. Fedify's
// fan-out queue re-parses the JSON, which would turn it back into a plain
// `Activity`: every send of a Lock passes `fanout: "skip"`.
//
// Receiving: `rawType()` reads the type from the document as received.
import { Activity } from "@fedify/vocab";

const ACTIVITY = "https://www.w3.org/ns/activitystreams#Activity";
/** How `Lock` expands under the ActivityStreams context (`@vocab: "_:"`). */
export const LOCK_TYPE_EXPANDED = "_:Lock";

function renameType(json: unknown): unknown {
  if (json == null || typeof json !== "object") return json;
  if (Array.isArray(json)) return json.map(renameType);
  const record = { ...(json as Record<string, unknown>) };
  if (record.type === "Activity") record.type = "Lock";
  if (Array.isArray(record["@type"])) record["@type"] = (record["@type"] as unknown[]).map((t) => (t === ACTIVITY ? LOCK_TYPE_EXPANDED : t));
  return record;
}

export class Lock extends Activity {
  override async toJsonLd(options: Parameters<Activity["toJsonLd"]>[0] = {}): Promise<unknown> {
    return renameType(await super.toJsonLd(options));
  }
}

function typesOf(value: unknown): string[] {
  const type = value != null && typeof value === "object" ? (value as Record<string, unknown>).type ?? (value as Record<string, unknown>)["@type"] : undefined;
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === "string");
}

/** Whether a received document is a Lock (compact `Lock`, or expanded `_:Lock`). */
export function isLockDocument(json: unknown): boolean {
  return typesOf(json).some((t) => t === "Lock" || t === LOCK_TYPE_EXPANDED);
}
