import { expect } from "vitest";

/** One error of a raw GraphQL answer. */
export interface RawError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** A raw GraphQL answer over HTTP. */
export interface RawAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: RawError[] };
}

/** POST a GraphQL request with plain fetch, as an outside attacker would (no SDK). */
export async function postGraphQL(url: string, query: string, options: { apiKey?: string; variables?: Record<string, unknown>; operationName?: string } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables: options.variables ?? {}, operationName: options.operationName }),
  });
  return { status: response.status, body: JSON.parse(await response.text()) as RawAnswer["body"] };
}

/** The server still answers a trivial operation (no key needed for `__typename`). */
export async function expectStillServing(url: string): Promise<void> {
  const answer = await postGraphQL(url, "{ __typename }");
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ data: { __typename: "Query" } });
}

/** `query { ...F<k> }` where every fragment spreads the one below it twice: 2^k paths in a ~1.4 KB document. */
export function fragmentFanOut(k: number, leaf = "__typename"): string {
  const lines = [`query { ...F${k} }`, `fragment F0 on Query { ${leaf} }`];
  for (let i = 1; i <= k; i++) lines.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return lines.join("\n");
}

/** Fan-out that nests instead of repeating at one level: two aliases per level, each going one level deeper. */
export function nestedFanOut(k: number): string {
  const lines = [`query { __type(name: "Query") { ...T${k} } }`, "fragment T0 on __Type { name }"];
  for (let i = 1; i <= k; i++) lines.push(`fragment T${i} on __Type { a: ofType { ...T${i - 1} } b: ofType { ...T${i - 1} } }`);
  return lines.join("\n");
}

/** `n` inline fragments nested inside each other around one field. */
export function nestedInlineFragments(n: number): string {
  return `{ ${"... { ".repeat(n)}__typename${" }".repeat(n)} }`;
}
