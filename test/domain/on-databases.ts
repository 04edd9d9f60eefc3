// Runs a domain test file on both supported databases: in-memory SQLite and
// a throwaway PostgreSQL database, each fresh and migrated for every test.
import { afterEach, beforeEach } from "vitest";
import type { DatabaseHandle } from "../../src/db/database.ts";
import type { OutboundIntent } from "../../src/domain/intents.ts";
import { freshPostgres, freshSqlite } from "../helpers/databases.ts";
import { testConfig, type TestServices } from "../helpers/services.ts";

export const DATABASES: readonly { name: string; open: () => Promise<DatabaseHandle> }[] = [
  { name: "SQLite", open: freshSqlite },
  { name: "PostgreSQL", open: freshPostgres },
];

/** Services over a database, with a recording outbox and a directory and lookup that refuse every lookup. */
export function servicesOn(handle: DatabaseHandle): TestServices {
  const sent: OutboundIntent[] = [];
  return {
    config: testConfig(),
    db: handle.db,
    dialect: handle.dialect,
    outbox: { send: async (intent) => void sent.push(intent) },
    directory: {
      resolve: async (query) => {
        throw new Error(`Unexpected lookup in a domain test: ${query}`);
      },
    },
    lookup: {
      resolve: async (query) => {
        throw new Error(`Unexpected lookup in a domain test: ${query}`);
      },
    },
    sent,
    close: () => handle.close(),
  };
}

/** Fresh services for each test of the calling `describe`; read them through the returned getter. */
export function useServices(open: () => Promise<DatabaseHandle>): () => TestServices {
  let services: TestServices | null = null;
  beforeEach(async () => {
    services = servicesOn(await open());
  });
  afterEach(async () => {
    await services?.close();
    services = null;
  });
  return () => {
    if (!services) throw new Error("services are only available inside a test");
    return services;
  };
}
