// Turning French (and English) text into the words search compares: lower
// case, no accents, no elided article ("l'économie"), common stop words left
// out, and a light stemmer that folds plurals and the feminine onto one form
// ("Agricultures urbaines" and "agriculture urbaine" give the same words).
// Light on purpose: a stemmer that also strips derivations ("économique" →
// "économ") finds too much in a knowledge base where those are distinct ideas.
// The same functions prepare what is indexed and what is asked, so they agree.

/** Lower case, accents removed (é → e, œ → oe), for comparing words. */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");
}

const STOP_WORDS = new Set(
  (
    "a au aux avec ce ces cet cette d dans de des du elle en est et il ils je l la le les leur leurs lui m ma mais me mes mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y " +
    "an and are as at be by for from in is it of on or that the this to was with"
  ).split(" "),
);

export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

/** The words of a text as they appear (accents and case kept), in order. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * A folded word's stem: plurals (-s, -x, -aux → -al, -eaux → -eau), then a
 * final -e (feminine), a doubled consonant left by it (-enne → -en, -elle →
 * -el), -ive → -if and -euse → -eu. Short words and numbers are kept whole.
 */
export function stem(folded: string): string {
  let w = folded;
  if (w.length <= 3 || /^\p{N}+$/u.test(w)) return w;
  if (w.endsWith("eaux")) w = w.slice(0, -1);
  else if (w.length > 5 && w.endsWith("aux")) w = `${w.slice(0, -3)}al`;
  else if ((w.endsWith("s") || w.endsWith("x")) && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  if (w.length <= 4) return w;
  if (w.endsWith("euse")) return w.slice(0, -2);
  if (w.endsWith("eux")) return w.slice(0, -1);
  if (w.endsWith("ive")) return `${w.slice(0, -3)}if`;
  if (w.endsWith("e")) {
    w = w.slice(0, -1);
    if (/(ll|nn|tt|ss)$/.test(w)) w = w.slice(0, -1);
  }
  return w;
}

/** The stems of a text's words, stop words left out, in order. */
export function stemsOf(text: string): string[] {
  const stems: string[] = [];
  for (const word of wordsOf(text)) {
    const folded = foldWord(word);
    if (!isStopWord(folded)) stems.push(stem(folded));
  }
  return stems;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * The words of stored HTML (always sanitized before it is stored), cheaply:
 * block tags become spaces, inline ones nothing, and entities are decoded. For indexing and excerpts,
 * whose output is escaped again, never for showing HTML.
 */
export function textOfHtml(html: string): string {
  return html
    .replace(/<\/?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|pre|tr|td|th|hr|figure|figcaption)\b[^>]*>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}
