// The real federation (builder, dispatchers, lookup, directory, thread backfill) in process,
// over a strict fake network: documents are served from a map, every fetch is
// recorded, and anything not in the map fails as a 404 would. WebFinger is
// never reached for handles here (use URLs): the network has no DNS.
import { MemoryKvStore, type Context, type Federation } from "@fedify/fedify";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { federationBuilder } from "../../federation/builder.ts";
import { createDirectory } from "../../federation/directory.ts";
import { createLookup } from "../../federation/lookup.ts";
import { createThreadBackfill } from "../../federation/thread-backfill.ts";
import { ensureInstanceActor } from "../../src/domain/actors.ts";
import type { Services } from "../../src/services.ts";
import { offlineDocumentLoader } from "./fixtures.ts";
import { testServices, type TestServices } from "./services.ts";

export interface FakeFederation {
  readonly services: TestServices;
  readonly federation: Federation<Services>;
  /** URL → JSON-LD document served at it. */
  readonly documents: Map<string, unknown>;
  /** Every URL fetched, in order. */
  readonly fetched: string[];
  context(): Context<Services>;
}

export async function fakeFederation(env: Record<string, string> = { ALLOW_PRIVATE_ADDRESS: "true" }): Promise<FakeFederation> {
  const base = await testServices(env);
  const documents = new Map<string, unknown>();
  const fetched: string[] = [];
  const loader: DocumentLoader = async (url) => {
    fetched.push(url);
    const document = documents.get(url);
    if (document === undefined) throw new Error(`404 in the fake network: ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
  const federation = await federationBuilder().build({
    kv: new MemoryKvStore(),
    origin: base.config.publicUrl.href,
    documentLoaderFactory: () => loader,
    contextLoaderFactory: () => offlineDocumentLoader,
    authenticatedDocumentLoaderFactory: () => loader,
  });
  const services: TestServices = {
    ...base,
    directory: createDirectory(federation, () => services),
    lookup: createLookup(federation, () => services),
    threadBackfill: createThreadBackfill(federation, () => services),
  };
  await ensureInstanceActor(services.db, services.config.publicUrl, "Test");
  return { services, federation, documents, fetched, context: () => federation.createContext(services.config.publicUrl, services) };
}
