// The note form sends files (multipart): its requests get the upload limit
// instead of the 1 MiB every other body gets (app.ts), and a refusal is a page
// in the reader's language, not JSON. The limit answers before the body is
// read, so a file too large costs nothing but the headers.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { renderMessagePage } from "./views/message.ts";
import { viewContext } from "./views/layout.ts";

/** Room for everything typed around the file: the longest body (200,000 characters, four bytes each at worst) and a translation. */
export const FORM_TEXT_BYTES = 2 * 1024 * 1024;

const NOTE_FORMS = /^\/notes\/(?:new|[^/]+\/edit)$/;

/** Whether a request is a note form's submission, which may carry a file. */
export function isPageUpload(method: string, path: string): boolean {
  return method === "POST" && NOTE_FORMS.test(path);
}

/** The body limit of the note form: the instance's upload limit, plus the text. */
export const pageUploadLimit: MiddlewareHandler<AppEnv> = (c, next) => {
  const max = c.get("services").config.maxUploadBytes;
  return bodyLimit({
    maxSize: max + FORM_TEXT_BYTES,
    // Unread body: close the connection (see app.ts).
    onError: (c) => {
      const v = viewContext(c);
      const text = v.t("writing.requestTooLarge", { size: Math.floor(max / (1024 * 1024)) });
      return c.html(renderMessagePage(c, { title: "writing.requestTooLargeTitle", body: { text } }), 413, { Connection: "close" });
    },
  })(c, next);
};
