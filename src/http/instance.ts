// The instance as this request sees it: the environment's settings overridden
// by what administrators saved (src/domain/instance-settings.ts), read once
// per request, before the language is negotiated (its fallback is the
// instance's first language).
import type { Context, MiddlewareHandler } from "hono";
import type { InstanceInfo } from "../config/config.ts";
import { currentInstance } from "../domain/instance-settings.ts";
import type { AppEnv } from "./env.ts";

export const instanceMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, config } = c.get("services");
  c.set("instance", await currentInstance(db, config.instance));
  await next();
};

/** The settings in force for this request (the environment's when the middleware did not run). */
export function instanceOf(c: Context<AppEnv>): InstanceInfo {
  return c.get("instance") ?? c.get("services").config.instance;
}
