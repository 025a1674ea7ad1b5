import type { OcrMode } from "../../common/ocr-mode.js";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";
import type { UserEntity } from "./user.entity.js";

/** Where a direct upload stands. */
export enum DirectUploadStatus {
  /** Requested; the client may PUT the file and complete the upload until `expiresAt`. */
  PENDING = "PENDING",
  /** Verified and recorded as `documentId`. */
  COMPLETED = "COMPLETED",
  /** Verification refused the object (`errorCode`); the object was removed. */
  FAILED = "FAILED",
}

/** Postgres returns bigint as a string; sizes here stay far below 2^53. */
const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** The upload options a direct upload carries from requestUpload to completeUpload. */
export interface DirectUploadOptions {
  labels: string[];
  autoProcess: boolean;
  onDuplicate: "REJECT" | "RETURN_EXISTING" | "PROCESS_AGAIN";
  idempotencyKey: string | null;
  /** Absent in uploads requested before the option existed. */
  ocrMode?: OcrMode | null;
}

/**
 * A file a client writes straight into the object store through a presigned
 * URL (s3 driver), declared with its size and SHA-256 when requested and
 * verified against both when completed. The client writes to `stagingKey`
 * only; the document's original is a server-side copy the client cannot touch.
 */
@Entity({ name: "direct_uploads" })
@Index("idx_direct_uploads_owner_status", ["ownerId", "status"])
@Index("idx_direct_uploads_status_expires", ["status", "expiresAt"])
export class DirectUploadEntity {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ name: "owner_id", type: "uuid" })
  ownerId: string;

  @ManyToOne("UserEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "owner_id" })
  owner?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 16 })
  status: DirectUploadStatus;

  /** The client's filename, for display only. */
  @Column({ type: "varchar", length: 1024 })
  filename: string;

  @Column({ name: "storage_filename", type: "varchar", length: 255 })
  storageFilename: string;

  @Column({ name: "content_type", type: "varchar", length: 255, nullable: true })
  contentType: string | null;

  /** Declared by the client; the object must have exactly this many bytes. */
  @Column({ name: "size_bytes", type: "bigint", transformer: bigintAsNumber })
  sizeBytes: number;

  /** Declared by the client, lower-case hex; the object must hash to it. */
  @Column({ type: "char", length: 64 })
  sha256: string;

  /** Where the presigned URL writes. */
  @Column({ name: "staging_key", type: "varchar", length: 1024 })
  stagingKey: string;

  @Column({ type: "jsonb" })
  options: DirectUploadOptions;

  /** Password of an encrypted PDF, sealed; handed to the document when the upload completes. */
  @Column({ name: "pdf_password_enc", type: "text", nullable: true, select: false })
  pdfPasswordEnc: string | null;

  /** The document the upload became (COMPLETED); null when it was deleted since. */
  @Column({ name: "document_id", type: "uuid", nullable: true })
  documentId: string | null;

  @ManyToOne("DocumentEntity", { onDelete: "SET NULL" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<DocumentEntity>;

  /** Why verification refused the object (FAILED), repeated to every later completeUpload. */
  @Column({ name: "error_code", type: "varchar", length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt: Date;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column({ name: "completed_at", type: "timestamptz", nullable: true })
  completedAt: Date | null;
}
