/**
 * pdf.js text items → {@link RawWord}s in viewport units (PDF points at scale
 * 1, origin top-left, page rotation applied), so the page builder orders them
 * by where they are on the page rather than by content-stream order.
 */
import type { RawWord } from "./page/page.model.js";
import { falseSpaces } from "./pdf.split-labels.js";

/** Stands in for a false space while an item is split into words (a private-use character: no item's own text). */
const JOINED = "\uE000";

/** The part of a pdf.js `TextItem` used here. */
export interface PdfTextItem {
  str: string;
  /** Text space → user space: [a, b, c, d, e, f]. */
  transform: number[];
  /** Advance of the whole string in user space. */
  width: number;
}

type Matrix = [number, number, number, number, number, number];

/** pdf.js' `Util.transform`: m1 × m2. */
function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/** Share of the font size above the baseline (the rest is below): typical Latin ascent/descent. */
const ASCENT = 0.8;

/**
 * A gap between two text items on one baseline, in font heights, below which they are one word: pdf.js itself
 * writes a space into an item at a gap of 0.102 of the font size, so a narrower one is no space. Producers that
 * place each run of a word on its own ("RE-20" "201121" "/50" "8" for "RE-20201121/508") leave such gaps.
 */
const TOUCHING_GAP = 0.1;
/** Most overlap of two touching items (a kerned pair drawn back over the previous glyph), in font heights. */
const TOUCHING_OVERLAP = 0.2;

/** The text of the items after `index` on its baseline, in content order, as far as a label could need it. */
function rowAfter(items: readonly PdfTextItem[], index: number): string {
  const item = items[index] as PdfTextItem;
  let out = "";
  for (let j = index + 1; j < items.length && out.length < 16; j += 1) {
    const next = items[j] as PdfTextItem;
    if (Math.abs((next.transform[5] ?? 0) - (item.transform[5] ?? 0)) > 0.5 * Math.abs(item.transform[3] ?? 1)) break;
    out += next.str;
  }
  return out;
}

/** Where an item's text ended: its last word's index in the output and the pen position after it. */
interface ItemEnd {
  word: number;
  x: number;
  y: number;
  dir: readonly [number, number];
  fontHeight: number;
}

/** True when an item starting at (x, y) continues the word `end` stopped at: same direction and size, same baseline, no gap. */
function continues(end: ItemEnd, x: number, y: number, dir: readonly [number, number], fontHeight: number): boolean {
  if (Math.abs(end.fontHeight - fontHeight) > 0.1 * fontHeight || Math.abs(end.dir[0] * dir[1] - end.dir[1] * dir[0]) > 0.01) return false;
  const dx = x - end.x;
  const dy = y - end.y;
  const along = dx * dir[0] + dy * dir[1];
  const across = -dx * dir[1] + dy * dir[0];
  return Math.abs(across) <= 0.1 * fontHeight && along <= TOUCHING_GAP * fontHeight && along >= -TOUCHING_OVERLAP * fontHeight;
}

/**
 * Splits each text item at whitespace into words and gives each word a box:
 * the item's advance is shared among its characters in proportion (pdf.js
 * reports no per-glyph positions), the height is the font size along the
 * item's vertical axis. Rotated text gets the bounding box of its rotated
 * rectangle. A space pdf.js wrote inside a label word is taken back (see
 * `pdf.split-labels.ts`). An item that starts where the previous one's last word ended
 * (no whitespace between, a gap under {@link TOUCHING_GAP}) continues that word.
 *
 * @param viewportTransform `page.getViewport({ scale: 1 }).transform` (flips y, applies /Rotate).
 */
export function pdfTextItemsToWords(items: readonly PdfTextItem[], viewportTransform: readonly number[]): RawWord[] {
  const out: RawWord[] = [];
  let last: ItemEnd | null = null;
  for (const [index, item] of items.entries()) {
    if (!item.str || !/\S/u.test(item.str)) {
      if (item.str) last = null;
      continue;
    }
    const t = multiply(viewportTransform, item.transform);
    // Direction of the baseline and the "up" vector in viewport space (y down).
    const sx = Math.hypot(t[0], t[1]) || 1;
    const dir = [t[0] / sx, t[1] / sx] as const;
    const fontHeight = Math.hypot(t[2], t[3]);
    // A baseline closer to vertical than to horizontal (viewport y points down): "up" runs bottom to top.
    const turned = Math.abs(dir[1]) > Math.abs(dir[0]) ? (dir[1] < 0 ? "up" : "down") : undefined;
    // The image of text space's y axis: towards the top of the glyphs (y decreases on an upright page).
    const up = fontHeight ? ([t[2] / fontHeight, t[3] / fontHeight] as const) : ([0, -1] as const);
    // item.width is in user space; map its length into viewport units with the viewport's scale.
    const vscale = Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0) || 1;
    const advance = Math.abs(item.width) * vscale;
    const chars = [...item.str];
    const perChar = chars.length ? advance / chars.length : 0;
    let offset = 0;
    const joinsLast = last !== null && /^\S/u.test(item.str) && continues(last, t[4], t[5], dir, fontHeight);
    const prev = last;
    let first = true;
    // Spaces pdf.js wrote inside a label word ("Ver käufer") are no word breaks: each keeps its share of the advance.
    // An item without a space has none to take back, and most items are such: the row after it is not read.
    const str = item.str.includes(JOINED) || !item.str.includes(" ") ? item.str : falseSpaces(item.str, rowAfter(items, index)).reduce((t, i) => t.slice(0, i) + JOINED + t.slice(i + 1), item.str);
    for (const part of str.split(/(\s+)/u)) {
      const n = [...part].length;
      if (part && !/\s/u.test(part)) {
        const from = offset * perChar;
        const to = (offset + n) * perChar;
        const corners: [number, number][] = [];
        for (const along of [from, to]) {
          const bx = t[4] + dir[0] * along;
          const by = t[5] + dir[1] * along;
          corners.push([bx + up[0] * fontHeight * ASCENT, by + up[1] * fontHeight * ASCENT]);
          corners.push([bx - up[0] * fontHeight * (1 - ASCENT), by - up[1] * fontHeight * (1 - ASCENT)]);
        }
        const word: RawWord = {
          text: part.replaceAll(JOINED, ""),
          x0: Math.min(...corners.map((c) => c[0])),
          y0: Math.min(...corners.map((c) => c[1])),
          x1: Math.max(...corners.map((c) => c[0])),
          y1: Math.max(...corners.map((c) => c[1])),
          confidence: 1,
          ...(turned ? { turned } : {}),
        };
        const joined = first && joinsLast && prev ? out[prev.word] : undefined;
        if (joined) {
          joined.text += word.text;
          joined.x0 = Math.min(joined.x0, word.x0);
          joined.y0 = Math.min(joined.y0, word.y0);
          joined.x1 = Math.max(joined.x1, word.x1);
          joined.y1 = Math.max(joined.y1, word.y1);
        } else out.push(word);
        first = false;
      }
      offset += n;
    }
    // The pen after the item: where a touching next item would start.
    last = /\S$/u.test(item.str) ? { word: out.length - 1, x: t[4] + dir[0] * advance, y: t[5] + dir[1] * advance, dir, fontHeight } : null;
  }
  return placeAccents(out);
}

/**
 * Spacing accents and the combining marks they stand for. TeX sets an accented letter it has no glyph for as the
 * accent followed by the letter drawn back over it ("Holeˇ" + "cek" for "Holeček", "Pˇ" "r´" "ıjemce" for
 * "Příjemce"), and pdf.js reports the two apart.
 */
const ACCENTS: Readonly<Record<string, string>> = {
  "\u02C7": "\u030C", // ˇ caron
  "\u00B4": "\u0301", // ´ acute
  "\u02DD": "\u030B", // ˝ double acute
  "\u00A8": "\u0308", // ¨ diaeresis
  "\u02D8": "\u0306", // ˘ breve
  "\u02DA": "\u030A", // ˚ ring
  "\u02C6": "\u0302", // ˆ circumflex
  "\u02DC": "\u0303", // ˜ tilde
  "\u00AF": "\u0304", // ¯ macron
  "\u02D9": "\u0307", // ˙ dot above
  "\u02DB": "\u0328", // ˛ ogonek
};

/** Dotless letters TeX puts an accent on, and the letters they make with it ("ı" + "´" is "í"). */
const DOTLESS: Readonly<Record<string, string>> = { "\u0131": "i", "\u0237": "j" };

/**
 * Puts each spacing accent that ends a word on the first letter of the next word when that word starts back inside the
 * accent's word on the same baseline (the letter drawn under the accent), and joins the two: "Holeˇ" "cek" →
 * "Holeček". A word that only touches or follows another keeps its accent: only a letter drawn over the accent takes it.
 */
function placeAccents(words: RawWord[]): RawWord[] {
  const out: RawWord[] = [];
  for (const word of words) {
    const prev = out.at(-1);
    const accent = prev ? ACCENTS[prev.text.at(-1) ?? ""] : undefined;
    const h = word.y1 - word.y0;
    const letter = /^\p{L}/u.exec(word.text)?.[0];
    if (!prev || !accent || !letter || word.turned || prev.turned || Math.abs(prev.y1 - word.y1) > 0.2 * h || Math.abs(prev.y1 - prev.y0 - h) > 0.2 * h || word.x0 >= prev.x1 || word.x0 < prev.x0) {
      out.push(word);
      continue;
    }
    const base = DOTLESS[letter] ?? letter;
    prev.text = `${prev.text.slice(0, -1)}${base}${accent}${word.text.slice(letter.length)}`.normalize("NFC");
    prev.x1 = Math.max(prev.x1, word.x1);
    prev.y0 = Math.min(prev.y0, word.y0);
    prev.y1 = Math.max(prev.y1, word.y1);
    prev.confidence = Math.min(prev.confidence, word.confidence);
  }
  return out;
}
