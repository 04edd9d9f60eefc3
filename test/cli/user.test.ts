import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findUserByHandle, hasAdmin, verifyCredentials } from "../../src/domain/accounts.ts";
import { findUserByToken } from "../../src/domain/api-tokens.ts";
import { ORIGIN, useCliSandbox } from "./sandbox.ts";

const PASSWORD = "correct horse battery";
const sandbox = useCliSandbox();
const { cli, inspect } = sandbox;

describe("user create", () => {
  it("generates a password and prints it once", async () => {
    const { code, out } = await cli(["user", "create", "alice"]);
    expect(code).toBe(0);
    expect(out[0]).toBe("Created account @alice@cli.example.");
    const password = /: (\S+)$/.exec(out[1]!)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    await inspect(async (db) => {
      expect(await verifyCredentials(db, ORIGIN, "alice", password)).not.toBeNull();
      expect(await hasAdmin(db)).toBe(false);
    });
  });

  it("reads exactly one line from stdin and makes an administrator", async () => {
    const { code, out } = await cli(["user", "create", "@alice", "--admin", "--password-stdin"], `${PASSWORD}\r\nsecond line\n`);
    expect(code).toBe(0);
    expect(out.join("\n")).not.toContain(PASSWORD);
    expect(out).toEqual(["Created administrator @alice@cli.example."]);
    await inspect(async (db) => {
      expect(await verifyCredentials(db, ORIGIN, "alice", PASSWORD)).not.toBeNull();
      expect(await hasAdmin(db)).toBe(true);
    });
  });

  it("refuses misuse without changing anything", async () => {
    const cases: [string[], string, number, RegExp][] = [
      [["user", "create"], "", 2, /Missing handle/],
      [["user", "create", "alice", "bob"], "", 2, /Unexpected argument "bob"/],
      [["user", "create", "alice", "--sudo"], "", 2, /Unknown option --sudo/],
      [["user", "create", "alice@elsewhere.example"], "", 2, /not a handle of this instance/],
      [["user", "create", "alice", "--password-stdin"], "\n", 2, /empty line/],
      [["user", "create", "alice", "--password-stdin"], "", 2, /empty line/],
      [["user", "create", "alice", "--password-stdin"], "short\n", 1, /at least 10 characters/],
      [["user", "create", "not valid!"], "", 1, /Invalid handle/],
      [["user", "create", "admin"], "", 1, /reserved/],
      [["user"], "", 2, /Missing subcommand/],
      [["user", "rename", "alice"], "", 2, /Unknown subcommand "user rename"/],
    ];
    for (const [argv, stdin, expected, message] of cases) {
      const { code, err, out } = await cli(argv, stdin);
      expect(code, argv.join(" ")).toBe(expected);
      expect(err, argv.join(" ")).toMatch(message);
      expect(out).toEqual([]);
    }
    // Every misuse was caught before the database was even created.
    expect(existsSync(join(sandbox.dir, "x.sqlite"))).toBe(false);
  });

  it("refuses a taken handle", async () => {
    await cli(["user", "create", "alice"]);
    const { code, err } = await cli(["user", "create", "Alice"]);
    expect(code).toBe(1);
    expect(err).toMatch(/already taken/);
  });
});

describe("user password", () => {
  it("sets a new password from stdin or a generated one", async () => {
    await cli(["user", "create", "alice", "--password-stdin"], `${PASSWORD}\n`);
    const fromStdin = await cli(["user", "password", "alice", "--password-stdin"], "another long password\n");
    expect(fromStdin.code).toBe(0);
    await inspect(async (db) => {
      expect(await verifyCredentials(db, ORIGIN, "alice", PASSWORD)).toBeNull();
      expect(await verifyCredentials(db, ORIGIN, "alice", "another long password")).not.toBeNull();
    });
    const generated = await cli(["user", "password", "alice"]);
    expect(generated.code).toBe(0);
    const password = /: (\S+)$/.exec(generated.out.at(-1)!)![1]!;
    await inspect(async (db) => expect(await verifyCredentials(db, ORIGIN, "alice", password)).not.toBeNull());
  });

  it("refuses an unknown handle, a short password and a missing handle", async () => {
    await cli(["user", "create", "alice", "--password-stdin"], `${PASSWORD}\n`);
    expect((await cli(["user", "password", "bob"])).code).toBe(1);
    const short = await cli(["user", "password", "alice", "--password-stdin"], "tiny\n");
    expect(short.code).toBe(1);
    expect((await cli(["user", "password"])).code).toBe(2);
    await inspect(async (db) => expect(await verifyCredentials(db, ORIGIN, "alice", PASSWORD)).not.toBeNull());
  });
});

describe("user delete", () => {
  it("deletes the account and federates the deletion", async () => {
    await cli(["user", "create", "alice", "--password-stdin"], `${PASSWORD}\n`);
    const { code, out } = await cli(["user", "delete", "alice"]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/Deleted @alice@cli\.example/);
    expect(sandbox.sent).toMatchObject([{ type: "actor-deleted" }]);
    await inspect(async (db) => {
      expect(await findUserByHandle(db, ORIGIN, "alice")).toBeUndefined();
      expect(await verifyCredentials(db, ORIGIN, "alice", PASSWORD)).toBeNull();
    });
    const again = await cli(["user", "delete", "alice"]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already deleted/);
    expect((await cli(["user", "delete", "nobody"])).code).toBe(1);
    expect(sandbox.sent).toHaveLength(1);
  });
});

describe("token create", () => {
  it("prints a working token alone on the last line", async () => {
    await cli(["user", "create", "alice", "--password-stdin"], `${PASSWORD}\n`);
    const { code, out } = await cli(["token", "create", "alice", "--label", "ci"]);
    expect(code).toBe(0);
    const token = out.at(-1)!;
    expect(token).toMatch(/^ec_[A-Za-z0-9_-]{43}$/);
    await inspect(async (db) => {
      expect((await findUserByToken(db, token))?.actor.username).toBe("alice");
      expect(await db.selectFrom("api_tokens").select("label").execute()).toEqual([{ label: "ci" }]);
    });
  });

  it("refuses misuse", async () => {
    await cli(["user", "create", "alice", "--password-stdin"], `${PASSWORD}\n`);
    expect((await cli(["token", "create"])).code).toBe(2);
    expect((await cli(["token", "create", "alice", "--label"])).code).toBe(2);
    expect((await cli(["token", "list"])).code).toBe(2);
    const unknown = await cli(["token", "create", "bob"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No account "bob"/);
    await inspect(async (db) => expect(await db.selectFrom("api_tokens").selectAll().execute()).toEqual([]));
  });
});
