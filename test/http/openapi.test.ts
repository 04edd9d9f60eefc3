// The OpenAPI document: valid OpenAPI 3.1, served without a token, and naming
// exactly the routes the API app registers (so it cannot drift from the code).
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/http/api/openapi/document.ts";
import { createApp } from "../../src/http/app.ts";
import { apiRoutes } from "../../src/http/routes/api.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

/** "/notes/:id/revisions/:number{[0-9]+}" → "/notes/{id}/revisions/{number}". */
function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
}

function registeredRoutes(): Set<string> {
  const routes = apiRoutes()
    .routes.filter((r) => r.method !== "ALL") // middleware (bearer check, not-found)
    .map((r) => `${r.method} ${openApiPath(r.path)}`);
  return new Set(routes);
}

function documentedRoutes(): Set<string> {
  const doc = openApiDocument();
  return new Set(
    Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
  );
}

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route the API registers, and no other", () => {
    const registered = registeredRoutes();
    const documented = documentedRoutes();
    expect(registered.size).toBeGreaterThan(100);
    expect([...registered].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((r) => !registered.has(r)).sort()).toEqual([]);
  });

  it("gives each path parameter, bearer auth and the error schema", () => {
    const doc = openApiDocument();
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item) as Array<{ parameters: Array<{ name: string; in: string }> }>) {
        expect(op.parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual(names);
      }
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const notFound = (doc.paths["/notes/{id}"] as any).get.responses["404"];
    expect(notFound.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect((doc.paths["/notes"] as any).post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/NoteInput" });
  });

  describe("served by the instance", () => {
    let services: TestServices;
    beforeEach(async () => {
      services = await testServices();
    });
    afterEach(() => services.close());

    it("answers /api/v1/openapi.json without a token", async () => {
      const app = createApp(services);
      const res = await app.request("/api/v1/openapi.json");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      const body = await res.json();
      expect(body.openapi).toBe("3.1.0");
      expect(body.paths["/openapi.json"].get.security).toEqual([]);
      // Other routes still need one.
      expect((await app.request("/api/v1/me")).status).toBe(401);
    });
  });
});
