import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";

/** Status of one OCR'd page of a document. */
export enum PageStatus {
  /** Waiting for its page job (fan-out) or for the OCR step to reach it. */
  PENDING = "PENDING",
  DONE = "DONE",
  FAILED = "FAILED",
}

/**
 * One page of a document that needs OCR, written as the page finishes: the
 * partial result clients see before the document completes. The OCR step's
 * result (and the final result file) stays the source of truth; these rows are
 * its parts while it runs, and the pages a fanned-out OCR step merges.
 */
@Entity({ name: "document_pages" })
export class DocumentPageEntity {
  @PrimaryColumn({ name: "document_id", type: "uuid" })
  documentId: string;

  /** 1-based page number in the document. */
  @PrimaryColumn({ name: "page_number", type: "integer" })
  pageNumber: number;

  @ManyToOne("DocumentEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<DocumentEntity>;

  @Column({ type: "varchar", length: 16, default: PageStatus.PENDING })
  status: PageStatus;

  /**
   * The fan-out that created the row (its page jobs carry the same id), or null
   * for a page the single-job OCR step recorded. A page job of another fan-out writes nothing.
   */
  @Column({ type: "varchar", length: 36, nullable: true })
  fanout: string | null;

  /** Runs of the page started (a page job whose worker died counts here). */
  @Column({ type: "integer", default: 0 })
  attempts: number;

  @Column({ type: "text", nullable: true })
  text: string | null;

  /** Mean OCR confidence of the page in [0, 1]. */
  @Column({ type: "real", nullable: true })
  confidence: number | null;

  /** The page model (words, boxes, confidences), for the OCR step's merge. Internal. */
  @Column({ type: "jsonb", nullable: true })
  model: unknown;

  @Column({ name: "error_code", type: "varchar", length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: "completed_at", type: "timestamptz", nullable: true })
  completedAt: Date | null;
}
