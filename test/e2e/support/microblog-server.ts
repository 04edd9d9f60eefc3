// A stand-in for a Mastodon-API microblog server (Mastodon, or Hollo for the
// Misskey-family reading), with the intake rules the real ones apply, as
// measured (see /work/shared/DESIGN.md, "What real servers do with us"):
// - a Create is kept only if it addresses (to/cc) or mentions one of its
//   accounts by URI, or comes from an account one of them follows; addressed
//   to neither Public nor the author's followers, it is "limited": seen only by
//   the accounts it names;
// - Announce(Create), Announce(Update), Announce(Delete) are ignored; an
//   Announce(object) from a followed actor is a boost, of public objects only;
// - an Update or Delete is applied to a status it holds, by that status's author;
//   forwarded by another server (the HTTP signer is not the author), only if it
//   carries the author's own signature (an integrity proof or an LD signature);
// - Hollo (like Misskey) takes a Note with `name` and `inReplyTo` for a poll
//   vote and drops it.
// It reads incoming JSON as given (no signature checks: those are tested
// elsewhere); what it shows of a status is `show()` of microblog-reading.ts.
import type { Cluster } from "../../harness/harness.ts";
import { startFakeServer, type FakeServer } from "./fake-server.ts";
import { show, type Shown } from "./microblog-reading.ts";

const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const ACTIVITY_TYPES = new Set(["Create", "Update", "Delete", "Announce", "Like", "Undo", "Follow", "Accept", "Reject", "Add", "Remove", "Flag", "Block"]);
const AP = "application/activity+json";

type Json = Record<string, unknown>;

export interface Status {
  readonly uri: string;
  readonly author: string;
  object: Json;
  /** "everyone" for a public status, else the accounts that may see it. */
  readonly visibleTo: "everyone" | readonly string[];
  /** Its accounts the status names (they see it in their notifications, whoever they follow). */
  readonly named: readonly string[];
  /** Who boosted it (Announce(object) from followed actors). */
  readonly boostedBy: string[];
}

export interface MicroblogServer {
  readonly origin: string;
  readonly software: "mastodon" | "hollo";
  readonly fake: FakeServer;
  /** Statuses it holds, by object URI. */
  readonly statuses: Map<string, Status>;
  /** What it refused or ignored, with why (for failure messages). */
  readonly ignored: { type: unknown; object: unknown; why: string }[];
  /** Creates an account and returns its URI. */
  account(name: string): string;
  /** Sends a Follow from an account to a remote actor; resolves once sent (see `isFollowing`). */
  follow(accountUri: string, targetUri: string): Promise<void>;
  isFollowing(accountUri: string, targetUri: string): boolean;
  /** Serves a post of one of its accounts and sends its Create, signed, to each inbox (as its own users' posts go out). */
  publish(accountUri: string, object: Json, inboxes: readonly string[]): Promise<void>;
  /** The statuses an account may see, with what it is shown of each. */
  seenBy(accountUri: string): (Status & { shown: Shown })[];
  close(): Promise<void>;
}

const ids = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value == null ? [] : [value]).map((v) => (typeof v === "string" ? v : String((v as Json)?.id ?? (v as Json)?.href ?? ""))).filter(Boolean);

/** The actor whose key signed a request (draft-cavage `keyId` or RFC 9421 `keyid`), without the key's fragment. */
function signerOf(headers: Record<string, string | string[] | undefined>): string | null {
  const header = [headers.signature, headers["signature-input"]].flat().filter(Boolean).join(" ");
  const keyId = /keyid="([^"]+)"/i.exec(header)?.[1];
  return keyId ? keyId.replace(/#.*$/, "") : null;
}

export async function startMicroblogServer(cluster: Cluster, software: "mastodon" | "hollo"): Promise<MicroblogServer> {
  const statuses = new Map<string, Status>();
  const ignored: MicroblogServer["ignored"] = [];
  const accounts = new Set<string>();
  // follow id → { follower, target, accepted }
  const follows = new Map<string, { follower: string; target: string; accepted: boolean }>();
  let queue = Promise.resolve();
  let fake: FakeServer | null = null;

  const followersOf = (actor: string) => [...follows.values()].filter((f) => f.accepted && f.target === actor).map((f) => f.follower);
  const authorOf = (object: Json) => ids(object.attributedTo)[0] ?? "";

  async function dereference(value: unknown): Promise<Json | null> {
    if (value && typeof value === "object") return value as Json;
    if (typeof value !== "string") return null;
    const response = await cluster.fetch(value, { headers: { Accept: AP } }).catch(() => null);
    return response?.ok ? ((await response.json()) as Json) : null;
  }

  async function receive(activity: Json, signer: string | null): Promise<void> {
    const actor = ids(activity.actor)[0] ?? "";
    const forwardedUnsigned = signer != null && signer !== actor && activity.proof == null && activity.signature == null;
    const drop = (why: string) => void ignored.push({ type: activity.type, object: activity.object, why });
    switch (activity.type) {
      case "Accept": {
        const follow = follows.get(ids(activity.object)[0] ?? "");
        if (follow && follow.target === actor) follow.accepted = true;
        return;
      }
      case "Create": {
        const object = await dereference(activity.object);
        if (!object || typeof object.id !== "string") return drop("no object");
        if (software === "hollo" && object.type === "Note" && object.name != null && object.inReplyTo != null) return drop("a poll vote");
        const audience = [...ids(activity.to), ...ids(activity.cc), ...ids(object.to), ...ids(object.cc)];
        const mentioned = (Array.isArray(object.tag) ? object.tag : []).filter((t: Json) => t?.type === "Mention").flatMap((t: Json) => ids(t.href));
        const named = [...accounts].filter((a) => audience.includes(a) || mentioned.includes(a));
        const following = followersOf(actor);
        if (named.length === 0 && following.length === 0) return drop("neither addressed to one of its accounts nor from a followed account");
        const isPublic = audience.includes(PUBLIC);
        const followersCollection = (await dereference(actor))?.followers;
        const toFollowers = typeof followersCollection === "string" && audience.includes(followersCollection);
        const visibleTo = isPublic ? "everyone" : [...new Set([...named, ...(toFollowers ? following : [])])];
        statuses.set(object.id, { uri: object.id, author: actor, object, visibleTo, named, boostedBy: [] });
        return;
      }
      case "Announce": {
        const inner = activity.object;
        if (inner && typeof inner === "object" && ACTIVITY_TYPES.has(String((inner as Json).type))) return drop(`Announce(${(inner as Json).type})`);
        if (followersOf(actor).length === 0) return drop("Announce from an actor nobody follows");
        const object = await dereference(typeof inner === "string" ? inner : (inner as Json)?.id);
        if (!object || typeof object.id !== "string") return drop("Announce of something it cannot fetch");
        if (ACTIVITY_TYPES.has(String(object.type))) return drop(`Announce(${object.type})`);
        if (![...ids(object.to), ...ids(object.cc)].includes(PUBLIC)) return drop("boost of a non-public object");
        const status = statuses.get(object.id) ?? { uri: object.id, author: authorOf(object), object, visibleTo: "everyone" as const, named: [], boostedBy: [] };
        if (!status.boostedBy.includes(actor)) status.boostedBy.push(actor);
        statuses.set(object.id, status);
        return;
      }
      case "Update": {
        const uri = ids(activity.object)[0] ?? "";
        const status = statuses.get(uri);
        if (!status || status.author !== actor) return drop("Update of a status it does not hold, or not by its author");
        if (forwardedUnsigned) return drop("forwarded Update without the author's signature");
        const object = await dereference(activity.object);
        if (object) status.object = object;
        return;
      }
      case "Delete": {
        const uri = ids(activity.object)[0] ?? "";
        const status = statuses.get(uri);
        if (!status || status.author !== actor) return drop("Delete of a status it does not hold, or not by its author");
        if (forwardedUnsigned) return drop("forwarded Delete without the author's signature");
        statuses.delete(uri);
        return;
      }
      default:
        return drop("not handled");
    }
  }

  fake = await startFakeServer(cluster, software, {
    // In arrival order, one at a time, as a real inbox worker would mostly do.
    onPost: (_path, body, headers) => {
      queue = queue.then(() => receive(body, signerOf(headers))).catch(() => undefined);
    },
  });
  const server = fake;

  return {
    origin: server.origin,
    software,
    fake: server,
    statuses,
    ignored,
    account(name) {
      const uri = `${server.origin}/users/${name}`;
      accounts.add(uri);
      server.documents.set(`/users/${name}`, {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        id: uri,
        type: "Person",
        preferredUsername: name,
        name,
        inbox: `${uri}/inbox`,
        outbox: `${uri}/outbox`,
        followers: `${uri}/followers`,
        following: `${uri}/following`,
        endpoints: { sharedInbox: `${server.origin}/inbox` },
        publicKey: { id: `${uri}#main-key`, owner: uri, publicKeyPem: server.publicKeyPem },
      });
      return uri;
    },
    async follow(accountUri, targetUri) {
      const target = await dereference(targetUri);
      if (!target) throw new Error(`cannot fetch ${targetUri}`);
      const id = `${accountUri}#follows/${follows.size + 1}`;
      follows.set(id, { follower: accountUri, target: targetUri, accepted: false });
      const response = await server.post(String(target.inbox), accountUri, {
        "@context": "https://www.w3.org/ns/activitystreams",
        id,
        type: "Follow",
        actor: accountUri,
        object: targetUri,
      });
      if (!response.ok) throw new Error(`Follow of ${targetUri} answered ${response.status}`);
    },
    isFollowing(accountUri, targetUri) {
      return [...follows.values()].some((f) => f.accepted && f.follower === accountUri && f.target === targetUri);
    },
    async publish(accountUri, object, inboxes) {
      const id = String(object.id);
      server.documents.set(new URL(id).pathname, { "@context": "https://www.w3.org/ns/activitystreams", ...object });
      statuses.set(id, { uri: id, author: accountUri, object, visibleTo: "everyone", named: [], boostedBy: [] });
      const create = { "@context": "https://www.w3.org/ns/activitystreams", id: `${id}/activity`, type: "Create", actor: accountUri, object, to: object.to, cc: object.cc };
      for (const inbox of inboxes) {
        const response = await server.post(inbox, accountUri, create);
        if (!response.ok) throw new Error(`Create to ${inbox} answered ${response.status}`);
      }
    },
    seenBy(accountUri) {
      return [...statuses.values()]
        .filter((s) =>
          s.visibleTo === "everyone"
            ? s.named.includes(accountUri) || followersOf(s.author).includes(accountUri) || s.boostedBy.some((b) => followersOf(b).includes(accountUri))
            : s.visibleTo.includes(accountUri),
        )
        .map((s) => ({ ...s, shown: show(software, s.object) }));
    },
    close: () => server.close(),
  };
}
