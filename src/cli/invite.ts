// `encommun invite create`: an invitation link for instances whose
// registrations are by invitation. The options are checked before the
// database is opened, so misuse changes nothing.
import { createInvitation, INVITATION_DEFAULTS, MAX_INVITATION_DAYS, MAX_INVITATION_USES } from "../domain/invitations.ts";
import { currentInstance } from "../domain/instance-settings.ts";
import { parseArgs, UsageError, withServices, type CliContext } from "./context.ts";

const USAGE = "invite create [--uses N] [--days D]";

function count(options: Map<string, string>, name: string, fallback: number, max: number): number {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) throw new UsageError(`--${name} must be an integer from 1 to ${max} (got "${raw}")`);
  return value;
}

async function create(args: string[], ctx: CliContext): Promise<number> {
  const { positional, options } = parseArgs(args, { options: ["uses", "days"] });
  if (positional.length > 0) throw new UsageError(`Unexpected argument "${positional[0]}": ${USAGE}`);
  const uses = count(options, "uses", INVITATION_DEFAULTS.uses, MAX_INVITATION_USES);
  const days = count(options, "days", INVITATION_DEFAULTS.days, MAX_INVITATION_DAYS);
  return withServices(ctx, async (services) => {
    // The mode in force: an administrator may have changed the environment's from /admin/settings.
    const mode = (await currentInstance(services.db, services.config.instance)).registrationMode;
    const invitation = await createInvitation(services.db, services.config.publicUrl, { uses, days });
    if (mode !== "invitation") {
      ctx.io.out(`Note: registrations are "${mode}"; this link lets people sign up only while they are "invitation" (REGISTRATION_MODE, or /admin/settings).`);
    }
    ctx.io.out(`Invitation for ${uses} sign-up${uses === 1 ? "" : "s"}, valid until ${invitation.expiresAt} (shown only this once):`);
    // Alone on the last line, so scripts can take it with `tail -n 1`.
    ctx.io.out(invitation.url);
    return 0;
  });
}

export async function inviteCommand(args: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name !== "create") {
    throw new UsageError(name === undefined ? `Missing subcommand: ${USAGE}` : `Unknown subcommand "invite ${name}"`);
  }
  return create(rest, ctx);
}
