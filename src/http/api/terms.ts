// The lexicon in the JSON API (docs/API-knowledge.md): any signed-in member
// defines and edits terms; only administrators delete them. Reads need no
// identity.
import { Hono, type Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { createTerm, deleteTerm, findLocalTerm, listTermsPage, searchTerms, termAliases, updateTerm, type Term, type TermInput } from "../../domain/terms.ts";
import type { AppEnv } from "../env.ts";
import { currentUser, jsonBody } from "./auth.ts";

export function termJson(term: Term) {
  return {
    id: term.id,
    uri: term.uri,
    // A term's id is its page.
    url: term.uri,
    slug: term.slug,
    local: term.is_local === 1,
    label: { fr: term.label_fr, en: term.label_en },
    definition: { fr: term.definition_fr, en: term.definition_en },
    aliases: termAliases(term),
    createdAt: term.created_at,
    updatedAt: term.updated_at,
  };
}

const FIELDS = { labelFr: "labelFr", labelEn: "labelEn", definitionFr: "definitionFr", definitionEn: "definitionEn" } as const;

/** The body's fields, as given (the domain checks them); `label`/`definition` objects are accepted too, as the responses shape them. */
function termInput(body: Record<string, unknown>): TermInput {
  const input: TermInput = {};
  const nested = (key: "label" | "definition", lang: "fr" | "en"): unknown => {
    const group = body[key];
    return group != null && typeof group === "object" && !Array.isArray(group) && lang in group ? (group as Record<string, unknown>)[lang] : undefined;
  };
  for (const key of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
    const lang = key.endsWith("Fr") ? "fr" : "en";
    const value = key in body ? body[key] : nested(key.startsWith("label") ? "label" : "definition", lang);
    if (value !== undefined) input[key] = value as string | null;
  }
  if ("aliases" in body) input.aliases = body.aliases as string[];
  if ("slug" in body) input.slug = body.slug as string;
  return input;
}

async function termOf(c: Context<AppEnv>): Promise<Term> {
  const db = c.get("services").db;
  const slug = c.req.param("slug") ?? "";
  const term = await findLocalTerm(db, slug);
  if (term) return term;
  const deleted = await db.selectFrom("terms").select("id").where("is_local", "=", 1).where("slug", "=", slug).executeTakeFirst();
  throw deleted ? new DomainError("gone", "This term was deleted") : new DomainError("not_found", "No such term in the lexicon");
}

export function termRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/terms", async (c) => {
    currentUser(c);
    const term = await createTerm(c.get("services").db, c.get("services").config.publicUrl, termInput(await jsonBody(c)));
    return c.json(termJson(term), 201);
  });

  app.get("/terms", async (c) => {
    const db = c.get("services").db;
    const q = c.req.query("q");
    const limit = Number(c.req.query("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DomainError("invalid", "limit must be an integer from 1 to 200");
    if (q != null) return c.json({ items: (await searchTerms(db, q, limit)).map(termJson) });
    // Without a query, the lexicon a page at a time, by slug (`cursor`: the last slug of the previous page).
    const page = await listTermsPage(db, { limit, cursor: c.req.query("cursor") ?? null });
    return c.json({ items: page.items.map(termJson), nextCursor: page.nextCursor });
  });

  app.get("/terms/:slug", async (c) => c.json(termJson(await termOf(c))));

  app.patch("/terms/:slug", async (c) => {
    currentUser(c);
    const body = await jsonBody(c);
    if ("slug" in body) throw new DomainError("invalid", "A term's slug is its address: it does not change");
    const term = await updateTerm(c.get("services").db, await termOf(c), termInput(body));
    return c.json(termJson(term));
  });

  app.delete("/terms/:slug", async (c) => {
    const user = currentUser(c);
    await deleteTerm(c.get("services").db, await termOf(c), user);
    return c.body(null, 204);
  });

  return app;
}
