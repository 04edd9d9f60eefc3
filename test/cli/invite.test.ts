import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { USAGE } from "../../src/cli/run.ts";
import { invitationState } from "../../src/domain/invitations.ts";
import { hashSecret } from "../../src/domain/passwords.ts";
import { ORIGIN, useCliSandbox } from "./sandbox.ts";

const sandbox = useCliSandbox();
const { cli, inspect } = sandbox;
const DAY = 24 * 60 * 60 * 1000;

function codeOf(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(ORIGIN.origin);
  expect(url.pathname).toBe("/signup");
  return url.searchParams.get("invite")!;
}

describe("invite create", () => {
  it("prints a single-use, 7-day link on its last line, storing only its hash", async () => {
    const { code, out } = await cli(["invite", "create"], "", { REGISTRATION_MODE: "invitation" });
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^Invitation for 1 sign-up, valid until \d{4}-\d\d-\d\dT/);
    const invite = codeOf(out.at(-1)!);
    await inspect(async (db) => {
      const row = await db.selectFrom("invitations").selectAll().executeTakeFirstOrThrow();
      expect(row.code_hash).toBe(hashSecret(invite));
      expect(row.uses_left).toBe(1);
      expect(Math.abs(Date.parse(row.expires_at) - Date.now() - 7 * DAY)).toBeLessThan(60_000);
      expect(await invitationState(db, invite)).toBe("valid");
    });
  });

  it("takes --uses and --days, and warns when the mode does not use invitations", async () => {
    const { code, out } = await cli(["invite", "create", "--uses", "25", "--days=30"]);
    expect(code).toBe(0);
    expect(out[0]).toBe('Note: registrations are "closed"; this link lets people sign up only while they are "invitation" (REGISTRATION_MODE, or /admin/settings).');
    expect(out[1]).toMatch(/^Invitation for 25 sign-ups/);
    codeOf(out.at(-1)!);
    await inspect(async (db) => {
      const row = await db.selectFrom("invitations").selectAll().executeTakeFirstOrThrow();
      expect(row.uses_left).toBe(25);
      expect(Math.abs(Date.parse(row.expires_at) - Date.now() - 30 * DAY)).toBeLessThan(60_000);
    });
  });

  it("refuses misuse before touching the database", async () => {
    const cases: [string[], RegExp][] = [
      [["invite"], /Missing subcommand/],
      [["invite", "list"], /Unknown subcommand "invite list"/],
      [["invite", "create", "alice"], /Unexpected argument "alice"/],
      [["invite", "create", "--uses"], /--uses needs a value/],
      [["invite", "create", "--uses", "0"], /--uses must be an integer from 1 to 1000 \(got "0"\)/],
      [["invite", "create", "--uses", "1.5"], /--uses must be an integer/],
      [["invite", "create", "--uses", "many"], /--uses must be an integer/],
      [["invite", "create", "--days", "-1"], /--days must be an integer from 1 to 365/],
      [["invite", "create", "--days", "366"], /--days must be an integer/],
      [["invite", "create", "--forever"], /Unknown option --forever/],
    ];
    for (const [argv, message] of cases) {
      const { code, err, out } = await cli(argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(err, argv.join(" ")).toMatch(message);
      expect(err).toContain("invite create [--uses N] [--days D]");
      expect(out).toEqual([]);
    }
    expect(existsSync(join(sandbox.dir, "x.sqlite"))).toBe(false);
  });

  it("is listed in the usage", () => {
    expect(USAGE).toMatch(/invite create \[--uses N\] \[--days D\]\s+print a sign-up invitation link/);
  });
});
