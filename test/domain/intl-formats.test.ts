import { describe, expect, it } from "vitest";
import { dateTimeFormat, languageNames, listFormat, numberFormat } from "../../src/domain/intl-formats.ts";

describe("Intl formatters", () => {
  it("are built once per locale and options, and format as Intl does", () => {
    const options = { year: "numeric", month: "long", day: "numeric", timeZone: "America/Toronto" } as const;
    expect(dateTimeFormat("fr-CA", options)).toBe(dateTimeFormat("fr-CA", { ...options }));
    expect(dateTimeFormat("fr-CA", options)).not.toBe(dateTimeFormat("en-CA", options));
    expect(dateTimeFormat("fr-CA", options).format(new Date("2024-02-13T15:00:00Z"))).toBe("13 février 2024");
    expect(numberFormat("fr-CA")).toBe(numberFormat("fr-CA"));
    expect(numberFormat("fr-CA").format(12345)).toBe(new Intl.NumberFormat("fr-CA").format(12345));
    expect(listFormat("fr-CA", { type: "conjunction" }).format(["a", "b", "c"])).toBe("a, b et c");
    expect(languageNames("fr-CA")).toBe(languageNames("fr-CA"));
    expect(languageNames("fr-CA").of("en")).toBe("anglais");
  });
});
