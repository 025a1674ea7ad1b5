import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ExtractionError } from "../../src/extraction/extraction.errors.js";
import { closePdfChildren, extractPdfText, pdfPoolStats, startPdfPool } from "../../src/extraction/pdf.adapter.js";
import { PdfSandboxPool, type PdfPoolOptions } from "../../src/extraction/pdf.pool.js";
import type { SandboxJob } from "../../src/extraction/pdf.protocol.js";
import { INVOICE, invoicePdf } from "../support/fixtures.js";

// The pool's behaviour: reuse, recycling, replacement. Tests that need a sandbox to hang, crash or bloat use a
// scripted child that speaks the same protocol; the others run the real pdf.js child on generated PDFs.

const SCRIPTED = fileURLToPath(new URL("../support/pdf-scripted-child.mjs", import.meta.url));
const RUN = { timeoutMs: 15_000 };
const pools: PdfSandboxPool[] = [];

function pool(options: Partial<PdfPoolOptions> = {}): PdfSandboxPool {
  const p = new PdfSandboxPool({ size: 1, maxJobsPerProcess: 100, recycleMb: 4_096, maxMemoryMb: 512, ...options });
  pools.push(p);
  return p;
}

/** A job for the scripted child: its password says how to behave. */
function scripted(behaviour: "answer" | "hang" | "crash" | "bloat"): SandboxJob {
  return { op: "text", source: { kind: "stdin", byteLength: 0 }, password: behaviour, maxPages: 1, maxTextChars: 1_000 };
}

/** The pid of the scripted process that answered. */
async function servedBy(p: PdfSandboxPool, job: SandboxJob = scripted("answer")): Promise<number> {
  const reply = await p.run(job, null, RUN);
  if (reply.type !== "text") throw new Error(`unexpected reply ${reply.type}`);
  return Number(reply.result.pages[0]);
}

async function textJob(): Promise<{ job: SandboxJob; bytes: Uint8Array }> {
  const bytes = new Uint8Array(await invoicePdf());
  return { job: { op: "text", source: { kind: "stdin", byteLength: bytes.byteLength }, maxPages: 10, maxTextChars: 100_000 }, bytes };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await closePdfChildren();
});

describe("PdfSandboxPool with the real pdf.js child", () => {
  it("starts its processes before any document and reuses one process across documents", async () => {
    const p = pool({ size: 1 });
    await p.warm();
    const before = p.stats();
    expect(before).toMatchObject({ idle: 1, busy: 0, starting: 0, started: 1 });
    const { job, bytes } = await textJob();
    for (let i = 0; i < 3; i++) {
      const reply = await p.run(job, bytes, RUN);
      expect(reply.type === "text" && reply.result.pages[0]).toContain(INVOICE.marker);
    }
    expect(p.stats()).toMatchObject({ idle: 1, started: 1, pids: before.pids });
  });

  it("retires a process after maxJobsPerProcess documents and serves the next one from its replacement", async () => {
    const p = pool({ size: 1, maxJobsPerProcess: 2 });
    await p.warm();
    const [first] = p.stats().pids;
    const { job, bytes } = await textJob();
    await p.run(job, bytes, RUN);
    expect(p.stats()).toMatchObject({ pids: [first], recycled: { jobs: 0, memory: 0 } });
    await p.run(job, bytes, RUN);
    // Retired right after its second document; the replacement is started at once, not when the next one arrives.
    const after = p.stats();
    expect(after.recycled.jobs).toBe(1);
    expect(after.started).toBe(2);
    expect(after.pids).toHaveLength(1);
    expect(after.pids).not.toContain(first);
    const reply = await p.run(job, bytes, RUN);
    expect(reply.type === "text" && reply.result.pageCount).toBe(1);
    expect(p.stats().pids).toEqual(after.pids);
  });

  it("retires a process whose memory after a document is above recycleMb", async () => {
    // Every pdf.js process is bigger than 1 MB, so each document is the last of its process.
    const p = pool({ size: 1, recycleMb: 1 });
    await p.warm();
    const { job, bytes } = await textJob();
    const pids = new Set<number>();
    for (let i = 0; i < 3; i++) {
      pids.add(p.stats().pids[0]!);
      await p.run(job, bytes, RUN);
    }
    expect(p.stats().recycled).toEqual({ jobs: 0, memory: 3 });
    expect(pids.size).toBe(3);
  });

  it("keeps a process that failed a document (a parse error is not misbehaviour)", async () => {
    const p = pool({ size: 1 });
    await p.warm();
    const [pid] = p.stats().pids;
    const junk = new TextEncoder().encode("hello, not a pdf");
    const err = await rejection(p.run({ op: "text", source: { kind: "stdin", byteLength: junk.byteLength }, maxPages: 1, maxTextChars: 1_000 }, junk, RUN));
    expect((err as ExtractionError).code).toBe("CORRUPT_FILE");
    expect(p.stats()).toMatchObject({ pids: [pid], idle: 1, replaced: { timeout: 0, cancelled: 0, crashed: 0 } });
  });
});

describe("PdfSandboxPool with a scripted child", () => {
  it("kills a process that runs out of time, reaps it before rejecting, and runs the next job in its replacement", async () => {
    const p = pool({ size: 1, entry: SCRIPTED });
    await p.warm();
    const [hung] = p.stats().pids;
    const err = await rejection(p.run(scripted("hang"), null, { timeoutMs: 300 }));
    expect(err).toBeInstanceOf(ExtractionError);
    expect((err as ExtractionError).code).toBe("PROCESSING_TIMEOUT");
    expect(isAlive(hung!)).toBe(false);
    expect(p.stats().replaced.timeout).toBe(1);
    const next = await servedBy(p);
    expect(next).not.toBe(hung);
    expect(p.stats()).toMatchObject({ started: 2, pids: [next] });
  });

  it("replaces a process that crashes on a document (RESOURCE_LIMIT) and one killed from outside while idle", async () => {
    const p = pool({ size: 1, entry: SCRIPTED });
    await p.warm();
    const err = await rejection(p.run(scripted("crash"), null, RUN));
    expect((err as ExtractionError).code).toBe("RESOURCE_LIMIT");
    const second = await servedBy(p);
    expect(p.stats().replaced.crashed).toBe(1);

    process.kill(second, "SIGKILL");
    await vi.waitFor(() => expect(p.stats().replaced.crashed).toBe(2));
    const third = await servedBy(p);
    expect(third).not.toBe(second);
    expect(p.stats().replaced.crashed).toBe(2);
  });

  it("recycles on the memory the child reports after a job", async () => {
    const p = pool({ size: 1, entry: SCRIPTED, recycleMb: 512 });
    await p.warm();
    const a = await servedBy(p);
    expect(await servedBy(p)).toBe(a);
    expect(await servedBy(p, scripted("bloat"))).toBe(a);
    expect(p.stats().recycled.memory).toBe(1);
    expect(await servedBy(p)).not.toBe(a);
  });

  it("queues jobs beyond its size, and a caller cancelled while waiting leaves the queue with CANCELLED", async () => {
    const p = pool({ size: 1, entry: SCRIPTED });
    await p.warm();
    const aborted = p.run(scripted("hang"), null, { timeoutMs: 60_000, signal: AbortSignal.abort() });
    expect(((await rejection(aborted)) as ExtractionError).code).toBe("CANCELLED");

    const holder = new AbortController();
    const holding = rejection(p.run(scripted("hang"), null, { timeoutMs: 60_000, signal: holder.signal }));
    const waiter = new AbortController();
    const waiting = rejection(p.run(scripted("answer"), null, { timeoutMs: 60_000, signal: waiter.signal }));
    const queued = p.run(scripted("answer"), null, RUN);
    expect(p.stats()).toMatchObject({ busy: 1, waiting: 2 });
    waiter.abort();
    expect(((await waiting) as ExtractionError).code).toBe("CANCELLED");
    expect(p.stats().waiting).toBe(1);
    holder.abort();
    expect(((await holding) as ExtractionError).code).toBe("CANCELLED");
    // The queued job gets the replacement of the cancelled process.
    const reply = await queued;
    expect(reply.type).toBe("text");
    expect(p.stats().replaced.cancelled).toBe(1);
  });

  it("fails a job with a plain (retryable) Error when no process can start, without retrying in a loop", async () => {
    const p = pool({ size: 2, entry: fileURLToPath(new URL("../support/no-such-child.mjs", import.meta.url)) });
    await p.warm();
    expect(p.stats()).toMatchObject({ startFailures: 2, pids: [] });
    const err = await rejection(p.run(scripted("answer"), null, RUN));
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ExtractionError);
    expect((err as Error).message).toMatch(/failed to start/);
    expect(p.stats().startFailures).toBeLessThanOrEqual(4);
  });

  it("close() kills every process and rejects waiting callers", async () => {
    const p = pool({ size: 1, entry: SCRIPTED });
    await p.warm();
    const [pid] = p.stats().pids;
    const running = rejection(p.run(scripted("hang"), null, { timeoutMs: 60_000 }));
    const waiting = rejection(p.run(scripted("answer"), null, RUN));
    await p.close();
    expect(isAlive(pid!)).toBe(false);
    // Neither is the document's fault: plain (retryable) errors, not codes.
    expect(await waiting).not.toBeInstanceOf(ExtractionError);
    expect(await running).not.toBeInstanceOf(ExtractionError);
    expect(p.stats().pids).toEqual([]);
  });

  it("does not report the processes it kills on close() as crashed, nor try to replace them", async () => {
    const warnings: string[] = [];
    const logger = { debug: () => undefined, warn: (_: object, msg: string) => void warnings.push(msg) };
    const p = pool({ size: 2, entry: SCRIPTED, logger });
    await p.warm();
    await p.close();
    expect(p.stats().replaced).toEqual({ timeout: 0, cancelled: 0, crashed: 0 });
    expect(warnings).toEqual([]);
  });
});

describe("the process-wide pool (pdf.adapter)", () => {
  it("startPdfPool warms the configured number of processes, and documents run in them without starting another", async () => {
    await startPdfPool({ size: 2, maxJobsPerProcess: 100, recycleMb: 4_096, maxMemoryMb: 512 });
    const warm = pdfPoolStats();
    expect(warm).toMatchObject({ size: 2, idle: 2, starting: 0, started: 2 });
    const bytes = new Uint8Array(await invoicePdf());
    const limits = { timeoutMs: 15_000, maxPages: 10, maxMemoryMb: 512, maxTextChars: 100_000 };
    await Promise.all([extractPdfText(bytes, { limits }), extractPdfText(bytes, { limits }), extractPdfText(bytes, { limits })]);
    expect(pdfPoolStats()).toMatchObject({ idle: 2, started: 2, pids: warm!.pids });
  });

  it("runs a call whose heap cap differs from the pool's in a process of its own", async () => {
    await startPdfPool({ size: 1, maxJobsPerProcess: 100, recycleMb: 4_096, maxMemoryMb: 512 });
    const bytes = new Uint8Array(await invoicePdf());
    const res = await extractPdfText(bytes, { limits: { timeoutMs: 15_000, maxPages: 10, maxMemoryMb: 256, maxTextChars: 100_000 } });
    expect(res.pages[0]).toContain(INVOICE.marker);
    expect(pdfPoolStats()).toMatchObject({ started: 1, idle: 1 });
  });
});
