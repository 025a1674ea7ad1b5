import type { OcrMode } from "../../common/ocr-mode.js";
import { DocumentEntity, DocumentStatus } from "../../db/entities/index.js";
import { STEP_NAMES } from "../step.names.js";
import { ensureSteps, transition, type Transition, type Tx } from "./transition.js";

/** The columns of a new document that intake decides. */
export interface NewDocument {
  id: string;
  ownerId: string;
  originalFilename: string;
  storageFilename: string;
  declaredContentType: string | null;
  sizeBytes: number;
  sha256: string;
  rawKey: string;
  labels: string[];
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  /** Stored but held until processing is requested. */
  held: boolean;
  pdfPasswordEnc: string | null;
  /** Which PDF pages to OCR; null: the server's `OCR_MODE`. */
  ocrMode: OcrMode | null;
  createdAt: Date;
}

/**
 * Queue a new document: the row (QUEUED), its step rows (PENDING) and event #1,
 * `document.queued`. `filename` is the name as uploaded, for the message.
 */
export async function queue(tx: Tx, values: NewDocument, filename: string): Promise<Transition<DocumentEntity>> {
  const created = tx.create(DocumentEntity, { ...values, status: DocumentStatus.QUEUED });
  // insert() types jsonb columns too narrowly for Record<string, unknown>; the row is a plain insert either way.
  await tx.insert(DocumentEntity, created as never);
  await ensureSteps(tx, values.id);
  return transition(created, [
    {
      type: "document.queued",
      status: DocumentStatus.QUEUED,
      progress: 0,
      message: values.held ? `Received ${filename}; held until processing is requested` : `Queued ${filename}`,
      detail: { steps: [...STEP_NAMES], sizeBytes: values.sizeBytes, sha256: values.sha256, held: values.held },
      at: values.createdAt,
    },
  ]);
}
