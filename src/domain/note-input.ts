// What a person sends to write a note (API or form), checked in one place:
// every problem is reported at once, with messages safe to show.
import type { Config } from "../config/config.ts";
import { DomainError, type FieldProblem } from "./errors.ts";
import { licenseById } from "./licenses.ts";
import { CHOOSABLE_VISIBILITIES, type Visibility } from "./visibility.ts";

export interface TranslationInput {
  language: string;
  title: string;
  summary: string | null;
  content: string;
}

export interface NoteInput {
  title: string;
  summary: string | null;
  /** Markdown. */
  content: string;
  language: string;
  /** Licence id (see licenses.ts). */
  license: string;
  visibility: Visibility;
  category: string | null;
  tags: string[];
  /** Handles or actor URLs; the writer is added first when absent and no other local author is given. */
  authors: string[];
  /** Local term slugs or term URLs. */
  terms: string[];
  /** Organization handles or actor URLs. */
  organizations: string[];
  /** URLs of other notes (local or remote). */
  links: string[];
  /** Ids of media uploaded beforehand by the same person. */
  attachments: string[];
  translations: TranslationInput[];
  /** Communities to post into: handles or Group URLs. */
  communities: string[];
  /** The note or post this one answers (a discussion reply), by URL. */
  inReplyTo: string | null;
  /** What the editor says about this change, kept with the revision it makes (never carried to the next edit). */
  editSummary: string | null;
}

export const LIMITS = {
  title: 300,
  summary: 500,
  content: 200_000,
  category: 100,
  tags: 30,
  tag: 100,
  list: 50,
  editSummary: 300,
} as const;

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

type Raw = Record<string, unknown>;

/** The English sentences (for the API) and, beside them, each problem by field (for the pages). */
class Problems {
  readonly messages: string[] = [];
  readonly fields: FieldProblem[] = [];
  get length(): number {
    return this.messages.length;
  }
  push(message: string, problem?: FieldProblem): void {
    this.messages.push(message);
    if (problem) this.fields.push(problem);
  }
}

function stringList(raw: Raw, key: string, problems: Problems, max: number = LIMITS.list): string[] {
  const value = raw[key];
  if (value == null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    problems.push(`${key} must be a list of strings`, { field: key, reason: "bad_choice" });
    return [];
  }
  if (value.length > max) problems.push(`${key} may list at most ${max} items`, { field: key, reason: "too_many", limit: max });
  return (value as string[]).map((v) => v.trim()).filter(Boolean);
}

function text(raw: Raw, key: string, problems: Problems, options: { required?: boolean; max: number; prefix?: string }): string | null {
  const field = (options.prefix ?? "") + key;
  const value = raw[key];
  // Blank is empty: a reply of spaces says nothing.
  if (value == null || value === "" || (options.required && typeof value === "string" && value.trim() === "")) {
    if (options.required) problems.push(`${key} is required`, { field, reason: "required" });
    return null;
  }
  if (typeof value !== "string") {
    problems.push(`${key} must be a string`, { field, reason: "bad_choice" });
    return null;
  }
  if (value.length > options.max) problems.push(`${key} is longer than ${options.max} characters`, { field, reason: "too_long", limit: options.max });
  return value;
}

function urlList(raw: Raw, key: string, problems: Problems): string[] {
  const list = stringList(raw, key, problems);
  for (const url of list) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") problems.push(`${key}: ${url} is not an http(s) URL`, { field: key, reason: "not_url", value: url });
    } catch {
      problems.push(`${key}: ${url} is not a URL`, { field: key, reason: "not_url", value: url });
    }
  }
  return list;
}

/**
 * Reads a full note (creation) or, with `partial`, only the fields present
 * (edition), filling defaults from the instance configuration.
 */
export function parseNoteInput(raw: Raw, config: Config, base?: NoteInput): NoteInput {
  const problems = new Problems();
  const has = (key: string) => base == null || key in raw;
  let inReplyTo = base?.inReplyTo ?? null;
  if (base == null && raw.inReplyTo != null) {
    const [url] = urlList({ inReplyTo: [raw.inReplyTo] }, "inReplyTo", problems);
    inReplyTo = url ?? null;
  }
  // A reply is a short discussion post: its title is optional.
  const title = has("title") ? text(raw, "title", problems, { required: inReplyTo == null, max: LIMITS.title }) : base!.title;
  const summary = has("summary") ? text(raw, "summary", problems, { max: LIMITS.summary }) : base!.summary;
  const content = has("content") ? text(raw, "content", problems, { required: true, max: LIMITS.content }) : base!.content;
  const category = has("category") ? text(raw, "category", problems, { max: LIMITS.category }) : base!.category;
  const editSummary = text(raw, "editSummary", problems, { max: LIMITS.editSummary });

  let language = base?.language ?? config.instance.languages[0] ?? "fr";
  if ("language" in raw) {
    if (typeof raw.language !== "string" || !LANGUAGE.test(raw.language)) problems.push("language must be a language code such as fr or en", { field: "language", reason: "bad_choice" });
    else language = raw.language;
  }

  let license = base?.license ?? config.instance.defaultLicense;
  if ("license" in raw) {
    if (typeof raw.license !== "string" || !licenseById(raw.license)) problems.push(`license must be one of the known licence ids (got ${JSON.stringify(raw.license)})`, { field: "license", reason: "bad_choice" });
    else license = raw.license;
  }

  let visibility: Visibility = base?.visibility ?? "public";
  if ("visibility" in raw) {
    if (!(CHOOSABLE_VISIBILITIES as readonly unknown[]).includes(raw.visibility)) problems.push(`visibility must be one of ${CHOOSABLE_VISIBILITIES.join(", ")}`, { field: "visibility", reason: "bad_choice" });
    else visibility = raw.visibility as Visibility;
  }

  const tags = has("tags") ? stringList(raw, "tags", problems, LIMITS.tags) : base!.tags;
  if (tags.some((t) => t.length > LIMITS.tag)) problems.push(`tags are at most ${LIMITS.tag} characters each`, { field: "tags", reason: "too_long", limit: LIMITS.tag });
  const authors = has("authors") ? stringList(raw, "authors", problems) : base!.authors;
  const terms = has("terms") ? stringList(raw, "terms", problems) : base!.terms;
  const organizations = has("organizations") ? stringList(raw, "organizations", problems) : base!.organizations;
  const links = has("links") ? urlList(raw, "links", problems) : base!.links;
  const attachments = has("attachments") ? stringList(raw, "attachments", problems) : base!.attachments;
  const communities = base == null ? stringList(raw, "communities", problems) : base.communities;

  let translations = base?.translations ?? [];
  if ("translations" in raw) {
    translations = [];
    const list = raw.translations;
    if (list != null && !Array.isArray(list)) problems.push("translations must be a list");
    for (const item of Array.isArray(list) ? list : []) {
      if (item == null || typeof item !== "object") {
        problems.push("each translation must be an object");
        continue;
      }
      const t = item as Raw;
      const tLanguage = typeof t.language === "string" && LANGUAGE.test(t.language) ? t.language : null;
      if (!tLanguage) problems.push("each translation needs a language code", { field: "translations.language", reason: "required" });
      const tTitle = text(t, "title", problems, { required: true, max: LIMITS.title, prefix: "translations." });
      const tContent = text(t, "content", problems, { required: true, max: LIMITS.content, prefix: "translations." });
      const tSummary = text(t, "summary", problems, { max: LIMITS.summary, prefix: "translations." });
      if (tLanguage && tTitle && tContent) translations.push({ language: tLanguage, title: tTitle, summary: tSummary, content: tContent });
    }
  }
  const languages = new Set([language]);
  for (const t of translations) {
    if (languages.has(t.language)) problems.push(`translation language ${t.language} is repeated or is the note's own language`, { field: "translations.language", reason: "repeated_language", value: t.language });
    languages.add(t.language);
  }

  if (problems.length > 0) throw new DomainError("invalid", problems.messages.join("; "), problems.fields);
  return {
    title: (title ?? "").trim(),
    summary: summary?.trim() || null,
    content: content!,
    language,
    license,
    visibility,
    category: category?.trim() || null,
    tags,
    authors,
    terms,
    organizations,
    links,
    attachments,
    translations,
    communities,
    inReplyTo,
    editSummary: editSummary?.replace(/\s+/g, " ").trim() || null,
  };
}
