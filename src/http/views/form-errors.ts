// How every form shows a refused submission: a summary at the top that
// lists each problem with a link to its field and takes the focus (no
// script: `autofocus` on a `tabindex="-1"` box), and each invalid field
// marked and tied to its own message.
import { html } from "hono/html";
import type { Html, ViewContext } from "./layout.ts";

/** One problem with one field, already translated. */
export interface FieldError {
  /** The field's `name`; its element carries the id `field-<name>`. */
  readonly field: string;
  readonly message: string;
}

export const fieldId = (field: string): string => `field-${field}`;
const messageId = (field: string): string => `field-${field}-error`;

/** The summary of every problem, or nothing when there is none. */
export function errorSummary(v: ViewContext, errors: readonly FieldError[]): Html | "" {
  if (errors.length === 0) return "";
  return html`<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${v.t("form.errorSummary", { count: errors.length })}</h2>
<ul>${errors.map((e) => html`<li><a href="#${fieldId(e.field)}">${e.message}</a></li>`)}</ul>
</div>`;
}

/** The attributes of a field: its id, and when refused `aria-invalid` and the link to its message. */
export function fieldAttributes(field: string, errors: readonly FieldError[]): Html {
  const invalid = errors.some((e) => e.field === field);
  return html`id="${fieldId(field)}"${invalid ? html` aria-invalid="true" aria-describedby="${messageId(field)}"` : ""}`;
}

/** The messages of one field, shown next to it. */
export function fieldMessage(field: string, errors: readonly FieldError[]): Html | "" {
  const mine = errors.filter((e) => e.field === field);
  if (mine.length === 0) return "";
  return html`<span class="field-error" id="${messageId(field)}">${mine.map((e, i) => html`${i > 0 ? " " : ""}${e.message}`)}</span>`;
}
