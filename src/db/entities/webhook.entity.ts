import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from "typeorm";
import type { UserEntity } from "./user.entity.js";

/** An HTTPS endpoint a user registered to be told about their documents. */
@Entity({ name: "webhooks" })
export class WebhookEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "user_id", type: "uuid" })
  @Index("idx_webhooks_user")
  userId: string;

  @ManyToOne("UserEntity", { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: Relation<UserEntity>;

  @Column({ type: "varchar", length: 2048 })
  url: string;

  /** Event names the endpoint wants, e.g. `document.completed`. */
  @Column({ type: "jsonb", default: () => "'[]'" })
  events: string[];

  @Column({ type: "varchar", length: 500, nullable: true })
  description: string | null;

  /** The signing secret, sealed (it must be readable to sign, so it is encrypted rather than hashed). */
  @Column({ name: "secret_enc", type: "text", select: false })
  secretEnc: string;

  @Column({ type: "boolean", default: true })
  active: boolean;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
