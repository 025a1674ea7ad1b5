import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type RawResponse, type ServerProcess } from "../support/server-process.js";

/**
 * Security issue, item 1: malformed multipart bodies against a running
 * production-mode `folio all` (API and worker in one child process). Each
 * attack is followed by proof that the same process still serves: /healthz and
 * an authenticated GraphQL query answer, and the process has not exited.
 */

const SLOW = { timeout: 120_000 };
const BOUNDARY = "x";

let server: ServerProcess;
let apiKey: string;

beforeAll(async () => {
  server = await startServerProcess({ command: "all" });
  ({ apiKey } = await server.createUserKey());
}, 150_000);
afterAll(async () => {
  // A dead server's last words say which attack killed it.
  if (server && server.exitCode() !== null) console.error(`folio exited with ${server.exitCode()}:\n${server.output().slice(-4000)}`);
  await server?.close();
});

/** A multipart POST to /graphql with exactly these body bytes. */
function postMultipart(body: Buffer | string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const bytes = typeof body === "string" ? Buffer.from(body, "latin1") : body;
  return server.request({
    method: "POST",
    path: "/graphql",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, "content-length": String(bytes.length), ...headers },
    body: bytes,
  });
}

/** The first error code of a JSON error answer. */
function errorCode(response: RawResponse): string | undefined {
  const parsed = JSON.parse(response.body) as { errors?: { extensions?: { code?: string } }[] };
  return parsed.errors?.[0]?.extensions?.code;
}

/** The process is alive and serves: health, and a GraphQL query with a key. */
async function expectStillServing(): Promise<void> {
  const health = await server.request({ path: "/healthz" });
  expect(health.status).toBe(200);
  const query = await server.request({
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: "{ me { id } }" }),
  });
  expect(query.status).toBe(200);
  expect(JSON.parse(query.body)).toMatchObject({ data: { me: { id: expect.any(String) } } });
  expect(server.exitCode()).toBeNull();
}

/** An upload of one file with the given filename parameter, as raw bytes (control characters go through as sent). */
function uploadBody(filenameParameter: string): Buffer {
  const operations = JSON.stringify({ query: "mutation($file: Upload!) { uploadDocument(file: $file) { document { id filename } } }", variables: { file: null } });
  const parts = [
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; ${filenameParameter}\r\nContent-Type: text/plain\r\n\r\nhello\r\n`,
    `--${BOUNDARY}--\r\n`,
  ];
  return Buffer.from(parts.join(""), "utf8");
}

describe("malformed multipart against a running production server", () => {
  // 53 bytes: one part whose header line has no colon.
  const NO_COLON = `--${BOUNDARY}\r\nContent-Disposition form-data; n=a\r\n\r\nv\r\n--${BOUNDARY}--\r\n`;
  const NUL_HEADER = `--${BOUNDARY}\r\nContent-Disposition: form-data;\0 name="a"\r\n\r\nv\r\n--${BOUNDARY}--\r\n`;

  it("the 53-byte body without key or preflight header is refused before parsing (400 BAD_REQUEST) and the process keeps serving", SLOW, async () => {
    expect(Buffer.byteLength(NO_COLON, "latin1")).toBe(53);
    const response = await postMultipart(NO_COLON);
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("BAD_REQUEST");
    await expectStillServing();
  });

  it("a part header with a NUL, without key or preflight header, is refused and the process keeps serving", SLOW, async () => {
    const response = await postMultipart(NUL_HEADER);
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("BAD_REQUEST");
    await expectStillServing();
  });

  it("multipart with the preflight header but no key is refused before parsing with 401 UNAUTHENTICATED", SLOW, async () => {
    const response = await postMultipart(NO_COLON, { "apollo-require-preflight": "true" });
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe("UNAUTHENTICATED");
    const wrongKey = await postMultipart(NO_COLON, { "x-apollo-operation-name": "upload", authorization: "Bearer folio_000000000000_nope" });
    expect(wrongKey.status).toBe(401);
    expect(errorCode(wrongKey)).toBe("UNAUTHENTICATED");
    await expectStillServing();
  });

  it("a malformed body from a caller with key and preflight header gets 400 BAD_REQUEST and the process keeps serving", SLOW, async () => {
    for (const body of [NO_COLON, NUL_HEADER]) {
      const response = await postMultipart(body, { "apollo-require-preflight": "true", authorization: `Bearer ${apiKey}` });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe("BAD_REQUEST");
    }
    await expectStillServing();
  });

  it("a truncated form (no closing boundary) gets 400 BAD_REQUEST", SLOW, async () => {
    const truncated = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ me { id } }"}`;
    const response = await postMultipart(truncated, { "apollo-require-preflight": "true", authorization: `Bearer ${apiKey}` });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("BAD_REQUEST");
    await expectStillServing();
  });

  const CONTROL_CHARACTERS = [["NUL", "\u0000"], ["U+0001", "\u0001"], ["ESC", "\u001b"]] as const;

  for (const [label, char] of CONTROL_CHARACTERS) {
    it(`an upload whose raw filename contains ${label} is a malformed part header: BAD_REQUEST, and the process keeps serving`, SLOW, async () => {
      // busboy refuses the part header only after the operation has started, so the answer is the operation's error.
      const response = await postMultipart(uploadBody(`filename="bad${char}name.txt"`), { "apollo-require-preflight": "true", authorization: `Bearer ${apiKey}` });
      const parsed = JSON.parse(response.body) as { data: unknown; errors?: { extensions?: { code?: string }; message: string }[] };
      expect(parsed.data).toBeNull();
      expect(parsed.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
      expect(parsed.errors?.[0]?.message).toMatch(/malformed/i);
      await expectStillServing();
    });

    it(`an upload whose RFC 5987 filename* decodes to ${label} is refused with VALIDATION_FAILED, and the process keeps serving`, SLOW, async () => {
      const parameter = `filename*=UTF-8''${encodeURIComponent(`bad${char}name.txt`)}`;
      const response = await postMultipart(uploadBody(parameter), { "apollo-require-preflight": "true", authorization: `Bearer ${apiKey}` });
      expect(response.status).toBe(200);
      const parsed = JSON.parse(response.body) as { data: unknown; errors?: { extensions?: { code?: string }; message: string }[] };
      expect(parsed.data).toBeNull();
      expect(parsed.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
      expect(parsed.errors?.[0]?.message).toMatch(/filename/i);
      await expectStillServing();
    });
  }

  it("an upload whose operation fails GraphQL validation (its file never read) gets an error and the process keeps serving", SLOW, async () => {
    const body = uploadBody(`filename="plain.txt"`).toString("utf8").replace("document { id filename }", "document { noSuchField }");
    const response = await postMultipart(body, { "apollo-require-preflight": "true", authorization: `Bearer ${apiKey}` });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("GRAPHQL_VALIDATION_FAILED");
    await expectStillServing();
  });
});
