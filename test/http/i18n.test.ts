import { afterEach, describe, expect, it } from "vitest";
import { en } from "../../src/http/i18n/en.ts";
import { fr } from "../../src/http/i18n/fr.ts";
import { t } from "../../src/http/i18n/messages.ts";
import { fromAcceptLanguage, negotiateLanguage } from "../../src/http/i18n/negotiate.ts";
import { createApp } from "../../src/http/app.ts";
import { testServices, type TestServices } from "../helpers/services.ts";

describe("catalogs", () => {
  it("have the same keys and placeholders in every language", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(en[key].trim(), key).not.toBe("");
    }
  });

  it("fill placeholders", () => {
    expect(t("fr", "layout.signedInAs", { handle: "@alice" })).toBe("Connecté·e en tant que @alice");
    expect(t("en", "account.passwordInvalid", { min: 10, max: 1024 })).toBe("The password must have 10 to 1024 characters.");
    expect(t("en", "layout.home")).toBe("Home");
  });
});

describe("negotiation", () => {
  it("follows Accept-Language with its weights", () => {
    expect(fromAcceptLanguage("en-CA,en;q=0.9,fr;q=0.8")).toBe("en");
    expect(fromAcceptLanguage("fr-CA")).toBe("fr");
    expect(fromAcceptLanguage("de;q=1, en;q=0.2, fr;q=0.5")).toBe("fr");
    expect(fromAcceptLanguage("EN-us")).toBe("en");
    expect(fromAcceptLanguage("en;q=0, fr;q=0.1")).toBe("fr");
    expect(fromAcceptLanguage("de, es")).toBeNull();
    expect(fromAcceptLanguage("*")).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });

  it("prefers the switch cookie, then the header, then the instance's language", () => {
    expect(negotiateLanguage("en", "fr", "fr")).toBe("en");
    expect(negotiateLanguage("xx", "en", "fr")).toBe("en");
    expect(negotiateLanguage(undefined, "de", "fr")).toBe("fr");
    expect(negotiateLanguage(undefined, undefined, "en")).toBe("en");
  });
});

describe("pages", () => {
  let services: TestServices;
  afterEach(() => services.close());

  async function page(path: string, headers: Record<string, string> = {}, env: Record<string, string> = {}) {
    services = await testServices(env);
    return createApp(services).request(path, { headers: { accept: "text/html", ...headers } });
  }

  it("are in French by default", async () => {
    const res = await page("/");
    const body = await res.text();
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain(">Se connecter</a>");
    expect(body).toContain('<meta property="og:locale" content="fr_CA">');
    expect(res.headers.get("vary")).toContain("Accept-Language");
  });

  it("are in English for an English browser", async () => {
    const body = await (await page("/", { "accept-language": "en-CA,en;q=0.9" })).text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain(">Sign in</a>");
    expect(body).toContain("<dt>Languages</dt><dd>French, English</dd>");
    expect(body).toContain('<a href="/lang/en?next=%2F" lang="en" hreflang="en" title="English" aria-current="true">EN</a>');
  });

  it("follow the language switch over the browser's preference", async () => {
    const body = await (await page("/about", { "accept-language": "fr", cookie: "lang=en" })).text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain("<h1>About En commun</h1>");
  });

  it("default to the instance's first language", async () => {
    const body = await (await page("/", { "accept-language": "de" }, { INSTANCE_LANGUAGES: "en,fr" })).text();
    expect(body).toContain('<html lang="en">');
  });

  it("translate error pages too", async () => {
    const res = await page("/@nobody", { "accept-language": "en" });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("<h1>Page not found</h1>");
  });

  it("switch language with a cookie and come back to the same page", async () => {
    const res = await page("/lang/en?next=%2F%40alice");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/@alice");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("lang="))!;
    expect(cookie).toMatch(/^lang=en;/);
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Max-Age=31536000");
    await services.close();

    const away = await page("/lang/fr?next=https://evil.example/");
    expect(away.headers.get("location")).toBe("/");
    await services.close();

    const back = await page("/lang/fr", { referer: "https://test.example/about?x=1" });
    expect(back.headers.get("location")).toBe("/about?x=1");
    await services.close();
    const elsewhere = await page("/lang/fr", { referer: "https://evil.example/about" });
    expect(elsewhere.headers.get("location")).toBe("/");
    await services.close();

    expect((await page("/lang/de")).status).toBe(404);
  });
});
