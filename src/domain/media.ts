// Attachments of notes (documents, images, audio: knowledge is not only text),
// stored as files under <dataDir>/media/<yyyy>/<mm>/<id>.<ext>. The type comes
// from the bytes, never from the client: a name or a Content-Type is a claim,
// and serving a claimed type is how uploads become stored XSS.
import { createReadStream } from "node:fs";
import { mkdir, open, realpath, rename, rm, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { Readable } from "node:stream";
import { DomainError } from "./errors.ts";
import { detectFileType } from "./file-type.ts";
import { newId } from "./ids.ts";

export type MediaKind = "image" | "document" | "audio" | "video";

export type MediaLimits = Readonly<Record<MediaKind, number>>;

const MiB = 1024 * 1024;

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { image: 10 * MiB, document: 25 * MiB, audio: 50 * MiB, video: 50 * MiB };

export interface MediaUpload {
  readonly bytes: Uint8Array;
  /** The client's Content-Type: used only to choose among text formats, never to accept a file. */
  readonly declaredType?: string | undefined;
  readonly filename?: string | undefined;
}

export interface StoredMedia {
  readonly id: string;
  /** Relative to the data folder, with forward slashes: `media/2025/06/<id>.png`. */
  readonly path: string;
  readonly mediaType: string;
  readonly size: number;
  readonly kind: MediaKind;
  /** The uploaded file's name, cleaned for display; null when none was given. */
  readonly originalName: string | null;
}

export interface OpenedMedia {
  readonly absolutePath: string;
  readonly mediaType: string;
  /** What to send as Content-Type (text formats get their charset). */
  readonly contentType: string;
  readonly kind: MediaKind;
  readonly size: number;
  /** The bytes, or the inclusive byte range `start`–`end` (for audio and video seeking). */
  stream(range?: { start: number; end: number }): ReadableStream<Uint8Array>;
}

interface Format {
  readonly ext: string;
  readonly mediaType: string;
  readonly kind: MediaKind;
}

function format(ext: string, mediaType: string, kind: MediaKind): Format {
  return { ext, mediaType, kind };
}

/** Keyed by file-type's `ext`: what the bytes say they are. */
const BINARY_FORMATS: Readonly<Record<string, Format>> = {
  png: format("png", "image/png", "image"),
  jpg: format("jpg", "image/jpeg", "image"),
  gif: format("gif", "image/gif", "image"),
  webp: format("webp", "image/webp", "image"),
  avif: format("avif", "image/avif", "image"),
  pdf: format("pdf", "application/pdf", "document"),
  odt: format("odt", "application/vnd.oasis.opendocument.text", "document"),
  ods: format("ods", "application/vnd.oasis.opendocument.spreadsheet", "document"),
  docx: format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document"),
  xlsx: format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document"),
  mp3: format("mp3", "audio/mpeg", "audio"),
  ogg: format("ogg", "audio/ogg", "audio"),
  oga: format("oga", "audio/ogg", "audio"),
  opus: format("opus", "audio/ogg", "audio"),
  m4a: format("m4a", "audio/mp4", "audio"),
  wav: format("wav", "audio/wav", "audio"),
  flac: format("flac", "audio/flac", "audio"),
  mp4: format("mp4", "video/mp4", "video"),
  webm: format("webm", "video/webm", "video"),
};

/** Text has no signature: it is recognized by its name (or declared type) once the bytes prove to be UTF-8. */
const TEXT_BY_EXTENSION: Readonly<Record<string, Format>> = {
  txt: format("txt", "text/plain", "document"),
  text: format("txt", "text/plain", "document"),
  csv: format("csv", "text/csv", "document"),
  md: format("md", "text/markdown", "document"),
  markdown: format("md", "text/markdown", "document"),
};

const TEXT_BY_DECLARED_TYPE: Readonly<Record<string, Format>> = {
  "text/plain": TEXT_BY_EXTENSION.txt!,
  "text/csv": TEXT_BY_EXTENSION.csv!,
  "text/markdown": TEXT_BY_EXTENSION.md!,
  "text/x-markdown": TEXT_BY_EXTENSION.md!,
};

/** Our stored extensions, back to their format (for serving). */
const BY_STORED_EXTENSION: ReadonlyMap<string, Format> = new Map(
  [...Object.values(BINARY_FORMATS), ...Object.values(TEXT_BY_EXTENSION)].map((f) => [f.ext, f]),
);

/** Only names storeMedia makes: nothing to decode, no `..`, no absolute path, no backslash. */
const MEDIA_PATH = /^media\/(\d{4})\/(\d{2})\/([0-9a-z]{26})\.([a-z0-9]{2,5})$/;

/**
 * Stores an upload after checking what it really is and how big it may be.
 * Throws `DomainError("unsupported")` (415) for types we do not keep and
 * `DomainError("too_large")` (413) beyond the limit for its kind.
 */
export async function storeMedia(dataDir: string, upload: MediaUpload, limits: Partial<MediaLimits> = {}, now: Date = new Date()): Promise<StoredMedia> {
  const max = { ...DEFAULT_MEDIA_LIMITS, ...limits };
  const { bytes } = upload;
  if (bytes.length === 0) throw new DomainError("invalid", "The file is empty");
  // Refuse what no kind could hold before looking inside it.
  const largest = Math.max(...Object.values(max));
  if (bytes.length > largest) throw tooLarge(bytes.length, largest);

  const detected = await detectFormat(upload);
  if (bytes.length > max[detected.kind]) throw tooLarge(bytes.length, max[detected.kind], detected.kind);

  const id = newId(now.getTime());
  const year = String(now.getUTCFullYear()).padStart(4, "0");
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  const path = `media/${year}/${month}/${id}.${detected.ext}`;
  const folder = join(dataDir, "media", year, month);
  await mkdir(folder, { recursive: true });
  await writeAtomically(join(folder, `${id}.${detected.ext}`), join(folder, `.${id}.${detected.ext}.part`), bytes);

  return { id, path, mediaType: detected.mediaType, size: bytes.length, kind: detected.kind, originalName: cleanName(upload.filename) };
}

/** Opens a stored file for serving. Anything but a path storeMedia made is "not found". */
export async function openMedia(dataDir: string, relativePath: string): Promise<OpenedMedia> {
  const { absolutePath, format: found } = await locate(dataDir, relativePath);
  const info = await stat(absolutePath);
  if (!info.isFile()) throw notFound();
  const contentType = found.mediaType.startsWith("text/") ? `${found.mediaType}; charset=utf-8` : found.mediaType;
  return {
    absolutePath,
    mediaType: found.mediaType,
    contentType,
    kind: found.kind,
    size: info.size,
    stream: (range) => Readable.toWeb(createReadStream(absolutePath, range)) as ReadableStream<Uint8Array>,
  };
}

/** Removes a stored file (a deleted attachment); a file already gone is not an error. */
export async function deleteMedia(dataDir: string, relativePath: string): Promise<void> {
  try {
    const { absolutePath } = await locate(dataDir, relativePath);
    await rm(absolutePath, { force: true });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "not_found")) throw error;
  }
}

async function detectFormat(upload: MediaUpload): Promise<Format> {
  const found = await detectFileType(upload.bytes);
  if (found) {
    const known = BINARY_FORMATS[found.ext];
    if (!known) throw new DomainError("unsupported", `Files of type ${found.mime} are not accepted`);
    return known;
  }
  const text = decodeText(upload.bytes);
  if (text === null) throw new DomainError("unsupported", "This kind of file is not accepted");
  // HTML, SVG and XML have no binary signature; whatever their name, they are pages, not documents.
  if (/^<(?:!doctype|html|head|body|script|svg|iframe|\?xml|!--)/i.test(text.replace(/^\ufeff/, "").trimStart())) {
    throw new DomainError("unsupported", "Web pages, SVG and XML files are not accepted");
  }
  const extension = /\.([a-z0-9]+)$/i.exec(upload.filename ?? "")?.[1]?.toLowerCase();
  const declared = upload.declaredType?.split(";", 1)[0]!.trim().toLowerCase();
  const known = extension !== undefined ? TEXT_BY_EXTENSION[extension] : declared !== undefined ? TEXT_BY_DECLARED_TYPE[declared] : undefined;
  if (!known) throw new DomainError("unsupported", "Text files are accepted as .txt, .csv or .md");
  return known;
}

/** The text, if the bytes are UTF-8 without control characters (other than tabs, line and page breaks). */
function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
}

async function writeAtomically(target: string, temporary: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(temporary, "wx");
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Readers see either no file or the whole file, even if the process dies mid-write.
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function locate(dataDir: string, relativePath: string): Promise<{ absolutePath: string; format: Format }> {
  const match = MEDIA_PATH.exec(relativePath);
  const found = match ? BY_STORED_EXTENSION.get(match[4]!) : undefined;
  if (!match || !found) throw notFound();
  const absolutePath = join(dataDir, relativePath);
  // A symbolic link planted in the media folder must not lead outside it.
  let real: string;
  let root: string;
  try {
    [real, root] = await Promise.all([realpath(absolutePath), realpath(join(dataDir, "media"))]);
  } catch {
    throw notFound();
  }
  if (!real.startsWith(root + sep)) throw notFound();
  return { absolutePath: real, format: found };
}

function notFound(): DomainError {
  return new DomainError("not_found", "No such media file");
}

function tooLarge(size: number, limit: number, kind?: MediaKind): DomainError {
  const what = kind ? `${kind} files` : "files";
  return new DomainError("too_large", `This file is ${megabytes(size)}; ${what} may be at most ${megabytes(limit)}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes < MiB ? 2 : 1)} MiB`;
}

/** The name to show: no folders, no control or bidirectional-override characters (which disguise "exe.pdf"), at most 200 characters. */
function cleanName(filename: string | undefined): string | null {
  if (filename === undefined) return null;
  const base = filename.split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = Array.from(base.normalize("NFC").replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").trim())
    .slice(0, 200)
    .join("");
  return cleaned === "" ? null : cleaned;
}
