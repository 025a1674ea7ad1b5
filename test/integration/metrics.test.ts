import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { startApi } from "../../src/app/api.js";
import { startMetricsServer } from "../../src/metrics/metrics-server.js";
import { startWorkerMetrics } from "../../src/metrics/metrics.worker.js";
import { getMetrics, QUEUE_READ_TIMEOUT_MS } from "../../src/metrics/registry.js";
import { LocalObjectStore } from "../../src/storage/local.store.js";
import { freePort, startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { receiptJpeg } from "../support/fixtures.js";

// ---------------------------------------------------------------------------
// A small parser of the Prometheus text exposition format (version 0.0.4).

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  samples: Sample[];
  help: Map<string, string>;
  type: Map<string, string>;
  /** Lines that are neither comments, blank, nor valid samples. */
  bad: string[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)/y;

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const at = LABEL.lastIndex;
    const m = LABEL.exec(text);
    if (!m || m.index !== at) return null;
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_all, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

/** A sample value as Prometheus reads it (Go's ParseFloat: NaN and Inf in any case; prom-client writes "Nan"). */
function parseValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === "+inf" || lower === "inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  if (lower === "nan") return NaN;
  const n = Number(text);
  return text.trim() !== "" && !Number.isNaN(n) ? n : null;
}

function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: [], help: new Map(), type: new Map(), bad: [] };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
      if (meta) (meta[1] === "HELP" ? out.help : out.type).set(meta[2]!, meta[3]!);
      else if (/^# (HELP|TYPE)/.test(line)) out.bad.push(line);
      continue;
    }
    const m = SAMPLE.exec(line);
    const labels = m ? (m[2] === undefined ? {} : parseLabels(m[2])) : null;
    const value = m ? parseValue(m[3]!) : null;
    if (!m || labels === null || value === null) out.bad.push(line);
    else out.samples.push({ name: m[1]!, labels, value });
  }
  return out;
}

/** The family a sample belongs to: itself, or a histogram/summary it is a part of. */
function familyOf(exp: Exposition, name: string): string | null {
  if (exp.type.has(name)) return name;
  const base = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
  if (base && ["histogram", "summary"].includes(exp.type.get(base) ?? "")) return base;
  return null;
}

/** Sum of the samples named `name` whose labels include `labels`. */
function value(exp: Exposition, name: string, labels: Record<string, string> = {}): number {
  return exp.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

function has(exp: Exposition, name: string, labels: Record<string, string> = {}): boolean {
  return exp.samples.some((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

async function scrape(url: string): Promise<{ exp: Exposition; text: string; contentType: string | null }> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { exp: parseExposition(text), text, contentType: res.headers.get("content-type") };
}

/** Every line parses and every sample's family has HELP and TYPE, declared once. */
function expectWellFormed(exp: Exposition, text: string): void {
  expect(exp.bad).toEqual([]);
  expect(exp.samples.length).toBeGreaterThan(0);
  for (const sample of exp.samples) {
    const family = familyOf(exp, sample.name);
    expect(family, `no TYPE for ${sample.name}`).not.toBeNull();
    expect(exp.help.has(family!), `no HELP for ${family}`).toBe(true);
  }
  for (const name of exp.type.keys()) expect(exp.help.has(name), `no HELP for ${name}`).toBe(true);
  const typeLines = text.split("\n").filter((l) => l.startsWith("# TYPE "));
  expect(new Set(typeLines).size).toBe(typeLines.length);
}


// ---------------------------------------------------------------------------

let h: ApiHarness;
let user: ApiUser;

beforeAll(async () => {
  h = await startApiHarness({ env: { METRICS_PORT: "0" } });
  user = await h.createUser();
});

afterAll(async () => {
  await h?.close();
});

describe("GET /metrics on the API", () => {
  it("serves well-formed Prometheus text with every Folio metric and the default process metrics", async () => {
    const { exp, text, contentType } = await scrape(h.url);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expectWellFormed(exp, text);
    for (const name of [
      "folio_documents_submitted_total",
      "folio_documents_completed_total",
      "folio_documents_failed_total",
      "folio_documents_cancelled_total",
      "folio_step_duration_seconds",
      "folio_ocr_pages_total",
      "folio_queue_jobs",
      "folio_storage_operations_total",
      "folio_storage_errors_total",
      "folio_graphql_request_duration_seconds",
      "folio_graphql_active_subscriptions",
      "folio_ws_slow_consumer_drops_total",
      "process_cpu_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(exp.type.has(name), name).toBe(true);
    }
    for (const state of ["waiting", "active", "delayed", "failed"]) expect(has(exp, "folio_queue_jobs", { queue: "documents", state }), state).toBe(true);
  });

  it("counts documents, steps, OCR pages, storage operations and GraphQL requests", async () => {
    const before = (await scrape(h.url)).exp;

    const receipt = await h.pipeline.submitBytes(user.id, await receiptJpeg(), "receipt.jpg", "image/jpeg");
    const empty = await h.pipeline.submitBytes(user.id, Buffer.alloc(0), "empty.pdf", "application/pdf");
    const done = await h.pipeline.waitForStatus(receipt.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    const failed = await h.pipeline.waitForStatus(empty.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
    expect(done.status).toBe(DocumentStatus.COMPLETED);
    expect(done.documentType).toBe("receipt");
    expect(failed.status).toBe(DocumentStatus.FAILED);
    expect(failed.errorCode).toBe("EMPTY_FILE");

    const res = await fetch(`${h.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.apiKey}` },
      body: JSON.stringify({ query: "query MetricsProbe { me { id } }", operationName: "MetricsProbe" }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data?: { me?: { id: string } } }).data?.me?.id).toBe(user.id);
    // An operation without a name and one that fails.
    await fetch(`${h.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.apiKey}` },
      body: JSON.stringify({ query: "{ document(id: \"00000000-0000-0000-0000-000000000000\") { id } }" }),
    });

    const { exp: after, text } = await scrape(h.url);
    expectWellFormed(after, text);
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

    expect(delta("folio_documents_submitted_total")).toBe(2);
    expect(delta("folio_documents_completed_total", { document_type: "receipt" })).toBe(1);
    expect(delta("folio_documents_completed_total")).toBe(1);
    expect(delta("folio_documents_failed_total", { error_code: "EMPTY_FILE" })).toBe(1);
    expect(delta("folio_documents_failed_total")).toBe(1);
    expect(delta("folio_step_duration_seconds_count", { step: "ocr", status: "succeeded" })).toBe(1);
    expect(delta("folio_step_duration_seconds_count", { step: "ocr" })).toBe(1);
    expect(delta("folio_step_duration_seconds_count", { step: "detect", status: "failed" })).toBe(1);
    expect(delta("folio_step_duration_seconds_count", { step: "extract_text", status: "skipped" })).toBe(1);
    expect(delta("folio_step_duration_seconds_sum", { step: "ocr", status: "succeeded" })).toBeGreaterThan(0);
    expect(delta("folio_step_duration_seconds_bucket", { step: "ocr", status: "succeeded", le: "+Inf" })).toBe(1);
    expect(delta("folio_ocr_pages_total")).toBe(1);
    expect(delta("folio_storage_operations_total", { driver: "local", operation: "put" })).toBeGreaterThanOrEqual(2);
    expect(delta("folio_storage_operations_total", { driver: "local", operation: "get" })).toBeGreaterThanOrEqual(1);
    expect(delta("folio_graphql_request_duration_seconds_count", { operation: "MetricsProbe", outcome: "success" })).toBe(1);
    expect(delta("folio_graphql_request_duration_seconds_count", { operation: "anonymous", outcome: "error" })).toBe(1);
    expect(has(after, "folio_queue_jobs", { queue: "documents", state: "waiting" })).toBe(true);
    expect(has(after, "folio_graphql_active_subscriptions")).toBe(true);

    // Bounded cardinality: no label value is a document or user id.
    const ids = [receipt.id, empty.id, user.id];
    for (const sample of after.samples) for (const v of Object.values(sample.labels)) expect(ids).not.toContain(v);
    const steps = new Set(after.samples.filter((s) => s.name === "folio_step_duration_seconds_count").map((s) => s.labels.step));
    for (const step of steps) expect(["detect", "extract_text", "ocr", "classify", "extract_fields", "summarize", "searchable_pdf", "finalize", "deliver", "other"]).toContain(step);
  });

  it("shares one registry when a second API starts in the same process", async () => {
    const second = await startApi(h.pipeline.ctx, { port: 0, host: "127.0.0.1" });
    try {
      const a = await scrape(h.url);
      const b = await scrape(second.url);
      expectWellFormed(b.exp, b.text);
      expect(value(b.exp, "folio_documents_submitted_total")).toBe(value(a.exp, "folio_documents_submitted_total"));
      // The same queue registered twice is read once.
      expect(value(b.exp, "folio_queue_jobs", { queue: "documents", state: "failed" })).toBe(value(a.exp, "folio_queue_jobs", { queue: "documents", state: "failed" }));
    } finally {
      await second.stop();
    }
    // Stopping one API leaves the other's sources in place.
    const { exp } = await scrape(h.url);
    expect(has(exp, "folio_queue_jobs", { queue: "documents", state: "waiting" })).toBe(true);
    expect(getMetrics()).toBe(getMetrics());
  });

  it("keeps the store instrumented yet still the driver's class", async () => {
    expect(h.pipeline.ctx.store).toBeInstanceOf(LocalObjectStore);
    expect(h.pipeline.ctx.store.driver).toBe("local");
    const before = (await scrape(h.url)).exp;
    expect(await h.pipeline.ctx.store.stat("users/nobody/absent.txt")).toBeNull();
    await expect(h.pipeline.ctx.store.get("users/nobody/absent.txt")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const after = (await scrape(h.url)).exp;
    const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(delta("folio_storage_operations_total", { driver: "local", operation: "stat" })).toBe(1);
    expect(delta("folio_storage_operations_total", { driver: "local", operation: "get" })).toBe(1);
    // A missing object is an answer, not a storage failure.
    expect(delta("folio_storage_errors_total", { driver: "local", operation: "get" })).toBe(0);
  });

  it("does not hang the scrape when the queue does not answer", async () => {
    const remove = getMetrics().addQueue({ name: "stuck", key: "test:stuck", counts: () => new Promise(() => undefined) });
    try {
      const started = Date.now();
      const { exp } = await scrape(h.url);
      expect(Date.now() - started).toBeLessThan(QUEUE_READ_TIMEOUT_MS + 1_500);
      expect(has(exp, "folio_queue_jobs", { queue: "stuck" })).toBe(false);
      expect(has(exp, "folio_queue_jobs", { queue: "documents", state: "waiting" })).toBe(true);
    } finally {
      remove();
    }
  });
});

describe("the worker's metrics endpoint", () => {
  it("serves the same registry on its own port and answers 404 elsewhere", async () => {
    const server = await startMetricsServer({ port: 0, host: "127.0.0.1" });
    try {
      expect(server.port).toBeGreaterThan(0);
      const worker = await scrape(server.url);
      expect(worker.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expectWellFormed(worker.exp, worker.text);
      expect(worker.exp.type.get("folio_step_duration_seconds")).toBe("histogram");
      expect(has(worker.exp, "process_resident_memory_bytes")).toBe(true);
      const api = await scrape(h.url);
      expect(value(worker.exp, "folio_documents_submitted_total")).toBe(value(api.exp, "folio_documents_submitted_total"));
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/metrics`)).rejects.toThrow();
  });

  it("serves the worker's metrics on METRICS_PORT, closes on stop, and is off when the port is 0", async () => {
    const port = await freePort();
    const deps = { port, host: "127.0.0.1", queues: [h.pipeline.worker!.queue], logger: h.pipeline.ctx.logger };
    const running = await startWorkerMetrics(deps);
    try {
      const { exp } = await scrape(`http://127.0.0.1:${port}`);
      expect(has(exp, "folio_queue_jobs", { queue: "documents", state: "active" })).toBe(true);
    } finally {
      await running.stop();
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();

    const off = await startWorkerMetrics({ ...deps, port: 0 });
    await off.stop();
  });
});
