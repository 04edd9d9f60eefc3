// An upload, from the API or the note form: the bytes are checked and stored
// (media.ts), then recorded as the uploader's media, free to attach to a note
// of theirs. One place, so the two doors accept exactly the same files.
import type { Services } from "../services.ts";
import type { ActorRow } from "./actors.ts";
import { isoNow } from "./clock.ts";
import { DEFAULT_MEDIA_LIMITS, storeMedia, type MediaLimits } from "./media.ts";
import type { MediaRow } from "./notes.ts";
import { mediaUrl } from "./paths.ts";

/** What a description (alt text, or a document's title) may hold. */
export const MEDIA_DESCRIPTION_MAX = 1500;

export interface UploadedFile {
  readonly bytes: Uint8Array;
  readonly type?: string | undefined;
  readonly name?: string | undefined;
}

/** The limit for each kind, never above the instance's upload limit. */
export function mediaLimitsOf(maxUploadBytes: number): MediaLimits {
  return Object.fromEntries(Object.entries(DEFAULT_MEDIA_LIMITS).map(([kind, max]) => [kind, Math.min(max, maxUploadBytes)])) as unknown as MediaLimits;
}

/**
 * Stores a file for `uploader` with its description. Throws the DomainErrors
 * of storeMedia: `too_large`, `unsupported`, `invalid` (empty file).
 */
export async function uploadMedia(services: Pick<Services, "db" | "config">, uploader: ActorRow, file: UploadedFile, description: string | null): Promise<MediaRow> {
  const { db, config } = services;
  const stored = await storeMedia(config.dataDir, { bytes: file.bytes, declaredType: file.type, filename: file.name }, mediaLimitsOf(config.maxUploadBytes));
  const url = mediaUrl(config.publicUrl, stored.path.replace(/^media\//, ""));
  const described = description?.trim().slice(0, MEDIA_DESCRIPTION_MAX) || null;
  return db
    .insertInto("media")
    .values({
      id: stored.id,
      uploader_id: uploader.id,
      url,
      storage_path: stored.path,
      media_type: stored.mediaType,
      kind: stored.kind,
      size: stored.size,
      name: described ?? stored.originalName,
      created_at: isoNow(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
