// The "find people and groups" page (/find): see views/find.ts.
import { Hono } from "hono";
import { findByInterests } from "../../domain/find-by-interest.ts";
import { interestSuggestions } from "../../domain/interests.ts";
import { findQuery } from "../api/interests.ts";
import type { AppEnv } from "../env.ts";
import { viewContext } from "../views/layout.ts";
import { findPage } from "../views/find.ts";

const PAGE_SIZE = 30;

export function findPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/find", async (c) => {
    const { db } = c.get("services");
    const { tags, region } = findQuery(c);
    const viewerId = c.get("user")?.actor.id ?? null;
    const result = await findByInterests(db, { tags, region, viewerId, limit: PAGE_SIZE, cursor: c.req.query("cursor") ?? null });
    const next = new URLSearchParams({ tag: tags, ...(region ? { region } : {}), ...(result.nextCursor ? { cursor: result.nextCursor } : {}) });
    return c.html(
      findPage(viewContext(c), {
        tags,
        region: region ?? "",
        result,
        suggestions: await interestSuggestions(db),
        nextHref: result.nextCursor ? `/find?${next}` : null,
      }),
    );
  });

  return app;
}
