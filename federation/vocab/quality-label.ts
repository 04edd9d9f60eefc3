// Quality labels in ActivityPub (FEDERATION.md, "Quality labels"): each label
// of a note is a `tag` item of our own type `QualityLabel`, a JSON-LD term in
// the En commun namespace, written in the document's `@context`:
//
//   "@context": [..., {"encommun": "https://encommun.org/ns#", "QualityLabel": "encommun:QualityLabel"}],
//   "tag": [{"type": ["QualityLabel", "Object"], "name": "contestee", "summary": "<reason>",
//            "url": "<source>", "content": "<the author's answer>", "published": "..."}]
//
// Other En commun instances show it; software that does not know the type
// ignores the tag item (Mastodon and Lemmy skip tag types they do not know).
// It is also an `Object`: Fedify drops a tag item of no type it knows, and then
// no longer keeps the document as received, where we read the labels from
// (raw-document.ts). Only ActivityStreams properties are used besides the
// type, so nothing else needs a term. Fedify cannot serialize an unknown type:
// `QualityLabelTag` is an `Object` whose JSON-LD adds `QualityLabel` (its full
// IRI, so that it stays itself nested anywhere); `withLabelTerms` then writes
// the short term and its definition into a top-level document's `@context`.
import { Object as ASObject, Update } from "@fedify/vocab";
import type { NoteLabelRow } from "../../src/domain/note-labels.ts";

export const ENCOMMUN_NS = "https://encommun.org/ns#";
export const QUALITY_LABEL_TYPE = `${ENCOMMUN_NS}QualityLabel`;
const AS_OBJECT = "https://www.w3.org/ns/activitystreams#Object";
const TERMS = { encommun: ENCOMMUN_NS, QualityLabel: "encommun:QualityLabel" };

type Json = Record<string, unknown>;

function renameObjectType(json: unknown): unknown {
  if (json == null || typeof json !== "object") return json;
  // The expanded form is an array of one node.
  if (Array.isArray(json)) return json.map(renameObjectType);
  const record = { ...(json as Json) };
  if (record.type === "Object") record.type = [QUALITY_LABEL_TYPE, "Object"];
  if (Array.isArray(record["@type"])) record["@type"] = (record["@type"] as unknown[]).flatMap((t) => (t === AS_OBJECT ? [QUALITY_LABEL_TYPE, AS_OBJECT] : [t]));
  return record;
}

export class QualityLabelTag extends ASObject {
  override async toJsonLd(options: Parameters<ASObject["toJsonLd"]>[0] = {}): Promise<unknown> {
    return renameObjectType(await super.toJsonLd(options));
  }
}

function isLabelTag(item: unknown): item is Json {
  if (item == null || typeof item !== "object") return false;
  const type = (item as Json).type;
  return [type].flat().some((t) => t === "QualityLabel" || t === QUALITY_LABEL_TYPE || t === "encommun:QualityLabel");
}

function shortenTags(document: Json): { document: Json; found: boolean } {
  if (!Array.isArray(document.tag) && !isLabelTag(document.tag)) return { document, found: false };
  let found = false;
  const tags = [document.tag].flat().map((item) => {
    if (!isLabelTag(item)) return item;
    found = true;
    const types = [item.type].flat().map((t) => (t === QUALITY_LABEL_TYPE || t === "encommun:QualityLabel" ? "QualityLabel" : t));
    return { ...item, type: types.length === 1 ? types[0] : types };
  });
  return { document: found ? { ...document, tag: tags } : document, found };
}

/** A top-level document (a note, or an activity embedding one) with label tags under their short term, defined in its `@context`. */
export function withLabelTerms(document: Json): Json {
  let found = false;
  let result = document;
  const own = shortenTags(result);
  result = own.document;
  found ||= own.found;
  if (result.object != null && typeof result.object === "object" && !Array.isArray(result.object)) {
    const inner = shortenTags(result.object as Json);
    if (inner.found) result = { ...result, object: inner.document };
    found ||= inner.found;
  }
  if (!found || !("@context" in result)) return result;
  const context = [result["@context"]].flat();
  return { ...result, "@context": [...context, TERMS] };
}

/** An Update whose JSON-LD says `QualityLabel` with its term (signatures and proofs are computed over what is sent). */
export class UpdateWithLabels extends Update {
  override async toJsonLd(options: Parameters<Update["toJsonLd"]>[0] = {}): Promise<unknown> {
    const json = await super.toJsonLd(options);
    return json != null && typeof json === "object" && !Array.isArray(json) && "@context" in json ? withLabelTerms(json as Json) : json;
  }
}

/** The label tags of a received document (a note as its home serves or sends it), as plain fields; the caller validates. */
export function labelTagsOf(document: unknown): { name: unknown; summary: unknown; url: unknown; content: unknown; published: unknown }[] {
  if (document == null || typeof document !== "object") return [];
  const tags = [(document as Json).tag].flat().filter(isLabelTag);
  return tags.map((t) => ({ name: t.name, summary: t.summary, url: typeof t.url === "object" && t.url != null ? (t.url as Json).href : t.url, content: t.content, published: t.published }));
}

/** A label decided on this instance, as a tag of its note. */
export function labelTag(row: NoteLabelRow): QualityLabelTag {
  return new QualityLabelTag({
    name: row.label,
    summary: row.reason,
    url: row.source_url ? new URL(row.source_url) : null,
    content: row.answer,
    published: Temporal.Instant.from(row.created_at),
  });
}
