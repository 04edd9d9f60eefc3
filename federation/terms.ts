// Lexicon terms are dereferenceable: the term page's URL answers ActivityPub
// clients with an Object carrying both labels (nameMap), both definitions
// (summaryMap) and the aliases; notes reference it from `tag` as a Hashtag
// whose href is this URL (the identity, since Mastodon folds hashtags).
import type { FederationBuilder } from "@fedify/fedify";
import { Object as ASObject } from "@fedify/vocab";
import { LanguageString } from "@fedify/vocab-runtime";
import { ROUTES } from "../src/domain/paths.ts";
import { escapeHtml } from "../src/domain/sanitize.ts";
import { findLocalTerm, termAliases, type Term } from "../src/domain/terms.ts";
import type { Services } from "../src/services.ts";

function labels(term: Term): (string | LanguageString)[] {
  const values: (string | LanguageString)[] = [term.label_fr ?? term.label_en ?? term.slug];
  if (term.label_fr) values.push(new LanguageString(term.label_fr, "fr"));
  if (term.label_en) values.push(new LanguageString(term.label_en, "en"));
  for (const alias of termAliases(term)) values.push(new LanguageString(alias, "und"));
  return values;
}

function definitions(term: Term): (string | LanguageString)[] {
  const fr = term.definition_fr ? `<p>${escapeHtml(term.definition_fr)}</p>` : null;
  const en = term.definition_en ? `<p>${escapeHtml(term.definition_en)}</p>` : null;
  const main = fr ?? en;
  if (main == null) return [];
  return [main, ...(fr ? [new LanguageString(fr, "fr")] : []), ...(en ? [new LanguageString(en, "en")] : [])];
}

export function registerTermDispatcher(builder: FederationBuilder<Services>): void {
  builder.setObjectDispatcher(ASObject, ROUTES.term, async (ctx, values) => {
    const term = await findLocalTerm(ctx.data.db, values.slug);
    if (!term) return null;
    return new ASObject({
      id: new URL(term.uri),
      url: new URL(term.uri),
      names: labels(term),
      summaries: definitions(term),
      published: Temporal.Instant.from(term.created_at),
      updated: Temporal.Instant.from(term.updated_at),
    });
  });
}
