// The OpenAPI 3.1 document of the JSON API, built from the per-area route
// list (operations.ts) and the shared schemas (schemas.ts). Served at
// /api/v1/openapi.json; test/http/openapi.test.ts validates it and checks it
// names exactly the routes the API app registers.
import { AREAS, type Operation, type OperationSpec } from "./operations.ts";
import { SCHEMAS } from "./schemas.ts";

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: schemaRef("Error") } } });

function responseSchema(returns: string) {
  return returns.startsWith("[") ? { type: "array", items: schemaRef(returns.slice(1, -1)) } : schemaRef(returns);
}

function parameters(path: string, spec: OperationSpec) {
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: spec.pathEnums?.[name!] ? { type: "string", enum: spec.pathEnums[name!] } : { type: "string" },
  }));
  const inQuery = (spec.query ?? []).map((q) => {
    const [name, required] = typeof q === "string" ? [q, false] : q;
    return { name, in: "query", required, schema: { type: "string" } };
  });
  return [...inPath, ...inQuery];
}

function operationObject(tag: string, [method, path, summary, spec = {}]: Operation) {
  const status = String(spec.status ?? 200);
  const success = spec.returns
    ? { description: "Success", content: { "application/json": { schema: responseSchema(spec.returns) } } }
    : { description: "Success" };
  return {
    tags: [tag],
    summary,
    operationId: `${method}${path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    ...(spec.public ? { security: [] } : {}),
    parameters: parameters(path, spec),
    ...(spec.body
      ? { requestBody: { required: method !== "delete", content: { "application/json": { schema: schemaRef(spec.body) } } } }
      : {}),
    responses: {
      [status]: success,
      "400": errorResponse("Invalid input"),
      ...(spec.public ? {} : { "401": errorResponse("No token, or an unknown or revoked token") }),
      "403": errorResponse("Not allowed"),
      "404": errorResponse("Not found"),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const area of AREAS) {
    for (const operation of area.operations) {
      const [method, path] = operation;
      (paths[path] ??= {})[method] = operationObject(area.tag, operation);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "En commun JSON API",
      version: "1",
      description: "The JSON API of an En commun instance (docs/API.md). Errors are {error, message}.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    tags: AREAS.map((a) => ({ name: a.tag })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "`encommun token create <handle>`" } },
      schemas: SCHEMAS,
    },
  };
}
