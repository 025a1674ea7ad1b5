// Measures the GraphQL document guard against the old depth walk and graphql-js's own rules on attack documents of up to 100 KB: `npx tsx bench/graphql-guard.bench.ts`. Timings depend on load; the visited counts do not.
import "reflect-metadata";
import { Kind, parse, validate, specifiedRules, type FragmentDefinitionNode, type SelectionSetNode, type DocumentNode } from "graphql";
import { loadConfig } from "../src/config/env.js";
import { inspectDocument, validateDocument, operationComplexity } from "../src/graphql/limits.js";
import { createSchema } from "../src/graphql/schema.js";
const limits = loadConfig({}).api;
const schema = await createSchema();
function fanout(k: number) { const l = [`query { ...F${k} }`, `fragment F0 on Query { __typename }`]; for (let i = 1; i <= k; i++) l.push(`fragment F${i} on Query { ...F${i-1} ...F${i-1} }`); return l.join("\n"); }
// The old depth rule (src/graphql/limits.ts before this branch), with a counter of selections looked at.
function oldDepthVisits(doc: DocumentNode, maxDepth: number) {
  let visits = 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!set) return depth; let max = depth;
    for (const sel of set.selections) { visits++;
      if (sel.kind === Kind.FIELD) max = Math.max(max, depthOf(sel.selectionSet, depth + 1, seen));
      else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel.selectionSet, depth, seen));
      else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) max = Math.max(max, depthOf(fragments.get(sel.name.value)?.selectionSet, depth, new Set([...seen, sel.name.value])));
      if (max > maxDepth) return max; }
    return max; };
  for (const def of doc.definitions) if (def.kind === Kind.OPERATION_DEFINITION) depthOf(def.selectionSet, 0, new Set());
  return visits;
}
const t = (fn: () => unknown) => { const s = performance.now(); try { fn(); } catch (e) { return (e as Error).name + " after " + (performance.now() - s).toFixed(0) + " ms"; } return (performance.now() - s).toFixed(2) + " ms"; };
for (let i = 0; i < 3; i++) validateDocument(schema, parse(fanout(10)), limits); // warm up
for (const k of [10, 16, 20]) { const d = parse(fanout(k)); let v = 0; console.log(`old depth rule k=${k}: visits`, (() => { const s = performance.now(); v = oldDepthVisits(d, 15); return v + " in " + (performance.now() - s).toFixed(0) + " ms"; })()); }
for (const k of [20, 30]) { const d = parse(fanout(k)); console.log(`guard k=${k}: visited`, inspectDocument(d, limits).visited, "validateDocument", t(() => validateDocument(schema, d, limits))); }
try { operationComplexity(schema, parse(fanout(30)), limits, {}); } catch (e) { console.log("complexity k=30:", (e as Error).message); }
const kb100 = 100 * 1024;
const fit = (make: (n: number) => string, maxN = 1e9) => { let n = 1; while (n * 2 <= maxN && make(n * 2).length <= kb100) n *= 2; return make(n); };
const shapes: Record<string, string> = {
  sameField: fit((n) => `{ ${"me { id } ".repeat(n)} }`),
  aliases: fit((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: document(id: "x") { text(limit: 1000000) { content } }`).join(" ")} }`),
  aliasesInFragments: fit((n) => `{ ${Array.from({ length: n }, (_, i) => `...A${i}`).join(" ")} } ${Array.from({ length: n }, (_, i) => `fragment A${i} on Query { a${i}: me { id } }`).join(" ")}`),
  fragmentChain: fit((n) => `{ ...C${n} } fragment C0 on Query { __typename } ${Array.from({ length: n }, (_, i) => `fragment C${i + 1} on Query { x${i}: __typename ...C${i} }`).join(" ")}`),
  manyOperations: fit((n) => Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join("\n")),
  fragmentCycle: fit((n) => `{ ...Z0 } ${Array.from({ length: n }, (_, i) => `fragment Z${i} on Query { ...Z${(i + 1) % n} ...Z${(i + 7) % n} }`).join(" ")}`),
  unknownFragments: fit((n) => `{ ${Array.from({ length: n }, (_, i) => `...U${i}`).join(" ")} }`),
  inlineNesting: fit((n) => `{ ${"... { ".repeat(n)}__typename${" }".repeat(n)} }`, 512),
  atLimits: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __type(name: "Query") { ${Array.from({ length: 30 }, (_, j) => `n${j}: name`).join(" ")} fields { name type { name ofType { name } } } }`).join(" ")} }`,
};
for (const [name, src] of Object.entries(shapes)) {
  const d = parse(src, { maxTokens: 200_000 });
  const r = inspectDocument(d, limits);
  console.log(name, (src.length / 1024).toFixed(0) + " KB", "guard visited", r.visited, r.errors[0]?.extensions.code ?? "pass", "| guard", t(() => inspectDocument(d, limits)), "| validateDocument", t(() => validateDocument(schema, d, limits)), "| graphql-js rules alone", t(() => validate(schema, d, specifiedRules)));
}
