// Uploads of note attachments (images, documents, audio, video), before the
// note that uses them: the type is detected from the bytes, never trusted.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isoNow } from "../../domain/clock.ts";
import { DomainError } from "../../domain/errors.ts";
import { DEFAULT_MEDIA_LIMITS, storeMedia } from "../../domain/media.ts";
import { mediaUrl } from "../../domain/paths.ts";
import type { AppEnv } from "../env.ts";
import { currentUser } from "./auth.ts";

/** Room for the multipart envelope around the file. */
const ENVELOPE_BYTES = 64 * 1024;

export function mediaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    "/media",
    (c, next) => {
      const max = c.get("services").config.maxUploadBytes;
      return bodyLimit({
        maxSize: max + ENVELOPE_BYTES,
        // Unread body: close the connection (see src/http/app.ts).
        onError: (c) => c.json({ error: "too_large", message: `Uploads are limited to ${max} bytes` }, 413, { Connection: "close" }),
      })(c, next);
    },
    async (c) => {
      const { actor } = currentUser(c);
      const { db, config } = c.get("services");
      let form: Record<string, string | File | (string | File)[]>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new DomainError("invalid", "Send the file as multipart/form-data in a field named file");
      }
      const file = form.file;
      if (!(file instanceof File)) throw new DomainError("invalid", "Send the file as multipart/form-data in a field named file");
      const description = typeof form.description === "string" ? form.description.trim().slice(0, 1500) || null : null;
      const limits = Object.fromEntries(Object.entries(DEFAULT_MEDIA_LIMITS).map(([kind, max]) => [kind, Math.min(max, config.maxUploadBytes)]));
      const stored = await storeMedia(config.dataDir, { bytes: new Uint8Array(await file.arrayBuffer()), declaredType: file.type, filename: file.name }, limits);
      const url = mediaUrl(config.publicUrl, stored.path.replace(/^media\//, ""));
      await db
        .insertInto("media")
        .values({
          id: stored.id,
          uploader_id: actor.id,
          url,
          storage_path: stored.path,
          media_type: stored.mediaType,
          kind: stored.kind,
          size: stored.size,
          name: description ?? stored.originalName,
          created_at: isoNow(),
        })
        .execute();
      return c.json({ id: stored.id, url, mediaType: stored.mediaType, kind: stored.kind, size: stored.size, name: description ?? stored.originalName }, 201);
    },
  );
  return app;
}
