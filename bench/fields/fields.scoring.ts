/**
 * Scoring rules of the field evaluation, shared by `npm run eval:fields` and
 * the corpus test:
 * - amounts: compared as numbers (within half a cent);
 * - dates: both sides normalised to YYYY-MM-DD; ground truth read day-first
 *   unless that is impossible (`12/28/2017`), two-digit years are 20xx,
 *   month names (`05 MAR 2018`, `14/MAY/2017`), ISO and compact (`20180428`) dates accepted;
 * - names (company, issuer): upper-cased, everything but letters and digits
 *   removed; right when equal, when one contains the other and the shorter is at
 *   least 60 % of the longer (`Amazon Web Services` vs `Amazon Web Services, Inc.`),
 *   or when the edit distance is at most 10 % of the longer (OCR slips);
 * - identifiers (invoice number, VAT id): upper-cased without spaces, `#` and punctuation, compared exactly.
 */
import { editDistance } from "../../src/common/edit-distance.js";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Ground-truth date in any of the corpus' formats → YYYY-MM-DD, or null. */
export function truthDate(raw: string): string | null {
  const s = raw.trim();
  const year = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));
  const iso = (y: number, m: number, d: number): string | null =>
    m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` : null;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[\s./-]*([A-Za-z]{3})[A-Za-z]*[\s.,/-]*(\d{2,4})$/.exec(s);
  if (m) return iso(year(m[3] ?? ""), MONTHS.indexOf((m[2] ?? "").toUpperCase()) + 1, Number(m[1]));
  m = /^([A-Za-z]{3})[A-Za-z]*[\s.-]*(\d{1,2}),?[\s.-]*(\d{2,4})$/.exec(s);
  if (m) return iso(year(m[3] ?? ""), MONTHS.indexOf((m[1] ?? "").toUpperCase()) + 1, Number(m[2]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(s);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return b > 12 ? iso(year(m[3] ?? ""), a, b) : iso(year(m[3] ?? ""), b, a);
}

/** Ground-truth amount as printed (`"$8.20"`, `"1,234.50"`) → number. */
export function truthAmount(raw: string | number): number {
  if (typeof raw === "number") return raw;
  return Number(raw.replace(/[^\d.,-]/g, "").replace(/,(?=\d{3}\b)/g, "").replace(",", "."));
}

/** Character accuracy of `ocr` against `truth`: 1 − edit distance / truth length (whitespace collapsed). */
export function charAccuracy(ocr: string, truth: string): number {
  const a = ocr.replace(/\s+/g, " ").trim();
  const b = truth.replace(/\s+/g, " ").trim();
  if (b.length === 0) return a.length === 0 ? 1 : 0;
  return Math.max(0, 1 - editDistance(a, b) / b.length);
}

const norm = (s: string): string => s.toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");

/** Names match by the rule in this module's header. */
export function nameMatches(found: string | undefined, truth: string): boolean {
  if (!found) return false;
  const a = norm(found);
  const b = norm(truth);
  if (a === "" || b === "") return false;
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.includes(short) && short.length >= 0.6 * long.length) return true;
  return editDistance(a, b) <= 0.1 * long.length;
}

/** Identifiers match upper-cased without spaces, `#` and punctuation. */
export function idMatches(found: string | undefined, truth: string): boolean {
  return found !== undefined && norm(found) === norm(truth) && norm(truth) !== "";
}

/** Amounts match within half a cent. */
export function amountMatches(found: number | undefined, truth: number): boolean {
  return found !== undefined && Number.isFinite(truth) && Math.abs(found - truth) < 0.005;
}

/** An item line of an invoice's ground truth (invoice2data's `lines`; numbers may be written as strings). */
export interface TruthLine {
  name?: string;
  desc?: string;
  qty?: number | string;
  price?: number | string;
  price_unit?: number | string;
  price_subtotal?: number | string;
  line_note?: string;
}

/** A truth line's amount: its subtotal, else its (unit) price × quantity; null for a note without a price. */
export function truthLineAmount(l: TruthLine): number | null {
  const num = (v: number | string | undefined): number | null => (v === undefined || v === "" ? null : Number(v));
  const sub = num(l.price_subtotal);
  if (sub !== null) return sub;
  const price = num(l.price) ?? num(l.price_unit);
  return price === null ? null : cents(price * (num(l.qty) ?? 1));
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * Item-level matching of found line items against truth lines, one to one: an
 * item is right when its amount equals the truth line's (within half a cent)
 * and the truth's first description line is part of the item's description
 * (compared as {@link nameMatches} normalises: letters and digits, upper-cased).
 */
export function matchLineItems(found: readonly { description: string; amount: { amount: number } }[], truth: readonly TruthLine[]): { right: number; found: number; truth: number } {
  const lines = truth.filter((l) => truthLineAmount(l) !== null);
  const used = new Set<number>();
  let right = 0;
  for (const f of found) {
    const i = lines.findIndex((l, k) => {
      if (used.has(k) || !amountMatches(f.amount.amount, truthLineAmount(l) as number)) return false;
      const first = norm(((l.name ?? l.desc ?? "").split("\n")[0] ?? "").trim());
      return first !== "" && norm(f.description).includes(first);
    });
    if (i !== -1) {
      used.add(i);
      right += 1;
    }
  }
  return { right, found: found.length, truth: lines.length };
}

/** One judged field: how sure the extractor said it was, and whether it was right. */
export interface CalibrationPoint {
  confidence: number;
  right: boolean;
}

/**
 * The calibration table of the assignment confidence: per bin, how many fields and how many of them were right,
 * and the line the target is about (of the fields reported at ≥ 0.9, at least 95 % right).
 */
export function calibrationLines(points: readonly CalibrationPoint[]): string[] {
  const pct = (right: number, n: number): string => (n > 0 ? `${((100 * right) / n).toFixed(1)}%`.padStart(6) : "   -  ");
  const bins = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];
  const lines: string[] = [];
  for (let i = 0; i < bins.length - 1; i += 1) {
    const lo = bins[i] as number;
    const hi = bins[i + 1] as number;
    const inBin = points.filter((o) => o.confidence >= lo && o.confidence < hi);
    lines.push(`[${lo.toFixed(2)}, ${Math.min(1, hi).toFixed(2)}${hi > 1 ? "]" : ")"}  ${String(inBin.length).padStart(4)}  ${pct(inBin.filter((o) => o.right).length, inBin.length)}`);
  }
  const high = points.filter((o) => o.confidence >= 0.9);
  lines.push(`≥ 0.90: ${high.length} fields, ${pct(high.filter((o) => o.right).length, high.length)} right`);
  return lines;
}
