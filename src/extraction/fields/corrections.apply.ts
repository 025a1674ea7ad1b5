/**
 * People's corrections laid over the machine's reading: the fields a document
 * shows are the machine's fields with the latest correction of each field
 * applied. Pure, so the pipeline (a reprocessed document keeps its
 * corrections over the new reading) and the correction service build the
 * same fields from the same inputs.
 */
import { FIELD_NAMES, type DocumentType, type ExtractedField, type FieldAlternative, type FieldName, type FieldValue } from "../extraction.types.js";
import type { BBox } from "../page/page.model.js";

/** A person's value of a field, as stored. */
export interface StoredFieldCorrection {
  field: FieldName;
  /** Normalised value. */
  value: FieldValue;
  /** As typed. */
  raw: string;
  /** The page and box the person pointed at, or null. */
  page: number | null;
  box: BBox | null;
  actorId: string;
  createdAt: Date;
}

/** A person's document type, as stored. */
export interface StoredTypeCorrection {
  type: DocumentType;
  actorId: string;
  createdAt: Date;
}

/** Every correction of a document, oldest first (the latest of each field wins). */
export interface DocumentCorrections {
  fields: readonly StoredFieldCorrection[];
  /** The latest type correction, or null. */
  type: StoredTypeCorrection | null;
}

/** No corrections. */
export const NO_CORRECTIONS: DocumentCorrections = { fields: [], type: null };

/** A comparable key of a value: amounts to the cent, text without case, spaces and punctuation. */
function valueKey(value: FieldValue): string {
  if (typeof value === "string") return value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  return `${(Math.round(value.amount * 100) / 100).toFixed(2)}|${value.currency ?? ""}`;
}

/** True when two values are the same value (amounts to the cent with the same currency). */
export function sameFieldValue(a: FieldValue, b: FieldValue): boolean {
  return valueKey(a) === valueKey(b);
}

/** The machine's best reading of a field: the highest confidence, earliest on ties. */
export function machineField(fields: readonly ExtractedField[], name: FieldName): ExtractedField | null {
  let best: ExtractedField | null = null;
  for (const f of fields) if (f.name === name && (best === null || f.confidence > best.confidence)) best = f;
  return best;
}

/** Where the machine saw this very value (its best reading or an alternative), to point the person's value at it. */
function sighting(machine: ExtractedField | null, value: FieldValue): FieldAlternative | null {
  if (!machine) return null;
  if (sameFieldValue(machine.value, value)) return { raw: machine.raw, value: machine.value, confidence: machine.confidence, page: machine.page, start: machine.start, end: machine.end, box: machine.box ?? null };
  return machine.alternatives?.find((a) => sameFieldValue(a.value, value)) ?? null;
}

/**
 * The field a correction makes: the person's value with confidence 1, marked
 * `setBy: "person"`, the machine's reading kept in `machine`. Its position is
 * the box the person drew; without one, where the machine saw the same value
 * (its reading or an alternative: then `raw`, `start` and `end` are that span
 * of the page text); otherwise `raw` as typed with `start` = `end` = 0 and no box.
 */
export function correctedField(correction: StoredFieldCorrection, machine: ExtractedField | null): ExtractedField {
  const seen = correction.box ? null : sighting(machine, correction.value);
  const position = correction.box
    ? { raw: correction.raw, page: correction.page ?? machine?.page ?? 1, start: 0, end: 0, box: correction.box }
    : seen
      ? { raw: seen.raw, page: seen.page, start: seen.start, end: seen.end, box: seen.box }
      : { raw: correction.raw, page: machine?.page ?? 1, start: 0, end: 0, box: null };
  return {
    name: correction.field,
    value: correction.value,
    confidence: 1,
    ...position,
    alternatives: (machine?.alternatives ?? []).filter((a) => !sameFieldValue(a.value, correction.value)),
    checks: [],
    setBy: "person",
    correctedBy: correction.actorId,
    correctedAt: correction.createdAt.toISOString(),
    machine,
  };
}

/**
 * The fields a document shows: the machine's fields with the latest correction
 * of each field applied (every machine candidate of a corrected field gives way
 * to the one corrected field), in field-name order.
 *
 * @param machine the extract_fields step's reading
 * @param corrections the document's field corrections, oldest first
 */
export function applyFieldCorrections(machine: readonly ExtractedField[], corrections: readonly StoredFieldCorrection[]): ExtractedField[] {
  const latest = new Map<FieldName, StoredFieldCorrection>();
  for (const c of corrections) latest.set(c.field, c);
  if (latest.size === 0) return [...machine];
  const out = machine.filter((f) => !latest.has(f.name));
  for (const c of latest.values()) out.push(correctedField(c, machineField(machine, c.field)));
  // A stable sort: machine order within a name, names in the extractors' order.
  return out.sort((a, b) => FIELD_NAMES.indexOf(a.name) - FIELD_NAMES.indexOf(b.name));
}

/** The type a document shows, and how sure: a person's type is certain. */
export function applyTypeCorrection(machine: { type: DocumentType; confidence: number } | null, correction: StoredTypeCorrection | null): { type: DocumentType; confidence: number } | null {
  if (correction) return { type: correction.type, confidence: 1 };
  return machine ? { type: machine.type, confidence: machine.confidence } : null;
}
