import { randomUUID } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { UploadDocumentDocument } from "../../src/client/index.js";
import { DocumentEntity } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { expectStillServing, postGraphQL } from "./attack-support.js";

/*
 * Security issue, item 5: 1,000 aliases of `document(id){ text(limit:1000000){ content } }`
 * cost 3,000 (under the 5,000 budget) and took the API to 2.2 GB; 3,000
 * documentProgress subscriptions on one socket added 190 MB. Tested by
 * behaviour: the refusals and their codes, not memory.
 */

const TEXT_BYTES = 800;
const MAX_RESPONSE_TEXT_BYTES = 2_000;
const PER_SOCKET = 3;
const PER_KEY = 5;

/** Upload a small file (no worker: it stays QUEUED, its progress stream stays open) and give it extracted `text`. */
async function documentWithText(h: ApiHarness, user: ApiUser, text: string): Promise<string> {
  // Intake stores any bytes (type detection is a pipeline step, and no worker runs here); unique content avoids DUPLICATE_DOCUMENT.
  const bytes = Buffer.from(`security test ${randomUUID()}`);
  const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename: "note.txt", contentType: "text/plain" } });
  await h.pipeline.ctx.dataSource.getRepository(DocumentEntity).update(uploadDocument.document.id, { extractedText: text });
  return uploadDocument.document.id;
}

function aliasedText(id: string, count: number, limit: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `d${i}: document(id: "${id}") { text(limit: ${limit}) { content } }`).join(" ")} }`;
}

describe("a production API under memory attacks", () => {
  let h: ApiHarness;
  let user: ApiUser;
  let docId: string;

  beforeAll(async () => {
    h = await startApiHarness({
      withWorker: false,
      env: {
        NODE_ENV: "production",
        MAX_RESPONSE_TEXT_BYTES: String(MAX_RESPONSE_TEXT_BYTES),
        MAX_SUBSCRIPTIONS_PER_SOCKET: String(PER_SOCKET),
        MAX_SUBSCRIPTIONS_PER_KEY: String(PER_KEY),
      },
    });
    user = await h.createUser();
    docId = await documentWithText(h, user, "é".repeat(TEXT_BYTES / 2)); // 400 characters, 800 UTF-8 bytes
  });
  afterAll(async () => {
    await h?.close();
  });

  it("refuses the 1,000-alias query of the report (it is past GRAPHQL_MAX_TOKENS), and any query selecting one field more than GRAPHQL_MAX_ALIASES times with TOO_MANY_ALIASES", async () => {
    const report = await postGraphQL(h.url, aliasedText(docId, 1_000, 1_000_000), { apiKey: user.apiKey });
    expect(report.status).toBe(400);
    expect(report.body.data ?? null).toBeNull();
    expect(report.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");

    const maxAliases = h.pipeline.config.api.maxAliases;
    const answer = await postGraphQL(h.url, aliasedText(docId, maxAliases + 1, 1_000), { apiKey: user.apiKey });
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ALIASES");
    expect(answer.body.errors?.[0]?.extensions?.maxAliases).toBe(maxAliases);
    await expectStillServing(h.url);
  });

  it("counts text(limit:) in the budget: six 1,000,000-character slices are QUERY_TOO_COMPLEX, six 1,000-character ones are fine", async () => {
    const big = await postGraphQL(h.url, aliasedText(docId, 6, 1_000_000), { apiKey: user.apiKey });
    expect(big.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(big.body.errors?.[0]?.extensions?.complexity).toBeGreaterThan(6_000);
    const viaVariable = await postGraphQL(h.url, `query($n: Int!) { a: document(id: "${docId}") { text(limit: $n) { content } } b: document(id: "${docId}") { text(limit: $n) { content } } c: document(id: "${docId}") { text(limit: $n) { content } } d: document(id: "${docId}") { text(limit: $n) { content } } e: document(id: "${docId}") { text(limit: $n) { content } } f: document(id: "${docId}") { text(limit: $n) { content } } }`, { apiKey: user.apiKey, variables: { n: 1_000_000 } });
    expect(viaVariable.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    const small = await postGraphQL(h.url, `{ d: document(id: "${docId}") { text(limit: 1000) { content totalLength truncated } } }`, { apiKey: user.apiKey });
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data).toEqual({ d: { text: { content: "é".repeat(400), totalLength: 400, truncated: false } } });
  });

  it("answers a text limit given as a variable of the wrong type with VALIDATION_FAILED (the cost cannot be priced), not a 500", async () => {
    const answer = await postGraphQL(h.url, `query($n: Int!) { document(id: "${docId}") { text(limit: $n) { content } } }`, { apiKey: user.apiKey, variables: { n: "a lot" } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });

  it("stops putting document text into a response past MAX_RESPONSE_TEXT_BYTES with RESPONSE_TOO_LARGE on the fields past it", async () => {
    // Three slices of 800 bytes: two fit in 2,000 bytes, the third does not.
    const answer = await postGraphQL(h.url, aliasedText(docId, 3, 1_000), { apiKey: user.apiKey });
    expect(answer.status).toBe(200);
    const data = answer.body.data as Record<string, { text: { content: string } | null }>;
    const served = Object.values(data).filter((d) => d.text !== null);
    expect(served).toHaveLength(2);
    expect(served.every((d) => d.text!.content.length === 400)).toBe(true);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("RESPONSE_TOO_LARGE");
    expect(answer.body.errors?.[0]?.extensions?.maxResponseTextBytes).toBe(MAX_RESPONSE_TEXT_BYTES);
    // The cap is per response: the next request gets its own.
    const again = await postGraphQL(h.url, aliasedText(docId, 2, 1_000), { apiKey: user.apiKey });
    expect(again.body.errors).toBeUndefined();
    await expectStillServing(h.url);
  });

  describe("subscriptions", () => {
    const clients: Client[] = [];
    const connect = (apiKey: string) => {
      const client = createClient({ url: `${h.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${apiKey}` }, lazy: true, retryAttempts: 0 });
      clients.push(client);
      return client;
    };
    /** Subscribe to documentProgress; resolves with "open" at the first event (the logged document.queued) or the error's code. */
    const subscribe = (client: Client) => {
      let dispose = () => {};
      const outcome = new Promise<string>((resolve) => {
        dispose = client.subscribe<{ documentProgress: { seq: number } }>(
          { query: `subscription { documentProgress(id: "${docId}") { seq type } }` },
          {
            next: () => resolve("open"),
            error: (errors) => resolve(String((errors as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? JSON.stringify(errors))),
            complete: () => resolve("complete"),
          },
        );
      });
      return { outcome, dispose: () => dispose() };
    };
    afterAll(async () => {
      for (const client of clients) await client.dispose();
    });

    it("refuses an operation past MAX_SUBSCRIPTIONS_PER_SOCKET on one socket, and past MAX_SUBSCRIPTIONS_PER_KEY over all of a key's sockets, with TOO_MANY_SUBSCRIPTIONS", async () => {
      const first = connect(user.apiKey);
      const onFirst = Array.from({ length: PER_SOCKET }, () => subscribe(first));
      expect(await Promise.all(onFirst.map((s) => s.outcome))).toEqual(Array(PER_SOCKET).fill("open"));
      expect(await subscribe(first).outcome).toBe("TOO_MANY_SUBSCRIPTIONS");

      // Completing one frees its place on the socket.
      onFirst[0]!.dispose();
      await expectStillServing(h.url);
      const replacement = subscribe(first);
      expect(await replacement.outcome).toBe("open");

      // A second socket of the same key: the key has PER_SOCKET open, PER_KEY - PER_SOCKET more fit.
      const second = connect(user.apiKey);
      const onSecond = Array.from({ length: PER_KEY - PER_SOCKET }, () => subscribe(second));
      expect(await Promise.all(onSecond.map((s) => s.outcome))).toEqual(Array(PER_KEY - PER_SOCKET).fill("open"));
      expect(await subscribe(second).outcome).toBe("TOO_MANY_SUBSCRIPTIONS");
      // A fresh socket of the same key is refused too: the key is full.
      expect(await subscribe(connect(user.apiKey)).outcome).toBe("TOO_MANY_SUBSCRIPTIONS");

      // Another key is counted on its own.
      const other = await h.createUser();
      const otherDoc = await documentWithText(h, other, "x");
      const own = await new Promise<string>((resolve) => {
        connect(other.apiKey).subscribe({ query: `subscription { documentProgress(id: "${otherDoc}") { seq } }` }, { next: () => resolve("open"), error: () => resolve("error"), complete: () => resolve("complete") });
      });
      expect(own).toBe("open");
      await expectStillServing(h.url);
    });
  });
});
