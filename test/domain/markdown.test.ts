import { describe, expect, it } from "vitest";
import { renderMarkdown, slugify, summarize } from "../../src/domain/markdown.ts";

const NOTE = `# Mobiliser les aîné·es dans les Laurentides

Cette note résume l'**atelier 1 – Explorer** tenu à Saint-Jérôme. Voir aussi la note
[Animer un cercle de parole](/notes/01hz3k9x2m) et le site https://www.quebec.ca/aines.

## Constats

- Les *communautés de pratique* manquent de relais locaux;
- le transport reste un frein;
  1. en milieu rural,
  2. en soirée.

## Données & chiffres

| Municipalité | Participant·es | Taux |
|:-------------|:--------------:|-----:|
| Saint-Jérôme | 42 | 61 % |
| Mont-Laurier | 17 | 48 % |

> « On ne transformera pas tous les participants en écrivains. »
> — une participante

\`\`\`sql
SELECT count(*) FROM notes WHERE licence = 'CC BY-NC-SA 4.0';
\`\`\`

Écrire à \`info@exemple.qc.ca\` ou à <info@exemple.qc.ca>. Retour à la section [Constats](#constats).

---

## Constats
`;

describe("renderMarkdown", () => {
  it("renders a French note: headings with anchors, lists, table, quote, code, links", () => {
    const html = renderMarkdown(NOTE);
    expect(html).toContain(`<h2 id="mobiliser-les-aine-es-dans-les-laurentides">Mobiliser les aîné·es dans les Laurentides</h2>`);
    expect(html).toContain(`<p>Cette note résume l'<strong>atelier 1 – Explorer</strong> tenu à Saint-Jérôme. Voir aussi la note\n<a href="/notes/01hz3k9x2m">Animer un cercle de parole</a> et le site <a href="https://www.quebec.ca/aines" rel="nofollow noopener noreferrer">https://www.quebec.ca/aines</a>.</p>`);
    expect(html).toContain(`<h2 id="constats">Constats</h2>`);
    expect(html).toContain(`<ul>\n<li>Les <em>communautés de pratique</em> manquent de relais locaux;</li>\n<li>le transport reste un frein;\n<ol>\n<li>en milieu rural,</li>\n<li>en soirée.</li>\n</ol>\n</li>\n</ul>`);
    expect(html).toContain(`<h2 id="donnees-chiffres">Données &amp; chiffres</h2>`);
    expect(html).toContain(`<th align="left">Municipalité</th>\n<th align="center">Participant·es</th>\n<th align="right">Taux</th>`);
    expect(html).toContain(`<td align="left">Saint-Jérôme</td>\n<td align="center">42</td>\n<td align="right">61 %</td>`);
    expect(html).toContain(`<blockquote>\n<p>« On ne transformera pas tous les participants en écrivains. »\n— une participante</p>\n</blockquote>`);
    expect(html).toContain(`<pre><code class="language-sql">SELECT count(*) FROM notes WHERE licence = 'CC BY-NC-SA 4.0';\n</code></pre>`);
    expect(html).toContain(`<code>info@exemple.qc.ca</code> ou à <a href="mailto:info@exemple.qc.ca" rel="nofollow noopener noreferrer">info@exemple.qc.ca</a>`);
    expect(html).toContain(`<a href="#constats">Constats</a>`);
    expect(html).toContain("<hr />");
    // A second "Constats" gets its own anchor.
    expect(html).toContain(`<h2 id="constats-2">Constats</h2>`);
    expect(html).not.toMatch(/style=|<h1/);
  });

  it("keeps the heading levels below the note's title", () => {
    expect(renderMarkdown("## Deux\n\n### Trois\n\n###### Six")).toBe(`<h2 id="deux">Deux</h2>\n<h3 id="trois">Trois</h3>\n<h6 id="six">Six</h6>\n`);
  });

  it("shows raw HTML as text", () => {
    expect(renderMarkdown(`Un <b>gras</b> et <script>alert(1)</script>`)).toBe(`<p>Un &lt;b&gt;gras&lt;/b&gt; et &lt;script&gt;alert(1)&lt;/script&gt;</p>\n`);
    expect(renderMarkdown(`<div onclick="x()">\n\nbloc\n\n</div>`)).toBe(`<p>&lt;div onclick="x()"&gt;</p>\n<p>bloc</p>\n<p>&lt;/div&gt;</p>\n`);
  });

  it("leaves unsafe links as the text the author typed", () => {
    expect(renderMarkdown("[x](javascript:alert(1))")).toBe("<p>[x](javascript:alert(1))</p>\n");
    expect(renderMarkdown("![x](javascript:alert(1))")).toBe("<p>![x](javascript:alert(1))</p>\n");
    expect(renderMarkdown("[x](data:text/html;base64,PHNjcmlwdD4=)")).toBe("<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>\n");
    expect(renderMarkdown("<javascript:alert(1)>")).toBe("<p>&lt;javascript:alert(1)&gt;</p>\n");
  });

  it("links plain URLs and e-mail addresses, and bare domains only for common web endings", () => {
    expect(renderMarkdown("www.quebec.ca")).toBe(`<p><a href="http://www.quebec.ca" rel="nofollow noopener noreferrer">www.quebec.ca</a></p>\n`);
    expect(renderMarkdown("Voir README.md et script.py")).toBe("<p>Voir README.md et script.py</p>\n");
    expect(renderMarkdown("marie@exemple.qc.ca")).toBe(`<p><a href="mailto:marie@exemple.qc.ca" rel="nofollow noopener noreferrer">marie@exemple.qc.ca</a></p>\n`);
  });

  it("keeps typography as typed (no smart quotes)", () => {
    expect(renderMarkdown(`"Bonjour" -- ... (c)`)).toBe(`<p>"Bonjour" -- ... (c)</p>\n`);
  });

  it("keeps images from http(s) and shows the description of the others", () => {
    expect(renderMarkdown(`![Carte des Laurentides](https://praxis.example/media/2025/06/carte.png "Carte")`)).toBe(
      `<p><img src="https://praxis.example/media/2025/06/carte.png" alt="Carte des Laurentides" title="Carte" /></p>\n`,
    );
    expect(renderMarkdown(`![Carte des Laurentides](/media/2025/06/carte.png)`)).toBe(`<p><span>Carte des Laurentides</span></p>\n`);
  });

  it("resolves relative links and images against a base URL, for federated copies", () => {
    const html = renderMarkdown(`[Autre note](/notes/02) [section](#constats) ![Carte](../media/2025/06/carte.png)`, { baseUrl: "https://praxis.example/notes/01" });
    expect(html).toBe(
      `<p><a href="https://praxis.example/notes/02" rel="nofollow noopener noreferrer">Autre note</a> <a href="#constats">section</a> <img src="https://praxis.example/media/2025/06/carte.png" alt="Carte" /></p>\n`,
    );
  });

  it("gives each render its own anchors", () => {
    expect(renderMarkdown("## A")).toBe(renderMarkdown("## A"));
  });
});

describe("slugify", () => {
  it("folds French accents and ligatures and joins words with hyphens", () => {
    expect(slugify("Économie sociale & solidaire")).toBe("economie-sociale-solidaire");
    expect(slugify("Œuvres d'art à l'école — Ça marche ?")).toBe("oeuvres-d-art-a-l-ecole-ca-marche");
    expect(slugify("  Étape 2 : « Explorer »  ")).toBe("etape-2-explorer");
    expect(slugify("aîné·es")).toBe("aine-es");
  });

  it("keeps other scripts and falls back to an empty slug for symbols", () => {
    expect(slugify("ᐃᓄᒃᑎᑐᑦ")).toBe("ᐃᓄᒃᑎᑐᑦ");
    expect(slugify("???")).toBe("");
    expect(renderMarkdown("## ???")).toBe(`<h2 id="section">???</h2>\n`);
    expect(renderMarkdown("## `code` et *emphase*")).toBe(`<h2 id="code-et-emphase"><code>code</code> et <em>emphase</em></h2>\n`);
  });
});

describe("summarize", () => {
  it("takes the prose, without headings, code or markup, and decodes entities", () => {
    expect(summarize(NOTE, 1000)).toBe(
      "Cette note résume l'atelier 1 – Explorer tenu à Saint-Jérôme. Voir aussi la note Animer un cercle de parole et le site https://www.quebec.ca/aines. " +
        "Les communautés de pratique manquent de relais locaux; le transport reste un frein; en milieu rural, en soirée. " +
        "Municipalité Participant·es Taux Saint-Jérôme 42 61 % Mont-Laurier 17 48 % " +
        "« On ne transformera pas tous les participants en écrivains. » — une participante " +
        "Écrire à info@exemple.qc.ca ou à info@exemple.qc.ca. Retour à la section Constats.",
    );
    expect(summarize("Fromages &amp; vins, *bio* <b>local</b>")).toBe("Fromages & vins, bio <b>local</b>");
  });

  it("cuts on a word boundary with an ellipsis, never « lire la suite »", () => {
    const summary = summarize(NOTE, 80);
    expect(summary).toBe("Cette note résume l'atelier 1 – Explorer tenu à Saint-Jérôme. Voir aussi la…");
    expect(Array.from(summary).length).toBeLessThanOrEqual(80);
    expect(summarize("x ".repeat(1000)).length).toBeLessThanOrEqual(500);
    expect(summarize("x ".repeat(1000))).not.toMatch(/lire la suite/i);
  });

  it("falls back to headings and code when that is all there is", () => {
    expect(summarize("# Titre seul\n\n```\ncode\n```")).toBe("Titre seul code");
    expect(summarize("")).toBe("");
  });
});
