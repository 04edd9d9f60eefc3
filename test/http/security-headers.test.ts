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

describe("enhancement scripts", () => {
  it("are forbidden unless the page opts in, and then only same-origin ones", async () => {
    const { Hono } = await import("hono");
    const { securityHeaders, allowEnhancementScripts } = await import("../../src/http/security-headers.ts");
    const app = new Hono<import("../../src/http/env.ts").AppEnv>();
    app.use(securityHeaders(new URL("http://localhost:8000")));
    app.get("/plain", (c) => c.text("plain"));
    app.get("/enhanced", (c) => {
      allowEnhancementScripts(c);
      return c.text("enhanced");
    });
    expect((await app.request("/plain")).headers.get("content-security-policy")).toContain("script-src 'none'");
    const enhanced = (await app.request("/enhanced")).headers.get("content-security-policy")!;
    expect(enhanced).toContain("script-src 'self'");
    expect(enhanced).not.toContain("unsafe-inline");
  });

  it("are served from /assets with a script type", async () => {
    services = await testServices({ PUBLIC_URL: "http://localhost:8000" });
    const res = await createApp(services).request("/assets/copy-button.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await res.text()).toContain("data-copy-target");
  });
});
