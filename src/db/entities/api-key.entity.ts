import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import type { UserEntity } from "./user.entity.js";

/**
 * An API key. Only a SHA-256 hash of the secret is stored; `prefix` is the short
 * public part shown in listings and used to find the row without scanning.
 */
@Entity({ name: "api_keys" })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "user_id", type: "uuid" })
  @Index("idx_api_keys_user")
  userId: string;

  @ManyToOne("UserEntity", (user: UserEntity) => user.apiKeys, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 100 })
  name: string;

  @Column({ type: "varchar", length: 16, unique: true })
  prefix: string;

  /** Hex SHA-256 of the secret part of the key. */
  @Column({ name: "secret_hash", type: "char", length: 64 })
  secretHash: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column({ name: "last_used_at", type: "timestamptz", nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: "revoked_at", type: "timestamptz", nullable: true })
  revokedAt: Date | null;
}
