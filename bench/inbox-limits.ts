// What the worst body the inbox accepts costs (issue 9, point 3): Fedify's
// JSON-LD parsing (`Activity.fromJsonLd`, the work an inbox POST does before
// and after the signature check) of bodies built at the edge of
// federation/json-limits.ts, against a real Mastodon Create (the baseline),
// with the contexts from memory as in production. Also the limits check itself
// on the largest hostile body that fits in 1 MiB.
import { readFileSync } from "node:fs";
import { Activity } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import "../src/temporal.ts";
import { ACTIVITY_LIMITS, jsonLimitExceeded } from "../federation/json-limits.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const ACTOR = "https://bench.example/users/alice";
const loader = getDocumentLoader();

export interface LimitSample {
  readonly name: string;
  readonly bytes: number;
  /** Median time of one parse, in milliseconds. */
  readonly medianMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function create(object: Record<string, unknown>): Record<string, unknown> {
  return { "@context": [AS, "https://w3id.org/security/v1", { Hashtag: "as:Hashtag" }], id: `${ACTOR}/c`, type: "Create", actor: ACTOR, object: { id: `${ACTOR}/n`, type: "Note", attributedTo: ACTOR, content: "x", ...object } };
}

/** Bodies at the limits: as many values as allowed, in the shapes that cost JSON-LD the most. */
export function worstAcceptedBodies(): { name: string; text: string }[] {
  const { maxDepth, maxArrayItems, maxValues } = ACTIVITY_LIMITS;
  // Depth: a chain of objects as deep as allowed (the top levels take 3).
  let chain: unknown = "x";
  for (let i = 0; i < maxDepth - 3; i++) chain = { type: "Note", inReplyTo: chain };
  // Values: hashtags (4 values each) up to the total, in arrays of the largest allowed length.
  const hashtags = Array.from({ length: Math.floor((maxValues - 20) / 4) }, (_, i) => ({ type: "Hashtag", name: `#t${i}`, href: `${ACTOR}/tags/t${i}` }));
  const tagArrays = { tag: hashtags.slice(0, maxArrayItems), attachment: hashtags.slice(maxArrayItems) };
  // Strings: addressees, each expanded to a node reference.
  const addressees = Array.from({ length: maxValues - 30 }, (_, i) => `${ACTOR}/followers-${i}`);
  const [to, cc, bto] = [0, 1, 2].map((k) => addressees.slice(k * maxArrayItems, (k + 1) * maxArrayItems));
  // Width and depth together: nested objects each holding a few values, to the total.
  const tree = (depth: number): unknown => (depth === 0 ? { type: "Note", content: "x" } : { type: "Note", inReplyTo: tree(depth - 1), attachment: [tree(depth - 1)] });
  let treeDepth = 1;
  while (jsonLimitExceeded(JSON.stringify(create({ inReplyTo: tree(treeDepth + 1) }))) === null) treeDepth++;
  return [
    { name: `a chain of objects ${maxDepth} levels deep`, text: JSON.stringify(create({ inReplyTo: chain })) },
    { name: `${hashtags.length} hashtags (${maxValues} values)`, text: JSON.stringify(create(tagArrays)) },
    { name: `${addressees.length} addressees in to/cc/bto`, text: JSON.stringify(create({ to, cc, bto })) },
    { name: `a binary tree of replies ${treeDepth} levels deep`, text: JSON.stringify(create({ inReplyTo: tree(treeDepth) })) },
  ];
}

async function parseMs(text: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await Activity.fromJsonLd(JSON.parse(text), { contextLoader: loader, documentLoader: loader });
    times.push(performance.now() - started);
  }
  return median(times);
}

/** One run: the baseline, then each worst body, each parsed `repeats` times (median). */
export async function measureInboxLimits(repeats = 5): Promise<{ baseline: LimitSample; worst: LimitSample[]; refused: LimitSample; check: LimitSample }> {
  const mastodon = readFileSync("test/fixtures/activitypub/mastodon/activities/create_note.json", "utf8");
  for (const { text } of worstAcceptedBodies()) {
    const exceeded = jsonLimitExceeded(text);
    if (exceeded) throw new Error(`a "worst accepted" body is refused: ${exceeded}`);
  }
  await parseMs(mastodon, 3); // warm-up
  const baseline = { name: "Mastodon Create(Note) (baseline)", bytes: mastodon.length, medianMs: await parseMs(mastodon, repeats * 4) };
  const worst: LimitSample[] = [];
  for (const { name, text } of worstAcceptedBodies()) worst.push({ name, bytes: text.length, medianMs: await parseMs(text, repeats) });
  // The scan reads every character of a body that fits (a refused one stops early).
  // For comparison, what the depth limit now refuses and the inbox used to parse.
  let deep: unknown = "x";
  for (let i = 0; i < 100; i++) deep = { type: "Note", inReplyTo: deep };
  const deepText = JSON.stringify(create({ inReplyTo: deep }));
  const refused = { name: "a chain 100 levels deep (refused now, parsed before)", bytes: deepText.length, medianMs: await parseMs(deepText, repeats) };
  const hostile = JSON.stringify({ content: "x".repeat(1024 * 1024 - 20) });
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    jsonLimitExceeded(hostile);
    times.push(performance.now() - started);
  }
  return { baseline, worst, refused, check: { name: "limits check of a 1 MiB body", bytes: hostile.length, medianMs: median(times) } };
}

if (import.meta.main) {
  const { baseline, worst, refused, check } = await measureInboxLimits();
  for (const s of [baseline, ...worst, refused, check]) console.log(`${s.name}: ${s.bytes} bytes, ${s.medianMs.toFixed(2)} ms (${(s.medianMs / baseline.medianMs).toFixed(2)}×)`);
}
