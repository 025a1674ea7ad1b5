import type { CountryCode } from "libphonenumber-js";
import type { DocumentType, ExtractedField } from "../extraction.types.js";

/**
 * Document-wide facts computed once from every page, so that each page-level
 * extractor can resolve ambiguities (currency, day/month order, phone region)
 * with evidence from the whole document rather than from a single page.
 */
export interface ExtractorContext {
  /** Type assigned by the classifier, when known; tunes a few heuristics (e.g. receipts). */
  documentType?: DocumentType;
  /** Anchor for chrono and for the "not too far in the future" plausibility check. */
  referenceDate: Date;
  /** ISO 4217 code seen most often in the document, used for amounts printed without one. */
  dominantCurrency: string | null;
  /** True when ambiguous numeric dates such as `03/04/2024` should be read month-first. */
  monthFirst: boolean;
  /** True when the document writes decimals with a comma (`12,50`). */
  decimalComma: boolean;
  /** Region used to interpret phone numbers written without an international prefix. */
  phoneCountry?: CountryCode;
}

/** Signature shared by every page-level extractor module. */
export type FieldExtractor = (page: string, pageNumber: number, ctx: ExtractorContext) => ExtractedField[];
