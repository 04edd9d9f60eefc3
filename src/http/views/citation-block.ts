// "Citer cette note": the APA reference in a read-only field (selectable with
// no script; the copy button appears only when copy-button.js runs, which the
// page allows with allowEnhancementScripts), and the BibTeX and RIS files for
// reference managers. Used for the note as it is and for one of its versions.
import { html } from "hono/html";
import { assetHref } from "../routes/assets.ts";
import type { Html, ViewContext } from "./layout.ts";

export interface CitationBlock {
  /** The APA reference. */
  readonly apa: string;
  /** The path the `.bib` and `.ris` files are under: the note's, or a version's. */
  readonly basePath: string;
  /** Citing one version: its label ("version 3 du 7 mars 2024"), shown in the heading. */
  readonly version?: string | null;
}

export function citationBlock(v: ViewContext, block: CitationBlock): Html {
  const heading = block.version ? v.t("citation.versionHeading", { version: block.version }) : v.t("notes.cite");
  return html`<section class="note-cite" id="cite" lang="${v.lang}"><h2>${heading}</h2>
<p class="help muted" id="citation-help">${v.t("notes.citeHelp")}</p>
<label for="citation-apa" class="visually-hidden">${v.t("citation.apaLabel")}</label>
<textarea id="citation-apa" class="citation" readonly rows="4" aria-describedby="citation-help">${block.apa}</textarea>
<p class="actions citation-actions"><button type="button" class="secondary" hidden data-copy-target="citation-apa" data-copied-label="${v.t("citation.copied")}">${v.t(
    "citation.copy",
  )}</button>
<a href="${block.basePath}/citation.bib" download>${v.t("citation.bibtex")}</a>
<a href="${block.basePath}/citation.ris" download>${v.t("citation.ris")}</a></p>
<script src="${assetHref("copy-button.js")}" defer></script>
</section>`;
}
