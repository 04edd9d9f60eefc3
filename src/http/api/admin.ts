// Administration in the JSON API (docs/API.md): the instance's settings,
// sign-up requests, the federation policy, sister instances and the health
// of outgoing delivery.
// Administrators only (403 otherwise).
import { Hono, type Context } from "hono";
import type { InstanceInfo } from "../../config/config.ts";
import { DomainError } from "../../domain/errors.ts";
import { currentInstance, EDITABLE_SETTINGS, saveSettings, storedSettings, type InstanceOverrides } from "../../domain/instance-settings.ts";
import { approveRequest, listRegistrationRequests, refuseRequest } from "../../domain/registration-requests.ts";
import { currentPolicy, policyChanges, setPolicy, type StoredPolicy } from "../../domain/federation-policy.ts";
import { connectSister, disconnectSister, listNetwork, syncSisterNow } from "../../domain/network.ts";
import type { AppEnv, CurrentUser } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";
import { actorJson } from "./json.ts";
import { networkEntryJson } from "./network.ts";

/** The signed-in administrator; 403 for anybody else. */
export function admin(c: Context<AppEnv>): CurrentUser {
  const user = currentUser(c);
  if (!user.isAdmin) throw new DomainError("forbidden", "Only administrators may do this");
  return user;
}

async function policyJson(c: Context<AppEnv>, policy: StoredPolicy) {
  const { db } = c.get("services");
  return {
    mode: policy.mode,
    blockedInstances: policy.blocked,
    allowedInstances: policy.allowed,
    updatedAt: policy.updatedAt,
    changes: (await policyChanges(db)).map((change) => ({ by: change.actorHandle, summary: change.summary, at: change.createdAt })),
  };
}

/** The settings in force, and for each editable one whether it was saved by an administrator or is the environment's. */
function settingsJson(instance: InstanceInfo, defaults: InstanceInfo, stored: InstanceOverrides) {
  const { name, description, region, sector, languages, contact, registrationMode } = instance;
  return {
    name,
    description,
    region,
    sector,
    languages,
    contact,
    registrationMode,
    overridden: EDITABLE_SETTINGS.filter((setting) => setting in stored),
    defaults: Object.fromEntries(EDITABLE_SETTINGS.map((setting) => [setting, defaults[setting]])),
  };
}

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/admin/federation-policy", async (c) => {
    admin(c);
    return c.json(await policyJson(c, await currentPolicy(c.get("services").db)));
  });

  app.put("/admin/federation-policy", async (c) => {
    const user = admin(c);
    const body = await jsonBody(c);
    const policy = await setPolicy(c.get("services"), user, {
      mode: body.mode,
      blockedInstances: body.blockedInstances,
      allowedInstances: body.allowedInstances,
    });
    return c.json(await policyJson(c, policy));
  });

  // --- Instance settings: the environment's defaults, overridden by what administrators save.

  app.get("/admin/settings", async (c) => {
    admin(c);
    const { db, config } = c.get("services");
    return c.json(settingsJson(await currentInstance(db, config.instance), config.instance, await storedSettings(db)));
  });

  app.patch("/admin/settings", async (c) => {
    const user = admin(c);
    const { db, config } = c.get("services");
    const { instance } = await saveSettings(db, user.actor, config.instance, await jsonBody(c));
    return c.json(settingsJson(instance, config.instance, await storedSettings(db)));
  });

  // --- Sign-up requests (registration mode "approval").

  app.get("/admin/registrations", async (c) => {
    admin(c);
    const status = c.req.query("status") ?? "pending";
    if (status !== "pending" && status !== "approved" && status !== "refused") throw new DomainError("invalid", "status is pending, approved or refused");
    const limit = Number(c.req.query("limit") ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError("invalid", "limit is an integer from 1 to 200");
    return c.json({ items: await listRegistrationRequests(c.get("services").db, status, limit) });
  });

  app.post("/admin/registrations/:id/approve", async (c) => {
    const user = admin(c);
    const { db, config } = c.get("services");
    const account = await approveRequest(db, config.publicUrl, user.actor, c.req.param("id"));
    return c.json({ status: "approved", actor: actorJson(account.actor) });
  });

  app.post("/admin/registrations/:id/refuse", async (c) => {
    const user = admin(c);
    // The reason is optional, and so is the body.
    const body = (await c.req.raw.clone().text()).trim() === "" ? {} : await jsonBody(c);
    const reason = body.reason;
    if (reason != null && typeof reason !== "string") throw new DomainError("invalid", "reason is a string");
    await refuseRequest(c.get("services").db, user.actor, c.req.param("id"), reason ?? null);
    return c.json({ status: "refused", reason: reason?.trim() || null });
  });

  app.get("/admin/queue", async (c) => {
    admin(c);
    const health = c.get("services").queueHealth;
    if (health == null) throw new DomainError("not_found", "This process runs no federation queue");
    const { circuitBreaker: settings, ...rest } = await health.read();
    return c.json({
      ...rest,
      circuitBreaker: {
        failures: settings.failures,
        failureWindowSeconds: settings.failureWindowMs / 1000,
        recoverySeconds: settings.recoveryMs / 1000,
        holdHours: settings.holdMs / 3_600_000,
      },
    });
  });

  app.get("/admin/sisters", async (c) => {
    admin(c);
    const entries = await listNetwork(c.get("services"), { isAdmin: true });
    return c.json({ items: entries.filter((e) => e.sister != null).map(networkEntryJson) });
  });

  app.post("/admin/sisters", async (c) => {
    const user = admin(c);
    const result = await connectSister(c.get("services"), user, (await jsonBody(c)).host);
    return c.json(
      {
        host: result.host,
        status: result.follow.status,
        actor: actorJson(result.actor),
        name: result.instance?.name ?? null,
        region: result.instance?.region ?? null,
        sector: result.instance?.sector ?? null,
        sync: result.sync,
      },
      result.created ? 201 : 200,
    );
  });

  app.post("/admin/sisters/:host/sync", async (c) => {
    const user = admin(c);
    const sync = await syncSisterNow(c.get("services"), user, c.req.param("host"));
    if (sync == null) throw new DomainError("not_found", "The sister's outbox could not be read (see the server log)");
    return c.json(sync);
  });

  app.delete("/admin/sisters/:host", async (c) => {
    const user = admin(c);
    if (!(await disconnectSister(c.get("services"), user, c.req.param("host")))) throw new DomainError("not_found", "Not a sister instance");
    return c.body(null, 204);
  });

  return app;
}
