// The second step of a destructive action, without JavaScript: a page that
// states the consequences, with the real POST and a way back.
import { html } from "hono/html";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";

export interface Confirmation {
  readonly title: string;
  /** What will happen, said plainly. */
  readonly consequences: string;
  /** Where the confirmed form posts. */
  readonly action: string;
  readonly submit: string;
  /** Back to where the person came from, nothing done. */
  readonly cancel: string;
  /** What the first step's form said (a reason, a handle…), carried to the real POST as hidden fields. */
  readonly fields?: Readonly<Record<string, string>>;
}

export function confirmPage(v: ViewContext, page: Confirmation): Html {
  return layout(
    v,
    { title: page.title, noindex: true },
    html`<h1>${page.title}</h1>
<p class="warning">${page.consequences}</p>
<form class="form confirm" method="post" action="${page.action}">
${csrfInput(v)}
${Object.entries(page.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit" class="danger">${page.submit}</button>
<a href="${page.cancel}">${v.t("form.cancel")}</a>
</form>`,
  );
}
