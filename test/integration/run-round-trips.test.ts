import { Readable } from "node:stream";
import type { Logger as TypeOrmLogger, QueryRunner } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentEntity, DocumentStatus } from "../../src/db/entities/index.js";
import { rebuildSteps } from "../../src/documents/step.rebuild.js";
import { cancel, startRun, writeSteps, type StepWrite } from "../../src/documents/transitions/index.js";
import { invoicePdf } from "../support/fixtures.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

/** One transaction as the database saw it: its statements (without START TRANSACTION / COMMIT) and their parameters. */
interface LoggedTransaction {
  statements: { sql: string; parameters: readonly unknown[] }[];
}

/** Groups the statements TypeORM sends into transactions, per connection (query runner). */
class TransactionRecorder implements TypeOrmLogger {
  readonly transactions: LoggedTransaction[] = [];
  private readonly open = new Map<QueryRunner, LoggedTransaction>();
  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (!queryRunner) return;
    const sql = query.trim();
    if (/^START TRANSACTION/i.test(sql)) {
      const tx: LoggedTransaction = { statements: [] };
      this.open.set(queryRunner, tx);
      this.transactions.push(tx);
    } else if (/^(COMMIT|ROLLBACK)/i.test(sql)) {
      this.open.delete(queryRunner);
    } else {
      this.open.get(queryRunner)?.statements.push({ sql, parameters: parameters ?? [] });
    }
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** The events a transaction appends to a document's log (the event log appends them in one statement). */
function appendedEvents(tx: LoggedTransaction, documentId: string): { type: string; step: string | null }[] {
  const append = tx.statements.find((s) => s.sql.includes("INSERT INTO processing_events") && s.parameters[0] === documentId);
  return append ? (JSON.parse(String(append.parameters[2])) as { type: string; step: string | null }[]) : [];
}

const recorder = new TransactionRecorder();
let h: PipelineHarness;
let ownerId: string;

beforeAll(async () => {
  h = await startHarness({ queryLogger: recorder });
  ownerId = (await h.createUser()).id;
});
afterAll(async () => {
  await h?.close();
});

async function processInvoice(number: string) {
  const submitted = await h.submitBytes(ownerId, await invoicePdf(number), `${number}.pdf`, "application/pdf");
  const doc = await h.waitForStatus(submitted.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(doc.status).toBe(DocumentStatus.COMPLETED);
  return doc;
}

/** What a statement does, for reading a transaction at a glance. */
function kindOf(sql: string): string {
  if (/^SELECT .* FROM "documents" .*FOR UPDATE/s.test(sql)) return "lock document";
  if (/^WITH bumped AS \(UPDATE documents SET event_seq/.test(sql)) return "append events";
  const write = /^(UPDATE|INSERT INTO|DELETE FROM)\s+"?(\w+)"?/.exec(sql);
  if (write) return `${write[1]} ${write[2]}`;
  // TypeORM quotes the table it selects from (a raw subquery inside it does not).
  const read = /^SELECT .*? FROM "(\w+)"/s.exec(sql) ?? /^SELECT .*? FROM (\w+)/s.exec(sql);
  return read ? `SELECT ${read[1]}` : sql.slice(0, 40);
}

/** The transactions that wrote `documentId`'s run (after its intake), in order, as statement kinds. */
function runTransactions(documentId: string): { events: string[]; statements: string[] }[] {
  return recorder.transactions
    .filter((tx) => tx.statements.some((s) => s.parameters.includes(documentId)))
    .map((tx) => ({ events: appendedEvents(tx, documentId).map((e) => (e.step ? `${e.type} ${e.step}` : e.type)), statements: tx.statements.map((s) => kindOf(s.sql)) }))
    .filter((tx) => !tx.events.includes("document.queued"));
}

describe("the run of a text PDF", () => {
  it("writes the step log, step rows and document row a step-by-step run writes", async () => {
    const doc = await processInvoice(`RT${Date.now()}`);
    const events = await h.events(doc.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // The progress bar: each step's weight (STEP_WEIGHTS) added when it ends; OCR is skipped for a text layer.
    const started = (step: string, progress: number) => ({ type: "step.started", step, status: "IN_PROGRESS", progress, stepProgress: 0, message: `${step} started`, detail: { attempt: 1 } });
    const ended = (type: string, step: string, progress: number) => ({ type, step, status: type === "step.skipped" ? "SKIPPED" : "SUCCEEDED", progress, stepProgress: 1 });
    expect(events.map(({ type, step, status, progress, stepProgress, message, detail }) => ({ type, step, status, progress, stepProgress, message, detail }))).toMatchObject([
      { type: "document.queued", status: "QUEUED", progress: 0 },
      { type: "document.processing", status: "PROCESSING", progress: 0, message: "Processing (attempt 1)", detail: { attempt: 1 } },
      started("detect", 0),
      ended("step.succeeded", "detect", 2),
      started("extract_text", 2),
      ended("step.succeeded", "extract_text", 12),
      started("ocr", 12),
      { ...ended("step.skipped", "ocr", 77), detail: { output: null } },
      started("classify", 77),
      ended("step.succeeded", "classify", 80),
      started("extract_fields", 80),
      ended("step.succeeded", "extract_fields", 91),
      started("summarize", 91),
      ended("step.succeeded", "summarize", 93),
      started("searchable_pdf", 93),
      ended("step.skipped", "searchable_pdf", 96),
      started("finalize", 96),
      ended("step.succeeded", "finalize", 99),
      { type: "document.completed", step: null, status: "COMPLETED", progress: 100, message: "Completed", detail: { deliveries: [] } },
    ]);

    // Each step row is what its two events say: attempt 1, started and ended at the events' instants, its output and duration.
    const steps = await h.steps(doc.id);
    for (const row of steps) {
      const start = events.find((e) => e.type === "step.started" && e.step === row.name)!;
      const end = events.find((e) => (e.type === "step.succeeded" || e.type === "step.skipped") && e.step === row.name)!;
      const detail = end.detail as { attempt: number; durationMs: number; output: unknown };
      expect(row).toMatchObject({ status: end.status, attempts: 1, startedAt: start.createdAt, completedAt: end.createdAt, durationMs: detail.durationMs, output: detail.output, errorCode: null, errorMessage: null });
      expect(detail.attempt).toBe(1);
    }
    // A step without data keeps no result at all (SQL NULL, not JSON null); the others keep theirs for a resumed run.
    const results = (await h.ctx.dataSource.query(`SELECT name, jsonb_typeof(result) AS type FROM processing_steps WHERE document_id = $1 ORDER BY position`, [doc.id])) as { name: string; type: string | null }[];
    expect(Object.fromEntries(results.map((r) => [r.name, r.type]))).toEqual({
      detect: "object",
      extract_text: "object",
      ocr: null,
      classify: "object",
      extract_fields: "object",
      summarize: "object",
      searchable_pdf: null,
      finalize: "object",
    });
    const rebuild = await rebuildSteps(h.ctx.dataSource, { dryRun: true, documentIds: [doc.id] });
    expect(rebuild.differences).toEqual([]);

    // The document row: every column a step set, then the completion's.
    const summary = (steps.find((s) => s.name === "summarize")!.output as { summary: string }).summary;
    expect(doc).toMatchObject({ progress: 100, currentStep: null, detectedContentType: "application/pdf", pageCount: 1, documentType: "invoice", summary, runToken: null });
    expect(doc.typeConfidence).toBeGreaterThan(0);
    expect((doc.fields as unknown[]).length).toBeGreaterThan(0);
    expect(doc.extractedText).toContain("Northwind");
    expect(doc.textKey).toBeTruthy();
    expect(doc.resultKey).toBeTruthy();
  });

  it("writes the steps computed between two transactions with one statement for their rows and one for the document row", async () => {
    const doc = await processInvoice(`RS${Date.now()}`);
    const transactions = runTransactions(doc.id);
    expect(transactions.map((t) => t.events)).toEqual([
      ["document.processing"],
      ["step.started detect", "step.succeeded detect", "step.started extract_text"],
      [
        "step.succeeded extract_text",
        ...["ocr", "classify", "extract_fields", "summarize", "searchable_pdf"].flatMap((step) => [`step.started ${step}`, `step.${step === "ocr" || step === "searchable_pdf" ? "skipped" : "succeeded"} ${step}`]),
        "step.started finalize",
      ],
      ["step.succeeded finalize", "document.completed"],
    ]);
    // The run's start reads the step rows, the database clock and the sealed password in one statement.
    expect(transactions[0]!.statements).toEqual(["lock document", "SELECT processing_steps", "UPDATE documents", "append events"]);
    // Six steps' outcomes, five starts and the next step's start: one UPDATE of the step rows, one of the document row.
    expect(transactions[2]!.statements).toEqual(["lock document", "UPDATE processing_steps", "UPDATE documents", "append events"]);
    expect(transactions[1]!.statements).toEqual(["lock document", "UPDATE processing_steps", "UPDATE documents", "append events"]);
    // The completion sets the document row once, the last step's columns with it (then the destinations, the log, its webhooks).
    expect(transactions[3]!.statements).toEqual(["lock document", "UPDATE processing_steps", "UPDATE documents", "SELECT destinations", "append events", "SELECT webhooks"]);
  });
});

describe("writeSteps: several pipeline steps in one transaction", () => {
  /** A document held at upload (no worker takes it), then started by hand: PROCESSING with its PENDING step rows. */
  async function processingDocument(number: string) {
    const { document } = await h.services.intake.submit({ ownerId, filename: `${number}.pdf`, contentType: "application/pdf", stream: Readable.from([await invoicePdf(number)]), autoProcess: false });
    await h.services.events.transact(document.id, (tx, doc) => startRun(tx, doc, new Date()));
    return document.id;
  }
  const write = (id: string, writes: StepWrite[]) => h.services.events.transact(id, (tx, doc) => writeSteps(tx, doc, { writes }));
  const row = async (id: string, step: string) => (await h.steps(id)).find((s) => s.name === step)!;

  it("leaves the document row as the starts and ends one by one would: the last current step, progress and columns", async () => {
    const id = await processingDocument(`WS${Date.now()}`);
    const at = new Date();
    const written = await write(id, [
      { step: "detect", start: { at, done: new Set() }, finish: { at, durationMs: 3, attempt: 0, outcome: { status: "succeeded", document: { detectedContentType: "application/pdf" } }, done: new Set(["detect"]) } },
      { step: "extract_text", start: { at, done: new Set(["detect"]) } },
    ]);
    expect(written).toEqual({ attempts: [1, 1] });
    const doc = await h.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id });
    expect(doc).toMatchObject({ currentStep: "extract_text", progress: 2, detectedContentType: "application/pdf" });
    expect(await row(id, "detect")).toMatchObject({ status: "SUCCEEDED", attempts: 1, startedAt: at, completedAt: at, durationMs: 3, output: null, result: null });
    expect(await row(id, "extract_text")).toMatchObject({ status: "IN_PROGRESS", attempts: 1, startedAt: at, completedAt: null, durationMs: null });
    const events = (await h.events(id)).slice(-3);
    expect(events.map((e) => [e.type, e.step, e.progress, (e.detail as { attempt?: number }).attempt])).toEqual([
      ["step.started", "detect", 0, 1],
      ["step.succeeded", "detect", 2, 1],
      ["step.started", "extract_text", 2, 1],
    ]);
  });

  it("writes the ends before a start the document refuses (it was cancelled), and nothing from that start on", async () => {
    const id = await processingDocument(`WC${Date.now()}`);
    const at = new Date();
    await write(id, [{ step: "detect", start: { at } }]);
    await h.services.events.transact(id, (tx, doc) => cancel(tx, doc, at));
    const written = await write(id, [
      { step: "detect", finish: { at, durationMs: 5, attempt: 1, outcome: { status: "succeeded", summary: { mime: "application/pdf" } }, done: new Set(["detect"]) } },
      { step: "extract_text", start: { at }, finish: { at, durationMs: 1, attempt: 0, outcome: { status: "succeeded" }, done: new Set(["detect", "extract_text"]) } },
      { step: "ocr", start: { at } },
    ]);
    expect(written).toEqual({ attempts: [1] });
    expect(await row(id, "detect")).toMatchObject({ status: "SUCCEEDED", attempts: 1, output: { mime: "application/pdf" } });
    expect(await row(id, "extract_text")).toMatchObject({ status: "PENDING", attempts: 0, startedAt: null });
    expect(await row(id, "ocr")).toMatchObject({ status: "PENDING", attempts: 0 });
    expect((await h.events(id)).at(-1)).toMatchObject({ type: "step.succeeded", step: "detect", progress: 2 });
    expect(await h.ctx.dataSource.getRepository(DocumentEntity).findOneByOrFail({ id })).toMatchObject({ status: "CANCELLED", progress: 2 });
  });
});
