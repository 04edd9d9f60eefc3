// The network page (/network): the instances this one federates with, sisters
// first. Public; administrators also see the policy and the refused hosts.
import { Hono } from "hono";
import { currentPolicy } from "../../domain/federation-policy.ts";
import { listNetwork } from "../../domain/network.ts";
import type { AppEnv } from "../env.ts";
import { viewContext } from "../views/layout.ts";
import { networkPage } from "../views/network.ts";

export function networkPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/network", async (c) => {
    const services = c.get("services");
    const isAdmin = c.get("user")?.isAdmin === true;
    const entries = await listNetwork(services, { isAdmin });
    const policyMode = isAdmin ? (await currentPolicy(services.db)).mode : null;
    return c.html(networkPage(viewContext(c), { entries, policyMode }));
  });

  return app;
}
