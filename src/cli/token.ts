// `encommun token create`: an API bearer token for an account, printed once.
import { findUserByHandle, localUsername } from "../domain/accounts.ts";
import { handleOf } from "../domain/actors.ts";
import { createApiToken } from "../domain/api-tokens.ts";
import { DomainError } from "../domain/errors.ts";
import { configFrom, parseArgs, UsageError, withServices, type CliContext } from "./context.ts";

const USAGE = "token create <handle> [--label NAME]";

async function create(args: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(args, { options: ["label"] });
  if (positional.length === 0) throw new UsageError(`Missing handle: ${USAGE}`);
  if (positional.length > 1) throw new UsageError(`Unexpected argument "${positional[1]}": ${USAGE}`);
  const handle = positional[0]!;
  const username = localUsername(handle, configFrom(ctx).publicUrl);
  if (username == null) throw new UsageError(`"${handle}" is not a handle of this instance`);
  const label = options.get("label") ?? "cli";
  if (!label.trim()) throw new UsageError("--label must not be empty");
  return withServices(ctx, async (services) => {
    const account = await findUserByHandle(services.db, services.config.publicUrl, username);
    if (!account) throw new DomainError("not_found", `No account "${username}" on this instance`);
    const token = await createApiToken(services.db, account.actor.id, label);
    ctx.io.out(`API token "${label.trim()}" for ${handleOf(account.actor)} (shown only this once; use it as "Authorization: Bearer <token>"):`);
    // Alone on the last line, so scripts can take it with `tail -n 1`.
    ctx.io.out(token);
    return 0;
  });
}

export async function tokenCommand(args: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name !== "create") {
    throw new UsageError(name === undefined ? `Missing subcommand: ${USAGE}` : `Unknown subcommand "token ${name}"`);
  }
  return create(rest, ctx);
}
