// The media cache's route and the middleware that lets pages point to it
// (src/domain/media-cache.ts; docs/PRIVACY.md, "Media cache").
import { Hono, type MiddlewareHandler } from "hono";
import { getLogger } from "@logtape/logtape";
import { mediaCache, mediaCacheSecret, mediaCacheSigner, verifiedUrl, type MediaCache } from "../../domain/media-cache.ts";
import type { Services } from "../../services.ts";
import type { AppEnv } from "../env.ts";

const logger = getLogger(["encommun", "media-cache"]);

/** Gives every request the signer its pages use to turn remote image URLs into cache paths. */
export function mediaCacheSigning(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, config } = c.get("services");
    c.set("mediaCache", mediaCacheSigner(await mediaCacheSecret(db), config.publicUrl));
    await next();
  };
}

const caches = new WeakMap<Services, MediaCache>();

function cacheOf(services: Services): MediaCache {
  let cache = caches.get(services);
  if (!cache) {
    const { config } = services;
    cache = mediaCache(
      {
        dataDir: config.dataDir,
        publicUrl: config.publicUrl,
        ttlMs: config.privacy.mediaCacheTtlMs,
        maxBytes: config.privacy.mediaCacheMaxBytes,
        totalBytes: config.privacy.mediaCacheTotalBytes,
        requestTimeoutMs: config.delivery.requestTimeoutMs,
        allowPrivateAddress: config.allowPrivateAddress,
      },
      services.db,
    );
    caches.set(services, cache);
  }
  return cache;
}

export function mediaCacheRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/cache/:sig/:encoded", async (c) => {
    const services = c.get("services");
    const url = verifiedUrl(await mediaCacheSecret(services.db), c.req.param("sig"), c.req.param("encoded"));
    if (!url) return c.body(null, 404);
    try {
      const image = await cacheOf(services).get(url);
      return c.body(new Uint8Array(image.bytes), 200, {
        "Content-Type": image.contentType,
        "Content-Length": String(image.bytes.length),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": `public, max-age=${Math.min(image.maxAge, 86_400)}`,
      });
    } catch (error) {
      // Another server's missing or refused image: a broken picture, not a failure of ours.
      logger.info("Remote image not served from the cache: {error}", { error: error instanceof Error ? error.message : String(error) });
      return c.body(null, 404, { "Cache-Control": "no-store" });
    }
  });
  return app;
}
