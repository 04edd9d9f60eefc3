// Row to vocabulary: a Praxis note as an ActivityPub Article, in the shape
// Mastodon and Lemmy read (see ../shared/DESIGN.md, "Articles").
import type { Context } from "@fedify/fedify";
import { Article, Document, Hashtag, Image, InteractionPolicy, InteractionRule, Link, Note, PUBLIC_COLLECTION, Source, Audio, Video } from "@fedify/vocab";
import { LanguageString } from "@fedify/vocab-runtime";
import { ALL_RIGHTS_RESERVED_URN, licenseByUri } from "../../src/domain/licenses.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import type { MediaRow, NoteDetails } from "../../src/domain/notes.ts";
import { fill, ROUTES } from "../../src/domain/paths.ts";
import { escapeHtml } from "../../src/domain/sanitize.ts";
import { termHashtag } from "../../src/domain/terms.ts";
import type { Services } from "../../src/services.ts";
import { frameArticleContent } from "./article-shape.ts";
import { addressing } from "./audience.ts";
import { labelTag } from "../vocab/quality-label.ts";

/** FEP-e232 object links: how a note names the notes it links to. */
export const OBJECT_LINK_MEDIA_TYPE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

function at(ctx: Context<Services>, template: string, id: string): URL {
  return new URL(fill(template, { id }), ctx.data.config.publicUrl);
}

function mediaObject(media: MediaRow): Document | Image | Audio | Video {
  const values = { url: new URL(media.url), mediaType: media.media_type, name: media.name };
  switch (media.kind) {
    case "image":
      return new Image(values);
    case "audio":
      return new Audio(values);
    case "video":
      return new Video(values);
    default:
      return new Document(values);
  }
}

/** A short HTML summary: plain text escaped, in one paragraph. */
function summaryHtml(summary: string | null): string | null {
  return summary ? `<p>${escapeHtml(summary)}</p>` : null;
}

/**
 * A note as served and sent: an Article, or a Note for discussion replies
 * (what Mastodon and Lemmy show inline in a thread).
 */
export function toArticle(ctx: Context<Services>, details: NoteDetails, parentAuthors: readonly ActorRow[] = []): Article | Note {
  const { note } = details;
  const language = note.language ?? "fr";
  const { to, cc, audience } = addressing(ctx, details, parentAuthors);
  const license = licenseByUri(note.license);
  const tags: (Hashtag | Link | ReturnType<typeof labelTag>)[] = [
    ...details.tags.map((t) => new Hashtag({ name: `#${t.name}`, href: new URL(`/tags/${encodeURIComponent(t.key)}`, ctx.data.config.publicUrl) })),
    // Lexicon terms: Mastodon shows them as hashtags (accents folded); the href, the term page, is the identity.
    ...details.terms.map((term) => new Hashtag({ name: `#${termHashtag(term)}`, href: new URL(term.uri) })),
    ...details.links.map((href) => new Link({ href: new URL(href), mediaType: OBJECT_LINK_MEDIA_TYPE, rel: "related" })),
  ];
  // Quality labels decided here on our own notes (FEDERATION.md, "Quality labels"); the home of a note speaks for it.
  if (note.is_local === 1) tags.push(...details.labels.filter((l) => l.origin === "local").map(labelTag));
  // Machine-readable licence (RFC 4946 "license" relation); Mastodon ignores unknown tag types.
  // Ours without a URI is "all rights reserved", said with a URN so receivers know it was said.
  const licenseUri = note.license ?? (note.is_local === 1 ? ALL_RIGHTS_RESERVED_URN : null);
  if (licenseUri) tags.push(new Link({ href: new URL(licenseUri), rel: "license", name: license?.label.en ?? null }));
  const names: (string | LanguageString)[] = [note.title, new LanguageString(note.title, language)];
  const contents: (string | LanguageString)[] = [note.content_html, new LanguageString(note.content_html, language)];
  for (const t of details.translations) {
    names.push(new LanguageString(t.title, t.language));
    contents.push(new LanguageString(t.content_html, t.language));
  }
  const publicNote = note.visibility === "public" || note.visibility === "unlisted";
  const url = note.url ?? note.uri;
  // What a discussion reply (Note) and a knowledge note (Article) share.
  const common = {
    id: new URL(note.uri),
    url: new URL(url),
    contents,
    source: note.content_source != null ? new Source({ content: note.content_source, mediaType: "text/markdown" }) : null,
    attributions: details.authors.map((a) => new URL(a.uri)),
    published: Temporal.Instant.from(note.published_at),
    // Any change since publication, a new co-author included (not a new revision of the text), is newer.
    updated: note.revision > 1 || note.updated_at > note.published_at ? Temporal.Instant.from(note.updated_at) : null,
    tos: to,
    ccs: cc,
    audience,
    tags,
    attachments: details.media.map(mediaObject),
    replies: at(ctx, ROUTES.noteReplies, note.id),
  };
  if (note.in_reply_to_uri) {
    // Never a `name`: Hollo and the Misskey family take a Note with `name` and
    // `inReplyTo` for a poll vote and drop it. A reply's title stays here.
    return new Note({
      ...common,
      replyTarget: new URL(note.in_reply_to_uri),
      contexts: note.context_uri ? [new URL(note.context_uri)] : [],
    });
  }
  // Framed for Note-reading software, without `summary` (a content warning there): see article-shape.ts.
  const framed: (string | LanguageString)[] = [frameArticleContent(note.title, note.summary, note.content_html, url)];
  framed.push(new LanguageString(framed[0] as string, language));
  for (const t of details.translations) framed.push(new LanguageString(frameArticleContent(t.title, t.summary, t.content_html, url), t.language));
  return new Article({
    ...common,
    names,
    contents: framed,
    likes: at(ctx, ROUTES.noteLikes, note.id),
    shares: at(ctx, ROUTES.noteShares, note.id),
    contexts: [at(ctx, ROUTES.noteContext, note.id)],
    interactionPolicy: publicNote
      ? new InteractionPolicy({ canQuote: new InteractionRule({ automaticApproval: PUBLIC_COLLECTION }) })
      : null,
    // Microblog software that prefers a short Note: title, summary and link.
    preview: new Note({
      contents: [`<p><strong>${escapeHtml(note.title)}</strong></p>${summaryHtml(note.summary) ?? ""}<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`],
      attributions: details.authors.slice(0, 1).map((a) => new URL(a.uri)),
    }),
  });
}
