// Runs CLI commands in-process against a throwaway SQLite file, with a
// recording outbox and no network.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach } from "vitest";
import type { CliContext } from "../../src/cli/context.ts";
import { runCli } from "../../src/cli/run.ts";
import type { OutboundIntent } from "../../src/domain/intents.ts";
import { openDatabase } from "../../src/db/database.ts";
import type { FederationFactory } from "../../src/runtime.ts";

export const ORIGIN = new URL("https://cli.example");

export interface CliSandbox {
  /** The folder of this test's database file. */
  readonly dir: string;
  /** Every intent the commands handed to the outbox. */
  readonly sent: OutboundIntent[];
  cli(argv: string[], stdin?: string, env?: Record<string, string>): Promise<{ code: number; out: string[]; err: string }>;
  /** Looks at the database the commands wrote, after they closed it. */
  inspect<T>(look: (db: ReturnType<typeof openDatabase>["db"]) => Promise<T>): Promise<T>;
}

/** A fresh sandbox for each test of the calling file. */
export function useCliSandbox(): CliSandbox {
  let dir = "";
  let sent: OutboundIntent[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "encommun-cli-"));
    sent = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const databaseUrl = () => `sqlite:${join(dir, "x.sqlite")}`;

  const federation: FederationFactory = async (config, database) => ({
    services: {
      config,
      db: database.db,
      dialect: database.dialect,
      outbox: { send: async (intent) => void sent.push(intent) },
      directory: {
        resolve: async (query) => {
          throw new Error(`Unexpected lookup in a CLI test: ${query}`);
        },
      },
      lookup: {
        resolve: async (query) => {
          throw new Error(`Unexpected lookup in a CLI test: ${query}`);
        },
      },
    },
    middleware: async (_c, next) => next(),
    startWorker: async () => {},
    close: async () => {},
  });

  return {
    get dir() {
      return dir;
    },
    get sent() {
      return sent;
    },
    async cli(argv, stdin = "", env = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const ctx: CliContext = {
        env: { PUBLIC_URL: ORIGIN.href, DATABASE_URL: databaseUrl(), DATA_DIR: dir, ...env },
        io: { stdin: Readable.from(stdin ? [stdin] : []), out: (text) => out.push(text), err: (text) => err.push(text) },
        federation,
      };
      const code = await runCli(argv, ctx);
      return { code, out, err: err.join("\n") };
    },
    async inspect(look) {
      const handle = openDatabase(databaseUrl());
      try {
        return await look(handle.db);
      } finally {
        await handle.close();
      }
    },
  };
}
