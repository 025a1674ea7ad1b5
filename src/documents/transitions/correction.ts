/**
 * People's corrections of a completed document: a field's value or the
 * document's type. Each appends a row to `field_corrections`, rebuilds what
 * the document says (fields, type, summary) from the machine's reading with
 * every correction applied, and logs `document.corrected`.
 */
import { DocumentEntity, DocumentStatus, FieldCorrectionEntity, TYPE_CORRECTION_FIELD } from "../../db/entities/index.js";
import { AppError } from "../../errors/app.error.js";
import type { DocumentType, ExtractedField, FieldName, FieldValue } from "../../extraction/extraction.types.js";
import { buildContext } from "../../extraction/fields/context.js";
import { machineField, type DocumentCorrections } from "../../extraction/fields/corrections.apply.js";
import { normaliseFieldValue, validateCorrectionBox } from "../../extraction/fields/value.normaliser.js";
import type { BBox } from "../../extraction/page/page.model.js";
import { correctedReading, loadCorrections, loadMachineReading, type MachineReading } from "../corrected.reading.js";
import type { ResultReading } from "../result.layout.js";
import { transition, type Transition, type Tx } from "./transition.js";

/** A person's value for a field, as asked for (checked and normalised here). */
export interface FieldCorrectionRequest {
  field: FieldName;
  /** As typed. */
  raw: string;
  /** The page and box the person pointed at, when they drew one. */
  box: { page: number; box: BBox } | null;
  actorId: string;
  at: Date;
}

/** A person's document type, as asked for. */
export interface TypeCorrectionRequest {
  type: DocumentType;
  actorId: string;
  at: Date;
}

/** What a correction committed: the row, the machine's reading it overrode, and what the document says now. */
export interface CorrectionOutcome {
  doc: DocumentEntity;
  correction: FieldCorrectionEntity;
  machine: MachineReading;
  /** The machine's best reading of the corrected field (null for a type correction, or when it found nothing). */
  machineField: ExtractedField | null;
  reading: ResultReading;
}

function requireCorrectable(doc: DocumentEntity): void {
  if (doc.status !== DocumentStatus.COMPLETED) {
    throw new AppError("DOCUMENT_NOT_CORRECTABLE", `The document is ${doc.status}; only a completed document can be corrected.`, { details: { status: doc.status } });
  }
}

/** Write the row, rebuild the document's reading with it, and describe it as an event. */
async function commit(
  tx: Tx,
  doc: DocumentEntity,
  row: Omit<FieldCorrectionEntity, "id" | "document" | "createdAt">,
  at: Date,
  machine: MachineReading,
  previous: DocumentCorrections,
  machineOfField: ExtractedField | null,
  machineValue: FieldValue | null,
): Promise<Transition<CorrectionOutcome>> {
  const saved = await tx.save(FieldCorrectionEntity, tx.create(FieldCorrectionEntity, { ...row, createdAt: at }));
  const corrections: DocumentCorrections =
    row.field === TYPE_CORRECTION_FIELD
      ? { fields: previous.fields, type: { type: row.value as DocumentType, actorId: row.actorId, createdAt: saved.createdAt } }
      : { fields: [...previous.fields, { field: row.field as FieldName, value: row.value as FieldValue, raw: row.raw, page: row.page, box: row.box as BBox | null, actorId: row.actorId, createdAt: saved.createdAt }], type: previous.type };
  const reading = correctedReading(machine, corrections, { pageCount: doc.pageCount, text: doc.extractedText ?? "" });
  const patch = {
    fields: reading.fields,
    summary: reading.summary,
    documentType: reading.type ?? doc.documentType,
    typeConfidence: reading.confidence ?? doc.typeConfidence,
  };
  await tx.update(DocumentEntity, doc.id, patch);
  Object.assign(doc, patch);
  const what = row.field === TYPE_CORRECTION_FIELD ? `type set to ${String(row.value)}` : `${row.field} corrected`;
  return transition({ doc, correction: saved, machine, machineField: machineOfField, reading }, [
    {
      type: "document.corrected",
      status: DocumentStatus.COMPLETED,
      progress: doc.progress,
      message: `Corrected by a person: ${what}`,
      detail: { correctionId: saved.id, field: row.field, value: row.value as FieldValue, machineValue, actorId: row.actorId },
      at,
    },
  ]);
}

/**
 * Set a field of a COMPLETED document to a person's value (else
 * DOCUMENT_NOT_CORRECTABLE). The value is normalised as the extractors
 * normalise theirs, reading it with the document's own conventions (day/month
 * order, currency, phone country): INVALID_FIELD_VALUE when it cannot be one;
 * a box must lie on a page of the document (INVALID_BOX).
 */
export async function correctField(tx: Tx, doc: DocumentEntity, request: FieldCorrectionRequest): Promise<Transition<CorrectionOutcome>> {
  requireCorrectable(doc);
  if (request.box) validateCorrectionBox(request.box.page, request.box.box, doc.pageCount);
  const pages = (doc.extractedText ?? "").split("\f");
  const hints = buildContext(pages, { referenceDate: doc.createdAt });
  const machine = await loadMachineReading(tx, doc.id);
  const previous = await loadCorrections(tx, doc.id);
  const machineOfField = machineField(machine.fields, request.field);
  // A currency the person left out is the one the machine read for this amount, else the document's.
  const currency = machineOfField && typeof machineOfField.value === "object" ? machineOfField.value.currency : null;
  const value = normaliseFieldValue(request.field, request.raw, { ...hints, dominantCurrency: currency ?? hints.dominantCurrency });
  return commit(
    tx,
    doc,
    {
      documentId: doc.id,
      ownerId: doc.ownerId,
      actorId: request.actorId,
      field: request.field,
      value,
      raw: request.raw,
      page: request.box?.page ?? null,
      box: request.box?.box ?? null,
      machineValue: machineOfField,
    },
    request.at,
    machine,
    previous,
    machineOfField,
    machineOfField?.value ?? null,
  );
}

/** Set the type of a COMPLETED document to a person's (else DOCUMENT_NOT_CORRECTABLE); the summary follows it. */
export async function correctType(tx: Tx, doc: DocumentEntity, request: TypeCorrectionRequest): Promise<Transition<CorrectionOutcome>> {
  requireCorrectable(doc);
  const machine = await loadMachineReading(tx, doc.id);
  const previous = await loadCorrections(tx, doc.id);
  return commit(
    tx,
    doc,
    {
      documentId: doc.id,
      ownerId: doc.ownerId,
      actorId: request.actorId,
      field: TYPE_CORRECTION_FIELD,
      value: request.type,
      raw: request.type,
      page: null,
      box: null,
      machineValue: machine.classification?.type ?? null,
    },
    request.at,
    machine,
    previous,
    null,
    machine.classification?.type ?? null,
  );
}
