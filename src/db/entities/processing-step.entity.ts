import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";

/** Status of one pipeline step of one document. */
export enum StepStatus {
  PENDING = "PENDING",
  IN_PROGRESS = "IN_PROGRESS",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  SKIPPED = "SKIPPED",
}

/**
 * Current state of one step of one document: a projection of the event log,
 * which the runner keeps in step with it. Names are free text because delivery
 * steps are dynamic (`deliver:<destination>`).
 */
@Entity({ name: "processing_steps" })
@Unique("uq_processing_steps_document_name", ["documentId", "name"])
export class ProcessingStepEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "document_id", type: "uuid" })
  documentId: string;

  @ManyToOne("DocumentEntity", (doc: DocumentEntity) => doc.steps, { onDelete: "CASCADE" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<DocumentEntity>;

  @Column({ type: "varchar", length: 64 })
  name: string;

  /** Order of the step in the document's pipeline. */
  @Column({ type: "smallint" })
  position: number;

  @Column({ type: "enum", enum: StepStatus, enumName: "step_status", default: StepStatus.PENDING })
  status: StepStatus;

  @Column({ type: "integer", default: 0 })
  attempts: number;

  @Column({ name: "started_at", type: "timestamptz", nullable: true })
  startedAt: Date | null;

  @Column({ name: "completed_at", type: "timestamptz", nullable: true })
  completedAt: Date | null;

  @Column({ name: "duration_ms", type: "integer", nullable: true })
  durationMs: number | null;

  @Column({ name: "error_code", type: "varchar", length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: "error_message", type: "text", nullable: true })
  errorMessage: string | null;

  /** A small summary of what the step produced, safe to show (not the bulk output). */
  @Column({ name: "output", type: "jsonb", nullable: true })
  output: Record<string, unknown> | null;

  /**
   * The step's full result, which later steps read (e.g. per-page text). Kept so
   * a retried job resumes after the last finished step without redoing it.
   * Internal: never exposed through the API.
   */
  @Column({ name: "result", type: "jsonb", nullable: true })
  result: unknown;
}
