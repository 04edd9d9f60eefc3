// Each note as a Markdown file with YAML front matter (readable anywhere,
// importable into static-site generators and note-taking tools), and each of
// its revisions beside it.
import type { RevisionRow } from "../notes.ts";
import { licenseByUri } from "../licenses.ts";
import type { NoteWithHistory } from "./collect.ts";

/** JSON strings are valid YAML double-quoted scalars: no YAML library needed. */
function frontMatter(fields: Record<string, unknown>): string {
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `---\n${lines.join("\n")}\n---\n`;
}

export function noteMarkdown({ details, revisions }: NoteWithHistory, localPath: (storagePath: string) => string): string {
  const { note } = details;
  const license = licenseByUri(note.license);
  const header = frontMatter({
    title: note.title,
    id: note.uri,
    url: note.url ?? note.uri,
    published: note.published_at,
    updated: note.updated_at,
    language: note.language,
    summary: note.summary,
    authors: details.authors.map((a) => `@${a.username}@${a.domain}`),
    license: license?.id ?? note.license,
    visibility: note.visibility,
    inReplyTo: note.in_reply_to_uri,
    tags: details.tags.map((t) => t.name),
    terms: details.terms.map((t) => t.uri),
    communities: details.communities.map((c) => c.uri),
    links: details.links,
    attachments: details.media.map((m) => (m.storage_path ? localPath(m.storage_path) : m.url)),
    revision: note.revision,
    revisions: revisions.map((r) => r.number),
  });
  const body = note.content_source ?? note.content_html;
  const translations = details.translations
    .filter((t) => t.language !== note.language)
    .map((t) => `\n\n<!-- ${t.language} -->\n\n# ${t.title}\n\n${t.content_source ?? t.content_html}`)
    .join("");
  return `${header}\n# ${note.title}\n\n${body}${translations}\n`;
}

export function revisionMarkdown(noteUri: string, revision: RevisionRow): string {
  const header = frontMatter({
    note: noteUri,
    revision: revision.number,
    created: revision.created_at,
    language: revision.language,
    redacted: revision.redacted_at ?? undefined,
    title: revision.redacted_at ? undefined : revision.title,
    summary: revision.summary,
  });
  if (revision.redacted_at) return `${header}\n(Texte caviardé / text redacted)\n`;
  return `${header}\n# ${revision.title}\n\n${revision.content_source ?? revision.content_html}\n`;
}
