// The Node version the server really needs (type stripping without a flag:
// 22.18) is said the same way everywhere, and an older Node gets one sentence.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** Runs bin/check-node.cjs as if the current Node reported `version`. */
function checkAs(version: string) {
  const pretend =
    `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(version)} });` +
    `Object.defineProperty(process, "version", { value: ${JSON.stringify(`v${version}`)} });` +
    `require(${JSON.stringify(join(root, "bin/check-node.cjs"))});`;
  return spawnSync(process.execPath, ["-e", pretend], { encoding: "utf8" });
}

describe("the Node version", () => {
  it("is 22.18 in engines, the lock file, README, .ci/run and the check", () => {
    const pkg = JSON.parse(read("package.json"));
    const lock = JSON.parse(read("package-lock.json"));
    expect(pkg.engines.node).toBe(">=22.18");
    expect(lock.packages[""].engines.node).toBe(">=22.18");
    expect(read("README.md")).toContain("Node.js ≥ 22.18");
    expect(read(".ci/run")).toContain("b >= 18");
    expect(read("bin/check-node.cjs")).toContain("var MINIMUM = [22, 18];");
  });

  it("is checked before install, start and test", () => {
    const { scripts } = JSON.parse(read("package.json"));
    expect(scripts.preinstall).toBe("node bin/check-node.cjs");
    expect(scripts.start).toMatch(/^node bin\/check-node\.cjs && /);
    expect(scripts.test).toMatch(/^node bin\/check-node\.cjs && /);
  });

  it("stops an older Node with one sentence in both languages, no stack trace", () => {
    for (const old of ["20.20.2", "22.12.0", "22.17.1"]) {
      const result = checkAs(old);
      expect(result.status, old).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines, old).toHaveLength(1);
      expect(lines[0]).toContain(`needs Node.js 22.18 or newer (this is v${old})`);
      expect(lines[0]).toContain("exige Node.js 22.18");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("lets 22.18 and newer through silently", () => {
    for (const recent of ["22.18.0", "23.0.0", "24.21.0"]) {
      const result = checkAs(recent);
      expect(result.status, recent).toBe(0);
      expect(result.stderr, recent).toBe("");
    }
  });
});
