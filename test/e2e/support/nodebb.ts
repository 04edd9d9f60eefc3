// A stand-in for NodeBB 4, the forum, as its source says it behaves (NodeBB/NodeBB:
// src/activitypub/contexts.js, controllers/activitypub/index.js,
// middleware/activitypub.js, inbox.js, helpers.js):
// - it reads a `context` collection item by item and keeps only IRIs and typed
//   posts (Note, Page, Article, Question, Video, or a Create of one), and takes a
//   post's `context` only when it dereferences to a collection;
// - its category outbox is a collection without an `id`, listing Announces whose
//   ids (`…/post/1#activity/announce/cid/2`) dereference to the post itself;
// - an Announce whose embedded object lives elsewhere than the announcer is cut
//   down to the object's id and resolved: its own activities do not resolve (424);
// - a failing handler is answered with a `Reject` of the activity, sent by its
//   instance actor (a moderator's removal it cannot apply, say);
// - it follows and is followed as categories (Groups) and users (Persons), and
//   accepts a Follow of a category at once.
import type { Cluster } from "../../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./fake-server.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const NODEBB_ACCEPT = 'application/ld+json;profile="https://www.w3.org/ns/activitystreams"';
/** `acceptedPostTypes` in src/activitypub/index.js. */
const POST_TYPES = ["Note", "Page", "Article", "Question", "Video"];
/** `acceptable.contextTypes`. */
const CONTEXT_TYPES = new Set(["Collection", "CollectionPage", "OrderedCollection", "OrderedCollectionPage"]);

type Json = Record<string, any>;

export interface NodeBB {
  readonly server: FakeServer;
  readonly origin: string;
  /** Category 2, a Group. */
  readonly category: string;
  /** User 1, nina. */
  readonly user: string;
  /** Its instance actor, which signs Rejects. */
  readonly instanceActor: string;
  /** A new topic by nina, in category 2 (listed in its outbox) or in another server's Group: post `pid`, served at /post/pid. */
  topic(pid: number, title: string, markdown: string, audience?: string): Json;
  /** What `Contexts.getItems` finds in a context collection: the ids of the posts it can read. */
  contextItems(url: string): Promise<string[]>;
  /** `Contexts.get`: the context collection a post names, or false when that is not a collection. */
  contextOf(postUrl: string): Promise<string | false>;
  /** The Announces it received whose object is one of its own activities (answered 424). */
  echoes(): Json[];
  close(): Promise<void>;
}

const idOf = (value: unknown): string | undefined => (typeof value === "string" ? value : (value as Json | undefined)?.id);

export async function startNodeBB(cluster: Cluster): Promise<NodeBB> {
  let origin = "";
  const isOwnActivity = (object: unknown) => {
    const id = idOf(Array.isArray(object) ? object[0] : object);
    if (!id?.startsWith(`${origin}/`)) return false;
    return typeof object === "object" && object != null && !Array.isArray(object) ? !POST_TYPES.includes((object as Json).type) : id.includes("#activity");
  };
  const server = await startFakeServer(cluster, "nodebb", {
    onPost: (_path, body) => {
      if (body.type === "Announce" && isOwnActivity(body.object)) return 424;
      if (body.type === "Follow" && body.object === category) setImmediate(() => void acceptFollow(body));
      if (body.type === "Announce" && (body.object as Json | undefined)?.type === "Delete") setImmediate(() => void reject(body));
    },
  });
  origin = server.origin;
  const category = `${origin}/category/2`;
  const user = `${origin}/uid/1`;
  const instanceActor = `${origin}/actor`;
  const key = (id: string) => ({ id: `${id}#main-key`, owner: id, publicKeyPem: server.publicKeyPem });
  server.documents.set("/actor", { "@context": [AS, "https://w3id.org/security/v1"], id: instanceActor, type: "Application", preferredUsername: "nodebb-lab", inbox: `${origin}/inbox`, outbox: `${origin}/outbox`, publicKey: key(instanceActor) });
  server.documents.set("/uid/1", {
    "@context": [AS, "https://w3id.org/security/v1"],
    id: user,
    type: "Person",
    preferredUsername: "nina",
    name: "nina",
    inbox: `${user}/inbox`,
    outbox: `${user}/outbox`,
    followers: `${user}/followers`,
    following: `${user}/following`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: key(user),
  });
  server.documents.set("/category/2", {
    "@context": [AS, "https://w3id.org/security/v1"],
    id: category,
    type: "Group",
    preferredUsername: "jardinage",
    name: "Jardinage",
    inbox: `${category}/inbox`,
    outbox: `${category}/outbox`,
    followers: `${category}/followers`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: key(category),
  });
  const pids: number[] = [];
  const outbox = () => ({
    // generateCollectionFromItems: one page, no `id`, no `first`.
    "@context": AS,
    type: "OrderedCollection",
    totalItems: pids.length,
    orderedItems: pids.filter((pid) => (server.documents.get(`/post/${pid}`) as Json).audience === category).map((pid) => {
      const post = server.documents.get(`/post/${pid}`) as Json;
      return {
        id: `${origin}/post/${pid}#activity/announce/cid/2`,
        type: "Announce",
        actor: category,
        to: [PUBLIC],
        cc: [`${category}/followers`],
        object: { id: `${post.id}#activity/create/${Date.parse(post.published)}`, type: "Create", actor: user, to: post.to, cc: post.cc, object: post },
      };
    }),
  });
  server.documents.set("/category/2/outbox", outbox());

  async function acceptFollow(follow: Json): Promise<void> {
    await server.post(`${follow.actor}/inbox`, category, { "@context": AS, id: `${category}#activity/accept/${encodeURIComponent(follow.id)}`, type: "Accept", actor: category, object: follow });
  }

  /** `inbox._reject`: the activity's type, its actor as `target`, its object; no id of its own, sent by uid 0. */
  async function reject(activity: Json): Promise<void> {
    const object = activity.object as Json;
    await server.post(`${activity.actor}/inbox`, instanceActor, {
      "@context": AS,
      id: `${instanceActor}#/activity/reject/${encodeURIComponent(object.id)}`,
      type: "Reject",
      actor: instanceActor,
      object: { type: activity.type, target: activity.actor, object },
    });
  }

  async function get(url: string): Promise<Json | null> {
    const response = await cluster.fetch(url, { headers: { Accept: NODEBB_ACCEPT } });
    return response.ok ? ((await response.json()) as Json) : null;
  }

  /** parseString / parseItem: an IRI is fetched; a Create is unwrapped; anything but a post is skipped. */
  async function postOf(item: unknown): Promise<Json | null> {
    let object = typeof item === "string" ? await get(item) : (item as Json);
    if (object?.type === "Create") object = typeof object.object === "string" ? await get(object.object) : object.object;
    return object && POST_TYPES.includes(object.type) ? object : null;
  }

  return {
    server,
    origin,
    category,
    user,
    instanceActor,
    topic(pid, title, markdown, audience = category) {
      const id = `${origin}/post/${pid}`;
      const post = {
        "@context": AS,
        id,
        type: "Article",
        name: title,
        content: `<p>${markdown}</p>`,
        source: { content: markdown, mediaType: "text/markdown" },
        attributedTo: user,
        context: `${origin}/topic/${pid}`,
        audience,
        to: [PUBLIC],
        cc: [`${user}/followers`, audience],
        published: new Date().toISOString(),
        url: id,
      };
      server.documents.set(`/post/${pid}`, post);
      pids.push(pid);
      server.documents.set("/category/2/outbox", outbox());
      return post;
    },
    async contextItems(url) {
      const found: string[] = [];
      let page = await get(url);
      let root = true;
      while (page && CONTEXT_TYPES.has(page.type)) {
        const items = (String(page.type).startsWith("Ordered") && page.orderedItems) || page.items || [];
        // NodeBB calls items.map(): a lone item compacted to a scalar breaks its read.
        if (!Array.isArray(items)) throw new Error(`NodeBB cannot read ${url}: its items are not an array`);
        for (const item of items) {
          const post = await postOf(item);
          if (post?.id) found.push(post.id);
        }
        const next = page.next ?? (root ? page.first : undefined);
        root = false;
        if (!next) break;
        page = typeof next === "string" ? await get(next) : next;
      }
      return found;
    },
    async contextOf(postUrl) {
      const post = await get(postUrl);
      if (!post) return false;
      if (CONTEXT_TYPES.has(post.type)) return postUrl;
      const context = idOf(post.context);
      if (!context) return false;
      const collection = await get(context);
      return collection && CONTEXT_TYPES.has(collection.type) ? context : false;
    },
    echoes: () => server.received.filter((r) => r.body.type === "Announce" && isOwnActivity(r.body.object)).map((r) => r.body),
    close: () => server.close(),
  };
}
