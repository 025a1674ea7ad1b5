import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import type { ExtractedField, FieldName } from "../extraction.types.js";
import { findLabelledValue, makeField, splitLines } from "./text.js";
import type { ExtractorContext } from "./types.js";

interface IdLabel {
  name: FieldName;
  re: RegExp;
  confidence: number;
}

/**
 * Labels and the field they introduce. Receipt, bill and document numbers are
 * deliberately `reference`, not `invoice_number`: they identify a till
 * transaction, and mixing them in would make `invoice_number` unreliable.
 * Order matters: the first label matching at a position wins.
 */
const LABELS: readonly IdLabel[] = [
  { name: "invoice_number", re: /\b(?:tax\s+)?invoice\s*(?:no|number|num|nr|#|id)\b\.?|\binv(?:oice)?\.?\s*(?:no\b\.?|#)|\brechnungs?(?:nr|nummer|-nr)\b\.?|\bfactuur(?:nummer|nr)\b\.?|\bfacture\s*n[°ºo]\.?|\bn[°º]\s*(?:de\s+)?facture\b|\bnum[ée]ro\s+de\s+facture\b|\bfactura\s*n[°ºo.]*|\bnumero\s+fattura\b/gi, confidence: 0.9 },
  { name: "order_number", re: /\b(?:purchase\s+)?order\s*(?:no|number|id|nr|#|ref(?:erence)?)\b\.?|\bord\.?\s*#|\bP\.?O\.?\s*(?:no\b\.?|number|#)|\bbestell(?:nummer|nr)\b\.?|\bordernummer\b|\bcommande\s*n[°ºo]\.?|\bn[°º]\s*de\s+commande\b/gi, confidence: 0.85 },
  { name: "reference", re: /\b(?:receipt|bill|doc(?:ument)?|transaction|trans|txn|ref(?:erence)?|c\/n|credit\s+note|cash\s+bill)\s*(?:no|number|nr|id|#)\b\.?|\breceipt\s*#|\bref(?:erence)?\b\.?|\bcash\s+bill\b|\bunser\s+zeichen\b|\bkenmerk\b|\bbetalingskenmerk\b/gi, confidence: 0.7 },
];

/** An identifier token: has a digit, may carry letters, dashes, slashes and underscores (`BLR_WFLD2015…`, `C1-0170778`). */
const ID_TOKEN = /(?<![\w-])#?\s?([A-Z0-9][A-Z0-9_\-/.]*\d[A-Z0-9_\-/]*|\d[A-Z0-9_\-/]*)(?![\w])/i;

/** Reads an identifier right after a label (at most 3 characters of punctuation in between). */
export function idMatcher(text: string, offset: number): { start: number; end: number; value: string } | null {
  const stripped = /^[\s:#.=\-–]*(?:n[°º]\s*)?/i.exec(text);
  const skip = stripped ? stripped[0].length : 0;
  // The value must follow the label closely; otherwise it belongs to something else on the line.
  const rest = text.slice(skip, skip + 40);
  const m = ID_TOKEN.exec(rest);
  if (!m || m.index === undefined || m.index > 3) return null;
  const token = (m[1] ?? "").replace(/[.\-/]+$/, "");
  if (token.length < 3 || !/\d/.test(token)) return null;
  // Times and dates next to "Date/Time" labels are not identifiers.
  if (/^\d{1,2}[:/.-]\d{1,2}(?:[:/.-]\d{2,4})?$/.test(token)) return null;
  const start = offset + skip + m.index + m[0].length - (m[1] ?? "").length;
  return { start, end: start + token.length, value: token.toUpperCase() };
}

/** EU VAT numbers written without a label (`DE123456789`, `NL810433941B01`); the label-less form needs a strict shape. */
const VAT_SHAPE =
  /\b(?:ATU\d{8}|BE[01]\d{9}|BG\d{9,10}|CY\d{8}[A-Z]|CZ\d{8,10}|DE\d{9}|DK\d{8}|EE\d{9}|EL\d{9}|ES[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|FR[A-HJ-NP-Z0-9]{2}\d{9}|GB(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})|HR\d{11}|HU\d{8}|IE\d[A-Z0-9+*]\d{5}[A-Z]{1,2}|IT\d{11}|LT(?:\d{9}|\d{12})|LU\d{8}|LV\d{11}|MT\d{8}|NL\d{9}B\d{2}|PL\d{10}|PT\d{9}|RO\d{2,10}|SE\d{12}|SI\d{8}|SK\d{10}|CHE[-\s]?\d{3}\.?\d{3}\.?\d{3}|\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z])\b/g;
// Longer labels first: at one position the first alternative that matches wins, and the generic one would stop
// after "TVA " in "TVA intracommunautaire" or after "USt-" in "USt-IdNr.".
const VAT_LABEL =
  /\bp\.?\s?iva\b\.?|\bpartita\s+iva\b|\bn[°º]\s*de\s+tva(?:\s+intra[-\s]?communautaire)?|\btva\s+intra[-\s]?communautaire|\bbtw[-\s]?(?:nummer|nr)\b\.?|\bust-?id(?:nr)?\b\.?|\bgstin\b|\bvat\/tin\b|\buid(?:-?nr)?\b\.?|\b(?:vat|gst|tva|btw|ust|mwst|iva|tax)[\s./-]*(?:reg(?:istration|\.)?\s*)?(?:id(?:entification)?(?:nr)?|no|nr|number|nummer|num)?\b\.?(?:\s*no\b\.?)?|\babn\b/gi;
/** A VAT number as printed after its label, possibly in space-separated groups (`DE 232 446 240`, `0010 9010 5344`). */
const VAT_VALUE = /^[\s:#.()-]*((?:CHE-?|ATU|[A-Z]{2}\s?)?\d[\dA-Z]*(?:[ .-]\d[\dA-Z]*)*)/i;

function extractVat(page: string, pageNumber: number): ExtractedField[] {
  const out: ExtractedField[] = [];
  for (const m of page.matchAll(VAT_LABEL)) {
    if (m.index === undefined) continue;
    // A bare "TAX"/"GST" label is weaker evidence than "VAT Reg No" or "UStId".
    const bare = /^(?:vat|gst|tax|iva|mwst)$/i.test(m[0].trim());
    const after = page.slice(m.index + m[0].length, m.index + m[0].length + 40).split("\n")[0] ?? "";
    const v = VAT_VALUE.exec(after);
    const group = v?.[1];
    if (!v || !group) continue;
    const value = group.replace(/[\s.-]/g, "").toUpperCase();
    const digits = value.replace(/\D/g, "").length;
    if (value.length < 8 || digits < 6 || value.length > 17) continue;
    const start = m.index + m[0].length + v[0].length - group.length;
    out.push(makeField("vat_id", page, pageNumber, start, start + group.length, value, (/^[A-Z]{2}/.test(value) ? 0.92 : 0.8) - (bare ? 0.2 : 0)));
  }
  for (const m of page.matchAll(VAT_SHAPE)) {
    if (m.index === undefined) continue;
    out.push(makeField("vat_id", page, pageNumber, m.index, m.index + m[0].length, m[0].toUpperCase(), 0.6));
  }
  return out;
}

/**
 * IBANs are often printed in groups of four, and a greedy pattern would also
 * swallow the next word; try every group boundary, longest first, and keep
 * the first that passes the checksum. Invalid checksums yield nothing.
 */
function extractIbans(page: string, pageNumber: number): ExtractedField[] {
  const out: ExtractedField[] = [];
  const re = /\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){10,32}/g;
  for (const m of page.matchAll(re)) {
    if (m.index === undefined) continue;
    const text = m[0];
    const ends: number[] = [];
    for (let i = text.length; i >= 14; i -= 1) if (i === text.length || /[ \u00a0]/.test(text[i] ?? "")) ends.push(i);
    for (const end of ends) {
      const candidate = electronicFormatIBAN(text.slice(0, end)) ?? "";
      if (isValidIBAN(candidate)) {
        const labelled = /\biban\b/i.test(page.slice(Math.max(0, m.index - 20), m.index));
        out.push(makeField("iban", page, pageNumber, m.index, m.index + end, candidate, labelled ? 0.97 : 0.9));
        break;
      }
    }
  }
  return out;
}

/**
 * Extracts `invoice_number`, `order_number`, `reference`, `vat_id` and `iban`
 * candidates. Numbers come from labels (same line, next line, or a stacked
 * label column); VAT ids also from their EU shape; IBANs are checksum-validated.
 */
export function extractIdentifiers(page: string, pageNumber: number, _ctx: ExtractorContext): ExtractedField[] {
  const lines = splitLines(page);
  const out: ExtractedField[] = [];
  // Label spans already used, so "Order Ref No" is not also read as a bare "Ref".
  const taken: [number, number][] = [];
  for (const line of lines) {
    for (const label of LABELS) {
      for (const m of line.text.matchAll(label.re)) {
        if (m.index === undefined) continue;
        const labelStart = line.start + m.index;
        const labelEnd = labelStart + m[0].length;
        if (taken.some(([a, b]) => labelStart < b && labelEnd > a)) continue;
        // Bare "Ref"/"Reference" is weak evidence; keep it lower than a numbered label.
        const weak = label.name === "reference" && /^ref(?:erence)?\.?$/i.test(m[0].trim());
        const found = findLabelledValue(lines, line.index, labelEnd, idMatcher, 3);
        if (!found) continue;
        taken.push([labelStart, labelEnd]);
        const conf = label.confidence - (weak ? 0.15 : 0) - 0.05 * found.distance;
        out.push(makeField(label.name, page, pageNumber, found.value.start, found.value.end, found.value.value, conf));
      }
    }
  }
  out.push(...extractVat(page, pageNumber), ...extractIbans(page, pageNumber));
  return out;
}
