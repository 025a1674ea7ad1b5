import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { ERROR_CODES, isErrorCode, type ErrorCode } from "../errors/app.error.js";
import { DOCUMENT_TYPES } from "../extraction/extraction.types.js";
import { STEP_NAMES } from "../pipeline/step.js";

/** Queue states exported by `folio_queue_jobs`. */
export const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;

/** How long a scrape waits for BullMQ's job counts before leaving the queue gauge empty. */
export const QUEUE_READ_TIMEOUT_MS = 2_000;

/** Distinct GraphQL operation names kept as label values; later names are reported as "other". */
export const MAX_OPERATION_NAMES = 100;

/** A queue whose job counts are read at scrape time. */
export interface QueueSource {
  /** Label value (the BullMQ queue name, e.g. "documents"). */
  name: string;
  /** Identity of the queue (prefix + name): sources with the same key are read once. */
  key: string;
  counts(): Promise<Record<string, number>>;
}

/** Something that knows how many GraphQL subscriptions are live (an EventHub). */
export interface SubscriptionSource {
  readonly listenerCount: number;
}

/** Every metric Folio exports, in one registry per process. */
export interface FolioMetrics {
  registry: Registry;
  documentsSubmitted: Counter;
  documentsCompleted: Counter<"document_type">;
  documentsFailed: Counter<"error_code">;
  documentsCancelled: Counter;
  stepDuration: Histogram<"step" | "status">;
  ocrPages: Counter;
  queueJobs: Gauge<"queue" | "state">;
  storageOperations: Counter<"driver" | "operation">;
  storageErrors: Counter<"driver" | "operation">;
  /** Leftovers the orphan sweep removed: `incomplete` writes (.part files, multipart uploads) and `object`s of documents without a row. */
  storageOrphansRemoved: Counter<"kind">;
  /** Document jobs put back to wait because a dependency was away (their attempts not spent), by dependency. */
  dependencyWaits: Counter<"dependency">;
  /** 0 while this worker sees a dependency away (a document job waits for it), else 1; by dependency. */
  dependencyUp: Gauge<"dependency">;
  graphqlDuration: Histogram<"operation" | "outcome">;
  graphqlActiveSubscriptions: Gauge;
  /** WebSockets closed with 4420 SLOW_CONSUMER: their unsent bytes passed WS_SEND_BUFFER_LIMIT_BYTES. */
  wsSlowConsumerDrops: Counter;
  /** Register a queue read at scrape time; returns the function that unregisters it. */
  addQueue(source: QueueSource): () => void;
  /** Register a subscription counter read at scrape time; returns the function that unregisters it. */
  addSubscriptions(source: SubscriptionSource): () => void;
  /** The label value for a GraphQL operation name (bounded: "anonymous", "other"). */
  operationLabel(name: string | null | undefined): string;
}

const KEY = Symbol.for("folio.metrics");
type Holder = { [KEY]?: FolioMetrics };

/**
 * The process's metrics. Created on first use and kept on `globalThis`, so the
 * API and the worker of one process (`folio all`), several test harnesses, or
 * a module loaded twice all share one registry and nothing is registered twice.
 */
export function getMetrics(): FolioMetrics {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createMetrics());
}

/** Resolve `promise`, or reject after `ms` (the timer never keeps the process alive). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function createMetrics(): FolioMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const queues = new Map<string, QueueSource[]>();
  const hubs = new Set<SubscriptionSource>();
  const operationNames = new Set<string>();

  const queueJobs = new Gauge<"queue" | "state">({
    name: "folio_queue_jobs",
    help: "Jobs in a BullMQ queue by state (waiting, active, delayed, failed), read from Redis at scrape time.",
    labelNames: ["queue", "state"],
    registers,
    async collect() {
      this.reset();
      const totals = new Map<string, Record<string, number>>();
      await Promise.all(
        [...queues.values()].map(async (sources) => {
          const source = sources[0];
          if (!source) return;
          try {
            const counts = await withTimeout(source.counts(), QUEUE_READ_TIMEOUT_MS);
            const total = totals.get(source.name) ?? {};
            for (const state of QUEUE_STATES) total[state] = (total[state] ?? 0) + (counts[state] ?? 0);
            totals.set(source.name, total);
          } catch {
            // Redis is slow or down: leave this queue out of the scrape rather than hang it.
          }
        }),
      );
      for (const [queue, counts] of totals) for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
    },
  });

  const metrics: FolioMetrics = {
    registry,
    documentsSubmitted: new Counter({ name: "folio_documents_submitted_total", help: "Documents accepted (stored and recorded).", registers }),
    documentsCompleted: new Counter({
      name: "folio_documents_completed_total",
      help: "Documents that finished processing successfully, by classified document type.",
      labelNames: ["document_type"],
      registers,
    }),
    documentsFailed: new Counter({ name: "folio_documents_failed_total", help: "Documents that failed, by error code.", labelNames: ["error_code"], registers }),
    documentsCancelled: new Counter({ name: "folio_documents_cancelled_total", help: "Documents cancelled while queued or processing.", registers }),
    stepDuration: new Histogram({
      name: "folio_step_duration_seconds",
      help: "Duration of pipeline steps, by step and outcome (succeeded, skipped, failed).",
      labelNames: ["step", "status"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    ocrPages: new Counter({ name: "folio_ocr_pages_total", help: "Pages (images or rendered PDF pages) recognised by OCR.", registers }),
    queueJobs,
    storageOperations: new Counter({
      name: "folio_storage_operations_total",
      help: "Object-store operations, by driver and operation.",
      labelNames: ["driver", "operation"],
      registers,
    }),
    storageErrors: new Counter({
      name: "folio_storage_errors_total",
      help: "Object-store operations that failed for a reason other than the request or the document (size limit, missing object), by driver and operation.",
      labelNames: ["driver", "operation"],
      registers,
    }),
    storageOrphansRemoved: new Counter({
      name: "folio_storage_orphans_removed_total",
      help: "Storage leftovers removed by the workers' orphan sweep: incomplete writes (temporary files, multipart uploads) and objects of documents that have no row.",
      labelNames: ["kind"],
      registers,
    }),
    dependencyWaits: new Counter({
      name: "folio_dependency_waits_total",
      help: "Document jobs put back to wait because PostgreSQL, Redis or the object store was unreachable (no attempt spent), by dependency.",
      labelNames: ["dependency"],
      registers,
    }),
    dependencyUp: new Gauge({
      name: "folio_dependency_up",
      help: "0 while a worker waits for an unreachable dependency (postgres, redis, storage, unknown), 1 once a job got through again.",
      labelNames: ["dependency"],
      registers,
    }),
    graphqlDuration: new Histogram({
      name: "folio_graphql_request_duration_seconds",
      help: "Duration of GraphQL HTTP requests, by operation name and outcome (success, error).",
      labelNames: ["operation", "outcome"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    graphqlActiveSubscriptions: new Gauge({
      name: "folio_graphql_active_subscriptions",
      help: "Live GraphQL subscriptions (progress streams) on this API process.",
      registers,
      collect() {
        let n = 0;
        for (const hub of hubs) n += hub.listenerCount;
        this.set(n);
      },
    }),
    wsSlowConsumerDrops: new Counter({
      name: "folio_ws_slow_consumer_drops_total",
      help: "WebSockets closed with 4420 SLOW_CONSUMER because more than WS_SEND_BUFFER_LIMIT_BYTES of their events were queued and unsent.",
      registers,
    }),
    addQueue(source) {
      const list = queues.get(source.key) ?? [];
      list.push(source);
      queues.set(source.key, list);
      return () => {
        const at = list.indexOf(source);
        if (at >= 0) list.splice(at, 1);
        if (list.length === 0 && queues.get(source.key) === list) queues.delete(source.key);
      };
    },
    addSubscriptions(source) {
      hubs.add(source);
      return () => void hubs.delete(source);
    },
    operationLabel(name) {
      if (!name) return "anonymous";
      if (operationNames.has(name)) return name;
      if (operationNames.size >= MAX_OPERATION_NAMES || !/^[_A-Za-z][_0-9A-Za-z]{0,127}$/.test(name)) return "other";
      operationNames.add(name);
      return name;
    },
  };
  // Start the bounded label sets at 0, so the first event shows up in rate() and increase().
  for (const type of [...DOCUMENT_TYPES, "unknown"]) metrics.documentsCompleted.inc({ document_type: type }, 0);
  for (const code of Object.keys(ERROR_CODES)) if (ERROR_CODES[code as ErrorCode].kind !== "client") metrics.documentsFailed.inc({ error_code: code }, 0);
  return metrics;
}

/** Step label: the seven pipeline steps, `deliver` for every `deliver:*` step, `other` for anything else. */
export function stepLabel(step: string): string {
  if ((STEP_NAMES as readonly string[]).includes(step)) return step;
  if (step === "deliver" || step.startsWith("deliver:")) return "deliver";
  return "other";
}

/** Document-type label: a known classifier type, `unknown` when none was recorded. */
export function documentTypeLabel(type: string | null | undefined): string {
  if (!type) return "unknown";
  return (DOCUMENT_TYPES as readonly string[]).includes(type) ? type : "other";
}

/** Error-code label: a stable error code, `OTHER` for anything else. */
export function errorCodeLabel(code: string | null | undefined): string {
  if (!code) return "UNKNOWN";
  return isErrorCode(code) ? code : "OTHER";
}
