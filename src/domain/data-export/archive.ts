// Writes the member's archive as a zip (fflate), entry by entry to a sink:
// a file for background exports, memory for small ones. Notes are loaded one
// at a time; progress is reported after each. What the archive holds is
// listed in README.txt inside it and in docs/PRIVACY.md.
import { readFile } from "node:fs/promises";
import { join, normalize } from "node:path";
import { createRequire } from "node:module";
import type * as Fflate from "fflate";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ActorRow } from "../actors.ts";
import { actorDocument, announceActivity, createActivity, orderedCollection, CONTEXT } from "./activitypub.ts";
import { collectMemberData, loadNoteWithHistory, type MemberData } from "./collect.ts";
import { noteMarkdown, revisionMarkdown } from "./markdown.ts";
import { reportsMadeBy } from "./reports.ts";

export interface ArchiveSink {
  write(chunk: Uint8Array): Promise<void>;
}

export type ProgressListener = (done: number, total: number) => Promise<void>;

const README = `Archive de vos données — En commun / Your data archive — En commun

actor.json        votre profil (ActivityPub, forme de l’archive de Mastodon) / your profile
outbox.json       vos notes et partages (Create, Announce) / your notes and shares
likes.json        les notes que vous avez aimées / notes you liked
followers.json    vos abonné·es / your followers
following.json    vos abonnements / accounts you follow
following_accounts.csv  vos abonnements, à importer dans Mastodon / to import into Mastodon
communities.json  vos communautés et votre rôle / your communities and role
notebooks.json    vos carnets / your notebooks
organizations.json vos organisations / your organizations
reports.json      vos signalements et leur statut / the reports you made and their status
notes/            chaque note en Markdown, et ses versions / each note in Markdown, and its revisions
media/            vos pièces jointes / your attachments
`;

/** Archive paths: stored files keep their relative path (media/…); nothing escapes the archive. */
function archivePath(storagePath: string): string {
  return normalize(storagePath).replace(/^(\.\.(\/|\\|$))+/, "").replace(/\\/g, "/");
}

function fileName(noteId: string): string {
  return noteId.replace(/[^A-Za-z0-9_-]/g, "_");
}

// fflate is read on the first archive written, not at start.
let fflateModule: typeof Fflate | undefined;

function fflate(): typeof Fflate {
  fflateModule ??= createRequire(import.meta.url)("fflate") as typeof Fflate;
  return fflateModule;
}

class ArchiveWriter {
  readonly #zip: Fflate.Zip;
  readonly #sink: ArchiveSink;
  #pending: Uint8Array[] = [];
  #error: Error | null = null;
  #done = false;

  constructor(sink: ArchiveSink) {
    this.#sink = sink;
    this.#zip = new (fflate().Zip)((error, chunk, final) => {
      if (error) this.#error = error;
      else this.#pending.push(chunk);
      if (final) this.#done = true;
    });
  }

  async #flush(): Promise<void> {
    if (this.#error) throw this.#error;
    const chunks = this.#pending;
    this.#pending = [];
    for (const chunk of chunks) await this.#sink.write(chunk);
  }

  async text(name: string, text: string): Promise<void> {
    const { ZipDeflate, strToU8 } = fflate();
    const entry = new ZipDeflate(name, { level: 6 });
    this.#zip.add(entry);
    entry.push(strToU8(text), true);
    await this.#flush();
  }

  async json(name: string, value: unknown): Promise<void> {
    await this.text(name, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Already compressed (images, audio, PDF): stored as is. */
  async bytes(name: string, bytes: Uint8Array): Promise<void> {
    const entry = new (fflate().ZipPassThrough)(name);
    this.#zip.add(entry);
    entry.push(bytes, true);
    await this.#flush();
  }

  async end(): Promise<void> {
    this.#zip.end();
    await this.#flush();
    if (!this.#done) throw new Error("The zip archive did not finish");
  }
}

/** How much work an archive is: its notes and stored files (what progress counts). */
export async function archiveSize(db: Kysely<Database>, data: MemberData): Promise<{ items: number; mediaBytes: number }> {
  if (data.noteIds.length === 0) return { items: 1, mediaBytes: 0 };
  let mediaBytes = 0;
  let files = 0;
  for (let start = 0; start < data.noteIds.length; start += 500) {
    const row = await db
      .selectFrom("media")
      .select((eb) => [eb.fn.countAll<number>().as("files"), eb.fn.sum<number>("size").as("bytes")])
      .where("note_id", "in", data.noteIds.slice(start, start + 500))
      .where("storage_path", "is not", null)
      .executeTakeFirst();
    files += Number(row?.files ?? 0);
    mediaBytes += Number(row?.bytes ?? 0);
  }
  return { items: data.noteIds.length + files + 1, mediaBytes };
}

export async function writeArchive(
  db: Kysely<Database>,
  dataDir: string,
  actor: ActorRow,
  sink: ArchiveSink,
  onProgress: ProgressListener = async () => {},
): Promise<void> {
  const data = await collectMemberData(db, actor);
  const { items: total } = await archiveSize(db, data);
  const zip = new ArchiveWriter(sink);
  let done = 0;
  await zip.text("README.txt", README);
  await zip.json("actor.json", actorDocument(actor));

  const outbox: unknown[] = [];
  for (const noteId of data.noteIds) {
    const note = await loadNoteWithHistory(db, noteId);
    if (note == null) continue;
    const base = `notes/${fileName(note.details.note.id)}`;
    await zip.text(`${base}.md`, noteMarkdown(note, archivePath));
    for (const revision of note.revisions) await zip.text(`${base}/revisions/${revision.number}.md`, revisionMarkdown(note.details.note.uri, revision));
    for (const media of note.details.media) {
      if (!media.storage_path) continue;
      try {
        await zip.bytes(archivePath(media.storage_path), new Uint8Array(await readFile(join(dataDir, archivePath(media.storage_path)))));
      } catch (error) {
        // A file lost from the disk is not the member's fault: the archive says so instead.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        await zip.text(`${archivePath(media.storage_path)}.missing.txt`, "Ce fichier manquait sur le serveur. / This file was missing on the server.\n");
      }
      done += 1;
    }
    outbox.push(createActivity(actor, note.details, archivePath));
    done += 1;
    await onProgress(done, total);
  }
  for (const share of data.reactions.filter((r) => r.kind === "share")) outbox.push(announceActivity(actor, share));

  await zip.json("outbox.json", orderedCollection("outbox.json", outbox));
  await zip.json("likes.json", orderedCollection("likes.json", data.reactions.filter((r) => r.kind === "like").map((r) => r.noteUri)));
  await zip.json("followers.json", orderedCollection("followers.json", data.followers.filter((f) => f.status === "accepted").map((f) => f.actor.uri)));
  await zip.json("following.json", orderedCollection("following.json", data.following.map((f) => f.actor.uri)));
  // Mastodon's import format for follows (Settings → Import and export → Import).
  await zip.text(
    "following_accounts.csv",
    `Account address,Show boosts,Notify on new posts,Languages\n${data.following.map((f) => `${f.actor.username}@${f.actor.domain},true,false,\n`).join("")}`,
  );
  await zip.json("communities.json", {
    "@context": CONTEXT,
    type: "Collection",
    items: data.communities.map((c) => ({ id: c.community.uri, handle: `${c.community.username}@${c.community.domain}`, name: c.community.name, status: c.status, moderator: c.moderator, since: c.since })),
  });
  await zip.json("notebooks.json", { items: data.notebooks });
  await zip.json("organizations.json", {
    items: data.organizations.map((o) => ({ id: o.organization.uri, handle: `${o.organization.username}@${o.organization.domain}`, name: o.organization.name, role: o.role, since: o.since })),
  });
  await zip.json("reports.json", { items: await reportsMadeBy(db, actor.id) });
  await zip.end();
  await onProgress(total, total);
}
