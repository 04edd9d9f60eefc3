import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { Readable } from "node:stream";

function context(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  let factoryCalls = 0;
  const ctx: CliContext = {
    env,
    io: { stdin: Readable.from([]), out: (t) => out.push(t), err: (t) => err.push(t) },
    federation: async () => {
      factoryCalls++;
      throw new Error("the server must not start");
    },
  };
  return { ctx, out, err, factoryCalls: () => factoryCalls };
}

describe("encommun start and migrate", () => {
  it("refuses an invalid configuration with one message listing every problem, exit code 1", async () => {
    const { ctx, err, factoryCalls } = context({ PORT: "huit-mille", LOG_LEVEL: "bavard", REGISTRATION_MODE: "parfois" });
    expect(await runCli(["start"], ctx)).toBe(1);
    expect(err).toHaveLength(1);
    const message = err[0]!;
    for (const name of ["PORT", "LOG_LEVEL", "REGISTRATION_MODE"]) expect(message).toContain(name);
    expect(factoryCalls()).toBe(0);
  });

  it("refuses an unknown role or a stray argument with the usage, exit code 2", async () => {
    for (const args of [["start", "--role", "chef"], ["start", "now"], ["start", "--port", "1"], ["start", "--role"]]) {
      const { ctx, err, factoryCalls } = context({});
      expect(await runCli(args, ctx), args.join(" ")).toBe(2);
      expect(err.join("\n")).toContain("Usage: encommun");
      expect(factoryCalls()).toBe(0);
    }
  });

  it("migrates an empty database by command, then says it is up to date", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "encommun-migrate-"));
    try {
      const first = context({ DATA_DIR: dir });
      expect(await runCli(["migrate"], first.ctx)).toBe(0);
      expect(first.out.join("\n")).toMatch(/Applied: 2026/);
      const second = context({ DATA_DIR: dir });
      expect(await runCli(["migrate"], second.ctx)).toBe(0);
      expect(second.out.join("\n")).toContain("up to date");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints the usage for no command (exit 2) and for help (exit 0)", async () => {
    const none = context({});
    expect(await runCli([], none.ctx)).toBe(2);
    expect(none.err.join()).toContain("Usage");
    const help = context({});
    expect(await runCli(["--help"], help.ctx)).toBe(0);
    expect(help.out.join()).toContain("Usage");
  });
});
