import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";

/** The `field` of a row that corrects the document's type rather than a field. */
export const TYPE_CORRECTION_FIELD = "document_type";

/**
 * One correction a person made to a completed document, append-only: a
 * field's value, or (field {@link TYPE_CORRECTION_FIELD}) the document's type.
 * The document shows the machine's reading with the latest correction of each
 * field applied; a reprocessed document gets them applied again over its new
 * reading. Gone with the document.
 */
@Entity({ name: "field_corrections" })
@Index("idx_field_corrections_document", ["documentId", "id"])
@Index("idx_field_corrections_owner_field", ["ownerId", "field"])
export class FieldCorrectionEntity {
  /** Increasing in the order corrections commit (they queue on the document's row lock): the latest of a field wins. */
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ name: "document_id", type: "uuid" })
  documentId: string;

  @ManyToOne("DocumentEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<DocumentEntity>;

  /** The document's owner (copied, so a learner can select an owner's corrections without a join). */
  @Column({ name: "owner_id", type: "uuid" })
  ownerId: string;

  /** Who corrected: the owner or an administrator. No foreign key: the record outlives the account. */
  @Column({ name: "actor_id", type: "uuid" })
  actorId: string;

  /** A field name (`invoice_number`, `total`, …) or {@link TYPE_CORRECTION_FIELD}. */
  @Column({ type: "varchar", length: 32 })
  field: string;

  /** The normalised value: a string (dates YYYY-MM-DD, ids, the type) or `{ amount, currency }`. */
  @Column({ type: "jsonb" })
  value: unknown;

  /** The value as the person typed it. */
  @Column({ type: "text" })
  raw: string;

  /** The 1-based page the person pointed at, with `box`; null when they drew none. */
  @Column({ type: "integer", nullable: true })
  page: number | null;

  /** `{ x0, y0, x1, y1 }` in 0–1 page coordinates, origin top-left. */
  @Column({ type: "jsonb", nullable: true })
  box: unknown;

  /** The machine's reading of the field when the correction was made (the whole field; for a type, the type); null when it had none. */
  @Column({ name: "machine_value", type: "jsonb", nullable: true })
  machineValue: unknown;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
