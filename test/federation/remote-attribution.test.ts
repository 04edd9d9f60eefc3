// Another server's object cannot credit someone of this instance: a local
// actor in its attributedTo is left out of the authors we store.
import { Object as ASObject } from "@fedify/vocab";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isNoteLike, toRemoteNoteData } from "../../federation/notes/persist-note.ts";
import type { DatabaseHandle } from "../../src/db/database.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { EMPTY_PROFILE, upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { freshSqlite } from "../helpers/databases.ts";
import { loadFixture, offlineDocumentLoader } from "../helpers/fixtures.ts";

const loaders = { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader };
const HERE = new URL("https://test.example");

let handle: DatabaseHandle;
let bob: ActorRow;
let mallory: ActorRow;

beforeEach(async () => {
  handle = await freshSqlite();
  ({ actor: bob } = await createUser(handle.db, HERE, { handle: "bob", password: "un-mot-de-passe-solide", isAdmin: false }));
  const note = loadFixture("mastodon/objects/page.json");
  mallory = await upsertRemoteActor(handle.db, {
    uri: note.attributedTo as string,
    type: "Person",
    username: "mastodon",
    domain: new URL(note.attributedTo as string).host,
    name: null,
    summary: null,
    iconUrl: null,
    url: null,
    inboxUrl: `${note.attributedTo}/inbox`,
    sharedInboxUrl: null,
    outboxUrl: null,
    followersUrl: null,
    followingUrl: null,
    manuallyApprovesFollowers: false,
    fields: EMPTY_PROFILE,
  });
});
afterEach(() => handle.close());

async function authorsOf(json: Record<string, unknown>): Promise<string[]> {
  const object = await ASObject.fromJsonLd(json, loaders);
  if (!isNoteLike(object)) throw new Error("not a note");
  const byUri = new Map([bob, mallory].map((a) => [a.uri, a]));
  const parsed = await toRemoteNoteData(object, async (uri) => byUri.get(uri.href) ?? null, loaders);
  if (!parsed.ok) return [parsed.reason];
  return parsed.data.authors.map((a) => a.uri);
}

describe("attribution of received objects", () => {
  it("drops a local person from a Mastodon status's attributedTo", async () => {
    const json = { ...loadFixture("mastodon/objects/page.json"), attributedTo: [mallory.uri, bob.uri] };
    expect(await authorsOf(json)).toEqual([mallory.uri]);
  });

  it("refuses an object credited to local people only", async () => {
    const json = { ...loadFixture("mastodon/objects/page.json"), attributedTo: [bob.uri] };
    expect(await authorsOf(json)).toEqual(["none of its authors could be fetched"]);
  });

  it("keeps local authors on this instance's own objects (as read back from a community that announces them)", async () => {
    const json = { ...loadFixture("mastodon/objects/page.json"), id: "https://test.example/notes/n1", attributedTo: [bob.uri] };
    expect(await authorsOf(json)).toEqual([bob.uri]);
  });
});
