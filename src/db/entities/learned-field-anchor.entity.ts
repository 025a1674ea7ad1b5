import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";
import type { UserEntity } from "./user.entity.js";

/**
 * Where and under which label a person's corrected value of a field stood on
 * one document: what Folio reads first on the next document of the same
 * issuer and owner. One row per (document, field): correcting a field again
 * replaces it; deleting the document forgets it.
 */
@Entity({ name: "learned_field_anchors" })
@Unique("uq_learned_field_anchors_document_field", ["sourceDocumentId", "field"])
@Index("idx_learned_field_anchors_owner_issuer", ["ownerId", "issuerKey"])
export class LearnedFieldAnchorEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "owner_id", type: "uuid" })
  ownerId: string;

  @ManyToOne("UserEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "owner_id" })
  owner?: Relation<UserEntity>;

  /** The issuer's strongest key (`vat:…`, `iban:…`, `reg:…`, `name:…`, `domain:…`). */
  @Column({ name: "issuer_key", type: "varchar", length: 300 })
  issuerKey: string;

  /** Every issuer key of the source document, strongest first: a later document matches on any of them. */
  @Column({ name: "issuer_keys", type: "text", array: true })
  issuerKeys: string[];

  /** The issuer's name as the document gave it, for listing. */
  @Column({ name: "issuer_name", type: "varchar", length: 300, nullable: true })
  issuerName: string | null;

  @Column({ type: "varchar", length: 32 })
  field: string;

  /** Normalised label text; empty when the value had no label (relation `position`). */
  @Column({ type: "varchar", length: 200 })
  label: string;

  /** `right`, `below` or `position`. */
  @Column({ type: "varchar", length: 16 })
  relation: string;

  /** 1-based page of the value. */
  @Column({ type: "integer" })
  page: number;

  /** The value's box, normalised 0–1. */
  @Column({ type: "jsonb" })
  box: { x0: number; y0: number; x1: number; y1: number };

  /** The corrected value itself, for fields that are the same on every document of the issuer (its name); null otherwise. */
  @Column({ type: "jsonb", nullable: true })
  value: string | { amount: number; currency: string | null } | null;

  @Column({ name: "source_document_id", type: "uuid" })
  sourceDocumentId: string;

  @ManyToOne("DocumentEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "source_document_id" })
  sourceDocument?: Relation<DocumentEntity>;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
