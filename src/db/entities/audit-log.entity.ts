import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/**
 * Who changed or removed what, and when. No foreign keys: the record must
 * outlive the user and the thing it describes.
 */
@Entity({ name: "audit_log" })
@Index("idx_audit_log_created", ["createdAt"])
@Index("idx_audit_log_actor", ["actorUserId", "createdAt"])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  /** Null for the system (e.g. retention). */
  @Column({ name: "actor_user_id", type: "uuid", nullable: true })
  actorUserId: string | null;

  @Column({ name: "actor_email", type: "varchar", length: 320, nullable: true })
  actorEmail: string | null;

  /** The API key the actor used (null for the system and for records written before keys were recorded). */
  @Column({ name: "api_key_id", type: "uuid", nullable: true })
  apiKeyId: string | null;

  /** That key's public prefix, copied so the record still names the key after it is deleted. */
  @Column({ name: "api_key_prefix", type: "varchar", length: 16, nullable: true })
  apiKeyPrefix: string | null;

  /** e.g. `document.reprocess`, `document.delete`, `api_key.revoke`, `webhook.create`, `user.update`. */
  @Column({ type: "varchar", length: 64 })
  action: string;

  @Column({ name: "target_type", type: "varchar", length: 32 })
  targetType: string;

  @Column({ name: "target_id", type: "varchar", length: 64, nullable: true })
  targetId: string | null;

  @Column({ type: "jsonb", default: () => "'{}'" })
  detail: Record<string, unknown>;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
