// The README written beside the dump's files: what each field means.
export function dumpReadme(instance: string, generatedAt: string, counts: Record<string, number>): string {
  return `# Open data of ${instance}

Generated ${generatedAt} by \`encommun dump\`. Public content of this instance only: public notes (never
unlisted, followers-only or community-only ones, nor those of a member who turned off "let my public notes be
found by search", nor of a suspended account), notebooks, lexicon terms and organizations. Content received from
other servers is not included (ask them). People appear only as the public attribution of what they wrote:
name, handle and ActivityPub URI.

| file | what | rows |
|---|---|---|
| notes.jsonld, notes.csv | public notes | ${counts.notes} |
| notebooks.jsonld, notebooks.csv | notebooks (only their public notes) | ${counts.notebooks} |
| terms.jsonld, terms.csv | lexicon terms | ${counts.terms} |
| organizations.jsonld, organizations.csv | organizations | ${counts.organizations} |

The \`.jsonld\` files are JSON-LD with the schema.org vocabulary (\`{"@context": "https://schema.org/", "@graph": [...]}\`);
every \`@id\` is the object's ActivityPub URI. The \`.csv\` files are UTF-8, RFC 4180, every field quoted; lists
are joined with \` | \`. Dates are ISO 8601 (UTC).

## Licences

Each note carries its own licence, chosen by its authors: \`license_uri\` (a Creative Commons URL; empty means
"all rights reserved": quoting is allowed, re-publishing is not) and \`license_id\` (\`cc-by-4.0\`, \`cc-by-sa-4.0\`,
\`cc-by-nc-4.0\`, \`cc-by-nc-sa-4.0\`, \`cc-by-nd-4.0\`, \`cc-by-nc-nd-4.0\`, \`cc0-1.0\`, \`all-rights-reserved\`).
Respect it, and attribute the authors. Notebooks, terms and organizations carry no licence of their own:
they are descriptions and lists; the notes they point to keep theirs.

## notes (JSON-LD \`Article\`)

| CSV column | JSON-LD | meaning |
|---|---|---|
| uri | @id | ActivityPub id |
| url | url | page |
| title | headline | title |
| summary | abstract | short summary (plain text) |
| content | text | Markdown source |
| language | inLanguage | language code |
| license_id, license_uri | license | see "Licences" |
| category | genre | section, e.g. "Atelier 2 - Approfondir" |
| tags | keywords | hashtags |
| terms | about | URIs of lexicon terms |
| organizations | about | URIs of organizations |
| links | citation | URIs of notes it cites |
| author_names, author_handles, author_uris | author (name, alternateName, @id) | authors, same order in each column |
| published_at, updated_at | datePublished, dateModified | dates |

## notebooks (\`Collection\`)

| CSV column | JSON-LD | meaning |
|---|---|---|
| uri, url | @id, url | ids |
| title, summary | name, description | |
| curator_names, curator_handles, curator_uris | editor | curators |
| notes | hasPart | URIs of the public notes it gathers, in order |
| created_at, updated_at | dateCreated, dateModified | dates |

## terms (\`DefinedTerm\`)

| CSV column | JSON-LD | meaning |
|---|---|---|
| uri, slug | @id, termCode | ids |
| label_fr, label_en | name (@language fr/en) | label |
| definition_fr, definition_en | description (@language fr/en) | definition |
| aliases | alternateName | other names |
| updated_at | dateModified | date |

## organizations (\`Organization\`)

| CSV column | JSON-LD | meaning |
|---|---|---|
| uri, url | @id, url | ids |
| handle, name, summary | alternateName, name, description | public profile |
| updated_at | dateModified | date |
`;
}
