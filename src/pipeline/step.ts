import type { PipelineLimits } from "../config/env.js";
import type { Classification, ExtractedField, LineItem } from "../extraction/extraction.types.js";
import type { LearningPort } from "../extraction/learning/learning.types.js";
import type { OcrPool } from "../extraction/ocr.adapter.js";
import { pageFromText } from "../extraction/page/page.builder.js";
import type { EmbeddedEInvoice } from "../extraction/einvoice/einvoice.types.js";
import type { PageModel } from "../extraction/page/page.model.js";
import type { Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";

import type { DocumentPatch } from "../documents/document.patch.js";
import { correctedReading as correctedReadingOf } from "../documents/corrected.reading.js";
import type { ResultReading } from "../documents/result.layout.js";
import { NO_CORRECTIONS, type DocumentCorrections } from "../extraction/fields/corrections.apply.js";
import type { StepName } from "../documents/step.names.js";

// The step names belong to the document's lifecycle (documents/); steps and their callers keep importing them from here.
export { STEP_NAMES, isStepName, type StepName } from "../documents/step.names.js";

/** Kinds of input Folio processes. */
export type InputKind = "pdf" | "image";

/** What each step hands on to later steps (persisted, so a retry resumes after the last finished step). */
export interface StepDataMap {
  detect: { mime: string; ext: string; kind: InputKind; width?: number; height?: number };
  /** `pages[i]` is `models[i].text`; `models` is missing in outputs persisted before page models existed. */
  /** `einvoice`: the first embedded e-invoice XML that parsed (absent in outputs persisted before e-invoices were read, null when none). */
  /** `ocrLayerPages`: pages whose text is an earlier OCR drawn invisibly, looked for only under `OCR_MODE=redo`. */
  extract_text: { pageCount: number; pages: string[]; models?: PageModel[]; einvoice?: EmbeddedEInvoice | null; ocrLayerPages?: number[] };
  /** All pages (OCR merged over the text layer), as texts and as page models. */
  ocr: { pages: string[]; models?: PageModel[]; ocrPages: number[]; meanConfidence: number | null };
  classify: Classification;
  /** `lineItems` is missing in outputs persisted before line items existed. */
  extract_fields: { fields: ExtractedField[]; lineItems?: LineItem[] };
  summarize: { summary: string };
  /** The searchable PDF written to storage (`key`), which pages got a text layer and its size. */
  searchable_pdf: { key: string; textLayerPages: number[]; bytes: number };
  finalize: { textKey: string; resultKey: string };
}

/** Columns of the document a step may set (the `finishStep` / `writeSteps` transitions write them with the step's status). */
export type { DocumentPatch } from "../documents/document.patch.js";

/** What a step returns; the runner persists it. */
export interface StepResult<N extends StepName = StepName> {
  /** `skipped` when the step does not apply (e.g. OCR of a PDF whose pages all have text). */
  status: "succeeded" | "skipped";
  /** One line for people, shown in the event log. */
  message?: string;
  /** Small, safe-to-show facts about the outcome (kept on the step row). */
  summary?: Record<string, unknown>;
  /** Data later steps read. */
  data?: StepDataMap[N];
  document?: DocumentPatch;
}

/**
 * What a step returns instead of a result when its work goes to page jobs
 * (BullMQ flow children any worker takes): the runner records the pages,
 * ends the run without finishing the step, and the document's job waits for
 * its children; the step runs again when they are done and merges them.
 */
export interface StepFanOut {
  status: "fan-out";
  /** Pages still to read, in order. */
  pages: number[];
  pageCount: number;
}

/** A page of the OCR step as recorded so far (see {@link StepPages}). */
export interface RecordedPage {
  page: number;
  status: "PENDING" | "DONE" | "FAILED";
  text: string | null;
  confidence: number | null;
  /** The page model the page's reader produced (null when none was stored). */
  model: PageModel | null;
  /** Why the page failed (an error code), when it did. */
  errorCode: string | null;
}

/** Pages as partial results: what the OCR step reads and writes page by page. */
export interface StepPages {
  /**
   * Pages needing OCR from which the step hands them to page jobs (fan-out)
   * rather than reading them itself; 0 when this run cannot fan out.
   */
  fanOutMinPages: number;
  /** Pages recorded so far for this document, in page order. */
  recorded(): Promise<RecordedPage[]>;
  /** Store a page the step just read and announce it (`document.page`), before the step finishes. */
  record(page: { page: number; pageCount: number; pagesTotal: number; text: string; confidence: number | null; model: PageModel }): Promise<void>;
}

/** The document as steps see it: read-only. */
export interface StepDocument {
  readonly id: string;
  readonly ownerId: string;
  readonly originalFilename: string;
  readonly declaredContentType: string | null;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly rawKey: string;
  readonly createdAt: Date;
  readonly processingStartedAt: Date;
  /** Password for an encrypted PDF, when the uploader gave one. */
  readonly pdfPassword?: string;
}

/** Everything a step may use. Steps never touch the step table, the event log or Redis. */
export interface StepContext {
  document: StepDocument;
  /** Data of the steps that already finished in this or an earlier attempt. */
  outputs: Readonly<Partial<StepDataMap>>;
  /** The original file's bytes (read once per run, bounded by the upload limit). */
  original(): Promise<Buffer>;
  store: ObjectStore;
  ocr: OcrPool;
  limits: PipelineLimits;
  logger: Logger;
  /** Aborted when the step times out, the document is cancelled or the worker must stop. */
  signal: AbortSignal;
  /** Report progress within the step, in [0, 1], with an optional message ("page 3 of 12"). */
  progress(fraction: number, message?: string): Promise<void>;
  /** Milliseconds each finished step took, by name. */
  timings: Readonly<Partial<Record<StepName, number>>>;
  /** Page-by-page results (absent where the runner keeps none, e.g. tests of a step alone). */
  pages?: StepPages;
  /** What the owner's corrections taught (field anchors per issuer, corrected types); absent: nothing learned is applied. */
  learning?: LearningPort;
  /** People's corrections of the document (absent: none); steps show the machine's reading with them applied. */
  corrections?: DocumentCorrections;
}

/** One step of the pipeline: one signature for all. */
export interface PipelineStep<N extends StepName = StepName> {
  readonly name: N;
  /**
   * True for a step that only computes (reads the original or earlier outputs, writes nothing anywhere, reports
   * no progress): the runner runs it before its start is written and writes its start and outcome, with their
   * own times, in the run's next transaction. The lease and the document's status are checked there as for any
   * step, so an outcome of a run that lost its lease or of a cancelled document is dropped, never written.
   * A function decides from the earlier outputs (e.g. OCR of a PDF whose pages all have text only skips).
   */
  readonly deferStart?: boolean | ((outputs: Readonly<Partial<StepDataMap>>, limits: Readonly<PipelineLimits>) => boolean);
  /**
   * True for a step whose output is an extra: when it fails, the failure is recorded on the step (FAILED,
   * with its code) and the run goes on, so the document completes without what the step would have added.
   * Failures of the services (database, storage, queue), timeouts of the worker and cancellations are
   * handled as for any step.
   */
  readonly optional?: boolean;
  run(ctx: StepContext): Promise<StepResult<N> | StepFanOut>;
}

/** Page texts as the latest text-producing step left them (OCR merges over the text layer). */
export function currentPages(outputs: Readonly<Partial<StepDataMap>>): string[] {
  return outputs.ocr?.pages ?? outputs.extract_text?.pages ?? [];
}

/**
 * Page models as the latest text-producing step left them, rendered texts
 * identical to {@link currentPages}. Outputs persisted before page models
 * existed get text-only models ({@link pageFromText}).
 */
export function currentPageModels(outputs: Readonly<Partial<StepDataMap>>): PageModel[] {
  const source = outputs.ocr ?? outputs.extract_text;
  if (!source) return [];
  const stored = storedPageModels(outputs);
  if (stored) return stored;
  const ocr = outputs.ocr;
  return source.pages.map((text, i) => {
    const page = pageFromText(text, i + 1);
    // A rebuilt OCR page has no word confidences: the step's mean OCR confidence stands in for them.
    if (ocr?.ocrPages.includes(i + 1) && ocr.meanConfidence !== null) return { ...page, source: "ocr" as const, confidence: ocr.meanConfidence };
    return page;
  });
}

/**
 * True when {@link currentPageModels} are the producers' own models (real word
 * boxes and confidences), false when they were rebuilt from text: then their
 * boxes are a character grid and must not be reported as positions on the page.
 */
export function pageModelsHaveGeometry(outputs: Readonly<Partial<StepDataMap>>): boolean {
  return storedPageModels(outputs) !== null;
}

function storedPageModels(outputs: Readonly<Partial<StepDataMap>>): PageModel[] | null {
  const source = outputs.ocr ?? outputs.extract_text;
  return source?.models && source.models.length === source.pages.length ? source.models : null;
}

/**
 * What the document says after the steps that ran so far: the classify and
 * extract_fields results with people's corrections applied, summarised. The
 * step results themselves stay the machine's reading, so corrections apply
 * again over a new one when the document is reprocessed.
 */
export function correctedReading(ctx: Pick<StepContext, "outputs" | "corrections">): ResultReading {
  const pages = currentPages(ctx.outputs);
  return correctedReadingOf(
    { classification: ctx.outputs.classify ?? null, fields: ctx.outputs.extract_fields?.fields ?? [] },
    ctx.corrections ?? NO_CORRECTIONS,
    { pageCount: pages.length || null, text: pages.join("\n") },
  );
}
