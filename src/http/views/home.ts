// The home page: what this instance is (its description, a few counts, the
// network it belongs to) and what there is to read (the latest public notes,
// the communities where discussions are happening, notebooks). The seeds say
// most members read and few write: reading comes first and needs no account;
// for a signed-in member, writing is one obvious step at the top, and the
// news of their own communities comes right after it.
import { FEED_PATHS, feedLinks } from "../feeds/feed-links.ts";
import { html } from "hono/html";
import type { InstanceInfo } from "../../config/config.ts";
import { handleOf, type ActorRow } from "../../domain/actors.ts";
import type { CommunityThreads, InstanceCounts, NewsItem, SisterInstance } from "../../domain/home-digest.ts";
import type { NotebookSummary } from "../../domain/notebooks.ts";
import { numberFormat } from "../../domain/intl-formats.ts";
import { communityHref, digestNotebooks, digestNotes, digestSection, digestThreads, threadHref, type DigestNote } from "./digest-lists.ts";
import { displayName, layout, signupOpen, type Html, type ViewContext } from "./layout.ts";
import { timeTag } from "./times.ts";

export function instanceFacts(v: ViewContext, instance: InstanceInfo): Html {
  return html`<dl class="facts">
${instance.region ? html`<dt>${v.t("home.region")}</dt><dd>${instance.region}</dd>` : ""}
${instance.sector ? html`<dt>${v.t("home.sector")}</dt><dd>${instance.sector}</dd>` : ""}
<dt>${v.t("home.languages")}</dt><dd>${instance.languages.map((lang) => v.t(`language.${lang}`)).join(", ")}</dd>
<dt>${v.t("registration.label")}</dt><dd>${v.t(`registration.${instance.registrationMode}`)}</dd>
</dl>`;
}

export function personCard(v: ViewContext, actor: ActorRow): Html {
  const href = `/@${actor.username}`;
  return html`<li class="person">
${v.media(actor.icon_url) ? html`<img class="avatar" src="${v.media(actor.icon_url)}" alt="" width="48" height="48" loading="lazy">` : ""}
<div><a href="${href}">${displayName(actor)}</a><span class="handle">${handleOf(actor)}</span></div>
</li>`;
}

export interface HomeData {
  readonly counts: InstanceCounts;
  readonly notes: readonly DigestNote[];
  /** More public notes than those shown. */
  readonly moreNotes: boolean;
  readonly communities: readonly CommunityThreads[];
  readonly notebooks: readonly NotebookSummary[];
  readonly moreNotebooks: boolean;
  readonly sisters: readonly SisterInstance[];
  readonly people: readonly ActorRow[];
  /** For a signed-in member: the latest threads of their communities; null for visitors. */
  readonly news: readonly NewsItem[] | null;
}

function countsList(v: ViewContext, counts: InstanceCounts): Html {
  const format = numberFormat(v.lang === "fr" ? "fr-CA" : "en-CA");
  const item = (label: string, value: number, href: string) => html`<div><dt>${label}</dt><dd><a href="${href}">${format.format(value)}</a></dd></div>`;
  return html`<dl class="home-counts">
${item(v.t("home.countPeople"), counts.people, "/about")}
${item(v.t("home.countNotes"), counts.notes, "/notes")}
${item(v.t("home.countCommunities"), counts.communities, "/communities")}
</dl>`;
}

/** The one step a member takes to write, and why it is safe to try. */
function writeEntry(v: ViewContext): Html {
  return html`<section class="home-write" aria-labelledby="write">
<h2 id="write">${v.t("home.writeTitle")}</h2>
<p>${v.t("home.writeHelp")}</p>
<p><a class="button primary" href="/notes/new">${v.t("notes.write")}</a></p>
</section>`;
}

/** For visitors: reading needs no account; writing and joining do. */
function joinEntry(v: ViewContext): Html {
  return html`<p class="home-join">${v.t("home.readFreely")} <a href="/signin?next=%2F">${v.t("layout.signin")}</a>${
    signupOpen(v) ? html` · <a href="/signup">${v.t("home.signupToWrite")}</a>` : ""
  }</p>`;
}

function newsSection(v: ViewContext, news: readonly NewsItem[]): Html {
  const body =
    news.length > 0
      ? html`<ul class="digest-list news">
${news.map(({ community, note, postedAt }) => {
  const href = communityHref(community);
  return html`<li><a href="${threadHref(community, note)}">${note.title || v.t("home.untitled")}</a>
<p class="muted">${href ? html`<a href="${href}">${displayName(community)}</a>` : displayName(community)} · ${timeTag(v, postedAt)}</p></li>`;
})}
</ul>`
      : html`<p class="muted">${v.t("home.noNews")}</p>`;
  return digestSection(v, "news", v.t("home.newsTitle"), body, { href: "/communities", label: v.t("home.findCommunities") });
}

function communitiesSection(v: ViewContext, communities: readonly CommunityThreads[]): Html {
  const body =
    communities.length > 0
      ? html`<div class="home-communities">
${communities.map(({ community, threads }) => html`<article class="home-community">
<h3><a href="${communityHref(community) ?? "/communities"}">${displayName(community)}</a></h3>
${digestThreads(v, threads, community)}
</article>`)}
</div>`
      : html`<p class="muted">${v.t("home.noActiveCommunities")}</p>`;
  return digestSection(v, "communities", v.t("home.communitiesTitle"), body, { href: "/communities", label: v.t("home.allCommunities") });
}

function sistersSection(v: ViewContext, sisters: readonly SisterInstance[]): Html {
  const body =
    sisters.length > 0
      ? html`<ul class="digest-list sisters">
${sisters.map(
  (s) => html`<li><a href="https://${s.host}/" rel="noopener">${s.name ?? s.host}</a> <span class="muted">${[s.name ? s.host : null, s.region, s.sector].filter(Boolean).join(" · ")}</span></li>`,
)}
</ul>`
      : html`<p class="muted">${v.t("home.noSisters")}</p>`;
  return digestSection(v, "network", v.t("home.networkTitle"), html`<p>${v.t("about.network", { name: v.instance.name })}</p>${body}`, {
    href: "/network",
    label: v.t("network.link"),
  });
}

export function homePage(v: ViewContext, data: HomeData): Html {
  const instance = v.instance;
  const url = new URL("/", v.origin).href;
  return layout(
    v,
    {
      title: v.t("home.title"),
      description: instance.description || undefined,
      canonical: url,
      og: { type: "website", url, title: instance.name, description: instance.description || undefined },
      links: feedLinks(FEED_PATHS.instance()),
    },
    html`<section class="home-intro">
<h1>${instance.name}</h1>
${instance.description ? html`<p class="lead">${instance.description}</p>` : ""}
${countsList(v, data.counts)}
${v.user ? "" : joinEntry(v)}
</section>
${v.user ? writeEntry(v) : ""}
${data.news ? newsSection(v, data.news) : ""}
${digestSection(
  v,
  "notes",
  v.t("home.notesTitle"),
  data.notes.length > 0 ? digestNotes(v, data.notes) : html`<p class="muted">${v.t("notes.indexEmpty")}</p>`,
  data.moreNotes ? { href: "/notes", label: v.t("home.allNotes") } : null,
)}
${communitiesSection(v, data.communities)}
${digestSection(
  v,
  "notebooks",
  v.t("home.notebooksTitle"),
  data.notebooks.length > 0 ? digestNotebooks(v, data.notebooks) : html`<p class="muted">${v.t("notebooks.none")}</p>`,
  data.moreNotebooks ? { href: "/notebooks", label: v.t("home.allNotebooks") } : null,
)}
${sistersSection(v, data.sisters)}
<section class="digest" aria-labelledby="about-instance">
<h2 id="about-instance">${v.t("home.aboutTitle")}</h2>
${instanceFacts(v, instance)}
<h3>${v.t("home.people")}</h3>
${data.people.length > 0
  ? html`<ul class="people">${data.people.map((p) => personCard(v, p))}</ul>
<p class="muted">${v.t("home.fediverse")}</p>`
  : html`<p class="muted">${v.t("home.noPeople")}</p>`}
<p class="see-all"><a href="/about">${v.t("home.moreAbout")}</a></p>
</section>`,
  );
}
