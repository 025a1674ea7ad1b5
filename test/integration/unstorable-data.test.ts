import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { isDataException } from "../../src/errors/app.error.js";
import { summarizeStep } from "../../src/pipeline/steps/summarize.step.js";
import { invoicePdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

let h: PipelineHarness;
let ownerId: string;

beforeAll(async () => {
  // Retries would be quick and plenty: the test fails if the refusal is retried at all.
  h = await startHarness({ env: { JOB_ATTEMPTS: "3", JOB_BACKOFF_MS: "100" } });
  ownerId = (await h.createUser()).id;
});
afterAll(async () => {
  await h?.close();
});

describe("data the database refuses", () => {
  it("PostgreSQL's refusal of \\u0000 in jsonb and NUL in text is a data exception (class 22)", async () => {
    const jsonb = await h.ctx.dataSource.query(`SELECT $1::jsonb`, [JSON.stringify({ text: "a\u0000b" })]).catch((e: unknown) => e);
    expect(jsonb).toBeInstanceOf(Error);
    expect((jsonb as { code?: string }).code).toBe("22P05");
    expect(isDataException(jsonb)).toBe(true);
    const text = await h.ctx.dataSource.query(`SELECT $1::text`, ["a\u0000b"]).catch((e: unknown) => e);
    expect(isDataException(text)).toBe(true);
    const other = await h.ctx.dataSource.query(`SELECT * FROM no_such_table_here`).catch((e: unknown) => e);
    expect(isDataException(other)).toBe(false);
  });

  it("fails a document once with UNSTORABLE_DATA when a step's output is refused, instead of retrying it", async () => {
    // A step whose output PostgreSQL refuses: what a NUL from a text layer did before page models sanitised text.
    const original = summarizeStep.run;
    summarizeStep.run = async (ctx) => ({ ...(await original(ctx)), data: { summary: "Invoice \u0000 from nowhere" } });
    try {
      const submitted = await h.submitBytes(ownerId, await invoicePdf(`U${Date.now()}`), "unstorable.pdf", "application/pdf");
      const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
      expect(doc.status).toBe(DocumentStatus.FAILED);
      expect(doc.errorCode).toBe("UNSTORABLE_DATA");
      expect(doc.attempts).toBe(1);
      const steps = await h.steps(doc.id);
      const summarize = steps.find((s) => s.name === "summarize")!;
      expect(summarize).toMatchObject({ status: "FAILED", errorCode: "UNSTORABLE_DATA", attempts: 1 });
      const events = await h.events(doc.id);
      expect(events.filter((e) => e.type === "step.started" && e.step === "summarize")).toHaveLength(1);
      expect(events.at(-1)!.type).toBe("document.failed");
    } finally {
      summarizeStep.run = original;
    }
  });
});
