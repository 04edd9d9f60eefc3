import { configureLogging } from "../logging.ts";
import { ROLES, type Role } from "../runtime.ts";
import { startServer } from "../server.ts";
import { configFrom, parseArgs, UsageError, type CliContext } from "./context.ts";

/** Runs until SIGINT or SIGTERM, then stops cleanly (queued work stays queued). */
export async function startCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(args, { options: ["role"] });
  if (positional.length > 0) throw new UsageError(`Unexpected argument "${positional[0]}"`);
  const role = (options.get("role") ?? "all") as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const config = configFrom(ctx);
  await configureLogging(config.logLevel);
  const server = await startServer(config, role, ctx.federation);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.stop();
  return 0;
}
