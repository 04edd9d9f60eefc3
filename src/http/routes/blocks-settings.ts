// The member's blocks and mutes in the settings pages (the same domain calls
// as POST/DELETE /api/v1/blocks).
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { blockOrMute, listMemberBlocks, resolveBlockTarget, unblock } from "../../domain/member-blocks.ts";
import { csrfProtection } from "../csrf.ts";
import type { AppEnv } from "../env.ts";
import { field } from "../forms.ts";
import { requireSignIn, signedInUser } from "../sessions.ts";
import { blocksSettingsPage, type BlocksSettings } from "../views/blocks-settings.ts";
import { viewContext } from "../views/layout.ts";
import { refusalText } from "../refusal-text.ts";

async function page(c: Context<AppEnv>, form: Omit<BlocksSettings, "blocks">, status: 200 | 400 | 404 = 200) {
  const blocks = await listMemberBlocks(c.get("services").db, signedInUser(c).actor.id);
  return c.html(blocksSettingsPage(viewContext(c), { ...form, blocks }), status);
}

export function blocksSettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/settings/blocks", requireSignIn);
  app.use("/settings/blocks/*", requireSignIn);

  app.get("/settings/blocks", (c) => {
    const v = viewContext(c);
    const done = c.req.query("done");
    return page(c, { target: "", kind: "mute", error: null, notice: done === "added" ? v.t("blocks.added") : done === "removed" ? v.t("blocks.removed") : null });
  });

  app.post("/settings/blocks", csrfProtection, async (c) => {
    const body = await c.req.parseBody();
    const target = field(body, "target");
    const kind = field(body, "kind") || "block";
    try {
      await blockOrMute(c.get("services"), signedInUser(c).actor, await resolveBlockTarget(c.get("services"), target), kind);
    } catch (error) {
      if (!(error instanceof DomainError) || !["invalid", "not_found", "conflict", "forbidden"].includes(error.code)) throw error;
      const v = viewContext(c);
      return page(c, { target, kind, notice: null, error: v.t("blocks.refused", { problem: refusalText(v, error) }) }, error.code === "not_found" ? 404 : 400);
    }
    return c.redirect("/settings/blocks?done=added", 303);
  });

  app.post("/settings/blocks/:id/remove", csrfProtection, async (c) => {
    try {
      await unblock(c.get("services"), signedInUser(c).actor, { id: c.req.param("id") });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "not_found") throw error;
      return page(c, { target: "", kind: "mute", notice: null, error: viewContext(c).t("blocks.notFound") }, 404);
    }
    return c.redirect("/settings/blocks?done=removed", 303);
  });

  return app;
}
