import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLogEntity } from "../../src/db/entities/index.js";
import { API_CSP, PAGE_CSP } from "../../src/http/security-headers.js";
import { startServerProcess, type RawResponse, type ServerProcess } from "../support/server-process.js";

/**
 * Security issue, item 10, against a running production `folio serve`:
 * security headers on the web UI, the playground, the API and /files, and the
 * API key behind each audited action.
 */

let server: ServerProcess;
let user: Awaited<ReturnType<ServerProcess["createUserKey"]>>;

beforeAll(async () => {
  server = await startServerProcess({ command: "serve" });
  user = await server.createUserKey({ admin: true });
}, 150_000);
afterAll(async () => {
  await server?.close();
});

function graphql(query: string, variables: Record<string, unknown> = {}): Promise<RawResponse> {
  return server.request({
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${user.apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
}

function expectBaseHeaders(response: RawResponse): void {
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(response.headers["x-frame-options"]).toBe("DENY");
  expect(response.headers["referrer-policy"]).toBe("no-referrer");
  expect(response.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
}

describe("security headers", () => {
  it("the web UI and the playground carry the page CSP and the framing, sniffing and referrer headers", async () => {
    for (const path of ["/", "/graphql"]) {
      const page = await server.request({ path, headers: { accept: "text/html" } });
      expect(page.status, path).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expectBaseHeaders(page);
      expect(page.headers["content-security-policy"]).toBe(PAGE_CSP);
      expect(page.headers["content-security-policy"]).toMatch(/script-src 'self'(;|$)/);
    }
  });

  it("GraphQL answers and /healthz carry the strict CSP", async () => {
    for (const response of [await graphql("{ me { id } }"), await server.request({ path: "/healthz" })]) {
      expectBaseHeaders(response);
      expect(response.headers["content-security-policy"]).toBe(API_CSP);
    }
  });

  it("/files downloads carry nosniff, DENY and a sandboxing CSP", async () => {
    const boundary = "b0undary";
    const operations = JSON.stringify({ query: "mutation($file: Upload!) { uploadDocument(file: $file) { document { id downloads { original } } } }", variables: { file: null } });
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="page.html"\r\nContent-Type: text/html\r\n\r\n<script>alert(document.domain)</script>\r\n`,
      `--${boundary}--\r\n`,
    ].join("");
    const upload = await server.request({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "apollo-require-preflight": "true", authorization: `Bearer ${user.apiKey}` },
      body,
    });
    const parsed = JSON.parse(upload.body) as { data: { uploadDocument: { document: { downloads: { original: string } } } } };
    const link = new URL(parsed.data.uploadDocument.document.downloads.original);
    expect(link.pathname).toBe("/files");
    const file = await server.request({ path: `${link.pathname}${link.search}` });
    expect(file.status).toBe(200);
    expect(file.body).toContain("<script>");
    expectBaseHeaders(file);
    expect(file.headers["content-security-policy"]).toMatch(/sandbox/);
    expect(file.headers["content-security-policy"]).toMatch(/default-src 'none'/);
  });
});

describe("audit log", () => {
  it("records which API key (id and prefix) performed each action, and shows it on AuditLogEntry", async () => {
    const created = await graphql(`mutation { createApiKey(name: "audited") { apiKey { id } } }`);
    expect(created.status).toBe(200);
    const rows = await server.db.getRepository(AuditLogEntity).find({ where: { actorUserId: user.userId, action: "api_key.create" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ apiKeyId: user.apiKeyId, apiKeyPrefix: user.prefix });

    const listed = await graphql(`query($actor: ID) { auditLog(filter: { action: "api_key.create", actorUserId: $actor }) { edges { node { action apiKeyId apiKeyPrefix } } } }`, { actor: user.userId });
    const data = JSON.parse(listed.body) as { data: { auditLog: { edges: { node: { action: string; apiKeyId: string; apiKeyPrefix: string } }[] } } };
    expect(data.data.auditLog.edges.map((e) => e.node)).toEqual([{ action: "api_key.create", apiKeyId: user.apiKeyId, apiKeyPrefix: user.prefix }]);
  });
});
