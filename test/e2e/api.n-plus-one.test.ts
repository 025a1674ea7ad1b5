import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentsDocument, MeDocument } from "../../src/client/index.js";
import { STEP_NAMES } from "../../src/pipeline/step.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";

const SEEDED = 50;

let h: ApiHarness;
let alice: ApiUser;

beforeAll(async () => {
  // No worker: the documents stay as recorded, and nothing else touches the DataSource while queries are counted.
  h = await startApiHarness({ withWorker: false });
  alice = await h.createUser();
  for (let i = 0; i < SEEDED; i++) {
    const bytes = Buffer.from(`%PDF-1.4\n% seeded document ${i} of ${alice.id}\n`);
    await h.pipeline.services.intake.record({ ownerId: alice.id, filename: `seed-${String(i).padStart(2, "0")}.pdf`, stream: Readable.from([bytes]) });
  }
});
afterAll(async () => {
  await h?.close();
});

/** Run `documents(first)` with each node's steps, counting the SQL statements the server ran for it. */
async function countedPage(first: number) {
  h.queryCounter.reset();
  const { documents } = await alice.client.request(DocumentsDocument, { first });
  const count = h.queryCounter.count;
  const queries = [...h.queryCounter.queries];
  return { documents, count, queries };
}

describe("listing documents with their steps", () => {
  it("runs the same small number of SQL queries for 50 documents as for 5 (steps are batched, not loaded per document)", async () => {
    // The first request of a key refreshes its last-used time (a write at most once a minute): keep it out of the counts.
    await alice.client.request(MeDocument);

    const big = await countedPage(50);
    const few = await countedPage(5);
    console.info(`documents(first: 50) with steps: ${big.count} SQL queries; documents(first: 5): ${few.count}`);

    expect(big.documents.totalCount).toBe(SEEDED);
    expect(big.documents.edges).toHaveLength(SEEDED);
    for (const { node } of big.documents.edges) {
      expect(node.steps.map((s) => s.name)).toEqual([...STEP_NAMES]);
      expect(node.steps.every((s) => s.status === "PENDING")).toBe(true);
    }
    expect(new Set(big.documents.edges.map((e) => e.node.id)).size).toBe(SEEDED);
    expect(few.documents.edges).toHaveLength(5);
    expect(few.documents.edges.every((e) => e.node.steps.length === STEP_NAMES.length)).toBe(true);

    expect(big.count, big.queries.join("\n")).toBe(few.count);
    expect(big.count, big.queries.join("\n")).toBeLessThanOrEqual(8);
  });
});
