// `encommun user create|password|delete`: account administration from the
// shell. Arguments and the password are checked before the database is
// opened, so misuse changes nothing.
import { createUser, findUserByHandle, generatePassword, localUsername, passwordProblem, setPassword } from "../domain/accounts.ts";
import { deleteLocalAccount } from "../domain/account-deletion.ts";
import { findActorByHandle, handleOf, hostOf } from "../domain/actors.ts";
import { DomainError } from "../domain/errors.ts";
import { checkHandle } from "../domain/handles.ts";
import { configFrom, parseArgs, UsageError, withServices, type CliContext } from "./context.ts";

/** Reads the first line of a stream (without its line ending), then stops reading. */
export function readLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const finish = (line: string) => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.pause();
      resolve(line.replace(/\r$/, ""));
    };
    const onData = (chunk: string | Buffer) => {
      buffer += typeof chunk === "string" ? chunk : chunk.toString("utf8");
      const newline = buffer.indexOf("\n");
      if (newline >= 0) finish(buffer.slice(0, newline));
    };
    const onEnd = () => finish(buffer);
    const onError = (error: unknown) => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      reject(error);
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("error", onError);
    stream.resume();
  });
}

/** The password given on standard input, checked; a usage error when the line is empty. */
async function passwordFromStdin(ctx: CliContext): Promise<string> {
  const password = await readLine(ctx.io.stdin);
  if (password.length === 0) throw new UsageError("--password-stdin read an empty line: write the password on standard input");
  const problem = passwordProblem(password);
  if (problem) throw new DomainError("invalid", problem);
  return password;
}

function oneHandle(positional: string[], usage: string): string {
  if (positional.length === 0) throw new UsageError(`Missing handle: ${usage}`);
  if (positional.length > 1) throw new UsageError(`Unexpected argument "${positional[1]}": ${usage}`);
  return positional[0]!;
}

/** Checks that a handle names this instance (before any database work). */
function localHandle(ctx: CliContext, handle: string): string {
  const username = localUsername(handle, configFrom(ctx).publicUrl);
  if (username == null) throw new UsageError(`"${handle}" is not a handle of this instance`);
  return username;
}

async function create(args: string[], ctx: CliContext): Promise<number> {
  const { positional, flags } = parseArgs(args, { flags: ["admin", "password-stdin"] });
  const username = localHandle(ctx, oneHandle(positional, "user create <handle> [--admin] [--password-stdin]"));
  const problem = checkHandle(username, hostOf(configFrom(ctx).publicUrl));
  if (problem === "invalid") throw new DomainError("invalid", `Invalid handle "${username}": use 1 to 30 letters, digits, _ . or -`);
  if (problem === "reserved") throw new DomainError("conflict", `The handle "${username}" is reserved`);
  const given = flags.has("password-stdin") ? await passwordFromStdin(ctx) : null;
  return withServices(ctx, async (services) => {
    const { actor, password } = await createUser(services.db, services.config.publicUrl, {
      handle: username,
      password: given,
      isAdmin: flags.has("admin"),
    });
    ctx.io.out(`Created ${flags.has("admin") ? "administrator" : "account"} ${handleOf(actor)}.`);
    if (given == null) ctx.io.out(`Password (shown only this once): ${password}`);
    return 0;
  });
}

async function password(args: string[], ctx: CliContext): Promise<number> {
  const { positional, flags } = parseArgs(args, { flags: ["password-stdin"] });
  const username = localHandle(ctx, oneHandle(positional, "user password <handle> [--password-stdin]"));
  const given = flags.has("password-stdin") ? await passwordFromStdin(ctx) : null;
  return withServices(ctx, async (services) => {
    const account = await findUserByHandle(services.db, services.config.publicUrl, username);
    if (!account) throw new DomainError("not_found", `No account "${username}" on this instance`);
    const newPassword = given ?? generatePassword();
    await setPassword(services.db, account.actor.id, newPassword);
    ctx.io.out(`Password changed for ${handleOf(account.actor)}; its browser sessions were signed out.`);
    if (given == null) ctx.io.out(`New password (shown only this once): ${newPassword}`);
    return 0;
  });
}

async function remove(args: string[], ctx: CliContext): Promise<number> {
  const { positional } = parseArgs(args, {});
  const username = localHandle(ctx, oneHandle(positional, "user delete <handle>"));
  return withServices(ctx, async (services) => {
    const actor = await findActorByHandle(services.db, username, hostOf(services.config.publicUrl));
    if (!actor || actor.is_local !== 1 || actor.type === "Application") {
      throw new DomainError("not_found", `No account "${username}" on this instance`);
    }
    if (actor.deleted_at != null) throw new DomainError("gone", `${handleOf(actor)} was already deleted`);
    // The operator acts as an administrator: the deletion goes to the moderation log.
    await deleteLocalAccount(services, actor, { byAdmin: { actorId: null, reason: "encommun user delete" } });
    ctx.io.out(`Deleted ${handleOf(actor)}; every server this instance knows will be told.`);
    return 0;
  });
}

const SUBCOMMANDS: Record<string, (args: string[], ctx: CliContext) => Promise<number>> = {
  create,
  password,
  delete: remove,
};

export async function userCommand(args: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = args;
  const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!subcommand) {
    throw new UsageError(name === undefined ? "Missing subcommand: user create|password|delete" : `Unknown subcommand "user ${name}"`);
  }
  return subcommand(rest, ctx);
}
