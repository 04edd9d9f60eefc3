// Embeds (docs/API.md, "Embeds"): script-free views another site may frame
// (/embed/*, the only pages whose CSP allows `frame-ancestors *`), and the
// oEmbed endpoint that hands out their <iframe>. Private, unknown or deleted
// objects are a 404, as their feeds are.
import { instanceOf } from "../instance.ts";
import { Hono, type Context } from "hono";
import { authorsOf, feedEntries, searchEntries } from "../../domain/feeds/feed-entries.ts";
import { findNoteById } from "../../domain/notes.ts";
import { termLabel } from "../../domain/terms.ts";
import type { AppEnv } from "../env.ts";
import { embedPage, type EmbedContent } from "../embeds/embed-view.ts";
import { publicCommunity, publicNotebook, publicTerm } from "../feeds/feed-targets.ts";
import { t } from "../i18n/messages.ts";
import { allowFraming } from "../security-headers.ts";
import { displayName, viewContext } from "../views/layout.ts";
import { notFoundPage } from "./not-found.ts";

/** An embed lists a handful of items: it lives in a small frame. */
const EMBED_LIST_SIZE = 10;
const EMBED_SIZE = { width: 560, height: 420 } as const;

type Found = { readonly content: Omit<EmbedContent, "lang" | "instanceName">; readonly author?: string };

/** What /embed/<path> shows, or undefined when it is not public (a 404). */
async function embedOf(c: Context<AppEnv>, path: string): Promise<Found | undefined> {
  const { db, config } = c.get("services");
  const origin = config.publicUrl;
  const lang = c.get("lang");
  const page = (p: string) => new URL(p, origin).href;
  const [, kind, rawKey] = /^\/(notes|notebooks|c|terms)\/([^/]+)$/.exec(path) ?? [];
  if (!kind || !rawKey) return undefined;
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    return undefined;
  }
  switch (kind) {
    case "notes": {
      const note = await findNoteById(db, key);
      if (!note || note.visibility !== "public" || note.deleted_at) return undefined;
      const [entry] = await authorsOf(db, [note]);
      return {
        content: { title: note.title, pageUrl: page(`/notes/${note.id}`), intro: note.summary, notes: [entry!], full: true },
        author: entry!.authors.map(displayName).join(", ") || undefined,
      };
    }
    case "notebooks": {
      const notebook = await publicNotebook(c, key);
      if (!notebook) return undefined;
      const notes = await feedEntries(db, { kind: "notebook", notebookId: notebook.id });
      return { content: { title: notebook.title, pageUrl: page(`/notebooks/${notebook.id}`), intro: notebook.summary, notes: notes.slice(0, EMBED_LIST_SIZE) } };
    }
    case "c": {
      const community = await publicCommunity(c, key);
      if (!community) return undefined;
      const notes = await feedEntries(db, { kind: "community", communityId: community.actor.id });
      const title = `${displayName(community.actor)} — ${t(lang, "embeds.latest")}`;
      return { content: { title, pageUrl: page(`/c/${community.actor.username}`), notes: notes.slice(0, EMBED_LIST_SIZE) } };
    }
    case "terms": {
      const term = await publicTerm(c, key);
      if (!term) return undefined;
      const notes = await feedEntries(db, { kind: "term", termId: term.id });
      const definition = lang === "en" ? (term.definition_en ?? term.definition_fr) : (term.definition_fr ?? term.definition_en);
      return { content: { title: termLabel(term, lang), pageUrl: page(`/terms/${term.slug}`), intro: definition, notes: notes.slice(0, EMBED_LIST_SIZE) } };
    }
  }
  return undefined;
}

function render(c: Context<AppEnv>, content: Omit<EmbedContent, "lang" | "instanceName">) {
  const { config } = c.get("services");
  // Only these views may be framed, by any site: that is what they are for.
  allowFraming(c, "*");
  return c.html(embedPage(viewContext(c), { ...content, lang: c.get("lang"), instanceName: instanceOf(c).name }, config.publicUrl.origin));
}

export function embedRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/embed/search", async (c) => {
    const { db, dialect, config } = c.get("services");
    const q = c.req.query("q") ?? "";
    const found = await searchEntries(db, dialect, q);
    if (!found) return c.json({ error: "invalid_request", message: "q must hold words, 200 characters at most" }, 400);
    const title = t(c.get("lang"), "embeds.searchTitle", { name: q });
    return render(c, { title, pageUrl: new URL(`/search?q=${encodeURIComponent(q)}`, config.publicUrl).href, notes: found.slice(0, EMBED_LIST_SIZE) });
  });

  app.get("/embed/*", async (c) => {
    const found = await embedOf(c, c.req.path.slice("/embed".length));
    return found ? render(c, found.content) : notFoundPage(c);
  });

  // oEmbed 1.0 (https://oembed.com): JSON only; a page of another site, or a private one, is a 404.
  app.get("/oembed", async (c) => {
    const { config } = c.get("services");
    const format = c.req.query("format") ?? "json";
    if (format !== "json") return c.json({ error: "not_implemented", message: "format: only json is offered" }, 501);
    const raw = c.req.query("url");
    let url: URL;
    try {
      url = new URL(raw ?? "");
    } catch {
      return c.json({ error: "invalid_request", message: "url must be the address of a page of this instance" }, 400);
    }
    if (url.origin !== config.publicUrl.origin) return notFoundPage(c);
    const found = await embedOf(c, url.pathname);
    if (!found) return notFoundPage(c);
    const src = new URL(`/embed${url.pathname}`, config.publicUrl).href;
    const title = found.content.title;
    const iframe = `<iframe src="${src}" width="${EMBED_SIZE.width}" height="${EMBED_SIZE.height}" title="${title.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)}" style="border:0" loading="lazy"></iframe>`;
    return c.json({
      version: "1.0",
      type: "rich",
      title,
      ...(found.author ? { author_name: found.author } : {}),
      provider_name: instanceOf(c).name,
      provider_url: config.publicUrl.href,
      html: iframe,
      width: EMBED_SIZE.width,
      height: EMBED_SIZE.height,
      cache_age: 3600,
    });
  });

  return app;
}
