import type { InstanceInfo, Language } from "../config/config.ts";
import type { ActorRow } from "../domain/actors.ts";
import type { MediaCacheSigner } from "../domain/media-cache.ts";
import type { Services } from "../services.ts";

/** The signed-in person, from a session cookie (pages) or a bearer token (API). */
export interface CurrentUser {
  readonly actor: ActorRow;
  readonly isAdmin: boolean;
}

/** Hono's typed context variables, shared by every route. */
export interface AppEnv {
  Variables: {
    services: Services;
    /** Null when nobody is signed in. */
    user: CurrentUser | null;
    /** The instance's settings in force (environment overridden by administrators; src/http/instance.ts). */
    instance?: InstanceInfo;
    /** Page language, negotiated from the switch cookie, then Accept-Language. */
    lang: Language;
    /** The session's CSRF token, for forms; null without a session. */
    csrfToken: string | null;
    /** CSP `frame-ancestors` of an embeddable view; unset means `'none'` (src/http/security-headers.ts). */
    frameAncestors?: string;
    /** Set by allowEnhancementScripts(): this page links one of /assets/*.js. */
    enhancementScripts?: boolean;
    /** Turns other servers' image URLs into same-origin cache paths (src/http/routes/media-cache.ts). */
    mediaCache?: MediaCacheSigner;
  };
}
