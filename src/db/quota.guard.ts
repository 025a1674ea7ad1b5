import type { DataSource, EntityManager } from "typeorm";
import { isUuid } from "../common/uuid.js";
import { LimitExceededError, NotFoundError } from "../errors/app.error.js";

/** What {@link createWithinQuota} needs to know about one kind of per-user resource. */
export interface QuotaRule<T> {
  userId: string;
  /** Machine name of the resource, reported in `extensions.resource` (e.g. `apiKeys`). */
  resource: string;
  /** Human name for the message (e.g. `API keys`). */
  label: string;
  /** How many the user may have. */
  limit: number;
  /** How many the user has now (counted inside the locked transaction). */
  count(manager: EntityManager): Promise<number>;
  /** Create the new one (inside the same transaction). */
  create(manager: EntityManager): Promise<T>;
}

/**
 * Create a per-user resource unless the user already has `limit` of them.
 * Count and insert run in one transaction that first locks the user's row, so
 * concurrent creations for the same user queue up behind each other and cannot
 * all see "limit − 1" and overshoot. `FOR NO KEY UPDATE` rather than
 * `FOR UPDATE`: foreign-key checks of other inserts for this user (documents,
 * events) take `FOR KEY SHARE`, which this lock does not block.
 *
 * @throws {@link LimitExceededError} `LIMIT_EXCEEDED` with `details.limit`; NOT_FOUND when the user does not exist.
 */
export async function createWithinQuota<T>(dataSource: DataSource, rule: QuotaRule<T>): Promise<T> {
  if (!isUuid(rule.userId)) throw new NotFoundError("User");
  return dataSource.transaction(async (manager) => {
    const locked = (await manager.query(`SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE`, [rule.userId])) as unknown[];
    if (locked.length === 0) throw new NotFoundError("User");
    const current = await rule.count(manager);
    if (current >= rule.limit) {
      throw new LimitExceededError(rule.resource, rule.limit, `You already have ${current} ${rule.label}; the limit is ${rule.limit}. Delete one first.`);
    }
    return rule.create(manager);
  });
}
