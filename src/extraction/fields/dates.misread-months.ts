/**
 * Month names as a scan's OCR misreads them in a written date ("24. Marz 2025", "26. Miirz 2024", "11 aofit 2024",
 * "11 ao(t 2024"): the English model drops or splits the diacritics of März, février, août, décembre, and reads a
 * letter or two wrong. Between a day and a four-digit year a word that is not a month itself but at most one edit
 * from exactly one month name (two for words of five letters or more; the first letter right) is that month.
 *
 * The result is a view of the text of the same length (offsets stay put): the month written as its English
 * three-letter abbreviation padded with spaces, and the day's full stop as a space, for the day-first English
 * parser to read.
 */
import { editDistance } from "../../common/edit-distance.js";

/** Month names of the languages dates are read in (chrono's), lower case, with and without their diacritics. */
const MONTHS: readonly (readonly [string, number])[] = [
  ...["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].map((n, i) => [n, i] as const),
  ...["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"].map((n, i) => [n, i] as const),
  ...["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"].map((n, i) => [n, i] as const),
  ...["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"].map((n, i) => [n, i] as const),
  ...["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"].map((n, i) => [n, i] as const),
  ...["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"].map((n, i) => [n, i] as const),
];
const EXACT = new Set(MONTHS.map(([n]) => n));
const ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A day, a word of 3–10 letters or marks OCR reads for letters, and a four-digit year. */
const WRITTEN_DATE = /(?<![\p{L}\d])(\d{1,2})(\.?)(\s+)(\p{L}[\p{L}(|!]{2,9})(\s+)(\d{4})(?!\d)/gu;

/** The month (0–11) `word` is a misreading of, or null: a month as printed, an ambiguous or too distant word, none. */
export function misreadMonth(word: string): number | null {
  const w = word.toLowerCase();
  if (EXACT.has(w)) return null;
  const allowed = w.length >= 5 ? 2 : 1;
  let best: number | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const [name, month] of MONTHS) {
    if (name[0] !== w[0] || name.length < 4) continue;
    const d = editDistance(w, name);
    if (d > allowed) continue;
    if (d < bestDistance) [best, bestDistance, tie] = [month, d, false];
    else if (d === bestDistance && month !== best) tie = true;
  }
  return tie ? null : best;
}

/** `text` with misread month names of written dates as English abbreviations, same length (see the module comment). */
export function withReadableMonths(text: string): string {
  return text.replace(WRITTEN_DATE, (m, day: string, dot: string, gap: string, word: string, gap2: string, year: string) => {
    const month = misreadMonth(word);
    if (month === null) return m;
    return `${day}${dot ? " " : ""}${gap}${(ABBREVIATIONS[month] as string).padEnd(word.length, " ")}${gap2}${year}`;
  });
}
