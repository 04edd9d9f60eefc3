// What a request answers when its body passes the size limit: the API and
// fediverse servers get JSON, a browser (a form sent with too much text) a
// page in the reader's language. The limit is checked before the language
// middleware runs, hence ensureLanguage.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { ensureLanguage } from "../i18n/negotiate.ts";
import { viewContext } from "../views/layout.ts";
import { messagePage } from "../views/message.ts";
import { wantsJson } from "./not-found.ts";

export function tooLargeResponse(c: Context<AppEnv>, maxBytes: number): Response | Promise<Response> {
  // The body is left unread: the connection must close, or the client's next request on it is lost.
  const headers = { Connection: "close" };
  if (wantsJson(c.req.path, c.req.header("accept"))) {
    return c.json({ error: "payload_too_large", message: `Request bodies are limited to ${maxBytes} bytes` }, 413, headers);
  }
  ensureLanguage(c);
  const v = viewContext(c);
  const size = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return c.html(messagePage(v, { title: "error.tooLargeTitle", body: { text: v.t("error.tooLargeBody", { size }) } }), 413, headers);
}
