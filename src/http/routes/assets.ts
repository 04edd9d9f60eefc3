// Static assets shipped with the code: the stylesheet and the small scripts
// that enhance a page which already works without them. Pages
// link to `/assets/<name>?v=<content hash>`: that exact URL never changes
// content, so browsers may keep it for a year; an upgrade changes the hash.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

// A script is added here and linked only by the pages it enhances; those pages
// call allowEnhancementScripts() so their policy lets same-origin scripts run.
const TYPES = {
  "style.css": "text/css; charset=utf-8",
  "copy-button.js": "text/javascript; charset=utf-8",
  // The icon browsers show in tabs and bookmarks, linked from every page (layout.ts).
  "favicon.svg": "image/svg+xml",
  "upload-progress.js": "text/javascript; charset=utf-8",
} as const;
export type AssetName = keyof typeof TYPES;

interface Asset {
  readonly body: string;
  readonly type: string;
  readonly version: string;
  readonly etag: string;
}

// Read on first use, not at import time.
const loaded = new Map<AssetName, Asset>();

function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(TYPES, name);
}

function load(name: AssetName): Asset {
  let asset = loaded.get(name);
  if (!asset) {
    const body = readFileSync(new URL(`../assets/${name}`, import.meta.url), "utf8");
    const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
    asset = { body, type: TYPES[name], version, etag: `"${version}"` };
    loaded.set(name, asset);
  }
  return asset;
}

export function assetHref(name: AssetName): string {
  return `/assets/${name}?v=${load(name).version}`;
}

export function assetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:name", (c) => {
    const name = c.req.param("name");
    if (!isAssetName(name)) return c.notFound();
    const asset = load(name);
    const pinned = c.req.query("v") === asset.version;
    c.header("Cache-Control", pinned ? "public, max-age=31536000, immutable" : "public, max-age=300");
    c.header("ETag", asset.etag);
    const ifNoneMatch = c.req.header("if-none-match");
    if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === asset.etag)) return c.body(null, 304);
    c.header("Content-Type", asset.type);
    return c.body(asset.body);
  });
  return app;
}
