// Opens the database named by DATABASE_URL: embedded SQLite (the default, for
// a small organization) or PostgreSQL (several web and worker processes).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from "kysely";
import type { DatabaseConnection, Driver, SqliteDialectConfig } from "kysely";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import type { Database } from "./schema.ts";
import { withStatementCache } from "./statement-cache.ts";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** For PostgreSQL, the connection string (listeners open their own connection). */
  readonly url: string;
  close(): Promise<void>;
}

export function openDatabase(url: string): DatabaseHandle {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // A dropped idle connection must not crash the process; the pool reconnects.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", url, close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:/, "");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // The busy timeout comes first: even switching to WAL must wait for a
  // server process (or the CLI) that holds the file at that moment.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: "sqlite", url, close: () => db.destroy() };
}

/**
 * SQLite's default deferred transaction starts as a reader and upgrades to a
 * writer at its first write; if another process (a running server's queue,
 * the CLI) wrote in between, the upgrade fails at once with SQLITE_BUSY and the
 * busy timeout is never consulted. Our transactions all write, so they take
 * the write lock when they begin, where the busy timeout does apply.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}
