import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  CancelDocumentDocument,
  CorrectDocumentTypeDocument,
  CorrectFieldDocument,
  CreateApiKeyDocument,
  DeleteDocumentDocument,
  DocumentDocument,
  DocumentEventsDocument,
  DocumentProgressDocument,
  DocumentsDocument,
  FolioClient,
  FolioClientError,
  MeDocument,
  ProcessDocumentDocument,
  ProcessingStatsDocument,
  ReprocessDocumentDocument,
  RevokeApiKeyDocument,
  UploadDocumentDocument,
} from "../../src/client/index.js";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { invoicePdf, RECEIPT as RECEIPT_TRUTH, receiptJpeg, writeFixtures } from "../support/fixtures.js";

// Generated documents, written once for this file (removed after its last test).
const fixtures = await writeFixtures({ "receipt.jpg": receiptJpeg(), "invoice.pdf": invoicePdf() });
afterAll(() => fixtures.remove());
const RECEIPT = fixtures.path("receipt.jpg");
const TEXT_PDF = fixtures.path("invoice.pdf");

// ─── helpers ────────────────────────────────────────────────────────────────

interface RawError {
  message: string;
  extensions?: Record<string, unknown>;
}
interface RawAnswer {
  status: number;
  body: { data?: unknown; errors?: RawError[] };
  text: string;
}

/** POST a GraphQL request with plain fetch (no SDK), with whatever headers the test wants. */
async function rawGraphQL(url: string, query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}): Promise<RawAnswer> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as RawAnswer["body"], text };
}

/** No error of an answer carries a stack trace, in its extensions or anywhere in the body. */
function expectNoStack(answer: { errors?: readonly RawError[] }, text = JSON.stringify(answer)) {
  expect(answer.errors?.length).toBeGreaterThan(0);
  for (const error of answer.errors ?? []) {
    expect(error.extensions ?? {}).not.toHaveProperty("stacktrace");
    expect(error.extensions ?? {}).not.toHaveProperty("exception");
  }
  expect(text).not.toMatch(/stacktrace|\bat \S+ \(|node_modules|\.ts:\d+/);
}

/** The FolioClientError an operation fails with (fails the test when it succeeds or throws anything else). */
async function failure(run: () => Promise<unknown>): Promise<FolioClientError> {
  const outcome = await run().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected the operation to fail, it returned ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(FolioClientError);
  return outcome.error as FolioClientError;
}

/** What a caller can observe of a failure: everything but the stack of the client-side Error object. */
const observable = (e: FolioClientError) => ({ code: e.code, message: e.message, errors: e.errors, httpStatus: e.httpStatus });

/** Upload a fixture file as `user` and wait until the worker finishes it. */
async function uploadAndComplete(h: ApiHarness, user: ApiUser, file: string, contentType: string) {
  const bytes = await fs.readFile(file);
  const { uploadDocument } = await user.client.upload(UploadDocumentDocument, { file: null }, { file: { data: bytes, filename: path.basename(file), contentType } });
  const doc = await h.pipeline.waitForStatus(uploadDocument.document.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.status, `${doc.errorCode}: ${doc.errorMessage}`).toBe(DocumentStatus.COMPLETED);
  return { id: doc.id, bytes, createdAt: doc.createdAt };
}

/** Open a raw graphql-ws connection and report how the server closed it (or that it accepted a subscription). */
async function wsOutcome(h: ApiHarness, connectionParams: Record<string, unknown>): Promise<{ code: number; reason: string } | "accepted"> {
  let closed: { code: number; reason: string } | null = null;
  const client = createClient({
    url: `${h.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: true,
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string | Buffer };
        closed ??= { code: e.code, reason: String(e.reason) };
      },
    },
  });
  try {
    const iterator = client.iterate({ query: "subscription { documentEvents { seq } }" });
    const first = iterator.next();
    // An accepted connection just waits for live events: give the server a moment to refuse.
    const result = await Promise.race([first.then(() => "next" as const, () => "error" as const), new Promise<"pending">((r) => setTimeout(() => r("pending"), 2_000))]);
    if (result === "pending") {
      await iterator.return?.();
      return "accepted";
    }
    expect(closed, "the connection was closed").not.toBeNull();
    return closed!;
  } finally {
    await client.dispose();
  }
}

/** A deep selection over introspection: `__schema { types { fields { type { ofType { … { name } } } } } }`, `depth` levels of fields. */
function introspectionQueryOfDepth(depth: number): string {
  const ofTypes = depth - 5; // __schema, types, fields, type … name
  return `{ __schema { types { fields { type { ${"ofType { ".repeat(ofTypes)}name${" }".repeat(ofTypes)} } } } } }`;
}

// ─── the API with a worker, default limits ──────────────────────────────────

describe("the API with its default limits", () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe("a document is visible to its owner and admins only", () => {
    let alice: ApiUser;
    let bob: ApiUser;
    let admin: ApiUser;
    let doc: { id: string; bytes: Buffer; createdAt: Date };
    let aliceEventCount: number;

    beforeAll(async () => {
      [alice, bob, admin] = await Promise.all([h.createUser(), h.createUser(), h.createUser({ admin: true })]);
      doc = await uploadAndComplete(h, alice, RECEIPT, "image/jpeg");
      aliceEventCount = (await alice.client.request(DocumentEventsDocument, { id: doc.id, first: 1000 })).documentEvents.length;
    });

    const readProgress = async (client: FolioClient, id: string) => {
      const iterator = client.subscribe(DocumentProgressDocument, { id, afterSeq: 0 });
      try {
        return await iterator.next();
      } finally {
        await iterator.return?.();
      }
    };

    // Read-only operations first, the destructive ones last: if one of them wrongly succeeded, the rest still tell.
    const operations: [string, (client: FolioClient, id: string) => Promise<unknown>][] = [
      ["query document", (c, id) => c.request(DocumentDocument, { id })],
      ["query documentEvents", (c, id) => c.request(DocumentEventsDocument, { id })],
      ["subscription documentProgress", readProgress],
      ["mutation processDocument", (c, id) => c.request(ProcessDocumentDocument, { id })],
      ["mutation reprocessDocument", (c, id) => c.request(ReprocessDocumentDocument, { id })],
      ["mutation reprocessDocument(fromStep: classify)", (c, id) => c.request(ReprocessDocumentDocument, { id, fromStep: "classify" })],
      ["mutation correctField", (c, id) => c.request(CorrectFieldDocument, { documentId: id, name: "total", value: "1.00" })],
      ["mutation correctDocumentType", (c, id) => c.request(CorrectDocumentTypeDocument, { documentId: id, type: "invoice" })],
      ["mutation cancelDocument", (c, id) => c.request(CancelDocumentDocument, { id })],
      ["mutation deleteDocument", (c, id) => c.request(DeleteDocumentDocument, { id })],
    ];

    it.each(operations)("another user's %s is NOT_FOUND, indistinguishable from a made-up or malformed id", async (_name, run) => {
      const foreign = await failure(() => run(bob.client, doc.id));
      const madeUp = await failure(() => run(bob.client, randomUUID()));
      const malformed = await failure(() => run(bob.client, "not-a-document-id"));
      expect(foreign.code).toBe("NOT_FOUND");
      expect(madeUp.code).toBe("NOT_FOUND");
      expect(malformed.code).toBe("NOT_FOUND");
      // Same code, message, extensions, path and HTTP status: nothing tells "someone else's" from "nobody's".
      expect(observable(foreign)).toEqual(observable(madeUp));
      expect(observable(foreign)).toEqual(observable(malformed));
      expectNoStack({ errors: foreign.errors });
    });

    it("leaves the document untouched after all of another user's attempts", async () => {
      const { document } = await alice.client.request(DocumentDocument, { id: doc.id });
      expect(document).toMatchObject({ id: doc.id, status: "COMPLETED", progress: 100, documentType: "receipt" });
      const { documentEvents } = await alice.client.request(DocumentEventsDocument, { id: doc.id, first: 1000 });
      expect(documentEvents).toHaveLength(aliceEventCount);
      expect(documentEvents.at(-1)?.type).toBe("document.completed");
    });

    it("is not in another user's list or search, and only admins may list by owner", async () => {
      const { documents } = await bob.client.request(DocumentsDocument, { first: 100 });
      expect(documents.edges.map((e) => e.node.id)).not.toContain(doc.id);
      expect(documents.totalCount).toBe(0);

      // Alice finds her receipt by its OCR'd text; Bob searching the same words does not.
      const own = await alice.client.request(DocumentsDocument, { filter: { search: RECEIPT_TRUTH.marker } });
      expect(own.documents.edges.map((e) => e.node.id)).toContain(doc.id);
      const searched = await bob.client.request(DocumentsDocument, { filter: { search: RECEIPT_TRUTH.marker } });
      expect(searched.documents.edges).toEqual([]);
      expect(searched.documents.totalCount).toBe(0);

      const forbidden = await failure(() => bob.client.request(DocumentsDocument, { filter: { ownerId: alice.id } }));
      expect(forbidden.code).toBe("FORBIDDEN");
      expectNoStack({ errors: forbidden.errors });
      // Filtering by one's own id is allowed.
      const mine = await bob.client.request(DocumentsDocument, { filter: { ownerId: bob.id } });
      expect(mine.documents.totalCount).toBe(0);
    });

    it("serves the owner's download links over plain HTTP without an API key; others cannot obtain one", async () => {
      const { document } = await alice.client.request(DocumentDocument, { id: doc.id });
      const original = await fetch(document.downloads.original);
      expect(original.status).toBe(200);
      expect(Buffer.from(await original.arrayBuffer()).equals(doc.bytes)).toBe(true);
      expect(document.downloads.text).toBeTruthy();
      const text = await fetch(document.downloads.text!);
      expect(text.status).toBe(200);
      expect(await text.text()).toContain(RECEIPT_TRUTH.marker);
      expect(document.downloads.result).toBeTruthy();
      const result = await fetch(document.downloads.result!);
      expect(result.status).toBe(200);
      expect((await result.json()) as unknown).toMatchObject({ type: "receipt" });

      // A tampered link is refused.
      const tampered = new URL(document.downloads.original);
      tampered.searchParams.set("sig", "0".repeat(tampered.searchParams.get("sig")?.length ?? 64));
      expect((await fetch(tampered)).status).toBe(403);

      // Bob has no way to a link: the only field that yields one is NOT_FOUND for him.
      expect((await failure(() => bob.client.request(DocumentDocument, { id: doc.id }))).code).toBe("NOT_FOUND");
    });

    it("is visible to an admin: the document, its history, its download links and the listing", async () => {
      const { document } = await admin.client.request(DocumentDocument, { id: doc.id });
      expect(document).toMatchObject({ id: doc.id, status: "COMPLETED", documentType: "receipt" });
      const original = await fetch(document.downloads.original);
      expect(original.status).toBe(200);
      expect(Buffer.from(await original.arrayBuffer()).equals(doc.bytes)).toBe(true);

      const adminEvents = await admin.client.request(DocumentEventsDocument, { id: doc.id, first: 1000 });
      const aliceEvents = await alice.client.request(DocumentEventsDocument, { id: doc.id, first: 1000 });
      expect(adminEvents.documentEvents).toEqual(aliceEvents.documentEvents);

      // Unfiltered, an admin lists everyone's documents (narrowed to the document's creation instant, since other files share the database).
      const createdAfter = doc.createdAt.toISOString();
      const createdBefore = new Date(doc.createdAt.getTime() + 1).toISOString();
      const everyone = await admin.client.request(DocumentsDocument, { first: 100, filter: { createdAfter, createdBefore } });
      expect(everyone.documents.edges.map((e) => e.node.id)).toContain(doc.id);
      const byOwner = await admin.client.request(DocumentsDocument, { first: 100, filter: { ownerId: alice.id } });
      expect(byOwner.documents.edges.map((e) => e.node.id)).toEqual([doc.id]);
    });
  });

  describe("HTTP requests without a valid API key", () => {
    it("without an Authorization header: `me` is UNAUTHENTICATED, with no stack trace", async () => {
      const answer = await rawGraphQL(h.url, "{ me { id email } }");
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(answer.body.data ?? null).toBeNull();
      expectNoStack(answer.body, answer.text);
    });

    it.each([
      ["a wrong key", "Bearer folio_wrongkey_0123456789abcdefghijklmnopqrstuvwxyz"],
      ["a key that is not a Bearer token", "Basic dXNlcjpwYXNz"],
      ["an empty Bearer token", "Bearer "],
    ])("with %s: UNAUTHENTICATED (HTTP 401), with no stack trace", async (_label, authorization) => {
      const answer = await rawGraphQL(h.url, "{ me { id email } }", { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(answer.body.data ?? null).toBeNull();
      expectNoStack(answer.body, answer.text);
    });

    it("with a revoked key: UNAUTHENTICATED, while the user's other key keeps working", async () => {
      const user = await h.createUser();
      const { createApiKey } = await user.client.request(CreateApiKeyDocument, { name: "to-revoke" });
      const second = new FolioClient({ url: h.url, apiKey: createApiKey.key, webSocketImpl: WebSocket });
      try {
        expect((await second.request(MeDocument)).me.id).toBe(user.id);
        const { revokeApiKey } = await user.client.request(RevokeApiKeyDocument, { id: createApiKey.apiKey.id });
        expect(revokeApiKey.revokedAt).toBeTruthy();

        const refused = await failure(() => second.request(MeDocument));
        expect(refused.code).toBe("UNAUTHENTICATED");
        expectNoStack({ errors: refused.errors });
        const raw = await rawGraphQL(h.url, "{ me { id } }", { authorization: `Bearer ${createApiKey.key}` });
        expect(raw.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
        expectNoStack(raw.body, raw.text);

        expect((await user.client.request(MeDocument)).me.id).toBe(user.id);
      } finally {
        await second.close();
      }
    });
  });

  describe("WebSocket connections", () => {
    it.each([
      ["no connection params", {}],
      ["no key", { authorization: "" }],
      ["a wrong key", { authorization: "Bearer folio_wrongkey_0123456789abcdefghijklmnopqrstuvwxyz" }],
      ["a malformed header", { authorization: "Token abc" }],
    ])("with %s are closed with 4401 UNAUTHENTICATED", async (_label, params) => {
      expect(await wsOutcome(h, params)).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
    });

    it("with a revoked key are closed with 4401 UNAUTHENTICATED", async () => {
      const user = await h.createUser();
      const { createApiKey } = await user.client.request(CreateApiKeyDocument, { name: "ws-revoked" });
      expect(await wsOutcome(h, { authorization: `Bearer ${createApiKey.key}` })).toBe("accepted");
      await user.client.request(RevokeApiKeyDocument, { id: createApiKey.apiKey.id });
      expect(await wsOutcome(h, { authorization: `Bearer ${createApiKey.key}` })).toEqual({ code: 4401, reason: "UNAUTHENTICATED" });
    });

    it("with a valid key stream a finished document's history from afterSeq 0 and then end", async () => {
      const user = await h.createUser();
      const doc = await uploadAndComplete(h, user, TEXT_PDF, "application/pdf");
      const client = createClient({
        url: `${h.url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${user.apiKey}` },
        lazy: true,
        retryAttempts: 0,
      });
      try {
        const seqs: number[] = [];
        const types: string[] = [];
        const iterator = client.iterate<{ documentProgress: { seq: number; type: string; documentId: string } }>({
          query: "subscription($id: ID!) { documentProgress(id: $id, afterSeq: 0) { documentId seq type } }",
          variables: { id: doc.id },
        });
        const deadline = setTimeout(() => void iterator.return?.(), 30_000);
        try {
          for await (const result of iterator) {
            expect(result.errors).toBeUndefined();
            expect(result.data?.documentProgress.documentId).toBe(doc.id);
            seqs.push(result.data!.documentProgress.seq);
            types.push(result.data!.documentProgress.type);
          }
        } finally {
          clearTimeout(deadline);
        }
        // The stream ended on its own after the terminal event, with every logged event once, in order.
        expect(types.at(-1)).toBe("document.completed");
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        const { documentEvents } = await user.client.request(DocumentEventsDocument, { id: doc.id, first: 1000 });
        expect(documentEvents.map((e) => e.seq)).toEqual(seqs);
      } finally {
        await client.dispose();
      }
    });
  });

  describe("query depth", () => {
    it("rejects an operation one level deeper than GRAPHQL_MAX_DEPTH with QUERY_TOO_DEEP, and accepts one at the limit", async () => {
      const user = await h.createUser();
      const max = h.pipeline.config.api.maxDepth;
      const auth = { authorization: `Bearer ${user.apiKey}` };

      const atLimit = await rawGraphQL(h.url, introspectionQueryOfDepth(max), auth);
      expect(atLimit.body.errors).toBeUndefined();
      expect(atLimit.body.data).toBeTruthy();

      const tooDeep = await rawGraphQL(h.url, introspectionQueryOfDepth(max + 1), auth);
      expect(tooDeep.body.data ?? null).toBeNull();
      expect(tooDeep.body.errors?.[0]?.message).toBe(`The operation is ${max + 1} levels deep; at most ${max} are allowed.`);
      expectNoStack(tooDeep.body, tooDeep.text);
      expect(tooDeep.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    });

    it("follows fragments when measuring depth", async () => {
      const user = await h.createUser();
      const max = h.pipeline.config.api.maxDepth;
      const ofTypes = max + 1 - 5;
      const query = `
        query { __schema { ...Types } }
        fragment Types on __Schema { types { ...Fields } }
        fragment Fields on __Type { fields { type { ...Deep } } }
        fragment Deep on __Type { ${"ofType { ".repeat(ofTypes)}name${" }".repeat(ofTypes)} }`;
      const answer = await rawGraphQL(h.url, query, { authorization: `Bearer ${user.apiKey}` });
      expect(answer.body.errors?.[0]?.message).toBe(`The operation is ${max + 1} levels deep; at most ${max} are allowed.`);
      expectNoStack(answer.body, answer.text);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    });
  });

  describe("errors never leak internals", () => {
    it("answers a syntax error with GRAPHQL_PARSE_FAILED and no stack trace", async () => {
      const user = await h.createUser();
      const answer = await rawGraphQL(h.url, "{ me { id ", { authorization: `Bearer ${user.apiKey}` });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
      expectNoStack(answer.body, answer.text);
    });

    it("answers an out-of-range argument with VALIDATION_FAILED and no stack trace", async () => {
      const user = await h.createUser();
      const answer = await rawGraphQL(h.url, "{ documents(first: 1000) { totalCount } }", { authorization: `Bearer ${user.apiKey}` });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
      expectNoStack(answer.body, answer.text);
      expect(answer.body.errors?.[0]?.message).toMatch(/first must be between 1 and 100/);
    });

    it("answers a query against the schema's rules (unknown field) with GRAPHQL_VALIDATION_FAILED and no stack trace", async () => {
      const user = await h.createUser();
      const answer = await rawGraphQL(h.url, "{ me { id passwordHash } }", { authorization: `Bearer ${user.apiKey}` });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expectNoStack(answer.body, answer.text);
    });
  });
});

// ─── tight limits (no worker: nothing here needs processing) ───────────────

describe("the API with GRAPHQL_MAX_COMPLEXITY 50", () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness({ withWorker: false, env: { GRAPHQL_MAX_COMPLEXITY: "50" } });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe("query complexity", () => {
    const costly = "{ documents(first: 100) { edges { node { steps { name } fields { name } } } } }";

    it("rejects a list whose page size multiplies its cost past GRAPHQL_MAX_COMPLEXITY with QUERY_TOO_COMPLEX", async () => {
      const user = await h.createUser();
      const answer = await rawGraphQL(h.url, costly, { authorization: `Bearer ${user.apiKey}` });
      const error = answer.body.errors?.[0];
      expect(error?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
      expect(error?.extensions?.maxComplexity).toBe(50);
      expect(error?.extensions?.complexity).toBeGreaterThan(50);
      expect(answer.body.data ?? null).toBeNull();
      expectNoStack(answer.body, answer.text);
    });

    it("counts the page size given in a variable", async () => {
      const user = await h.createUser();
      const query = "query($n: Int!) { documents(first: $n) { edges { node { steps { name } fields { name } } } } }";
      const big = await rawGraphQL(h.url, query, { authorization: `Bearer ${user.apiKey}` }, { n: 100 });
      expect(big.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
      const small = await rawGraphQL(h.url, query, { authorization: `Bearer ${user.apiKey}` }, { n: 5 });
      expect(small.body.errors).toBeUndefined();
    });

    it("lets small queries through under the same limit", async () => {
      const user = await h.createUser();
      expect((await user.client.request(MeDocument)).me.id).toBe(user.id);
      const answer = await rawGraphQL(h.url, "{ documents(first: 5) { totalCount edges { node { id steps { name } } } } }", { authorization: `Bearer ${user.apiKey}` });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual({ documents: { totalCount: 0, edges: [] } });
    });
  });

});

describe("the API with UPLOAD_RATE_LIMIT 2 and QUERY_RATE_LIMIT 2 per minute", () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness({ withWorker: false, env: { UPLOAD_RATE_LIMIT: "2", QUERY_RATE_LIMIT: "2", RATE_LIMIT_WINDOW_SECONDS: "60" } });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe("rate limits per user (all of its API keys together)", () => {
    const upload = async (user: ApiUser, bytes: Buffer) =>
      user.client.upload(UploadDocumentDocument, { file: null, input: { autoProcess: false } }, { file: { data: bytes, filename: "000.jpg", contentType: "image/jpeg" } });

    it("refuses the third upload in the window with RATE_LIMITED and retryAfterSeconds, without affecting other keys", async () => {
      const [user, other] = await Promise.all([h.createUser(), h.createUser()]);
      const bytes = await fs.readFile(RECEIPT);
      expect((await upload(user, bytes)).uploadDocument.created).toBe(true);
      expect((await upload(user, bytes)).uploadDocument.created).toBe(true);

      const limited = await failure(() => upload(user, bytes));
      expect(limited.code).toBe("RATE_LIMITED");
      const retryAfter = limited.errors[0]?.extensions?.retryAfterSeconds;
      expect(typeof retryAfter).toBe("number");
      expect(retryAfter as number).toBeGreaterThan(0);
      expect(retryAfter as number).toBeLessThanOrEqual(60);
      expectNoStack({ errors: limited.errors });

      // The refused upload stored nothing.
      expect((await user.client.request(DocumentsDocument, {})).documents.totalCount).toBe(2);
      // Another user has their own budget.
      expect((await upload(other, bytes)).uploadDocument.created).toBe(true);
    });

    it("answers every refused upload of a batch on one connection: the unread files are drained, not left to reset the next request", async () => {
      // A refused upload is answered before its file is read. Left unread, the body stalled the kept-alive
      // connection, and the next upload on it ended in ECONNRESET instead of an answer: a CLI upload of many
      // files lost every result when its budget ran out.
      const user = await h.createUser();
      // A real receipt with 1 MiB after its end: a body too large to sit whole in the sockets' buffers.
      const bytes = Buffer.concat([await fs.readFile(RECEIPT), randomBytes(1024 * 1024)]);
      const codes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const outcome = await upload(user, bytes).then(
          () => "created",
          (error: unknown) => (error instanceof FolioClientError ? error.code : `${(error as Error).message} (${String((error as { cause?: { code?: string } }).cause?.code)})`),
        );
        codes.push(outcome);
      }
      expect(codes).toEqual(["created", "created", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    });

    it("refuses the third expensive query (search, statistics) in the window with RATE_LIMITED and retryAfterSeconds", async () => {
      const [user, other] = await Promise.all([h.createUser(), h.createUser()]);
      await user.client.request(DocumentsDocument, { filter: { search: "x" } });
      await user.client.request(ProcessingStatsDocument, {});

      for (const run of [() => user.client.request(DocumentsDocument, { filter: { search: "x" } }), () => user.client.request(ProcessingStatsDocument, {})]) {
        const limited = await failure(run);
        expect(limited.code).toBe("RATE_LIMITED");
        const retryAfter = limited.errors[0]?.extensions?.retryAfterSeconds;
        expect(typeof retryAfter).toBe("number");
        expect(retryAfter as number).toBeGreaterThan(0);
        expectNoStack({ errors: limited.errors });
      }

      // Cheap queries are not counted against the budget.
      expect((await user.client.request(DocumentsDocument, {})).documents.totalCount).toBe(0);
      expect((await user.client.request(MeDocument)).me.id).toBe(user.id);
      // Another user has their own budget.
      expect((await other.client.request(ProcessingStatsDocument, {})).processingStats.total).toBe(0);
    });
  });
});
