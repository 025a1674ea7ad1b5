import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { Kind, parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { MAX_GUARD_WORK, inspectDocument, operationComplexity, validateDocument, type GraphQLLimits } from "../../src/graphql/limits.js";
import { createSchema } from "../../src/graphql/schema.js";
import { fragmentFanOut, nestedFanOut, nestedInlineFragments } from "./attack-support.js";

/*
 * The guard's work is counted, not timed: `visited` is every selection it
 * looks at and every field count it merges. It must grow with the length of a
 * document, never with its expansion, and stay under MAX_GUARD_WORK for any
 * document of up to 100 KB.
 */

const limits: GraphQLLimits = loadConfig({}).api;
/** Parse with a token limit far above the default: these tests look at the guard itself on documents the parser limit would stop earlier. */
const doc = (source: string): DocumentNode => parse(source, { maxTokens: 200_000 });
/** Selections written in a document (its length in the guard's units). */
function writtenSelections(document: DocumentNode): number {
  let n = 0;
  const walk = (set: { selections: readonly { kind: string; selectionSet?: unknown }[] } | undefined) => {
    for (const sel of set?.selections ?? []) {
      n++;
      walk(sel.selectionSet as typeof set);
    }
  };
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) walk(def.selectionSet);
  return n;
}

/** Documents of up to 100 KB built to be expensive for one check or another. */
function attackDocuments(): Record<string, string> {
  const kb100 = 100 * 1024;
  /** The largest `make(n)` (n a power of two, at most `maxN`) of at most 100 KB. */
  const fit = (make: (n: number) => string, maxN = Number.MAX_SAFE_INTEGER) => {
    let n = 1;
    while (n * 2 <= maxN && make(n * 2).length <= kb100) n *= 2;
    return make(n);
  };
  // graphql-js parses recursively: past ~1,000 nested selection sets the parser itself runs out of stack, before any guard.
  const parserNesting = 512;
  return {
    fanOut30: fragmentFanOut(30),
    fanOutMax: fit((n) => fragmentFanOut(n)),
    nestedFanOut: fit((n) => nestedFanOut(n)),
    sameField: fit((n) => `{ ${"me { id } ".repeat(n)} }`),
    aliases: fit((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: document(id: "x") { text(limit: 1000000) { content } }`).join(" ")} }`),
    aliasesInFragments: fit((n) => `{ ${Array.from({ length: n }, (_, i) => `...A${i}`).join(" ")} } ${Array.from({ length: n }, (_, i) => `fragment A${i} on Query { a${i}: me { id } }`).join(" ")}`),
    fragmentChain: fit((n) => `{ ...C${n} } fragment C0 on Query { __typename } ${Array.from({ length: n }, (_, i) => `fragment C${i + 1} on Query { x${i}: __typename ...C${i} }`).join(" ")}`),
    manyOperations: fit((n) => Array.from({ length: n }, (_, i) => `query Q${i} { ...F20 }`).join("\n") + "\n" + fragmentFanOut(20).split("\n").slice(1).join("\n")),
    inlineNesting: fit((n) => nestedInlineFragments(n), parserNesting),
    fieldNesting: fit((n) => `{ ${"__typename a: __type(name: \"Q\") { ofType { ".repeat(n)}name${" } }".repeat(n)} }`, parserNesting / 2),
    fragmentCycle: fit((n) => `{ ...Z0 } ${Array.from({ length: n }, (_, i) => `fragment Z${i} on Query { ...Z${(i + 1) % n} ...Z${(i + 7) % n} }`).join(" ")}`),
    unknownFragments: fit((n) => `{ ${Array.from({ length: n }, (_, i) => `...U${i}`).join(" ")} }`),
  };
}

describe("the document guard's work", () => {
  it("is linear in the document for the fragment fan-out of the report (k = 20 and k = 30), where the old depth walk took 2^k paths", () => {
    for (const k of [20, 30]) {
      const document = doc(fragmentFanOut(k));
      const { errors, visited } = inspectDocument(document, limits);
      expect(errors.map((e) => e.extensions.code)).toEqual(["TOO_MANY_ALIASES"]);
      // Each fragment is looked at once: its two spreads, its field counts merged twice.
      expect(visited).toBeLessThanOrEqual(4 * writtenSelections(document) + 2);
    }
  });

  it("stays within MAX_GUARD_WORK and refuses with a code on every 100 KB attack shape", () => {
    for (const [name, source] of Object.entries(attackDocuments())) {
      expect(source.length, name).toBeLessThanOrEqual(100 * 1024);
      const { errors, visited } = inspectDocument(doc(source), limits);
      expect(visited, name).toBeLessThanOrEqual(MAX_GUARD_WORK + 1);
      if (name === "unknownFragments") continue; // left to graphql-js's KnownFragmentNames, which is linear
      expect(errors.map((e) => e.extensions.code), name).toHaveLength(1);
      expect(["TOO_MANY_ALIASES", "QUERY_TOO_COMPLEX", "QUERY_TOO_DEEP", "GRAPHQL_VALIDATION_FAILED"], name).toContain(errors[0]!.extensions.code);
    }
  });

  it("measures depth through fragments once each, and still reports the exact depth at the limit", () => {
    const ofTypes = (n: number) => `${"ofType { ".repeat(n)}name${" }".repeat(n)}`;
    const at = doc(`{ __schema { ...T } } fragment T on __Schema { types { ...F ...F ...F } } fragment F on __Type { fields { type { ${ofTypes(limits.maxDepth - 5)} } } }`);
    expect(inspectDocument(at, limits).errors).toEqual([]);
    const past = doc(`{ __schema { ...T } } fragment T on __Schema { types { ...F ...F ...F } } fragment F on __Type { fields { type { ${ofTypes(limits.maxDepth - 4)} } } }`);
    expect(inspectDocument(past, limits).errors.map((e) => e.message)).toEqual([`The operation is ${limits.maxDepth + 1} levels deep; at most ${limits.maxDepth} are allowed.`]);
  });

  it("counts aliases, repeats and fragment selections of one field per selection set, and only there", () => {
    const n = limits.maxAliases;
    const aliases = (count: number, prefix = "a") => Array.from({ length: count }, (_, i) => `${prefix}${i}: __typename`).join(" ");
    expect(inspectDocument(doc(`{ ${aliases(n)} }`), limits).errors).toEqual([]);
    expect(inspectDocument(doc(`{ ${aliases(n + 1)} }`), limits).errors.map((e) => e.extensions.code)).toEqual(["TOO_MANY_ALIASES"]);
    expect(inspectDocument(doc(`{ ${aliases(n - 1)} ...A } fragment A on Query { ... { __typename __typename } }`), limits).errors.map((e) => e.extensions.code)).toEqual(["TOO_MANY_ALIASES"]);
    // The same field in different selection sets is not one field selected many times.
    expect(inspectDocument(doc(`{ ${Array.from({ length: n }, (_, i) => `d${i}: __type(name: "Query") { ${aliases(n, "n")} }`).join(" ")} }`), { ...limits, maxSelections: 10_000 }).errors).toEqual([]);
  });

  it("passes every operation the bundled client sends", () => {
    const dir = path.resolve("schema/operations");
    for (const file of fs.readdirSync(dir)) {
      const { errors } = inspectDocument(doc(fs.readFileSync(path.join(dir, file), "utf8")), limits);
      expect(errors, file).toEqual([]);
    }
  });
});

describe("validation and complexity around the guard", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  it("validateDocument answers with the guard's error alone, without running graphql-js's rules, on an attack", () => {
    const errors = validateDocument(schema, doc(fragmentFanOut(30)), limits);
    expect(errors.map((e) => e.extensions.code)).toEqual(["TOO_MANY_ALIASES"]);
    expect(validateDocument(schema, doc("query { ...Nowhere }"), limits).map((e) => e.message)).toEqual(['Unknown fragment "Nowhere".']);
  });

  it("stops the complexity estimator (which follows fragments without memoising) after GRAPHQL_MAX_SELECTIONS selections, with QUERY_TOO_COMPLEX", () => {
    let thrown: unknown;
    try {
      operationComplexity(schema, doc(fragmentFanOut(30)), limits, {});
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { extensions?: { code?: string } }).extensions?.code).toBe("QUERY_TOO_COMPLEX");
    const small = operationComplexity(schema, doc(fragmentFanOut(5)), limits, {});
    expect(small.visited).toBeLessThanOrEqual(limits.maxSelections + 1);
    expect(small.complexity).toBe(32);
  });

  it("prices Document.text by its limit: 1 per 1,000 characters", () => {
    const cost = (limit: number) => operationComplexity(schema, doc(`{ document(id: "x") { text(limit: ${limit}) { content } } }`), limits, {}).complexity;
    expect(cost(1_000_000) - cost(1_000)).toBe(999);
    const viaVariable = operationComplexity(schema, doc(`query($n: Int!) { document(id: "x") { text(limit: $n) { content } } }`), limits, { variables: { n: 500_000 } });
    expect(viaVariable.complexity).toBe(cost(500_000));
    // The default limit (100,000 characters) is priced too.
    expect(operationComplexity(schema, doc(`{ document(id: "x") { text { content } } }`), limits, {}).complexity).toBe(cost(100_000));
  });
});
