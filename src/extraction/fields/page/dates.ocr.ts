/**
 * Numeric dates as OCR misreads them, for OCR'd pages where the strict date
 * parsers find nothing usable: a look-alike letter for a digit ("2l/07/2017",
 * "O3/06/2017"), the first separator lost ("2107/2017"), a space inside the
 * year ("29/12/201 7"). Every reading is validated (day 1–31, month 1–12, a
 * year in a plausible range) and read day-first unless only month-first is
 * possible or the document writes month-first.
 */

/** A date read from a misreading: its span in the page text and its ISO value. */
export interface MisreadDate {
  start: number;
  end: number;
  iso: string;
}

const AS_DIGIT: Record<string, string> = { O: "0", o: "0", D: "0", Q: "0", "¢": "0", "©": "0", l: "1", I: "1", "|": "1", i: "1", Z: "2", z: "2", S: "5", B: "8" };

/**
 * Misreadings, in the look-alike-mapped text. Groups: day, first separator
 * ("" when lost), month, year, and the year's last digit when split off.
 * `repair` marks patterns whose match is a misreading even when every
 * character reads as printed.
 */
const PATTERNS: readonly { re: RegExp; repair?: "always" | "month_tens" | "separators" }[] = [
  // Day/month with look-alikes ("2l/07/2017").
  { re: /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])/g },
  // The first separator lost ("2107/2017").
  { re: /(?<![\d/.-])(\d{2})()(\d{2})[/.-](\d{4})(?![\d/.-])/g },
  // The year split by a space ("29/12/201 7").
  { re: /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{3})\s(\d)(?![\d/.-])/g },
  // The first slash read as a 7 or a 1 ("11709/2017").
  { re: /(?<![\d/.-])(\d{2})[71]()(\d{2})\/(\d{4})(?![\d/.-])/g, repair: "always" },
  // A month's leading 0 read as another digit ("25/29/2017"): only where neither order makes a date as printed.
  { re: /(?<![\d/.-])(\d{1,2})([/.-])[2-9](\d)\2(\d{4})(?![\d/.-])/g, repair: "month_tens" },
  // Separators misread or spaced apart before a time of day ("12: 01-19 21:13", "12.03 .24 14:35").
  { re: /(?<![\d/.:-])(\d{1,2})(\s?[:;,./-]\s?)(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})(?=\s+\d{1,2}\s?[:.]\s?\d{2}(?!\d))/g, repair: "separators" },
];

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * Dates in `text` that only read as dates with look-alikes mapped, a separator
 * restored or a year joined; spans that already read as a date as printed are
 * left to the strict parsers.
 */
export function findMisreadDates(text: string, opts: { monthFirst: boolean; minYear: number; maxYear: number }): MisreadDate[] {
  // Look-alikes are mapped only next to digits, so words stay words; the mapped text keeps every offset.
  // A two-letter run that opens a token is mapped whole ("IB-11-18" for 18-11-18: both of the day's digits misread).
  const mapped = text
    .replace(/(?<![\p{L}\p{N}])[OoDQlI|iZzSB¢©]{2}(?=[/.-]\d)/gu, (run) => [...run].map((c) => AS_DIGIT[c] ?? c).join(""))
    .replace(/(?<=[\d/.-])[OoDQlI|iZzSB¢©]|[OoDQlI|iZzSB¢©](?=[\d/.-])/g, (c) => AS_DIGIT[c] ?? c);
  const out: MisreadDate[] = [];
  for (const { re, repair } of PATTERNS) {
    for (const m of mapped.matchAll(re)) {
      if (m.index === undefined) continue;
      const printed = text.slice(m.index, m.index + m[0].length);
      const repaired = printed !== m[0] || m[2] === "" || m[5] !== undefined || repair !== undefined;
      if (!repaired) continue;
      if (repair === "month_tens" && readsAsPrinted(m[0])) continue;
      // A date printed with one separator twice and no spaces is the strict parsers' to read.
      if (repair === "separators" && /^\d{1,2}([/.-])\d{1,2}\1(?:\d{2}|\d{4})$/.test(printed)) continue;
      const yearText = m[5] !== undefined ? `${m[4]}${m[5]}` : (m[4] as string);
      const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
      if (year < opts.minYear || year > opts.maxYear) continue;
      const a = Number(m[1]);
      const b = Number(m[3]);
      const dayFirst = a >= 1 && a <= 31 && b >= 1 && b <= 12;
      const monthFirst = a >= 1 && a <= 12 && b >= 1 && b <= 31;
      if (!dayFirst && !monthFirst) continue;
      const [d, mo] = dayFirst && !(opts.monthFirst && monthFirst) ? [a, b] : [b, a];
      if (out.some((o) => m.index! < o.end && m.index! + m[0].length > o.start)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, iso: iso(year, mo, d) });
    }
  }
  const push = (start: number, length: number, year: number, mo: number, d: number): void => {
    if (year < opts.minYear || year > opts.maxYear || mo < 1 || mo > 12 || d < 1 || d > 31) return;
    if (out.some((o) => start < o.end && start + length > o.start)) return;
    out.push({ start, end: start + length, iso: iso(year, mo, d) });
  };
  // A day's or month's leading 0 read as a 6, 8 or 9 (thermal printers' dotted or slashed zero): "61.05.2024",
  // "89.07.2023", "62.87.2023". Only where the date reads as none as printed.
  for (const m of mapped.matchAll(/(?<![\d/.-])(\d{2})([/.-])(\d{2})\2(\d{4}|\d{2})(?![\d/.-])/g)) {
    if (m.index === undefined || readsAsPrinted(m[0])) continue;
    // The year's 0 misread the same way ("2824" for 2024).
    const yearText = (m[4] as string).replace(/^2[689](?=\d{2}$)/, "20");
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    push(m.index, m[0].length, year, zeroTens(m[3] as string, 12), zeroTens(m[1] as string, 31));
  }
  // The fiscal module's ISO timestamp ("2024-05-01T07:15:26") with its T read as a 7 or a 1, its zeros as above.
  for (const m of mapped.matchAll(/(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?=([T71])\s?\d{2}\s?:)/g)) {
    if (m.index === undefined) continue;
    const mo = zeroTens(m[2] as string, 12);
    const d = zeroTens(m[3] as string, 31);
    if (m[4] === "T" && mo === Number(m[2]) && d === Number(m[3])) continue;
    push(m.index, m[0].length, Number(m[1]), mo, d);
  }
  return out.sort((x, y) => x.start - y.start);
}

/** A two-digit day or month above `max` whose tens digit is a misread 0 (6, 8, 9) → its units; else as printed. */
function zeroTens(two: string, max: number): number {
  const n = Number(two);
  return n > max && /^[689][1-9]$/.test(two) ? Number(two[1]) : n;
}

/** True when a numeric date reads as a valid date as printed, day-first or month-first. */
function readsAsPrinted(date: string): boolean {
  const [a, b] = date.split(/[/.-]/).map(Number) as [number, number];
  return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31);
}

/**
 * Digits OCR reads for a fuller digit when part of its ink is lost (faint thermal print): key the digit read, value
 * the digits it is a thinner reading of. Measured on the tuning half of the shared receipts (OCR lines against
 * their ground truth): 8 read as 3 four times and 3 as 8 never, 9 as 3 twice and never back, 8 as 6 seven times
 * against three, 6 as 4 nine times and never back; 5 was read for 6, 8 and 9 ten times, and 6, 8 or 9 for 5 three.
 */
const THINNER_READING: Readonly<Record<string, string>> = { "3": "89", "6": "8", "4": "69", "5": "689" };

/**
 * Of two readings of one date (ISO `YYYY-MM-DD`) that differ in a single digit, the one printed with the fuller
 * digit when the other's digit is its usual ink-lost misreading (`2017-03-30` vs `2017-08-30` → the 8's); null
 * when they differ otherwise or the pair is no such misreading.
 */
export function fullerDateReading(a: string, b: string): string | null {
  if (a.length !== b.length) return null;
  const diff = [...a].flatMap((c, i) => (c !== b[i] ? [i] : []));
  if (diff.length !== 1) return null;
  const [x, y] = [a[diff[0] as number] as string, b[diff[0] as number] as string];
  if (!/\d/.test(x) || !/\d/.test(y)) return null;
  if (THINNER_READING[y]?.includes(x)) return a;
  if (THINNER_READING[x]?.includes(y)) return b;
  return null;
}
