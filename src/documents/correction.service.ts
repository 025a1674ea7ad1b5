import type { DocumentEntity } from "../db/entities/index.js";
import { NotFoundError } from "../errors/app.error.js";
import type { EventLog } from "../events/event.log.js";
import type { FieldValue } from "../extraction/extraction.types.js";
import { requireDocumentType, requireFieldName } from "../extraction/fields/value.normaliser.js";
import type { BBox } from "../extraction/page/page.model.js";
import type { Logger } from "../logging/logger.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { CorrectionListener } from "./correction.listener.js";
import { buildResult, readResult, resultSourceOf, storeResult, writeResultJson } from "./result.layout.js";
import { correctField, correctType, type CorrectionOutcome, type Transition, type Tx } from "./transitions/index.js";

/** A result JSON as it was before a correction rewrote it. */
interface StoredResult {
  key: string;
  previous: unknown;
}

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
 * in storage rewritten before it commits (and put back if it does not); the
 * listener hears of it after.
 */
export class CorrectionService {
  constructor(private readonly deps: CorrectionServiceDeps) {}

  /**
   * Set a field to a person's value. UNKNOWN_FIELD, INVALID_FIELD_VALUE,
   * INVALID_BOX, DOCUMENT_NOT_CORRECTABLE (not COMPLETED), NOT_FOUND.
   */
  async correctField(input: CorrectFieldInput): Promise<CorrectionResult> {
    const field = requireFieldName(input.name);
    const outcome = await this.commit(input.documentId, (tx, doc) => correctField(tx, doc, { field, raw: input.value, box: input.box ?? null, actorId: input.actorId, at: new Date() }));
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
    const outcome = await this.commit(input.documentId, (tx, doc) => correctType(tx, doc, { type, actorId: input.actorId, at: new Date() }));
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
   * One correction's transaction under the document's row lock, with the
   * stored result JSON rewritten inside it (a storage failure rolls the
   * correction back; corrections of one document write their results in commit
   * order). Should the transaction fail after the rewrite, the previous result
   * JSON is put back, so storage does not run ahead of the database.
   */
  private async commit(documentId: string, run: (tx: Tx, doc: DocumentEntity) => Promise<Transition<CorrectionOutcome>>): Promise<CorrectionOutcome> {
    let rewritten: StoredResult | null = null;
    try {
      const outcome = await this.deps.events.transact(documentId, async (tx, doc) => {
        const done = await run(tx, doc);
        rewritten = await this.rewriteResult(done.value);
        return done;
      });
      if (!outcome) throw new NotFoundError("Document");
      return outcome;
    } catch (error) {
      // Publishing never throws (see EventLog.publish), so an error here means nothing committed.
      if (rewritten) await this.restoreResult(documentId, rewritten);
      throw error;
    }
  }

  /** Rewrite the stored result JSON with the corrected reading through the finalize step's builder; returns what it replaced. */
  private async rewriteResult(outcome: CorrectionOutcome): Promise<StoredResult | null> {
    const key = outcome.doc.resultKey;
    if (!key) return null;
    const previous = await readResult(this.deps.store, key);
    const source = resultSourceOf(previous);
    if (!source) {
      this.deps.logger.warn({ documentId: outcome.doc.id }, "the stored result JSON has another layout; left as it is (reprocess to rebuild it)");
      return null;
    }
    await storeResult(this.deps.store, key, buildResult(source, outcome.reading), this.deps.maxResultBytes);
    return { key, previous };
  }

  private async restoreResult(documentId: string, stored: StoredResult): Promise<void> {
    try {
      await writeResultJson(this.deps.store, stored.key, stored.previous);
    } catch (error) {
      this.deps.logger.error({ err: error, documentId }, "a failed correction's result JSON could not be put back; reprocess the document to rebuild it");
    }
  }

  private async tell(kind: "field" | "type", call: () => Promise<void> | undefined): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.deps.logger.error({ err: error, kind }, "correction listener failed (the correction stands)");
    }
  }
}
