import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startApiHarness, type ApiHarness } from "../support/api-harness.js";
import { expectStillServing, fragmentFanOut, nestedFanOut, nestedInlineFragments, postGraphQL } from "./attack-support.js";

/*
 * Security issue, item 2: documents whose fragments fan out (each spreading the
 * one below twice) made validation walk 2^k paths and froze the event loop.
 * The attacks here run without an API key against a production-mode API; each
 * must be refused with its documented code, and the server must keep serving.
 */
describe("a production API under validation attacks (no API key)", () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness({ withWorker: false, env: { NODE_ENV: "production" } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("refuses a 20-level fragment fan-out with TOO_MANY_ALIASES and keeps serving", async () => {
    const answer = await postGraphQL(h.url, fragmentFanOut(20));
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ALIASES");
    await expectStillServing(h.url);
  });

  it("refuses the 30-level fan-out of the report (1.4 KB, 2^30 paths) the same way", async () => {
    const document = fragmentFanOut(30);
    expect(document.length).toBeLessThan(1500);
    const answer = await postGraphQL(h.url, document);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ALIASES");
    await expectStillServing(h.url);
  });

  it("refuses a fan-out that nests (two aliases per level) with QUERY_TOO_COMPLEX once its expansion passes GRAPHQL_MAX_SELECTIONS", async () => {
    const answer = await postGraphQL(h.url, nestedFanOut(12));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(answer.body.errors?.[0]?.extensions?.maxSelections).toBe(h.pipeline.config.api.maxSelections);
    await expectStillServing(h.url);
  });

  it("answers fragment cycles with GRAPHQL_VALIDATION_FAILED", async () => {
    const answer = await postGraphQL(h.url, "query { ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A ...B }");
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(answer.body.errors?.map((e) => e.message).join("\n")).toMatch(/Cannot spread fragment "A" within itself/);
    await expectStillServing(h.url);
  });

  it("answers unknown fragments with GRAPHQL_VALIDATION_FAILED", async () => {
    const answer = await postGraphQL(h.url, "query { ...Nowhere ...F1 } fragment F1 on Query { ...Nowhere }");
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(answer.body.errors?.[0]?.message).toMatch(/Unknown fragment "Nowhere"/);
    await expectStillServing(h.url);
  });

  it("guards every operation of a document with many operations, each fanning out through one shared fragment", async () => {
    const fan = fragmentFanOut(25).split("\n").slice(1).join("\n");
    const operations = Array.from({ length: 200 }, (_, i) => `query Q${i} { ...F25 }`).join("\n");
    const answer = await postGraphQL(h.url, `${operations}\n${fan}`, { operationName: "Q7" });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ALIASES");
    await expectStillServing(h.url);
  });

  it("accepts a document of many small operations and runs the one named", async () => {
    const operations = Array.from({ length: 250 }, (_, i) => `query Q${i} { __typename }`).join("\n");
    const answer = await postGraphQL(h.url, operations, { operationName: "Q249" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { __typename: "Query" } });
  });

  it("refuses inline fragments nested hundreds deep with QUERY_TOO_DEEP", async () => {
    const answer = await postGraphQL(h.url, nestedInlineFragments(400));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    await expectStillServing(h.url);
  });

  it("stops parsing a document longer than GRAPHQL_MAX_TOKENS with GRAPHQL_PARSE_FAILED (many operations, deep nesting, deep list values)", async () => {
    const maxTokens = h.pipeline.config.api.maxTokens;
    const manyOperations = Array.from({ length: maxTokens }, (_, i) => `query Q${i} { __typename }`).join("\n");
    const deepInline = nestedInlineFragments(20_000);
    const deepList = `{ document(id: ${"[".repeat(20_000)}1${"]".repeat(20_000)}) { id } }`;
    for (const document of [manyOperations, deepInline, deepList]) {
      const answer = await postGraphQL(h.url, document, { operationName: document === manyOperations ? "Q1" : undefined });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
      expect(answer.body.errors?.[0]?.message).toMatch(new RegExp(`more tha[nt] ${maxTokens} tokens`)); // graphql-js 16 spells it "more that"
    }
    await expectStillServing(h.url);
  });

  it("guards before authentication: a fan-out is refused the same way with no key, a wrong key and a valid key", async () => {
    const user = await h.createUser();
    for (const apiKey of [undefined, "folio_not-a-real-key", user.apiKey]) {
      const answer = await postGraphQL(h.url, fragmentFanOut(30), { apiKey });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ALIASES");
    }
    await expectStillServing(h.url);
  });

  it("guards operations over WebSockets the same way", async () => {
    const user = await h.createUser();
    const client = createClient({ url: `${h.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${user.apiKey}` }, lazy: true, retryAttempts: 0 });
    try {
      const code = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: fragmentFanOut(30) }, { next: () => resolve("data"), error: (errors) => resolve((errors as { extensions?: { code?: string } }[])[0]?.extensions?.code), complete: () => resolve("complete") });
      });
      expect(code).toBe("TOO_MANY_ALIASES");
    } finally {
      await client.dispose();
    }
    await expectStillServing(h.url);
  });
});
