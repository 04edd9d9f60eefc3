// The Hono glue (there is no @fedify/hono for 2.x here): Fedify answers its
// own routes; everything else, and browsers asking for a federated URL, fall
// through to the pages. A client that accepts neither gets 406.
import type { Federation } from "@fedify/fedify";
import type { Context, MiddlewareHandler, Next } from "hono";
import type { AppEnv } from "../src/http/env.ts";
import { acceptsHtml, prefersActivityJson } from "../src/http/negotiation.ts";
import { fill, INSTANCE_ACTOR_ID, ROUTES } from "../src/domain/paths.ts";
import type { Services } from "../src/services.ts";
import { checkFollowFlood } from "./follow-flood.ts";
import { guardInbox, refuseMalformedActivity } from "./inbox-guard.ts";
import { NODEINFO_PATH } from "./nodeinfo.ts";
import { attributeContextCollection } from "./notes/context-owner.ts";
import { deletedNoteResponse } from "./notes/tombstone.ts";
import { decorateGroupDocument, moderatorsResponse } from "./communities/group-document.ts";
import { withLabelTerms } from "./vocab/quality-label.ts";
import { expandPublicAudience } from "./public-audience.ts";
import { policyHostCheck, refusedBlockedAccount, refusedSigner } from "./policy.ts";
import { storedDocument, WEBFINGER_PATH, withDocumentCaching, withWebFingerCaching } from "./document-caching.ts";
import { publicResponsesOf } from "../src/http/cache/public-responses.ts";

const FEP_2677_REL = "https://www.w3.org/ns/activitystreams#Application";

export function federationMiddleware(federation: Federation<Services>, services: Services): MiddlewareHandler<AppEnv> {
  const allowsHost = policyHostCheck(services.db, services.config.publicUrl);
  return async (c, next) => {
    // The federation policy first: a signer on a refused host gets 403, whatever it asks.
    const refused = (await refusedSigner(c.req.raw, allowsHost)) ?? (await refusedBlockedAccount(c.req.raw, services.db));
    if (refused) {
      c.res = refused;
      return;
    }
    const guarded = await guardInbox(c.req.raw);
    if (guarded) {
      c.res = guarded;
      return;
    }
    const generation = publicResponsesOf(services).generation;
    let rendered = () => {};
    if (prefersActivityJson(c.req.header("Accept")) || c.req.path === WEBFINGER_PATH) {
      const stored = await storedDocument(services, c.req.raw);
      if (stored instanceof Response) {
        c.res = stored;
        return;
      }
      rendered = stored.rendered;
    }
    try {
      await serve(c, next, generation);
    } finally {
      rendered();
    }
  };

  async function serve(c: Context<AppEnv>, next: Next, generation: number): Promise<void> {
    if (prefersActivityJson(c.req.header("Accept"))) {
      const own = (await deletedNoteResponse(services, c.req.raw)) ?? (await moderatorsResponse(services, c.req.raw));
      if (own) {
        c.res = own;
        return;
      }
    }
    const flood = await checkFollowFlood(c.req.raw, services.db);
    if (flood && "refused" in flood) {
      c.res = flood.refused;
      return;
    }
    let fellThrough = false;
    let response: Response;
    try {
      response = await federation.fetch(c.req.raw, {
        contextData: services,
        onNotFound: async () => {
          fellThrough = true;
          await next();
          return c.res;
        },
        onNotAcceptable: async (request) => {
          if (!acceptsHtml(request.headers.get("Accept"))) {
            return new Response("Not Acceptable: ask for application/activity+json or text/html\n", {
              status: 406,
              headers: { "Content-Type": "text/plain; charset=utf-8", Vary: "Accept" },
            });
          }
          fellThrough = true;
          await next();
          return c.res;
        },
      });
    } catch (error) {
      // Fedify throws what its parsers choke on (a number where a date should be, an object for an href):
      // the sender's fault, answered 400, not 500.
      const refusal = refuseMalformedActivity(c.req.raw, error);
      if (!refusal) throw error;
      c.res = refusal;
      return;
    }
    if (fellThrough) return;
    if (flood && response.ok) await flood.countOnceAccepted();
    if (c.req.path === "/.well-known/nodeinfo" && response.ok) {
      c.res = await withInstanceActorLink(response, services);
      return;
    }
    if (c.req.path === WEBFINGER_PATH) {
      c.res = await withWebFingerCaching(services, c.req.raw, response, generation);
      return;
    }
    c.res = await servedDocument(c.req.raw, response, services, generation);
  }
}

/** FEP-2677: the NodeInfo discovery document also names the instance actor. */
async function withInstanceActorLink(response: Response, services: Services): Promise<Response> {
  const jrd = (await response.json()) as { links?: { rel: string; href: string }[] };
  const actor = new URL(fill(ROUTES.actor, { identifier: INSTANCE_ACTOR_ID }), services.config.publicUrl).href;
  jrd.links = [...(jrd.links ?? []).filter((l) => l.href.endsWith(NODEINFO_PATH) || l.rel !== FEP_2677_REL), { rel: FEP_2677_REL, href: actor }];
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  return new Response(JSON.stringify(jrd), { status: response.status, headers });
}

const AP_TYPES = /application\/(activity\+json|ld\+json)/;

/** Our ActivityPub documents as served: public audience spelled out, Group extensions and conversation owners added, caching headers. */
async function servedDocument(request: Request, response: Response, services: Services, generation: number): Promise<Response> {
  if (!response.ok || !AP_TYPES.test(response.headers.get("Content-Type") ?? "")) return response;
  const document = expandPublicAudience(JSON.parse(await response.text()) as Record<string, unknown>);
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  const decorated = withLabelTerms(await attributeContextCollection(services, await decorateGroupDocument(services, document)));
  return withDocumentCaching(services, request, decorated, { status: response.status, headers }, generation);
}
