import { describe, expect, it } from "vitest";
import { assertFetchable, fetchOptions, HostRefusedError, policyChecked } from "../../federation/fetch-policy.ts";
import type { DocumentLoader } from "@fedify/vocab-runtime";

describe("fetch policy", () => {
  it("refuses plain http, loopback and private addresses in production", async () => {
    for (const url of ["http://example.org/actor", "https://127.0.0.1/actor", "https://localhost/actor", "https://10.1.2.3/actor", "https://[::1]/actor"]) {
      await expect(assertFetchable(new URL(url), false), url).rejects.toThrow();
    }
  });

  it("lets tests reach loopback over http when ALLOW_PRIVATE_ADDRESS is on", async () => {
    await expect(assertFetchable(new URL("http://127.0.0.1:8000/actor"), true)).resolves.toBeUndefined();
  });

  it("wraps Fedify's loaders so that they refuse plain http too", async () => {
    const options = fetchOptions(false, "encommun/test");
    expect(Object.keys(options).sort()).toEqual(["authenticatedDocumentLoaderFactory", "contextLoaderFactory", "documentLoaderFactory"]);
    const loader = options.documentLoaderFactory!({});
    await expect(loader("http://example.org/actor")).rejects.toThrow(/Plain http/);
  });

  it("asks the federation policy before every fetch, in both modes", async () => {
    for (const allowPrivateAddress of [false, true]) {
      const asked: string[] = [];
      const options = fetchOptions(allowPrivateAddress, "encommun/test", (host) => {
        asked.push(host);
        return host !== "blocked.example";
      });
      const loader = options.documentLoaderFactory!({});
      await expect(loader("https://blocked.example/users/x")).rejects.toBeInstanceOf(HostRefusedError);
      expect(asked).toEqual(["blocked.example"]);
      // Contexts are schema documents, not peers: never refused by the policy.
      const contexts = options.contextLoaderFactory!({});
      await expect(contexts("https://www.w3.org/ns/activitystreams")).resolves.toMatchObject({ documentUrl: "https://www.w3.org/ns/activitystreams" });
    }
  });

  it("refuses a document a redirect brought from a refused host, and lets preloaded contexts through", async () => {
    const fake: DocumentLoader = async (url) => ({ contextUrl: null, documentUrl: url.includes("jump") ? "https://blocked.example/x" : url, document: {} });
    const loader = policyChecked(fake, (host) => host !== "blocked.example");
    await expect(loader("https://ok.example/jump")).rejects.toMatchObject({ name: "HostRefusedError", host: "blocked.example" });
    await expect(loader("https://ok.example/fine")).resolves.toMatchObject({ documentUrl: "https://ok.example/fine" });
    const none = policyChecked(fake, () => false);
    await expect(none("https://www.w3.org/ns/activitystreams")).resolves.toBeDefined();
  });
});
