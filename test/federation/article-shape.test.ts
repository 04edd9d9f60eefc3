// The Article frame (title, lead, link in `content`, no `summary`) and its
// reading back, and thread titles from a microblog post's first line.
import { describe, expect, it } from "vitest";
import { frameArticleContent, unframeArticleContent } from "../../federation/notes/article-shape.ts";
import { titleFromContent } from "../../federation/notes/title-from-content.ts";

describe("the Article frame", () => {
  const url = "https://laurentides.example/notes/1";

  it("frames the body with the title, a written summary and the link, and reads them back", () => {
    const framed = frameArticleContent("Jardins & co", "Trois saisons d'essais.", "<p>Des <strong>corvées</strong>.</p>", url);
    expect(framed).toBe(`<p><strong>Jardins &amp; co</strong></p><p><em>Trois saisons d&#39;essais.</em></p><p>Des <strong>corvées</strong>.</p><p><a href="${url}">${url}</a></p>`);
    expect(unframeArticleContent(framed, "Jardins & co", url)).toEqual({ bodyHtml: "<p>Des <strong>corvées</strong>.</p>", summary: "Trois saisons d'essais." });
  });

  it("leaves out a summary that only repeats the body's first words", () => {
    const framed = frameArticleContent("Titre", "Des corvées partagées…", "<p>Des corvées partagées et un guide.</p>", url);
    expect(framed).not.toContain("<em>");
    expect(unframeArticleContent(framed, "Titre", url)).toEqual({ bodyHtml: "<p>Des corvées partagées et un guide.</p>", summary: null });
  });

  it("leaves other software's content as it is", () => {
    const html = "<p><strong>Important</strong></p><p>Le reste.</p>";
    expect(unframeArticleContent(html, "Un autre titre", url)).toEqual({ bodyHtml: html, summary: null });
    expect(unframeArticleContent(html, null, url)).toEqual({ bodyHtml: html, summary: null });
  });
});

describe("titleFromContent", () => {
  const mention = '<span class="h-card" translate="no"><a href="https://a.example/c/jardins" class="u-url mention">@<span>jardins</span></a></span>';

  it("takes the first line without the mention, from paragraphs or line breaks", () => {
    expect(titleFromContent(`<p>${mention} Semis d&#39;automne</p><p>Quoi semer?</p>`)).toBe("Semis d'automne");
    expect(titleFromContent(`<p>${mention} Semis d&#39;automne<br>Quoi semer?</p>`)).toBe("Semis d'automne");
    expect(titleFromContent(`<p>${mention}</p><p>Semis</p>`)).toBe("Semis");
  });

  it("keeps hashtags and cuts a long line at its first sentence, else on a word", () => {
    expect(titleFromContent('<p>Semis <a href="https://m.example/tags/ail" class="mention hashtag">#<span>ail</span></a></p>')).toBe("Semis #ail");
    const long = "Une phrase courte. " + "Et une autre qui n'en finit pas ".repeat(5);
    expect(titleFromContent(`<p>@jardins@a.example ${long}</p>`)).toBe("Une phrase courte.");
    const title = titleFromContent(`<p>${"mot ".repeat(60)}</p>`);
    expect(Array.from(title).length).toBeLessThanOrEqual(100);
    expect(title.endsWith("…")).toBe(true);
  });
});
