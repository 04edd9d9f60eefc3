// Every page of an instance started with default settings carries the
// security headers: a strict Content-Security-Policy (the pages run no
// script), nosniff and a referrer policy. Walked over a real process, signed
// out and signed in, pages, API, ActivityPub and errors alike.
import { describe, expect, it } from "vitest";
import { useInstances, type Instance } from "../harness/harness.ts";

// Only what a process needs to listen on its own port and folder: every other setting is its default.
const DEFAULTS = {
  PUBLIC_URL: undefined,
  TLS_CERT_FILE: undefined,
  TLS_KEY_FILE: undefined,
  ALLOW_PRIVATE_ADDRESS: undefined,
  INSTANCE_NAME: undefined,
  LOG_LEVEL: undefined,
};

/**
 * Pages enhanced by the instance's own static scripts (the note form's upload progress, the note page's
 * citation copy button): same-origin scripts only; every other page none.
 */
const ENHANCED = /^\/notes\/(?:new|[^/]+|[^/]+\/edit)$/;

function expectSecurityHeaders(res: Response, path: string): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  const scripts = ENHANCED.test(path) ? "script-src 'self'" : "script-src 'none'";
  for (const directive of ["default-src 'self'", scripts, "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
    expect(csp, `${path}: ${directive}`).toContain(directive);
  }
  expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
  // PUBLIC_URL defaults to http://localhost: no HSTS over plain http.
  expect(res.headers.get("strict-transport-security"), path).toBeNull();
}

async function signInCookie(instance: Instance, handle: string, password: string): Promise<string> {
  const res = await instance.fetch("/signin", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ handle, password }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
}

describe("security headers", () => {
  const net = useInstances(1, { env: DEFAULTS });

  it("an instance with default settings answers every page with them", async () => {
    const [a] = net.instances as [Instance];
    expect(a.origin).toMatch(/^http:/);
    const alice = await a.createUser("alice");
    const note = await a.api("POST", "/api/v1/notes", { title: "Jardins", content: "Des **semis**.", tags: ["potager"] }, alice.token);
    expect(note.status).toBe(201);
    const community = await a.api("POST", "/api/v1/communities", { handle: "jardins", name: "Jardins" }, alice.token);
    expect(community.status).toBe(201);
    const notebook = await a.api("POST", "/api/v1/notebooks", { title: "Carnet" }, alice.token);
    expect(notebook.status).toBe(201);
    const term = await a.api("POST", "/api/v1/terms", { labelFr: "Semis" }, alice.token);
    expect(term.status).toBe(201);
    const organization = await a.api("POST", "/api/v1/organizations", { username: "cooperative" }, alice.token);
    expect(organization.status).toBe(201);

    const signedOut = [
      "/", "/about", "/signin", "/signup", "/notes", `/notes/${note.body.id}`, `/notes/${note.body.id}/history`,
      "/communities", "/c/jardins", "/@jardins", "/@alice", "/@alice/notes", "/@alice/followers", "/@alice/following",
      "/notebooks", `/notebooks/${notebook.body.id}`, "/terms", `/terms/${term.body.slug}`, "/tags/potager",
      "/organizations", "/organizations/cooperative", "/network", "/search?q=jardins", "/no-such-page",
      "/settings/profile", "/assets/style.css", "/healthz", "/lang/en",
      "/api/v1/notes", "/api/v1/me", "/.well-known/webfinger?resource=acct:alice@localhost", "/.well-known/nodeinfo",
    ];
    for (const path of signedOut) {
      const res = await a.fetch(path, { headers: { accept: "text/html" }, redirect: "manual" });
      expect(res.status, path).toBeLessThan(500);
      expectSecurityHeaders(res, path);
    }
    const actor = await a.fetch("/actors/instance", { headers: { accept: "application/activity+json" } });
    expect(actor.status).toBe(200);
    expectSecurityHeaders(actor, "the instance actor");

    const cookie = await signInCookie(a, "alice", alice.password);
    const signedIn = ["/", "/settings/profile", "/settings/account", "/notes/new", "/communities/new", "/follow-requests", `/notes/${note.body.id}/edit`, "/c/jardins/moderation"];
    for (const path of signedIn) {
      const res = await a.fetch(path, { headers: { accept: "text/html", cookie }, redirect: "manual" });
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res, path);
    }
  }, 120_000);
});
