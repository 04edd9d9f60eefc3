import { describe, expect, it } from "vitest";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { cachedContextLoader } from "../../federation/contexts/context-loader.ts";

function fakeFetch(answer: (url: string) => Promise<unknown>) {
  const asked: string[] = [];
  const fetch: DocumentLoader = async (url) => {
    asked.push(url);
    return { contextUrl: null, documentUrl: url, document: await answer(url) };
  };
  return { fetch, asked };
}

describe("cachedContextLoader", () => {
  it("serves LitePub from any Pleroma or Akkoma host, and Fedify's contexts, without fetching", async () => {
    const { fetch, asked } = fakeFetch(async () => ({}));
    const load = cachedContextLoader(fetch);
    const litepub = (await load("https://pleroma.example/schemas/litepub-0.1.jsonld")).document as { "@context": unknown[] };
    expect(JSON.stringify(litepub["@context"])).toContain("http://litepub.social/ns#");
    expect((await load("https://join-lemmy.org/context.json")).document).toBeTruthy();
    expect(JSON.stringify((await load("https://fedia.io/contexts")).document)).toContain("postingRestrictedToMods");
    expect(asked).toEqual([]);
  });

  it("answers an unknown context at once with nothing, fetches it in the background once, then serves it", async () => {
    const context = { "@context": { ex: "https://ex.example/ns#" } };
    let release!: () => void;
    const { fetch, asked } = fakeFetch(() => new Promise((resolve) => (release = () => resolve(context))));
    const load = cachedContextLoader(fetch);
    const url = "https://ex.example/ns.jsonld";
    expect((await load(url)).document).toEqual({ "@context": {} });
    expect((await load(url)).document).toEqual({ "@context": {} });
    expect(asked).toEqual([url]);
    release();
    await load.settled();
    expect((await load(url)).document).toEqual(context);
    expect(asked).toEqual([url]);
  });

  it("remembers a failure for an hour, then tries again", async () => {
    let clock = 0;
    const { fetch, asked } = fakeFetch(async () => {
      throw new Error("connection refused");
    });
    const load = cachedContextLoader(fetch, {}, () => clock);
    const url = "https://down.example/ctx.jsonld";
    await load(url);
    await load.settled();
    for (let i = 0; i < 5; i++) expect((await load(url)).document).toEqual({ "@context": {} });
    expect(asked).toHaveLength(1);
    clock += 3600_001;
    await load(url);
    await load.settled();
    expect(asked).toHaveLength(2);
  });

  it("bounds the background fetches and the entries kept", async () => {
    const { fetch, asked } = fakeFetch(() => new Promise(() => {}));
    const load = cachedContextLoader(fetch, { maxFetching: 2 });
    for (let i = 0; i < 10; i++) await load(`https://h${i}.example/ctx`);
    expect(asked).toHaveLength(2);
  });
});
