// The JSON API under /api/v1 (docs/API.md), for bearer-token clients.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { requireBearer } from "../api/auth.ts";
import { followRoutes } from "../api/follows.ts";
import { meRoutes } from "../api/me.ts";
import { mediaRoutes } from "../api/media.ts";
import { noteRoutes } from "../api/notes.ts";
import { coauthorshipRoutes } from "../api/coauthorships.ts";
import { notebookRoutes } from "../api/notebooks.ts";
import { organizationRoutes } from "../api/organizations.ts";
import { reactionRoutes } from "../api/reactions.ts";
import { searchRoutes } from "../api/search.ts";
import { interestRoutes } from "../api/interests.ts";
import { termRoutes } from "../api/terms.ts";
import { communityRoutes } from "../api/communities.ts";
import { communityShareRoutes } from "../api/community-shares.ts";
import { communityModerationRoutes } from "../api/community-moderation.ts";
import { adminRoutes } from "../api/admin.ts";
import { networkRoutes } from "../api/network.ts";
import { tokenRoutes } from "../api/tokens.ts";
import { reportRoutes } from "../api/reports.ts";
import { noteLabelRoutes } from "../api/note-labels.ts";
import { notificationRoutes } from "../api/notifications.ts";
import { blockRoutes } from "../api/blocks.ts";
import { adminModerationRoutes } from "../api/admin-moderation.ts";
import { redactionRoutes } from "../api/redaction.ts";
import { accountDeletionRoutes } from "../api/account-deletion.ts";
import { dataExportRoutes } from "../api/data-export.ts";
import { privacyRoutes } from "../api/privacy.ts";
import { openApiDocument } from "../api/openapi/document.ts";

export function apiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Searching public content needs no token (a token shows what its owner may read).
  app.route("/", searchRoutes());
  // Who works on what: only public interests, no token needed.
  app.route("/", interestRoutes());
  // The OpenAPI description of this API is public (docs/API.md, "Open data").
  app.get("/openapi.json", (c) => c.json(openApiDocument()));
  app.use(requireBearer);
  app.route("/", meRoutes());
  app.route("/", tokenRoutes());
  app.route("/", followRoutes());
  app.route("/", noteRoutes());
  app.route("/", coauthorshipRoutes());
  app.route("/", mediaRoutes());
  app.route("/", notebookRoutes());
  app.route("/", organizationRoutes());
  app.route("/", termRoutes());
  app.route("/", communityRoutes());
  app.route("/", communityShareRoutes());
  app.route("/", communityModerationRoutes());
  app.route("/", reactionRoutes());
  app.route("/", networkRoutes());
  app.route("/", adminRoutes());
  app.route("/", reportRoutes());
  app.route("/", noteLabelRoutes());
  app.route("/", notificationRoutes());
  app.route("/", blockRoutes());
  app.route("/", adminModerationRoutes());
  app.route("/", redactionRoutes());
  app.route("/", accountDeletionRoutes());
  app.route("/", dataExportRoutes());
  app.route("/", privacyRoutes());
  app.notFound((c) => c.json({ error: "not_found", message: `No API route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
