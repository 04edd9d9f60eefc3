// Every page says what it is: its tab title is "<page> · <instance>" (never
// the instance's name alone), it links the instance's favicon (an SVG served
// from /assets, same origin), and every date or time on it says its time
// zone: `<time datetime>` holds the ISO instant, a time shows the zone's
// abbreviation (HNE / EST), a date alone the full time and zone in its
// tooltip. Walked signed out and signed in, in French and in English.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../src/domain/accounts.ts";
import type { ActorRow } from "../../src/domain/actors.ts";
import { createCommunity, parseNewCommunity } from "../../src/domain/communities.ts";
import { createNote, updateNote } from "../../src/domain/note-writing.ts";
import { createNotebook } from "../../src/domain/notebooks.ts";
import { createOrganization } from "../../src/domain/organizations.ts";
import { createTerm } from "../../src/domain/terms.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";
import { Browser } from "./browser.ts";

const INSTANCE = "En commun Laurentides";
const PASSWORD = "correct horse battery";
const LANGUAGES = { fr: "fr-CA,fr;q=0.9", en: "en-CA,en;q=0.9" } as const;
let services: TestServices;
let alice: ActorRow;
let publicPaths: string[];
let memberPaths: string[];

beforeEach(async () => {
  services = await testServices({ INSTANCE_NAME: INSTANCE });
  ({ actor: alice } = await createUser(services.db, services.config.publicUrl, { handle: "alice", password: PASSWORD, isAdmin: true }));
  const jardins = await createCommunity(services, alice, parseNewCommunity({ handle: "jardins", name: "Jardins partagés" }));
  const { note } = await createNote(services, alice, { title: "Semer en avril", content: "Du texte.", tags: ["jardins"], communities: ["jardins"] });
  await updateNote(services, alice, note.id, { title: "Semer en avril (révisé)" });
  const notebook = await createNotebook(services, alice, { title: "Carnet des semences" });
  const term = await createTerm(services.db, services.config.publicUrl, { labelFr: "Agroécologie" });
  await createOrganization(services, alice, { username: "coop", name: "Coop du Nord" });
  publicPaths = [
    "/",
    "/notes",
    `/notes/${note.id}`,
    `/notes/${note.id}/history`,
    `/notes/${note.id}/history/1`,
    "/notebooks",
    `/notebooks/${notebook.id}`,
    "/terms",
    `/terms/${term.slug}`,
    "/organizations",
    "/organizations/coop",
    "/communities",
    `/c/${jardins.actor.username}`,
    `/c/jardins/t/${note.id}`,
    "/tags/jardins",
    "/@alice",
    "/@alice/notes",
    "/@alice/communities",
    "/@alice/notebooks",
    "/@alice/followers",
    "/@alice/following",
    "/about",
    "/privacy",
    "/network",
    "/signin",
    "/search?q=jardins",
    "/une-page-qui-n-existe-pas",
  ];
  memberPaths = [
    "/notes/new",
    `/notes/${note.id}/edit`,
    "/communities/new",
    "/c/jardins/moderation",
    "/c/jardins/edit",
    "/organizations/coop/edit",
    `/notebooks/${notebook.id}/edit`,
    `/terms/${term.slug}/edit`,
    "/settings/profile",
    "/settings/privacy",
    "/settings/account",
    "/settings/blocks",
    "/settings/export",
    "/follow-requests",
    "/moderation/reports",
  ];
});
afterEach(() => services.close());

interface Problem {
  readonly path: string;
  readonly problem: string;
}

/** What is wrong with one page's title, favicon and times. */
function checkPage(path: string, page: string, lang: "fr" | "en"): Problem[] {
  const problems: Problem[] = [];
  const title = /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? "";
  const own = title.endsWith(` · ${INSTANCE}`) ? title.slice(0, -` · ${INSTANCE}`.length) : "";
  if (!own.trim() || own === INSTANCE) problems.push({ path, problem: `title "${title}"` });
  if (!/<link rel="icon" type="image\/svg\+xml" href="\/assets\/favicon\.svg\?v=[0-9a-f]{12}">/.test(page)) problems.push({ path, problem: "no favicon link" });
  for (const [element, attributes, text] of page.matchAll(/<time([^>]*)>([^<]*)<\/time>/g)) {
    const datetime = /datetime="([^"]+)"/.exec(attributes!)?.[1];
    const tooltip = /title="([^"]+)"/.exec(attributes!)?.[1] ?? "";
    if (!datetime || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(datetime)) problems.push({ path, problem: `no ISO instant: ${element}` });
    if (!tooltip.includes("(America/Toronto)")) problems.push({ path, problem: `no zone in the tooltip: ${element}` });
    const zones = lang === "fr" ? /\b(HNE|HAE)$/ : /\b(EST|EDT)$/;
    // A time of day is written with its zone ("11 h 54 HNE", "11:54 a.m. EST").
    if (/\d:\d\d| h \d\d/.test(text!) && !zones.test(text!)) problems.push({ path, problem: `a time without its zone: ${element}` });
  }
  return problems;
}

async function walk(browser: Browser, paths: readonly string[], lang: "fr" | "en"): Promise<{ problems: Problem[]; titles: Map<string, string>; times: number; zoned: number }> {
  const problems: Problem[] = [];
  const titles = new Map<string, string>();
  let times = 0;
  let zoned = 0;
  for (const path of paths) {
    const { res, page } = await browser.get(path, { "accept-language": LANGUAGES[lang] });
    if (res.status >= 500 || !res.headers.get("content-type")?.startsWith("text/html")) problems.push({ path, problem: `answered ${res.status} ${res.headers.get("content-type")}` });
    if (!page.includes(`<html lang="${lang}">`)) problems.push({ path, problem: `not in ${lang}` });
    problems.push(...checkPage(path, page, lang));
    titles.set(path, /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? "");
    times += page.match(/<time /g)?.length ?? 0;
    zoned += page.match(/ (HNE|HAE|EST|EDT)<\/time>/g)?.length ?? 0;
  }
  return { problems, titles, times, zoned };
}

describe("page titles, favicon and times", () => {
  for (const lang of ["fr", "en"] as const) {
    it(`every page signed out, in ${lang}, has its own title, the favicon and times with their zone`, async () => {
      const { problems, titles, times, zoned } = await walk(new Browser(createApp(services)), publicPaths, lang);
      expect(problems).toEqual([]);
      // The walk did meet dates (notes, history, threads), and times of day (a modification, the history).
      expect(times).toBeGreaterThan(10);
      expect(zoned).toBeGreaterThan(1);
      // Titles tell pages apart: the home is not the about page, a note not its history.
      expect(new Set([titles.get("/"), titles.get("/about"), titles.get("/notes"), titles.get(publicPaths[2]!), titles.get(publicPaths[3]!)]).size).toBe(5);
    });

    it(`every page signed in, in ${lang}, has its own title, the favicon and times with their zone`, async () => {
      const browser = new Browser(createApp(services));
      await browser.signIn("alice", PASSWORD);
      // (The sign-in page sends a signed-in member on.)
      const { problems } = await walk(browser, [...publicPaths.filter((p) => p !== "/signin"), ...memberPaths], lang);
      expect(problems).toEqual([]);
    });
  }

  it("serves the favicon from /assets as SVG, cached for a year at its versioned URL", async () => {
    const browser = new Browser(createApp(services));
    const { page } = await browser.get("/");
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)">/.exec(page)![1]!;
    const res = await createApp(services).request(href);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
