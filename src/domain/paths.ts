// URL layout of local objects, shared by the pages and the federation layer
// (whose route templates are built from the same strings). Ids are opaque,
// so renaming a handle never changes an actor's identity.
export const INSTANCE_ACTOR_ID = "instance";

export const ROUTES = {
  actor: "/actors/{identifier}",
  inbox: "/actors/{identifier}/inbox",
  outbox: "/actors/{identifier}/outbox",
  followers: "/actors/{identifier}/followers",
  following: "/actors/{identifier}/following",
  featured: "/actors/{identifier}/featured",
  sharedInbox: "/inbox",
  follow: "/follows/{id}",
  note: "/notes/{id}",
  noteReplies: "/notes/{id}/replies",
  noteLikes: "/notes/{id}/likes",
  noteShares: "/notes/{id}/shares",
  noteContext: "/notes/{id}/context",
  notebook: "/notebooks/{id}",
  term: "/terms/{slug}",
} as const;

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

export interface LocalActorUrls {
  uri: string;
  inbox: string;
  sharedInbox: string;
  outbox: string;
  followers: string;
  following: string;
  /** The HTML profile page. */
  url: string;
}

export function localActorUrls(origin: URL, id: string, username: string): LocalActorUrls {
  const at = (path: string) => new URL(path, origin).href;
  return {
    uri: at(fill(ROUTES.actor, { identifier: id })),
    inbox: at(fill(ROUTES.inbox, { identifier: id })),
    sharedInbox: at(ROUTES.sharedInbox),
    outbox: at(fill(ROUTES.outbox, { identifier: id })),
    followers: at(fill(ROUTES.followers, { identifier: id })),
    following: at(fill(ROUTES.following, { identifier: id })),
    url: id === INSTANCE_ACTOR_ID ? at("/about") : at(`/@${username}`),
  };
}

export function followUri(origin: URL, followId: string): string {
  return new URL(fill(ROUTES.follow, { id: followId }), origin).href;
}

/** A local note's id and HTML page: the same URL, negotiated. */
export function noteUri(origin: URL, id: string): string {
  return new URL(fill(ROUTES.note, { id }), origin).href;
}

/** A local thread's conversation (FEP-7888 `context`): the collection of its note and every reply. */
export function noteContextUri(origin: URL, id: string): string {
  return new URL(fill(ROUTES.noteContext, { id }), origin).href;
}

export function notebookUri(origin: URL, id: string): string {
  return new URL(fill(ROUTES.notebook, { id }), origin).href;
}

export function termUri(origin: URL, slug: string): string {
  return new URL(fill(ROUTES.term, { slug }), origin).href;
}

/** Public URL of a stored media file (path relative to the media folder). */
export function mediaUrl(origin: URL, relativePath: string): string {
  return new URL(`/media/${relativePath.split("/").map(encodeURIComponent).join("/")}`, origin).href;
}

/** The "find people and groups" view for one interest tag (src/http/routes/find-pages.ts). */
export function findPath(tagKey: string): string {
  return `/find?tag=${encodeURIComponent(tagKey)}`;
}
