import { FIELD_NAMES, type DocumentType, type ExtractedField, type FieldName, type PageTexts } from "../extraction.types.js";
import { extractAmounts } from "./amounts.extractor.js";
import { buildContext } from "./context.js";
import { extractDates } from "./dates.extractor.js";
import { extractIdentifiers } from "./identifiers.extractor.js";
import { extractContacts } from "./contacts.extractor.js";
import { extractParties } from "./parties.extractor.js";
import type { FieldExtractor } from "./types.js";

export type { ExtractorContext, FieldExtractor } from "./types.js";
export { buildContext } from "./context.js";
export { extractDates } from "./dates.extractor.js";
export { extractAmounts } from "./amounts.extractor.js";
export { extractIdentifiers } from "./identifiers.extractor.js";
export { extractContacts } from "./contacts.extractor.js";
export { extractParties } from "./parties.extractor.js";
export { extractDocument, extractDocumentFields, type DocumentExtraction, type DocumentFieldsOptions } from "./page/document.fields.js";

/** Options of {@link extractFields}. */
export interface ExtractFieldsOptions {
  /** Classifier verdict, when known; some heuristics differ for receipts and invoices. */
  documentType?: DocumentType;
  /** "Now" for relative dates and the future-date plausibility check; defaults to the current time. */
  referenceDate?: Date;
}

/** The text-only extractors, in the order they run. */
export const EXTRACTORS: readonly FieldExtractor[] = [extractParties, extractDates, extractAmounts, extractIdentifiers, extractContacts];

/**
 * Extracts every field candidate from a document's pages. Candidates of the
 * same name may repeat with different confidences; the result is grouped by
 * field name (in {@link FIELD_NAMES} order) with the best candidate first, so
 * `fields.find((f) => f.name === "total")` is the best total.
 */
export function extractFields(pages: PageTexts, opts: ExtractFieldsOptions = {}): ExtractedField[] {
  const ctx = buildContext(pages, opts);
  const all: ExtractedField[] = [];
  pages.forEach((page, i) => {
    for (const extractor of EXTRACTORS) all.push(...extractor(page, i + 1, ctx));
  });
  return rank(dedupe(all));
}

/** The same span found twice (e.g. as a labelled and a fallback total) keeps only its best reading. */
function dedupe(fields: readonly ExtractedField[]): ExtractedField[] {
  const best = new Map<string, ExtractedField>();
  for (const f of fields) {
    const key = `${f.name}|${f.page}|${f.start}|${f.end}`;
    const prev = best.get(key);
    if (!prev || f.confidence > prev.confidence) best.set(key, f);
  }
  return [...best.values()];
}

const ORDER: readonly FieldName[] = FIELD_NAMES;

function rank(fields: ExtractedField[]): ExtractedField[] {
  return fields.sort(
    (a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name) || b.confidence - a.confidence || a.page - b.page || a.start - b.start,
  );
}

/** Returns the highest-confidence candidate of a field, or undefined when none was found. */
export function bestField(fields: readonly ExtractedField[], name: FieldName): ExtractedField | undefined {
  let best: ExtractedField | undefined;
  for (const f of fields) if (f.name === name && (!best || f.confidence > best.confidence)) best = f;
  return best;
}
