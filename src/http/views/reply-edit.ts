// The form to edit one's own reply: its text only (a reply has no title,
// licence or authors to choose), with the problems listed and marked.
import { html } from "hono/html";
import { LIMITS } from "../../domain/note-input.ts";
import { errorSummary, fieldAttributes, fieldMessage, type FieldError } from "./form-errors.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";

export interface ReplyEditPage {
  /** Where the form posts (with the page to come back to). */
  readonly action: string;
  /** Back to the discussion, nothing changed. */
  readonly cancel: string;
  readonly content: string;
  readonly editSummary: string;
  readonly errors: readonly FieldError[];
}

export function replyEditPage(v: ViewContext, page: ReplyEditPage): Html {
  const e = page.errors;
  return layout(
    v,
    { title: v.t("replies.editTitle"), noindex: true },
    html`<h1>${v.t("replies.editTitle")}</h1>
${errorSummary(v, e)}
<form class="form wide" method="post" action="${page.action}">
${csrfInput(v)}
<label>${v.t("replies.content")}
<textarea name="content" rows="8" maxlength="${LIMITS.content}" required ${fieldAttributes("content", e)}>${page.content}</textarea>
${fieldMessage("content", e)}
<span class="help">${v.t("notes.formContentHelp")}</span>
</label>
<label>${v.t("notes.formEditSummary")}
<input name="editSummary" value="${page.editSummary}" maxlength="${LIMITS.editSummary}" ${fieldAttributes("editSummary", e)}>
${fieldMessage("editSummary", e)}
</label>
<p class="actions"><button type="submit">${v.t("replies.save")}</button> <a href="${page.cancel}">${v.t("form.cancel")}</a></p>
</form>`,
  );
}
