import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

let services: TestServices | null = null;
afterEach(() => services?.close());

describe("security headers", () => {
  it("adds Strict-Transport-Security when PUBLIC_URL is https, on pages and errors alike", async () => {
    services = await testServices({ PUBLIC_URL: "https://test.example" });
    const app = createApp(services);
    for (const path of ["/", "/no-such-page", "/api/v1/me"]) {
      const res = await app.request(path, { headers: { accept: "text/html" } });
      expect(res.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(res.headers.get("content-security-policy"), path).toContain("script-src 'none'");
    }
  });

  it("leaves out Strict-Transport-Security over plain http", async () => {
    services = await testServices({ PUBLIC_URL: "http://localhost:8000" });
    const res = await createApp(services).request("/");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
