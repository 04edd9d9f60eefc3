import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/domain/markdown.ts";
import { escapeHtml, plainText, sanitizeHtml, truncateWords } from "../../src/domain/sanitize.ts";
import { fixturePaths, loadFixture } from "../helpers/fixtures.ts";

const PAYLOAD = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="; // <script>alert(1)</script>

/** Filter-evasion vectors in the style of OWASP's cheat sheet, HTML and Markdown alike. */
const VECTORS: readonly string[] = [
  `<script>alert(1)</script>`,
  `<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>`,
  `<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>`,
  `<<SCRIPT>alert("XSS");//<</SCRIPT>`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>">`,
  `<img src=x onerror=alert(1)>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<img src="https://ok.example/a.png" onerror=alert(1) style="border:0">`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="d">`,
  `<a href="javascript:alert(1)">x</a>`,
  `<a href="  JaVaScRiPt:alert(1)">x</a>`,
  `<a href="&#x6A;avascript:alert(1)">x</a>`,
  `<a href="&#106avascript:alert(1)">x</a>`,
  `<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29">x</a>`,
  `<a href="jav\tascript:alert('XSS');">x</a>`,
  `<a href="jav&#x09;ascript:alert('XSS');">x</a>`,
  `<a href="jav&#x0A;ascript:alert('XSS');">x</a>`,
  `<a href="java&Tab;script:alert(1)">x</a>`,
  `<a href=" &#14;  javascript:alert('XSS');">x</a>`,
  `<a href="java\u0000script:alert(1)">x</a>`,
  `<a href="javascript&colon;alert(1)">x</a>`,
  `<a href="javascript://%0Aalert(1)">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="VBScript&#58;msgbox(1)">x</a>`,
  `<a href="data:text/html;base64,${PAYLOAD}">x</a>`,
  `<a href="DATA:text/html,<script>alert(1)</script>">x</a>`,
  `<a href="https://ok.example" onclick="alert(1)">ok</a>`,
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a xlink:href="javascript:alert(1)">x</a>`,
  `<svg onload=alert(1)>`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script><a href="javascript:alert(1)">x</a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  `<math href="javascript:alert(1)">CLICKME</math>`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<object data="javascript:alert(1)"></object>`,
  `<embed src="data:text/html;base64,${PAYLOAD}">`,
  `<style>@import 'http://xss.example/xss.css';</style>`,
  `<p style="background:url(javascript:alert(1))">x</p>`,
  `<div style="width: expression(alert('XSS'));">x</div>`,
  `<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">x</td></tr></table>`,
  `<details open ontoggle=alert(1)><summary>s</summary>x</details>`,
  `<base href="javascript:alert('XSS');//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${PAYLOAD}">`,
  `<link rel="stylesheet" href="javascript:alert('XSS');">`,
  `<form action="javascript:alert(1)"><input type=submit formaction="javascript:alert(1)"><button formaction=javascript:alert(1)>x</button></form>`,
  `<input autofocus onfocus=alert(1)>`,
  `<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^\`=alert("XSS")>`,
  `<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<template><script>alert(1)</script></template>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<!--<img src="--><img src=x onerror=alert(1)//">`,
  `<x onclick=alert(1)>click</x>`,
  `<img src="x" onerror="alert(1)"`,
  `<a href="javascript:alert(1)`,
  `<p><b><i><a href="javascript:alert(1)">unclosed`,
  `<span class="mention" onmouseover="alert(1)" style="position:fixed">x</span>`,
  // Markdown: links, images, autolinks, references, raw HTML.
  `[x](javascript:alert(1))`,
  `[x](JaVaScRiPt:alert(1))`,
  `[x](&#x6A;avascript:alert(1))`,
  `[x](<javascript:alert(1)>)`,
  `[x]( javascript:alert(1) )`,
  `[x](vbscript:msgbox(1))`,
  `[x](data:text/html;base64,${PAYLOAD})`,
  `![x](javascript:alert(1))`,
  `![x](data:image/png;base64,iVBORw0KGgo=)`,
  `![x](data:image/svg+xml;base64,PHN2Zy8+)`,
  `<javascript:alert(1)>`,
  `<vbscript:msgbox(1)>`,
  `[x][ref]\n\n[ref]: javascript:alert(1)`,
  `[a](https://ok.example "t\\" onmouseover=\\"alert(1)")`,
  `![a](https://ok.example/a.png"onerror="alert(1))`,
  `Texte <img src=x onerror=alert(1)> et <script>alert(1)</script>`,
  `<div onclick="alert(1)">\n\n**gras**\n\n</div>`,
];

/** Attribute values as a browser would see them (entities decoded, whitespace and controls dropped). */
function urlLike(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;|&newline;/gi, "")
    .replace(/&amp;/g, "&")
    .replace(/[\u0000-\u0020]/g, "")
    .toLowerCase();
}

/** Every rule the brief sets for output HTML, checked on tags only (text may quote an attack). */
function expectSafe(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<\/?(?:iframe|object|embed|svg|math|base|meta|link|form|input|button|style|textarea|frame|applet|template|body|video|audio|source|marquee)\b/i);
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  for (const tag of tags) {
    // Attribute names only: a title may quote an attack as harmless text.
    const names = tag.replace(/"[^"]*"/g, '""');
    expect(names).not.toMatch(/[\s/"']on[a-z]+\s*=/i);
    expect(names).not.toMatch(/\sstyle\s*=/i);
    expect(names).not.toMatch(/\s(?:background|formaction|action|srcdoc|xlink:href|data|poster|srcset)\s*=/i);
    expect(names).not.toMatch(/'/);
    for (const [, , value] of tag.matchAll(/\s([a-z:-]+)\s*=\s*"([^"]*)"/gi)) {
      expect(urlLike(value!)).not.toMatch(/^(?:javascript|vbscript|data):/);
    }
  }
}

describe("sanitizeHtml and renderMarkdown against XSS", () => {
  it("has a long list of vectors, which the checks below do catch when left raw", () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(40);
    const caught = VECTORS.filter((vector) => {
      try {
        expectSafe(vector);
        return false;
      } catch {
        return true;
      }
    });
    // All raw HTML vectors but the unclosed tags; Markdown vectors are only dangerous once rendered.
    expect(caught.length).toBeGreaterThanOrEqual(60);
  });

  it.each(VECTORS.map((v) => [v]))("sanitizeHtml neutralizes %s", (vector) => {
    const out = sanitizeHtml(vector);
    expectSafe(out);
    // Stable under a second pass: what we output is what a browser will parse.
    expect(sanitizeHtml(out)).toBe(out);
  });

  it.each(VECTORS.map((v) => [v]))("renderMarkdown neutralizes %s", (vector) => {
    expectSafe(renderMarkdown(vector));
    expectSafe(renderMarkdown(vector, { baseUrl: "https://praxis.example/notes/01" }));
    // Inside lists, quotes and tables too.
    expectSafe(renderMarkdown(`- ${vector}\n\n> ${vector}\n\n| a |\n|---|\n| ${vector.replace(/\n/g, " ")} |`));
  });

  it("keeps the harmless part of a mixed payload", () => {
    expect(sanitizeHtml(`<a href="https://ok.example" onclick="alert(1)">ok</a>`)).toBe(`<a href="https://ok.example" rel="nofollow noopener noreferrer">ok</a>`);
    expect(sanitizeHtml(`<p style="color:red" onclick="x()">texte</p>`)).toBe("<p>texte</p>");
    expect(sanitizeHtml(`<a href="javascript:alert(1)">lien</a>`)).toBe("<a>lien</a>");
    expect(sanitizeHtml(`<details open ontoggle=alert(1)><summary>Plus</summary>détails</details>`)).toBe("<details open><summary>Plus</summary>détails</details>");
  });
});

describe("sanitizeHtml allow-list", () => {
  it("keeps the structure of rich text", () => {
    const html =
      `<h3>Titre</h3><p><em>a</em> <strong>b</strong> <del>c</del> <ins>d</ins> <sup>1</sup><sub>2</sub> <abbr title="Organisme à but non lucratif">OBNL</abbr><br></p>` +
      `<ul><li>un</li></ul><ol start="3"><li>trois</li></ol><blockquote><p>citation</p></blockquote><pre><code class="language-ts">const a = 1;</code></pre><hr>` +
      `<table><thead><tr><th>a</th></tr></thead><tbody><tr><td colspan="2">b</td></tr></tbody></table>` +
      `<figure><img src="https://ok.example/a.png" alt="Schéma" title="t" width="640" height="480"><figcaption>Légende</figcaption></figure>`;
    expect(sanitizeHtml(html)).toBe(
      `<h3>Titre</h3><p><em>a</em> <strong>b</strong> <del>c</del> <ins>d</ins> <sup>1</sup><sub>2</sub> <abbr title="Organisme à but non lucratif">OBNL</abbr><br /></p>` +
        `<ul><li>un</li></ul><ol start="3"><li>trois</li></ol><blockquote><p>citation</p></blockquote><pre><code class="language-ts">const a = 1;</code></pre><hr />` +
        `<table><thead><tr><th>a</th></tr></thead><tbody><tr><td colspan="2">b</td></tr></tbody></table>` +
        `<figure><img src="https://ok.example/a.png" alt="Schéma" title="t" width="640" height="480" /><figcaption>Légende</figcaption></figure>`,
    );
  });

  it("demotes h1 to h2 (the page's title is the h1) and keeps only slug ids", () => {
    expect(sanitizeHtml(`<h1 id="intro">A</h1><h2 id="x y">B</h2><h6 id="javascript:x">C</h6>`)).toBe(`<h2 id="intro">A</h2><h2>B</h2><h6>C</h6>`);
  });

  it("accepts http, https, mailto, relative and #anchor links, and marks outside links", () => {
    expect(sanitizeHtml(`<a href="https://a.example/x?y=1&amp;z=2">a</a>`)).toBe(`<a href="https://a.example/x?y=1&amp;z=2" rel="nofollow noopener noreferrer">a</a>`);
    expect(sanitizeHtml(`<a href="http://a.example">a</a>`)).toContain(`rel="nofollow noopener noreferrer"`);
    expect(sanitizeHtml(`<a href="mailto:info@exemple.qc.ca">a</a>`)).toContain(`href="mailto:info@exemple.qc.ca"`);
    expect(sanitizeHtml(`<a href="/notes/01abc">a</a><a href="#contexte">b</a>`)).toBe(`<a href="/notes/01abc">a</a><a href="#contexte">b</a>`);
    expect(sanitizeHtml(`<a href="https://a.example" rel="opener" target="_blank">a</a>`)).toBe(`<a href="https://a.example" rel="nofollow noopener noreferrer">a</a>`);
    for (const scheme of ["ftp://x", "file:///etc/passwd", "tel:123", "blob:https://x/1", "intent://x", "about:blank"]) {
      expect(sanitizeHtml(`<a href="${scheme}">a</a>`)).toBe("<a>a</a>");
    }
  });

  it("keeps images only from http(s) URLs, and their alt text otherwise", () => {
    expect(sanitizeHtml(`<img src="/media/2025/01/x.png" alt="relative">`)).toBe("<span>relative</span>");
    expect(sanitizeHtml(`<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">`)).toBe("<span>inline</span>");
    expect(sanitizeHtml(`<img src="//cdn.example/a.png">`)).toBe("<span></span>");
    expect(sanitizeHtml(`<img src="https://ok.example/a.png" width="100%" height="9e9" srcset="javascript:x 1x">`)).toBe(`<img src="https://ok.example/a.png" />`);
  });

  it("keeps Mastodon's mentions, hashtags and shortened links with their classes", () => {
    const mention = `<span class="h-card" translate="no"><a href="https://mastodon.example/@marie" class="u-url mention">@<span>marie</span></a></span>`;
    const hashtag = `<a href="https://mastodon.example/tags/economiesociale" class="mention hashtag" rel="tag">#<span>ÉconomieSociale</span></a>`;
    const link = `<a href="https://www.quebec.ca/gouvernement/politiques" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">quebec.ca/gouvernement/poli</span><span class="invisible">tiques</span></a>`;
    const out = sanitizeHtml(`<p>${mention} ${hashtag} ${link}</p>`);
    expect(out).toBe(
      `<p><span class="h-card"><a href="https://mastodon.example/@marie" rel="nofollow noopener noreferrer" class="u-url mention">@<span>marie</span></a></span> ` +
        `<a href="https://mastodon.example/tags/economiesociale" rel="nofollow noopener noreferrer" class="mention hashtag">#<span>ÉconomieSociale</span></a> ` +
        `<a href="https://www.quebec.ca/gouvernement/politiques" rel="nofollow noopener noreferrer"><span class="invisible">https://www.</span><span class="ellipsis">quebec.ca/gouvernement/poli</span><span class="invisible">tiques</span></a></p>`,
    );
    expect(sanitizeHtml(`<span class="invisible evil status__content">x</span><p class="mention">y</p>`)).toBe(`<span class="invisible">x</span><p>y</p>`);
  });

  it("keeps Mastodon's captured Note with its text", () => {
    const content = loadFixture("mastodon/objects/page.json").content as string;
    const out = sanitizeHtml(content);
    expectSafe(out);
    expect(out).toContain(`<span class="h-card"><a href="https://enterprise.lemmy.ml/c/tenforward" rel="nofollow noopener noreferrer" class="u-url mention">@<span>tenforward</span></a></span>`);
    expect(plainText(out)).toBe(plainText(content));
  });

  const remote = fixturePaths((path) => /^(lemmy|wordpress)\/objects\//.test(path)).flatMap((path) => {
    const json = loadFixture(path);
    return (["content", "summary"] as const).filter((key) => typeof json[key] === "string" && json[key] !== "").map((key) => [`${path} ${key}`, json[key] as string] as const);
  });

  it("finds Lemmy and WordPress HTML in the fixtures", () => {
    expect(remote.length).toBeGreaterThanOrEqual(6);
  });

  it.each(remote)("keeps the text of %s", (_name, html) => {
    const out = sanitizeHtml(html);
    expectSafe(out);
    expect(plainText(out)).toBe(plainText(html));
    expect(plainText(out).length).toBeGreaterThan(0);
  });

  it("keeps WordPress's paragraphs, headings, figures, images and links", () => {
    const html = loadFixture("wordpress/objects/page.json").content as string;
    const out = sanitizeHtml(html);
    const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;
    for (const pattern of [/<p>/g, /<h2>/g, /<figure>/g, /<figcaption>/g, /<img /g, /<a href="https:/g, /<sup>/g, /<li>/g]) {
      expect(count(out, pattern)).toBeGreaterThan(0);
      expect(count(out, pattern)).toBe(count(html, pattern));
    }
    expect(out).toContain(`<a href="#9171b805-3e14-40f7-9061-1583b24368c3">1</a>`);
    expect(out).toContain(`src="https://i0.wp.com/dbzer0.com/wp-content/uploads/2025/12/Splash-Art.jpg?resize=696%2C1024&amp;ssl=1"`);
    expect(out).not.toContain("<div");
  });

  it("keeps Lemmy's markup", () => {
    expect(sanitizeHtml(loadFixture("lemmy/objects/group.json").summary as string)).toBe("<p>Lounge and recreation facility</p>\n<hr />\n<p>Welcome to the Enterprise!.</p>\n");
    expect(sanitizeHtml(loadFixture("lemmy/objects/person.json").summary as string)).toBe("<p>Captain of the starship <strong>Enterprise</strong>.</p>\n");
  });
});

describe("plainText", () => {
  it("drops tags, decodes entities and separates blocks", () => {
    expect(plainText(`<p>L&#8217;&eacute;t&eacute; &amp; l&apos;hiver</p><p>Deux<br>trois</p><ul><li>un</li><li>deux</li></ul>`)).toBe("L’été & l'hiver Deux trois un deux");
    expect(plainText(`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`)).toBe("<script>alert(1)</script>");
    expect(plainText(`<p>a</p><script>alert(1)</script><style>p{}</style><svg><text>x</text></svg><p>b</p>`)).toBe("a b");
  });

  it("keeps French no-break spaces", () => {
    expect(plainText(`<p>Question&nbsp;: «&#8239;oui&#8239;»</p>`)).toBe("Question\u00a0: «\u202foui\u202f»");
  });

  it("cuts on a word boundary with an ellipsis, within the limit", () => {
    const text = plainText("<p>Les communautés de pratique partagent leurs savoirs.</p>", 30);
    expect(text).toBe("Les communautés de pratique…");
    expect(Array.from(text).length).toBeLessThanOrEqual(30);
    expect(plainText("<p>Court.</p>", 30)).toBe("Court.");
  });
});

describe("truncateWords", () => {
  it("never exceeds the limit and never splits a word when it can avoid it", () => {
    const text = "Anticonstitutionnellement est un mot très long, comme intergénérationnel.";
    for (let max = 1; max <= text.length + 1; max++) {
      const cut = truncateWords(text, max);
      expect(Array.from(cut).length).toBeLessThanOrEqual(max);
      if (max < text.length) expect(cut.endsWith("…")).toBe(true);
    }
    expect(truncateWords(text, 40)).toBe("Anticonstitutionnellement est un mot…");
    expect(truncateWords("aaaaaaaaaaaaaaaaaaaa", 10)).toBe("aaaaaaaaa…");
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter in content and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(escapeHtml("L’été à Montréal")).toBe("L’été à Montréal");
  });
});
