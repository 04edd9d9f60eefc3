// The HTTP application: Hono routes for pages and the JSON API, with the
// federation layer plugged in as a middleware by the composition root (so
// src/ never depends on it).
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isPageUpload } from "./page-uploads.ts";
import { writingPageRoutes } from "./routes/writing-pages.ts";
import { getLogger } from "@logtape/logtape";
import { findDatabaseBusy } from "../db/busy.ts";
import { DomainError, HTTP_STATUS } from "../domain/errors.ts";
import type { Services } from "../services.ts";
import type { AppEnv } from "./env.ts";
import { languageMiddleware } from "./i18n/negotiate.ts";
import { instanceMiddleware } from "./instance.ts";
import { sessionMiddleware } from "./sessions.ts";
import { securityHeaders } from "./security-headers.ts";
import { apiRoutes } from "./routes/api.ts";
import { authRoutes } from "./routes/auth.ts";
import { pageRoutes } from "./routes/pages.ts";
import { notePageRoutes } from "./routes/note-pages.ts";
import { citationFileRoutes } from "./routes/citation-files.ts";
import { replyPageRoutes } from "./routes/reply-pages.ts";
import { reportPageRoutes } from "./routes/report-pages.ts";
import { adminPageRoutes } from "./routes/admin-pages.ts";
import { communityEditPageRoutes } from "./routes/community-edit-pages.ts";
import { communityModerationPageRoutes } from "./routes/community-moderation-pages.ts";
import { communityPageRoutes } from "./routes/community-pages.ts";
import { knowledgePageRoutes } from "./routes/knowledge-pages.ts";
import { organizationEditPageRoutes } from "./routes/organization-edit-pages.ts";
import { networkPageRoutes } from "./routes/network-pages.ts";
import { notificationPageRoutes } from "./routes/notification-pages.ts";
import { remoteInteractionPageRoutes } from "./routes/remote-interaction-pages.ts";
import { privacyPageRoutes } from "./routes/privacy-pages.ts";
import { mediaCacheRoutes, mediaCacheSigning } from "./routes/media-cache.ts";
import { assetRoutes } from "./routes/assets.ts";
import { mediaFileRoutes } from "./routes/media.ts";
import { notFoundPage, wantsJson } from "./routes/not-found.ts";
import { refusalPage } from "./refusal-text.ts";
import { redactionPageRoutes } from "./routes/redaction-pages.ts";
import { dataExportPageRoutes } from "./routes/data-export-pages.ts";
import { feedRoutes } from "./routes/feed-routes.ts";
import { embedRoutes } from "./routes/embed-routes.ts";
import { findPageRoutes } from "./routes/find-pages.ts";
import { databaseBusyResponse } from "./routes/database-busy.ts";
import { tooLargeResponse } from "./routes/too-large.ts";
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
    onError: (c) => tooLargeResponse(c, MAX_BODY_BYTES),
  });
  // Uploads have their own, larger limit (src/http/api/media.ts); everything else, inbox included, 1 MiB.
  // The note form's files are limited by its route (page-uploads.ts), after the language is known.
  app.use((c, next) => ((c.req.method === "POST" && c.req.path === "/api/v1/media") || isPageUpload(c.req.method, c.req.path) ? next() : limitBody(c, next)));
  app.get("/healthz", (c) => c.text("ok"));
  if (options.federation) app.use(options.federation);

  app.use(instanceMiddleware);
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
  app.route("/", communityModerationPageRoutes());
  app.route("/", communityEditPageRoutes());
  app.route("/", adminPageRoutes());
  app.route("/", pageRoutes());
  app.route("/", reportPageRoutes()); // before notePageRoutes: /notes/:id/report
  app.route("/", notePageRoutes());
  app.route("/", citationFileRoutes());
  app.route("/", replyPageRoutes());
  app.route("/", redactionPageRoutes());
  app.route("/", dataExportPageRoutes());
  app.route("/", writingPageRoutes()); // before knowledgePageRoutes: /organizations/new is not a handle
  app.route("/", knowledgePageRoutes());
  app.route("/", organizationEditPageRoutes());
  app.route("/", networkPageRoutes());
  app.route("/", privacyPageRoutes());
  app.route("/", notificationPageRoutes());
  app.route("/", remoteInteractionPageRoutes());
  app.route("/", feedRoutes());
  app.route("/", embedRoutes());
  app.route("/", findPageRoutes());
  app.notFound(notFoundPage);

  app.onError((error, c) => {
    // A page's refusal that its route did not catch: said in the reader's language, never the API's English.
    if (error instanceof DomainError && c.get("lang") && !wantsJson(c.req.path, c.req.header("accept"))) return refusalPage(c, error);
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
