// The HTTP application: Hono routes for pages and the JSON API, with the
// federation layer plugged in as a middleware by the composition root (so
// src/ never depends on it).
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getLogger } from "@logtape/logtape";
import { findDatabaseBusy } from "../db/busy.ts";
import { DomainError, HTTP_STATUS } from "../domain/errors.ts";
import type { Services } from "../services.ts";
import type { AppEnv } from "./env.ts";
import { languageMiddleware } from "./i18n/negotiate.ts";
import { sessionMiddleware } from "./sessions.ts";
import { securityHeaders } from "./security-headers.ts";
import { apiRoutes } from "./routes/api.ts";
import { authRoutes } from "./routes/auth.ts";
import { pageRoutes } from "./routes/pages.ts";
import { notePageRoutes } from "./routes/note-pages.ts";
import { reportPageRoutes } from "./routes/report-pages.ts";
import { communityPageRoutes } from "./routes/community-pages.ts";
import { knowledgePageRoutes } from "./routes/knowledge-pages.ts";
import { networkPageRoutes } from "./routes/network-pages.ts";
import { privacyPageRoutes } from "./routes/privacy-pages.ts";
import { mediaCacheRoutes, mediaCacheSigning } from "./routes/media-cache.ts";
import { assetRoutes } from "./routes/assets.ts";
import { mediaFileRoutes } from "./routes/media.ts";
import { notFoundPage } from "./routes/not-found.ts";
import { redactionPageRoutes } from "./routes/redaction-pages.ts";
import { dataExportPageRoutes } from "./routes/data-export-pages.ts";
import { feedRoutes } from "./routes/feed-routes.ts";
import { embedRoutes } from "./routes/embed-routes.ts";
import { findPageRoutes } from "./routes/find-pages.ts";
import { databaseBusyResponse } from "./routes/database-busy.ts";
import { clearCacheOnWrites, pageCaching } from "./page-caching.ts";

const logger = getLogger(["encommun", "http"]);

/** Largest request body accepted anywhere, inbox included. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  /** Serves ActivityPub (WebFinger, NodeInfo, actors, inboxes) before the pages. */
  federation?: MiddlewareHandler<AppEnv>;
}

export function createApp(services: Services, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(securityHeaders(services.config.publicUrl));
  app.use(async (c, next) => {
    c.set("services", services);
    c.set("user", null);
    c.set("csrfToken", null);
    await next();
  });
  app.use(clearCacheOnWrites);
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The body is left unread: the connection must close, or the client's next request on it is lost.
    onError: (c) => c.json({ error: "payload_too_large", message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes` }, 413, { Connection: "close" }),
  });
  // Uploads have their own, larger limit (src/http/api/media.ts); everything else, inbox included, 1 MiB.
  app.use((c, next) => (c.req.method === "POST" && c.req.path === "/api/v1/media" ? next() : limitBody(c, next)));
  app.get("/healthz", (c) => c.text("ok"));
  if (options.federation) app.use(options.federation);

  app.use(languageMiddleware);
  app.use(sessionMiddleware);
  app.use(mediaCacheSigning());
  app.use(pageCaching);
  app.route("/assets", assetRoutes());
  app.route("/", mediaCacheRoutes());
  app.route("/", mediaFileRoutes());
  app.route("/api/v1", apiRoutes());
  app.route("/", authRoutes());
  app.route("/", communityPageRoutes()); // before pageRoutes: a Group's /@handle is its community page
  app.route("/", pageRoutes());
  app.route("/", reportPageRoutes()); // before notePageRoutes: /notes/:id/report
  app.route("/", notePageRoutes());
  app.route("/", redactionPageRoutes());
  app.route("/", dataExportPageRoutes());
  app.route("/", knowledgePageRoutes());
  app.route("/", networkPageRoutes());
  app.route("/", privacyPageRoutes());
  app.route("/", feedRoutes());
  app.route("/", embedRoutes());
  app.route("/", findPageRoutes());
  app.notFound(notFoundPage);

  app.onError((error, c) => {
    if (error instanceof DomainError) {
      const status = HTTP_STATUS[error.code];
      return c.json({ error: error.code, message: error.message }, status);
    }
    const busy = findDatabaseBusy(error);
    if (busy) {
      logger.warning("Database busy on {method} {path}: answered 503 ({message})", { method: c.req.method, path: c.req.path, message: busy.message });
      return databaseBusyResponse(c, busy);
    }
    if (error instanceof SyntaxError) return c.json({ error: "invalid", message: "Malformed JSON body" }, 400);
    logger.error("Unhandled error on {method} {path}: {error}", { method: c.req.method, path: c.req.path, error });
    return c.json({ error: "internal", message: "Internal server error" }, 500);
  });
  return app;
}
