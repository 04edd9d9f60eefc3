// The pages' side of input problems: the domain says which field and why
// (FieldProblem, in no language), the pages say it in the reader's language
// from the catalogs. The domain's English messages are for the API only.
import type { FieldProblem } from "../domain/errors.ts";
import type { MessageKey } from "./i18n/messages.ts";
import type { FieldError } from "./views/form-errors.ts";
import type { ViewContext } from "./views/layout.ts";

/** For each field the domain names: the form field that holds it and the catalog key of its label. */
export type FieldMap = Readonly<Record<string, { readonly field: string; readonly label: MessageKey }>>;

function sentence(v: ViewContext, label: string, problem: FieldProblem): string {
  const value = problem.value ?? "";
  const limit = problem.limit ?? 0;
  switch (problem.reason) {
    case "required":
      return v.t("form.required", { label });
    case "too_long":
      return v.t("form.tooLong", { label, limit });
    case "too_many":
      return v.t("form.tooMany", { label, limit });
    case "not_url":
      return v.t("form.notUrl", { label, value });
    case "not_found":
      return v.t("form.notFound", { label, value });
    case "not_organization":
      return v.t("form.notOrganization", { label, value });
    case "unknown_term":
      return v.t("form.unknownTerm", { label, value });
    case "handle_invalid":
      return v.t("form.handleInvalid", { label });
    case "handle_reserved":
      return v.t("form.handleReserved", { label });
    case "handle_taken":
      return v.t("form.handleTaken", { label });
    case "repeated_language":
      return v.t("form.repeatedLanguage", { label, value });
    case "bad_choice":
      return v.t("form.badChoice", { label });
    case "not_email":
      return v.t("form.notEmail", { label, value });
    case "item_too_long":
      return v.t("form.itemTooLong", { label, limit });
    case "out_of_range":
      return v.t("form.outOfRange", { label, min: problem.min ?? 0, limit });
  }
}

/**
 * Every problem as a translated message on its form field. A problem the map
 * does not know goes on `fallbackField` with a generic sentence, so nothing
 * English ever reaches a page.
 */
export function fieldErrorsOf(v: ViewContext, problems: readonly FieldProblem[], map: FieldMap, fallbackField: string): FieldError[] {
  if (problems.length === 0) return [{ field: fallbackField, message: v.t("form.refused") }];
  return problems.map((problem) => {
    const known = map[problem.field];
    if (!known) return { field: fallbackField, message: v.t("form.refused") };
    return { field: known.field, message: sentence(v, v.t(known.label as never), problem) };
  });
}
