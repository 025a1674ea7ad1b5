/**
 * How far an amount as OCR printed it is from an amount the arithmetic
 * implies. OCR misreads digits as look-alike letters ("O" for 0, "S" or "$"
 * for 5, "l" for 1), as symbols it could not place ("30.%0", "3¢.60"), drops
 * or adds one ("19.3", "23.720"), and reads "RM" before the number in many
 * ways ("RH", "RY", "1M"). A reading within one edit of an amount, counting
 * look-alikes and unreadable symbols as partial edits, is taken as that
 * amount misread.
 */

/** Characters OCR confuses with each digit. */
const LOOK_ALIKES: Record<string, string> = {
  "0": "OoQDU", "1": "lIi|!JL", "2": "Zz", "3": "", "4": "A", "5": "Ss$", "6": "Gb", "7": "T", "8": "B&", "9": "gq",
};

/** A currency marker, misread or not, in front of the number: "RM", "RN", "RH", "RY", "1M", "M", "$", "€", "£". */
const PREFIX = /^(?:[R1I|]?[MNHY](?=[\dOoSsZz.,])|[$€£](?=\d)|[A-Z]{3}(?=\d))/;

function substitutionCost(printed: string, wanted: string): number {
  if (printed === wanted) return 0;
  if (/[.,]/.test(printed) && /[.,]/.test(wanted)) return 0;
  if (LOOK_ALIKES[wanted]?.includes(printed)) return 0.25;
  // A mark that is neither letter, digit nor separator is a digit OCR could not place.
  if (/\d/.test(wanted) && !/[\p{L}\p{N}.,\s]/u.test(printed)) return 0.5;
  return 1;
}

/** The reading as compared: no spaces, no currency marker in front, no trailing marks. */
export function normaliseReading(reading: string): string {
  const compact = reading.replace(/\s+/g, "").replace(/[^\p{L}\p{N}]+$/u, "").replace(/^[:=.*#-]+/, "");
  return compact.replace(PREFIX, "");
}

/** Weighted edit distance between a printed reading and `amount` written with two decimals. */
export function misreadDistance(reading: string, amount: number): number {
  const a = normaliseReading(reading);
  const b = Math.abs(amount).toFixed(2);
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + substitutionCost(a[i - 1] as string, b[j - 1] as string));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/** True when `reading` is `amount` as OCR may misread it (see the module comment); a reading needs a digit. */
export function readsAs(reading: string, amount: number): boolean {
  return /\d/.test(reading) && misreadDistance(reading, amount) <= 1;
}

/** Look-alike letters read back as the digit they stand for. */
const AS_DIGIT: Record<string, string> = { O: "0", o: "0", Q: "0", D: "0", l: "1", I: "1", "|": "1", i: "1", Z: "2", z: "2", S: "5", s: "5", B: "8", G: "6" };

/**
 * An amount whose reading did not parse, read with look-alike letters as the
 * digits they stand for ("1M28.05" → 28.05, "RMZ8.05" → 28.05, "l2.5O" →
 * 12.50). Only a reading that then has exactly the shape of money (two
 * decimals) counts; anything else stays unread.
 */
export function tolerantAmount(reading: string): number | null {
  const body = normaliseReading(reading).replace(/[OoQDlI|iZzSsBG]/g, (c) => AS_DIGIT[c] ?? c);
  const m = /^(-?)(\d{1,6})[.,](\d{2})$/.exec(body);
  if (!m) return null;
  return Number(`${m[1]}${m[2]}.${m[3]}`);
}

/**
 * An amount whose decimal point OCR read as a space ("86 00", "RH 41 50"): whole units, one space, two digits for
 * the cents, nothing else; null for any other reading.
 */
export function spacedDecimalAmount(reading: string): number | null {
  const m = /^(\d{1,6}) (\d{2})$/.exec(reading.trim().replace(/\s+/g, " "));
  return m ? Number(`${m[1]}.${m[2]}`) : null;
}

/** A rounding printed without its decimal point ("02", "-001"): the cents it adjusts by, or null. */
export function roundingCents(printed: string): number | null {
  const m = /^(-?)\s?0(\d{1,2})$/.exec(printed.replace(/^(?:RM|[$€£])\s?/i, "").trim());
  return m ? Number(`${m[1]}0.${(m[2] as string).padStart(2, "0")}`) : null;
}
