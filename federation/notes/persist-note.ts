// Vocabulary to row: an Article, Page or Note from another server as the
// domain's RemoteNoteData. Pure apart from resolving authors (injected, so
// fixtures parse offline): it reads only what the object itself says.
import { Article, Audio, Document, Hashtag, Image, Link, Mention, Note, Page, PUBLIC_COLLECTION, Video } from "@fedify/vocab";
import { LanguageString, type DocumentLoader } from "@fedify/vocab-runtime";
import type { MediaKind } from "../../src/db/knowledge-schema.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import type { RemoteNoteData } from "../../src/domain/remote-notes.ts";
import type { Visibility } from "../../src/domain/visibility.ts";
import { unframeArticleContent } from "./article-shape.ts";
import { titleFromContent } from "./title-from-content.ts";
import { OBJECT_LINK_MEDIA_TYPE } from "./to-article.ts";

export type NoteLike = Article | Page | Note;

export function isNoteLike(object: unknown): object is NoteLike {
  return object instanceof Article || object instanceof Page || object instanceof Note;
}

export type ParseResult = { ok: true; data: RemoteNoteData } | { ok: false; reason: string };

const TITLE_MAX = 300;

function visibilityOf(object: NoteLike): Visibility {
  if (object.toIds.some((id) => id.href === PUBLIC_COLLECTION.href)) return "public";
  if (object.ccIds.some((id) => id.href === PUBLIC_COLLECTION.href)) return "unlisted";
  return "followers";
}

function mediaKind(attachment: unknown, mediaType: string): MediaKind {
  if (attachment instanceof Image || mediaType.startsWith("image/")) return "image";
  if (attachment instanceof Audio || mediaType.startsWith("audio/")) return "audio";
  if (attachment instanceof Video || mediaType.startsWith("video/")) return "video";
  return "document";
}

function hrefOf(url: URL | Link | null | undefined): string | null {
  if (url instanceof URL) return url.href;
  return url?.href?.href ?? null;
}

/** Splits `content`/`contentMap` into the main text and its translations. */
function texts(values: readonly (string | LanguageString)[]): { main: string | null; language: string | null; others: Map<string, string> } {
  let main: string | null = null;
  let language: string | null = null;
  const others = new Map<string, string>();
  for (const value of values) {
    if (value instanceof LanguageString) {
      const lang = value.locale.language;
      if (language == null && (main == null || main === value.toString())) {
        language = lang;
        main = value.toString();
      } else if (lang !== language && !others.has(lang)) {
        others.set(lang, value.toString());
      }
    } else if (main == null) {
      main = value;
    }
  }
  return { main, language, others };
}

export async function toRemoteNoteData(
  object: NoteLike,
  resolveAuthor: (uri: URL) => Promise<ActorRow | null>,
  loaders: { documentLoader?: DocumentLoader; contextLoader?: DocumentLoader } = {},
): Promise<ParseResult> {
  if (object.id == null) return { ok: false, reason: "the object has no id" };
  const content = texts(object.contents);
  const names = texts(object.names);
  if (content.main == null && names.main == null) return { ok: false, reason: "the object has neither content nor name" };
  if (object.attributionIds.length === 0) return { ok: false, reason: "the object has no attributedTo" };

  const authors: ActorRow[] = [];
  for (const id of object.attributionIds) {
    const author = await resolveAuthor(id);
    // Someone here co-signs only by consent, on this instance (src/domain/coauthors.ts): another
    // server's object cannot credit them, nor put their name on its note (FEDERATION.md, "Attribution").
    if (!author || (author.is_local === 1 && new URL(author.uri).origin !== object.id.origin)) continue;
    if (!authors.some((a) => a.id === author.id)) authors.push(author);
  }
  if (authors.length === 0) return { ok: false, reason: "none of its authors could be fetched" };

  const tags: string[] = [];
  const terms: { uri: string; label: string }[] = [];
  const links: string[] = [];
  const mentions: string[] = [];
  let license: string | null = null;
  for await (const tag of object.getTags({ ...loaders, suppressError: true })) {
    if (tag instanceof Hashtag) {
      const name = tag.name?.toString().replace(/^#/, "") ?? "";
      const href = tag.href?.href ?? null;
      // En commun lexicon terms are hashtags whose href is the term's page.
      if (href && /\/terms\/[^/]+\/?$/.test(new URL(href).pathname)) terms.push({ uri: href, label: name });
      else if (name) tags.push(name);
    } else if (tag instanceof Mention && tag.href) {
      mentions.push(tag.href.href);
    } else if (tag instanceof Link && tag.href) {
      if (tag.rels.includes("license")) license = tag.href.href;
      else if (tag.mediaType === OBJECT_LINK_MEDIA_TYPE || tag.rels.includes("related")) links.push(tag.href.href);
    }
  }

  const media: RemoteNoteData["media"] = [];
  for await (const attachment of object.getAttachments({ ...loaders, suppressError: true })) {
    if (!(attachment instanceof Document || attachment instanceof Image || attachment instanceof Audio || attachment instanceof Video)) continue;
    const url = hrefOf(attachment.url);
    if (!url || !/^https?:/.test(url)) continue;
    const mediaType = attachment.mediaType ?? "application/octet-stream";
    media.push({ url, mediaType, kind: mediaKind(attachment, mediaType), name: attachment.name?.toString() ?? null });
  }

  const url = hrefOf(object.url) ?? object.id.href;
  // An En commun Article frames its body with its title, lead and link (article-shape.ts).
  const main = unframeArticleContent(content.main ?? "", names.main, url);
  const contentHtml = main.bodyHtml;
  const title = (names.main ?? titleFromContent(contentHtml)).slice(0, TITLE_MAX);
  const source = object.source;
  const translations: RemoteNoteData["translations"] = [];
  for (const [language, html] of content.others) {
    const translatedTitle = names.others.get(language) ?? title;
    translations.push({ language, title: translatedTitle, contentHtml: unframeArticleContent(html, translatedTitle, url).bodyHtml });
  }
  const published = object.published?.toString() ?? new Date().toISOString();
  return {
    ok: true,
    data: {
      uri: object.id.href,
      url,
      title,
      summary: object.summary?.toString() ?? main.summary,
      contentHtml,
      contentSource: source?.mediaType === "text/markdown" ? (source.content?.toString() ?? null) : null,
      language: content.language ?? names.language,
      license,
      visibility: visibilityOf(object),
      authors,
      inReplyTo: object.replyTargetId?.href ?? null,
      context: object.contextIds[0]?.href ?? null,
      tags,
      terms,
      links,
      mentions,
      media,
      translations,
      published: new Date(published).toISOString(),
      updated: object.updated ? new Date(object.updated.toString()).toISOString() : null,
    },
  };
}

