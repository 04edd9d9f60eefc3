// The archive's ActivityPub JSON, in the shape of Mastodon's export
// (app/services/backup_service.rb): `actor.json` whose `outbox`, `likes`
// point to files of the archive, `outbox.json` an OrderedCollection of the
// member's Create (and Announce) activities with attachments as paths inside
// the archive, and `likes.json` the URIs of liked notes. Built here, without
// the federation layer, from the rows; test/http/data-export.test.ts parses
// every document with Fedify's vocabulary.
import type { ActorRow } from "../actors.ts";
import { profileFields } from "../actors.ts";
import type { NoteDetails } from "../notes.ts";
import type { ReactionEntry } from "./collect.ts";

const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
export const CONTEXT = [
  "https://www.w3.org/ns/activitystreams",
  { Hashtag: "as:Hashtag", toot: "http://joinmastodon.org/ns#", discoverable: "toot:discoverable", indexable: "toot:indexable", schema: "http://schema.org#", PropertyValue: "schema:PropertyValue", value: "schema:value" },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function actorDocument(actor: ActorRow): Record<string, unknown> {
  const fields = profileFields(actor);
  const attachment = [
    ...(fields.region ? [{ type: "PropertyValue", name: "Région", value: escapeHtml(fields.region) }] : []),
    ...(fields.standpoint ? [{ type: "PropertyValue", name: "D’où je parle", value: escapeHtml(fields.standpoint) }] : []),
    ...fields.links.map((link) => ({ type: "PropertyValue", name: link.name || link.url, value: `<a href="${escapeHtml(link.url)}" rel="me nofollow noopener">${escapeHtml(link.url)}</a>` })),
  ];
  return {
    "@context": CONTEXT,
    id: actor.uri,
    type: actor.type,
    preferredUsername: actor.username,
    name: actor.name ?? undefined,
    summary: actor.summary ? `<p>${escapeHtml(actor.summary).replace(/\n/g, "<br>")}</p>` : undefined,
    url: actor.url ?? undefined,
    ...(actor.icon_url ? { icon: { type: "Image", url: actor.icon_url } } : {}),
    inbox: actor.inbox_url ?? undefined,
    followers: actor.followers_url ?? undefined,
    following: actor.following_url ?? undefined,
    // As in Mastodon's archive: the collections are the files beside this one.
    outbox: "outbox.json",
    likes: "likes.json",
    manuallyApprovesFollowers: actor.manually_approves_followers === 1,
    discoverable: actor.discoverable === 1,
    indexable: actor.indexable === 1,
    published: actor.created_at,
    tag: fields.interests.map((name) => ({ type: "Hashtag", name: `#${name}` })),
    // The region and the point chosen for the map, as the actor itself carries them (FEDERATION.md, "Actors").
    ...(fields.region || actor.latitude != null
      ? { location: { type: "Place", ...(fields.region ? { name: fields.region } : {}), ...(actor.latitude != null && actor.longitude != null ? { latitude: actor.latitude, longitude: actor.longitude } : {}) } }
      : {}),
    attachment,
  };
}

/** The note as an Article (what Mastodon's archive holds for a status), attachments as archive paths. */
export function articleObject(details: NoteDetails, localPath: (storagePath: string) => string): Record<string, unknown> {
  const { note } = details;
  const to = note.visibility === "public" ? [PUBLIC] : [];
  return {
    id: note.uri,
    type: note.in_reply_to_uri ? "Note" : "Article",
    ...(note.in_reply_to_uri ? {} : { name: note.title }),
    summary: note.summary ?? undefined,
    content: note.content_html,
    ...(note.content_source != null ? { source: { content: note.content_source, mediaType: "text/markdown" } } : {}),
    ...(note.language ? { contentMap: { [note.language]: note.content_html } } : {}),
    url: note.url ?? note.uri,
    published: note.published_at,
    ...(note.updated_at !== note.published_at ? { updated: note.updated_at } : {}),
    attributedTo: details.authors.map((a) => a.uri),
    inReplyTo: note.in_reply_to_uri ?? undefined,
    to,
    cc: details.communities.map((c) => c.uri),
    tag: [
      ...details.tags.map((t) => ({ type: "Hashtag", name: `#${t.name}` })),
      ...details.terms.map((t) => ({ type: "Hashtag", name: `#${t.slug}`, href: t.uri })),
    ],
    attachment: details.media.map((m) => ({
      type: m.kind === "image" ? "Image" : m.kind === "audio" ? "Audio" : m.kind === "video" ? "Video" : "Document",
      mediaType: m.media_type,
      url: m.storage_path ? localPath(m.storage_path) : m.url,
      name: m.name ?? undefined,
    })),
    ...(note.license ? { license: note.license } : {}),
  };
}

export function createActivity(actor: ActorRow, details: NoteDetails, localPath: (storagePath: string) => string): Record<string, unknown> {
  const object = articleObject(details, localPath);
  return { id: `${details.note.uri}#create`, type: "Create", actor: actor.uri, published: details.note.published_at, to: object.to, cc: object.cc, object };
}

export function announceActivity(actor: ActorRow, share: ReactionEntry): Record<string, unknown> {
  return { id: share.activityUri, type: "Announce", actor: actor.uri, published: share.at, to: [PUBLIC], object: share.noteUri };
}

export function orderedCollection(id: string, items: readonly unknown[]): Record<string, unknown> {
  return { "@context": CONTEXT, id, type: "OrderedCollection", totalItems: items.length, orderedItems: items };
}
