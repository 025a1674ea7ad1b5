#!/usr/bin/env node
/* global process, console */
// `npm run arch:check`: measures the shape of src/ from its imports (dependency-cruiser) and
// fails when it is worse than the targets in .dependency-cruiser.mjs. It counts
//   (a) imports pointing back up the layer table (one per importing file and imported file),
//   (b) import cycles between files of different folders (strongly connected groups of files
//       that span more than one top-level folder; each is printed with one shortest such cycle),
//   (c) pairs of top-level folders importing each other (imports made by entity files excepted),
// and lists each. Type-only and dynamic imports count like static ones; they are labelled.
// An unknown top-level folder (missing from the layer table) fails the check.
// Usage: node scripts/arch-check.mjs [--json]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cruise } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const configFile = path.join(root, ".dependency-cruiser.mjs");
const { LAYERS, TARGETS, MUTUAL_PAIR_EXEMPT_SOURCES } = await import(configFile);
const options = await extractDepcruiseOptions(configFile);
const { output } = await cruise(["src"], options, undefined, {
  tsConfig: extractTSConfig(path.join(root, options.tsConfig.fileName)),
});
const result = typeof output === "string" ? JSON.parse(output) : output;

/** "src/queue/reconciler.ts" → "queue"; "src/main.ts" → "main.ts". */
const folderOf = (file) => file.split("/")[1];
const layerIndex = new Map(LAYERS.flatMap((folders, index) => folders.map((folder) => [folder, index])));
const kindOf = (dependency) => {
  const types = dependency.dependencyTypes ?? [];
  if (types.includes("type-only") || dependency.preCompilationOnly) return " [type-only]";
  if (types.includes("dynamic-import")) return " [dynamic]";
  return "";
};

const modules = result.modules.filter((module) => module.source.startsWith("src/"));
/** @type {{from: string, to: string, kind: string}[]} */
const edges = modules.flatMap((module) =>
  module.dependencies
    .filter((dependency) => dependency.resolved.startsWith("src/"))
    .map((dependency) => ({ from: module.source, to: dependency.resolved, kind: kindOf(dependency) })),
);

// Unknown folders: every folder must sit in the layer table.
const unknownFolders = [...new Set(modules.map((module) => folderOf(module.source)))]
  .filter((folder) => !layerIndex.has(folder))
  .sort();

// (a) Back-up imports: into a layer above the importer's.
const backUp = edges
  .filter(({ from, to }) => {
    const fromLayer = layerIndex.get(folderOf(from));
    const toLayer = layerIndex.get(folderOf(to));
    return fromLayer !== undefined && toLayer !== undefined && toLayer < fromLayer;
  })
  .sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to));

// (b) Cross-folder cycles: Tarjan's strongly connected components over the file graph.
const successors = new Map(modules.map((module) => [module.source, []]));
for (const { from, to } of edges) successors.get(from)?.push(to);
const components = stronglyConnected([...successors.keys()].sort(), successors);
const crossFolderCycles = components
  .filter((component) => component.length > 1 && new Set(component.map(folderOf)).size > 1)
  .map((component) => ({
    folders: [...new Set(component.map(folderOf))].sort(),
    files: [...component].sort(),
    example: shortestCrossFolderCycle(component, successors),
  }));

// (c) Mutual folder pairs.
const folderImports = new Map(); // "a→b" → edges
for (const edge of edges) {
  const [a, b] = [folderOf(edge.from), folderOf(edge.to)];
  if (a === b || new RegExp(MUTUAL_PAIR_EXEMPT_SOURCES).test(edge.from)) continue;
  const key = `${a}→${b}`;
  if (!folderImports.has(key)) folderImports.set(key, []);
  folderImports.get(key).push(edge);
}
const mutualPairs = [...folderImports.keys()]
  .map((key) => key.split("→"))
  .filter(([a, b]) => a < b && folderImports.has(`${b}→${a}`))
  .map(([a, b]) => ({ a, b, forward: folderImports.get(`${a}→${b}`), backward: folderImports.get(`${b}→${a}`) }))
  .sort((x, y) => `${x.a} ${x.b}`.localeCompare(`${y.a} ${y.b}`));

const counts = {
  backUpImports: backUp.length,
  crossFolderCycles: crossFolderCycles.length,
  mutualFolderPairs: mutualPairs.length,
};
const failures = Object.entries(TARGETS)
  .filter(([name, target]) => counts[name] > target)
  .map(([name]) => `${name} above target`);
if (unknownFolders.length > 0) failures.push(`folders missing from the layer table (${unknownFolders.join(", ")})`);

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ counts, targets: TARGETS, unknownFolders, backUp, crossFolderCycles, mutualPairs }, null, 2));
} else {
  const line = (text = "") => console.log(text);
  line(`Architecture check: ${modules.length} modules in src/, ${edges.length} imports between them (dependency-cruiser)`);
  line(`Layers, top to bottom: ${LAYERS.map((folders) => folders.join(", ")).join("  >  ")}`);
  if (unknownFolders.length > 0) {
    line();
    line(`Unknown top-level folders (add them to LAYERS in .dependency-cruiser.mjs): ${unknownFolders.join(", ")}`);
  }
  line();
  line(`(a) Imports pointing back up the layers: ${counts.backUpImports} (target ≤ ${TARGETS.backUpImports})`);
  for (const { from, to, kind } of backUp) {
    line(`    ${from} (${folderOf(from)}, layer ${layerIndex.get(folderOf(from))}) → ${to} (${folderOf(to)}, layer ${layerIndex.get(folderOf(to))})${kind}`);
  }
  line();
  line(`(b) Import cycles between files of different folders: ${counts.crossFolderCycles} (target ≤ ${TARGETS.crossFolderCycles})`);
  for (const { folders, files, example } of crossFolderCycles) {
    line(`    ${files.length} files in ${folders.join(", ")}; e.g. ${example.join(" → ")}`);
  }
  line();
  line(`(c) Pairs of folders importing each other: ${counts.mutualFolderPairs} (target ≤ ${TARGETS.mutualFolderPairs})`);
  for (const { a, b, forward, backward } of mutualPairs) {
    line(`    ${a} ⇄ ${b}`);
    for (const { from, to, kind } of [...forward, ...backward]) line(`        ${from} → ${to}${kind}`);
  }
  line();
  line(failures.length === 0 ? "arch:check passed" : `arch:check FAILED: ${failures.join("; ")}`);
}
process.exitCode = failures.length === 0 ? 0 : 1;

/** Tarjan's algorithm, iterative (no recursion limit on long import chains). */
function stronglyConnected(nodes, next) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work = [{ node: start, children: next.get(start) ?? [], position: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.position < frame.children.length) {
        const child = frame.children[frame.position++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, children: next.get(child) ?? [], position: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(child)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        found.push(component);
      }
    }
  }
  return found;
}

/** The shortest cycle inside a component that crosses a folder boundary: a cross-folder edge u→v plus the shortest path v→u. */
function shortestCrossFolderCycle(component, next) {
  const members = new Set(component);
  let best;
  for (const from of [...component].sort()) {
    for (const to of next.get(from) ?? []) {
      if (!members.has(to) || folderOf(to) === folderOf(from)) continue;
      const back = shortestPath(to, from, members, next);
      if (back && (!best || back.length + 1 < best.length)) best = [from, ...back];
    }
  }
  return best ?? [];
}

function shortestPath(start, goal, members, next) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === goal) {
      const pathBack = [];
      for (let at = goal; at !== null; at = previous.get(at)) pathBack.unshift(at);
      return pathBack;
    }
    for (const child of next.get(node) ?? []) {
      if (members.has(child) && !previous.has(child)) {
        previous.set(child, node);
        queue.push(child);
      }
    }
  }
  return undefined;
}
