/**
 * German names read with their diacritics. Pages are read with the English model, which has no umlauts or ß:
 * `Müller` comes out as `Muller`, `SÜD` as `SUD`, `Bäckerei` as `Béackerei`, `Straße` as `StraBe`. On a page
 * whose text says German ({@link germanEvidence}) the line(s) the company name is read from are read again
 * with the German model (`deu`), and a word of that reading replaces the English one only when the two are
 * the same word up to diacritics ({@link sameUpToDiacritics}) — the German model is trusted for the marks the
 * English one cannot print, not for the letters both can read.
 */
import type { BBox } from "./page/page.model.js";

/** The German letters the English model cannot print. */
const GERMAN_DIACRITIC = /[äöüÄÖÜß]/u;

/**
 * What the English model reads for each German letter it lacks (case-insensitive): the bare vowel, an
 * accented one, the vowel with an `é` or `e` glued on (`Béackerei`, `Moeller`), `0` for `ö`, `i` or `ii` for
 * `ü` (`Griinmarkt`, `Jirgen`); for `ß`, `ss`, `B`, `6`, `8`, `s`, `5`, `β` or `l` (`Weil`), all seen on the
 * generated German receipts.
 */
const ENGLISH_READINGS: Record<string, string> = {
  ä: "(?:[éèe]?[aáàâãåä]e?)",
  ö: "(?:[éèe]?[oóòôõøö0]e?)",
  ü: "(?:[éèe]?[uúùûüv]e?|ii?)",
  ß: "(?:ss|[bß685βl])",
};

/** True when `text` holds a letter only the German model reads (ä, ö, ü, ß). */
export function hasGermanDiacritic(text: string): boolean {
  return GERMAN_DIACRITIC.test(text);
}

/**
 * True when `german` (the German model's reading) and `english` (the English one) are the same text up to the
 * German letters the English model misses: every other character equal (case-insensitively), and each ä/ö/ü/ß
 * of the German reading read as one of its English readings ({@link ENGLISH_READINGS}). `Möller`/`Moller`,
 * `SÜD`/`SUD`, `Bäckerei`/`Béackerei`, `Straße`/`StraBe`, `Müller`/`Miiller` are;
 * `Müller`/`Maller` and `Mäller`/`Moller` are not.
 */
export function sameUpToDiacritics(german: string, english: string): boolean {
  const pattern = [...german.normalize("NFC")]
    .map((c) => ENGLISH_READINGS[c.toLowerCase()] ?? c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("");
  return new RegExp(`^${pattern}$`, "iu").test(english.normalize("NFC"));
}

/** A word of a reading, as the page model and a region re-read give it. */
export interface NameWord {
  text: string;
  confidence: number;
  box: BBox;
}

/** How much of the narrower of two boxes their horizontal overlap covers. */
function xOverlap(a: BBox, b: BBox): number {
  const inter = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const narrow = Math.min(a.x1 - a.x0, b.x1 - b.x0);
  return inter <= 0 || narrow <= 0 ? 0 : inter / narrow;
}

/**
 * The German reading of a name line merged into its English one, word by word: an English word overlapped by
 * exactly one German word (more than half of the narrower one, the German word centred on the English line's
 * row) that overlaps no other English word takes that word's text when it holds a German diacritic and is the
 * same word up to diacritics ({@link sameUpToDiacritics}), or — with `surer` (default) — is read clearly surer
 * (≥ 0.1 above the English word and ≥ 0.8) with no more digits: the English model garbles the letters around
 * an umlaut it cannot read (`Drogeriemirkte`, `Backerel` for `Drogeriemärkte`, `Bäckerei`), read unsure. Its
 * box stays, its confidence is the surer of the two. Every other word keeps its English reading. Returns the
 * indices of the words changed and the merged words.
 */
export function mergeGermanReading(english: readonly NameWord[], german: readonly NameWord[], surer = true): { changed: number[]; words: NameWord[] } {
  if (english.length === 0) return { changed: [], words: [] };
  const row = { y0: Math.min(...english.map((w) => w.box.y0)), y1: Math.max(...english.map((w) => w.box.y1)) };
  const onRow = german.filter((w) => {
    const centre = (w.box.y0 + w.box.y1) / 2;
    return centre >= row.y0 && centre <= row.y1 && w.text.trim() !== "";
  });
  const changed: number[] = [];
  const words = english.map((w, i) => {
    const over = onRow.filter((g) => xOverlap(w.box, g.box) > 0.5);
    const g = over.length === 1 ? over[0] : undefined;
    if (!g || english.filter((e) => xOverlap(e.box, g.box) > 0.5).length !== 1) return w;
    const digits = (t: string) => t.match(/\d/g)?.length ?? 0;
    const clearlySurer = surer && g.confidence >= Math.max(w.confidence + 0.1, 0.8) && digits(g.text) <= digits(w.text);
    if (g.text === w.text || !hasGermanDiacritic(g.text) || !(sameUpToDiacritics(g.text, w.text) || clearlySurer)) return w;
    changed.push(i);
    return { text: g.text, confidence: Math.max(w.confidence, g.confidence), box: w.box };
  });
  return { changed, words };
}
