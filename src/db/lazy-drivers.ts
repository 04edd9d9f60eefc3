// Database drivers loaded on first use: a SQLite instance never loads the
// PostgreSQL client (about 5 MB of resident memory), and a PostgreSQL one
// never loads SQLite's native module. Both are CommonJS, so a synchronous
// require keeps openDatabase synchronous.
import { createRequire } from "node:module";
import type pgModule from "pg";
import type SqliteModule from "better-sqlite3";

const require = createRequire(import.meta.url);

export function postgresDriver(): typeof pgModule {
  return require("pg") as typeof pgModule;
}

export function sqliteDriver(): typeof SqliteModule {
  return require("better-sqlite3") as typeof SqliteModule;
}
