// Dates and times are shown in the instance's time zone and say which:
// Québec's by default (HNE in winter, HAE in summer), another one when the
// instance sets INSTANCE_TIME_ZONE; `<time datetime>` keeps the UTC instant.
import { afterEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import { createNote } from "../../src/domain/note-writing.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

let services: TestServices | null = null;
afterEach(() => services?.close());

/** A note published on 7 March 2024 at 16:54 UTC and modified on 7 July 2024 at 16:54 UTC; its page in `lang`. */
async function notePage(env: Record<string, string>, lang: string): Promise<string> {
  services = await testServices(env);
  const { actor } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: "correct horse battery", isAdmin: false });
  const { note } = await createNote(services, actor, { title: "Une note", content: "Du texte." });
  await services.db.updateTable("notes").set({ published_at: "2024-03-07T16:54:00.000Z", updated_at: "2024-07-07T16:54:00.000Z" }).where("id", "=", note.id).execute();
  return (await new Browser(createApp(services)).get(`/notes/${note.id}`, { "accept-language": lang })).page;
}

describe("times with their time zone", () => {
  it("in Québec's zone by default: standard time in March, daylight time in July", async () => {
    const page = await notePage({}, "fr-CA");
    expect(page).toContain('<time datetime="2024-03-07T16:54:00.000Z" title="7 mars 2024 à 11 h 54 HNE, heure normale de l’Est (America/Toronto)">7 mars 2024</time>');
    expect(page).toContain('<time datetime="2024-07-07T16:54:00.000Z" title="7 juillet 2024 à 12 h 54 HAE, heure avancée de l’Est (America/Toronto)">7 juillet 2024 à 12 h 54 HAE</time>');
  });

  it("in English", async () => {
    const page = await notePage({}, "en-CA");
    // (ICU puts a narrow no-break space before "a.m.")
    expect(page).toMatch(/>July 7, 2024 at 12:54\sp\.m\. EDT<\/time>/);
    expect(page).toMatch(/title="March 7, 2024 at 11:54\sa\.m\. EST, Eastern Standard Time \(America\/Toronto\)"/);
  });

  it("in the instance's own zone when it sets one", async () => {
    const page = await notePage({ INSTANCE_TIME_ZONE: "America/Halifax" }, "fr-CA");
    expect(page).toContain(">7 juillet 2024 à 13 h 54 HAA</time>");
    expect(page).toContain("(America/Halifax)");
    expect(page).not.toContain("America/Toronto");
  });
});
