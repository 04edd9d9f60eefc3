// Administrators' limits and blocks of remote accounts and instances in the
// JSON API (docs/API.md, "Blocks and limits"). Administrators only (403).
import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { listModerationPolicies, purgeInstance, setAccountPolicy, setInstancePolicy, type ModerationPolicy } from "../../domain/moderation-policies.ts";
import type { AppEnv } from "../env.ts";
import { admin } from "./admin.ts";
import { jsonBody } from "./auth.ts";

function policyJson(policy: ModerationPolicy) {
  return { type: policy.targetType, target: policy.target, handle: policy.handle, policy: policy.policy, reason: policy.reason, updatedAt: policy.updatedAt };
}

export function adminModerationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/admin/policies", async (c) => {
    admin(c);
    return c.json({ items: (await listModerationPolicies(c.get("services").db)).map(policyJson) });
  });

  app.post("/admin/instances/:domain", async (c) => {
    const user = admin(c);
    const body = await jsonBody(c);
    return c.json(policyJson(await setInstancePolicy(c.get("services"), user, c.req.param("domain"), body)));
  });

  app.post("/admin/instances/:domain/purge", async (c) => {
    const user = admin(c);
    return c.json(await purgeInstance(c.get("services"), user, c.req.param("domain")));
  });

  app.post("/admin/accounts/:handle", async (c) => {
    const user = admin(c);
    const body = await jsonBody(c);
    const services = c.get("services");
    const query = c.req.param("handle");
    const actor = await services.directory.resolve(query);
    if (!actor || actor.deleted_at != null) throw new DomainError("not_found", `Nobody found for ${query}`);
    return c.json(policyJson(await setAccountPolicy(services, user, actor, body)));
  });

  return app;
}
