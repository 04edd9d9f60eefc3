// Deleting an account from the API (src/domain/account-deletion.ts):
// `DELETE /api/v1/me` by its owner, who confirms with their password (a stolen
// token alone cannot erase an account), and `DELETE /api/v1/admin/accounts/:handle`
// by an administrator, logged in the moderation log.
import { Hono, type Context } from "hono";
import { findUser, findUserByHandle, MAX_PASSWORD_LENGTH } from "../../domain/accounts.ts";
import { deleteLocalAccount, type AccountDeletionSummary } from "../../domain/account-deletion.ts";
import { DomainError } from "../../domain/errors.ts";
import { verifyPassword } from "../../domain/passwords.ts";
import type { AppEnv } from "../env.ts";
import { attemptOf, passwordThrottle } from "../throttle.ts";
import { currentUser, jsonBody } from "./auth.ts";

function summaryJson(summary: AccountDeletionSummary) {
  return { deletedNotes: summary.deletedNotes, anonymizedNotes: summary.anonymizedNotes, notifiedServers: summary.recipients };
}

function keepChoice(body: Record<string, unknown>): boolean {
  if (body.keepLicensedNotes === undefined) return false;
  if (typeof body.keepLicensedNotes !== "boolean") throw new DomainError("invalid", "keepLicensedNotes must be true or false");
  return body.keepLicensedNotes;
}

/** Null when the password matches; otherwise the response (throttled like sign-in). */
async function passwordRefusal(c: Context<AppEnv>, password: unknown): Promise<Response | null> {
  const services = c.get("services");
  const { actor } = currentUser(c);
  if (typeof password !== "string" || password === "") throw new DomainError("invalid", "Confirm with your password: { \"password\": \"…\" }");
  const throttle = passwordThrottle(services);
  const attempt = attemptOf(c, actor.username);
  const wait = await throttle.retryAfter(attempt);
  if (wait > 0) {
    c.header("Retry-After", String(wait));
    return c.json({ error: "throttled", message: `Too many wrong passwords: try again in ${wait} s` }, 429);
  }
  const account = await findUser(services.db, actor.id);
  if (account && password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, account.user.password_hash))) return null;
  await throttle.recordFailure(attempt);
  return c.json({ error: "forbidden", message: "Wrong password" }, 403);
}

export function accountDeletionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.delete("/me", async (c) => {
    const body = await jsonBody(c);
    const keep = keepChoice(body);
    const refused = await passwordRefusal(c, body.password);
    if (refused) return refused;
    const summary = await deleteLocalAccount(c.get("services"), currentUser(c).actor, { keepLicensedNotes: keep });
    return c.json(summaryJson(summary));
  });

  app.delete("/admin/accounts/:handle", async (c) => {
    const user = currentUser(c);
    if (!user.isAdmin) throw new DomainError("forbidden", "Only administrators may do this");
    const services = c.get("services");
    const text = await c.req.text();
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed == null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        body = parsed as Record<string, unknown>;
      } catch {
        throw new DomainError("invalid", "The body, when given, must be a JSON object");
      }
    }
    if (body.reason !== undefined && typeof body.reason !== "string") throw new DomainError("invalid", "reason must be a string");
    const keep = keepChoice(body);
    const account = await findUserByHandle(services.db, services.config.publicUrl, c.req.param("handle"));
    if (!account) throw new DomainError("not_found", "No local account with this handle");
    const reason = typeof body.reason === "string" && body.reason.trim() ? body.reason.trim().slice(0, 2000) : null;
    const summary = await deleteLocalAccount(services, account.actor, { keepLicensedNotes: keep, byAdmin: { actorId: user.actor.id, reason } });
    return c.json(summaryJson(summary));
  });

  return app;
}
