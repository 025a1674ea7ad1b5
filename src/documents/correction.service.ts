import type { DocumentEntity } from "../db/entities/index.js";
import { NotFoundError } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { FieldValue } from "../extraction/extraction.types.js";
import { requireDocumentType, requireFieldName } from "../extraction/fields/value.normaliser.js";
import type { BBox } from "../extraction/page/page.model.js";
import type { Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { CorrectionListener } from "./correction.listener.js";
import { buildResult, readResult, resultSourceOf, storeResult } from "./result.layout.js";
import { correctField, correctType, type CorrectionOutcome } from "./transitions/index.js";

/** A field correction as a client asks for it (unchecked). */
export interface CorrectFieldInput {
  documentId: string;
  /** A field name (FIELD_NAMES); UNKNOWN_FIELD otherwise. */
  name: string;
  /** The value as typed. */
  value: string;
  /** Where the value stands, when the person drew a box. */
  box?: { page: number; box: BBox } | null;
  /** The user correcting (the owner or an administrator; the caller checked access). */
  actorId: string;
}

/** A committed correction: the document as it reads now, and the values involved. */
export interface CorrectionResult {
  document: DocumentEntity;
  correctionId: string;
  /** The normalised value (for a type correction, the type). */
  value: FieldValue;
  /** What the machine had read (null when it found nothing). */
  machineValue: FieldValue | null;
}

/** What {@link CorrectionService} needs. */
export interface CorrectionServiceDeps {
  events: EventLog;
  store: ObjectStore;
  /** Backstop on the rebuilt result JSON's size (see `maxResultBytes`). */
  maxResultBytes: number;
  logger: Logger;
  /** Told after each correction commits (learning); its failures are logged, never thrown. */
  listener?: CorrectionListener;
}

/**
 * Corrections of completed documents by people: each is one transaction under
 * the document's row lock (the row, the rebuilt fields, type and summary, the
 * `document.corrected` event and its webhook deliveries), with the result JSON
 * in storage rewritten before it commits; the listener hears of it after.
 */
export class CorrectionService {
  constructor(private readonly deps: CorrectionServiceDeps) {}

  /**
   * Set a field to a person's value. UNKNOWN_FIELD, INVALID_FIELD_VALUE,
   * INVALID_BOX, DOCUMENT_NOT_CORRECTABLE (not COMPLETED), NOT_FOUND.
   */
  async correctField(input: CorrectFieldInput): Promise<CorrectionResult> {
    const field = requireFieldName(input.name);
    const outcome = await this.deps.events.transact(input.documentId, async (tx, doc) => {
      const done = await correctField(tx, doc, { field, raw: input.value, box: input.box ?? null, actorId: input.actorId, at: new Date() });
      await this.rewriteResult(done.value);
      return done;
    });
    if (!outcome) throw new NotFoundError("Document");
    const { correction, doc, machineField } = outcome;
    await this.tell("field", () =>
      this.deps.listener?.fieldCorrected({
        ownerId: doc.ownerId,
        documentId: doc.id,
        actorId: correction.actorId,
        field,
        value: correction.value as FieldValue,
        raw: correction.raw,
        page: correction.page,
        box: (correction.box as BBox | null) ?? null,
        machine: machineField,
      }),
    );
    return { document: doc, correctionId: correction.id, value: correction.value as FieldValue, machineValue: machineField?.value ?? null };
  }

  /** Set the document's type to a person's. UNKNOWN_DOCUMENT_TYPE, DOCUMENT_NOT_CORRECTABLE, NOT_FOUND. */
  async correctDocumentType(input: { documentId: string; type: string; actorId: string }): Promise<CorrectionResult> {
    const type = requireDocumentType(input.type);
    const outcome = await this.deps.events.transact(input.documentId, async (tx, doc) => {
      const done = await correctType(tx, doc, { type, actorId: input.actorId, at: new Date() });
      await this.rewriteResult(done.value);
      return done;
    });
    if (!outcome) throw new NotFoundError("Document");
    const { doc } = outcome;
    await this.tell("type", () =>
      this.deps.listener?.typeCorrected({
        ownerId: doc.ownerId,
        documentId: doc.id,
        actorId: input.actorId,
        type,
        machineType: outcome.machine.classification?.type ?? null,
      }),
    );
    return { document: doc, correctionId: outcome.correction.id, value: type, machineValue: outcome.machine.classification?.type ?? null };
  }

  /**
   * Rewrite the stored result JSON with the corrected reading, through the
   * finalize step's builder. Runs inside the correction's transaction: a
   * storage failure rolls the correction back, and corrections of one document
   * write their results in commit order (they queue on the row lock).
   */
  private async rewriteResult(outcome: CorrectionOutcome): Promise<void> {
    const key = outcome.doc.resultKey;
    if (!key) return;
    const source = resultSourceOf(await readResult(this.deps.store, key));
    if (!source) {
      this.deps.logger.warn({ documentId: outcome.doc.id }, "the stored result JSON has another layout; left as it is (reprocess to rebuild it)");
      return;
    }
    await storeResult(this.deps.store, key, buildResult(source, outcome.reading), this.deps.maxResultBytes);
  }

  private async tell(kind: "field" | "type", call: () => Promise<void> | undefined): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.deps.logger.error({ err: error, kind }, "correction listener failed (the correction stands)");
    }
  }
}
