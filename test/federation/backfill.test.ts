// Backfill after an accepted follow, over a strict fake network: a person's
// outbox gives its public notes (Creates only, its own, fetched from their
// server); a Lemmy-shaped community's outbox gives its threads (Announces of
// Create(Page) or of objects by id), filed under the community.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveActorByUri } from "../../federation/actors/resolve-actor.ts";
import { backfillAfterAccept } from "../../federation/backfill.ts";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { recordFollow } from "../../src/domain/follows.ts";
import { findNoteByUri } from "../../src/domain/notes.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";
import { loadFixture } from "../helpers/fixtures.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;
const HOST = "https://enterprise.lemmy.ml";
const PICARD = `${HOST}/u/picard`;
const RIKER = `${HOST}/u/riker`;
const TENFORWARD = `${HOST}/c/tenforward`;

function page(id: string, attributedTo: string, to: string[] = [PUBLIC]) {
  return { "@context": AS, id, type: "Page", attributedTo, to, name: `Titre ${id.split("/").pop()}`, content: "<p>Texte</p>", published: "2026-01-02T03:04:05Z" };
}

let net: FakeFederation;
let alice: ActorRow;

beforeEach(async () => {
  vi.stubGlobal("fetch", async (input: unknown) => {
    throw new Error(`Unexpected fetch in a unit test: ${String(input)}`);
  });
  net = await fakeFederation();
  net.documents.set(PICARD, loadFixture("lemmy/objects/person.json"));
  net.documents.set(RIKER, { ...loadFixture("lemmy/objects/person.json"), id: RIKER, preferredUsername: "riker", name: "Riker" });
  net.documents.set(TENFORWARD, loadFixture("lemmy/objects/group.json"));
  ({ actor: alice } = await createUser(net.services.db, net.services.config.publicUrl, { handle: "alice", password: "un-mot-de-passe-solide", isAdmin: false }));
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await net.services.close();
});

async function acceptedFollowOf(uri: string) {
  const target = (await resolveActorByUri(net.context(), new URL(uri)))!;
  return (await recordFollow(net.services.db, net.services.config.publicUrl, alice, target, { accepted: true })).follow;
}

describe("backfill after an accepted follow", () => {
  it("stores a person's public notes from the first page of its outbox, and only those", async () => {
    const outbox = `${PICARD}/outbox`;
    net.documents.set(outbox, { "@context": AS, id: outbox, type: "OrderedCollection", totalItems: 5, first: `${outbox}?page=1` });
    net.documents.set(`${outbox}?page=1`, {
      "@context": AS,
      id: `${outbox}?page=1`,
      type: "OrderedCollectionPage",
      partOf: outbox,
      orderedItems: [
        // By id: fetched from its server.
        { id: `${HOST}/activities/create/1`, type: "Create", actor: PICARD, object: `${HOST}/post/1` },
        // Embedded: refetched all the same (the outbox is not the authority on its content).
        { id: `${HOST}/activities/create/2`, type: "Create", actor: PICARD, object: { ...page(`${HOST}/post/2`, PICARD), name: "Pas ce titre" } },
        // Someone else's post, a followers-only one, a boost: none kept.
        { id: `${HOST}/activities/create/3`, type: "Create", actor: PICARD, object: `${HOST}/post/3` },
        { id: `${HOST}/activities/create/4`, type: "Create", actor: PICARD, object: `${HOST}/post/4` },
        { id: `${HOST}/activities/announce/5`, type: "Announce", actor: PICARD, object: `${HOST}/post/5` },
      ],
    });
    net.documents.set(`${HOST}/post/1`, page(`${HOST}/post/1`, PICARD));
    net.documents.set(`${HOST}/post/2`, page(`${HOST}/post/2`, PICARD));
    net.documents.set(`${HOST}/post/3`, page(`${HOST}/post/3`, RIKER));
    net.documents.set(`${HOST}/post/4`, page(`${HOST}/post/4`, PICARD, [`${PICARD}/followers`]));

    expect(await backfillAfterAccept(net.context(), await acceptedFollowOf(PICARD))).toBe(2);
    const db = net.services.db;
    expect((await findNoteByUri(db, `${HOST}/post/1`))?.title).toBe("Titre 1");
    expect((await findNoteByUri(db, `${HOST}/post/2`))?.title).toBe("Titre 2");
    for (const n of [3, 4, 5]) expect(await findNoteByUri(db, `${HOST}/post/${n}`), `post ${n}`).toBeUndefined();
    expect(net.fetched).not.toContain(`${HOST}/post/5`);

    // Again (a redelivered Accept): nothing new.
    expect(await backfillAfterAccept(net.context(), await acceptedFollowOf(PICARD))).toBe(2);
    expect(await db.selectFrom("notes").select("id").where("is_local", "=", 0).execute()).toHaveLength(2);
  });

  it("files a community's announced threads under it, as Lemmy lists them", async () => {
    const outbox = `${TENFORWARD}/outbox`;
    net.documents.set(outbox, {
      "@context": AS,
      id: outbox,
      type: "OrderedCollection",
      totalItems: 3,
      orderedItems: [
        {
          id: `${HOST}/activities/announce/a`,
          type: "Announce",
          actor: TENFORWARD,
          object: { id: `${HOST}/activities/create/a`, type: "Create", actor: PICARD, object: page(`${HOST}/post/10`, PICARD) },
        },
        { id: `${HOST}/activities/announce/b`, type: "Announce", actor: TENFORWARD, object: `${HOST}/post/11` },
        { id: `${HOST}/activities/announce/c`, type: "Announce", actor: TENFORWARD, object: { id: `${HOST}/activities/like/c`, type: "Like", actor: RIKER, object: `${HOST}/post/10` } },
      ],
    });
    net.documents.set(`${HOST}/post/10`, page(`${HOST}/post/10`, PICARD, [TENFORWARD, PUBLIC]));
    net.documents.set(`${HOST}/post/11`, page(`${HOST}/post/11`, RIKER, [TENFORWARD, PUBLIC]));

    const follow = await acceptedFollowOf(TENFORWARD);
    expect(await backfillAfterAccept(net.context(), follow)).toBe(2);
    const posts = await net.services.db
      .selectFrom("community_posts")
      .innerJoin("notes", "notes.id", "community_posts.note_id")
      .select(["notes.uri", "community_posts.is_thread"])
      .where("community_posts.community_id", "=", follow.following_id)
      .orderBy("notes.uri")
      .execute();
    expect(posts).toEqual([
      { uri: `${HOST}/post/10`, is_thread: 1 },
      { uri: `${HOST}/post/11`, is_thread: 1 },
    ]);
  });

  it("takes a note where an Announce was listed by id, as NodeBB's #activity ids answer", async () => {
    const outbox = `${TENFORWARD}/outbox`;
    const announceId = `${HOST}/post/12#activity/announce/cid/2`;
    net.documents.set(outbox, { "@context": AS, id: outbox, type: "OrderedCollection", totalItems: 1, orderedItems: [announceId] });
    // The fragment never reaches the server: the Announce's id answers the post itself.
    net.documents.set(announceId, page(`${HOST}/post/12`, PICARD, [TENFORWARD, PUBLIC]));
    net.documents.set(`${HOST}/post/12`, page(`${HOST}/post/12`, PICARD, [TENFORWARD, PUBLIC]));
    expect(await backfillAfterAccept(net.context(), await acceptedFollowOf(TENFORWARD))).toBe(1);
    expect((await findNoteByUri(net.services.db, `${HOST}/post/12`))?.title).toBe("Titre 12");
  });

  it("does nothing for an outbox that cannot be read", async () => {
    expect(await backfillAfterAccept(net.context(), await acceptedFollowOf(PICARD))).toBe(0);
  });
});
