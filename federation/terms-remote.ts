// Terms that notes from other instances link to: fetched from their page
// (dereferenceable objects, see terms.ts) so labels and definitions are the
// real ones, not the folded hashtag text; the hashtag name is the fallback.
import type { Context } from "@fedify/fedify";
import { Object as ASObject } from "@fedify/vocab";
import { LanguageString } from "@fedify/vocab-runtime";
import { INSTANCE_ACTOR_ID } from "../src/domain/paths.ts";
import { plainText } from "../src/domain/sanitize.ts";
import { findTermByUri, upsertRemoteTerm } from "../src/domain/terms.ts";
import type { Services } from "../src/services.ts";
import { lookupWithinPolicy } from "./policy.ts";

function byLanguage(values: readonly (string | LanguageString)[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) if (value instanceof LanguageString && !map.has(value.locale.language)) map.set(value.locale.language, value.toString());
  return map;
}

export async function resolveRemoteTerms(ctx: Context<Services>, terms: readonly { uri: string; label: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const { uri, label } of terms) {
    let term = await findTermByUri(ctx.data.db, uri);
    if (!term) {
      const documentLoader = await ctx.getDocumentLoader({ identifier: INSTANCE_ACTOR_ID });
      const object = await lookupWithinPolicy(ctx, uri, { documentLoader }).catch(() => null);
      const names = object instanceof ASObject ? byLanguage(object.names) : new Map<string, string>();
      const summaries = object instanceof ASObject ? byLanguage(object.summaries) : new Map<string, string>();
      term = await upsertRemoteTerm(ctx.data.db, {
        uri,
        labelFr: names.get("fr") ?? (names.size === 0 ? label : null),
        labelEn: names.get("en") ?? null,
        definitionFr: summaries.has("fr") ? plainText(summaries.get("fr")!, 5000) : null,
        definitionEn: summaries.has("en") ? plainText(summaries.get("en")!, 5000) : null,
      });
    }
    if (!ids.includes(term.id)) ids.push(term.id);
  }
  return ids;
}
