/**
 * Child-process entry point for every pdf-parse call. Only `pdf.adapter.ts`
 * starts it (with `child_process.fork`); nothing else should import it.
 *
 * Why a separate process: pdf.js runs its "worker" in the calling thread under
 * Node, and a hostile PDF (e.g. corpus `bomb_giant.pdf`) can spin inside it
 * with the event loop blocked while memory grows ~30 MB/s. No timer in that
 * process ever fires again, so the only reliable stop is the parent killing
 * this process, and the only reliable memory cap is `--max-old-space-size` on
 * it.
 *
 * Protocol (parent ⇄ child), one job at a time, the child may serve many:
 * 1. the child sends `{ type: "ready" }` once its imports have loaded, so the
 *    parent can tell "could not start" (deployment bug, retryable) from
 *    "crashed on this document" (permanent), and starts the job's clock only
 *    then;
 * 2. the parent sends a {@link ChildJob} over IPC and, for
 *    `source.kind === "stdin"`, writes exactly `source.byteLength` raw PDF
 *    bytes to stdin (stdin stays open for the next job, so the length frames it);
 * 3. the child answers with exactly one reply and waits for the next job.
 */
import { readFile } from "node:fs/promises";
import { PDFParse, VerbosityLevel } from "pdf-parse";
import type { ExtractionErrorCode } from "./extraction.errors.js";
import { buildPage } from "./page/page.builder.js";
import type { PageModel } from "./page/page.model.js";
import type { PdfTextResult } from "./pdf.adapter.js";
import { pdfTextItemsToWords, type PdfTextItem } from "./pdf.words.js";

/** Where the child gets the PDF bytes. */
export type ChildSource = { kind: "stdin"; byteLength: number } | { kind: "file"; path: string };

/** One unit of work for the child. */
export type ChildJob =
  | {
      op: "text";
      source: ChildSource;
      password?: string;
      maxPages: number;
      maxTextChars: number;
    }
  | {
      op: "render";
      source: ChildSource;
      password?: string;
      maxPages: number;
      pages: number[];
      scale: number;
      maxPixels: number;
    };

/** The child's messages. `code: null` means a caller bug (bad argument), not a document problem. */
export type ChildReply =
  | { type: "ready" }
  | { type: "text"; result: PdfTextResult }
  | { type: "render"; result: { page: number; png: Uint8Array }[] }
  | { type: "error"; code: ExtractionErrorCode | null; name: string; message: string };

/** A failure whose code the child already knows. */
class ChildFailure extends Error {
  constructor(
    readonly code: ExtractionErrorCode | null,
    message: string,
  ) {
    super(message);
    this.name = "ChildFailure";
  }
}

/**
 * Serves exact-length reads from stdin. The stream stays open across jobs, so
 * the bytes of one document are delimited by the length the job announces.
 */
class StdinFrames {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;

  constructor(stream: NodeJS.ReadableStream) {
    stream.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.pump();
    });
    stream.on("end", () => {
      this.ended = true;
      this.pump();
    });
  }

  read(n: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
      this.pump();
    });
  }

  private pump(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.buffered >= w.n) {
      const all = Buffer.concat(this.chunks, this.buffered);
      const rest = all.subarray(w.n);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.waiter = null;
      // A copy, so the PDF does not pin (or share) the concatenation buffer.
      w.resolve(Buffer.from(all.subarray(0, w.n)));
    } else if (this.ended) {
      this.waiter = null;
      w.reject(new Error(`stdin ended after ${this.buffered} of ${w.n} bytes`));
    }
  }
}

const stdin = new StdinFrames(process.stdin);

async function loadBytes(source: ChildSource): Promise<Uint8Array> {
  if (source.kind === "file") {
    try {
      return new Uint8Array(await readFile(source.path));
    } catch (err) {
      // A missing/unreadable path is the caller's problem, not a corrupt document.
      throw new ChildFailure(null, `Could not read ${source.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return new Uint8Array(await stdin.read(source.byteLength));
}

function openParser(data: Uint8Array, password: string | undefined, extra: { maxImageSize?: number } = {}): PDFParse {
  return new PDFParse({
    // pdf.js may take ownership of (transfer) the array; the caller keeps no reference.
    data,
    password,
    verbosity: VerbosityLevel.ERRORS,
    // Defence in depth for untrusted input: pdf.js otherwise compiles font
    // programs with `new Function` (the CVE-2024-4367 class of bugs).
    isEvalSupported: false,
    ...extra,
  });
}

/**
 * pdf.js checks a password against the PDF's bytes by taking each UTF-16 code
 * unit & 0xFF (R2–R4) — fine for ASCII, wrong for passwords that the
 * producing tool stored as UTF-8 bytes. Retrying with the UTF-8 bytes spelled
 * as a "binary string" opens those files; the original string is always tried
 * first so correct Latin-1 passwords keep working.
 */
/** RFC 3454 table B.1 ("commonly mapped to nothing"), which SASLprep removes. */
const MAPPED_TO_NOTHING = new Set([
  0xad, 0x34f, 0x1806, 0x180b, 0x180c, 0x180d, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff,
  ...Array.from({ length: 16 }, (_, i) => 0xfe00 + i),
]);

function passwordVariants(password: string | undefined): (string | undefined)[] {
  if (password === undefined) return [undefined];
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(password)) return [password];
  const utf8AsBinary = Buffer.from(password, "utf8").toString("latin1");
  // SASLprep (RFC 4013) as AES-256 R6 requires; pdf.js 5 does not apply it:
  // NFKC plus dropping the "mapped to nothing" code points (soft hyphen, ZW joiners…).
  const saslprep = [...password.normalize("NFKC")].filter((ch) => !MAPPED_TO_NOTHING.has(ch.codePointAt(0) ?? 0)).join("");
  return [...new Set([password, utf8AsBinary, saslprep])];
}

function isPasswordError(err: unknown): boolean {
  return err instanceof Error && err.name === "PasswordException";
}

/** Open the document, trying password spellings; returns the parser and its info. */
async function open(
  data: Uint8Array,
  password: string | undefined,
  infoParams: Parameters<PDFParse["getInfo"]>[0],
  extra?: { maxImageSize?: number },
): Promise<{ parser: PDFParse; info: Awaited<ReturnType<PDFParse["getInfo"]>> }> {
  const variants = passwordVariants(password);
  let lastError: unknown;
  for (const [i, variant] of variants.entries()) {
    // pdf.js transfers the array it is given, so each attempt needs its own copy
    // (except the last one, which may consume the original).
    const bytes = i === variants.length - 1 ? data : data.slice();
    const parser = openParser(bytes, variant, extra);
    try {
      const info = await parser.getInfo(infoParams);
      return { parser, info };
    } catch (err) {
      await parser.destroy().catch(() => undefined);
      lastError = err;
      if (!isPasswordError(err)) break;
    }
  }
  throw lastError;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** The part of pdf.js' document and page proxies used for the text layer. */
interface PdfJsDocument {
  getPage(n: number): Promise<{
    getViewport(p: { scale: number }): { width: number; height: number; transform: number[] };
    getTextContent(p?: { includeMarkedContent?: boolean }): Promise<{ items: (PdfTextItem | { type: string })[] }>;
    cleanup(): unknown;
  }>;
}

/**
 * pdf-parse's `getText` returns strings in content-stream order and drops
 * positions; the page model needs the items with their transforms, which only
 * pdf.js' own document proxy gives. pdf-parse keeps it in a private field once
 * `getInfo` has loaded the document (same pdf.js instance, same options).
 */
function loadedDocument(parser: PDFParse): PdfJsDocument {
  const doc = (parser as unknown as { doc?: PdfJsDocument }).doc;
  if (!doc || typeof doc.getPage !== "function") throw new Error("pdf-parse did not expose the loaded pdf.js document");
  return doc;
}

/** One page's text layer as a page model (geometric reading order). */
async function textLayerPage(doc: PdfJsDocument, pageNumber: number): Promise<PageModel> {
  const page = await doc.getPage(pageNumber);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent({ includeMarkedContent: false });
    const items = content.items.filter((i): i is PdfTextItem => "str" in i && "transform" in i);
    const words = pdfTextItemsToWords(items, viewport.transform);
    return buildPage(words, { page: pageNumber, width: viewport.width, height: viewport.height, source: "text_layer" });
  } finally {
    page.cleanup();
  }
}

async function extractText(job: Extract<ChildJob, { op: "text" }>, data: Uint8Array): Promise<PdfTextResult> {
  const { parser, info } = await open(data, job.password, {});
  try {
    const pageCount = info.total;
    if (pageCount > job.maxPages) {
      throw new ChildFailure("TOO_MANY_PAGES", `The PDF has ${pageCount} pages; the limit is ${job.maxPages}.`);
    }
    const models: PageModel[] = [];
    let chars = 0;
    const doc = loadedDocument(parser);
    // Page by page so an oversized text layer is stopped as soon as it crosses
    // the cap, not after it is all in memory.
    for (let page = 1; page <= pageCount; page++) {
      const model = await textLayerPage(doc, page);
      chars += model.text.length;
      if (chars > job.maxTextChars) {
        throw new ChildFailure(
          "RESOURCE_LIMIT",
          `The PDF's text layer exceeds the limit of ${job.maxTextChars} characters (reached at page ${page} of ${pageCount}).`,
        );
      }
      models.push(model);
    }
    const meta = (info.info ?? {}) as Record<string, unknown>;
    return {
      pageCount,
      pages: models.map((m) => m.text),
      models,
      info: {
        title: str(meta.Title),
        author: str(meta.Author),
        producer: str(meta.Producer),
        encrypted: meta.EncryptFilterName != null,
      },
    };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

async function renderPages(
  job: Extract<ChildJob, { op: "render" }>,
  data: Uint8Array,
): Promise<{ page: number; png: Uint8Array }[]> {
  // Embedded images larger than this are skipped by pdf.js instead of being
  // decoded: a page rendered at ≤ maxPixels gains nothing from a source image
  // much bigger than it, and decoding one is where image bombs cost memory.
  const { parser, info } = await open(
    data,
    job.password,
    { parsePageInfo: true, partial: [...job.pages] },
    { maxImageSize: job.maxPixels * 4 },
  );
  try {
    if (info.total > job.maxPages) {
      throw new ChildFailure("TOO_MANY_PAGES", `The PDF has ${info.total} pages; the limit is ${job.maxPages}.`);
    }
    const out: { page: number; png: Uint8Array }[] = [];
    for (const page of job.pages) {
      if (page > info.total) {
        throw new ChildFailure(null, `Page ${page} does not exist; the PDF has ${info.total} pages.`);
      }
      const size = info.pages.find((p) => p.pageNumber === page);
      let scale = job.scale;
      if (size && size.width > 0 && size.height > 0) {
        // Shrink rather than refuse: a smaller render still OCRs, a refusal loses the page.
        const fit = Math.sqrt(job.maxPixels / (size.width * size.height));
        scale = Math.min(scale, fit * 0.999);
      }
      const shot = await parser.getScreenshot({ partial: [page], scale, imageBuffer: true, imageDataUrl: false });
      const png = shot.pages[0]?.data;
      if (!png || png.length === 0) throw new ChildFailure("CORRUPT_FILE", `Page ${page} could not be rendered.`);
      out.push({ page, png });
    }
    return out;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function clip(s: string, n = 200): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Map any thrown value to the reply the parent turns into an ExtractionError. */
function toErrorReply(err: unknown, job: ChildJob): Extract<ChildReply, { type: "error" }> {
  if (err instanceof ChildFailure) return { type: "error", code: err.code, name: err.name, message: err.message };
  const name = err instanceof Error ? err.name : "Error";
  const message = err instanceof Error ? err.message : String(err);
  if (isPasswordError(err)) {
    const wrong = job.password !== undefined || /incorrect/i.test(message);
    return {
      type: "error",
      code: "PDF_ENCRYPTED",
      name,
      message: wrong
        ? "The PDF is encrypted and the password given is incorrect."
        : "The PDF is encrypted; a password is required to open it.",
    };
  }
  // Deep recursion and huge allocations on hostile input surface as RangeErrors.
  if (err instanceof RangeError && /call stack|allocation failed|invalid array length|invalid typed array length|out of memory/i.test(message)) {
    return { type: "error", code: "RESOURCE_LIMIT", name, message: `The PDF exhausted parser resources (${clip(message)}).` };
  }
  // InvalidPDFException, FormatError, UnknownErrorException (circular page
  // trees, bad dictionaries) and pdf.js' own TypeErrors on malformed objects.
  return { type: "error", code: "CORRUPT_FILE", name, message: `The file is not a readable PDF (${name}: ${clip(message)}).` };
}

async function handle(job: ChildJob): Promise<ChildReply> {
  try {
    const data = await loadBytes(job.source);
    if (job.op === "text") return { type: "text", result: await extractText(job, data) };
    return { type: "render", result: await renderPages(job, data) };
  } catch (err) {
    return toErrorReply(err, job);
  }
}

function send(reply: ChildReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(reply, (err: Error | null) => {
      // The channel is gone: the parent is dead or gave up on us.
      if (err) process.exit(1);
      resolve();
    });
  });
}

if (!process.send) {
  console.error("pdf.child must be started by pdf.adapter via child_process.fork");
  process.exit(2);
}

// If the parent dies, there is nobody to answer: leave instead of lingering.
process.once("disconnect", () => process.exit(0));
process.on("message", (job: ChildJob) => {
  void handle(job).then(send);
});
void send({ type: "ready" });
