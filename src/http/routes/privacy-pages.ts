// The privacy page, robots.txt and the sitemap (docs/PRIVACY.md): what
// search engines and visitors are told, generated from the settings and the
// members' choices.
import { Hono } from "hono";
import { listAdmins } from "../../domain/accounts.ts";
import { RATE_EVENTS_KEPT_MS } from "../../domain/rate-limits.ts";
import { SITEMAP_KINDS, SITEMAP_PAGE_SIZE, sitemapCounts, sitemapPage, type SitemapKind } from "../../domain/sitemap.ts";
import { SESSION_TTL_MS } from "../../domain/web-sessions.ts";
import type { AppEnv } from "../env.ts";
import { viewContext } from "../views/layout.ts";
import { privacyPage } from "../views/privacy.ts";

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const XML = { "Content-Type": "application/xml; charset=utf-8" };

export function privacyPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/privacy", async (c) => {
    const { config, db } = c.get("services");
    return c.html(
      privacyPage(viewContext(c), {
        config,
        admins: await listAdmins(db),
        sessionDays: Math.round(SESSION_TTL_MS / 86_400_000),
        signinMinutes: Math.round(RATE_EVENTS_KEPT_MS / 60_000),
      }),
    );
  });

  app.get("/robots.txt", (c) => {
    const origin = c.get("services").config.publicUrl.origin;
    // Private pages and copies of other servers' images are nobody's search result; members' own
    // refusals are said on their pages (robots noindex), which a crawler must be allowed to read.
    const lines = ["User-agent: *", "Disallow: /settings", "Disallow: /api/", "Disallow: /search", "Disallow: /media/cache/", "Disallow: /lang/", "Disallow: /signin", "", `Sitemap: ${origin}/sitemap.xml`, ""];
    return c.text(lines.join("\n"), 200, { "Cache-Control": "public, max-age=3600" });
  });

  app.get("/sitemap.xml", async (c) => {
    const { config, db } = c.get("services");
    const counts = await sitemapCounts(db);
    const files: string[] = [];
    for (const kind of SITEMAP_KINDS) {
      const pages = Math.ceil(counts[kind] / SITEMAP_PAGE_SIZE);
      for (let page = 1; page <= pages; page++) files.push(new URL(`/sitemaps/${kind}-${page}.xml`, config.publicUrl).href);
    }
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${files.map((href) => `<sitemap><loc>${xmlEscape(href)}</loc></sitemap>`).join("\n")}
</sitemapindex>
`;
    return c.body(body, 200, { ...XML, "Cache-Control": "public, max-age=3600" });
  });

  app.get("/sitemaps/:file{[a-z]+-[0-9]{1,6}\\.xml}", async (c) => {
    const match = /^([a-z]+)-([0-9]+)\.xml$/.exec(c.req.param("file"))!;
    const kind = match[1] as SitemapKind;
    const page = Number(match[2]);
    if (!SITEMAP_KINDS.includes(kind) || page < 1) return c.notFound();
    const { config, db } = c.get("services");
    const entries = await sitemapPage(db, kind, page);
    if (entries.length === 0 && page > 1) return c.notFound();
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map((e) => `<url><loc>${xmlEscape(new URL(e.path, config.publicUrl).href)}</loc><lastmod>${xmlEscape(e.lastModified)}</lastmod></url>`).join("\n")}
</urlset>
`;
    return c.body(body, 200, { ...XML, "Cache-Control": "public, max-age=3600" });
  });

  return app;
}
