// The baseline of `npm run bench:upload`: the same file written straight into the same object
// store through Folio's own driver (`ObjectStore.put`, hashing and counting on the way), with no
// HTTP, multipart parsing or GraphQL in between. Run as a child process so its RSS is its own:
//   tsx bench/upload/raw-put.ts <file>     (storage settings from the environment, as for the API)
// Prints one JSON line: { sizeBytes, sha256, ms }.
import { createReadStream } from "node:fs";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../../src/config/env.js";
import { createObjectStore } from "../../src/storage/storage.factory.js";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: raw-put.ts <file>\n");
  process.exit(2);
}
const config = loadConfig();
const store = createObjectStore(config);
await store.init();
// Let the parent take its idle RSS sample before the write starts.
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
const t0 = performance.now();
const result = await store.put(`bench/raw-${process.pid}.bin`, createReadStream(file), { maxBytes: config.maxUploadBytes });
const ms = performance.now() - t0;
await store.delete(result.key);
process.stdout.write(`${JSON.stringify({ sizeBytes: result.sizeBytes, sha256: result.sha256, ms })}\n`);
process.exit(0);
