import type { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyService } from "../../src/auth/api-key.service.js";
import { UserEntity } from "../../src/db/entities/index.js";
import { connectTestDatabase, uniqueEmail } from "../support/database.js";

let db: DataSource;
let keys: ApiKeyService;

beforeAll(async () => {
  db = await connectTestDatabase();
  keys = new ApiKeyService(db);
});
afterAll(async () => {
  await db.destroy();
});

async function newUser(): Promise<UserEntity> {
  return db.getRepository(UserEntity).save({ email: uniqueEmail("keys"), isAdmin: false });
}

describe("API keys", () => {
  it("verifies a freshly issued key and returns its owner", async () => {
    const user = await newUser();
    const { key } = await keys.create(user.id, "laptop");
    expect(key).toMatch(/^folio_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const verified = await keys.verify(key);
    expect(verified?.user.id).toBe(user.id);
    expect(verified?.apiKey.name).toBe("laptop");
    expect(verified?.apiKey.lastUsedAt).toBeInstanceOf(Date);
  });

  it("rejects a key whose secret is wrong but whose prefix is right", async () => {
    const { key } = await keys.create((await newUser()).id);
    const last = key.at(-1) === "A" ? "B" : "A";
    expect(await keys.verify(key.slice(0, -1) + last)).toBeNull();
  });

  it.each(["", "folio_", "Bearer abc", "folio_zzzzzzzzzzzz_" + "a".repeat(43), "x".repeat(5000), "folio_0123456789ab_short"])(
    "rejects the malformed or unknown key %j",
    async (presented) => {
      expect(await keys.verify(presented)).toBeNull();
    },
  );

  it("rejects a revoked key, revoked by id or by prefix", async () => {
    const user = await newUser();
    const first = await keys.create(user.id, "one");
    const second = await keys.create(user.id, "two");
    await keys.revoke(first.record.id);
    await keys.revoke(second.record.prefix);
    expect(await keys.verify(first.key)).toBeNull();
    expect(await keys.verify(second.key)).toBeNull();
    const listed = await keys.list(user.id);
    expect(listed.map((k) => k.revokedAt)).not.toContain(null);
  });

  it("does not let a user revoke another user's key", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const { key, record } = await keys.create(owner.id);
    await expect(keys.revoke(record.id, other.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await keys.verify(key)).not.toBeNull();
  });

  it("stores no part of the secret in the database", async () => {
    const user = await newUser();
    const { key, record } = await keys.create(user.id);
    const secret = key.split("_").slice(2).join("_");
    const rows = (await db.query(`SELECT * FROM api_keys WHERE id = $1`, [record.id])) as Record<string, unknown>[];
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(secret.slice(0, 16));
    expect(raw).not.toContain(key);
    expect(rows[0]!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    // Nor anywhere else: no other table holds it either.
    const dump = (await db.query(`SELECT string_agg(t::text, '') AS all FROM (SELECT * FROM users WHERE id = $1) t`, [user.id])) as { all: string }[];
    expect(dump[0]!.all).not.toContain(secret);
  });

  it("refuses a key for a user that does not exist", async () => {
    await expect(keys.create("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
