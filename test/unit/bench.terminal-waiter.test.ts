import { describe, expect, it } from "vitest";
import type { AppContext } from "../../src/app/app-context.js";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { TerminalWaiter } from "../../bench/pipeline/run.js";

/**
 * A context whose documents table answers from `statuses` (changed by the test between polls) and records
 * every query: which ids it asked for.
 */
function fakeContext(statuses: Map<string, DocumentStatus>): { ctx: AppContext; queries: string[][] } {
  const queries: string[][] = [];
  const repository = {
    async find(options: { where: { id: { value: string[] } } }) {
      const ids = [...options.where.id.value];
      queries.push(ids);
      const rows = ids.flatMap((id) => (statuses.has(id) ? [{ id, status: statuses.get(id)! }] : []));
      // Between the first and second poll the first document finishes, between the second and third the others.
      if (queries.length === 1) statuses.set("a", DocumentStatus.COMPLETED);
      if (queries.length === 2) for (const id of ["b", "c"]) statuses.set(id, id === "b" ? DocumentStatus.FAILED : DocumentStatus.COMPLETED);
      return rows;
    },
  };
  const ctx = { dataSource: { getRepository: () => repository } } as unknown as AppContext;
  return { ctx, queries };
}

describe("the benches' wait for documents to finish", () => {
  it("asks about every document in flight in one query per tick, and resolves each once it is terminal", async () => {
    const statuses = new Map([
      ["a", DocumentStatus.PROCESSING],
      ["b", DocumentStatus.PROCESSING],
      ["c", DocumentStatus.QUEUED],
    ]);
    const { ctx, queries } = fakeContext(statuses);
    const waiter = new TerminalWaiter(ctx);
    const order: string[] = [];
    const waits = ["a", "b", "c"].map((id) => waiter.wait(id).then((finished) => (order.push(id), finished)));

    expect(await Promise.all(waits)).toEqual([true, true, true]);
    // One query for the three documents per tick (not one per document); a finished one is no longer asked about.
    expect(queries).toEqual([
      ["a", "b", "c"],
      ["a", "b", "c"],
      ["b", "c"],
    ]);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("stops asking once nothing is pending, and starts again for a later document", async () => {
    const statuses = new Map([["a", DocumentStatus.COMPLETED]]);
    const queries: string[][] = [];
    const ctx = {
      dataSource: {
        getRepository: () => ({
          async find(options: { where: { id: { value: string[] } } }) {
            queries.push([...options.where.id.value]);
            return [...options.where.id.value].map((id) => ({ id, status: statuses.get(id) ?? DocumentStatus.COMPLETED }));
          },
        }),
      },
    } as unknown as AppContext;
    const waiter = new TerminalWaiter(ctx);
    expect(await waiter.wait("a")).toBe(true);
    expect(await waiter.wait("b")).toBe(true);
    expect(queries).toEqual([["a"], ["b"]]);
  });
});
