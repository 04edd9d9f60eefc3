// Where another server's people act on our things (their WebFinger's subscribe
// template): asked within the federation policy, never of a private address
// in production, with redirects checked again, and read from untrusted JSON.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createInteractionLookup, subscribeTemplateOf } from "../../federation/remote-interaction.ts";
import { seedPolicy } from "../../src/domain/federation-policy.ts";
import { SUBSCRIBE_REL } from "../../src/domain/remote-interaction.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

let services: TestServices | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await services?.close();
});

const jrd = (links: unknown[]) => new Response(JSON.stringify({ subject: "acct:rita@social.example", links }), { headers: { "Content-Type": "application/jrd+json" } });

describe("the subscribe template of a remote account", () => {
  it("is read from the WebFinger answer, and a missing, odd or non-text template is none", () => {
    expect(subscribeTemplateOf({ links: [{ rel: SUBSCRIBE_REL, template: "https://s.example/authorize_interaction?uri={uri}" }] })).toBe("https://s.example/authorize_interaction?uri={uri}");
    expect(subscribeTemplateOf({ links: [{ rel: SUBSCRIBE_REL, href: "https://s.example/" }] })).toBeNull();
    expect(subscribeTemplateOf({ links: [{ rel: SUBSCRIBE_REL, template: "https://s.example/follow" }] })).toBeNull();
    expect(subscribeTemplateOf({ links: "no" })).toBeNull();
    expect(subscribeTemplateOf(null)).toBeNull();
  });

  it("never asks a private address or plain http in production, nor a host the policy refuses", async () => {
    services = await testServices();
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => jrd([]));
    const lookup = createInteractionLookup(() => services!);
    await expect(lookup.subscribeTemplate({ username: "x", host: "127.0.0.1:8443" })).rejects.toMatchObject({ code: "invalid" });
    await expect(lookup.subscribeTemplate({ username: "x", host: "10.0.0.7" })).rejects.toMatchObject({ code: "invalid" });
    await seedPolicy(services.db, { mode: "open", blocked: ["bloque.example"], allowed: [] });
    await expect(lookup.subscribeTemplate({ username: "x", host: "bloque.example" })).rejects.toMatchObject({ code: "forbidden" });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("follows a redirect only to a host it may ask, and tells an answer without template from no answer", async () => {
    services = await testServices({ ALLOW_PRIVATE_ADDRESS: "true" });
    await seedPolicy(services.db, { mode: "open", blocked: ["bloque.example"], allowed: [] });
    const lookup = createInteractionLookup(() => services!);
    const answers: Record<string, () => Response> = {
      "social.example": () => jrd([{ rel: SUBSCRIBE_REL, template: "https://social.example/authorize_interaction?uri={uri}" }]),
      "vieux.example": () => jrd([{ rel: "self", href: "https://vieux.example/users/rita" }]),
      "muet.example": () => new Response("not here", { status: 404 }),
      "alias.example": () => new Response(null, { status: 301, headers: { Location: "https://bloque.example/.well-known/webfinger?resource=acct:rita@alias.example" } }),
    };
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => answers[new URL(String(input instanceof Request ? input.url : input)).host]!());
    expect(await lookup.subscribeTemplate({ username: "rita", host: "social.example" })).toEqual({ status: "template", template: "https://social.example/authorize_interaction?uri={uri}" });
    expect(String(fetchSpy.mock.calls[0]![0])).toBe("https://social.example/.well-known/webfinger?resource=acct%3Arita%40social.example");
    expect(await lookup.subscribeTemplate({ username: "rita", host: "vieux.example" })).toEqual({ status: "none" });
    expect(await lookup.subscribeTemplate({ username: "rita", host: "muet.example" })).toEqual({ status: "unreachable" });
    await expect(lookup.subscribeTemplate({ username: "rita", host: "alias.example" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
