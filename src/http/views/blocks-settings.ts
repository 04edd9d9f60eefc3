// The member's blocks and mutes page (/settings/blocks): what they block or
// mute, a form to add one, a button to lift each.
import { html } from "hono/html";
import { handleOf } from "../../domain/actors.ts";
import type { MemberBlock } from "../../domain/member-blocks.ts";
import { csrfInput, layout, type Html, type ViewContext } from "./layout.ts";
import { settingsNav } from "./settings.ts";

export interface BlocksSettings {
  readonly blocks: readonly MemberBlock[];
  /** The form as typed, re-shown after a refusal. */
  readonly target: string;
  readonly kind: string;
  /** Translated reason the last submission was refused. */
  readonly error: string | null;
  readonly notice: string | null;
}

function entry(v: ViewContext, block: MemberBlock): Html {
  const who = block.actor ? handleOf(block.actor) : v.t("blocks.instance", { host: block.host ?? "" });
  return html`<li><span class="block-kind">${v.t(block.kind === "block" ? "blocks.kindBlock" : "blocks.kindMute")}</span> ${who}
<form class="inline" method="post" action="/settings/blocks/${block.id}/remove">${csrfInput(v)}<button type="submit">${v.t(
    block.kind === "block" ? "blocks.unblock" : "blocks.unmute",
  )}</button></form></li>`;
}

export function blocksSettingsPage(v: ViewContext, page: BlocksSettings): Html {
  return layout(
    v,
    { title: v.t("blocks.title") },
    html`${settingsNav(v, "blocks")}
<h1>${v.t("blocks.title")}</h1>
<p>${v.t("blocks.intro")}</p>
${page.notice ? html`<p class="notice" role="status">${page.notice}</p>` : ""}
${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ""}
<form class="form" method="post" action="/settings/blocks">
${csrfInput(v)}
<label>${v.t("blocks.target")}
<input name="target" value="${page.target}" required maxlength="500" placeholder="@nom@exemple.org">
<small>${v.t("blocks.targetHelp")}</small></label>
<fieldset><legend>${v.t("blocks.kind")}</legend>
<label><input type="radio" name="kind" value="mute"${page.kind === "mute" ? html` checked` : ""}> ${v.t("blocks.kindMute")} — ${v.t("blocks.muteHelp")}</label>
<label><input type="radio" name="kind" value="block"${page.kind !== "mute" ? html` checked` : ""}> ${v.t("blocks.kindBlock")} — ${v.t("blocks.blockHelp")}</label>
</fieldset>
<button type="submit">${v.t("blocks.submit")}</button>
</form>
<h2>${v.t("blocks.listTitle")}</h2>
${page.blocks.length === 0 ? html`<p>${v.t("blocks.none")}</p>` : html`<ul class="blocks">${page.blocks.map((b) => entry(v, b))}</ul>`}`,
  );
}
