import { In, type DataSource } from "typeorm";
import { UserEntity } from "../db/entities/index.js";
import { queryAuditLog, type AuditPage, type AuditQuery } from "./audit.service.js";

/** A user's retention overrides (null: the global default applies). */
export type RetentionOverrides = Pick<UserEntity, "id" | "retentionCompletedDays" | "retentionFailedDays">;

/** What the admin API reads: the audit log and users' retention settings. */
export class AuditReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of audit records, newest first (see {@link queryAuditLog}). */
  page(query: AuditQuery): Promise<AuditPage> {
    return queryAuditLog(this.dataSource, query);
  }

  /** The retention overrides of several users in one query, in the order of `userIds` (null for a missing user). */
  async retentionOverrides(userIds: readonly string[]): Promise<(RetentionOverrides | null)[]> {
    const rows = await this.dataSource.getRepository(UserEntity).find({
      where: { id: In([...userIds]) },
      select: { id: true, retentionCompletedDays: true, retentionFailedDays: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return userIds.map((id) => byId.get(id) ?? null);
  }
}
