// Intl formatters cost far more to build than to use: building a DateTimeFormat
// for every date was 16 % of the notes index's CPU. One formatter per locale and
// options, kept for the life of the process: the keys come from the code's own
// few option sets and two locales, so the cache stays small.
const formatters = new Map<string, unknown>();

function cached<T>(key: string, build: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`date|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(`number|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}

export function listFormat(locale: string, options: Intl.ListFormatOptions): Intl.ListFormat {
  return cached(`list|${locale}|${JSON.stringify(options)}`, () => new Intl.ListFormat(locale, options));
}

export function languageNames(locale: string): Intl.DisplayNames {
  return cached(`languages|${locale}`, () => new Intl.DisplayNames([locale], { type: "language", fallback: "code" }));
}
