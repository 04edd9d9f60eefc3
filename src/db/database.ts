// Opens the database named by DATABASE_URL: embedded SQLite (the default, for
// a small organization) or PostgreSQL (several web and worker processes).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import type SqliteDatabase from "better-sqlite3";
import { postgresDriver, sqliteDriver } from "./lazy-drivers.ts";
import { ContentWritesPlugin } from "./content-writes.ts";
import type { Database } from "./schema.ts";
import { DEFAULT_BUSY_TIMEOUT_MS } from "./busy.ts";
import { ConcurrentSqliteDialect } from "./sqlite-dialect.ts";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** For PostgreSQL, the connection string (listeners open their own connection). */
  readonly url: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * SQLite only: how long a query may wait for another process's lock before
   * failing with DatabaseBusyError (answered 503). Waited without blocking.
   */
  readonly busyTimeoutMs?: number;
}

export function openDatabase(url: string, options: DatabaseOptions = {}): DatabaseHandle {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new (postgresDriver().Pool)({ connectionString: url, max: 10 });
    // A dropped idle connection must not crash the process; the pool reconnects.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new ContentWritesPlugin()] });
    return { db, dialect: "postgres", url, close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:/, "");
  const inMemory = path === ":memory:" || path === "";
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const timeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const writer = openConnection(path, timeoutMs);
  writer.pragma("journal_mode = WAL");
  writer.pragma("synchronous = NORMAL");
  writer.pragma("foreign_keys = ON");
  // Opened after the switch to WAL, which lets it read while the writer writes.
  const reader = inMemory ? undefined : openConnection(path, timeoutMs);
  reader?.pragma("query_only = ON");
  // From here on SQLite never sleeps inside a call (that would stop the event
  // loop): the dialect waits between attempts instead (src/db/busy.ts).
  writer.pragma("busy_timeout = 0");
  reader?.pragma("busy_timeout = 0");
  const dialect = new ConcurrentSqliteDialect({ writer, reader, busy: { timeoutMs } });
  const db = new Kysely<Database>({ dialect, plugins: [new ContentWritesPlugin()] });
  return { db, dialect: "sqlite", url, close: () => db.destroy() };
}

/**
 * While opening, a blocking busy timeout is right: nothing is served yet, and
 * even switching to WAL must wait for a process that holds the file.
 */
function openConnection(path: string, busyTimeoutMs: number): SqliteDatabase.Database {
  const connection = new (sqliteDriver())(path);
  connection.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
  return connection;
}
