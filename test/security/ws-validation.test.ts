import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MeDocument } from "../../src/client/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { openWsSession, waitFor, type WsSession } from "../support/ws-session.js";

/*
 * Attack: send over graphql-ws what HTTP refuses. Before the fix the WebSocket path had only the depth
 * rule: no complexity limit, introspection open in production, and parse/operation errors that closed
 * the socket (4500) or came back as INTERNAL_ERROR. Both transports must run the same checks and
 * answer with the same codes.
 */

const MAX_COMPLEXITY = 10;

let h: ApiHarness;
let user: ApiUser;
const sessions: WsSession[] = [];

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false, env: { GRAPHQL_INTROSPECTION: "false", GRAPHQL_MAX_COMPLEXITY: String(MAX_COMPLEXITY) } });
  user = await h.createUser();
});
afterEach(async () => {
  // The server still serves after every attack.
  const { me } = await user.client.request(MeDocument, {});
  expect(me.id).toBe(user.id);
  for (const session of sessions.splice(0)) await session.dispose();
});
afterAll(async () => {
  await h?.close();
});

/** The error codes the WebSocket transport answers `query` with (the socket must stay open). */
async function wsCodes(query: string, variables?: Record<string, unknown>): Promise<unknown[]> {
  const session = openWsSession(h.url, `Bearer ${user.apiKey}`);
  sessions.push(session);
  const op = session.operation(query, variables);
  await waitFor("an answer", () => op.ended || session.closed !== null);
  expect(session.closed, "the socket stays open").toBeNull();
  // Refused before running: an error message, or a result with errors and no data.
  expect(op.results.filter((r) => r.data !== undefined && r.data !== null), "nothing ran").toEqual([]);
  return [...(op.errors ?? []), ...op.results.flatMap((r) => r.errors ?? [])].map((e) => e.extensions?.code);
}

/** The error codes HTTP answers `query` with. */
async function httpCodes(query: string, variables?: Record<string, unknown>): Promise<unknown[]> {
  const response = await fetch(`${h.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${user.apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return (body.errors ?? []).map((e) => e.extensions?.code);
}

/** A query `depth` levels deep (introspection types nest without end). */
function queryOfDepth(depth: number): string {
  const ofTypes = depth - 5;
  return `{ __schema { types { fields { type { ${"ofType { ".repeat(ofTypes)}name${" }".repeat(ofTypes)} } } } } }`;
}

const EVERY_EVENT_FIELD = "createdAt detail documentId documentStatus message progress seq status step stepProgress type";

describe("over graphql-ws the same checks run as over HTTP", () => {
  it("a subscription costing more than GRAPHQL_MAX_COMPLEXITY is refused with QUERY_TOO_COMPLEX", async () => {
    // 1 for the subscription field + 1 per selected field: 12 > 10.
    const doc = `subscription { documentEvents { ${EVERY_EVENT_FIELD} } }`;
    expect(await wsCodes(doc)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(await httpCodes(doc)).toEqual(["QUERY_TOO_COMPLEX"]);
    // Under the limit the same subscription is accepted.
    const session = openWsSession(h.url, `Bearer ${user.apiKey}`);
    sessions.push(session);
    const before = h.api.services.hub.listenerCount;
    const ok = session.operation("subscription { documentEvents { seq } }");
    await waitFor("the cheap subscription to be live", () => h.api.services.hub.listenerCount > before || ok.ended);
    expect(ok.errors).toBeNull();
  });

  it("introspection with GRAPHQL_INTROSPECTION=false is refused with INTROSPECTION_DISABLED, as over HTTP", async () => {
    const doc = "query { __schema { queryType { name } } }";
    expect(await httpCodes(doc)).toEqual(["INTROSPECTION_DISABLED"]);
    expect(await wsCodes(doc)).toEqual(["INTROSPECTION_DISABLED"]);
    expect(await wsCodes('{ __type(name: "Query") { name } }')).toEqual(["INTROSPECTION_DISABLED"]);
  });

  it("a document deeper than GRAPHQL_MAX_DEPTH is refused with QUERY_TOO_DEEP", async () => {
    const doc = queryOfDepth(h.pipeline.config.api.maxDepth + 1);
    const ws = await wsCodes(doc);
    expect(ws).toContain("QUERY_TOO_DEEP");
    expect(ws).toEqual(await httpCodes(doc));
  });

  it.each([
    ["a syntax error", "subscription { documentEvents { seq ", "GRAPHQL_PARSE_FAILED"],
    ["an unknown field", "subscription { documentEvents { nope } }", "GRAPHQL_VALIDATION_FAILED"],
    ["two operations and no operationName", "subscription A { documentEvents { seq } } subscription B { documentEvents { seq } }", "OPERATION_RESOLUTION_FAILURE"],
    ["a wrong variable type", "subscription ($id: ID!) { documentProgress(id: $id) { seq } }", "BAD_USER_INPUT"],
  ])("%s is answered with a request code (not INTERNAL_ERROR), the socket stays open", async (_label, doc, code) => {
    const variables = code === "BAD_USER_INPUT" ? { id: { not: "an id" } } : undefined;
    const ws = await wsCodes(doc, variables);
    expect(ws.length).toBeGreaterThan(0);
    expect(ws).not.toContain("INTERNAL_ERROR");
    expect(ws[0]).toBe(code === "BAD_USER_INPUT" ? "VALIDATION_FAILED" : code);
  });
});
