import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from "typeorm";
import type { UserEntity } from "./user.entity.js";

/** Kinds of delivery destination. */
export type DestinationKind = "s3" | "http";

/**
 * Where a user's processed results are delivered. Each active destination
 * becomes its own step (`deliver:<name>`) of every document that completes.
 */
@Entity({ name: "destinations" })
@Unique("uq_destinations_user_name", ["userId", "name"])
export class DestinationEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @ManyToOne("UserEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: Relation<UserEntity>;

  /** `[a-z0-9-]`, unique per user; the step is named `deliver:<name>`. */
  @Column({ type: "varchar", length: 48 })
  name: string;

  @Column({ type: "varchar", length: 16 })
  kind: DestinationKind;

  /** Non-secret settings: s3 → endpoint, region, bucket, prefix, accessKey, pathStyle; http → url. */
  @Column({ type: "jsonb", default: () => "'{}'" })
  config: Record<string, unknown>;

  /** Secret settings (S3 secret key, HTTP authorization header), sealed. */
  @Column({ name: "secret_enc", type: "text", nullable: true, select: false })
  secretEnc: string | null;

  @Column({ type: "boolean", default: true })
  active: boolean;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
