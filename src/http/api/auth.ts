import type { Context, MiddlewareHandler } from "hono";
import { DomainError } from "../../domain/errors.ts";
import type { AppEnv, CurrentUser } from "../env.ts";

/**
 * The API takes bearer tokens only: accepting the session cookie here would
 * let another site's form act for a signed-in person (CSRF).
 */
export const requireBearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.req.header("Authorization")?.startsWith("Bearer ") || c.get("user") == null) {
    return c.json({ error: "unauthorized", message: "A valid bearer token is required (Authorization: Bearer <token>)" }, 401);
  }
  await next();
};

export function currentUser(c: Context<AppEnv>): CurrentUser {
  const user = c.get("user");
  if (!user) throw new DomainError("unauthorized", "Not signed in");
  return user;
}

/** Parses a JSON object body; anything else is the client's mistake (400). */
export async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new DomainError("invalid", "The body must be a JSON object");
  }
  if (body == null || typeof body !== "object" || Array.isArray(body)) throw new DomainError("invalid", "The body must be a JSON object");
  return body as Record<string, unknown>;
}
