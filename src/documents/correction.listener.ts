import type { DocumentType, ExtractedField, FieldName, FieldValue } from "../extraction/extraction.types.js";
import type { BBox } from "../extraction/page/page.model.js";

/** A field a person corrected, as committed. */
export interface FieldCorrection {
  ownerId: string;
  documentId: string;
  actorId: string;
  field: FieldName;
  /** Normalised value (as ExtractedField.value). */
  value: FieldValue;
  /** The value as the person typed it. */
  raw: string;
  /** 1-based page the person pointed at, when a box was given. */
  page: number | null;
  box: BBox | null;
  /** What the machine had read for this field (null when it found nothing). */
  machine: ExtractedField | null;
}

/** A document type a person corrected, as committed. */
export interface TypeCorrection {
  ownerId: string;
  documentId: string;
  actorId: string;
  type: DocumentType;
  machineType: DocumentType | null;
}

/** Told after a correction commits (learning listens); a listener's failure never undoes the correction. */
export interface CorrectionListener {
  fieldCorrected(correction: FieldCorrection): Promise<void>;
  typeCorrected(correction: TypeCorrection): Promise<void>;
}
