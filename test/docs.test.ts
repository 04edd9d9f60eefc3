// The documentation that operators and tools rely on stays in step with the code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../src/config/config.ts";
import { USAGE } from "../src/cli/run.ts";

const root = join(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** Every route of the JSON API, each of which docs/API.md must name. */
const API_ROUTES: readonly string[] = [
  "GET /api/v1/me",
  "GET /api/v1/openapi.json",
  "PATCH /api/v1/me",
  "GET /api/v1/tokens",
  "DELETE /api/v1/tokens/:id",
  "DELETE /api/v1/me",
  "POST /api/v1/follows",
  "DELETE /api/v1/follows",
  "GET /api/v1/followers",
  "GET /api/v1/following",
  "GET /api/v1/follow_requests",
  "GET /api/v1/actors/lookup",
  "GET /api/v1/search",
  "GET /api/v1/interests",
  "POST /api/v1/notes",
  "PATCH /api/v1/notes/:id",
  "DELETE /api/v1/notes/:id",
  "GET /api/v1/notes/:id/revisions",
  "POST /api/v1/media",
  "POST /api/v1/notebooks",
  "POST /api/v1/notebooks/:id/items",
  "POST /api/v1/terms",
  "POST /api/v1/organizations",
  "POST /api/v1/communities",
  "GET /api/v1/communities/:handle/posts",
  "GET /api/v1/communities/:handle/requests",
  "POST /api/v1/communities/:handle/bans",
  "GET /api/v1/admin/federation-policy",
  "PUT /api/v1/admin/federation-policy",
  "GET /api/v1/admin/sisters",
  "POST /api/v1/admin/sisters",
  "POST /api/v1/admin/sisters/:host/sync",
  "DELETE /api/v1/admin/sisters/:host",
  "GET /api/v1/admin/queue",
  "POST /api/v1/communities/:handle/posts/:noteId/restore",
  "GET /api/v1/admin/settings",
  "PATCH /api/v1/admin/settings",
  "GET /api/v1/admin/registrations",
  "POST /api/v1/admin/registrations/:id/approve",
  "POST /api/v1/admin/registrations/:id/refuse",
  "GET /api/v1/network",
  "POST /api/v1/reports",
  "GET /api/v1/reports",
  "POST /api/v1/reports/:id/resolve",
  "GET /api/v1/me/warnings",
  "POST /api/v1/admin/accounts/:handle/unsuspend",
  "GET /api/v1/me/export",
  "POST /api/v1/me/exports",
  "GET /api/v1/me/exports/:id/archive",
  "DELETE /api/v1/admin/accounts/:handle",
  "DELETE /api/v1/notes/:id/revisions/:number",
  "POST /api/v1/notes/:id/labels",
  "DELETE /api/v1/notes/:id/labels",
  "GET /api/v1/notifications",
  "POST /api/v1/notifications/read",
  "POST /api/v1/blocks",
  "DELETE /api/v1/blocks",
  "GET /api/v1/blocks",
];

describe("documentation", () => {
  it("README's configuration table and .env.example list every setting", () => {
    const readme = read("README.md");
    const example = read(".env.example");
    for (const setting of SETTINGS) {
      expect(readme, setting.name).toContain(`| \`${setting.name}\` |`);
      expect(example, setting.name).toContain(`${setting.name}=`);
    }
  });

  it("README's first screen has the two commands: run an instance, run the tests", () => {
    const firstScreen = read("README.md").split("\n").slice(0, 25).join("\n");
    expect(firstScreen).toContain("npm install && npm start");
    expect(firstScreen).toContain("npm test");
    expect(firstScreen).toMatch(/Node\.js ≥ 22/);
  });

  it("docs/API.md documents every API route", () => {
    const api = read("docs/API.md");
    for (const route of API_ROUTES) {
      expect(api, route).toContain(route);
    }
  });

  it("README lists every CLI command of the usage text", () => {
    const readme = read("README.md");
    for (const command of ["start", "migrate", "user create", "user password", "user delete", "token create", "dump"]) {
      expect(USAGE).toContain(command);
      expect(readme).toContain(`bin/encommun.ts ${command}`);
    }
  });
});
