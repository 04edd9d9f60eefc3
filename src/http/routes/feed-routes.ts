// RSS 2.0 and Atom feeds (docs/API.md, "Feeds"): /feeds/<what>.rss|.atom.
// Public notes only (src/domain/feeds/feed-entries.ts); a feed of something
// private or unknown is a 404, a search without words a 400.
import { instanceOf } from "../instance.ts";
import { Hono, type Context } from "hono";
import { feedEntries, searchEntries, type FeedEntry, type FeedScope } from "../../domain/feeds/feed-entries.ts";
import { termLabel } from "../../domain/terms.ts";
import type { AppEnv } from "../env.ts";
import { atomFeed, rssFeed, type FeedHead } from "../feeds/feed-xml.ts";
import { publicActor, publicCommunity, publicNotebook, publicTerm, tagOf } from "../feeds/feed-targets.ts";
import { t, type MessageKey } from "../i18n/messages.ts";
import { displayName } from "../views/layout.ts";
import { notFoundPage } from "./not-found.ts";

type Format = "rss" | "atom";
const FILE = "{[^/]+\\.(?:rss|atom)}";
const TYPES: Record<Format, string> = { rss: "application/rss+xml; charset=utf-8", atom: "application/atom+xml; charset=utf-8" };

/** `alice.rss` → `alice`, `rss`. */
function splitFile(file: string): { name: string; format: Format } {
  const dot = file.lastIndexOf(".");
  let name: string;
  try {
    name = decodeURIComponent(file.slice(0, dot));
  } catch {
    name = ""; // malformed %-escape: matches nothing, so a 404
  }
  return { name, format: file.slice(dot + 1) as Format };
}

interface FeedOf {
  readonly titleKey: MessageKey;
  readonly name: string;
  readonly pagePath: string;
}

function send(c: Context<AppEnv>, format: Format, of: FeedOf, entries: readonly FeedEntry[]) {
  const { config } = c.get("services");
  const lang = c.get("lang");
  const head: FeedHead = {
    title: t(lang, of.titleKey as "feeds.instance", { name: of.name }),
    description: t(lang, "feeds.description"),
    pageUrl: new URL(of.pagePath, config.publicUrl).href,
    selfUrl: new URL(c.req.path + (c.req.query("q") ? `?q=${encodeURIComponent(c.req.query("q")!)}` : ""), config.publicUrl).href,
    lang,
    origin: config.publicUrl,
  };
  const body = format === "rss" ? rssFeed(head, entries) : atomFeed(head, entries);
  // Readers poll often: a few minutes of caching spares the database.
  return c.body(body, 200, { "Content-Type": TYPES[format], "Cache-Control": "public, max-age=300" });
}

export function feedRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const entries = (c: Context<AppEnv>, scope: FeedScope) => feedEntries(c.get("services").db, scope);

  app.get(`/feeds/:file${FILE}`, async (c, next) => {
    const { name, format } = splitFile(c.req.param("file"));
    const { config, db, dialect } = c.get("services");
    if (name === "notes") return send(c, format, { titleKey: "feeds.instance", name: instanceOf(c).name, pagePath: "/" }, await entries(c, { kind: "instance" }));
    if (name !== "search") return next();
    const q = c.req.query("q") ?? "";
    const found = await searchEntries(db, dialect, q);
    if (!found) return c.json({ error: "invalid_request", message: "q must hold words, 200 characters at most" }, 400);
    return send(c, format, { titleKey: "feeds.search", name: q, pagePath: `/search?q=${encodeURIComponent(q)}` }, found);
  });

  app.get(`/feeds/people/:file${FILE}`, async (c) => {
    const { name, format } = splitFile(c.req.param("file"));
    const actor = await publicActor(c, name, "Person");
    if (!actor) return notFoundPage(c);
    return send(c, format, { titleKey: "feeds.person", name: displayName(actor), pagePath: `/@${actor.username}` }, await entries(c, { kind: "author", actorId: actor.id }));
  });

  app.get(`/feeds/organizations/:file${FILE}`, async (c) => {
    const { name, format } = splitFile(c.req.param("file"));
    const actor = await publicActor(c, name, "Organization");
    if (!actor) return notFoundPage(c);
    return send(c, format, { titleKey: "feeds.organization", name: displayName(actor), pagePath: `/organizations/${actor.username}` }, await entries(c, { kind: "organization", actorId: actor.id }));
  });

  app.get(`/feeds/c/:file${FILE}`, async (c) => {
    const { name, format } = splitFile(c.req.param("file"));
    const community = await publicCommunity(c, name);
    if (!community) return notFoundPage(c);
    const pagePath = `/c/${community.actor.username}`;
    return send(c, format, { titleKey: "feeds.community", name: displayName(community.actor), pagePath }, await entries(c, { kind: "community", communityId: community.actor.id }));
  });

  app.get(`/feeds/notebooks/:file${FILE}`, async (c) => {
    const { name, format } = splitFile(c.req.param("file"));
    const notebook = await publicNotebook(c, name);
    if (!notebook) return notFoundPage(c);
    return send(c, format, { titleKey: "feeds.notebook", name: notebook.title, pagePath: `/notebooks/${notebook.id}` }, await entries(c, { kind: "notebook", notebookId: notebook.id }));
  });

  app.get(`/feeds/terms/:file${FILE}`, async (c) => {
    const { name, format } = splitFile(c.req.param("file"));
    const term = await publicTerm(c, name);
    if (!term) return notFoundPage(c);
    return send(c, format, { titleKey: "feeds.term", name: termLabel(term, c.get("lang")), pagePath: `/terms/${term.slug}` }, await entries(c, { kind: "term", termId: term.id }));
  });

  app.get(`/feeds/tags/:file${FILE}`, async (c) => {
    const { name, format } = splitFile(c.req.param("file"));
    const key = tagOf(name);
    if (!key) return notFoundPage(c);
    return send(c, format, { titleKey: "feeds.tag", name: key, pagePath: `/tags/${key}` }, await entries(c, { kind: "tag", key }));
  });

  return app;
}
