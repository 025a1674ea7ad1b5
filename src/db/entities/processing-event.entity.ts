import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";

/**
 * One entry of a document's append-only processing history (the flight recorder).
 * `seq` counts 1, 2, 3… per document with no gaps. The application never updates
 * or deletes a row (a database trigger rejects updates); rows go only when their
 * document is deleted.
 */
@Entity({ name: "processing_events" })
@Unique("uq_processing_events_document_seq", ["documentId", "seq"])
export class ProcessingEventEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  /** Lookups by document use the (document_id, seq) unique index. */
  @Column({ name: "document_id", type: "uuid" })
  documentId: string;

  @ManyToOne("DocumentEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<DocumentEntity>;

  @Column({ type: "integer" })
  seq: number;

  /** What happened, e.g. `document.queued`, `step.started`, `step.progress`, `step.succeeded`. */
  @Column({ type: "varchar", length: 64 })
  type: string;

  /** The step this event is about; null for document-level events. */
  @Column({ type: "varchar", length: 64, nullable: true })
  step: string | null;

  /** Step status for step events, document status for document events. */
  @Column({ type: "varchar", length: 32 })
  status: string;

  /** Overall document progress 0–100 at the time of the event. */
  @Column({ type: "smallint" })
  progress: number;

  /** Progress of the step itself in [0, 1], when known. */
  @Column({ name: "step_progress", type: "real", nullable: true })
  stepProgress: number | null;

  @Column({ type: "text", nullable: true })
  message: string | null;

  @Column({ type: "jsonb", default: () => "'{}'" })
  detail: Record<string, unknown>;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
