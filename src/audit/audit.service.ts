import type { DataSource, EntityManager } from "typeorm";
import { AuditLogEntity } from "../db/entities/index.js";
import { ValidationError } from "../errors/app.error.js";
import { isUuid } from "../common/uuid.js";

/** Who did it: a user (id and e-mail are copied, so the record outlives the account), or null for the system. */
export interface AuditActor {
  id: string;
  email: string;
}

/** One audit record to write. */
export interface AuditEntry {
  /** The user who acted; null (or undefined) for the system, e.g. retention. */
  actor: AuditActor | null | undefined;
  /** The API key the actor used, when the action came through the API. */
  apiKey?: { id: string; prefix: string } | null;
  /** `<area>.<verb>`, lower-case: `document.delete`, `api_key.revoke`, `webhook.create`, `retention.run`. */
  action: string;
  /** What kind of thing was changed: `document`, `api_key`, `user`, `webhook`, … */
  targetType: string;
  /** Its id, when there is one thing (ids longer than 64 characters are cut). */
  targetId?: string | null;
  /** Small JSON facts (never secrets): what changed, counts, the previous value. */
  detail?: Record<string, unknown>;
}

const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const TARGET_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * Append one record to the audit log. Pass the transaction's EntityManager to
 * write it atomically with the change, or the DataSource to write it after the
 * change committed. Throws (never swallows) when the record cannot be written.
 *
 * Stable API: `recordAudit(managerOrDataSource, { actor, action, targetType, targetId, detail })`.
 */
export async function recordAudit(db: EntityManager | DataSource, entry: AuditEntry): Promise<AuditLogEntity> {
  if (!ACTION_PATTERN.test(entry.action) || entry.action.length > 64) {
    throw new TypeError(`Audit action "${entry.action}" must look like "area.verb" (lower-case, at most 64 characters).`);
  }
  if (!TARGET_TYPE_PATTERN.test(entry.targetType)) {
    throw new TypeError(`Audit target type "${entry.targetType}" must be lower-case snake_case of at most 32 characters.`);
  }
  const repo = db.getRepository(AuditLogEntity);
  return repo.save(
    repo.create({
      actorUserId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      apiKeyId: entry.apiKey?.id ?? null,
      apiKeyPrefix: entry.apiKey?.prefix ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === null || entry.targetId === undefined ? null : String(entry.targetId).slice(0, 64),
      detail: entry.detail ?? {},
    }),
  );
}

/** Which audit records to list; every field narrows the result. */
export interface AuditQuery {
  actorUserId?: string | null;
  /** An exact action, or a prefix ending in `.*` (`document.*`). */
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Inclusive bounds on `createdAt`. */
  from?: Date | null;
  to?: Date | null;
  first: number;
  /** A cursor from a previous page. */
  after?: string | null;
}

export interface AuditPage {
  rows: { entry: AuditLogEntity; cursor: string }[];
  hasNextPage: boolean;
}


const encodeCursor = (id: string) => Buffer.from(`audit:${id}`).toString("base64url");

function decodeCursor(value: string): string {
  const decoded = Buffer.from(value, "base64url").toString("utf8");
  const match = /^audit:(\d{1,19})$/.exec(decoded);
  // The id is a PostgreSQL bigint: a larger number would fail in SQL rather than here.
  if (!match || BigInt(match[1]!) > 9223372036854775807n) throw new ValidationError("`after` is not a cursor this API issued.");
  return match[1]!;
}

/**
 * Audit records, newest first (created_at, then id), with keyset pagination:
 * the cursor names a record, and the next page starts strictly after it, so
 * records written meanwhile never shift a page.
 */
export async function queryAuditLog(db: DataSource | EntityManager, query: AuditQuery): Promise<AuditPage> {
  const qb = db.getRepository(AuditLogEntity).createQueryBuilder("a");
  if (query.actorUserId) {
    // A malformed id matches nobody rather than failing the uuid cast.
    if (!isUuid(query.actorUserId)) return { rows: [], hasNextPage: false };
    qb.andWhere("a.actor_user_id = :actor", { actor: query.actorUserId });
  }
  if (query.action) {
    if (query.action.endsWith(".*")) {
      const prefix = query.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
      qb.andWhere("a.action LIKE :actionPrefix", { actionPrefix: `${prefix}%` });
    } else {
      qb.andWhere("a.action = :action", { action: query.action });
    }
  }
  if (query.targetType) qb.andWhere("a.target_type = :targetType", { targetType: query.targetType });
  if (query.targetId) qb.andWhere("a.target_id = :targetId", { targetId: query.targetId });
  if (query.from) qb.andWhere("a.created_at >= :from", { from: query.from });
  if (query.to) qb.andWhere("a.created_at <= :to", { to: query.to });
  if (query.after) {
    qb.andWhere("(a.created_at, a.id) < (SELECT c.created_at, c.id FROM audit_log c WHERE c.id = :afterId)", { afterId: decodeCursor(query.after) });
  }
  const rows = await qb
    .orderBy("a.createdAt", "DESC")
    .addOrderBy("a.id", "DESC")
    .limit(query.first + 1)
    .getMany();
  const page = rows.slice(0, query.first);
  return { rows: page.map((entry) => ({ entry, cursor: encodeCursor(entry.id) })), hasNextPage: rows.length > query.first };
}
