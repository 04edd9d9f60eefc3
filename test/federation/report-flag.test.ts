// The Flag a forwarded report becomes: Mastodon's shape, from the instance
// actor, URIs only, one `to` (the remote community when the post is in one,
// as Lemmy requires), delivered to the account's and the community's servers,
// ordered with the reported object.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Context } from "@fedify/fedify";
import type { Activity, Recipient } from "@fedify/vocab";
import { sendReportFlag } from "../../federation/outbox/reports.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { upsertRemoteActor, type ActorRow } from "../../src/domain/actors.ts";
import { recordCommunityPost } from "../../src/domain/communities.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import { createReport } from "../../src/domain/reports.ts";
import type { Services } from "../../src/services.ts";
import { fakeFederation, type FakeFederation } from "../helpers/fake-federation.ts";

function remoteActor(fake: FakeFederation, uri: string, type: ActorRow["type"]) {
  const url = new URL(uri);
  return upsertRemoteActor(fake.services.db, {
    uri, type, username: url.pathname.split("/").pop()!, domain: url.host, name: null, summary: null, iconUrl: null, url: null,
    inboxUrl: `${uri}/inbox`, sharedInboxUrl: `${url.origin}/inbox`, outboxUrl: null, followersUrl: null, followingUrl: null,
    manuallyApprovesFollowers: false, fields: { interests: [], region: null, standpoint: null, links: [] },
  });
}

describe("the forwarded report's Flag", () => {
  let fake: FakeFederation;
  beforeEach(async () => {
    fake = await fakeFederation();
  });
  afterEach(() => fake.services.close());

  it("is Mastodon's shape, names the remote community once in `to`, and carries no content", async () => {
    const db = fake.services.db;
    const author = await remoteActor(fake, "https://masto.example/users/zoe", "Person");
    const group = await remoteActor(fake, "https://lemmy.example/c/jardins", "Group");
    const upserted = await upsertRemoteNote(
      db,
      { uri: "https://masto.example/notes/1", url: null, title: "Pilules", summary: null, contentHtml: "<p>secret sauce</p>", contentSource: null, language: "fr", license: null, visibility: "public", authors: [author], inReplyTo: null, context: null, tags: [], terms: [], links: [], media: [], translations: [], published: new Date().toISOString(), updated: null },
      async () => [],
    );
    const note = "note" in upserted ? upserted.note : null;
    if (!note) throw new Error("the note was not stored");
    await recordCommunityPost(db, group.id, note.id, true);
    const { actor: reporter } = await createUser(db, fake.services.config.publicUrl, { handle: "vigilante", password: "correct horse battery", isAdmin: false });
    const report = await createReport(fake.services, reporter, { target: note.uri, category: "spam", comment: "Publicité", forward: true });

    const sent: { sender: unknown; recipients: Recipient[]; activity: Activity; options: { orderingKey?: string } }[] = [];
    const ctx = fake.context();
    const spy = Object.assign(Object.create(ctx) as Context<Services>, {
      sendActivity: async (sender: unknown, recipients: Recipient | Recipient[], activity: Activity, options: { orderingKey?: string }) => {
        sent.push({ sender, recipients: [recipients].flat(), activity, options });
      },
    });
    await sendReportFlag(spy, report.id);

    expect(sent).toHaveLength(1);
    const [{ sender, recipients, activity, options }] = sent as [(typeof sent)[number]];
    expect(sender).toEqual({ identifier: "instance" });
    expect(recipients.map((r) => r.id?.href)).toEqual([author.uri, group.uri]);
    expect(options.orderingKey).toBe(note.uri);
    const json = (await activity.toJsonLd({ format: "compact" })) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: "Flag",
      actor: `${fake.services.config.publicUrl.origin}/actors/instance`,
      object: [author.uri, note.uri],
      content: "Publicité",
      to: group.uri,
      audience: group.uri,
    });
    expect(JSON.stringify(json)).not.toContain("secret sauce");
    expect(JSON.stringify(json)).not.toContain("vigilante");
  });
});
