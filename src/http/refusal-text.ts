// A domain refusal (DomainError) in the reader's language. The domain writes
// its messages in English for the API; a page never shows them. Problems the
// domain names by field (FieldProblem) are translated by reason; the other
// messages the pages can meet are recognized here and said from the catalogs;
// anything else gets its code's sentence, so nothing English reaches a page.
// (A domain message that changes wording falls back to that generic sentence:
// test/http/no-other-language.test.ts walks the forms to catch it.)
import type { Context } from "hono";
import { HTTP_STATUS, type DomainError, type FieldProblem } from "../domain/errors.ts";
import type { AppEnv } from "./env.ts";
import { fieldErrorsOf, type FieldMap } from "./field-errors.ts";
import type { MessageKey } from "./i18n/messages.ts";
import { viewContext, type ViewContext } from "./views/layout.ts";
import { renderMessagePage } from "./views/message.ts";

/** The catalog label of the input keys that the domain's messages name. */
const LABELS: Readonly<Record<string, MessageKey>> = {
  title: "notes.formTitle",
  content: "notes.formContent",
  name: "settings.name",
  summary: "settings.summary",
  region: "settings.region",
  standpoint: "settings.standpoint",
  interests: "settings.interests",
  links: "settings.links",
  labelFr: "term.labelFr",
  labelEn: "term.labelEn",
  definitionFr: "term.definitionFr",
  definitionEn: "term.definitionEn",
  category: "reports.category",
  comment: "reports.comment",
  handle: "account.handle",
  username: "account.handle",
};

const FIELD_MAP: FieldMap = Object.fromEntries(Object.entries(LABELS).map(([field, label]) => [field, { field, label }]));

function label(v: ViewContext, field: string): string {
  const key = LABELS[field];
  return key ? v.t(key as never) : field;
}

type Sentence = (v: ViewContext, match: RegExpExecArray) => string;

/** The English messages of src/domain that a page's form or button can meet, and how the pages say them. */
const KNOWN: readonly (readonly [RegExp, Sentence])[] = [
  [/^(\w+) is required$/, (v, m) => v.t("form.required", { label: label(v, m[1]!) })],
  [/^(\w+) is longer than (\d+) characters$/, (v, m) => v.t("form.tooLong", { label: label(v, m[1]!), limit: m[2]! })],
  [/^(\w+) must be a text of at most (\d+) characters$/, (v, m) => v.t("form.tooLong", { label: label(v, m[1]!), limit: m[2]! })],
  [/^(\w+) must be one of /, (v, m) => v.t("form.badChoice", { label: label(v, m[1]!) })],
  [/^(\w+) must be (?:an http\(s\) URL|a list of \{name, url\} with http\(s\) URLs)$/, (v, m) => v.t("refusal.notUrl", { label: label(v, m[1]!) })],
  [/^(\w+) must be a list of short texts$/, (v, m) => v.t("refusal.shortTexts", { label: label(v, m[1]!) })],
  [/^a French or English label is required$/, (v) => v.t("refusal.termLabelRequired")],
  [/^the label needs at least one letter or digit$/, (v) => v.t("refusal.termLabelRequired")],
  [/^The term "(.+)" already exists$/, (v, m) => v.t("refusal.termExists", { slug: m[1]! })],
  [/^Nobody found for (.+)$/, (v, m) => v.t("refusal.nobodyFound", { value: m[1]! })],
  [/^No note (?:found )?(?:at )?(.+?)(?: on this instance)?$/, (v, m) => v.t("refusal.noNote", { value: m[1]! })],
  [/^You cannot block yourself$/, (v) => v.t("refusal.blockSelf")],
  [/^You cannot block your own instance$/, (v) => v.t("refusal.blockOwnInstance")],
  [/^You cannot report yourself$/, (v) => v.t("refusal.reportSelf")],
  [/^An actor cannot follow itself$/, (v) => v.t("refusal.followSelf")],
  [/^Refused to fetch (\S+?):? private addresses and plain http are not allowed$/, (v, m) => v.t("refusal.unsafeAddress", { value: m[1]! })],
  [/^Not a domain: (.+)$/, (v, m) => v.t("refusal.notDomain", { value: m[1]! })],
  [/^Only the notebook's curators may change it$/, (v) => v.t("refusal.curatorsOnly")],
  [/^This note is already in the notebook$/, (v) => v.t("refusal.alreadyInNotebook")],
  [/^Only notes anyone may read can go in a notebook$/, (v) => v.t("refusal.notebookPublicOnly")],
  [/^Only administrators delete lexicon terms$/, (v) => v.t("term.deleteAdminsOnly")],
  [/^Only the community's moderators/, (v) => v.t("refusal.moderatorsOnly")],
];

const BY_CODE: Readonly<Record<DomainError["code"], MessageKey>> = {
  invalid: "refusal.invalid",
  not_found: "refusal.notFound",
  forbidden: "refusal.forbidden",
  conflict: "refusal.conflict",
  gone: "refusal.gone",
  unauthorized: "refusal.unauthorized",
  too_large: "refusal.tooLarge",
  unsupported: "refusal.unsupported",
};

function partText(v: ViewContext, part: string): string | null {
  for (const [pattern, say] of KNOWN) {
    const match = pattern.exec(part.trim());
    if (match) return say(v, match);
  }
  return null;
}

function fieldSentences(v: ViewContext, fields: readonly FieldProblem[]): string[] {
  return fieldErrorsOf(v, fields, FIELD_MAP, "_").map((e) => e.message);
}

/** What a page says for a refusal: every problem the domain listed, in the reader's language. */
export function refusalText(v: ViewContext, error: DomainError): string {
  if (error.fields.length > 0) return fieldSentences(v, error.fields).join(" ");
  // The domain joins the problems it found with "; ".
  const parts = error.message.split("; ").map((part) => partText(v, part));
  if (parts.every((part) => part != null)) return parts.join(" ");
  return v.t(BY_CODE[error.code] as never);
}

/** The page answering a refused action (a button, a form with no page of its own): its reason, in the reader's language. */
export function refusalPage(c: Context<AppEnv>, error: DomainError): Response | Promise<Response> {
  return c.html(renderMessagePage(c, { title: "error.actionTitle", body: { text: refusalText(viewContext(c), error) } }), HTTP_STATUS[error.code]);
}
