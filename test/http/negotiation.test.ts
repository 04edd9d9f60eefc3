import { describe, expect, it } from "vitest";
import { acceptsHtml, prefersActivityJson } from "../../src/http/negotiation.ts";

describe("content negotiation", () => {
  it("recognizes ActivityPub clients", () => {
    expect(prefersActivityJson("application/activity+json")).toBe(true);
    expect(prefersActivityJson('application/ld+json; profile="https://www.w3.org/ns/activitystreams"')).toBe(true);
    expect(prefersActivityJson("application/activity+json, text/html;q=0.1")).toBe(true);
  });

  it("recognizes browsers", () => {
    const firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    expect(prefersActivityJson(firefox)).toBe(false);
    expect(acceptsHtml(firefox)).toBe(true);
    expect(acceptsHtml(null)).toBe(true);
  });

  it("neither for other types", () => {
    expect(acceptsHtml("image/png")).toBe(false);
    expect(prefersActivityJson("image/png")).toBe(false);
  });
});
