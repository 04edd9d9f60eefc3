import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ACTIVITY_LIMITS, jsonLimitExceeded } from "../../federation/json-limits.ts";

const limits = { maxDepth: 3, maxArrayItems: 2, maxValues: 6 };

function fixtures(dir = "test/fixtures/activitypub"): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? fixtures(path) : [path];
  });
}

describe("jsonLimitExceeded", () => {
  it("lets through what fits", () => {
    expect(jsonLimitExceeded('{"a":[1,2],"b":{"c":"[[[["}}', limits)).toBeNull();
    expect(jsonLimitExceeded("[]", limits)).toBeNull();
  });

  it("counts depth outside strings only, escapes included", () => {
    expect(jsonLimitExceeded('{"a":"\\"[[[[[[\\""}', limits)).toBeNull();
    expect(jsonLimitExceeded('{"a":[[{}]]}', limits)).toBe("nesting deeper than 3 levels");
  });

  it("bounds each array and the whole document", () => {
    expect(jsonLimitExceeded("[1,2,3]", limits)).toBe("an array of more than 2 items");
    expect(jsonLimitExceeded('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7}', limits)).toBe("more than 6 values");
    expect(jsonLimitExceeded('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', limits)).toBeNull();
  });

  it("stops early on a hostile body without parsing it", () => {
    const deep = "[".repeat(500_000) + "]".repeat(500_000);
    const started = performance.now();
    expect(jsonLimitExceeded(deep)).toBe(`nesting deeper than ${ACTIVITY_LIMITS.maxDepth} levels`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("accepts every real-world fixture", () => {
    for (const path of fixtures()) expect(jsonLimitExceeded(readFileSync(path, "utf8")), path).toBeNull();
  });
});
