// The `encommun` command line. Each command is a function of its arguments and
// a context (environment, standard streams, federation factory); it returns
// the exit code, so tests run it in-process and the binary only wraps it.
import { findDatabaseBusy } from "../db/busy.ts";
import { DomainError } from "../domain/errors.ts";
import { ConfigError, UsageError, type CliContext } from "./context.ts";
import { dumpCommand } from "./dump.ts";
import { inviteCommand } from "./invite.ts";
import { migrateCommand } from "./migrate.ts";
import { startCommand } from "./start.ts";
import { tokenCommand } from "./token.ts";
import { userCommand } from "./user.ts";

export type Command = (args: string[], ctx: CliContext) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: startCommand,
  migrate: migrateCommand,
  user: userCommand,
  token: tokenCommand,
  invite: inviteCommand,
  dump: dumpCommand,
};

export const USAGE = `Usage: encommun <command>

  start [--role all|web|worker]        run the server (default role: all)
  migrate                              apply pending database migrations
  user create <handle> [--admin] [--password-stdin]
                                       create an account (prints a generated password
                                       unless --password-stdin reads one line)
  user password <handle> [--password-stdin]
                                       set a new password
  user delete <handle>                 delete an account (federates Delete)
  token create <handle> [--label NAME] print a new API bearer token
  invite create [--uses N] [--days D]  print a sign-up invitation link (default: 1 use,
                                       valid 7 days; for REGISTRATION_MODE=invitation)
  dump <dir>                           write the public data dump (JSON-LD, CSV, README)
                                       of this instance's public content into <dir>

Settings come from the environment (see README.md).`;

export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? ctx.io.err : ctx.io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.io.err(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      ctx.io.err(error.message);
      return 1;
    }
    if (error instanceof DomainError) {
      ctx.io.err(`Error: ${error.message}`);
      return 1;
    }
    const busy = findDatabaseBusy(error);
    if (busy) {
      ctx.io.err(`Error: ${busy.message}; try again in a moment (SQLITE_BUSY_TIMEOUT_MS sets how long to wait).`);
      return 1;
    }
    throw error;
  }
}
