// A short page with a title and a sentence: errors (404, 410, 403) and notices.
import type { Context } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../env.ts";
import type { MessageKey, MessageParams } from "../i18n/messages.ts";
import { layout, viewContext, type Html, type ViewContext } from "./layout.ts";

/** Message keys that take no parameters. */
export type PlainKey = { [K in MessageKey]: MessageParams<K> extends [] ? K : never }[MessageKey];

export interface MessagePage {
  readonly title: PlainKey;
  /** A catalog key, or text already translated (a DomainError's English message goes through refusalText first). */
  readonly body: PlainKey | { readonly text: string };
}

export function messagePage(v: ViewContext, page: MessagePage): Html {
  return layout(
    v,
    { title: v.t(page.title) },
    html`<h1>${v.t(page.title)}</h1>
<p>${typeof page.body === "string" ? v.t(page.body) : page.body.text}</p>
<p><a href="/">${v.t("error.backHome")}</a></p>`,
  );
}

export function renderMessagePage(c: Context<AppEnv>, page: MessagePage): Html {
  return messagePage(viewContext(c), page);
}
