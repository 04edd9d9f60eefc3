// The document as its sender wrote it: Fedify keeps the JSON it parsed a
// top-level object from, and gives it back from toJsonLd() without options.
// What Fedify's vocabulary drops (types it does not know, like Lemmy's Lock or
// our QualityLabel tags) is read from there. Embedded objects are not kept:
// read them from their container's document.
import type { Object as ASObject } from "@fedify/vocab";

export async function rawDocument(object: ASObject): Promise<Record<string, unknown> | null> {
  const json = await object.toJsonLd().catch(() => null);
  return json != null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
}
