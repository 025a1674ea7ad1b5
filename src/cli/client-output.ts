import cliProgress from "cli-progress";
import Table from "cli-table3";
import type { DocumentQuery, DocumentStatus, DocumentSummaryFragment, EventFieldsFragment } from "../client/index.js";

/**
 * What `folio upload` and `folio watch` report per file. This is also the
 * element of `folio upload --json`, so its field names are a public contract.
 */
export interface FileResult {
  /** The path as given on the command line (`folio watch`: the stored filename). */
  file: string;
  /** Null when the upload itself was refused (no document was created). */
  documentId: string | null;
  /** Document status; `FAILED` also for an upload that was refused. */
  status: DocumentStatus;
  documentType: string | null;
  confidence: number | null;
  summary: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

/** True when a result counts as a success for the exit code (with `--no-wait`, an accepted upload is one). */
export function succeeded(result: FileResult, waited: boolean): boolean {
  if (result.errorCode !== null) return false;
  return waited ? result.status === "COMPLETED" : result.documentId !== null;
}

/** A result built from a document's current state. */
export function resultFromDocument(file: string, doc: DocumentSummaryFragment): FileResult {
  return {
    file,
    documentId: doc.id,
    status: doc.status,
    documentType: doc.documentType,
    confidence: doc.typeConfidence,
    summary: doc.summary,
    errorCode: doc.errorCode,
    errorMessage: doc.errorMessage,
  };
}

/** Displayed name of a path: its last segment (full paths make progress lines unreadable). */
export function displayName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).at(-1) ?? file;
}

/** `receipt (0.82)`, or `—` before classification. */
export function formatType(type: string | null, confidence: number | null): string {
  if (!type) return "—";
  return confidence === null ? type : `${type} (${confidence.toFixed(2)})`;
}

/**
 * The one-line outcome of a file: `✓ receipt.jpg  receipt (0.82)  Receipt from …  [id]`,
 * `✗ notes.txt  UNSUPPORTED_MEDIA_TYPE  The file type …`, or, with `--no-wait`,
 * `↑ receipt.jpg  QUEUED  [id]`.
 */
export function formatResult(result: FileResult, waited: boolean, nameWidth = 0): string {
  const name = displayName(result.file).padEnd(nameWidth);
  const id = result.documentId ? `  [${result.documentId}]` : "";
  if (!succeeded(result, waited)) {
    const code = result.errorCode ?? result.status;
    return `✗ ${name}  ${code}  ${result.errorMessage ?? `the document ended ${result.status}`}${id}`;
  }
  if (!waited) return `↑ ${name}  ${result.status}${id}`;
  return `✓ ${name}  ${formatType(result.documentType, result.confidence)}  ${result.summary ?? ""}${id}`;
}

/** Shows live progress of several files; one implementation per output mode. */
export interface ProgressView {
  /** Register a file before its events arrive (bars appear in this order). */
  add(key: string, file: string): void;
  event(key: string, event: EventFieldsFragment): void;
  /** Mark a file as done (a bar shows its outcome). */
  finish(key: string, result: FileResult): void;
  /** Stop drawing; idempotent, and safe to call from a signal handler. */
  stop(): void;
}

/** `--json`: nothing but the final JSON may reach stdout. */
export class SilentView implements ProgressView {
  add(): void {}
  event(): void {}
  finish(): void {}
  stop(): void {}
}

/**
 * Non-TTY stdout (pipes, CI logs, tests): a bar redrawn with control codes
 * would be noise, so each event becomes one greppable line, e.g.
 * `receipt.jpg  ocr  IN_PROGRESS  42%  page 1 of 1`.
 */
export class LineView implements ProgressView {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly nameWidth: number,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {}

  add(key: string, file: string): void {
    this.names.set(key, displayName(file));
  }

  event(key: string, e: EventFieldsFragment): void {
    const name = (this.names.get(key) ?? key).padEnd(this.nameWidth);
    // Document events have no step; name them by what happened (queued, processing, completed…).
    const what = e.step ?? e.type;
    const line = `${name}  ${what.padEnd(19)}  ${e.status.padEnd(11)}  ${String(e.progress).padStart(3)}%  ${e.message ?? ""}`;
    this.out.write(line.trimEnd() + "\n");
  }

  finish(): void {}
  stop(): void {}
}

interface BarPayload {
  file: string;
  detail: string;
}

/** What a bar shows after the percentage: `ocr · page 3 of 12`. */
function barDetail(e: EventFieldsFragment): string {
  if (!e.step) return e.type.replace(/^document\./, "");
  return e.message ? `${e.step} · ${e.message}` : `${e.step} · ${e.status.toLowerCase().replace("_", " ")}`;
}

/** A TTY: one live cli-progress bar per file, its value the overall progress 0–100. */
export class BarView implements ProgressView {
  private readonly multibar: cliProgress.MultiBar;
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private stopped = false;

  constructor(
    private readonly nameWidth: number,
    stream: NodeJS.WritableStream = process.stdout,
  ) {
    this.multibar = new cliProgress.MultiBar(
      {
        stream,
        format: "{file} |{bar}| {value}% {detail}",
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        // Files finish at different times; the whole view stops when the command does.
        stopOnComplete: false,
        fps: 12,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  add(key: string, file: string): void {
    const payload: BarPayload = { file: displayName(file).padEnd(this.nameWidth), detail: "uploaded" };
    this.bars.set(key, this.multibar.create(100, 0, payload));
  }

  event(key: string, e: EventFieldsFragment): void {
    this.bars.get(key)?.update(e.progress, { detail: barDetail(e) });
  }

  finish(key: string, result: FileResult): void {
    const detail = result.status === "COMPLETED" ? `✓ ${formatType(result.documentType, result.confidence)}` : `✗ ${result.errorCode ?? result.status}`;
    this.bars.get(key)?.update({ detail });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.multibar.stop();
  }
}

/** A cli-table3 table; colours only on a terminal, so piped output stays plain text. */
export function newTable(head: string[], colWidths?: (number | null)[]): Table.Table {
  const plain = !process.stdout.isTTY;
  return new Table({
    head,
    ...(colWidths ? { colWidths, wordWrap: true } : {}),
    style: plain ? { head: [], border: [] } : { head: ["cyan"] },
  });
}

/** Table of documents for `folio ls`. */
export function documentsTable(docs: readonly DocumentSummaryFragment[]): string {
  const table = newTable(["id", "filename", "status", "type", "created (UTC)"]);
  for (const d of docs) table.push([d.id, d.filename, d.status, formatType(d.documentType, d.typeConfidence), formatTimestamp(d.createdAt)]);
  return table.toString();
}

/** Table of extracted fields for `folio get --fields`. */
export function fieldsTable(fields: DocumentQuery["document"]["fields"]): string {
  const table = newTable(["name", "value", "confidence", "page", "raw", "set by"]);
  for (const f of fields) {
    // Raw text can span lines and be long; one short line keeps the table readable.
    const raw = f.raw.replace(/\s+/g, " ").trim();
    // A person's value names the machine's reading it replaced.
    // A value read from the PDF's embedded e-invoice names the attachment it came from.
    const by = f.setBy === "PERSON" ? `person (machine: ${f.machine ? f.machine.value : "nothing"})` : f.embeddedFrom ? `e-invoice (${f.embeddedFrom})` : "machine";
    table.push([f.name, f.value, f.confidence.toFixed(2), String(f.page), raw.length > 48 ? `${raw.slice(0, 47)}…` : raw, by]);
  }
  return table.toString();
}

/** Table of line items for `folio get --fields`: description, quantity, unit price, amount, page, confidence. */
export function lineItemsTable(items: DocumentQuery["document"]["lineItems"]): string {
  const table = newTable(["description", "qty", "unit price", "amount", "page", "confidence"]);
  const money = (m: { amount: number; currency?: string | null } | null | undefined): string => (m ? `${m.amount.toFixed(2)}${m.currency ? ` ${m.currency}` : ""}` : "—");
  for (const i of items) {
    // A description printed over several rows is shown on one line, shortened.
    const description = i.description.replace(/\s*\n\s*/g, " / ").trim() || "—";
    table.push([description.length > 48 ? `${description.slice(0, 47)}…` : description, i.quantity === null || i.quantity === undefined ? "—" : String(i.quantity), money(i.unitPrice), money(i.amount), String(i.page), i.confidence.toFixed(2)]);
  }
  return table.toString();
}

/** `2024-05-01 12:34:56` (UTC) from an ISO timestamp. */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace("T", " ").slice(0, 19);
}

/** The human view of `folio get`: aligned `label  value` lines. */
export function documentDetails(doc: DocumentQuery["document"]): string {
  const rows: [string, string][] = [
    ["id", doc.id],
    ["file", doc.filename],
    ["status", doc.held ? `${doc.status} (held)` : doc.status],
    ["type", doc.typeCorrection ? `${doc.typeCorrection.type} (set by a person; classifier: ${doc.typeCorrection.machineType ?? "—"})` : formatType(doc.documentType, doc.typeConfidence)],
    ["summary", doc.summary ?? "—"],
    ["pages", doc.pageCount === null ? "—" : String(doc.pageCount)],
    ["content type", doc.detectedContentType ?? doc.declaredContentType ?? "—"],
    ["size", `${doc.sizeBytes} bytes`],
    ["labels", doc.labels.length ? doc.labels.join(", ") : "—"],
    ["created", formatTimestamp(doc.createdAt)],
    ["completed", formatTimestamp(doc.completedAt)],
  ];
  if (doc.status === "PROCESSING" || doc.status === "QUEUED") rows.push(["progress", `${doc.progress}%${doc.currentStep ? ` (${doc.currentStep})` : ""}`]);
  if (doc.errorCode) rows.push(["error", `${doc.errorCode}: ${doc.errorMessage ?? ""}`.trimEnd()]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}
