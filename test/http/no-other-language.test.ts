// No English sentence on a French page, and no French one on an English page
// (issue 12): every form's error paths and the error pages (404, 403, 410,
// 413, 503), walked in both languages. The sentences to look for come from the
// catalogs themselves (each one's fragments between placeholders that the
// other catalog does not share), plus the words of English sentences that
// no catalog holds (the domain's messages, written for the API).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import type { Language } from "../../src/config/config.ts";
import { DatabaseBusyError } from "../../src/db/busy.ts";
import { createUser } from "../../src/domain/accounts.ts";
import { createApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { en } from "../../src/http/i18n/en.ts";
import { fr } from "../../src/http/i18n/fr.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser, HTML } from "./browser.ts";

const PASSWORD = "correct horse battery";

/** Each catalog's own sentences: the parts between placeholders, long enough to be a phrase, that the other catalog never says. */
function ownSentences(mine: Record<string, string>, theirs: Record<string, string>): string[] {
  const theirText = Object.values(theirs).join("\n");
  const fragments = new Set<string>();
  for (const message of Object.values(mine)) {
    for (const part of message.split(/\{\w+\}/)) {
      const fragment = part.trim().replace(/^[\s:;,.«»“”()–-]+|[\s:;,.«»“”()–-]+$/g, "");
      if (fragment.length >= 12 && fragment.includes(" ") && !theirText.includes(fragment)) fragments.add(fragment);
    }
  }
  return [...fragments];
}

const SENTENCES: Record<Language, string[]> = { fr: ownSentences(fr, en), en: ownSentences(en, fr) };
/** Words that only an English sentence has (the domain's API messages are English): never on a French page. */
const ENGLISH_WORDS = /\b(the|is|are|must|only|cannot|already|nobody|invalid|such|you|your|this|not|of|no)\b/i;
/** Words that only a French sentence has: never on an English page. */
const FRENCH_WORDS = /(?:^|[\s(«“])(le|la|les|des|est|une|vous|votre|cette|n'est|doit|déjà|aucun|aucune)(?=[\s,.:;!?»”)]|$)/i;

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/**
 * What a reader sees or hears of a page: its text and its labelling attributes,
 * without what they typed (field values, text areas) nor the note texts shown.
 */
function readerText(page: string): string[] {
  const withoutTyped = page
    .replace(/<(script|style|textarea)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<(article|div) class="(?:note-body|post-body|prose)[^"]*"[\s\S]*?<\/\1>/gi, " ");
  const labels = [...withoutTyped.matchAll(/\s(?:aria-label|placeholder|title|alt)="([^"]*)"/g)].map((m) => m[1]!);
  const text = withoutTyped.replace(/<title>([\s\S]*?)<\/title>/, " $1 \n").replace(/<[^>]+>/g, "\n");
  return [...text.split("\n"), ...labels].map((line) => decode(line).replace(/\s+/g, " ").trim()).filter(Boolean);
}

/** Every sentence of the other language on the page, with where it was found. */
function otherLanguage(page: string, lang: Language): string[] {
  const other: Language = lang === "fr" ? "en" : "fr";
  const lines = readerText(page);
  const found: string[] = [];
  for (const line of lines) {
    const sentence = SENTENCES[other].find((s) => line.includes(s));
    if (sentence) found.push(`${other} catalog: “${sentence}” in “${line}”`);
    else if ((lang === "fr" ? ENGLISH_WORDS : FRENCH_WORDS).test(line)) found.push(`${other} words: “${line}”`);
  }
  return found;
}

let services: TestServices;
let app: Hono<AppEnv>;
let aliceId: string;

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: "Praxis", REGISTRATION_MODE: "open" });
  app = createApp(services);
  aliceId = (await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: true })).actor.id;
  await createUser(services.db, services.config.publicUrl, { handle: "bruno", password: PASSWORD, isAdmin: false });
});
afterEach(() => services.close());

function browserIn(lang: Language): Browser {
  const browser = new Browser(app);
  browser.cookies.set("lang", lang);
  return browser;
}

type Visit = { res: Response; page: string };

/** Walks one error path: the page must answer `status` (so the path is really taken), and is kept to be read. */
class Walk {
  readonly lang: Language;
  readonly pages: { step: string; page: string }[] = [];
  readonly statuses: string[] = [];

  constructor(lang: Language) {
    this.lang = lang;
  }

  async expect(step: string, status: number | number[], visit: Promise<Visit>): Promise<string> {
    const { res, page } = await visit;
    const wanted = Array.isArray(status) ? status : [status];
    if (!wanted.includes(res.status)) this.statuses.push(`${step}: ${res.status}, not ${wanted.join(" or ")}`);
    this.pages.push({ step, page });
    return page;
  }

  leaks(): string[] {
    return this.pages.flatMap(({ step, page }) => otherLanguage(page, this.lang).map((leak) => `${step}: ${leak}`));
  }
}

async function publish(browser: Browser, title: string): Promise<string> {
  await browser.get("/notes/new");
  const { res } = await browser.post("/notes/new", { title, content: "Un texte", language: "fr", license: "cc-by-4.0", visibility: "public" });
  expect(res.status).toBe(303);
  return res.headers.get("location")!.replace(/\?.*$/, "");
}

describe.each(["fr", "en"] as const)("pages in %s", (lang) => {
  it("every form's error paths speak only the page's language", async () => {
    const walk = new Walk(lang);
    // The real directory answers null for a name nobody has (the test one refuses remote lookups).
    const known = services.directory.resolve.bind(services.directory);
    services.directory.resolve = async (query) => (/zzz/.test(query) ? null : known(query));
    const visitor = browserIn(lang);
    await walk.expect("sign-up page", 200, visitor.get("/signup"));
    await walk.expect("sign-up: bad handle, short password", 400, visitor.post("/signup", { handle: "a b!", password: "court" }));
    await walk.expect("sign-up: handle taken", [400, 409], visitor.post("/signup", { handle: "alice", password: "un mot de passe assez long" }));
    await walk.expect("sign-in: wrong password", [400, 401], visitor.post("/signin", { handle: "alice", password: "faux" }));
    await walk.expect("setup link unknown", [404, 410], visitor.get("/setup/inconnu"));

    const member = browserIn(lang);
    await member.signIn("alice", PASSWORD);
    const notePath = await publish(member, "Jardins partagés");
    await member.get("/notes/new");
    await walk.expect(
      "note: empty, bad links, unknown author, term and organization",
      400,
      member.post("/notes/new", { title: "", content: "", language: "fr", license: "cc-by-4.0", visibility: "public", links: "zzz", authors: "@zzz", terms: "zzz", organizations: "@yyy", translationTitle: "zzz" }),
    );
    await member.get(`${notePath}/edit`);
    await walk.expect("note edit: empty title", 400, member.post(`${notePath}/edit`, { title: "", content: "", language: "fr", license: "cc-by-4.0", visibility: "public" }));
    await member.get("/communities/new");
    await walk.expect("community: bad handle, name too long", 400, member.post("/communities/new", { handle: "a b!", name: "x".repeat(300), visibility: "public" }));
    await walk.expect("community: handle taken", 409, member.post("/communities/new", { handle: "bruno", name: "Jardins", visibility: "public" }));
    expect((await member.post("/communities/new", { handle: "jardins", name: "Jardins", visibility: "public" })).res.status).toBe(303);
    await member.get("/c/jardins/edit");
    await walk.expect("community edit: name too long, bad image, bad vote count", 400, member.post("/c/jardins/edit", { name: "x".repeat(300), iconUrl: "zzz", labelVoteThreshold: "1" }));
    await member.get("/organizations/new");
    expect((await member.post("/organizations/new", { handle: "coop", name: "Coop" })).res.status).toBe(303);
    await member.get("/organizations/coop/edit");
    await walk.expect("organization edit: bad link, interest too long", 400, member.post("/organizations/coop/edit", { name: "Coop", interests: "x".repeat(60), links: "zzz" }));
    await member.get("/c/jardins");
    await walk.expect("thread: empty", 400, member.post("/c/jardins/threads", { title: "", content: "" }));
    await member.get("/settings/profile");
    await walk.expect("profile: name too long, bad link", 400, member.post("/settings/profile", { name: "x".repeat(300), summary: "", links: "zzz" }));
    await walk.expect("profile: name too long", 400, member.post("/settings/profile", { name: "x".repeat(300), summary: "", links: "" }));
    await member.get("/settings/account");
    await walk.expect("password: wrong current", [400, 403], member.post("/settings/password", { current: "faux", password: "zzz" }));
    await member.get("/settings/account");
    await walk.expect("password: too short", 400, member.post("/settings/password", { current: PASSWORD, password: "zzz" }));
    await member.get("/settings/account");
    await walk.expect("account deletion: wrong password", [400, 403], member.post("/settings/delete", { password: "faux" }));
    await member.get("/terms");
    await walk.expect("term: no label", 400, member.post("/terms", { labelFr: "", labelEn: "" }));
    expect((await member.post("/terms", { labelFr: "Commun", labelEn: "Commons" })).res.status).toBe(303);
    await member.get("/terms");
    await walk.expect("term: exists", 409, member.post("/terms", { labelFr: "Commun" }));
    await member.get("/terms/commun/edit");
    await walk.expect("term edit: label too long", 400, member.post("/terms/commun/edit", { labelFr: "x".repeat(300) }));
    await member.get("/notebooks");
    await walk.expect("notebook: no title", 400, member.post("/notebooks", { title: "" }));
    const created = await member.post("/notebooks", { title: "Guide" });
    expect(created.res.status).toBe(303);
    const notebookPath = created.res.headers.get("location")!.replace(/[?#].*$/, "");
    await member.get(notebookPath);
    await walk.expect("notebook: unknown note", [400, 404], member.post(`${notebookPath}/items`, { note: "zzz" }));
    await member.get(notebookPath);
    await walk.expect("notebook: section without title", 400, member.post(`${notebookPath}/sections`, { title: "" }));
    await member.get("/settings/blocks");
    await walk.expect("blocks: nobody", [400, 404], member.post("/settings/blocks", { target: "@zzz", kind: "block" }));
    await member.get("/settings/blocks");
    await walk.expect("blocks: myself", 400, member.post("/settings/blocks", { target: "alice", kind: "block" }));
    await member.get("/@alice");
    await walk.expect("follow myself", 400, member.post("/follow", { actor: aliceId }));
    await walk.expect("co-authorship nobody offered", [403, 404], member.post("/coauthorships/zzz/accept", {}));
    await walk.expect("search: nobody", [200, 400, 404], member.get("/search?q=@zzz@test.example"));

    const bruno = browserIn(lang);
    await bruno.signIn("bruno", PASSWORD);
    await bruno.get(`${notePath}/report`);
    await walk.expect("report: no category", 400, bruno.post(`${notePath}/report`, { category: "", comment: "" }));
    await walk.expect("term deletion by a member", 403, bruno.get("/terms/commun/delete"));
    await walk.expect("community edit by a member", 403, bruno.get("/c/jardins/edit"));
    await walk.expect("organization edit by a stranger", 403, bruno.get("/organizations/coop/edit"));
    await walk.expect("notebook change by a stranger", 403, bruno.post(`${notebookPath}/sections`, { title: "Une section" }));

    expect(walk.statuses).toEqual([]);
    expect(walk.pages.length).toBeGreaterThan(25);
    expect(walk.leaks()).toEqual([]);
  });

  it("the error pages (404, 403, 410, 413, 503) speak only the page's language", async () => {
    const walk = new Walk(lang);
    const member = browserIn(lang);
    await member.signIn("alice", PASSWORD);
    const notePath = await publish(member, "Compost collectif");
    await walk.expect("404", 404, member.get("/page-qui-n-existe-pas"));
    await walk.expect("403 expired form", 403, member.post("/settings/profile", { name: "Alice" }, { csrf: "périmé" }));
    await member.get(notePath);
    expect((await member.post(`${notePath}/delete`, {})).res.status).toBe(200);
    await walk.expect("410 deleted note", 410, member.get(notePath));
    await member.get("/notes/new");
    // The note form takes uploads (up to MAX_UPLOAD_MB); any other form stops at 1 MiB.
    await member.get("/settings/profile");
    await walk.expect("413 too large", 413, member.post("/settings/profile", { name: "x".repeat(1_100_000) }));
    services.directory.resolve = async () => {
      throw new DatabaseBusyError(2_000);
    };
    await walk.expect("503 busy", 503, member.get("/search?q=@bruno@test.example"));
    const anonymous = browserIn(lang);
    await walk.expect("sign-in required", [200, 303, 401], anonymous.get("/notes/new", HTML));
    expect(walk.statuses).toEqual([]);
    expect(walk.leaks()).toEqual([]);
  });
});
