// The shared page layout.
//
// Decision: pages are rendered with `html` tagged templates from hono/html,
// not JSX. Node's type stripping (how `npm start` runs TypeScript) cannot parse
// .tsx files, and `html` escapes every interpolated value by default: only
// fragments produced by `html` itself pass through unescaped, so user text
// (names, summaries, links) can never inject markup. Never wrap user data in
// `raw()`.
import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { SUPPORTED_LANGUAGES, type InstanceInfo, type Language } from "../../config/config.ts";
import type { ActorRow } from "../../domain/actors.ts";
import type { AppEnv, CurrentUser } from "../env.ts";
import { translator, type Translate } from "../i18n/messages.ts";
import { assetHref } from "../routes/assets.ts";
import { isHttpUrl } from "../../domain/remote-urls.ts";
import { countUnread } from "../../domain/notifications.ts";
import { notificationsLink } from "./notifications-link.ts";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Everything a view needs besides its own data. */
export interface ViewContext {
  readonly lang: Language;
  readonly t: Translate;
  readonly instance: InstanceInfo;
  readonly origin: URL;
  readonly user: CurrentUser | null;
  readonly csrfToken: string | null;
  /** Path and query of this page, to come back to after signing in or switching language. */
  readonly here: string;
  /**
   * Where the page loads an image from: another server's image through this
   * instance's media cache (readers' browsers never contact other servers),
   * ours as is; null when there is no image to show.
   */
  readonly media: (url: string | null | undefined) => string | null;
  /** The signed-in member's unread notifications, counted when the header shows them. */
  readonly unreadNotifications?: () => Promise<number>;
}

export function viewContext(c: Context<AppEnv>): ViewContext {
  const config = c.get("services").config;
  const lang = c.get("lang") ?? config.instance.languages[0] ?? "fr";
  const url = new URL(c.req.url);
  return {
    lang,
    t: translator(lang),
    instance: c.get("instance") ?? config.instance,
    origin: config.publicUrl,
    user: c.get("user") ?? null,
    csrfToken: c.get("csrfToken") ?? null,
    here: url.pathname + url.search,
    media: (remote) => c.get("mediaCache")?.href(remote) ?? null,
    unreadNotifications: unreadCounter(c),
  };
}

/** Counts once per page, and only if the page shows the count. */
function unreadCounter(c: Context<AppEnv>): (() => Promise<number>) | undefined {
  const user = c.get("user");
  if (!user) return undefined;
  let count: Promise<number> | null = null;
  return () => (count ??= countUnread(c.get("services").db, user.actor.id));
}

export interface PageHead {
  readonly title: string;
  readonly description?: string;
  readonly canonical?: string;
  /** OpenGraph card (what Mastodon and chat apps show for a link). */
  readonly og?: {
    readonly type: string;
    readonly url: string;
    readonly title: string;
    readonly description?: string;
    readonly image?: string | null;
    readonly extra?: Readonly<Record<string, string>>;
  };
  readonly links?: readonly { readonly rel: string; readonly type?: string; readonly href: string }[];
  /** Reload the page after this many seconds (progress shown without JavaScript). */
  readonly refreshSeconds?: number;
  /** Search engines are asked not to index the page (a member's choice, docs/PRIVACY.md). */
  readonly noindex?: boolean;
}

/** Language names are written in their own language, so anyone finds theirs. */
const ENDONYMS: Record<Language, string> = { fr: "Français", en: "English" };
const OG_LOCALES: Record<Language, string> = { fr: "fr_CA", en: "en_CA" };

/** Only same-site paths are followed after sign-in or a language switch (no open redirect). */
export function safeNext(value: string | undefined | null, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}

export function displayName(actor: Pick<ActorRow, "name" | "username">): string {
  return actor.name?.trim() || actor.username;
}

export { isHttpUrl };

/** Puts markup (a link…) where a translated message has `placeholder`, escaping the text around it. */
export function withFragment(message: string, placeholder: string, fragment: Html): Html {
  const at = message.indexOf(placeholder);
  if (at < 0) return html`${message} ${fragment}`;
  return html`${message.slice(0, at)}${fragment}${message.slice(at + placeholder.length)}`;
}

export function csrfInput(v: ViewContext): Html {
  return v.csrfToken ? html`<input type="hidden" name="_csrf" value="${v.csrfToken}">` : html``;
}

function head(v: ViewContext, page: PageHead): Html {
  // Views pass an image already turned into a path of ours, or another server's URL.
  const ogImage = page.og?.image?.startsWith("/") ? page.og.image : v.media(page.og?.image);
  // "<page> · <instance>" everywhere, so tabs and bookmarks say what each page is.
  const title = `${page.title} · ${v.instance.name}`;
  const og = page.og;
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${page.refreshSeconds ? html`<meta http-equiv="refresh" content="${page.refreshSeconds}">` : ""}
${page.description ? html`<meta name="description" content="${page.description}">` : ""}
${page.noindex ? html`<meta name="robots" content="noindex">` : ""}
${page.canonical ? html`<link rel="canonical" href="${page.canonical}">` : ""}
${(page.links ?? []).map((l) => html`<link rel="${l.rel}"${l.type ? html` type="${l.type}"` : ""} href="${l.href}">`)}
${og
  ? html`<meta property="og:site_name" content="${v.instance.name}">
<meta property="og:locale" content="${OG_LOCALES[v.lang]}">
<meta property="og:type" content="${og.type}">
<meta property="og:title" content="${og.title}">
<meta property="og:url" content="${og.url}">
${og.description ? html`<meta property="og:description" content="${og.description}">` : ""}
${ogImage ? html`<meta property="og:image" content="${new URL(ogImage, v.origin).href}">` : ""}
${Object.entries(og.extra ?? {}).map(([property, content]) => html`<meta property="${property}" content="${content}">`)}`
  : ""}
<link rel="icon" type="image/svg+xml" href="${assetHref("favicon.svg")}">
<link rel="stylesheet" href="${assetHref("style.css")}">
</head>`;
}

function languageSwitch(v: ViewContext): Html {
  return html`<ul class="lang-switch" aria-label="${v.t("layout.language")}">
${SUPPORTED_LANGUAGES.map(
  (lang) =>
    html`<li><a href="/lang/${lang}?next=${encodeURIComponent(v.here)}" lang="${lang}" hreflang="${lang}" title="${ENDONYMS[lang]}"${
      lang === v.lang ? html` aria-current="true"` : ""
    }>${lang.toUpperCase()}</a></li>`,
)}
</ul>`;
}

/** Whether a visitor can create an account without an invitation link. */
export function signupOpen(v: ViewContext): boolean {
  return v.instance.registrationMode === "open" || v.instance.registrationMode === "approval";
}

function account(v: ViewContext): Html {
  if (!v.user) {
    return html`<a class="signin" href="/signin?next=${encodeURIComponent(v.here)}">${v.t("layout.signin")}</a>${
      signupOpen(v) ? html`<a class="signup" href="/signup">${v.t("layout.signup")}</a>` : ""
    }`;
  }
  const actor = v.user.actor;
  const link = html`<a href="/@${actor.username}">@${actor.username}</a>`;
  return html`<span class="whoami">${withFragment(v.t("layout.signedInAs", { handle: "{handle}" }), "{handle}", link)}</span>
${notificationsLink(v)}
<a class="drafts" href="/drafts">${v.t("writing.myDrafts")}</a>
<a class="settings" href="/settings/profile">${v.t("layout.settings")}</a>
<form class="signout" method="post" action="/signout">${csrfInput(v)}<button type="submit">${v.t("layout.signout")}</button></form>`;
}

function searchBox(v: ViewContext): Html {
  return html`<form class="search-box" role="search" aria-label="${v.t("layout.searchRegion")}" method="get" action="/search">
<input type="search" name="q" aria-label="${v.t("layout.search")}" placeholder="${v.t("layout.searchPlaceholder")}" autocapitalize="none" spellcheck="false">
</form>`;
}

export function layout(v: ViewContext, page: PageHead, body: Html): Html {
  return html`<!doctype html>
<html lang="${v.lang}">
${head(v, page)}
<body>
<a class="skip" href="#main">${v.t("layout.skip")}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="/">${v.instance.name}</a>
<nav class="site-nav" aria-label="${v.t("layout.nav")}">
<ul>
<li><a href="/">${v.t("layout.home")}</a></li>
<li><a href="/notes">${v.t("layout.notes")}</a></li>
<li><a href="/notebooks">${v.t("layout.notebooks")}</a></li>
<li><a href="/terms">${v.t("layout.terms")}</a></li>
<li><a href="/organizations">${v.t("layout.organizations")}</a></li>
<li><a href="/communities">${v.t("layout.communities")}</a></li>
<li><a href="/find" aria-label="${v.t("find.title")}">${v.t("layout.find")}</a></li>
<li><a href="/about">${v.t("layout.about")}</a></li>
${v.user?.isAdmin ? html`<li><a href="/admin">${v.t("layout.admin")}</a></li>` : ""}
</ul>
</nav>
${searchBox(v)}
<div class="account">${account(v)}</div>
${languageSwitch(v)}
</div>
</header>
<main id="main" class="wrap">
${body}
</main>
<footer class="site-footer">
<div class="wrap">
<p>${v.t("layout.footer")} <a href="/privacy">${v.t("layout.privacy")}</a></p>
${v.instance.contact ? html`<p>${v.t("layout.contact", { email: v.instance.contact })}</p>` : ""}
</div>
</footer>
</body>
</html>`;
}
