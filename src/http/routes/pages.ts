// HTML pages: home, about, and profiles, plus (mounted here) sign-up,
// settings and following. The federation middleware runs first and answers
// ActivityPub clients; these routes serve browsers, and send ActivityPub
// clients that reach a page URL to the actor's id.
import { blocksSettingsRoutes } from "./blocks-settings.ts";
import { Hono, type Context } from "hono";
import { listAdmins, localUsername } from "../../domain/accounts.ts";
import { findActorByHandle, findActorById, hostOf, type ActorRow } from "../../domain/actors.ts";
import { pendingCoauthorships } from "../../domain/coauthors.ts";
import { countFollows } from "../../domain/follows.ts";
import { isSuspended } from "../../domain/suspensions.ts";
import { searchEnginesMayIndex } from "../../domain/privacy-choices.ts";
import type { AppEnv } from "../env.ts";
import { prefersActivityJson } from "../negotiation.ts";
import { coauthorshipPageRoutes } from "./coauthorships.ts";
import { followControl, followPageRoutes } from "./follows.ts";
import { settingsRoutes } from "./settings.ts";
import { signupRoutes } from "./signup.ts";
import { renderHome } from "./home-page.ts";
import { profileListRoutes, profileLists } from "./profile-lists.ts";
import { aboutPage } from "../views/about.ts";
import { viewContext } from "../views/layout.ts";
import { renderMessagePage } from "../views/message.ts";
import { profilePage } from "../views/profile.ts";

async function renderProfile(c: Context<AppEnv>, actor: ActorRow | undefined): Promise<Response> {
  if (!actor || actor.is_local !== 1) return c.notFound();
  // The instance's own Application actor has the about page as its profile.
  if (actor.type === "Application") return c.redirect("/about", 302);
  if (actor.deleted_at != null) {
    return c.html(renderMessagePage(c, { title: "error.goneTitle", body: "error.goneBody" }), 410);
  }
  const db = c.get("services").db;
  // A suspended account's profile is hidden (404), not gone: unsuspension brings it back.
  if (await isSuspended(db, actor.id)) return c.notFound();
  const viewer = c.get("user");
  const isOwn = viewer?.actor.id === actor.id;
  // Counted as the lists behind them show them (src/http/routes/follows.ts).
  const seenBy = isOwn ? undefined : { actorId: viewer?.actor.id ?? null };
  const [followers, following, follow, coauthorships, lists] = await Promise.all([
    countFollows(db, actor.id, "followers", seenBy),
    countFollows(db, actor.id, "following", seenBy),
    followControl(db, viewer, actor, `/@${actor.username}`),
    isOwn ? pendingCoauthorships(db, actor) : [],
    profileLists(db, actor, viewer?.actor.id ?? null, seenBy),
  ]);
  const noindex = !(await searchEnginesMayIndex(db, [actor]));
  return c.html(profilePage(viewContext(c), { actor, followers, following, follow, isOwn, pendingCoauthorships: coauthorships, noindex, lists }));
}

export function pageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", signupRoutes());
  app.route("/", settingsRoutes());
  app.route("/", blocksSettingsRoutes());
  app.route("/", followPageRoutes());
  app.route("/", coauthorshipPageRoutes());
  app.route("/", profileListRoutes());

  app.get("/", renderHome);

  app.get("/about", async (c) => {
    const admins = await listAdmins(c.get("services").db);
    return c.html(aboutPage(viewContext(c), { admins }));
  });

  // `/@alice` (and `/@alice@this.host`); Hono has no literal prefix before a
  // parameter, hence the pattern.
  app.get("/:handle{@[^/]+}", async (c) => {
    const { config, db } = c.get("services");
    const username = localUsername(c.req.param("handle"), config.publicUrl);
    const actor = username == null ? undefined : await findActorByHandle(db, username, hostOf(config.publicUrl));
    if (actor && actor.is_local === 1 && prefersActivityJson(c.req.header("accept"))) {
      c.header("Vary", "Accept");
      return c.redirect(actor.uri, 302);
    }
    return renderProfile(c, actor);
  });

  app.get("/actors/:id", async (c) => {
    // An ActivityPub client reaching this route means the federation layer
    // had nothing to answer: do not pretend with HTML.
    if (prefersActivityJson(c.req.header("accept"))) return c.notFound();
    const actor = await findActorById(c.get("services").db, c.req.param("id"));
    return renderProfile(c, actor);
  });

  return app;
}
