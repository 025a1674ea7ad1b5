import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { FIELD_NAMES } from "../../extraction/extraction.types.js";
import { DocumentStatus, OcrModeOption, PageStatus, SetBy, StepStatus } from "./enums.js";
import { EventDetailsUnion, type EventDetailsValue } from "./event-detail.type.js";

/** A monetary amount. */
@ObjectType("Money", { description: "An amount with its ISO 4217 currency (null when the document does not say)." })
export class MoneyValue {
  @Field(() => Float)
  amount: number;

  @Field(() => String, { nullable: true })
  currency: string | null;
}

@ObjectType("BoundingBox", { description: "A box on a page in normalised coordinates: 0–1 of the page's width and height, origin top-left." })
export class BoundingBoxType {
  @Field(() => Float)
  x0: number;

  @Field(() => Float)
  y0: number;

  @Field(() => Float)
  x1: number;

  @Field(() => Float)
  y1: number;
}

@ObjectType("FieldCheck", {
  description:
    "An arithmetic check behind an amount: subtotal_plus_tax, tendered_minus_change, rounding, line_items_sum, rate_totals_sum (the per-tax-rate totals add up to it); printed_total for a total from an embedded e-invoice (expected: the XML's total, actual: the total printed on the page).",
})
export class FieldCheckType {
  @Field(() => String)
  name: string;

  @Field(() => Boolean)
  passed: boolean;

  @Field(() => Float, { description: "The field's amount." })
  expected: number;

  @Field(() => Float, { description: "What the other amounts add up to." })
  actual: number;
}

@ObjectType("FieldAlternative", { description: "A runner-up value of a field." })
export class FieldAlternativeType {
  @Field(() => String)
  raw: string;

  @Field(() => String)
  value: string;

  @Field(() => MoneyValue, { nullable: true })
  money: MoneyValue | null;

  @Field(() => Float)
  confidence: number;

  @Field(() => Int)
  page: number;

  @Field(() => BoundingBoxType, { nullable: true })
  box: BoundingBoxType | null;
}

/** Every field name the extractors produce, from the one list they use, so the schema cannot fall behind. */
const FIELD_NAME_DESCRIPTION = `One of: ${FIELD_NAMES.join(", ")}. vat_id is the issuer's tax or VAT registration id of any scheme (EU VAT, GB, CHE, ABN, GST/HST, GSTIN, NIF/CIF, EIN).`;

@ObjectType("ExtractedField", { description: "A field found in the document, with where it was found." })
export class ExtractedFieldType {
  @Field(() => String, { description: FIELD_NAME_DESCRIPTION })
  name: string;

  @Field(() => String, { description: "The text exactly as it appears on the page." })
  raw: string;

  @Field(() => String, { description: "Normalised value as text: dates YYYY-MM-DD, amounts like 273.13, identifiers without spaces." })
  value: string;

  @Field(() => MoneyValue, { nullable: true, description: "Set for amounts." })
  money: MoneyValue | null;

  @Field(() => Float, { description: "How sure the assignment is (this value is this field), in [0, 1]; calibrated so that of the fields at ≥ 0.9 at least 95 % are right on the evaluation corpus." })
  confidence: number;

  @Field(() => Float, { nullable: true, description: "How sure the reading is: mean OCR confidence of the value's words (1 for a PDF text layer)." })
  ocrConfidence: number | null;

  @Field(() => Int, { description: "1-based page." })
  page: number;

  @Field(() => BoundingBoxType, { nullable: true, description: "Where the value is on the page; null when the page had no geometry." })
  box: BoundingBoxType | null;

  @Field(() => [FieldAlternativeType], { description: "Other values found for this field, best first." })
  alternatives: FieldAlternativeType[];

  @Field(() => [FieldCheckType], { description: "Arithmetic checks behind an amount (empty for other fields)." })
  checks: FieldCheckType[];

  @Field(() => ID, { nullable: true, description: "Set when the value was read where a person's correction of an earlier document of the same issuer taught Folio to look: that document's id." })
  learnedFrom: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Set when the value comes from a machine-readable invoice embedded in the PDF (Factur-X/ZUGFeRD/XRechnung CII or UBL XML): that attachment's file name. Such values win over the page's readings (kept in `alternatives`); page and box are where the same value is printed.",
  })
  embeddedFrom: string | null;

  @Field(() => Int, { description: "Character offset into the page's text (0 with `end` 0 for a person's value not found on the page)." })
  start: number;

  @Field(() => Int, { description: "Exclusive end offset." })
  end: number;

  @Field(() => SetBy, { description: "MACHINE: the extractors' reading; PERSON: a correction (correctField), with the machine's reading in `machine`." })
  setBy: SetBy;

  @Field(() => ID, { nullable: true, description: "Who corrected the field (a user id), for a person's value." })
  correctedBy: string | null;

  @Field(() => Date, { nullable: true, description: "When the field was corrected, for a person's value." })
  correctedAt: Date | null;

  @Field(() => FieldAlternativeType, { nullable: true, description: "For a person's value: what the machine had read (null when it found nothing or the value is the machine's)." })
  machine: FieldAlternativeType | null;
}

@ObjectType("TypeCorrection", { description: "A document type set by a person (correctDocumentType)." })
export class TypeCorrectionType {
  @Field(() => String)
  type: string;

  @Field(() => String, { nullable: true, description: "The classifier's type." })
  machineType: string | null;

  @Field(() => ID)
  correctedBy: string;

  @Field(() => Date)
  correctedAt: Date;
}

@ObjectType("LineItem", { description: "One line of a receipt's or invoice's item list, with where it is printed." })
export class LineItemType {
  @Field(() => String, { description: "As printed; a description printed over several rows keeps one row per line. Empty when the row names nothing." })
  description: string;

  @Field(() => Float, { nullable: true, description: "The count, when printed." })
  quantity: number | null;

  @Field(() => MoneyValue, { nullable: true, description: "Price of one unit, when printed." })
  unitPrice: MoneyValue | null;

  @Field(() => MoneyValue, { description: "The line's amount (negative for a discount line)." })
  amount: MoneyValue;

  @Field(() => Int, { description: "1-based page." })
  page: number;

  @Field(() => BoundingBoxType, { nullable: true, description: "The item's words (description rows included) on the page; null when the page had no geometry." })
  box: BoundingBoxType | null;

  @Field(() => Float, { description: "How sure the reading is, in [0, 1]: a table heading, a quantity × unit price that gives the amount and items that add up to the total raise it." })
  confidence: number;
}

@ObjectType("ProcessingStep", { description: "One step of a document's pipeline: its current state." })
export class ProcessingStepType {
  @Field(() => String)
  name: string;

  @Field(() => Int)
  position: number;

  @Field(() => StepStatus)
  status: StepStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs: number | null;

  @Field(() => String, { nullable: true })
  errorCode: string | null;

  @Field(() => String, { nullable: true })
  errorMessage: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "A small summary of what the step produced." })
  output: Record<string, unknown> | null;
}

@ObjectType("DocumentPage", {
  description:
    "A page that needs OCR, recorded as soon as it is read (before the document completes): partial results for progressive display. The document's final text and result stay the source of truth.",
})
export class DocumentPageType {
  @Field(() => Int, { description: "1-based page number." })
  number: number;

  @Field(() => PageStatus)
  status: PageStatus;

  @Field(() => String, { nullable: true, description: "The page's OCR text, once DONE." })
  text: string | null;

  @Field(() => Float, { nullable: true, description: "Mean OCR confidence of the page in [0, 1]." })
  confidence: number | null;

  @Field(() => String, { nullable: true, description: "Why the page failed, when it did (a stable error code)." })
  errorCode: string | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;
}

@ObjectType("ProcessingEvent", { description: "An event of a document's processing history (append-only)." })
export class ProcessingEventType {
  @Field(() => ID)
  documentId: string;

  @Field(() => Int, { description: "1, 2, 3… per document with no gaps; resume a subscription with afterSeq." })
  seq: number;

  @Field(() => String, { description: "document.queued, document.processing, document.completed, document.failed, document.cancelled, document.reprocess, document.page, document.corrected, step.started, step.progress, step.succeeded, step.skipped, step.failed" })
  type: string;

  @Field(() => String, { nullable: true })
  step: string | null;

  @Field(() => String, { description: "Step status for step events, document status for document events." })
  status: string;

  @Field(() => DocumentStatus, { description: "The document's status after this event." })
  documentStatus: DocumentStatus;

  @Field(() => Int, { description: "Overall progress 0–100." })
  progress: number;

  @Field(() => Float, { nullable: true, description: "Progress of the step in [0, 1]." })
  stepProgress: number | null;

  @Field(() => String, { nullable: true })
  message: string | null;

  @Field(() => GraphQLJSONObject, { description: "The event's detail as untyped JSON; `details` has the same, typed." })
  detail: Record<string, unknown>;

  @Field(() => EventDetailsUnion, {
    nullable: true,
    description: "The detail typed by event type (step.failed → StepFailedDetail, …). Null for step.progress, which carries none, and for an event logged before its type had a fixed shape.",
  })
  details: EventDetailsValue | null;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType({ description: "A slice of the document's extracted text." })
export class DocumentText {
  @Field(() => String)
  content: string;

  @Field(() => Int)
  offset: number;

  @Field(() => Int, { description: "Length of the whole text, in characters (Unicode code points, as `offset` and `limit` count)." })
  totalLength: number;

  @Field(() => Boolean, { description: "True when more text follows this slice." })
  truncated: boolean;
}

@ObjectType({ description: "Time-limited links to the stored files." })
export class DocumentDownloads {
  @Field(() => String)
  original: string;

  @Field(() => String, { nullable: true, description: "The processed text (pages separated by form feeds)." })
  text: string | null;

  @Field(() => String, { nullable: true, description: "The result JSON: type, confidence, fields, summary, per-page text, timings." })
  result: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The original's pages with the OCR text as an invisible, selectable and searchable layer; null when no page needed OCR, SEARCHABLE_PDF is off or its step failed (see the searchable_pdf step).",
  })
  searchablePdf: string | null;

  @Field(() => Date)
  expiresAt: Date;
}

@ObjectType("Document", { description: "An uploaded document and what Folio learned from it." })
export class DocumentType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  ownerId: string;

  @Field(() => String, { description: "The filename as uploaded." })
  filename: string;

  @Field(() => String, { nullable: true, description: "The content type the client declared." })
  declaredContentType: string | null;

  @Field(() => String, { nullable: true, description: "The content type judged from the file's content." })
  detectedContentType: string | null;

  @Field(() => Float)
  sizeBytes: number;

  @Field(() => DocumentStatus)
  status: DocumentStatus;

  @Field(() => Boolean, { description: "Uploaded with autoProcess: false and not yet released with processDocument." })
  held: boolean;

  @Field(() => OcrModeOption, { nullable: true, description: "This document's OCR mode, asked at upload or reprocessing; null: the server's OCR_MODE." })
  ocrMode: OcrModeOption | null;

  @Field(() => Int)
  progress: number;

  @Field(() => String, { nullable: true })
  currentStep: string | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true, description: "invoice, receipt, contract, bank_statement, letter, form, id_document, resume or other." })
  documentType: string | null;

  @Field(() => Float, { nullable: true })
  typeConfidence: number | null;

  @Field(() => [ExtractedFieldType])
  fields: ExtractedFieldType[];

  @Field(() => [LineItemType], { description: "Line items of a receipt or invoice, top to bottom; their sum is the total's line_items_sum check." })
  lineItems: LineItemType[];

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => Int, { nullable: true })
  pageCount: number | null;

  @Field(() => String, { nullable: true })
  errorCode: string | null;

  @Field(() => String, { nullable: true })
  errorMessage: string | null;

  @Field(() => [String])
  labels: string[];

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Int, { nullable: true, description: "Wall time of the last processing run." })
  processingMs: number | null;
}
