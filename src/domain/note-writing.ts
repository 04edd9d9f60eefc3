// Writing notes: publish, edit (every edit is a new revision) and delete,
// then hand the change to the outbox. Only authors (and the member who
// brought the note in) may edit or delete.
import { isBlockedByAnAuthor } from "./member-blocks.ts";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DomainError } from "./errors.ts";
import { newId } from "./ids.ts";
import { licenseById, licenseByUri } from "./licenses.ts";
import { renderMarkdown, summarize } from "./markdown.ts";
import { withDefaultVisibility } from "./privacy-choices.ts";
import { parseNoteInput, type NoteInput } from "./note-input.ts";
import { canSeeNote, findNoteById, findNoteByUri, loadNoteDetails, type NoteDetails, type NoteRow } from "./notes.ts";
import { findCommunity, isMember, isThreadLocked, localThreadCommunities, postingRefusal, recordCommunityPost, remoteCommunity, type Community } from "./communities.ts";
import { mentionedLocalPeople } from "./mentions.ts";
import { notifyCrossPost, notifyNoteArrived } from "./notification-events.ts";
import { noteContextUri, noteUri } from "./paths.ts";
import { recordRevision } from "./revisions.ts";
import { deleteStoredFiles, purgeNoteContent } from "./note-purge.ts";
import { checkLinkedOrganizations, recordInvitations, sortNamedAuthors, type NamedAuthor } from "./coauthors.ts";
import { threadContextOf } from "./threads.ts";
import { isDraft } from "./visibility.ts";
import { canActFor } from "./organizations.ts";
import { normalizeTags } from "./tags.ts";
import { findOrCreateTermRefs } from "./terms.ts";

type Db = Kysely<Database> | Transaction<Database>;

interface ResolvedRefs {
  authors: NamedAuthor[];
  /** Local people and communities named as authors, who must accept first (coauthors.ts). */
  invited: NamedAuthor[];
  organizations: ActorRow[];
  termIds: string[];
}

/** What an edit keeps without asking again: the note's current authors and linked organizations. */
interface Kept {
  authorIds: ReadonlySet<string>;
  organizationIds: ReadonlySet<string>;
}

const NOTHING_KEPT: Kept = { authorIds: new Set(), organizationIds: new Set() };

/** Every name resolved, or one error listing all those nobody answers to. */
async function resolveActors(services: Services, queries: string[], what: string): Promise<ActorRow[]> {
  const actors: ActorRow[] = [];
  const missing: string[] = [];
  for (const query of queries) {
    const actor = await services.directory.resolve(query);
    if (!actor) missing.push(query);
    else if (!actors.some((a) => a.id === actor.id)) actors.push(actor);
  }
  if (missing.length > 0) {
    throw new DomainError(
      "invalid",
      missing.map((query) => `${what}: nobody found for ${query}`).join("; "),
      missing.map((value) => ({ field: what, reason: "not_found", value })),
    );
  }
  return actors;
}

/** Resolves the people, organizations and terms a note names, before any write. */
async function resolveRefs(services: Services, writer: ActorRow, input: NoteInput, kept: Kept = NOTHING_KEPT): Promise<ResolvedRefs> {
  const named = await resolveActors(services, input.authors, "authors");
  const { authors, invited } = await sortNamedAuthors(services.db, writer, named, kept.authorIds);
  const organizations = await resolveActors(services, input.organizations, "organizations");
  const notOrg = organizations.find((o) => o.type !== "Organization");
  if (notOrg) {
    const value = `${notOrg.username}@${notOrg.domain}`;
    throw new DomainError("invalid", `organizations: ${value} is not an organization`, [{ field: "organizations", reason: "not_organization", value }]);
  }
  await checkLinkedOrganizations(services.db, writer, organizations, kept.organizationIds);
  const termIds = await findOrCreateTermRefs(services.db, services.config.publicUrl, input.terms);
  return { authors, invited, organizations, termIds };
}

async function writeRelations(db: Db, noteId: string, noteUri: string, input: NoteInput, refs: ResolvedRefs, uploaderId: string): Promise<void> {
  for (const table of ["note_authors", "note_tags", "note_terms", "note_organizations", "note_links", "note_translations"] as const) {
    await db.deleteFrom(table).where("note_id", "=", noteId).execute();
  }
  const rows = <T>(items: T[]) => (items.length > 0 ? items : null);
  const authors = rows(refs.authors.map(({ actor, position }) => ({ note_id: noteId, actor_id: actor.id, position })));
  if (authors) await db.insertInto("note_authors").values(authors).execute();
  const tags = rows(normalizeTags(input.tags).map((t) => ({ note_id: noteId, ...t })));
  if (tags) await db.insertInto("note_tags").values(tags).execute();
  const terms = rows(refs.termIds.map((term_id) => ({ note_id: noteId, term_id })));
  if (terms) await db.insertInto("note_terms").values(terms).execute();
  const orgs = rows(refs.organizations.map((o) => ({ note_id: noteId, actor_id: o.id })));
  if (orgs) await db.insertInto("note_organizations").values(orgs).execute();
  const links = rows([...new Set(input.links)].map((target_uri, position) => ({ note_id: noteId, target_uri, position })));
  if (links) await db.insertInto("note_links").values(links).execute();
  const translations = rows(
    input.translations.map((t) => ({
      note_id: noteId,
      language: t.language,
      title: t.title,
      summary: t.summary ?? summarize(t.content),
      content_source: t.content,
      // Absolute links and images: the HTML travels to other servers.
      content_html: renderMarkdown(t.content, { baseUrl: noteUri }),
    })),
  );
  if (translations) await db.insertInto("note_translations").values(translations).execute();

  // Attachments: the note's own (whoever uploaded them: a co-author's edit keeps them), or media uploaded
  // by the same person and not yet attached elsewhere.
  await db.updateTable("media").set({ note_id: null }).where("note_id", "=", noteId).where("id", "not in", input.attachments.length ? input.attachments : [""]).execute();
  for (const [position, mediaId] of input.attachments.entries()) {
    const updated = await db
      .updateTable("media")
      .set({ note_id: noteId, position })
      .where("id", "=", mediaId)
      .where((eb) => eb.or([eb.and([eb("uploader_id", "=", uploaderId), eb("note_id", "is", null)]), eb("note_id", "=", noteId)]))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new DomainError("invalid", `attachments: no media ${mediaId} of yours to attach`);
  }
}

async function writeRevision(db: Db, note: NoteRow, input: NoteInput, editorId: string): Promise<void> {
  const snapshot = { license: note.license, visibility: note.visibility, category: note.category, tags: input.tags, translations: input.translations };
  await recordRevision(db, note, snapshot, editorId, note.updated_at, input.editSummary);
}

/**
 * The local communities a person may post into (handles or Group URLs);
 * refused with the reason otherwise. Posting into a community of another
 * instance is cross-posting (the network of instances), not offered here yet.
 */
async function communitiesToPostInto(services: Services, writer: ActorRow, refs: readonly string[], inReplyTo: string | null): Promise<Community[]> {
  const communities: Community[] = [];
  for (const ref of refs) {
    // A bare name is a community of this instance.
    const query = /^[\w.-]+$/.test(ref) ? `@${ref}@${services.config.publicUrl.host}` : ref;
    const actor = await services.directory.resolve(query);
    if (!actor || actor.type !== "Group") throw new DomainError("invalid", `communities: no community found for ${ref}`);
    if (actor.is_local !== 1) {
      // A community of another instance decides for itself (and answers Reject); we only check what we know:
      // a private one accepts posts from its members, and membership is our accepted follow of it.
      if (actor.manually_approves_followers === 1 && !(await isMember(services.db, actor.id, writer.id))) {
        throw new DomainError("forbidden", `You may not post into ${actor.username}@${actor.domain}: it is private and you are not a member`);
      }
      if (!communities.some((c) => c.actor.id === actor.id)) communities.push(remoteCommunity(actor));
      continue;
    }
    const community = await findCommunity(services.db, actor.id);
    if (!community) throw new DomainError("invalid", `communities: no community found for ${ref}`);
    const threadLocked = inReplyTo != null && (await isThreadLocked(services.db, community.actor.id, inReplyTo));
    const refusal = await postingRefusal(services.db, community, writer.id, { isThread: inReplyTo == null, threadLocked });
    if (refusal) throw new DomainError("forbidden", `You may not post into ${actor.username}: ${REFUSAL_TEXT[refusal]}`);
    if (!communities.some((c) => c.actor.id === actor.id)) communities.push(community);
  }
  return communities;
}

const REFUSAL_TEXT = {
  banned: "you are banned from it",
  not_member: "it is private and you are not a member",
  moderators_only: "only its moderators may start threads",
  locked: "the thread is locked",
} as const;

export interface CreateOptions {
  /**
   * Keep it as a draft: seen by its authors only, not listed, not federated
   * until it is published (updateNote with `publish`). The chosen visibility waits beside it.
   */
  readonly draft?: boolean;
}

/** Publishes a note written by a local person, or keeps it as a draft. */
export async function createNote(services: Services, writer: ActorRow, raw: Record<string, unknown>, options: CreateOptions = {}): Promise<NoteDetails> {
  const input = parseNoteInput(await withDefaultVisibility(services.db, writer.id, raw), services.config);
  // A reply or a community post joins a conversation at once; drafts are for notes.
  if (options.draft && (input.inReplyTo != null || input.communities.length > 0)) {
    throw new DomainError("invalid", "Replies and community posts are published at once, not kept as drafts");
  }
  const refs = await resolveRefs(services, writer, input);
  const parent = input.inReplyTo ? await findNoteByUri(services.db, input.inReplyTo) : undefined;
  if (input.inReplyTo && parent && !(await canSeeNote(services.db, parent, writer.id))) throw new DomainError("not_found", "No such note to reply to");
  if (parent && (await isBlockedByAnAuthor(services.db, parent.id, writer))) throw new DomainError("forbidden", "The author of this note blocks you");
  const communities = await communitiesToPostInto(services, writer, input.communities, input.inReplyTo);
  // A reply joins the thread where it is discussed here, as a reply arriving from elsewhere would.
  if (input.inReplyTo) {
    for (const community of await localThreadCommunities(services.db, input.inReplyTo)) {
      const refusal = await postingRefusal(services.db, community, writer.id, { isThread: false, threadLocked: await isThreadLocked(services.db, community.actor.id, input.inReplyTo) });
      if (!refusal && !communities.some((c) => c.actor.id === community.actor.id)) communities.push(community);
    }
  }
  // Posted only into private communities: community-only, whatever was asked.
  const chosen = communities.length > 0 && communities.every((c) => c.settings.visibility === "private") ? "community" : input.visibility;
  const visibility = options.draft ? "draft" : chosen;
  const id = newId();
  const now = isoNow();
  const uri = noteUri(services.config.publicUrl, id);
  const contextUri = input.inReplyTo ? await threadContextOf(services.db, services.config.publicUrl, input.inReplyTo) : null;
  const note = await services.db.transaction().execute(async (tx) => {
    const note = await tx
      .insertInto("notes")
      .values({
        id,
        uri,
        is_local: 1,
        url: uri,
        title: input.title,
        summary: input.summary ?? summarize(input.content),
        content_source: input.content,
        content_html: renderMarkdown(input.content, { baseUrl: uri }),
        language: input.language,
        category: input.category,
        license: licenseById(input.license)!.uri,
        visibility,
        draft_visibility: options.draft ? chosen : null,
        brought_in_by: writer.id,
        in_reply_to_uri: input.inReplyTo,
        // The conversation: the thread root's (walking up); a root of ours is its own context collection.
        context_uri: contextUri ?? noteContextUri(services.config.publicUrl, id),
        revision: 1,
        published_at: now,
        updated_at: now,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeRelations(tx, id, uri, input, refs, writer.id);
    await recordInvitations(tx, id, refs.invited, writer, false);
    await writeRevision(tx, note, input, writer.id);
    for (const community of communities) await recordCommunityPost(tx, community.actor.id, note.id, input.inReplyTo == null);
    if (options.draft) return note;
    await notifyNoteArrived(tx, note, writer.id, await mentionedLocalPeople(tx, services.config.publicUrl, input.content));
    // A thread posted into several communities at once is a cross-post for each of ours.
    if (input.inReplyTo == null && communities.length > 1) {
      for (const community of communities) if (community.actor.is_local === 1) await notifyCrossPost(tx, community.actor, note, writer.id);
    }
    // Remote communities receive the Create itself (see federation/notes/audience.ts); ours announce it.
    await services.outbox.send({ type: "note-published", noteId: note.id }, tx);
    for (const community of communities) {
      if (community.actor.is_local === 1) await services.outbox.send({ type: "community-post", communityId: community.actor.id, noteId: note.id }, tx);
    }
    return note;
  });
  return loadNoteDetails(services.db, note);
}

/** Who may change a local note: its authors and the member who brought it in (invitees only once they accept). */
export function mayEditNote(details: Pick<NoteDetails, "note" | "authors">, actorId: string | null): boolean {
  if (actorId == null || details.note.is_local !== 1) return false;
  return details.note.brought_in_by === actorId || details.authors.some((a) => a.id === actorId);
}

/** A note its editor may change, or the reason not. */
async function editableNote(services: Services, editor: ActorRow, noteId: string): Promise<NoteDetails> {
  const note = await findNoteById(services.db, noteId);
  if (!note || note.deleted_at != null) throw new DomainError("not_found", "No such note");
  if (note.is_local !== 1) throw new DomainError("forbidden", "Notes from other instances are edited where they live");
  const details = await loadNoteDetails(services.db, note);
  if (!mayEditNote(details, editor.id)) throw new DomainError("forbidden", "Only the note's authors may change it");
  return details;
}

/**
 * A summary the author wrote, or null when it is the one generated from the
 * body: an edit that changes only the body then regenerates it, so text
 * removed from the body does not live on in the summary (issue 15, Law 25).
 */
export function writtenSummary(summary: string | null, body: string | null): string | null {
  return summary != null && summary === summarize(body ?? "") ? null : summary;
}

/** The input that reproduces a stored note, as the base of an edit. */
function inputOf(details: NoteDetails): NoteInput {
  const { note } = details;
  return {
    title: note.title,
    summary: writtenSummary(note.summary, note.content_source),
    content: note.content_source ?? "",
    language: note.language ?? "fr",
    license: licenseIdOf(note.license),
    visibility: note.draft_visibility ?? note.visibility,
    category: note.category,
    tags: details.tags.map((t) => t.name),
    authors: details.authors.map((a) => a.uri),
    terms: details.terms.map((t) => t.uri),
    organizations: details.organizations.map((o) => o.uri),
    links: details.links,
    attachments: details.media.map((m) => m.id),
    translations: details.translations.map((t) => ({ language: t.language, title: t.title, summary: writtenSummary(t.summary, t.content_source), content: t.content_source ?? "" })),
    communities: details.communities.map((c) => c.uri),
    inReplyTo: note.in_reply_to_uri,
    editSummary: null,
  };
}

function licenseIdOf(uri: string | null): string {
  return licenseByUri(uri)?.id ?? "all-rights-reserved";
}

export interface UpdateOptions {
  /** Publish a draft with this edit (its Create goes out now); a published note ignores it. */
  readonly publish?: boolean;
}

/**
 * Edits a note: only the fields given change; the new state becomes a new
 * revision. A draft stays a draft unless `publish` is given; publishing it
 * dates it from now and starts its public history there (the drafting stays private).
 */
export async function updateNote(services: Services, editor: ActorRow, noteId: string, raw: Record<string, unknown>, options: UpdateOptions = {}): Promise<NoteDetails> {
  const details = await editableNote(services, editor, noteId);
  const input = parseNoteInput(raw, services.config, inputOf(details));
  const wasDraft = isDraft(details.note.visibility);
  const publishing = wasDraft && options.publish === true;
  const refs = await resolveRefs(services, editor, input, {
    authorIds: new Set(details.authors.map((a) => a.id)),
    organizationIds: new Set(details.organizations.map((o) => o.id)),
  });
  const now = isoNow();
  const previous = details.note;
  const note = await services.db.transaction().execute(async (tx) => {
    const note = await tx
      .updateTable("notes")
      .set({
        title: input.title,
        summary: input.summary ?? summarize(input.content),
        content_source: input.content,
        content_html: renderMarkdown(input.content, { baseUrl: previous.uri }),
        language: input.language,
        category: input.category,
        license: licenseById(input.license)!.uri,
        visibility: wasDraft && !publishing ? "draft" : input.visibility,
        draft_visibility: wasDraft && !publishing ? input.visibility : null,
        revision: publishing ? 1 : previous.revision + 1,
        // Strictly increasing, so receivers always see a newer `updated`.
        updated_at: now > previous.updated_at ? now : new Date(Date.parse(previous.updated_at) + 1).toISOString(),
        ...(publishing ? { published_at: now } : {}),
      })
      .where("id", "=", previous.id)
      .where("revision", "=", previous.revision)
      .returningAll()
      .executeTakeFirst();
    if (!note) throw new DomainError("conflict", "The note changed meanwhile: reload it and try again");
    await writeRelations(tx, note.id, note.uri, input, refs, editor.id);
    // An edit that lists the authors also settles who is still invited.
    await recordInvitations(tx, note.id, refs.invited, editor, "authors" in raw);
    if (publishing) await tx.deleteFrom("note_revisions").where("note_id", "=", note.id).execute();
    await writeRevision(tx, note, input, editor.id);
    if (publishing) await services.outbox.send({ type: "note-published", noteId: note.id }, tx);
    else if (!wasDraft) await services.outbox.send({ type: "note-updated", noteId: note.id }, tx);
    return note;
  });
  return loadNoteDetails(services.db, note);
}

/** Deletes a note: it stays as a tombstone (410) and its deletion is federated. */
export async function deleteNote(services: Services, actor: ActorRow, noteId: string): Promise<void> {
  const details = await editableNote(services, actor, noteId);
  const files = await services.db.transaction().execute(async (tx) => {
    await tx.updateTable("notes").set({ deleted_at: isoNow() }).where("id", "=", details.note.id).execute();
    // A draft was never sent anywhere: there is nothing to take back.
    if (!isDraft(details.note.visibility)) await services.outbox.send({ type: "note-deleted", noteId: details.note.id }, tx);
    // Its history and attachments go with it (issue 15: a deleted note's revisions must not stay).
    return purgeNoteContent(tx, [details.note.id]);
  });
  await deleteStoredFiles(services.config.dataDir, files);
}
