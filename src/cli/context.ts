import { formatConfigProblems, loadConfig, type Config } from "../config/config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import type { FederationFactory } from "../runtime.ts";
import type { Services } from "../services.ts";

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: CliIo;
  readonly federation: FederationFactory;
}

/** Misuse of the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Invalid settings: every problem printed at once, exit code 1. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(formatConfigProblems(problems));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function configFrom(ctx: CliContext): Config {
  const result = loadConfig(ctx.env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/**
 * Runs a command against the migrated database with the federation layer
 * plugged in (so, e.g., deleting an account queues its Delete), then closes.
 */
export async function withServices<T>(ctx: CliContext, run: (services: Services) => Promise<T>): Promise<T> {
  const config = configFrom(ctx);
  const database = openDatabase(config.databaseUrl, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
  try {
    await migrateToLatest(database.db);
    const runtime = await ctx.federation(config, database);
    try {
      return await run(runtime.services);
    } finally {
      await runtime.close();
    }
  } finally {
    await database.close();
  }
}

/** Splits `--flag`, `--key value` / `--key=value` options from positional arguments. */
export function parseArgs(args: readonly string[], spec: { flags?: string[]; options?: string[] }): { positional: string[]; flags: Set<string>; options: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (spec.flags?.includes(name) && inline === undefined) {
      flags.add(name);
    } else if (spec.options?.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`Unknown option --${name}`);
    }
  }
  return { positional, flags, options };
}
