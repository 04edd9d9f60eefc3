// How notes look in the JSON API (docs/API.md).
import { labelJson } from "./label-json.ts";
import { licenseByUri } from "../../domain/licenses.ts";
import type { NoteDetails, RevisionRow } from "../../domain/notes.ts";
import type { Participation } from "../../domain/reactions.ts";
import { actorJson } from "./json.ts";

/** Light participation as the API shows it, in a note and in the answers of the like and share routes. */
export function participationJson(participation: Participation) {
  return {
    likesCount: participation.likes,
    sharesCount: participation.shares,
    readsCount: participation.reads,
    likedByMe: participation.likedByMe,
    sharedByMe: participation.sharedByMe,
  };
}

/** With `participation` (the note routes always give it), the counts and what the viewer did are included. */
export function noteJson(details: NoteDetails, participation?: Participation) {
  const { note } = details;
  const license = licenseByUri(note.license);
  return {
    id: note.id,
    uri: note.uri,
    url: note.url ?? note.uri,
    local: note.is_local === 1,
    title: note.title,
    summary: note.summary,
    content: note.content_source,
    contentHtml: note.content_html,
    language: note.language,
    license: { id: license?.id ?? null, uri: note.license, name: license?.label ?? null },
    visibility: note.visibility,
    draftVisibility: note.draft_visibility,
    category: note.category,
    tags: details.tags.map((t) => t.name),
    authors: details.authors.map(actorJson),
    broughtInBy: details.broughtInBy ? actorJson(details.broughtInBy) : null,
    terms: details.terms.map((t) => ({ slug: t.slug, uri: t.uri, labelFr: t.label_fr, labelEn: t.label_en })),
    organizations: details.organizations.map(actorJson),
    links: details.links,
    attachments: details.media.map((m) => ({ id: m.id, url: m.url, mediaType: m.media_type, kind: m.kind, size: m.size, name: m.name })),
    translations: details.translations.map((t) => ({
      language: t.language,
      title: t.title,
      summary: t.summary,
      content: t.content_source,
      contentHtml: t.content_html,
    })),
    inReplyTo: note.in_reply_to_uri,
    labels: details.labels.map(labelJson),
    revision: note.revision,
    publishedAt: note.published_at,
    updatedAt: note.updated_at,
    ...(participation ? participationJson(participation) : {}),
  };
}

export function revisionJson(revision: RevisionRow) {
  return {
    number: revision.number,
    title: revision.title,
    summary: revision.summary,
    content: revision.content_source,
    contentHtml: revision.content_html,
    language: revision.language,
    editorId: revision.editor_id,
    createdAt: revision.created_at,
    editSummary: revision.edit_summary,
    // A redacted revision keeps only its number, dates and who redacted it; its text fields are empty.
    redacted: revision.redacted_at != null,
    redactedAt: revision.redacted_at,
    redactedBy: revision.redacted_by,
  };
}
