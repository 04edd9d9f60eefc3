// The dump's JSON-LD: schema.org vocabulary, one `@graph` per file, so any
// JSON-LD or plain JSON reader can use it.
import type { Attribution, DumpNote, DumpNotebook, DumpOrganization, DumpTerm } from "./public-content.ts";

export const JSON_LD_CONTEXT = "https://schema.org/";

function person(a: Attribution) {
  return { "@id": a.uri, name: a.name ?? a.handle, alternateName: a.handle };
}

function languages(fr: string | null, en: string | null) {
  return [fr === null ? null : { "@language": "fr", "@value": fr }, en === null ? null : { "@language": "en", "@value": en }].filter((v) => v !== null);
}

export function noteNode(n: DumpNote) {
  return {
    "@id": n.uri,
    "@type": "Article",
    url: n.url,
    headline: n.title,
    abstract: n.summary,
    text: n.content,
    inLanguage: n.language,
    license: n.licenseUri,
    genre: n.category,
    keywords: n.tags,
    about: [...n.terms, ...n.organizations].map((uri) => ({ "@id": uri })),
    citation: n.links.map((uri) => ({ "@id": uri })),
    author: n.authors.map(person),
    datePublished: n.publishedAt,
    dateModified: n.updatedAt,
  };
}

export function notebookNode(b: DumpNotebook) {
  return {
    "@id": b.uri,
    "@type": "Collection",
    url: b.url,
    name: b.title,
    description: b.summary,
    editor: b.curators.map(person),
    hasPart: b.notes.map((uri) => ({ "@id": uri })),
    dateCreated: b.createdAt,
    dateModified: b.updatedAt,
  };
}

export function termNode(t: DumpTerm) {
  return {
    "@id": t.uri,
    "@type": "DefinedTerm",
    termCode: t.slug,
    name: languages(t.labelFr, t.labelEn),
    description: languages(t.definitionFr, t.definitionEn),
    alternateName: t.aliases,
    dateModified: t.updatedAt,
  };
}

export function organizationNode(o: DumpOrganization) {
  return { "@id": o.uri, "@type": "Organization", url: o.url, alternateName: o.handle, name: o.name, description: o.summary, dateModified: o.updatedAt };
}
