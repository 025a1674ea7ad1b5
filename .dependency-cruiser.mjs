// Architecture rules for src/, checked by `npm run arch:check` (scripts/arch-check.mjs).
// The same file works with the dependency-cruiser CLI, e.g. a folder graph:
//   npx depcruise src --config .dependency-cruiser.mjs --output-type archi | dot -T svg > arch.svg

/**
 * The layers of src/, top to bottom, by top-level folder (or top-level file).
 * A module may import from its own layer and any layer below it; an import into a layer
 * above is a "back-up" import. A folder missing from this table fails the check, so a new
 * folder has to be placed on purpose.
 */
export const LAYERS = [
  // the entry: hands each command to cli/
  ["main.ts"],
  // the commands; refined from issue 10's table (main.ts, app > cli, http): `serve` and `worker` start
  // processes through app/, and app/ never needs a command, so cli/ sits above app/, not below it
  ["cli"],
  // composition: the only place processes are wired
  ["app"],
  // the HTTP/WebSocket server
  ["http"],
  // the public API: schema, thin resolvers
  ["graphql"],
  // features built on the pipeline and the log
  ["destinations", "webhooks", "retention", "metrics"],
  // the runner loop, the step contract, the steps
  ["pipeline"],
  // every state change of a document, intake, read models
  ["documents"],
  // the event log and its hub; the job queue
  ["events", "queue"],
  // services with no knowledge of documents' life: pure extraction, storage, identity, audit, outbound HTTP
  ["extraction", "storage", "auth", "users", "audit", "outbound"],
  // foundations: connections, configuration, logging, error codes, helpers, the generated SDK
  ["db", "redis", "config", "logging", "errors", "common", "client"],
];

/** Targets of `npm run arch:check` (issue 10): above any of them the check exits 1. */
export const TARGETS = {
  backUpImports: 8,
  crossFolderCycles: 0,
  mutualFolderPairs: 0,
};

/**
 * Modules whose imports are left out of the mutual-folder-pair count: the entities are
 * plain TypeORM classes that relate to each other (issue 10: "except entity pairs").
 */
export const MUTUAL_PAIR_EXEMPT_SOURCES = "^src/db/entities/";

const folderPattern = (folders) =>
  `^src/(${folders.map((folder) => folder.replace(/\./g, "\\.")).join("|")})(/|$)`;

/** One forbidden rule per layer: nothing in it imports from the layers above it. */
const layerRules = LAYERS.slice(1).map((folders, index) => ({
  name: `layer-${index + 1}-not-up`,
  comment: `${folders.join(", ")} must not import from ${LAYERS.slice(0, index + 1).flat().join(", ")}`,
  severity: "error",
  from: { path: folderPattern(folders) },
  to: { path: folderPattern(LAYERS.slice(0, index + 1).flat()) },
}));

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [...layerRules],
  options: {
    includeOnly: "^src/",
    doNotFollow: { path: "node_modules" },
    // type-only imports are dependencies of the design too (tsc erases them, the reader does not)
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: false,
  },
};
