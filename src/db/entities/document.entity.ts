import type { OcrMode } from "../../common/ocr-mode.js";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from "typeorm";
import type { UserEntity } from "./user.entity.js";
import type { ProcessingStepEntity } from "./processing-step.entity.js";

/** Lifecycle of a document as a whole. */
export enum DocumentStatus {
  QUEUED = "QUEUED",
  PROCESSING = "PROCESSING",
  COMPLETED = "COMPLETED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}

/** Statuses after which nothing more happens unless someone reprocesses. */
export const TERMINAL_DOCUMENT_STATUSES: readonly DocumentStatus[] = [
  DocumentStatus.COMPLETED,
  DocumentStatus.FAILED,
  DocumentStatus.CANCELLED,
];

/** Postgres returns bigint as a string; sizes here stay far below 2^53. */
const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** An uploaded file and everything Folio learned from it. */
@Entity({ name: "documents" })
@Unique("uq_documents_owner_idempotency_key", ["ownerId", "idempotencyKey"])
@Index("idx_documents_owner_status", ["ownerId", "status"])
@Index("idx_documents_owner_created", ["ownerId", "createdAt"])
export class DocumentEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "owner_id", type: "uuid" })
  ownerId: string;

  @ManyToOne("UserEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "owner_id" })
  owner?: Relation<UserEntity>;

  /** The client's filename, for display only. */
  @Column({ name: "original_filename", type: "varchar", length: 1024 })
  originalFilename: string;

  /** A sanitised filename safe for storage keys and Content-Disposition headers. */
  @Column({ name: "storage_filename", type: "varchar", length: 255 })
  storageFilename: string;

  /** What the client claimed the type was. */
  @Column({ name: "declared_content_type", type: "varchar", length: 255, nullable: true })
  declaredContentType: string | null;

  /** What the magic bytes say the type is. */
  @Column({ name: "detected_content_type", type: "varchar", length: 255, nullable: true })
  detectedContentType: string | null;

  @Column({ name: "size_bytes", type: "bigint", transformer: bigintAsNumber })
  sizeBytes: number;

  @Column({ type: "char", length: 64 })
  @Index("idx_documents_sha256")
  sha256: string;

  @Column({ name: "raw_key", type: "varchar", length: 1024 })
  rawKey: string;

  @Column({ type: "enum", enum: DocumentStatus, enumName: "document_status", default: DocumentStatus.QUEUED })
  status: DocumentStatus;

  /** Uploaded with `autoProcess: false`: QUEUED but not enqueued until someone asks to process it. */
  @Column({ type: "boolean", default: false })
  held: boolean;

  /** The PDF password given at upload, AES-256-GCM encrypted; cleared once processing ends. */
  @Column({ name: "pdf_password_enc", type: "text", nullable: true, select: false })
  pdfPasswordEnc: string | null;

  /** Which pages of a PDF this document has OCRed (upload or reprocessing option); null: the server's `OCR_MODE`. */
  @Column({ name: "ocr_mode", type: "varchar", length: 8, nullable: true })
  ocrMode: OcrMode | null;

  /** 0–100. */
  @Column({ type: "smallint", default: 0 })
  progress: number;

  @Column({ name: "current_step", type: "varchar", length: 64, nullable: true })
  currentStep: string | null;

  /** How many times processing was started (retries and reprocessing included). */
  @Column({ type: "integer", default: 0 })
  attempts: number;

  /** The run that holds the document (its fencing token); null when no run holds it. */
  @Column({ name: "run_token", type: "uuid", nullable: true })
  runToken: string | null;

  /** Until when the run holding the document is presumed alive (database clock); its worker renews it while a step runs. */
  @Column({ name: "lease_expires_at", type: "timestamptz", nullable: true })
  leaseExpiresAt: Date | null;

  /** Runs that ended without finishing or handing the document back: their lease expired (the worker died). */
  @Column({ name: "worker_deaths", type: "integer", default: 0 })
  workerDeaths: number;

  @Column({ name: "document_type", type: "varchar", length: 32, nullable: true })
  documentType: string | null;

  @Column({ name: "type_confidence", type: "real", nullable: true })
  typeConfidence: number | null;

  @Column({ type: "jsonb", default: () => "'[]'" })
  fields: unknown[];

  /** Line items of a receipt or invoice (`LineItem[]`, see extraction.types.ts). */
  @Column({ name: "line_items", type: "jsonb", default: () => "'[]'" })
  lineItems: unknown[];

  @Column({ name: "extracted_text", type: "text", nullable: true })
  extractedText: string | null;

  @Column({ type: "text", nullable: true })
  summary: string | null;

  @Column({ name: "page_count", type: "integer", nullable: true })
  pageCount: number | null;

  @Column({ name: "text_key", type: "varchar", length: 1024, nullable: true })
  textKey: string | null;

  @Column({ name: "result_key", type: "varchar", length: 1024, nullable: true })
  resultKey: string | null;

  @Column({ name: "error_code", type: "varchar", length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: "error_message", type: "text", nullable: true })
  errorMessage: string | null;

  @Column({ type: "jsonb", default: () => "'[]'" })
  labels: string[];

  @Column({ type: "jsonb", default: () => "'{}'" })
  metadata: Record<string, unknown>;

  /** Sequence number of the document's last processing event; bumped under the row lock so seqs have no gaps. */
  @Column({ name: "event_seq", type: "integer", default: 0 })
  eventSeq: number;

  @Column({ name: "idempotency_key", type: "varchar", length: 255, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @Column({ name: "started_at", type: "timestamptz", nullable: true })
  startedAt: Date | null;

  @Column({ name: "completed_at", type: "timestamptz", nullable: true })
  completedAt: Date | null;

  /** Wall time of the last processing run, in milliseconds. */
  @Column({ name: "processing_ms", type: "integer", nullable: true })
  processingMs: number | null;

  @OneToMany("ProcessingStepEntity", (step: ProcessingStepEntity) => step.document)
  steps?: Relation<ProcessingStepEntity[]>;
}
