import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { configFrom, parseArgs, type CliContext } from "./context.ts";

export async function migrateCommand(args: string[], ctx: CliContext): Promise<number> {
  parseArgs(args, {});
  const config = configFrom(ctx);
  const database = openDatabase(config.databaseUrl, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
  try {
    const applied = await migrateToLatest(database.db);
    ctx.io.out(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
    return 0;
  } finally {
    await database.close();
  }
}
