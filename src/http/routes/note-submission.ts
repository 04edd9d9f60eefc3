// What the note form sends (multipart): the fields as typed, the files kept
// from earlier submissions with their descriptions, a new file, and which
// button was pressed. A file is stored as soon as it arrives, so that a
// preview, a refusal or a missing alt text never asks for it again; the note
// itself is saved only by "Save draft", "Publish" or "Save".
import type { Context } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { uploadMedia } from "../../domain/media-uploads.ts";
import type { MediaRow, NoteRow } from "../../domain/notes.ts";
import { authorChoices, organizationChoices, termChoices } from "../../domain/pickers.ts";
import { hostOf } from "../../domain/actors.ts";
import type { AppEnv } from "../env.ts";
import { signedInUser } from "../sessions.ts";
import type { FieldError } from "../views/form-errors.ts";
import type { ViewContext } from "../views/layout.ts";
import { FORM_FIELDS, type AttachmentField, type NoteForm, type NoteFormChoices } from "../views/note-form.ts";

export type FormAction = "attach" | "preview" | "draft" | "publish" | "save";

const ACTIONS: readonly FormAction[] = ["attach", "preview", "draft", "publish", "save"];

/** The fields whose entries come as one input each (a <datalist> per input). */
const LIST_FIELDS = new Set<string>(["authors", "terms", "organizations"]);

type Body = Record<string, string | File | (string | File)[]>;

export interface Submission {
  readonly form: NoteForm;
  /** The button pressed; Enter in a field presses the form's first one, "attach", which saves nothing. */
  readonly action: FormAction;
  readonly attachments: AttachmentField[];
  /** Problems with the files, translated, by field. */
  readonly errors: FieldError[];
  /** The HTTP status a refused file calls for (413, 415), or 400. */
  readonly fileStatus: 400 | 413 | 415 | null;
  /** What happened to the new file, for the status line. */
  readonly attached: boolean;
}

function strings(value: Body[string] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

function text(body: Body, name: string): string {
  return (strings(body[name])[0] ?? "").replace(/\r\n?/g, "\n");
}

/** The typed fields; a list field's inputs come back one a line. */
export function formOf(body: Body): NoteForm {
  return Object.fromEntries(
    FORM_FIELDS.map((name) => [
      name,
      LIST_FIELDS.has(name)
        ? strings(body[name])
            .map((v) => v.replace(/\r\n?/g, "\n").trim())
            .filter(Boolean)
            .join("\n")
        : text(body, name),
    ]),
  ) as unknown as NoteForm;
}

/**
 * Media a writer may list in this note's form: their own files not attached
 * elsewhere, and the note's current files (a co-author's included).
 */
export async function attachableMedia(c: Context<AppEnv>, ids: readonly string[], note: NoteRow | null): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  const me = signedInUser(c).actor.id;
  const rows = await c
    .get("services")
    .db.selectFrom("media")
    .selectAll()
    .where("id", "in", [...ids])
    .where((eb) =>
      eb.or([
        eb.and([eb("uploader_id", "=", me), eb("note_id", "is", null)]),
        ...(note ? [eb("note_id", "=", note.id)] : []),
      ]),
    )
    .execute();
  // In the order they were listed.
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

function fileRefusal(v: ViewContext, error: DomainError, maxUploadBytes: number): { message: string; status: 400 | 413 | 415 } {
  if (error.code === "too_large") return { message: v.t("writing.fileTooLarge", { size: Math.floor(maxUploadBytes / (1024 * 1024)) }), status: 413 };
  if (error.code === "unsupported") return { message: v.t("writing.fileUnsupported"), status: 415 };
  return { message: v.t("writing.fileEmpty"), status: 400 };
}

/** An image needs its alt text: every one missing is a problem on its own field. */
export function missingAltTexts(v: ViewContext, attachments: readonly AttachmentField[]): FieldError[] {
  return attachments.filter((a) => a.media.kind === "image" && a.description.trim() === "").map((a) => ({ field: `alt-${a.media.id}`, message: v.t("writing.altRequired") }));
}

/** Reads the form, stores a new file if one came, and lists the attachments with their descriptions. */
export async function readSubmission(c: Context<AppEnv>, v: ViewContext, note: NoteRow | null): Promise<Submission> {
  const body = (await c.req.parseBody({ all: true })) as Body;
  const form = formOf(body);
  const pressed = text(body, "action");
  // No button named (a client other than a browser): the form's main action, as before buttons had names.
  const action: FormAction = (ACTIONS as readonly string[]).includes(pressed) ? (pressed as FormAction) : note ? "save" : "publish";
  const removed = new Set(strings(body.remove));
  const listed = [...new Set(strings(body.attachments))].filter((id) => !removed.has(id));
  const media = await attachableMedia(c, listed, note);
  const attachments: AttachmentField[] = media.map((m) => {
    const typed = strings(body[`alt-${m.id}`])[0];
    return { media: m, description: typed ?? m.name ?? "" };
  });
  const errors: FieldError[] = [];
  let fileStatus: Submission["fileStatus"] = null;
  let attached = false;
  const files = (Array.isArray(body.file) ? body.file : [body.file]).filter((f): f is File => f instanceof File && f.size > 0);
  const description = text(body, "fileDescription").trim();
  const services = c.get("services");
  for (const file of files.slice(0, 1)) {
    try {
      const stored = await uploadMedia(services, signedInUser(c).actor, { bytes: new Uint8Array(await file.arrayBuffer()), type: file.type, name: file.name }, description || null);
      // What was typed is the description: a file's own name is no alt text.
      attachments.push({ media: stored, description });
      attached = true;
    } catch (error) {
      if (!(error instanceof DomainError) || !["too_large", "unsupported", "invalid"].includes(error.code)) throw error;
      const refusal = fileRefusal(v, error, services.config.maxUploadBytes);
      errors.push({ field: "file", message: refusal.message });
      fileStatus = refusal.status;
    }
  }
  errors.push(...missingAltTexts(v, attachments));
  if (errors.length > 0 && fileStatus == null) fileStatus = 400;
  return { form, action, attachments, errors, fileStatus, attached };
}

/** Saves the descriptions typed for the attachments (alt texts), before the note that carries them. */
export async function saveDescriptions(c: Context<AppEnv>, attachments: readonly AttachmentField[]): Promise<void> {
  const db = c.get("services").db;
  for (const a of attachments) {
    const description = a.description.trim() || null;
    if (description !== a.media.name) await db.updateTable("media").set({ name: description }).where("id", "=", a.media.id).execute();
  }
}

/** The attachments of a stored note, as the form lists them. */
export function attachmentsOf(media: readonly MediaRow[]): AttachmentField[] {
  return media.map((m) => ({ media: m, description: m.name ?? "" }));
}

/** Suggestions for the form's pickers. */
export async function formChoices(c: Context<AppEnv>): Promise<NoteFormChoices> {
  const { db, config } = c.get("services");
  const me = signedInUser(c).actor.id;
  const [authors, terms, organizations] = await Promise.all([authorChoices(db, me, hostOf(config.publicUrl)), termChoices(db, c.get("lang")), organizationChoices(db, me)]);
  return { authors, terms, organizations };
}
