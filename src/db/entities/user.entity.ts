import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from "typeorm";
import type { ApiKeyEntity } from "./api-key.entity.js";

/** A person or program that owns documents. E-mails are stored lower-cased. */
@Entity({ name: "users" })
export class UserEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "varchar", length: 320, unique: true })
  email: string;

  @Column({ name: "is_admin", type: "boolean", default: false })
  isAdmin: boolean;

  /** Days a COMPLETED document is kept; null → RETENTION_COMPLETED_DAYS; 0 → forever. */
  @Column({ name: "retention_completed_days", type: "integer", nullable: true })
  retentionCompletedDays: number | null;

  /** Days a FAILED or CANCELLED document is kept; null → RETENTION_FAILED_DAYS; 0 → forever. */
  @Column({ name: "retention_failed_days", type: "integer", nullable: true })
  retentionFailedDays: number | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @OneToMany("ApiKeyEntity", (key: ApiKeyEntity) => key.user)
  apiKeys?: Relation<ApiKeyEntity[]>;
}
