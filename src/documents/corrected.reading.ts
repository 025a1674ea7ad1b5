/**
 * What a document says: the machine's reading (the classify and extract_fields
 * steps' results) with people's corrections applied, and the summary of that.
 * The pipeline steps and the correction transitions build it here, so a
 * reprocessed document gets its corrections applied again over its new reading.
 */
import type { EntityManager } from "typeorm";
import { FieldCorrectionEntity, ProcessingStepEntity, TYPE_CORRECTION_FIELD } from "../db/entities/index.js";
import type { Classification, DocumentType, ExtractedField, FieldName, FieldValue } from "../extraction/extraction.types.js";
import { applyFieldCorrections, applyTypeCorrection, type DocumentCorrections, type StoredFieldCorrection } from "../extraction/fields/corrections.apply.js";
import type { BBox } from "../extraction/page/page.model.js";
import { summarizeDocument } from "../extraction/summary.js";
import type { ResultReading } from "./result.layout.js";

/** The machine's own reading of a document. */
export interface MachineReading {
  classification: Pick<Classification, "type" | "confidence"> | null;
  fields: readonly ExtractedField[];
}

/** What the summary counts besides the reading. */
export interface SummaryFacts {
  pageCount: number | null;
  text: string;
}

/**
 * The machine's reading with the corrections applied, summarised.
 *
 * @param machine the classify and extract_fields steps' results
 * @param corrections the document's corrections, oldest first
 * @param facts page count and text for the summary
 */
export function correctedReading(machine: MachineReading, corrections: DocumentCorrections, facts: SummaryFacts): ResultReading {
  const typed = applyTypeCorrection(machine.classification, corrections.type);
  const fields = applyFieldCorrections(machine.fields, corrections.fields);
  // Without a classification the summary reads as an untyped document's.
  const summary = summarizeDocument({ type: typed?.type ?? "other", confidence: typed?.confidence ?? 0, fields, pageCount: facts.pageCount, text: facts.text });
  const times = [...corrections.fields.map((c) => c.createdAt.getTime()), ...(corrections.type ? [corrections.type.createdAt.getTime()] : [])];
  return {
    type: typed?.type ?? null,
    confidence: typed?.confidence ?? null,
    fields,
    summary,
    typeCorrection: corrections.type
      ? { type: corrections.type.type, machineType: machine.classification?.type ?? null, correctedBy: corrections.type.actorId, correctedAt: corrections.type.createdAt.toISOString() }
      : null,
    correctedAt: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
  };
}

/** A document's corrections, oldest first (the latest type correction only). */
export async function loadCorrections(db: EntityManager, documentId: string): Promise<DocumentCorrections> {
  const rows = await db.find(FieldCorrectionEntity, { where: { documentId }, order: { id: "ASC" } });
  const fields: StoredFieldCorrection[] = [];
  let type: DocumentCorrections["type"] = null;
  for (const row of rows) {
    if (row.field === TYPE_CORRECTION_FIELD) type = { type: row.value as DocumentType, actorId: row.actorId, createdAt: row.createdAt };
    else fields.push({ field: row.field as FieldName, value: row.value as FieldValue, raw: row.raw, page: row.page, box: row.box as BBox | null, actorId: row.actorId, createdAt: row.createdAt });
  }
  return { fields, type };
}

/** The machine's reading as the last run stored it (the classify and extract_fields steps' results). */
export async function loadMachineReading(db: EntityManager, documentId: string): Promise<MachineReading> {
  const rows = await db.find(ProcessingStepEntity, { where: [{ documentId, name: "classify" }, { documentId, name: "extract_fields" }], select: { name: true, result: true } });
  const classify = rows.find((r) => r.name === "classify")?.result as Classification | null | undefined;
  const extracted = rows.find((r) => r.name === "extract_fields")?.result as { fields?: ExtractedField[] } | null | undefined;
  return { classification: classify ?? null, fields: extracted?.fields ?? [] };
}
