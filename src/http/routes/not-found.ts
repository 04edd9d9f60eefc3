// What an unknown URL answers: a page for browsers, JSON for the API and for
// clients that do not accept HTML (fediverse software, scripts).
import type { NotFoundHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { acceptsHtml } from "../negotiation.ts";
import { renderMessagePage } from "../views/message.ts";

export function wantsJson(path: string, accept: string | undefined): boolean {
  return path === "/api" || path.startsWith("/api/") || !acceptsHtml(accept);
}

export const notFoundPage: NotFoundHandler<AppEnv> = (c) => {
  if (wantsJson(c.req.path, c.req.header("accept"))) {
    return c.json({ error: "not_found", message: "Not found" }, 404);
  }
  return c.html(renderMessagePage(c, { title: "error.notFoundTitle", body: "error.notFoundBody" }), 404);
};
