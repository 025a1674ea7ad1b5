import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import type { DocumentEntity } from "./document.entity.js";
import type { UserEntity } from "./user.entity.js";

/**
 * A document whose type a person corrected, kept as its word signature: the
 * classifier gives a similar next document of the same owner the corrected
 * type. One row per document; deleting the document forgets it.
 */
@Entity({ name: "learned_type_examples" })
@Index("idx_learned_type_examples_owner", ["ownerId", "createdAt"])
export class LearnedTypeExampleEntity {
  @PrimaryColumn({ name: "document_id", type: "uuid" })
  documentId: string;

  @ManyToOne("DocumentEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "document_id" })
  document?: Relation<DocumentEntity>;

  @Column({ name: "owner_id", type: "uuid" })
  ownerId: string;

  @ManyToOne("UserEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "owner_id" })
  owner?: Relation<UserEntity>;

  /** The type the person gave. */
  @Column({ type: "varchar", length: 32 })
  type: string;

  /** What the classifier had said. */
  @Column({ name: "machine_type", type: "varchar", length: 32, nullable: true })
  machineType: string | null;

  /** Distinct normalised words of the document. */
  @Column({ type: "text", array: true })
  signature: string[];

  /** Issuer keys of the document, so forgetting an issuer forgets its examples too. */
  @Column({ name: "issuer_keys", type: "text", array: true })
  issuerKeys: string[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
