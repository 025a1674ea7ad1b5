import os from "node:os";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { OCR_MODES, type OcrMode } from "../common/ocr-mode.js";
import { weakSigningSecretReason } from "./signing-secret.policy.js";

/** The S3/MinIO object store settings (STORAGE_DRIVER=s3); the driver lives in storage/. */
export interface S3Settings {
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  pathStyle: boolean;
  /** Bytes buffered per multipart part; an upload to S3 holds a few parts at once (see README, large uploads). */
  partSizeBytes: number;
  createBucket: boolean;
}

/**
 * Configuration comes from environment variables only, parsed and validated once
 * at start-up. Every variable, its default and its meaning is listed in
 * `.env.example` and the README's Configuration table; keep both in step with the schema below.
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: "expected a whole number" })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: `expected at least ${min}` }).max(max, { message: `expected at most ${max}` }));

/** A share from 0 to 1, written as a decimal ("0.6"). */
const share = z
  .string()
  .regex(/^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/, { message: "expected a number from 0 to 1" })
  .transform(Number);

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL (${protocols.join(" or ")})` },
  );

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: int(1, 65535).default(4000),
  PUBLIC_URL: url(["http:", "https:"]).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).default("postgres://postgres@127.0.0.1:5432/folio"),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 600_000).default(3_000),
  STARTUP_WAIT_MS: int(0, 86_400_000).default(300_000),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  STORAGE_DIR: z.string().min(1).default("./data/objects"),
  S3_ENDPOINT: url(["http:", "https:"]).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "expected an S3 bucket name (3-63 of a-z 0-9 . -)" })
    .default("folio"),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_PATH_STYLE: bool.default(true),
  S3_PART_SIZE_MB: int(5, 512).default(5),
  S3_CREATE_BUCKET: bool.default(true),
  SIGNING_SECRET: z.string().min(32, { message: "expected at least 32 characters" }).optional(),
  DOWNLOAD_URL_TTL_SECONDS: int(10, 7 * 24 * 3600).default(900),
  MAX_UPLOAD_BYTES: int(1, Number.MAX_SAFE_INTEGER).default(100 * 1024 * 1024),
  DIRECT_UPLOAD_TTL_SECONDS: int(60, 7 * 24 * 3600).default(3600),
  DIRECT_UPLOAD_MIN_BYTES: int(0, Number.MAX_SAFE_INTEGER).default(64 * 1024 * 1024),
  WORKER_CONCURRENCY: int(1, 64).default(2),
  OCR_WORKERS: int(1, 64).default(Math.max(1, os.availableParallelism())),
  OCR_ENGINE: z.enum(["wasm", "native"]).default("wasm"),
  // The OCR pool's UNSURE_PAGE_CONFIDENCE (config does not import the OCR adapter).
  OCR_UNSURE_PAGE_CONFIDENCE: share.default(0.6),
  // The OCR pool's DEFAULT_INK_REGIONS (ocr.ink.ts).
  OCR_INK_MAX_REGIONS: int(0, 16).default(4),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "expected 1-64 of A-Z a-z 0-9 _ -" })
    .default("folio"),
  JOB_ATTEMPTS: int(1, 100).default(5),
  JOB_BACKOFF_MS: int(100, 3_600_000).default(5_000),
  WORKER_LOCK_MS: int(1_000, 3_600_000).default(30_000),
  DEPENDENCY_RETRY_MS: int(10, 3_600_000).default(1_000),
  DEPENDENCY_RETRY_MAX_MS: int(10, 3_600_000).default(30_000),
  RUN_LEASE_MS: int(1_000, 3_600_000).default(30_000),
  WORKER_CRASH_LIMIT: int(1, 100).default(3),
  RECONCILE_INTERVAL_MS: int(1_000, 86_400_000).default(60_000),
  SHUTDOWN_TIMEOUT_MS: int(1_000, 3_600_000).default(30_000),
  STEP_TIMEOUT_MS: int(1_000, 86_400_000).default(300_000),
  PDF_TIMEOUT_MS: int(1_000, 3_600_000).default(60_000),
  PDF_MEMORY_MB: int(64, 16_384).default(512),
  PDF_POOL_SIZE: int(1, 64).optional(),
  PDF_POOL_MAX_JOBS: int(1, 1_000_000).default(100),
  PDF_POOL_RECYCLE_MB: int(32, 65_536).default(256),
  OCR_PAGE_TIMEOUT_MS: int(1_000, 3_600_000).default(60_000),
  MAX_PAGES: int(1, 100_000).default(500),
  MAX_OCR_PAGES: int(1, 100_000).default(100),
  OCR_REREAD_MAX_REGIONS: int(0, 64).default(4),
  OCR_GERMAN_NAMES: bool.default(true),
  OCR_FANOUT_MIN_PAGES: int(0, 100_000).default(6),
  OCR_MODE: z.enum(OCR_MODES).default("skip"),
  SEARCHABLE_PDF: bool.default(true),
  PAGE_JOB_CONCURRENCY: int(1, 64).optional(),
  PAGE_ORIGINAL_CACHE_MB: int(0, 65_536).default(64),
  MAX_IMAGE_PIXELS: int(1_000, 1_000_000_000).default(50_000_000),
  MAX_TEXT_CHARS: int(1_000, 1_000_000_000).default(5_000_000),
  CORS_ORIGINS: z.string().min(1).default("*"),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_MAX_DEPTH: int(2, 100).default(15),
  GRAPHQL_MAX_COMPLEXITY: int(10, 1_000_000).default(5_000),
  GRAPHQL_MAX_TOKENS: int(100, 100_000).default(1_500),
  GRAPHQL_MAX_SELECTIONS: int(10, 1_000_000).default(2_000),
  GRAPHQL_MAX_ALIASES: int(1, 10_000).default(30),
  MAX_RESPONSE_TEXT_BYTES: int(1_000, 1_000_000_000).default(10_000_000),
  MAX_SUBSCRIPTIONS_PER_SOCKET: int(1, 100_000).default(100),
  MAX_SUBSCRIPTIONS_PER_KEY: int(1, 1_000_000).default(500),
  WS_SEND_BUFFER_LIMIT_BYTES: int(1_024, 1_000_000_000).default(1_048_576),
  MAX_FILES_PER_UPLOAD: int(1, 1_000).default(20),
  MAX_REQUEST_BODY_BYTES: int(1_024, 100_000_000).default(1_000_000),
  UPLOAD_RATE_LIMIT: int(1, 1_000_000).default(120),
  QUERY_RATE_LIMIT: int(1, 1_000_000).default(300),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(60),
  MAX_API_KEYS_PER_USER: int(1, 100_000).default(20),
  MAX_DESTINATIONS_PER_USER: int(1, 100_000).default(20),
  MAX_WEBHOOKS_PER_USER: int(1, 100_000).default(20),
  MAX_PENDING_UPLOADS_PER_USER: int(1, 100_000).default(20),
  METRICS_PORT: int(0, 65535).default(9464),
  WEBHOOK_ALLOWED_HOSTS: z.string().default(""),
  WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(12),
  WEBHOOK_BACKOFF_MS: int(10, 86_400_000).default(30_000),
  DELIVERY_MAX_ATTEMPTS: int(1, 50).default(8),
  DELIVERY_BACKOFF_MS: int(10, 86_400_000).default(10_000),
  DELIVERY_TIMEOUT_MS: int(100, 600_000).default(30_000),
  RETENTION_COMPLETED_DAYS: int(0, 36_500).default(0),
  RETENTION_FAILED_DAYS: int(0, 36_500).default(0),
  RETENTION_INTERVAL_MS: int(1_000, 86_400_000).default(3_600_000),
  RETENTION_BATCH_SIZE: int(1, 10_000).default(100),
  ORPHAN_SWEEP_INTERVAL_MS: int(0, 86_400_000).default(3_600_000),
  ORPHAN_GRACE_MS: int(1_000, 30 * 86_400_000).default(3_600_000),
});

type RawEnv = z.infer<typeof schema>;

/** Rules that tie variables together; checked on the raw input so they are reported even when other variables are bad too. */
function crossFieldProblems(input: Record<string, string>): string[] {
  const problems: string[] = [];
  if (input.STORAGE_DRIVER === "s3") {
    for (const key of ["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY"]) {
      if (!input[key]) problems.push(`${key}: required when STORAGE_DRIVER=s3 (unset)`);
    }
  }
  if (input.NODE_ENV === "production" && !input.SIGNING_SECRET) {
    problems.push("SIGNING_SECRET: required when NODE_ENV=production, at least 32 characters (unset)");
  }
  if (input.NODE_ENV === "production" && input.SIGNING_SECRET) {
    const weak = weakSigningSecretReason(input.SIGNING_SECRET);
    if (weak) problems.push(`SIGNING_SECRET: ${weak}; generate one with \`openssl rand -base64 32\` (got "***")`);
  }
  return problems;
}

/** Validated configuration of one Folio process. */
export interface Config {
  env: RawEnv["NODE_ENV"];
  host: string;
  port: number;
  /** Base URL clients reach this service at; download links are built on it. */
  publicUrl: string;
  logLevel: RawEnv["LOG_LEVEL"];
  databaseUrl: string;
  databasePoolSize: number;
  /** How long getting a database connection (a new one, or a free one from the pool) may take before DATABASE_UNAVAILABLE. */
  databaseConnectTimeoutMs: number;
  /** How long `serve`/`worker`/`all` wait at start-up for PostgreSQL and Redis (0: forever). */
  startupWaitMs: number;
  redisUrl: string;
  storage: {
    driver: "local" | "s3";
    dir: string;
    s3: S3Settings | null;
  };
  /** Secret for signing local download URLs; random per process when unset outside production. */
  signingSecret: string;
  signingSecretIsEphemeral: boolean;
  downloadUrlTtlSeconds: number;
  maxUploadBytes: number;
  /**
   * Direct uploads (s3 driver): how long a requested upload's presigned URL and the upload itself stay
   * valid; completeUpload after this is UPLOAD_EXPIRED.
   */
  directUploadTtlSeconds: number;
  /**
   * Direct uploads (s3 driver): files of at least this many bytes are better sent straight to the object store
   * (the web UI follows it; `uploadLimits` tells clients). Smaller ones are cheaper relayed through the API.
   */
  directUploadMinBytes: number;
  workerConcurrency: number;
  ocrWorkers: number;
  /**
   * Page jobs one worker process runs at once; default OCR_WORKERS. More lets a page render in the PDF sandbox
   * while others are OCR'd, which measured no faster with one OCR worker per core (bench/README.md).
   */
  pageJobConcurrency: number;
  /** Bytes of originals a worker keeps between page jobs of a fanned-out PDF (0 = read the original per page). */
  pageOriginalCacheBytes: number;
  /** `wasm`: tesseract.js in-process; `native`: the system's `tesseract` CLI on Folio's model (see ocr.native.ts). */
  ocrEngine: "wasm" | "native";
  /** A page read below this mean word confidence is read again with automatic layout analysis (0 = never). */
  ocrUnsurePageConfidence: number;
  /** Inked regions per OCR'd page that no word of the page read covers, read again on their own (0 = never). */
  ocrInkRegions: number;
  /** The worker's warm pool of PDF sandbox processes. */
  pdfPool: {
    /** Processes kept started; default WORKER_CONCURRENCY, at most the number of cores. */
    size: number;
    /** A process is retired and replaced after this many documents. */
    maxJobsPerProcess: number;
    /** A process whose resident memory after a document is above this (MB) is retired and replaced. */
    recycleMb: number;
  };
  queue: {
    /** Redis key prefix of the BullMQ queues and the pub/sub channel; lets several Folio installations share one Redis. */
    prefix: string;
    attempts: number;
    backoffMs: number;
    /** How long a worker's hold on a job lasts without renewal; a dead worker's job is recovered after about this long. */
    lockMs: number;
    /**
     * A document job that failed only because PostgreSQL, Redis or the object store was unreachable waits this long
     * (doubling per consecutive wait, at most `dependencyRetryMaxMs`) and does not spend one of its attempts.
     */
    dependencyRetryMs: number;
    dependencyRetryMaxMs: number;
    /** How long a run's lease on its document lasts without renewal (renewed every third of it); another run takes over only after it expired. */
    leaseMs: number;
    /** Worker deaths (expired leases) after which a document fails with WORKER_CRASHED. */
    crashLimit: number;
    reconcileIntervalMs: number;
    shutdownTimeoutMs: number;
  };
  limits: PipelineLimits;
  api: {
    /** Allowed browser origins; `*` allows any (API keys travel in headers, never cookies). */
    corsOrigins: string[] | "*";
    introspection: boolean;
    maxDepth: number;
    maxComplexity: number;
    /** Tokens the GraphQL parser reads before giving up on a document. */
    maxTokens: number;
    /** Selections of one operation with its fragments expanded. */
    maxSelections: number;
    /** Times one field may be selected in one selection set (aliases, repeats, fragments). */
    maxAliases: number;
    /** UTF-8 bytes of document text (`Document.text.content`) one operation may return. */
    maxResponseTextBytes: number;
    /** Operations one WebSocket may have running at once. */
    maxSubscriptionsPerSocket: number;
    /** Operations one API key may have running at once over WebSockets on one API instance. */
    maxSubscriptionsPerKey: number;
    /** Bytes a WebSocket may have queued and unsent before its reader counts as too slow and is dropped (SLOW_CONSUMER). */
    wsSendBufferLimitBytes: number;
    maxFilesPerUpload: number;
    maxRequestBodyBytes: number;
    /** Files one user (all their API keys together) may upload per window. */
    uploadRateLimit: number;
    /** Expensive queries (search, statistics) one user (all their API keys together) may run per window. */
    queryRateLimit: number;
    rateLimitWindowSeconds: number;
  };
  /** How many of each a user may have; creating one more is LIMIT_EXCEEDED. */
  quotas: {
    /** Unrevoked API keys. */
    maxApiKeysPerUser: number;
    maxDestinationsPerUser: number;
    maxWebhooksPerUser: number;
    /** Direct uploads requested and neither completed, failed nor expired. */
    maxPendingUploadsPerUser: number;
  };
  /** Port of the worker's own /metrics endpoint (the API serves /metrics on its port); 0 turns it off. */
  metricsPort: number;
  webhooks: {
    /** Hosts, IPs or CIDRs that may be private/loopback/link-local yet still receive webhooks and deliveries. */
    allowedHosts: string[];
    timeoutMs: number;
    maxAttempts: number;
    backoffMs: number;
  };
  deliveries: { maxAttempts: number; backoffMs: number; timeoutMs: number };
  retention: {
    /** Days COMPLETED documents are kept (0: forever), unless the owner has their own policy. */
    completedDays: number;
    /** Days FAILED and CANCELLED documents are kept (0: forever). */
    failedDays: number;
    intervalMs: number;
    batchSize: number;
  };
  /** The storage leftovers sweep of workers: temporary writes and objects of documents that have no row. */
  orphans: {
    /** Time between passes; 0 turns the sweep off. */
    intervalMs: number;
    /** Leftovers younger than this are never touched (a live upload stores its object before its row commits). */
    graceMs: number;
  };
}

/** Limits every pipeline run is held to. */
export interface PipelineLimits {
  /** Budget of one step, in milliseconds. */
  stepTimeoutMs: number;
  /** Budget of one PDF parse or render (the child process is killed when it runs out). */
  pdfTimeoutMs: number;
  /** Heap cap of the PDF child process. */
  pdfMemoryMb: number;
  /** Budget of OCR for one page. */
  ocrPageTimeoutMs: number;
  maxPages: number;
  /** Pages of one document that may be OCRed. */
  maxOcrPages: number;
  /**
   * Targeted re-OCR: doubtful key-field regions (amounts after total/tax/cash labels, dates) read again per
   * OCR'd page, cropped, enlarged and whitelisted; 0 turns it off (see `extraction/ocr.reread.ts`).
   */
  ocrRereadRegions: number;
  /**
   * With targeted re-OCR on: on a page whose text says German, the company name's lines are read again with the
   * German model and its umlauts and ß kept (see `extraction/ocr.german.ts`); off reads names with English only.
   */
  ocrGermanNames: boolean;
  /**
   * A PDF with at least this many pages needing OCR is split into page jobs any worker takes (BullMQ flow);
   * fewer keep the single-job path. 0 never fans out.
   */
  ocrFanoutMinPages: number;
  /**
   * Which PDF pages are OCRed: `skip` only pages without a usable text layer; `redo` also pages whose text is an
   * earlier OCR drawn invisibly over a scan (a "sandwich" PDF), which Folio's own OCR then replaces; `force` every
   * page, whatever text it has. Images are always OCRed. A document's own choice (upload, reprocessing) overrides it.
   */
  ocrMode: OcrMode;
  /** Build a searchable PDF (the original with an invisible OCR text layer) for documents with OCR'd pages; off skips the step. */
  searchablePdf: boolean;
  maxImagePixels: number;
  maxTextChars: number;
}

/** Thrown by {@link loadConfig}; `problems` lists every bad variable with what it expects. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Parse and validate the environment. Empty strings count as unset so that a
 * blank line in an env file falls back to the default.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== "") input[key] = value.trim();
  }
  const parsed = schema.safeParse(input);
  const cross = crossFieldProblems(input);
  if (!parsed.success || cross.length > 0) {
    const problems = (parsed.error?.issues ?? []).map((issue) => {
      const key = String(issue.path[0] ?? "environment");
      const got = input[key] === undefined ? "unset" : `got "${key.includes("SECRET") || key.includes("KEY") ? "***" : input[key]}"`;
      return `${key}: ${issue.message} (${got})`;
    });
    throw new ConfigError([...new Set([...problems, ...cross])]);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    startupWaitMs: e.STARTUP_WAIT_MS,
    redisUrl: e.REDIS_URL,
    storage: {
      driver: e.STORAGE_DRIVER,
      dir: e.STORAGE_DIR,
      s3:
        e.STORAGE_DRIVER === "s3"
          ? {
              endpoint: e.S3_ENDPOINT!,
              region: e.S3_REGION,
              bucket: e.S3_BUCKET,
              accessKey: e.S3_ACCESS_KEY!,
              secretKey: e.S3_SECRET_KEY!,
              pathStyle: e.S3_PATH_STYLE,
              partSizeBytes: e.S3_PART_SIZE_MB * 1024 * 1024,
              createBucket: e.S3_CREATE_BUCKET,
            }
          : null,
    },
    signingSecret: e.SIGNING_SECRET ?? randomBytes(32).toString("hex"),
    signingSecretIsEphemeral: e.SIGNING_SECRET === undefined,
    downloadUrlTtlSeconds: e.DOWNLOAD_URL_TTL_SECONDS,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    directUploadTtlSeconds: e.DIRECT_UPLOAD_TTL_SECONDS,
    directUploadMinBytes: e.DIRECT_UPLOAD_MIN_BYTES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    ocrWorkers: e.OCR_WORKERS,
    pageJobConcurrency: e.PAGE_JOB_CONCURRENCY ?? e.OCR_WORKERS,
    pageOriginalCacheBytes: e.PAGE_ORIGINAL_CACHE_MB * 1024 * 1024,
    ocrEngine: e.OCR_ENGINE,
    ocrUnsurePageConfidence: e.OCR_UNSURE_PAGE_CONFIDENCE,
    ocrInkRegions: e.OCR_INK_MAX_REGIONS,
    pdfPool: {
      size: e.PDF_POOL_SIZE ?? Math.max(1, Math.min(e.WORKER_CONCURRENCY, os.availableParallelism())),
      maxJobsPerProcess: e.PDF_POOL_MAX_JOBS,
      recycleMb: e.PDF_POOL_RECYCLE_MB,
    },
    queue: {
      prefix: e.QUEUE_PREFIX,
      attempts: e.JOB_ATTEMPTS,
      backoffMs: e.JOB_BACKOFF_MS,
      lockMs: e.WORKER_LOCK_MS,
      dependencyRetryMs: e.DEPENDENCY_RETRY_MS,
      dependencyRetryMaxMs: Math.max(e.DEPENDENCY_RETRY_MS, e.DEPENDENCY_RETRY_MAX_MS),
      leaseMs: e.RUN_LEASE_MS,
      crashLimit: e.WORKER_CRASH_LIMIT,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    limits: {
      stepTimeoutMs: e.STEP_TIMEOUT_MS,
      pdfTimeoutMs: e.PDF_TIMEOUT_MS,
      pdfMemoryMb: e.PDF_MEMORY_MB,
      ocrPageTimeoutMs: e.OCR_PAGE_TIMEOUT_MS,
      maxPages: e.MAX_PAGES,
      maxOcrPages: e.MAX_OCR_PAGES,
      ocrRereadRegions: e.OCR_REREAD_MAX_REGIONS,
      ocrGermanNames: e.OCR_GERMAN_NAMES,
      ocrFanoutMinPages: e.OCR_FANOUT_MIN_PAGES,
      ocrMode: e.OCR_MODE,
      searchablePdf: e.SEARCHABLE_PDF,
      maxImagePixels: e.MAX_IMAGE_PIXELS,
      maxTextChars: e.MAX_TEXT_CHARS,
    },
    api: {
      corsOrigins: e.CORS_ORIGINS.trim() === "*" ? "*" : e.CORS_ORIGINS.split(",").map((o) => o.trim()).filter(Boolean),
      introspection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== "production",
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxComplexity: e.GRAPHQL_MAX_COMPLEXITY,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxSelections: e.GRAPHQL_MAX_SELECTIONS,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxResponseTextBytes: e.MAX_RESPONSE_TEXT_BYTES,
      maxSubscriptionsPerSocket: e.MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxSubscriptionsPerKey: e.MAX_SUBSCRIPTIONS_PER_KEY,
      wsSendBufferLimitBytes: e.WS_SEND_BUFFER_LIMIT_BYTES,
      maxFilesPerUpload: e.MAX_FILES_PER_UPLOAD,
      maxRequestBodyBytes: e.MAX_REQUEST_BODY_BYTES,
      uploadRateLimit: e.UPLOAD_RATE_LIMIT,
      queryRateLimit: e.QUERY_RATE_LIMIT,
      rateLimitWindowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    quotas: {
      maxApiKeysPerUser: e.MAX_API_KEYS_PER_USER,
      maxDestinationsPerUser: e.MAX_DESTINATIONS_PER_USER,
      maxWebhooksPerUser: e.MAX_WEBHOOKS_PER_USER,
      maxPendingUploadsPerUser: e.MAX_PENDING_UPLOADS_PER_USER,
    },
    metricsPort: e.METRICS_PORT,
    webhooks: {
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS.split(",").map((h) => h.trim()).filter(Boolean),
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
    },
    deliveries: { maxAttempts: e.DELIVERY_MAX_ATTEMPTS, backoffMs: e.DELIVERY_BACKOFF_MS, timeoutMs: e.DELIVERY_TIMEOUT_MS },
    retention: {
      completedDays: e.RETENTION_COMPLETED_DAYS,
      failedDays: e.RETENTION_FAILED_DAYS,
      intervalMs: e.RETENTION_INTERVAL_MS,
      batchSize: e.RETENTION_BATCH_SIZE,
    },
    orphans: { intervalMs: e.ORPHAN_SWEEP_INTERVAL_MS, graceMs: e.ORPHAN_GRACE_MS },
  };
}
