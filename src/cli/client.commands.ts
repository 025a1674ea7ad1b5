import { createHash } from "node:crypto";
import { createReadStream, openAsBlob } from "node:fs";
import { pipeline } from "node:stream/promises";
import fs from "node:fs/promises";
import path from "node:path";
import { OCR_MODES, reprocessStartStep, type OcrMode } from "../common/ocr-mode.js";
import { STEP_NAMES } from "../common/step.names.js";
import { Option, type Command } from "commander";
import WebSocket from "ws";
import {
  CancelDocumentDocument,
  CorrectDocumentTypeDocument,
  CorrectFieldDocument,
  DeleteDocumentDocument,
  DocumentDocument,
  DocumentEventsDocument,
  DocumentProgressDocument,
  DocumentsDocument,
  BUSY_SUBSCRIPTION_CODE,
  FATAL_SUBSCRIPTION_CODES,
  FolioClient,
  FolioClientError,
  ReprocessDocumentDocument,
  UploadDocumentDocument,
  isTerminalEvent,
  retryRateLimited,
  uploadDirect,
  type CorrectFieldMutation,
  type DocumentProgressSubscription,
  type DocumentProgressSubscriptionVariables,
  type DocumentStatus,
  type EventFieldsFragment,
  type OcrMode as ApiOcrMode,
  type OnDuplicate,
  type UploadInput,
} from "../client/index.js";
import {
  BarView,
  LineView,
  SilentView,
  displayName,
  documentDetails,
  documentsTable,
  fieldsTable,
  lineItemsTable,
  formatResult,
  resultFromDocument,
  succeeded,
  type FileResult,
  type ProgressView,
} from "./client-output.js";
import { ConcurrencyLimiter } from "./concurrency.limiter.js";
import { resolveUserPath } from "./env-file.js";

/**
 * Exit codes, the same as cli-runtime's EXIT. Not imported from there: that module pulls in the
 * server's whole context (TypeORM, BullMQ…), and these commands are pure clients.
 */
export const EXIT = { OK: 0, FAILED: 1, USAGE_OR_CONFIG: 2 } as const;

/** Where the client commands connect when neither --url nor FOLIO_URL says. */
export const DEFAULT_URL = "http://localhost:4000";

const DOCUMENT_STATUSES: readonly DocumentStatus[] = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"];
const ON_DUPLICATE: readonly OnDuplicate[] = ["PROCESS_AGAIN", "REJECT", "RETURN_EXISTING"];
const OCR_MODE_HELP = "which PDF pages to OCR: skip (only pages without text), redo (also pages whose text is an earlier invisible OCR), force (every page); default: the server's OCR_MODE";
/** The CLI spells OCR modes as the server's OCR_MODE does; the API in capitals. */
const toApiOcrMode = (mode: OcrMode): ApiOcrMode => mode.toUpperCase() as ApiOcrMode;

/** Codes after which nothing else the command would do can succeed either: stop at once. */
const FATAL_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "UNREACHABLE"]);

/** How often a progress subscription is re-established after graphql-ws's own reconnects gave up. */
const MAX_RESUBSCRIBES = 5;

/**
 * Documents of one `folio upload` followed at once: well under the server's default cap of subscriptions per
 * socket (MAX_SUBSCRIPTIONS_PER_SOCKET, 100); the others wait their turn (see {@link ConcurrencyLimiter}).
 */
const FOLLOWED_AT_ONCE = 32;

/** How long a follow waits for the server to have room for one more subscription (TOO_MANY_SUBSCRIPTIONS). */
const MAX_BUSY_WAIT_MS = 10 * 60_000;

const EXIT_CODES_HELP = `
Connection: --url (env FOLIO_URL, default ${DEFAULT_URL}) and --key (env FOLIO_API_KEY).
These commands talk to a running server only; they need no database or server configuration.
Exit codes: 0 success; 1 a file or document failed, or the server refused the request;
            2 usage error (no API key, bad option value, unreadable file).`;

/** An error the client commands report as `folio: CODE: message` with their own exit code. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
  }
}

/** The code and message of anything a client command can throw. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof CliError) return { code: error.code, message: error.message };
  if (error instanceof FolioClientError) {
    // The SDK reports every WebSocket close as UNAUTHENTICATED unless the server named a reason;
    // only 4401 really is one, anything else is a lost connection.
    const close = /^WebSocket closed: (\d+)/.exec(error.message);
    if (close && close[1] !== "4401") return { code: "CONNECTION_LOST", message: error.message };
    return { code: error.code, message: error.message };
  }
  if (error instanceof TypeError && error.message === "fetch failed") {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    return { code: "UNREACHABLE", message: `cannot reach the server (${cause?.code ?? cause?.message ?? "network error"}); check --url / FOLIO_URL.` };
  }
  return { code: "INTERNAL_ERROR", message: error instanceof Error ? error.message : String(error) };
}

/** Connection options every client command takes. */
interface ConnectionOptions {
  url: string;
  key?: string;
}

function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option("--url <url>", "base URL of the Folio server").env("FOLIO_URL").default(DEFAULT_URL))
    .addOption(new Option("--key <key>", "API key (prefer the environment variable: arguments show up in `ps`)").env("FOLIO_API_KEY"))
    .addHelpText("after", EXIT_CODES_HELP);
}

/** A client for the options, or a usage error; never reads server configuration. */
function connect(options: ConnectionOptions): FolioClient {
  if (!options.key) throw new CliError("UNAUTHENTICATED", "no API key: pass --key or set FOLIO_API_KEY.", EXIT.USAGE_OR_CONFIG);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new CliError("VALIDATION_FAILED", `--url is not a URL: ${options.url}`, EXIT.USAGE_OR_CONFIG);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError("VALIDATION_FAILED", `--url must be http:// or https://, not ${url.protocol}`, EXIT.USAGE_OR_CONFIG);
  return new FolioClient({ url: options.url, apiKey: options.key, webSocketImpl: WebSocket });
}

/** Run a client command: connect, run, report errors as one line, always close the socket. */
async function runClient(options: ConnectionOptions, run: (client: FolioClient) => Promise<void>): Promise<void> {
  let client: FolioClient | undefined;
  try {
    client = connect(options);
    await run(client);
  } catch (error) {
    const { code, message } = describeError(error);
    process.stderr.write(`folio: ${code}: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : EXIT.FAILED;
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** Opens a progress subscription resuming after `afterSeq` (a function, so tests can stand in for the server). */
export type ProgressSource = (variables: DocumentProgressSubscriptionVariables) => AsyncIterableIterator<DocumentProgressSubscription>;

/** True when subscribing again may help (a dropped connection), false for a definite answer (not found, bad key…). */
function worthResubscribing(error: unknown): boolean {
  if (!(error instanceof FolioClientError)) return !(error instanceof CliError);
  const close = /^WebSocket closed: (\d+)/.exec(error.message);
  if (close) return close[1] !== "4401" && close[1] !== "4403";
  return !FATAL_SUBSCRIPTION_CODES.has(error.code);
}

/** What the idle check found out about a document whose stream has gone quiet. */
export type IdleVerdict = "running" | "ended" | "behind";

/** Options of {@link followDocument}. */
export interface FollowOptions {
  afterSeq?: number;
  maxResubscribes?: number;
  retryDelayMs?: number;
  /**
   * After `afterMs` without an event, ask the server: "ended" (the document is finished and no
   * event follows the last one seen) stops following; "behind" (the log has newer events than the
   * stream delivered) resubscribes. A safety net: a stream that missed or never gets its terminal
   * event must not hang the command.
   */
  idle?: { afterMs: number; check: (lastSeq: number) => Promise<IdleVerdict> };
  /**
   * A subscription refused with TOO_MANY_SUBSCRIPTIONS (the server's cap per socket or per key is reached) is
   * asked for again every `retryMs` (default 1 s), up to `maxMs` in all (default 10 min), without spending
   * `maxResubscribes`: the room comes back as other documents end.
   */
  busy?: { retryMs?: number; maxMs?: number };
}

/** True for the server's answer that no more subscriptions may be open now (they may be later). */
function isBusy(error: unknown): boolean {
  return error instanceof FolioClientError && error.code === BUSY_SUBSCRIPTION_CODE;
}

const IDLE = Symbol("idle");

/**
 * Follow one document's progress until its run ends, calling `onEvent` once
 * per event in seq order. The server ends the stream after the terminal event;
 * if it ends (or fails) earlier, the connection was lost, so subscribe again
 * with `afterSeq` = the last seq seen — the server replays what was missed.
 * Returns the last event seen (the terminal one, unless the idle check ended it).
 */
export async function followDocument(
  source: ProgressSource,
  documentId: string,
  onEvent: (event: EventFieldsFragment) => void,
  options: FollowOptions = {},
): Promise<EventFieldsFragment | null> {
  const maxResubscribes = options.maxResubscribes ?? MAX_RESUBSCRIBES;
  const busyRetryMs = options.busy?.retryMs ?? 1000;
  let busyBudgetMs = options.busy?.maxMs ?? MAX_BUSY_WAIT_MS;
  let lastSeq = options.afterSeq ?? 0;
  let last: EventFieldsFragment | null = null;
  for (let attempt = 0; ; attempt++) {
    let failure: unknown = null;
    const iterator = source({ id: documentId, afterSeq: lastSeq });
    let pending = iterator.next();
    let timer: NodeJS.Timeout | undefined;
    try {
      for (;;) {
        const idle = options.idle;
        const step = idle
          ? await Promise.race([pending, new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), idle.afterMs)))])
          : await pending;
        clearTimeout(timer);
        if (step === IDLE) {
          const verdict = await idle!.check(lastSeq);
          if (verdict === "running") continue; // keep waiting on the same pending next()
          // Abandon this stream; its pending next() may still reject, which must not crash us.
          pending.catch(() => undefined);
          void iterator.return?.().catch(() => undefined);
          if (verdict === "ended") return last;
          break;
        }
        if (step.done) break;
        const event = step.value.documentProgress;
        pending = iterator.next();
        // graphql-ws re-subscribes by itself after a short drop, with the variables it started with,
        // so the server replays events this loop has already shown.
        if (event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        last = event;
        onEvent(event);
      }
    } catch (error) {
      if (!worthResubscribing(error)) throw error;
      failure = error;
    } finally {
      clearTimeout(timer);
    }
    // Don't stop at the first terminal event: a reprocessed document's history has several, and
    // the server keeps the stream open until the latest one.
    if (failure === null && last && isTerminalEvent(last.type)) return last;
    if (isBusy(failure) && busyBudgetMs >= busyRetryMs) {
      busyBudgetMs -= busyRetryMs;
      attempt -= 1;
      await new Promise((resolve) => setTimeout(resolve, busyRetryMs));
      continue;
    }
    if (attempt >= maxResubscribes) {
      const { message } = failure ? describeError(failure) : { message: "the stream ended before the document finished" };
      throw new CliError("CONNECTION_LOST", `lost the progress of ${documentId} after seq ${lastSeq}: ${message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 500) * (attempt + 1)));
  }
}

/** How long a progress stream may stay silent before the server is asked whether the document ended. */
const IDLE_CHECK_MS = 15_000;

/** The idle check of {@link followDocument} against the server. */
function idleCheck(client: FolioClient, documentId: string): (lastSeq: number) => Promise<IdleVerdict> {
  return async (lastSeq) => {
    const [{ document }, { documentEvents }] = await Promise.all([
      client.request(DocumentDocument, { id: documentId, textLimit: 1 }),
      client.request(DocumentEventsDocument, { id: documentId, afterSeq: lastSeq, first: 1 }),
    ]);
    if (documentEvents.length > 0) return "behind";
    return document.status === "COMPLETED" || document.status === "FAILED" || document.status === "CANCELLED" ? "ended" : "running";
  };
}

/** A document's result once its run is over; falls back to the terminal event if the query fails. */
async function finalResult(client: FolioClient, file: string, documentId: string, terminal: EventFieldsFragment | null): Promise<FileResult> {
  try {
    // textLimit 1: the command shows the summary, not the text.
    const { document } = await client.request(DocumentDocument, { id: documentId, textLimit: 1 });
    return resultFromDocument(file, document);
  } catch (error) {
    const { code, message } = describeError(error);
    const detailCode = typeof terminal?.detail.code === "string" ? terminal.detail.code : null;
    return {
      file,
      documentId,
      status: terminal?.documentStatus ?? "FAILED",
      documentType: null,
      confidence: null,
      summary: null,
      errorCode: detailCode ?? (terminal?.documentStatus === "COMPLETED" ? null : code),
      errorMessage: detailCode ? terminal?.message ?? null : terminal?.documentStatus === "COMPLETED" ? null : message,
    };
  }
}

/** Follow a document to its end through `view`, and return its result (never throws). */
async function watchToResult(client: FolioClient, view: ProgressView, key: string, file: string, documentId: string): Promise<FileResult> {
  // A holder rather than a `let`: TypeScript does not see assignments made inside the callback.
  const seen: { last: EventFieldsFragment | null } = { last: null };
  let result: FileResult;
  try {
    const terminal = await followDocument(
      (variables) => client.subscribe(DocumentProgressDocument, variables),
      documentId,
      (event) => {
        seen.last = event;
        view.event(key, event);
      },
      { idle: { afterMs: IDLE_CHECK_MS, check: idleCheck(client, documentId) } },
    );
    result = await finalResult(client, file, documentId, terminal);
  } catch (error) {
    // Processing goes on without us; report where it was when we lost sight of it.
    const { code, message } = describeError(error);
    const status = seen.last?.documentStatus ?? "QUEUED";
    result = { file, documentId, status, documentType: null, confidence: null, summary: null, errorCode: code, errorMessage: message };
  }
  view.finish(key, result);
  return result;
}

/** Bars on a terminal, lines elsewhere, nothing with --json. */
function chooseView(json: boolean, nameWidth: number): ProgressView {
  if (json) return new SilentView();
  return process.stdout.isTTY ? new BarView(nameWidth) : new LineView(nameWidth);
}

/** Stop drawing bars before Ctrl-C ends the process, so the cursor and the last lines survive. */
function stopViewOnInterrupt(view: ProgressView): () => void {
  const onSignal = () => {
    view.stop();
    process.stderr.write("\nfolio: interrupted; documents keep processing on the server (`folio watch <id>` resumes).\n");
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  return () => process.off("SIGINT", onSignal);
}

/** Content type from the extension: only a hint, the server judges files by their bytes. */
function contentTypeOf(file: string): string {
  const types: Record<string, string> = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".txt": "text/plain",
  };
  return types[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

function printResults(results: readonly FileResult[], waited: boolean): void {
  const width = Math.max(0, ...results.map((r) => displayName(r.file).length));
  for (const result of results) process.stdout.write(formatResult(result, waited, width) + "\n");
}

/** Files of this many MiB or more go straight to the object store when the server has the s3 driver. */
const DIRECT_ABOVE_MIB_DEFAULT = 64;

/** Hex SHA-256 of a file, streamed from disk (the SDK would otherwise read the whole file into memory). */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

interface UploadOptions extends ConnectionOptions {
  label: string[];
  /** MiB from which a file is uploaded directly (presigned PUT); false with --no-direct. */
  direct: boolean;
  directAbove: number;
  pdfPassword?: string;
  ocrMode?: OcrMode;
  wait: boolean;
  json: boolean;
  idempotencyKey?: string;
  onDuplicate?: OnDuplicate;
}

async function upload(client: FolioClient, files: string[], opts: UploadOptions): Promise<void> {
  // Check every path first: a typo should not leave half of the files uploaded. Paths are the
  // user's, relative to where they ran the command (npm run changes directory: INIT_CWD).
  const paths = new Map<string, string>();
  for (const file of files) {
    const resolved = resolveUserPath(file);
    const stat = await fs.stat(resolved).catch(() => null);
    if (!stat) throw new CliError("NOT_FOUND", `${file}: no such file (looked for ${resolved}).`, EXIT.USAGE_OR_CONFIG);
    if (stat.isDirectory()) {
      throw new CliError("VALIDATION_FAILED", `${file} is a directory; pass the files in it instead (e.g. ${path.join(file, "*.pdf")}).`, EXIT.USAGE_OR_CONFIG);
    }
    if (!stat.isFile()) throw new CliError("VALIDATION_FAILED", `${file} is not a regular file (looked at ${resolved}).`, EXIT.USAGE_OR_CONFIG);
    paths.set(file, resolved);
  }
  const nameWidth = Math.max(...files.map((f) => displayName(f).length));
  const view = chooseView(opts.json || !opts.wait, nameWidth);
  const release = stopViewOnInterrupt(view);
  const pending: Promise<FileResult>[] = [];
  const follows = new ConcurrencyLimiter(FOLLOWED_AT_ONCE);
  // Set once the server says it cannot take direct uploads (local storage): the rest go through the API.
  let directUnsupported = !opts.direct;
  try {
    for (const [index, file] of files.entries()) {
      const input: UploadInput = {
        labels: opts.label.length ? opts.label : null,
        // One key for several files would make every file return the first one's document;
        // K:0, K:1… is also what the server's uploadDocuments does.
        idempotencyKey: opts.idempotencyKey ? (files.length > 1 ? `${opts.idempotencyKey}:${index}` : opts.idempotencyKey) : null,
        ...(opts.onDuplicate ? { onDuplicate: opts.onDuplicate } : {}),
        ...(opts.pdfPassword ? { pdfPassword: opts.pdfPassword } : {}),
        ...(opts.ocrMode ? { ocrMode: toApiOcrMode(opts.ocrMode) } : {}),
      };
      const contentType = contentTypeOf(file);
      let documentId: string;
      try {
        const data = await openAsBlob(paths.get(file)!, { type: contentType });
        const upload = { data, filename: path.basename(file), contentType };
        // Hashed once: a send repeated after RATE_LIMITED does not read a large file again.
        let sha256: string | undefined;
        const send = async (): Promise<Parameters<typeof resultFromDocument>[1]> => {
          if (!directUnsupported && data.size >= opts.directAbove * 1024 * 1024) {
            try {
              return (await uploadDirect(client, upload, { input, sha256: (sha256 ??= await fileSha256(paths.get(file)!)) })).document;
            } catch (error) {
              if (!(error instanceof FolioClientError && error.code === "DIRECT_UPLOAD_UNSUPPORTED")) throw error;
              directUnsupported = true;
            }
          }
          return (await client.upload(UploadDocumentDocument, { file: null, input }, { file: upload })).uploadDocument.document;
        };
        // Past the account's upload budget the server says when to come back: a long batch waits instead of failing.
        const uploaded = await retryRateLimited(send, { onWait: (seconds) => process.stderr.write(`folio: ${file}: upload budget used up; retrying in ${seconds} s\n`) });
        documentId = uploaded.id;
        if (!opts.wait) {
          pending.push(Promise.resolve(resultFromDocument(file, uploaded)));
          continue;
        }
      } catch (error) {
        const { code, message } = describeError(error);
        // A bad key or an unreachable server fails every file the same way: say it once. Files already
        // uploaded are still reported (their documents exist), the rest as not uploaded.
        if (FATAL_CODES.has(code)) {
          if (pending.length === 0) throw error;
          process.stderr.write(`folio: ${code}: ${message}\n`);
          for (const rest of files.slice(index)) pending.push(Promise.resolve({ file: rest, documentId: null, status: "FAILED", documentType: null, confidence: null, summary: null, errorCode: code, errorMessage: `not uploaded: ${message}` }));
          break;
        }
        pending.push(Promise.resolve({ file, documentId: null, status: "FAILED", documentType: null, confidence: null, summary: null, errorCode: code, errorMessage: message }));
        continue;
      }
      const key = String(index);
      view.add(key, file);
      // Follow while the next file uploads: watchToResult never rejects.
      pending.push(follows.run(() => watchToResult(client, view, key, file, documentId)));
    }
    const results = await Promise.all(pending);
    view.stop();
    if (opts.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
    else printResults(results, opts.wait);
    if (results.some((r) => !succeeded(r, opts.wait))) process.exitCode = EXIT.FAILED;
  } finally {
    view.stop();
    release();
  }
}

async function watch(client: FolioClient, id: string): Promise<void> {
  // Ask first: a missing document is a clear NOT_FOUND, and the bar needs the file name.
  const { document } = await client.request(DocumentDocument, { id, textLimit: 1 });
  if (document.held) process.stderr.write(`folio: note: ${id} is held; it waits for processDocument before anything happens.\n`);
  const view = chooseView(false, document.filename.length);
  const release = stopViewOnInterrupt(view);
  try {
    view.add(id, document.filename);
    const result = await watchToResult(client, view, id, document.filename, id);
    view.stop();
    printResults([result], true);
    if (!succeeded(result, true)) process.exitCode = EXIT.FAILED;
  } finally {
    view.stop();
    release();
  }
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError("VALIDATION_FAILED", `expected a positive integer, got ${value}`, EXIT.USAGE_OR_CONFIG);
  return n;
}

/** `QUEUED,processing` → ["QUEUED", "PROCESSING"], checked against the schema's statuses. */
/** `name=value` of `folio correct --field` (the value may itself contain `=`). */
function parseFieldAssignment(assignment: string): { name: string; value: string } {
  const at = assignment.indexOf("=");
  if (at <= 0) throw new CliError("VALIDATION_FAILED", `--field ${assignment}: expected name=value, e.g. invoice_number=INV-0046`, EXIT.USAGE_OR_CONFIG);
  return { name: assignment.slice(0, at).trim(), value: assignment.slice(at + 1) };
}

function parseStatuses(value: string): DocumentStatus[] {
  return value.split(",").map((s) => {
    const status = s.trim().toUpperCase();
    if (!(DOCUMENT_STATUSES as readonly string[]).includes(status)) {
      throw new CliError("VALIDATION_FAILED", `unknown status ${s}; expected ${DOCUMENT_STATUSES.join(", ")}`, EXIT.USAGE_OR_CONFIG);
    }
    return status as DocumentStatus;
  });
}

/** `folio upload`, `folio watch`, `folio get` and `folio ls`: clients of a running server, over the typed SDK. */
export function registerClientCommands(program: Command): void {
  addConnectionOptions(
    program
      .command("upload")
      .description("upload files to a Folio server and follow their progress")
      .argument("<files...>", "files to upload (PDF, JPEG, PNG, TIFF, WebP…)")
      .addOption(
        new Option("--label <label>", "label the documents (repeatable)")
          .argParser((value: string, previous: string[]) => [...previous, value])
          .default([], "none"),
      )
      .option("--no-wait", "return once the files are uploaded, without following their processing")
      .addOption(
        new Option("--direct-above <MiB>", "files of this size or more are sent straight to the object store (presigned PUT) when the server uses the s3 driver; smaller ones through the API")
          .argParser((value: string) => {
            const n = Number(value);
            if (!Number.isFinite(n) || n < 0) throw new CliError("VALIDATION_FAILED", `--direct-above expects a size in MiB (0 or more), got ${value}`, EXIT.USAGE_OR_CONFIG);
            return n;
          })
          .default(DIRECT_ABOVE_MIB_DEFAULT),
      )
      .option("--no-direct", "always upload through the API, never straight to the object store")
      .option("--json", "print only a JSON array of results (file, documentId, status, documentType, confidence, summary, errorCode, errorMessage)", false)
      .option("--idempotency-key <key>", "retry-safe upload: the same key returns the same document (with several files, file i gets KEY:i)")
      .addOption(new Option("--on-duplicate <policy>", "when you already uploaded the same content").choices(ON_DUPLICATE))
      .addOption(
        new Option("--pdf-password <password>", "password of encrypted PDFs (kept sealed on the server, erased when processing ends)").env("FOLIO_PDF_PASSWORD"),
      )
      .addOption(new Option("--ocr-mode <mode>", OCR_MODE_HELP).choices(OCR_MODES)),
  ).action((files: string[], opts: UploadOptions) => runClient(opts, (client) => upload(client, files, opts)));

  addConnectionOptions(
    program
      .command("reprocess")
      .description("run the pipeline again for one of your finished documents (e.g. after a wrong result), from a step")
      .argument("<id>", "document id")
      .option("--from <step>", "first step to run again; earlier steps keep their results (detect, extract_text, ocr, classify, extract_fields, summarize, searchable_pdf, finalize)")
      .addOption(new Option("--ocr-mode <mode>", `${OCR_MODE_HELP}; runs again from extract_text at the latest`).choices(OCR_MODES))
      .option("--wait", "follow the run live and print its result (exit 1 if it fails)", false)
      .option("--json", "print the document as JSON", false),
  ).action((id: string, opts: ConnectionOptions & { from?: string; ocrMode?: OcrMode; wait: boolean; json: boolean }) =>
    runClient(opts, async (client) => {
      const { reprocessDocument } = await client.request(ReprocessDocumentDocument, { id, fromStep: opts.from ?? null, ocrMode: opts.ocrMode ? toApiOcrMode(opts.ocrMode) : null });
      if (opts.wait && !opts.json) return watch(client, id);
      if (opts.json) {
        process.stdout.write(JSON.stringify(reprocessDocument, null, 2) + "\n");
        return;
      }
      // An OCR mode moves the start to extract_text at the latest: name the step the run really starts at (the
      // server refused an unknown step name above).
      const asked = STEP_NAMES.find((step) => step === opts.from);
      const from = asked ? reprocessStartStep(asked, opts.ocrMode) : opts.from;
      process.stdout.write(`${id} queued for reprocessing${from ? ` from ${from}` : ""}; follow it with: folio watch ${id}\n`);
    }),
  );

  addConnectionOptions(
    program
      .command("correct")
      .description("correct fields or the type of one of your completed documents (the value becomes the field's, set by a person; the summary and result JSON follow)")
      .argument("<id>", "document id")
      .addOption(
        new Option("--field <name=value>", "a field and its value as you read it, e.g. invoice_number=INV-0046, total='EUR 12.50', document_date=2024-03-01 (repeatable)")
          .argParser((value: string, previous: string[]) => [...previous, value])
          .default([], "none"),
      )
      .option("--type <type>", "the document's type (invoice, receipt, contract, bank_statement, letter, form, id_document, resume, other)")
      .option("--json", "print the document as JSON", false),
  ).action((id: string, opts: ConnectionOptions & { field: string[]; type?: string; json: boolean }) =>
    runClient(opts, async (client) => {
      const fields = opts.field.map(parseFieldAssignment);
      if (fields.length === 0 && !opts.type) throw new CliError("VALIDATION_FAILED", "nothing to correct: give --field name=value (repeatable) and/or --type T", EXIT.USAGE_OR_CONFIG);
      // One correction per request, in the order given: each is its own event, audit record and webhook.
      let document: CorrectFieldMutation["correctField"] | null = null;
      for (const { name, value } of fields) document = (await client.request(CorrectFieldDocument, { documentId: id, name, value })).correctField;
      if (opts.type) document = (await client.request(CorrectDocumentTypeDocument, { documentId: id, type: opts.type })).correctDocumentType;
      if (opts.json) {
        process.stdout.write(JSON.stringify(document, null, 2) + "\n");
        return;
      }
      const corrected = document!.fields.filter((f) => fields.some((c) => c.name === f.name));
      for (const f of corrected) process.stdout.write(`${f.name} = ${f.value}${f.money?.currency ? ` ${f.money.currency}` : ""} (machine read: ${f.machine ? f.machine.value : "nothing"})\n`);
      if (opts.type) process.stdout.write(`type = ${document!.documentType} (classifier: ${document!.typeCorrection?.machineType ?? "—"})\n`);
      process.stdout.write(`summary: ${document!.summary ?? "—"}\n`);
    }),
  );

  addConnectionOptions(
    program
      .command("cancel")
      .description("cancel one of your queued or processing documents (a running step is aborted)")
      .argument("<id>", "document id")
      .option("--json", "print the document as JSON", false),
  ).action((id: string, opts: ConnectionOptions & { json: boolean }) =>
    runClient(opts, async (client) => {
      const { cancelDocument } = await client.request(CancelDocumentDocument, { id });
      if (opts.json) process.stdout.write(JSON.stringify(cancelDocument, null, 2) + "\n");
      else process.stdout.write(`${id} ${cancelDocument.status.toLowerCase()}.\n`);
    }),
  );

  addConnectionOptions(
    program
      .command("delete")
      .description("delete one of your documents with its steps, events and stored files")
      .argument("<id>", "document id")
      .option("--json", "print {\"deleted\": id} as JSON", false),
  ).action((id: string, opts: ConnectionOptions & { json: boolean }) =>
    runClient(opts, async (client) => {
      const { deleteDocument } = await client.request(DeleteDocumentDocument, { id });
      if (opts.json) process.stdout.write(JSON.stringify({ deleted: deleteDocument }) + "\n");
      else process.stdout.write(`Deleted ${deleteDocument}.\n`);
    }),
  );

  addConnectionOptions(
    program
      .command("watch")
      .description("follow a document's progress live (from its first event) until it finishes; exit 1 if it failed or was cancelled")
      .argument("<id>", "document id"),
  ).action((id: string, opts: ConnectionOptions) => runClient(opts, (client) => watch(client, id)));

  addConnectionOptions(
    program
      .command("get")
      .description("show a document's status, type, summary and (with --fields) extracted fields and line items")
      .argument("<id>", "document id")
      .option("--fields", "also show tables of the extracted fields and the line items", false)
      .option("--json", "print the document as JSON (with up to 100 000 characters of its text)", false),
  ).action((id: string, opts: ConnectionOptions & { fields: boolean; json: boolean }) =>
    runClient(opts, async (client) => {
      const { document } = await client.request(DocumentDocument, { id, textLimit: opts.json ? 100_000 : 1 });
      if (opts.json) {
        process.stdout.write(JSON.stringify(document, null, 2) + "\n");
        return;
      }
      process.stdout.write(documentDetails(document) + "\n");
      if (opts.fields) {
        process.stdout.write((document.fields.length ? fieldsTable(document.fields) : "(no fields extracted)") + "\n");
        process.stdout.write((document.lineItems.length ? lineItemsTable(document.lineItems) : "(no line items)") + "\n");
      }
    }),
  );

  addConnectionOptions(
    program
      .command("ls")
      .description("list documents, newest first")
      .option("--status <statuses>", `only these statuses, comma-separated (${DOCUMENT_STATUSES.join(", ")})`)
      .option("--type <types>", "only these document types, comma-separated (e.g. invoice,receipt)")
      .option("--search <query>", "full-text search over text, filename and summary (ranked by relevance)")
      .option("--first <n>", "how many documents to show", "20")
      .option("--json", "print the documents as a JSON array", false),
  ).action((opts: ConnectionOptions & { status?: string; type?: string; search?: string; first: string; json: boolean }) =>
    runClient(opts, async (client) => {
      const first = parsePositiveInt(opts.first);
      const filter = {
        ...(opts.status ? { status: parseStatuses(opts.status) } : {}),
        ...(opts.type ? { documentType: opts.type.split(",").map((t) => t.trim()).filter(Boolean) } : {}),
        ...(opts.search ? { search: opts.search } : {}),
      };
      const { documents } = await client.request(DocumentsDocument, {
        filter,
        first,
        ...(opts.search ? { orderBy: "RELEVANCE" as const } : {}),
      });
      const nodes = documents.edges.map((e) => e.node);
      if (opts.json) {
        process.stdout.write(JSON.stringify(nodes, null, 2) + "\n");
        return;
      }
      if (nodes.length === 0) {
        process.stdout.write("(no documents)\n");
        return;
      }
      process.stdout.write(documentsTable(nodes) + "\n");
      process.stdout.write(`${nodes.length} of ${documents.totalCount} document(s)${documents.pageInfo.hasNextPage ? "; use --first to see more" : ""}\n`);
    }),
  );
}
