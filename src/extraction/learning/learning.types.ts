/**
 * Shapes of what Folio learns from people's corrections, and the port through
 * which the pipeline reads it. Pure types: the database adapter lives in
 * `documents/`, the pure logic beside this file.
 */
import type { DocumentType, FieldName, FieldValue } from "../extraction.types.js";
import type { BBox } from "../page/page.model.js";

/**
 * Where a learned value stands relative to its label: `right` on the same row
 * after the label, `below` under it (a column heading), `position` no label at
 * all (the value's box on the page is all there is).
 */
export type AnchorRelation = "right" | "below" | "position";

/** Where and under which label the right value of a field stood on one corrected document. */
export interface AnchorDraft {
  field: FieldName;
  /** Normalised label text (see {@link normaliseLabel}); empty for `position`. */
  label: string;
  relation: AnchorRelation;
  /** 1-based page of the value. */
  page: number;
  /** The value's box on that page (normalised 0–1). */
  box: BBox;
  /**
   * The corrected value itself, kept only for fields that are the same on
   * every document of an issuer (its name): the next document gets it as
   * written by the person, not as OCR reads it there.
   */
  value?: FieldValue;
}

/** A learned anchor as stored, with the document it was learned from. */
export interface LearnedAnchor extends AnchorDraft {
  sourceDocumentId: string;
  /** Every issuer key of the source document, strongest first. */
  issuerKeys: string[];
}

/** A document whose type a person corrected: its word signature and the type they gave. */
export interface TypeExample {
  documentId: string;
  type: DocumentType;
  /** Distinct normalised words of the document (see {@link documentSignature}). */
  signature: string[];
}

/**
 * What the pipeline reads of what was learned, per owner (one user's
 * corrections never touch another user's documents). Implemented over the
 * database in `documents/learning.repository.ts`; tests and benches may pass
 * an in-memory one.
 */
export interface LearningPort {
  /** Anchors of `ownerId` learned from documents of the same issuer as `issuerKeys` names (see `sameIssuer`), newest first. */
  anchorsFor(ownerId: string, issuerKeys: readonly string[]): Promise<LearnedAnchor[]>;
  /** Documents of `ownerId` whose type a person corrected, newest first. */
  typeExamples(ownerId: string): Promise<TypeExample[]>;
}
