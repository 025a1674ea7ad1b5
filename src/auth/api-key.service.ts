import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { IsNull, type DataSource, type Repository } from "typeorm";
import { ApiKeyEntity, type UserEntity } from "../db/entities/index.js";
import { NotFoundError, ValidationError } from "../errors/app.error.js";
import { createWithinQuota } from "../db/quota.guard.js";
import { isUuid } from "../common/uuid.js";
import type { AccessChangeNotifier } from "./access-change.js";

/**
 * API keys look like `folio_<prefix>_<secret>`: the 12-hex-digit prefix is public
 * (shown in listings, indexed for look-up) and the 43-character secret is shown
 * once and stored only as its SHA-256. A fast hash is right here: the secret has
 * 256 bits of entropy, so there is nothing for a slow hash to protect.
 */
const KEY_PATTERN = /^folio_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** Only refresh `last_used_at` this often, so verifying a key is not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A freshly created key: `key` is the full secret and is never retrievable again. */
export interface IssuedApiKey {
  key: string;
  record: ApiKeyEntity;
}

/** The user a verified key belongs to. */
export interface VerifiedKey {
  user: UserEntity;
  apiKey: ApiKeyEntity;
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Creates, verifies, lists and revokes API keys. */
export class ApiKeyService {
  private readonly keys: Repository<ApiKeyEntity>;

  private readonly maxPerUser: number;
  private readonly access?: AccessChangeNotifier;

  /**
   * `maxPerUser`: how many unrevoked keys one user may hold (MAX_API_KEYS_PER_USER; default 20).
   * `access` is told about every revocation, so API instances close the key's open sockets.
   */
  constructor(
    private readonly dataSource: DataSource,
    options: { maxPerUser?: number; access?: AccessChangeNotifier } = {},
  ) {
    this.keys = dataSource.getRepository(ApiKeyEntity);
    this.maxPerUser = options.maxPerUser ?? 20;
    this.access = options.access;
  }

  /**
   * Issue a new key for a user. Every key shares its user's rate limits, and a
   * user holds at most `maxPerUser` unrevoked keys (LIMIT_EXCEEDED beyond).
   */
  async create(userId: string, name = "default"): Promise<IssuedApiKey> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) throw new ValidationError("Key name must be 1 to 100 characters.");
    const prefix = randomBytes(6).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const record = await createWithinQuota(this.dataSource, {
      userId,
      resource: "apiKeys",
      label: "active API keys",
      limit: this.maxPerUser,
      count: (m) => m.countBy(ApiKeyEntity, { userId, revokedAt: IsNull() }),
      create: (m) => m.save(m.create(ApiKeyEntity, { userId, name: trimmed, prefix, secretHash: hashSecret(secret), lastUsedAt: null, revokedAt: null })),
    });
    return { key: `folio_${prefix}_${secret}`, record };
  }

  /**
   * The user and key behind a presented key, or null when the key is malformed,
   * unknown, revoked or wrong. All failures look the same to the caller.
   */
  async verify(presented: string): Promise<VerifiedKey | null> {
    const match = KEY_PATTERN.exec(presented.trim());
    if (!match) return null;
    const [, prefix, secret] = match as unknown as [string, string, string];
    // `find`, not `findOne`: with a joined relation TypeORM turns findOne's LIMIT 1 into two queries (a DISTINCT
    // id query, then the row), a second round trip on every request. `prefix` is unique, so at most one row comes back.
    const [apiKey] = await this.keys.find({ where: { prefix, revokedAt: IsNull() }, relations: { user: true } });
    if (!apiKey?.user) return null;
    const expected = Buffer.from(apiKey.secretHash, "hex");
    const given = Buffer.from(hashSecret(secret), "hex");
    if (!timingSafeEqual(expected, given)) return null;
    const now = new Date();
    if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.update({ id: apiKey.id }, { lastUsedAt: now });
      apiKey.lastUsedAt = now;
    }
    return { user: apiKey.user, apiKey };
  }

  /** A user's keys, newest first (revoked ones included, marked). */
  list(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: "DESC" } });
  }

  /**
   * Revoke a key by id or by its public prefix. When `userId` is given the key
   * must belong to that user (another user's key is NOT_FOUND). Revoking twice is harmless
   * (and notifies again, which only makes API instances re-check).
   */
  async revoke(idOrPrefix: string, userId?: string): Promise<ApiKeyEntity> {
    const byId = isUuid(idOrPrefix);
    const where = byId ? { id: idOrPrefix } : { prefix: idOrPrefix.replace(/^folio_/, "").slice(0, 12) };
    const key = await this.keys.findOneBy(userId ? { ...where, userId } : where);
    if (!key) throw new NotFoundError("API key");
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.update({ id: key.id }, { revokedAt: key.revokedAt });
    }
    await this.access?.notify({ reason: "key.revoked", userId: key.userId, keyId: key.id });
    return key;
  }
}
