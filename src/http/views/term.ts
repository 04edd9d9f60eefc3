// A lexicon term's page (its identity: notes' hashtags point here), with
// both languages' labels and definitions and the public notes linked to it;
// and the form that defines or edits a term.
import { oembedLink } from "../embeds/oembed-link.ts";
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import { termAliases, termLabel, type Term } from "../../domain/terms.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { excerpt, noteList, type ListedNote } from "./notebook.ts";
import { fillFragments } from "./note.ts";
import { timeTag } from "./times.ts";

export interface TermPageData {
  readonly term: Term;
  readonly notes: readonly ListedNote[];
  readonly nextCursor: string | null;
  readonly canEdit: boolean;
  readonly canDelete: boolean;
}

const LANGS = ["fr", "en"] as const;

function definitionOf(term: Term, lang: "fr" | "en"): string | null {
  return (lang === "fr" ? term.definition_fr : term.definition_en)?.trim() || null;
}

export function termPage(v: ViewContext, data: TermPageData): Html {
  const { term } = data;
  const label = termLabel(term, v.lang);
  const aliases = termAliases(term);
  // The page's language first, then the other one.
  const order = v.lang === "en" ? (["en", "fr"] as const) : LANGS;
  const definitions = order.map((lang) => ({ lang, text: definitionOf(term, lang) })).filter((d) => d.text != null);
  const description = definitions[0]?.text ? excerpt(definitions[0].text) : v.t("term.description", { label, instance: v.instance.name });
  return layout(
    v,
    {
      title: label,
      description,
      canonical: term.uri,
      og: { type: "article", url: term.uri, title: label, description },
      links: [{ rel: "alternate", type: "application/activity+json", href: term.uri }, ...(term.is_local ? [...feedLinks(FEED_PATHS.term(term.slug)), oembedLink(v.origin, `/terms/${term.slug}`)] : [])],
    },
    html`<article class="term">
<h1>${label}</h1>
<dl class="facts">
${order.map((lang) => {
  const text = lang === "fr" ? term.label_fr : term.label_en;
  return text ? html`<dt>${v.t(`language.${lang}`)}</dt><dd lang="${lang}">${text}</dd>` : "";
})}
${aliases.length > 0 ? html`<dt>${v.t("term.aliases")}</dt><dd>${aliases.join(", ")}</dd>` : ""}
</dl>
${definitions.length === 0
  ? html`<p class="muted">${v.t("term.noDefinition")}</p>`
  : definitions.map(
      (d) => html`<section lang="${d.lang}">
${definitions.length > 1 || d.lang !== v.lang ? html`<h2>${v.t(`language.${d.lang}`)}</h2>` : ""}
<div class="summary">${d.text}</div>
</section>`,
    )}
<p class="muted">${fillFragments(v.t("knowledge.updated", { date: "{date}" }), { date: timeTag(v, term.updated_at) })}</p>
${data.canEdit || data.canDelete
  ? html`<div class="actions">
${data.canEdit ? html`<p class="own-links"><a href="/terms/${term.slug}/edit">${v.t("term.edit")}</a></p>` : ""}
${data.canDelete
  ? html`<p><a class="button danger" href="/terms/${term.slug}/delete">${v.t("term.delete")}</a></p>`
  : ""}
</div>`
  : ""}
<h2>${v.t("term.notes")}</h2>
${data.notes.length > 0 ? noteList(v, data.notes) : html`<p class="muted">${v.t("term.noNotes")}</p>`}
${data.nextCursor ? html`<p><a rel="next" href="/terms/${term.slug}?cursor=${encodeURIComponent(data.nextCursor)}">${v.t("knowledge.next")}</a></p>` : ""}
</article>`,
  );
}

/** What the term form shows: the stored term, or what was typed before a refusal. */
export interface TermForm {
  readonly labelFr: string;
  readonly labelEn: string;
  readonly definitionFr: string;
  readonly definitionEn: string;
  /** Comma-separated. */
  readonly aliases: string;
}

export const EMPTY_TERM_FORM: TermForm = { labelFr: "", labelEn: "", definitionFr: "", definitionEn: "", aliases: "" };

export function termFormOf(term: Term): TermForm {
  return {
    labelFr: term.label_fr ?? "",
    labelEn: term.label_en ?? "",
    definitionFr: term.definition_fr ?? "",
    definitionEn: term.definition_en ?? "",
    aliases: termAliases(term).join(", "),
  };
}

/** The fields of the term form (creation on the index page, edition on its own page). */
export function termFields(v: ViewContext, f: TermForm): Html {
  return html`<label lang="fr">${v.t("term.labelFr")}
<input name="labelFr" value="${f.labelFr}" maxlength="200">
</label>
<label lang="en">${v.t("term.labelEn")}
<input name="labelEn" value="${f.labelEn}" maxlength="200">
</label>
<label lang="fr">${v.t("term.definitionFr")}
<textarea name="definitionFr" rows="5" maxlength="5000">${f.definitionFr}</textarea>
</label>
<label lang="en">${v.t("term.definitionEn")}
<textarea name="definitionEn" rows="5" maxlength="5000">${f.definitionEn}</textarea>
</label>
<label>${v.t("term.aliasesField")}
<input name="aliases" value="${f.aliases}">
</label>`;
}

export function termEditPage(v: ViewContext, data: { term: Term; form: TermForm; error: string | null }): Html {
  const title = v.t("term.editTitle", { label: termLabel(data.term, v.lang) });
  return layout(
    v,
    { title },
    html`<h1>${title}</h1>
${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ""}
<form class="form wide" method="post" action="/terms/${data.term.slug}/edit">
${csrfInput(v)}
${termFields(v, data.form)}
<button type="submit">${v.t("term.save")}</button>
</form>`,
  );
}
