// Serves stored media. Files are served as what they were detected to be,
// never sniffed, sandboxed, and immutable (a new upload gets a new name).
import { Hono } from "hono";
import { openMedia } from "../../domain/media.ts";
import type { AppEnv } from "../env.ts";

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "invalid";
  let start = match[1] === "" ? size - Number(match[2]) : Number(match[1]);
  let end = match[1] === "" || match[2] === "" ? size - 1 : Number(match[2]);
  start = Math.max(0, start);
  end = Math.min(end, size - 1);
  return start <= end ? { start, end } : "invalid";
}

export function mediaFileRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/:year{[0-9]{4}}/:month{[0-9]{2}}/:file", async (c) => {
    const { dataDir } = c.get("services").config;
    const media = await openMedia(dataDir, `media/${c.req.param("year")}/${c.req.param("month")}/${c.req.param("file")}`);
    const headers: Record<string, string> = {
      "Content-Type": media.contentType,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "public, max-age=31536000, immutable",
      "Accept-Ranges": "bytes",
    };
    if (media.kind === "document") headers["Content-Disposition"] = "attachment";
    const range = parseRange(c.req.header("Range"), media.size);
    if (range === "invalid") return c.body(null, 416, { ...headers, "Content-Range": `bytes */${media.size}` });
    if (range) {
      return c.body(media.stream(range), 206, {
        ...headers,
        "Content-Range": `bytes ${range.start}-${range.end}/${media.size}`,
        "Content-Length": String(range.end - range.start + 1),
      });
    }
    return c.body(media.stream(), 200, { ...headers, "Content-Length": String(media.size) });
  });
  return app;
}
