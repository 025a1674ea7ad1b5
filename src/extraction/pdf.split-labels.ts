/**
 * Label words a text layer split with a space: pdf.js writes a space into a text item wherever the pen moves on by
 * more than a tenth of the font size, so a font whose glyph widths are understated (or text set with extra tracking)
 * comes out as "Ver käufer :", "Br uttosumme", "Zahlbetr ag", "Rechnungskor rektur Nr." — and the label
 * vocabularies, which match whole words, miss the label (worse: "käufer" alone reads as the buyer's label).
 *
 * A space inside a word cannot be told from a word space by the item alone (pdf.js reports no glyph positions), so
 * the repair is asked of the vocabulary: a space is taken back when the word after it starts lower-case (a word
 * space before a lower-case word is the rarer case in the labels' languages, and a new German noun is capitalised)
 * and joining the two parts makes a word that a label of the vocabularies matches whole.
 */
import { AMOUNT_LABELS, DATE_LABELS, ID_LABELS, ISSUER_LABEL, RECIPIENT_LABEL } from "./fields/page/labels.vocabulary.js";

/** Every label vocabulary whose label words a split could hide (global copies, for matchAll). */
const LABELS: readonly RegExp[] = [...AMOUNT_LABELS.map((l) => l.re), ...ID_LABELS.map((l) => l.re), ...DATE_LABELS.map((l) => l.re), ISSUER_LABEL, RECIPIENT_LABEL].map(
  (re) => new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`),
);

/** All of them in one expression: a quick test that a window holds any label at all, before asking which. */
const ANY_LABEL = new RegExp(LABELS.map((re) => `(?:${re.source})`).join("|"), "iu");

/** How much of the text after a joined word a label may need ("Rechnungskorrektur Nr. 4711" needs its "Nr."). */
const CONTEXT = 16;

/** Letter runs joined by single spaces, every run after the first starting lower-case: where a false space may be. */
const CHAIN = /\p{L}+(?: \p{Ll}\p{L}*)+/gu;

/** A chain of more runs is prose, not a label row: not looked into (it would cost a test per word). */
const MAX_RUNS = 4;

/** False spaces in one word at most: "Ur spr ünglich" has two. */
const MAX_JOINS = 2;

/** True when a label matches the whole word `text.slice(start, end)` (its match may go on past the word, not start inside it). */
function labelCovers(text: string, start: number, end: number): boolean {
  const window = text.slice(0, Math.min(text.length, end + CONTEXT));
  for (const re of LABELS) {
    for (const m of window.matchAll(re)) {
      if (m.index > start) break;
      if (m.index + m[0].length >= end) return true;
    }
  }
  return false;
}

/**
 * The indexes (into `str`) of the spaces inside label words that `str` split (see the module comment): the caller
 * reads each as no word break. Empty for most items. `after`: the text that follows on the row (the next items),
 * for labels that need it ("Rechnungskor rektur" drawn apart from its "Nr.").
 */
export function falseSpaces(str: string, after = ""): number[] {
  const out: number[] = [];
  const text = str + after.slice(0, CONTEXT);
  for (const chain of str.matchAll(CHAIN)) {
    const base = chain.index;
    // The runs of the chain and the spaces between them (indexes into `str`).
    const runs = [...chain[0].matchAll(/\p{L}+/gu)].map((r) => ({ start: base + r.index, end: base + r.index + r[0].length }));
    if (runs.length > MAX_RUNS) continue;
    let i = 0;
    while (i < runs.length - 1) {
      let taken = 0;
      // The longest join first: "Ur spr ünglich" is one word, not "Urspr" and "ünglich".
      for (let k = Math.min(MAX_JOINS, runs.length - 1 - i); k >= 1 && taken === 0; k -= 1) {
        const spaces = runs.slice(i, i + k).map((r) => r.end);
        const joined = spaces.reduceRight((t, sp) => t.slice(0, sp) + t.slice(sp + 1), text);
        const wordStart = (runs[i] as { start: number }).start;
        const wordEnd = (runs[i + k] as { end: number }).end - k;
        if (!ANY_LABEL.test(joined.slice(wordStart, wordEnd + CONTEXT))) continue;
        // Words a label reads apart already ("Invoice number", "Bill to") are two words.
        if (labelCovers(text, wordStart, (runs[i + k] as { end: number }).end)) continue;
        if (labelCovers(joined, wordStart, wordEnd)) {
          out.push(...spaces);
          taken = k;
        }
      }
      i += taken + 1;
    }
  }
  return out;
}
