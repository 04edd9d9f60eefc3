// `encommun dump <dir>`: the public data dump an administrator may publish
// (docs/OPEN-DATA.md). Read-only: it changes nothing in the database.
import { writeDump } from "../domain/open-data/write-dump.ts";
import { parseArgs, UsageError, withServices, type CliContext } from "./context.ts";

export async function dumpCommand(args: string[], ctx: CliContext): Promise<number> {
  const { positional } = parseArgs(args, { options: [] });
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "Missing folder: dump <dir>" : `Unexpected argument "${positional[1]}": dump <dir>`);
  const dir = positional[0]!;
  return withServices(ctx, async (services) => {
    const counts = await writeDump(services.db, dir, services.config.publicUrl.host);
    ctx.io.out(`Wrote ${counts.notes} notes, ${counts.notebooks} notebooks, ${counts.terms} terms and ${counts.organizations} organizations to ${dir}`);
    return 0;
  });
}
