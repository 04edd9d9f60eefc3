// Real JSON captured from other fediverse servers (test/fixtures, a copy of
// the workshop's shared/fixtures), and a strict offline document loader for
// parsing it: preloaded JSON-LD contexts only, a stand-in for the few vendor
// contexts that would be fetched, and an
// error for anything else (a test never reaches the network).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { preloadedContexts, type DocumentLoader } from "@fedify/vocab-runtime";

export const FIXTURES_DIR = join(import.meta.dirname, "..", "fixtures", "activitypub");

/** Vendor contexts that real servers would fetch. */
const STAND_IN_CONTEXTS = ["https://fedia.io/contexts", "https://queer.hacktivis.me/schemas/litepub-0.1.jsonld"];

export const offlineDocumentLoader: DocumentLoader = async (url) => {
  if (url in preloadedContexts) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
  if (STAND_IN_CONTEXTS.includes(url) || url.endsWith("/schemas/litepub-0.1.jsonld")) {
    // Pleroma's LitePub and mbin's contexts extend ActivityStreams (mbin's is used alone): stand in with it.
    return { contextUrl: null, documentUrl: url, document: preloadedContexts["https://www.w3.org/ns/activitystreams"] };
  }
  throw new Error(`Unexpected fetch in a test: ${url}`);
};

export function fixturePaths(filter: (path: string) => boolean = () => true): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".json") ? [relative(FIXTURES_DIR, path)] : [];
    });
  return walk(FIXTURES_DIR).filter(filter).sort();
}

/** A fixture's JSON; Lemmy's captures omit `@context`, which Lemmy always sends: add it back. */
export function loadFixture(path: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(FIXTURES_DIR, path), "utf8")) as Record<string, unknown>;
  if (!("@context" in json)) json["@context"] = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1", "https://join-lemmy.org/context.json"];
  return json;
}
