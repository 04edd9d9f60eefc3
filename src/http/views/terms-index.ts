// The lexicon's index: every term in alphabetical order of its label in the
// page's language (accents ignored, as a dictionary sorts), grouped by
// letter; a prefix search; and, for members, the form that defines a term.
import { html } from "hono/html";
import { foldForSearch, termAliases, termLabel, type Term } from "../../domain/terms.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { excerpt } from "./notebook.ts";
import { termFields, type TermForm } from "./term.ts";

export interface TermsIndexData {
  readonly terms: readonly Term[];
  /** The search typed, when the list is its result. */
  readonly query: string | null;
  /** The last slug shown, when the lexicon goes on (see listTermsPage). */
  readonly nextCursor: string | null;
  /** The creation form as typed, with the reason it was refused. */
  readonly form: TermForm;
  readonly error: string | null;
}

/** Terms by first letter, each group sorted the way the page's language sorts. */
export function alphabetical(terms: readonly Term[], lang: "fr" | "en"): { letter: string; terms: Term[] }[] {
  const collator = new Intl.Collator(lang === "fr" ? "fr-CA" : "en-CA", { sensitivity: "base" });
  const sorted = [...terms].sort((a, b) => collator.compare(termLabel(a, lang), termLabel(b, lang)) || a.slug.localeCompare(b.slug));
  const groups: { letter: string; terms: Term[] }[] = [];
  for (const term of sorted) {
    const first = foldForSearch(termLabel(term, lang)).charAt(0).toUpperCase();
    const letter = /\p{L}/u.test(first) ? first : "#";
    const group = groups.find((g) => g.letter === letter);
    if (group) group.terms.push(term);
    else groups.push({ letter, terms: [term] });
  }
  return groups;
}

function termEntry(v: ViewContext, term: Term): Html {
  const other = v.lang === "en" ? term.label_fr : term.label_en;
  const definition = (v.lang === "en" ? term.definition_en ?? term.definition_fr : term.definition_fr ?? term.definition_en)?.trim();
  const aliases = termAliases(term);
  return html`<li><a href="/terms/${term.slug}">${termLabel(term, v.lang)}</a>${
    other && other !== termLabel(term, v.lang) ? html` <span class="muted" lang="${v.lang === "en" ? "fr" : "en"}">(${other})</span>` : ""
  }${aliases.length > 0 ? html` <span class="muted">— ${aliases.join(", ")}</span>` : ""}${definition ? html`<br>${excerpt(definition, 200)}` : ""}</li>`;
}

export function termsIndexPage(v: ViewContext, data: TermsIndexData): Html {
  const url = new URL("/terms", v.origin).href;
  const description = v.t("terms.intro");
  const groups = alphabetical(data.terms, v.lang);
  return layout(
    v,
    { title: v.t("terms.title"), description, canonical: url, og: { type: "website", url, title: v.t("terms.title"), description } },
    html`<h1>${v.t("terms.title")}</h1>
<p class="lead">${description}</p>
<form class="form" role="search" aria-label="${v.t("terms.search")}" method="get" action="/terms">
<label>${v.t("terms.search")}
<input type="search" name="q" value="${data.query ?? ""}" maxlength="200">
</label>
<button type="submit">${v.t("terms.searchSubmit")}</button>
</form>
${data.query != null ? html`<p><a href="/terms">${v.t("terms.all")}</a></p>` : ""}
${data.terms.length === 0
  ? html`<p class="muted">${data.query != null ? v.t("terms.noMatch", { query: data.query }) : v.t("terms.none")}</p>`
  : data.query != null
    ? html`<ul class="links terms">${data.terms.map((term) => termEntry(v, term))}</ul>`
    : html`${groups.length > 1 ? html`<nav><p>${groups.map((g, i) => html`${i > 0 ? " · " : ""}<a href="#letter-${g.letter}">${g.letter}</a>`)}</p></nav>` : ""}
${groups.map(
  (group) => html`<section id="letter-${group.letter}">
<h2>${group.letter}</h2>
<ul class="links terms">${group.terms.map((term) => termEntry(v, term))}</ul>
</section>`,
)}
${data.nextCursor ? html`<p><a rel="next" href="/terms?cursor=${encodeURIComponent(data.nextCursor)}">${v.t("knowledge.next")}</a></p>` : ""}`}
${v.user
  ? html`<details${data.error ? html` open` : ""}>
<summary>${v.t("terms.create")}</summary>
${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ""}
<form class="form wide" method="post" action="/terms">
${csrfInput(v)}
${termFields(v, data.form)}
<button type="submit">${v.t("terms.create")}</button>
</form>
</details>`
  : ""}`,
  );
}
