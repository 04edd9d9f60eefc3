// Uploads of note attachments (images, documents, audio, video), before the
// note that uses them: the type is detected from the bytes, never trusted.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DomainError } from "../../domain/errors.ts";
import { uploadMedia } from "../../domain/media-uploads.ts";
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
      let form: Record<string, string | File | (string | File)[]>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new DomainError("invalid", "Send the file as multipart/form-data in a field named file");
      }
      const file = form.file;
      if (!(file instanceof File)) throw new DomainError("invalid", "Send the file as multipart/form-data in a field named file");
      const description = typeof form.description === "string" ? form.description : null;
      const media = await uploadMedia(c.get("services"), actor, { bytes: new Uint8Array(await file.arrayBuffer()), type: file.type, name: file.name }, description);
      return c.json({ id: media.id, url: media.url, mediaType: media.media_type, kind: media.kind, size: media.size, name: media.name }, 201);
    },
  );
  return app;
}
