// Small helpers shared by the pages' form handlers.
import type { Context } from "hono";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../domain/accounts.ts";
import { isCommonPassword } from "../domain/common-passwords.ts";
import { findActorByHandle, hostOf } from "../domain/actors.ts";
import { checkHandle } from "../domain/handles.ts";
import { pendingRequestFor } from "../domain/registration-requests.ts";
import type { AppEnv } from "./env.ts";
import type { FieldError } from "./views/form-errors.ts";
import type { ViewContext } from "./views/layout.ts";

/** A text field of a parsed form body; "" when absent or a file. */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" ? value : "";
}

/** A comma-separated field (languages, topics, interests) as its non-empty items. */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The handle typed in a sign-up form, without the `@` people often add. */
export function typedHandle(body: Record<string, unknown>): string {
  return field(body, "handle").trim().replace(/^@/, "");
}

/**
 * Every translated reason to refuse a new account's handle and password,
 * checked before anything is spent (a setup link, an invitation use).
 */
export async function newAccountProblem(
  c: Context<AppEnv>,
  v: ViewContext,
  handle: string,
  password: string,
): Promise<{ errors: FieldError[]; status: 400 | 409 } | null> {
  const origin = c.get("services").config.publicUrl;
  const errors: FieldError[] = [];
  let status: 400 | 409 = 400;
  const handleCheck = checkHandle(handle, hostOf(origin));
  if (handleCheck === "invalid") errors.push({ field: "handle", message: v.t("account.handleInvalid") });
  // A sign-up request awaiting approval holds its handle too (src/domain/registration-requests.ts).
  else if (handleCheck === "reserved" || (await findActorByHandle(c.get("services").db, handle, hostOf(origin))) || (await pendingRequestFor(c.get("services").db, handle))) {
    errors.push({ field: "handle", message: v.t(handleCheck === "reserved" ? "account.handleReserved" : "account.handleTaken") });
    status = 409;
  }
  const refused = newPasswordRefusal(v, password);
  if (refused) {
    errors.push({ field: "password", message: refused });
    status = 400;
  }
  return errors.length > 0 ? { errors, status } : null;
}

/** Why a new password is refused, translated; null when it is acceptable. */
export function newPasswordRefusal(v: ViewContext, password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return v.t("account.passwordInvalid", { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
  }
  return isCommonPassword(password) ? v.t("account.passwordCommon") : null;
}

/** Secrets in the URL (setup and invitation links): keep them out of Referer headers, caches and search engines. */
export function protectSecretPage(c: Context<AppEnv>): void {
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
}
