// Quality labels across instances: a community moderator on A labels a note
// posted there; the author is notified and answers; B, which follows the
// community, shows the label (from A's Update and Announce) on its copy of the
// note, in the API and on the page; A's ActivityPub document carries it as a
// QualityLabel tag with its term in @context; resolving it clears it on B.
import { describe, expect, it } from "vitest";
import { useInstances, waitFor, type Instance } from "../harness/harness.ts";

type Json = Record<string, any>;

describe("quality labels federate", () => {
  const net = useInstances(2);

  it("a label set on A shows on B's copy of the note (API and page), with the author's answer, and goes when resolved", async () => {
    const [a, b] = net.instances as [Instance, Instance];
    const alice = await a.createUser("alice");
    const dan = await a.createUser("dan");
    const bob = await b.createUser("bob");
    expect((await a.api("POST", "/api/v1/communities", { handle: "savoirs", name: "Savoirs", visibility: "public" }, alice.token)).status).toBe(201);
    expect((await b.api("POST", "/api/v1/follows", { target: a.handle("savoirs") }, bob.token)).status).toBe(201);
    expect((await a.api("POST", "/api/v1/follows", { target: a.handle("savoirs") }, dan.token)).status).toBeLessThan(300);
    await waitFor(async () => (await b.api("GET", "/api/v1/following", undefined, bob.token)).body.items[0]?.status === "accepted", { message: "B follows the community" });
    const note = (await a.api("POST", "/api/v1/notes", { title: "Le compost tue les vers", content: "Affirmation sans source.", communities: ["savoirs"] }, dan.token)).body;
    const onB = `/api/v1/notes/by-uri?uri=${encodeURIComponent(note.uri)}`;
    await waitFor(async () => (await b.api("GET", onB, undefined, bob.token)).status === 200, { message: "B has the note" });

    // Not a moderator: 403, nothing set.
    const refused = await a.api("POST", `/api/v1/notes/${note.id}/labels`, { label: "contestee", reason: "Je ne suis pas d'accord" }, dan.token);
    expect(refused.status).toBe(403);

    const set = await a.api("POST", `/api/v1/notes/${note.id}/labels`, { label: "contestee", reason: "Contredit par les études", source: "https://example.org/etude" }, alice.token);
    expect(set.status).toBe(201);
    expect(set.body.labels).toEqual([expect.objectContaining({ label: "contestee", reason: "Contredit par les études", source: "https://example.org/etude", origin: "local", byVote: false })]);
    expect((await a.api("GET", `/api/v1/notes/${note.id}`, undefined, alice.token)).body.labels[0].label).toBe("contestee");

    // The author is notified and answers.
    const notifications = await a.api("GET", "/api/v1/notifications", undefined, dan.token);
    expect(notifications.body.items).toEqual([expect.objectContaining({ kind: "note-labelled", subject: note.uri, read: false })]);
    expect(notifications.body.unread).toBe(1);
    expect((await a.api("POST", "/api/v1/notifications/read", {}, dan.token)).body.marked).toBe(1);
    const answered = await a.api("POST", `/api/v1/notes/${note.id}/labels/contestee/answer`, { answer: "J'ajoute deux sources." }, dan.token);
    expect(answered.status).toBe(200);

    // A's ActivityPub document: a QualityLabel tag, the term defined in @context.
    const article = await (await a.fetch(note.uri, { headers: { Accept: "application/activity+json" } })).json();
    expect(article["@context"]).toContainEqual({ encommun: "https://encommun.org/ns#", QualityLabel: "encommun:QualityLabel" });
    expect(article.tag).toContainEqual(expect.objectContaining({ type: ["QualityLabel", "Object"], name: "contestee", summary: "Contredit par les études", url: "https://example.org/etude", content: "J'ajoute deux sources." }));

    // B's copy: in the API and on the page, with the answer.
    const labelled = await waitFor(async () => {
      const labels = (await b.api("GET", onB, undefined, bob.token)).body.labels as Json[];
      return labels.length === 1 && labels[0]!.answer ? labels[0] : null;
    }, { message: "the label and the answer reached B" });
    expect(labelled).toMatchObject({ label: "contestee", origin: "remote", reason: "Contredit par les études", source: "https://example.org/etude", answer: "J'ajoute deux sources." });
    const localId = (await b.api("GET", onB, undefined, bob.token)).body.id;
    const page = await (await b.fetch(`/notes/${localId}`, { headers: { Accept: "text/html", "Accept-Language": "fr" } })).text();
    expect(page).toContain("Information contestée");
    expect(page).toContain("Contredit par les études");
    expect(page).toContain("J&#39;ajoute deux sources.");

    // Resolved on A: gone on B; the history stays on A.
    expect((await a.api("DELETE", `/api/v1/notes/${note.id}/labels`, { label: "contestee", reason: "Sources ajoutées" }, alice.token)).status).toBe(200);
    await waitFor(async () => (await b.api("GET", onB, undefined, bob.token)).body.labels.length === 0, { message: "B cleared the resolved label" });
    const history = (await a.api("GET", `/api/v1/notes/${note.id}/labels`, undefined, alice.token)).body.history.map((e: Json) => e.event);
    expect(history).toEqual(["added", "answered", "removed"]);
  }, 240_000);
});
