// Every Article, Page and Note captured from 14 other servers (objects, and
// objects inside Create/Update) becomes a remote note with its authors,
// dates, licence and sanitized HTML, or is refused with a stated reason.
import { Object as ASObject, Create, Update } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import { isNoteLike, toRemoteNoteData } from "../../federation/notes/persist-note.ts";
import { EMPTY_PROFILE, upsertRemoteActor } from "../../src/domain/actors.ts";
import { loadNoteDetails } from "../../src/domain/notes.ts";
import { upsertRemoteNote } from "../../src/domain/remote-notes.ts";
import { freshSqlite } from "../helpers/databases.ts";
import { fixturePaths, loadFixture, offlineDocumentLoader } from "../helpers/fixtures.ts";

const loaders = { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader };
const candidates = fixturePaths((p) => {
  const json = loadFixture(p);
  const type = json.type as string;
  return ["Article", "Page", "Note", "Video", "Event", "ChatMessage"].includes(type) || ((type === "Create" || type === "Update") && typeof json.object === "object" && (json.object as { type?: string }).type !== "Group");
});

/** What the parser is expected to refuse, and why. */
const REFUSED: Record<string, RegExp> = {
  "mobilizon/objects/event.json": /not an Article, Page or Note/,
  "peertube/objects/video.json": /not an Article, Page or Note/,
  "pleroma/objects/chat_message.json": /not an Article, Page or Note/,
};

async function objectOf(path: string) {
  const parsed = await ASObject.fromJsonLd(loadFixture(path), loaders);
  if (parsed instanceof Create || parsed instanceof Update) return parsed.getObject(loaders);
  return parsed;
}

describe("notes from other servers", () => {
  it("finds the fixtures", () => {
    expect(candidates.length).toBeGreaterThanOrEqual(30);
  });

  it.each(candidates)("%s", async (path) => {
    const object = await objectOf(path);
    if (!isNoteLike(object)) {
      expect(`${object?.constructor.name} is not an Article, Page or Note`).toMatch(REFUSED[path] ?? /^$/);
      return;
    }
    const handle = await freshSqlite();
    try {
      const parsed = await toRemoteNoteData(
        object,
        async (uri) =>
          upsertRemoteActor(handle.db, {
            uri: uri.href,
            type: "Person",
            username: uri.pathname.split("/").filter(Boolean).pop() ?? "someone",
            domain: uri.host,
            name: null,
            summary: null,
            iconUrl: null,
            url: null,
            inboxUrl: `${uri.href}/inbox`,
            sharedInboxUrl: null,
            outboxUrl: null,
            followersUrl: null,
            followingUrl: null,
            manuallyApprovesFollowers: false,
            fields: EMPTY_PROFILE,
          }),
        loaders,
      );
      if (!parsed.ok) {
        expect(REFUSED[path], `${path} was refused: ${parsed.reason}`).toBeDefined();
        return;
      }
      const result = await upsertRemoteNote(handle.db, parsed.data, async () => []);
      expect(result.status).toBe("created");
      if (result.note == null) throw new Error("not stored");
      const details = await loadNoteDetails(handle.db, result.note);
      expect(details.note.uri).toBe(object.id!.href);
      expect(details.note.is_local).toBe(0);
      expect(details.authors.map((a) => a.uri)).toEqual(object.attributionIds.map((id) => id.href));
      if (object.published) expect(details.note.published_at).toBe(new Date(object.published.toString()).toISOString());
      expect(details.note.content_html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
      expect(details.note.title.length).toBeGreaterThan(0);
      // Receiving the same object again changes nothing.
      expect((await upsertRemoteNote(handle.db, parsed.data, async () => [])).status).toBe("unchanged");
    } finally {
      await handle.close();
    }
  });
});
