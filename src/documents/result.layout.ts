/**
 * The result JSON in storage: one builder for the finalize step (a run's
 * output) and for the correction service (the same file rebuilt with a
 * person's corrections), so both write the same layout.
 */
import { Readable } from "node:stream";
import type { ClassificationCue, DocumentType, ExtractedField, LineItem } from "../extraction/extraction.types.js";
import type { PageModel } from "../extraction/page/page.model.js";
import type { ObjectStore } from "../storage/object-store.js";

/** Version of the result JSON layout, so consumers can tell layouts apart (2: page models; 3: `lineItems`). */
export const RESULT_SCHEMA_VERSION = 3;

/** What a run read from the file itself: unchanged by corrections. */
export interface ResultSource {
  documentId: string;
  filename: string;
  sha256: string;
  contentType: string | null;
  /** Every page with its text and (version 2) its model: blocks → lines → words with boxes, confidences and spans into `text`. */
  pages: { page: number; text: string; model: PageModel | null }[];
  ocr: { pages: number[]; meanConfidence: number | null } | null;
  /** The machine's classification: every type's score and the cues that fired. */
  classification: { scores: { type: DocumentType; score: number }[]; cues: ClassificationCue[] } | null;
  /** The line items of a receipt or invoice (description, quantity, unit price, amount, page, box). */
  lineItems: LineItem[];
  /** The searchable PDF beside this result (`downloads.searchablePdf`), when the step made one. */
  searchablePdf: { textLayerPages: number[]; bytes: number } | null;
  timingsMs: Record<string, number>;
  processedAt: string;
}

/** A person's document type, as the result shows it. */
export interface ResultTypeCorrection {
  type: DocumentType;
  /** The classifier's type (null when it had none). */
  machineType: DocumentType | null;
  correctedBy: string;
  correctedAt: string;
}

/** What the document says: the machine's reading with people's corrections applied. */
export interface ResultReading {
  type: DocumentType | null;
  confidence: number | null;
  /** Fields a person corrected carry `setBy: "person"` and the machine's reading in `machine`. */
  fields: ExtractedField[];
  summary: string | null;
  typeCorrection: ResultTypeCorrection | null;
  /** When a person last corrected the document (ISO 8601), or null. */
  correctedAt: string | null;
}

/** The stored result JSON. */
export type ResultDocument = ReturnType<typeof buildResult>;

/**
 * Build the result JSON from what the run read and what the document says.
 * Key order is part of the layout (people read these files).
 */
export function buildResult(source: ResultSource, reading: ResultReading) {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    documentId: source.documentId,
    filename: source.filename,
    sha256: source.sha256,
    contentType: source.contentType,
    pageCount: source.pages.length,
    type: reading.type,
    confidence: reading.confidence,
    classification: source.classification,
    typeCorrection: reading.typeCorrection,
    fields: reading.fields,
    lineItems: source.lineItems,
    summary: reading.summary,
    ocr: source.ocr,
    searchablePdf: source.searchablePdf,
    pages: source.pages,
    timingsMs: source.timingsMs,
    processedAt: source.processedAt,
    correctedAt: reading.correctedAt,
  };
}

/** Oldest layout a correction can rebuild: version 2 has every part but `lineItems`, which it did not know (none). */
const OLDEST_REBUILDABLE_VERSION = 2;

/**
 * What a stored result JSON says about the file itself (the parts corrections
 * leave alone), or null when it is not a result JSON of a layout this builder
 * can rewrite (versions 2 and up; a rewritten file has the current version).
 */
export function resultSourceOf(stored: unknown): ResultSource | null {
  if (typeof stored !== "object" || stored === null) return null;
  const r = stored as Partial<Omit<ResultDocument, "schemaVersion">> & { schemaVersion?: unknown };
  const version = typeof r.schemaVersion === "number" ? r.schemaVersion : 0;
  if (version < OLDEST_REBUILDABLE_VERSION || version > RESULT_SCHEMA_VERSION || typeof r.documentId !== "string" || !Array.isArray(r.pages)) return null;
  return {
    documentId: r.documentId,
    filename: r.filename ?? "",
    sha256: r.sha256 ?? "",
    contentType: r.contentType ?? null,
    pages: r.pages,
    ocr: r.ocr ?? null,
    classification: r.classification ?? null,
    lineItems: r.lineItems ?? [],
    searchablePdf: r.searchablePdf ?? null,
    timingsMs: r.timingsMs ?? {},
    processedAt: r.processedAt ?? new Date(0).toISOString(),
  };
}

/** Write the result JSON (pretty-printed, as people read it) under `key`; `maxBytes` is a backstop against runaway JSON. */
export async function storeResult(store: ObjectStore, key: string, result: ResultDocument, maxBytes: number): Promise<number> {
  return writeResultJson(store, key, result, maxBytes);
}

/**
 * Write any result JSON exactly as {@link storeResult} lays it out: also used to
 * put back a result read earlier (of whatever layout), so a restored file is
 * byte-for-byte what a store would have written. `maxBytes` undefined: no backstop.
 */
export async function writeResultJson(store: ObjectStore, key: string, json: unknown, maxBytes?: number): Promise<number> {
  const bytes = Buffer.from(JSON.stringify(json, null, 2), "utf8");
  await store.put(key, Readable.from([bytes]), { maxBytes: maxBytes ?? bytes.length, contentType: "application/json" });
  return bytes.length;
}

/** The backstop on a result JSON's size for a given text limit: the text several times over (pages, models) plus room for fields. */
export function maxResultBytes(maxTextChars: number): number {
  return maxTextChars * 8 + 1_000_000;
}

/** Read and parse a stored result JSON. */
export async function readResult(store: ObjectStore, key: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
}
