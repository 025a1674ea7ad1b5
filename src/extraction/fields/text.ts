import type { ExtractedField, FieldName, FieldValue } from "../extraction.types.js";

/** One line of a page with its offsets into the page text (`end` exclusive, newline excluded). */
export interface Line {
  text: string;
  start: number;
  end: number;
  /** 0-based line number within the page. */
  index: number;
}

/** Splits a page into lines, keeping offsets so every match can be mapped back to the page. */
export function splitLines(page: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  for (;;) {
    const nl = page.indexOf("\n", start);
    const end = nl === -1 ? page.length : nl;
    // Tolerate CRLF input without leaking "\r" into raw values.
    const trimmedEnd = end > start && page[end - 1] === "\r" ? end - 1 : end;
    lines.push({ text: page.slice(start, trimmedEnd), start, end: trimmedEnd, index });
    index += 1;
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

/** Clamps a score into the [0, 1] range every confidence must respect. */
export function clamp01(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(0, Math.min(1, Math.round(x * 1000) / 1000));
}

/**
 * Builds a field whose `raw` is taken from the page itself, so the
 * `raw === page.slice(start, end)` invariant holds by construction. Leading and
 * trailing whitespace is trimmed off the span first.
 */
export function makeField(
  name: FieldName,
  page: string,
  pageNumber: number,
  start: number,
  end: number,
  value: FieldValue,
  confidence: number,
): ExtractedField {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(page[s] ?? "")) s += 1;
  while (e > s && /\s/.test(page[e - 1] ?? "")) e -= 1;
  return { name, raw: page.slice(s, e), value, confidence: clamp01(confidence), page: pageNumber, start: s, end: e };
}

/** Collapses internal whitespace (including line breaks from OCR) into single spaces. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** True when a line carries nothing but punctuation or a currency marker, i.e. it neither labels nor holds a value. */
export function isFillerLine(text: string): boolean {
  return /^[\s:=.\-*#|()]*(?:(?:RM|USD|EUR|MYR|GBP|INR|Rs\.?|A|S|T)\s*)?[\s:=.\-*#|()$€£¥₹]*$/i.test(text);
}

/** Outcome of looking for the value that belongs to a label. */
export interface LabelledValue<T> {
  value: T;
  line: Line;
  /** How many lines below the label the value was found (0 = same line). */
  distance: number;
}

/**
 * Finds the value belonging to a label on `lines[labelLine]`, coping with the
 * layouts OCR and PDF text extraction produce: the value on the same line after
 * the label, on one of the next lines, or, when several labels are stacked
 * above a column of values, the value at the same position in that column.
 * `match` returns the value found in a piece of text, or null.
 */
export function findLabelledValue<T>(
  lines: readonly Line[],
  labelLine: number,
  labelEnd: number,
  match: (text: string, offset: number) => T | null,
  maxLines = 6,
): LabelledValue<T> | null {
  const line = lines[labelLine];
  if (!line) return null;
  const rest = line.text.slice(labelEnd - line.start);
  const same = match(rest, labelEnd);
  if (same !== null) return { value: same, line, distance: 0 };

  // Stacked layout: labels listed one per line above a column of values.
  // Count the labels stacked above and below ours, then pair by position.
  // Stacked labels share their formatting: with a colon-terminated label only
  // colon-terminated neighbours count, so a heading above is not mistaken for one.
  const colonStyle = /:\s*$/.test(line.text);
  const labelLike = (l: Line): boolean => {
    const t = l.text.trim();
    if (t === "" || isFillerLine(t)) return false;
    if (!/[A-Za-z]{2}/.test(t) || t.length > 48) return false;
    if (colonStyle && !/:$/.test(t)) return false;
    return !/\d/.test(t.replace(/\d+(?:[.,]\d+)?\s*%/g, "")) && match(l.text, l.start) === null;
  };
  let labelsBefore = 0;
  for (let j = labelLine - 1; j >= 0 && labelLine - j <= maxLines; j -= 1) {
    const l = lines[j];
    if (!l || l.text.trim() === "" || isFillerLine(l.text)) continue;
    if (!labelLike(l)) break;
    labelsBefore += 1;
  }
  let labelsAfter = 0;
  // Value slots in column order; a slot whose line does not hold our kind of value is null.
  const values: ({ value: T; line: Line } | null)[] = [];
  for (let j = labelLine + 1; j < lines.length && j <= labelLine + maxLines + labelsAfter + values.length; j += 1) {
    const l = lines[j];
    if (!l) break;
    const stacked = labelsBefore + labelsAfter > 0;
    // A blank line after the values have started ends the column (PDF text separates blocks so).
    if (l.text.trim() === "" && values.length > 0 && stacked) break;
    if (l.text.trim() === "" || isFillerLine(l.text)) continue;
    const v = match(l.text, l.start);
    if (v !== null) {
      values.push({ value: v, line: l });
      if (!stacked) break;
      continue;
    }
    if (values.length > 0) {
      if (stacked && !labelLike(l)) {
        values.push(null);
        continue;
      }
      break;
    }
    // Footnote-like lines (`*This is a computer generated invoice.`) sit between labels and values in PDF text.
    if (/^\s*\*/.test(l.text)) continue;
    if (!labelLike(l)) break;
    labelsAfter += 1;
    if (labelsAfter > 8) return null;
  }
  const stacked = labelsBefore + labelsAfter;
  // Only trust a column pairing when labels and values line up one to one.
  // The lines counted above may have been a heading ("Rechnung" over "Rechnungsnr."), so retry without them.
  let slot = labelsBefore;
  if (stacked > 0 && values.length !== stacked + 1) {
    if (labelsBefore === 0 || values.length !== labelsAfter + 1) return null;
    slot = 0;
  }
  const hit = values[slot];
  return hit ? { value: hit.value, line: hit.line, distance: hit.line.index - labelLine } : null;
}
