import type { ExtractedField, LineItem } from "../extraction/extraction.types.js";

/** Columns of the document a step may set (written with the step's status by `finishStep` or `writeSteps`). */
export interface DocumentPatch {
  detectedContentType?: string;
  pageCount?: number;
  documentType?: string;
  typeConfidence?: number;
  fields?: ExtractedField[];
  lineItems?: LineItem[];
  summary?: string;
  extractedText?: string;
  textKey?: string;
  resultKey?: string;
}
