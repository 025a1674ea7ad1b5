/**
 * Information and hygiene (security issue, item 9), against a server run the
 * way production runs it: NODE_ENV=production (introspection off, no stacks),
 * real PostgreSQL, Redis and local storage. Each `it` reproduces one finding.
 */
import fs from "node:fs/promises";
import { Readable } from "node:stream";
import { pino, type Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { uniqueId } from "../support/database.js";

interface RawError {
  message: string;
  extensions?: Record<string, unknown>;
}
interface RawAnswer {
  status: number;
  body: { data?: unknown; errors?: RawError[] };
  text: string;
}

/** Codes a client mistake may end in: anything specific, never the server's catch-all. */
const expectClientError = (answer: RawAnswer, code: string, what: string) => {
  expect(answer.text, what).not.toContain("INTERNAL_ERROR");
  expect(answer.status, `${what}: ${answer.text}`).toBeLessThan(500);
  expect(answer.body.errors?.[0]?.extensions?.code, `${what}: ${answer.text}`).toBe(code);
  expect(answer.text, what).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
};

async function readAnswer(response: Response): Promise<RawAnswer> {
  const text = await response.text();
  let body: RawAnswer["body"] = {};
  try {
    body = JSON.parse(text) as RawAnswer["body"];
  } catch {
    // Not JSON: left empty, the assertions on `text` say what came back.
  }
  return { status: response.status, body, text };
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/** Lines the process logger writes, captured for the tests that check what goes to the log. */
function captureLog(logger: Logger): { lines: string[]; restore(): void } {
  const stream = (logger as unknown as Record<symbol, { write(chunk: string): boolean }>)[pino.symbols.streamSym]!;
  const original = stream.write.bind(stream);
  const lines: string[] = [];
  stream.write = (chunk: string) => {
    lines.push(chunk);
    return true;
  };
  return { lines, restore: () => void (stream.write = original) };
}

describe("information and hygiene (production mode)", () => {
  let h: ApiHarness;
  let user: ApiUser;
  let admin: ApiUser;

  const gql = async (query: string, variables: Record<string, unknown> = {}, as: ApiUser | null = user): Promise<RawAnswer> =>
    readAnswer(
      await fetch(`${h.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(as ? { authorization: `Bearer ${as.apiKey}` } : {}) },
        body: JSON.stringify({ query, variables }),
      }),
    );

  /** A GraphQL multipart request with the given operations, map and files. */
  const multipart = async (operations: unknown, map: Record<string, string[]>, files: Record<string, { name: string; bytes: Buffer }>): Promise<RawAnswer> => {
    const form = new FormData();
    form.set("operations", JSON.stringify(operations));
    form.set("map", JSON.stringify(map));
    for (const [field, file] of Object.entries(files)) form.set(field, new Blob([file.bytes], { type: "application/pdf" }), file.name);
    return readAnswer(
      await fetch(`${h.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${user.apiKey}`, "apollo-require-preflight": "1" }, body: form }),
    );
  };
  const pdfBytes = (text: string) => Buffer.from(`%PDF-1.4\n% ${text} ${uniqueId()}\n%%EOF\n`);

  beforeAll(async () => {
    h = await startApiHarness({
      withWorker: false,
      env: { NODE_ENV: "production", GRAPHQL_MAX_COMPLEXITY: "200", MAX_FILES_PER_UPLOAD: "2", LOG_LEVEL: "info" },
    });
    user = await h.createUser();
    admin = await h.createUser({ admin: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("gives no 'Did you mean' suggestions in validation or variable errors when introspection is off", async () => {
    expect(h.pipeline.config.api.introspection).toBe(false);
    const typos = [
      await gql("{ documnts(first: 1) { edges { node { id } } } }"),
      await gql("{ me { emial } }"),
      await gql("query($f: DocumentFilter) { documents(filter: $f) { totalCount } }", { f: { status: ["COMPLETD"] } }),
      await gql("query($f: DocumentFilter) { documents(filter: $f) { totalCount } }", { f: { lable: "x" } }),
      await gql("query($f: DocumentFilter) { documents(filter: $f) { totalCount } }", { f: { status: ["COMPLETD"] } }, null),
      await gql('{ documents(filter: { status: [COMPLETD] }) { totalCount } }'),
    ];
    for (const answer of typos) {
      expect(answer.body.errors?.length, answer.text).toBeGreaterThan(0);
      expect(answer.text).not.toMatch(/did you mean/i);
      expect(answer.status, answer.text).toBe(400);
    }
  });

  it("/readyz without a key says only ok/unavailable per dependency; the reason goes to the log", async () => {
    const healthy = await readAnswer(await fetch(`${h.url}/readyz`));
    expect(healthy.status).toBe(200);
    expect(healthy.body).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok", storage: "ok" } });

    // Break the storage directory: a file where the directory should be.
    const dir = h.pipeline.storageDir;
    const aside = `${dir}.aside`;
    await fs.rename(dir, aside);
    await fs.writeFile(dir, "not a directory");
    const log = captureLog(h.pipeline.ctx.logger);
    try {
      const broken = await readAnswer(await fetch(`${h.url}/readyz`));
      expect(broken.status).toBe(503);
      expect(broken.body).toEqual({ status: "unavailable", checks: { postgres: "ok", redis: "ok", storage: "unavailable" } });
      expect(broken.text).not.toContain(dir);
      expect(log.lines.join("")).toContain(dir);
    } finally {
      log.restore();
      await fs.rm(dir, { force: true });
      await fs.rename(aside, dir);
    }
  });

  it("WEBHOOK_URL_FORBIDDEN does not reveal what a name resolves to (the address goes to the log)", async () => {
    const log = captureLog(h.pipeline.ctx.logger);
    let answer: RawAnswer;
    try {
      answer = await gql("mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }", { i: { url: "http://localhost:9/hook", events: ["document.completed"] } });
    } finally {
      log.restore();
    }
    expect(answer.body.errors?.[0]?.extensions?.code, answer.text).toBe("WEBHOOK_URL_FORBIDDEN");
    expect(answer.text).toContain("localhost");
    expect(answer.text).not.toMatch(/127\.0\.0\.1|::1|loopback/);
    expect(log.lines.join("")).toMatch(/127\.0\.0\.1|::1/);
  });

  it("too many files in one upload is TOO_MANY_FILES, not FILE_TOO_LARGE", async () => {
    const query = "mutation($files: [Upload!]!) { uploadDocuments(files: $files) { filename error { code } } }";
    const names = ["0", "1", "2"];
    const answer = await multipart(
      { query, variables: { files: names.map(() => null) } },
      Object.fromEntries(names.map((n, i) => [n, [`variables.files.${i}`]])),
      Object.fromEntries(names.map((n) => [n, { name: `${n}.pdf`, bytes: pdfBytes(n) }])),
    );
    expect(answer.status, answer.text).toBe(413);
    expect(answer.body.errors?.[0]?.extensions?.code, answer.text).toBe("TOO_MANY_FILES");
  });

  describe("every client mistake is a 4xx or a GraphQL error with a specific code, never INTERNAL_ERROR", () => {
    it("bad variables: wrong type, missing required", async () => {
      const query = "query($n: Int!) { documents(first: $n) { totalCount } }";
      expectClientError(await gql(query, { n: "many" }), "VALIDATION_FAILED", "wrong type");
      expectClientError(await gql(query, {}), "VALIDATION_FAILED", "missing required");
      expectClientError(await gql("query($id: ID!) { document(id: $id) { id } }", { id: { not: "an id" } }), "VALIDATION_FAILED", "object for an ID");
    });

    it("QUERY_TOO_COMPLEX is HTTP 400 like the other validation errors", async () => {
      const answer = await gql("{ documents(first: 100) { edges { node { steps { name } fields { name } } } } }");
      expectClientError(answer, "QUERY_TOO_COMPLEX", "too complex");
      expect(answer.status).toBe(400);
      const small = await gql("{ documents(first: 2) { totalCount } }");
      expect(small.status, small.text).toBe(200);
      expect(small.body.errors).toBeUndefined();
    });

    it("validation and parse errors are HTTP 400 and carry a code", async () => {
      const unknown = await gql("{ nope }");
      expectClientError(unknown, "GRAPHQL_VALIDATION_FAILED", "unknown field");
      expect(unknown.status).toBe(400);
      const parse = await gql("{ documents( }");
      expectClientError(parse, "GRAPHQL_PARSE_FAILED", "syntax error");
      expect(parse.status).toBe(400);
      const invalidInput = await gql("query($f: DocumentFilter) { documents(filter: $f) { totalCount } }", { f: { search: "x".repeat(500) } });
      expectClientError(invalidInput, "VALIDATION_FAILED", "class-validator");
    });

    it("NUL in a search, a label or an idempotency key is VALIDATION_FAILED", async () => {
      const list = "query($f: DocumentFilter) { documents(filter: $f) { totalCount } }";
      expectClientError(await gql(list, { f: { search: "inv\u0000oice" } }), "VALIDATION_FAILED", "NUL in search");
      expectClientError(await gql(list, { f: { label: "a\u0000b" } }), "VALIDATION_FAILED", "NUL in label filter");
      expectClientError(await gql('{ documents(filter: { search: "a\\u0000b" }) { totalCount } }'), "VALIDATION_FAILED", "NUL in an inline literal");

      const upload = "mutation($file: Upload!, $input: UploadInput) { uploadDocument(file: $file, input: $input) { document { id } } }";
      const answer = await multipart({ query: upload, variables: { file: null, input: { idempotencyKey: "k\u0000ey" } } }, { 0: ["variables.file"] }, { 0: { name: "a.pdf", bytes: pdfBytes("nul") } });
      expectClientError(answer, "VALIDATION_FAILED", "NUL in idempotency key");
      const labelled = await multipart({ query: upload, variables: { file: null, input: { labels: ["a\u0000"] } } }, { 0: ["variables.file"] }, { 0: { name: "b.pdf", bytes: pdfBytes("nul") } });
      expectClientError(labelled, "VALIDATION_FAILED", "NUL in a label");
    });

    it("forged or malformed cursors are VALIDATION_FAILED", async () => {
      const list = "query($after: String, $o: DocumentOrder, $f: DocumentFilter) { documents(first: 5, after: $after, orderBy: $o, filter: $f) { totalCount } }";
      const forged = [
        "!!!not base64!!!",
        b64("\u00ff\u00fe garbage"),
        b64("[]"),
        b64("{}"),
        b64("42"),
        b64('{"c":"yesterday","i":"nope"}'),
        b64(`{"c":"2026-01-01T00:00:00.000Z","i":"not-a-uuid"}`),
        b64("audit:12"),
      ];
      for (const after of forged) expectClientError(await gql(list, { after }), "VALIDATION_FAILED", `cursor ${after}`);
      for (const o of ["1e308", "-5", '"x"', "1.5"]) {
        expectClientError(await gql(list, { after: b64(`{"o":${o}}`), o: "RELEVANCE", f: { search: "invoice" } }), "VALIDATION_FAILED", `relevance cursor o=${o}`);
      }
      const audit = "query($after: String) { auditLog(first: 5, after: $after) { edges { cursor } } }";
      for (const after of [b64("audit:99999999999999999999"), b64("audit:9999999999999999999"), b64(`{"c":"2026-01-01T00:00:00.000Z","i":"${admin.id}"}`)]) {
        expectClientError(await gql(audit, { after }, admin), "VALIDATION_FAILED", `audit cursor ${after}`);
      }
    });

    it("an over-long idempotency key is VALIDATION_FAILED, and the longest allowed one works for uploadDocuments", async () => {
      const many = "mutation($files: [Upload!]!, $input: UploadInput) { uploadDocuments(files: $files, input: $input) { created error { code } } }";
      for (const length of [251, 255, 256, 10_000]) {
        const tooLong = await multipart({ query: many, variables: { files: [null], input: { idempotencyKey: "k".repeat(length) } } }, { 0: ["variables.files.0"] }, { 0: { name: "c.pdf", bytes: pdfBytes(`long-${length}`) } });
        expectClientError(tooLong, "VALIDATION_FAILED", `${length}-character key`);
      }
      const longest = await multipart(
        { query: many, variables: { files: [null, null], input: { idempotencyKey: `${uniqueId()}-`.padEnd(250, "k") } } },
        { 0: ["variables.files.0"], 1: ["variables.files.1"] },
        { 0: { name: "d.pdf", bytes: pdfBytes("longest-0") }, 1: { name: "e.pdf", bytes: pdfBytes("longest-1") } },
      );
      expect(longest.status, longest.text).toBe(200);
      expect(longest.body.data, longest.text).toEqual({ uploadDocuments: [{ created: true, error: null }, { created: true, error: null }] });
    });

    it("a file mapped to two variables is VALIDATION_FAILED", async () => {
      const many = "mutation($files: [Upload!]!) { uploadDocuments(files: $files) { created error { code } } }";
      const answer = await multipart({ query: many, variables: { files: [null, null] } }, { 0: ["variables.files.0", "variables.files.1"] }, { 0: { name: "twice.pdf", bytes: pdfBytes("twice") } });
      expectClientError(answer, "VALIDATION_FAILED", "file mapped twice");
      expect(answer.status).toBe(400);
    });
  });

  it("/files builds Content-Disposition safely for any filename (RFC 6266/5987)", async () => {
    const store = h.pipeline.ctx.store;
    const key = `tests/${uniqueId()}/object.bin`;
    await store.put(key, Readable.from([Buffer.from("hello")]), { maxBytes: 1000 });
    const names: [string, string][] = [
      ['quote"d.pdf', 'quote"d.pdf'],
      ["back\\slash.pdf", "back\\slash.pdf"],
      ["line\r\nbreak.pdf", "linebreak.pdf"],
      ["emoji 😀 résumé.pdf", "emoji 😀 résumé.pdf"],
      ["nul\u0000name.pdf", "nulname.pdf"],
      ["lone \ud800 surrogate.pdf", "lone \ufffd surrogate.pdf"],
      ["%41 'quoted' (x)*.pdf", "%41 'quoted' (x)*.pdf"],
      [`${"long".repeat(500)}.pdf`, ""],
    ];
    for (const [name, expected] of names) {
      const url = await store.downloadUrl(key, { expiresInSeconds: 60, filename: name });
      const response = await fetch(url);
      expect(response.status, JSON.stringify(name)).toBe(200);
      expect(await response.text()).toBe("hello");
      const header = response.headers.get("content-disposition") ?? "";
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
      const fallback = /filename="([^"]*)"/.exec(header)![1]!;
      expect(fallback).not.toMatch(/["\\]/);
      const decoded = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1]!);
      if (expected) expect(decoded).toBe(expected);
      else expect(decoded.length).toBeLessThanOrEqual(255);
    }
  });
});
