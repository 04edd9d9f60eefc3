// What a request answers when the database stayed locked by another process
// past the busy timeout (src/db/busy.ts): 503 with Retry-After, never 500, so
// that browsers, API clients and fediverse servers (which retry 503s) try again.
import type { Context } from "hono";
import type { DatabaseBusyError } from "../../db/busy.ts";
import type { AppEnv } from "../env.ts";
import { ensureLanguage } from "../i18n/negotiate.ts";
import { viewContext } from "../views/layout.ts";
import { messagePage } from "../views/message.ts";
import { wantsJson } from "./not-found.ts";

export function databaseBusyResponse(c: Context<AppEnv>, error: DatabaseBusyError): Response | Promise<Response> {
  // The error may come from before the language middleware (the federation layer).
  ensureLanguage(c);
  const v = viewContext(c);
  const headers = { "Retry-After": String(error.retryAfterSeconds) };
  if (wantsJson(c.req.path, c.req.header("accept"))) {
    return c.json({ error: "unavailable", message: v.t("error.busyBody") }, 503, headers);
  }
  return c.html(messagePage(v, { title: "error.busyTitle", body: "error.busyBody" }), 503, headers);
}
