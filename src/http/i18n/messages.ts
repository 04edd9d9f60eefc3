// Page strings by language. The French catalog is the reference: its keys are
// the only valid keys, and its `{placeholders}` decide which parameters `t`
// requires (checked at compile time).
import type { Language } from "../../config/config.ts";
import { en } from "./en.ts";
import { fr, type Catalog } from "./fr.ts";

export type MessageKey = keyof typeof fr;

export const CATALOGS: Readonly<Record<Language, Catalog>> = { fr, en };

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** No argument for messages without placeholders; otherwise a value for each one. */
export type MessageParams<K extends MessageKey> =
  [Placeholders<(typeof fr)[K]>] extends [never] ? [] : [params: Record<Placeholders<(typeof fr)[K]>, string | number>];

export function t<K extends MessageKey>(lang: Language, key: K, ...params: MessageParams<K>): string {
  const message: string = CATALOGS[lang][key];
  const values = params[0] as Record<string, string | number> | undefined;
  if (!values) return message;
  return message.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** `t` bound to one language, as the views receive it. */
export type Translate = <K extends MessageKey>(key: K, ...params: MessageParams<K>) => string;

export function translator(lang: Language): Translate {
  return (key, ...params) => t(lang, key, ...params);
}
