/**
 * Security issue, item 8: limits that could be sidestepped. Rate limits were
 * kept per API key while keys were unlimited (the attacker minted 200 keys in
 * 9 s and got 200 budgets), and one user could create 150 destinations. Now
 * the budgets belong to the user, and keys, destinations and webhooks are
 * capped per user (race-free: concurrent creations cannot overshoot).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateApiKeyDocument,
  CreateDestinationDocument,
  CreateWebhookDocument,
  ProcessingStatsDocument,
  RevokeApiKeyDocument,
} from "../../src/client/index.js";
import { FolioClient, FolioClientError } from "../../src/client/folio-client.js";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";

const exec = promisify(execFile);
const LIMIT = 3;
let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness({
    withWorker: false,
    env: {
      MAX_API_KEYS_PER_USER: String(LIMIT),
      MAX_DESTINATIONS_PER_USER: String(LIMIT),
      MAX_WEBHOOKS_PER_USER: String(LIMIT),
      QUERY_RATE_LIMIT: "4",
      RATE_LIMIT_WINDOW_SECONDS: "3600",
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    },
  });
});

afterAll(async () => {
  await h?.close();
});

/** The GraphQL error a request ends with (or a failure when it succeeds). */
async function graphqlError(request: Promise<unknown>): Promise<{ code: string; extensions: Record<string, unknown> }> {
  const error = await request.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FolioClientError);
  const e = error as FolioClientError;
  return { code: e.code, extensions: e.errors[0]?.extensions ?? {} };
}

describe("per-user caps", () => {
  it("refuses API key N+1 through the GraphQL mutation with LIMIT_EXCEEDED and the limit; revoking frees a slot", async () => {
    const user = await h.createUser(); // holds key 1
    for (let i = 2; i <= LIMIT; i++) await user.client.request(CreateApiKeyDocument, { name: `key-${i}` });
    const refused = await graphqlError(user.client.request(CreateApiKeyDocument, { name: "one-too-many" }));
    expect(refused.code).toBe("LIMIT_EXCEEDED");
    expect(refused.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: LIMIT, resource: "apiKeys" });

    const keys = await h.pipeline.ctx.apiKeys.list(user.id);
    await user.client.request(RevokeApiKeyDocument, { id: keys.find((k) => k.name === "key-2")!.id });
    await expect(user.client.request(CreateApiKeyDocument, { name: "replacement" })).resolves.toBeTruthy();
  });

  it("cannot be overshot by concurrent requests (the count is taken under a lock on the user)", async () => {
    const user = await h.createUser();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => user.client.request(CreateApiKeyDocument, { name: `race-${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(LIMIT - 1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as FolioClientError).code).toBe("LIMIT_EXCEEDED");
    expect((await h.pipeline.ctx.apiKeys.list(user.id)).filter((k) => !k.revokedAt)).toHaveLength(LIMIT);
  });

  it("refuses API key N+1 on the CLI path (`folio key create`)", { timeout: 120_000 }, async () => {
    const user = await h.createUser();
    for (let i = 2; i <= LIMIT; i++) await h.pipeline.ctx.apiKeys.create(user.id, `cli-${i}`);
    // The service the CLI calls refuses with a typed error…
    await expect(h.pipeline.ctx.apiKeys.create(user.id, "service")).rejects.toMatchObject({ code: "LIMIT_EXCEEDED", details: { limit: LIMIT } });
    // …and the real CLI process reports it and fails.
    const cli = await exec(process.execPath, ["--import", "tsx", "src/main.ts", "key", "create", "--user", user.email, "--name", "cli-extra"], {
      env: { ...process.env, ...h.pipeline.env, LOG_LEVEL: "error" },
    }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain("LIMIT_EXCEEDED");
    expect((await h.pipeline.ctx.apiKeys.list(user.id)).filter((k) => !k.revokedAt)).toHaveLength(LIMIT);
  });

  it("refuses destination N+1 with LIMIT_EXCEEDED", async () => {
    const user = await h.createUser();
    const create = (i: number) => user.client.request(CreateDestinationDocument, { input: { name: `dest-${i}`, kind: "HTTP", http: { url: `http://127.0.0.1:9/d${i}` } } });
    for (let i = 1; i <= LIMIT; i++) await create(i);
    const refused = await graphqlError(create(LIMIT + 1));
    expect(refused.code).toBe("LIMIT_EXCEEDED");
    expect(refused.extensions).toMatchObject({ limit: LIMIT, resource: "destinations" });
  });

  it("refuses webhook N+1 with LIMIT_EXCEEDED", async () => {
    const user = await h.createUser();
    const create = (i: number) => user.client.request(CreateWebhookDocument, { input: { url: `http://127.0.0.1:9/w${i}`, events: ["document.completed"] } });
    for (let i = 1; i <= LIMIT; i++) await create(i);
    const refused = await graphqlError(create(LIMIT + 1));
    expect(refused.code).toBe("LIMIT_EXCEEDED");
    expect(refused.extensions).toMatchObject({ limit: LIMIT, resource: "webhooks" });
  });
});

describe("per-user rate limits", () => {
  it("two keys of one user share one budget", async () => {
    const user = await h.createUser();
    const { createApiKey } = await user.client.request(CreateApiKeyDocument, { name: "second" });
    const second = new FolioClient({ url: h.url, apiKey: createApiKey.key, webSocketImpl: WebSocket });
    try {
      // QUERY_RATE_LIMIT is 4 per window: two on each key use it up.
      for (const client of [user.client, user.client, second, second]) await client.request(ProcessingStatsDocument, {});
      for (const client of [user.client, second]) {
        const refused = await graphqlError(client.request(ProcessingStatsDocument, {}));
        expect(refused.code).toBe("RATE_LIMITED");
      }
      // Another user's budget is untouched.
      const other = await h.createUser();
      await expect(other.client.request(ProcessingStatsDocument, {})).resolves.toBeTruthy();
    } finally {
      await second.close();
    }
  });
});
