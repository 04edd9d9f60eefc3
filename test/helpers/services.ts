// In-process services over a fresh in-memory SQLite, with a recording outbox
// and a directory and lookup that know only what the database holds (a strict
// fake network: any remote lookup throws, so a test never reaches the outside
// by accident).
import { loadConfig, type Config } from "../../src/config/config.ts";
import { findActorByHandle, findActorByUri, type ActorRow } from "../../src/domain/actors.ts";
import type { ActorDirectory } from "../../src/domain/directory.ts";
import { parseHandle } from "../../src/domain/handles.ts";
import type { LookupResult, RemoteLookup } from "../../src/domain/lookup.ts";
import { findNotebook, findNotebookByUri } from "../../src/domain/notebooks.ts";
import { findNoteById, findNoteByUri } from "../../src/domain/notes.ts";
import type { OutboundIntent, Outbox } from "../../src/domain/intents.ts";
import type { Services } from "../../src/services.ts";
import { freshSqlite } from "./databases.ts";

export interface TestServices extends Services {
  /** Every intent the domain handed to the outbox, in order. */
  readonly sent: OutboundIntent[];
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  const result = loadConfig({ PUBLIC_URL: "https://test.example", DATA_DIR: "/tmp/encommun-test", ...env });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

export async function testServices(env: Record<string, string> = {}): Promise<TestServices> {
  const handle = await freshSqlite();
  const config = testConfig(env);
  const sent: OutboundIntent[] = [];
  const outbox: Outbox = {
    send: async (intent) => {
      sent.push(intent);
    },
  };
  const directory: ActorDirectory = {
    resolve: async (query: string): Promise<ActorRow | null> => {
      const handleParts = parseHandle(query);
      const local = handleParts
        ? handleParts.host === config.publicUrl.host ? await findActorByHandle(handle.db, handleParts.username, handleParts.host) : undefined
        : await findActorByUri(handle.db, query);
      if (local) return local;
      throw new Error(`Unexpected remote lookup in a unit test: ${query}`);
    },
  };
  const lookup: RemoteLookup = {
    resolve: async (query: string): Promise<LookupResult | null> => {
      if (parseHandle(query)) {
        const actor = await directory.resolve(query);
        return actor ? { kind: "actor", actor } : null;
      }
      const url = URL.parse(query.trim());
      if (!url) return null;
      const db = handle.db;
      const actor = await findActorByUri(db, url.href);
      if (actor) return { kind: "actor", actor };
      const path = /^\/(notes|notebooks)\/([^/]+)$/.exec(url.pathname);
      const local = url.origin === config.publicUrl.origin;
      const note = (await findNoteByUri(db, url.href)) ?? (local && path?.[1] === "notes" ? await findNoteById(db, path[2]!) : undefined);
      if (note) return { kind: "note", note };
      const notebook = (await findNotebookByUri(db, url.href)) ?? (local && path?.[1] === "notebooks" ? await findNotebook(db, path[2]!) : undefined);
      if (notebook) return { kind: "notebook", notebook };
      // Our own URLs are never fetched: nothing here is nothing.
      if (local) return null;
      throw new Error(`Unexpected remote lookup in a unit test: ${query}`);
    },
  };
  return { config, db: handle.db, dialect: handle.dialect, outbox, directory, lookup, sent, close: () => handle.close() };
}
