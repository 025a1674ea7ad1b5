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

/** One correction to record: what the person set, and what the machine had read there. */
interface CorrectionChange {
  /** A field name or {@link TYPE_CORRECTION_FIELD}. */
  field: string;
  value: FieldValue | DocumentType;
  raw: string;
  box: { page: number; box: BBox } | null;
  actorId: string;
  at: Date;
  /** The machine's best field of that name (always null for a type). */
  machineField: ExtractedField | null;
  /** The machine's reading as the row keeps it: the whole field, or the machine's type. */
  machineReading: ExtractedField | DocumentType | null;
}

/** Write the row, rebuild the document's reading with it, and describe it as an event. */
async function commit(tx: Tx, doc: DocumentEntity, change: CorrectionChange, machine: MachineReading, previous: DocumentCorrections): Promise<Transition<CorrectionOutcome>> {
  const isType = change.field === TYPE_CORRECTION_FIELD;
  const saved = await tx.save(
    FieldCorrectionEntity,
    tx.create(FieldCorrectionEntity, {
      documentId: doc.id,
      ownerId: doc.ownerId,
      actorId: change.actorId,
      field: change.field,
      value: change.value,
      raw: change.raw,
      page: change.box?.page ?? null,
      box: change.box?.box ?? null,
      machineValue: change.machineReading,
      createdAt: change.at,
    }),
  );
  const corrections: DocumentCorrections = isType
    ? { fields: previous.fields, type: { type: change.value as DocumentType, actorId: change.actorId, createdAt: saved.createdAt } }
    : {
        fields: [
          ...previous.fields,
          { field: change.field as FieldName, value: change.value as FieldValue, raw: change.raw, page: saved.page, box: saved.box as BBox | null, actorId: change.actorId, createdAt: saved.createdAt },
        ],
        type: previous.type,
      };
  const reading = correctedReading(machine, corrections, { pageCount: doc.pageCount, text: doc.extractedText ?? "" });
  const patch = {
    fields: reading.fields,
    summary: reading.summary,
    documentType: reading.type ?? doc.documentType,
    typeConfidence: reading.confidence ?? doc.typeConfidence,
  };
  await tx.update(DocumentEntity, doc.id, patch);
  Object.assign(doc, patch);
  // The event names the value the machine had, not the whole field the row keeps.
  const machineValue = isType ? (change.machineReading as DocumentType | null) : (change.machineField?.value ?? null);
  const what = isType ? `type set to ${String(change.value)}` : `${change.field} corrected`;
  return transition({ doc, correction: saved, machine, machineField: change.machineField, reading }, [
    {
      type: "document.corrected",
      status: DocumentStatus.COMPLETED,
      progress: doc.progress,
      message: `Corrected by a person: ${what}`,
      detail: { correctionId: saved.id, field: change.field, value: change.value as FieldValue, machineValue, actorId: change.actorId },
      at: change.at,
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
  const change = { field: request.field, value, raw: request.raw, box: request.box, actorId: request.actorId, at: request.at, machineField: machineOfField, machineReading: machineOfField };
  return commit(tx, doc, change, machine, previous);
}

/** Set the type of a COMPLETED document to a person's (else DOCUMENT_NOT_CORRECTABLE); the summary follows it. */
export async function correctType(tx: Tx, doc: DocumentEntity, request: TypeCorrectionRequest): Promise<Transition<CorrectionOutcome>> {
  requireCorrectable(doc);
  const machine = await loadMachineReading(tx, doc.id);
  const previous = await loadCorrections(tx, doc.id);
  const change = {
    field: TYPE_CORRECTION_FIELD,
    value: request.type,
    raw: request.type,
    box: null,
    actorId: request.actorId,
    at: request.at,
    machineField: null,
    machineReading: machine.classification?.type ?? null,
  };
  return commit(tx, doc, change, machine, previous);
}
