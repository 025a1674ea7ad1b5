/**
 * Child-process entry point for every pdf-parse call: the program a PDF
 * sandbox runs. Only `pdf.sandbox.ts` starts it (with `child_process.fork`);
 * nothing imports it. The messages it exchanges with its parent are in
 * `pdf.protocol.ts`.
 *
 * Why a separate process: pdf.js runs its "worker" in the calling thread under
 * Node, and a hostile PDF (e.g. corpus `bomb_giant.pdf`) can spin inside it
 * with the event loop blocked while memory grows ~30 MB/s. No timer in that
 * process ever fires again, so the only reliable stop is the parent killing
 * this process, and the only reliable memory cap is `--max-old-space-size` on
 * it.
 *
 * Before it says "ready" the child parses a tiny built-in PDF, so pdf.js'
 * lazily loaded modules and standard-font path are loaded and the first real
 * document pays none of that (it is most of a cold start).
 */
import { readFile } from "node:fs/promises";
import { PDFParse, VerbosityLevel } from "pdf-parse";
import type { ExtractionErrorCode } from "./extraction.errors.js";
import { buildPage } from "./page/page.builder.js";
import { stripUnstorable } from "./page/page.sanitize.js";
import type { PageModel } from "./page/page.model.js";
import { looksLikeEInvoiceBytes } from "./einvoice/einvoice.sniff.js";
import type { PdfRenderedPage, PdfTextResult, PdfXmlAttachment, SandboxJob, SandboxMessage, SandboxReply, SandboxSource, SandboxUsage } from "./pdf.protocol.js";
import { isOcrLayer, textVisibility } from "./pdf.ocr-layer.js";
import { soleFullPageImage } from "./pdf.page-image.js";
import { MAX_JPEG_SOURCE_BYTES, openJpegSource, pageJpeg, type JpegSource } from "./pdf.page-jpeg.js";
import { dominantScanDensity, scanRenderScale, type OperatorListLike } from "./pdf.scan-density.js";
import { falseSpaces } from "./pdf.split-labels.js";
import { standardFontDataDir } from "./pdf.standard-fonts.js";
import { pdfTextItemsToWords, type PdfTextItem } from "./pdf.words.js";

type ErrorReply = Extract<SandboxReply, { type: "error" }>;

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
  private waiter: { n: number; resolve: (b: Uint8Array) => void; reject: (e: Error) => void } | null = null;

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

  read(n: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
      this.pump();
    });
  }

  private pump(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.buffered >= w.n) {
      // One copy, into a buffer of exactly the document's size (pdf.js may take it over), chunk by chunk;
      // bytes past the frame stay queued. Nothing else keeps a reference to the stream's chunks.
      const out = new Uint8Array(w.n);
      let filled = 0;
      while (filled < w.n) {
        const chunk = this.chunks[0]!;
        const take = Math.min(chunk.length, w.n - filled);
        out.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
        filled += take;
        if (take === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(take);
      }
      this.buffered -= w.n;
      this.waiter = null;
      w.resolve(out);
    } else if (this.ended) {
      this.waiter = null;
      w.reject(new Error(`stdin ended after ${this.buffered} of ${w.n} bytes`));
    }
  }
}

const stdin = new StdinFrames(process.stdin);

async function loadBytes(source: SandboxSource): Promise<Uint8Array> {
  if (source.kind === "file") {
    try {
      return new Uint8Array(await readFile(source.path));
    } catch (err) {
      // A missing/unreadable path is the caller's problem, not a corrupt document.
      throw new ChildFailure(null, `Could not read ${source.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return stdin.read(source.byteLength);
}

/**
 * pdf.js' standard-font directory, looked up once per child. Without it a PDF
 * naming a standard font it does not embed (Helvetica, Times, Courier, Arial…)
 * renders in the canvas' fallback font, its letters spaced apart
 * (see pdf.standard-fonts.ts); pdf.js reads only the files of a fixed table
 * from it. Missing data is said once on stderr and costs only the look of
 * such pages, never a document.
 */
const STANDARD_FONT_DATA_DIR = standardFontDataDir();
if (STANDARD_FONT_DATA_DIR === null) console.error("pdf.child: pdf.js' standard_fonts/ not found; non-embedded standard fonts render with a fallback font");

/** What a job opens the document with, besides its bytes and password. */
interface OpenOptions {
  /** Skip embedded images larger than this many pixels instead of decoding them (render jobs). */
  maxImageSize?: number;
  /**
   * Give pdf.js the standard fonts' programs (render jobs). The text layer does
   * not need them: on the shared corpus' 89 PDFs and 240 generated standard-font
   * invoices the page text came out identical with and without (one Symbol
   * glyph table aside), while loading and converting the font programs, which
   * pdf.js repeats for every document, doubled the text layer's time
   * (13 → 27 ms per invoice).
   */
  standardFonts?: boolean;
}

function openParser(data: Uint8Array, password: string | undefined, opts: OpenOptions = {}): PDFParse {
  const { standardFonts = false, ...extra } = opts;
  return new PDFParse({
    // pdf.js may take ownership of (transfer) the array; the caller keeps no reference.
    data,
    password,
    verbosity: VerbosityLevel.ERRORS,
    // Defence in depth for untrusted input: pdf.js otherwise compiles font
    // programs with `new Function` (the CVE-2024-4367 class of bugs).
    isEvalSupported: false,
    ...(standardFonts && STANDARD_FONT_DATA_DIR !== null ? { standardFontDataUrl: STANDARD_FONT_DATA_DIR } : {}),
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
type PdfInfo = Pick<Awaited<ReturnType<PDFParse["getInfo"]>>, "total" | "info" | "pages">;

/**
 * What the text layer needs of the document's info: the page count and the
 * info dictionary. pdf-parse's `getInfo` also reads the XMP metadata, the
 * outline, permissions and page labels, which cost 10–30 % of the text
 * layer's time over the corpus for nothing. Same loader (`load`, private in
 * pdf-parse's types), so errors map to the same exceptions.
 */
async function textInfo(parser: PDFParse): Promise<PdfInfo> {
  const loader = parser as unknown as { load(): Promise<{ numPages: number; getMetadata(): Promise<{ info: unknown }> }> };
  const doc = await loader.load();
  const { info } = await doc.getMetadata();
  return { total: doc.numPages, info: info as PdfInfo["info"], pages: [] };
}

async function open(
  data: Uint8Array,
  password: string | undefined,
  infoParams: Parameters<PDFParse["getInfo"]>[0] | "text",
  extra?: OpenOptions,
): Promise<{ parser: PDFParse; info: PdfInfo }> {
  const variants = passwordVariants(password);
  let lastError: unknown;
  for (const [i, variant] of variants.entries()) {
    // pdf.js transfers the array it is given, so each attempt needs its own copy
    // (except the last one, which may consume the original).
    const bytes = i === variants.length - 1 ? data : data.slice();
    const parser = openParser(bytes, variant, extra);
    try {
      const info = infoParams === "text" ? await textInfo(parser) : await parser.getInfo(infoParams);
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
    getOperatorList(): Promise<OperatorListLike>;
    cleanup(): unknown;
  }>;
  /** The catalog's embedded files (`/Names /EmbeddedFiles`, which Factur-X's `/AF` entries also sit in), by name; null when there are none. */
  getAttachments(): Promise<Record<string, { filename?: unknown; rawFilename?: unknown; content?: unknown }> | null>;
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

/**
 * True when the page's text is an earlier OCR drawn invisibly (see `pdf.ocr-layer.ts`). The document is opened
 * with images switched off for such jobs (`maxImageSize: 0`), so the operator list costs a parse of the page's
 * content, not a decoding of its scan. A page whose list cannot be built keeps its text layer.
 */
async function isOcrLayerPage(doc: PdfJsDocument, pageNumber: number): Promise<boolean> {
  const page = await doc.getPage(pageNumber);
  try {
    return isOcrLayer(textVisibility(await page.getOperatorList()));
  } catch {
    return false;
  } finally {
    page.cleanup();
  }
}

/** Most embedded files looked at: a document with more is not an e-invoice with one XML, and each costs decoding. */
const MAX_ATTACHMENTS_SEEN = 32;

/** An embedded file as found: its name and its (decoded) bytes. */
interface EmbeddedFile {
  filename: string;
  content: unknown;
}

/**
 * The e-invoice XML among `files`, as bytes, and notes for those passed over.
 * Only XML whose root element is an e-invoice's is kept, judged from the first
 * bytes in the encoding they announce (UTF-8, or UTF-16 by its BOM).
 */
function keepEInvoices(files: readonly EmbeddedFile[], maxBytes: number, out: { attachments: PdfXmlAttachment[]; notes: string[] }): void {
  for (const file of files) {
    const filename = clip(stripUnstorable(file.filename), 120);
    const content = file.content;
    if (!(content instanceof Uint8Array) || content.byteLength === 0) continue;
    if (!looksLikeEInvoiceBytes(content)) continue;
    if (content.byteLength > maxBytes) {
      out.notes.push(`${filename}: ${content.byteLength} bytes, over the ${maxBytes}-byte limit for an embedded invoice`);
      continue;
    }
    // A copy of exactly the file's bytes (the content may be a view into a larger decoded buffer).
    out.attachments.push({ filename, bytes: content.slice() });
  }
}

/**
 * Files listed only in the catalog's associated files (`/AF`, PDF/A-3), which
 * pdf.js' `getAttachments` does not read (it reads the `/EmbeddedFiles` name
 * tree only). Read with pdf-lib, loaded only when needed; `data` is null when
 * the file has no embedded file stream (see {@link embeddedFileCopy}).
 */
async function associatedFiles(data: Uint8Array | null): Promise<EmbeddedFile[]> {
  if (data === null) return [];
  const { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PDFHexString, PDFString, decodePDFRawStream } = await import("pdf-lib");
  const pdf = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  const af = pdf.catalog.lookupMaybe(PDFName.of("AF"), PDFArray);
  if (!af) return [];
  const files: EmbeddedFile[] = [];
  for (let i = 0; i < Math.min(af.size(), MAX_ATTACHMENTS_SEEN); i += 1) {
    const spec = af.lookupMaybe(i, PDFDict);
    const ef = spec?.lookupMaybe(PDFName.of("EF"), PDFDict);
    const stream = ef?.lookupMaybe(PDFName.of("UF"), PDFStream) ?? ef?.lookupMaybe(PDFName.of("F"), PDFStream);
    if (!spec || !(stream instanceof PDFRawStream)) continue;
    const name = spec.lookupMaybe(PDFName.of("UF"), PDFString, PDFHexString) ?? spec.lookupMaybe(PDFName.of("F"), PDFString, PDFHexString);
    files.push({ filename: name?.decodeText() || `associated file ${i + 1}`, content: decodePDFRawStream(stream).decode() });
  }
  return files;
}

/**
 * A copy of the PDF's bytes when it has an embedded file stream at all
 * (`/EmbeddedFile` in its bytes: a stream's dictionary is never inside an
 * object stream, so the test is exact enough), else null. A copy, because
 * pdf.js takes the bytes it opens (their buffer is detached); only PDFs that
 * embed files pay for it.
 */
function embeddedFileCopy(data: Uint8Array): Uint8Array | null {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes("/EmbeddedFile") ? data.slice() : null;
}

/**
 * The embedded files that are e-invoice XML, as bytes: from the catalog's
 * `/EmbeddedFiles` name tree (pdf.js), else from its `/AF` array (PDF/A-3
 * associated files). Never throws: an attachment that cannot be read is a
 * note, the document's text stands.
 * (A decompression bomb inside an attachment still costs memory here: pdf.js
 * decodes a file's stream whole, so the child's heap cap is the bound.)
 */
async function xmlAttachments(doc: PdfJsDocument, data: Uint8Array | null, maxBytes: number): Promise<{ attachments: PdfXmlAttachment[]; notes: string[] }> {
  const out = { attachments: [] as PdfXmlAttachment[], notes: [] as string[] };
  if (maxBytes <= 0) return out;
  let found: Awaited<ReturnType<PdfJsDocument["getAttachments"]>> = null;
  try {
    found = await doc.getAttachments();
  } catch (err) {
    out.notes.push(`embedded files unreadable (${clip(err instanceof Error ? err.message : String(err), 120)})`);
  }
  const entries = Object.entries(found ?? {});
  if (entries.length > MAX_ATTACHMENTS_SEEN) out.notes.push(`${entries.length} embedded files; only the first ${MAX_ATTACHMENTS_SEEN} were looked at`);
  const named = entries.slice(0, MAX_ATTACHMENTS_SEEN).map(([key, file]) => ({ filename: typeof file?.filename === "string" && file.filename !== "" ? file.filename : key, content: file?.content }));
  keepEInvoices(named, maxBytes, out);
  if (out.attachments.length > 0) return out;
  try {
    keepEInvoices(await associatedFiles(data), maxBytes, out);
  } catch (err) {
    out.notes.push(`associated files unreadable (${clip(err instanceof Error ? err.message : String(err), 120)})`);
  }
  return out;
}

async function extractText(job: Extract<SandboxJob, { op: "text" }>, data: Uint8Array): Promise<PdfTextResult> {
  const withFiles = (job.maxAttachmentBytes ?? 0) > 0 ? embeddedFileCopy(data) : null;
  // Images are never decoded for text; an OCR-layer probe would otherwise decode each page's scan.
  const { parser, info } = await open(data, job.password, "text", job.findOcrLayers ? { maxImageSize: 0 } : undefined);
  try {
    const pageCount = info.total;
    if (pageCount > job.maxPages) {
      throw new ChildFailure("TOO_MANY_PAGES", `The PDF has ${pageCount} pages; the limit is ${job.maxPages}.`);
    }
    const models: PageModel[] = [];
    const ocrLayerPages: number[] = [];
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
      if (job.findOcrLayers && /\S/.test(model.text) && (await isOcrLayerPage(doc, page))) ocrLayerPages.push(page);
    }
    const meta = (info.info ?? {}) as Record<string, unknown>;
    const embedded = await xmlAttachments(doc, withFiles, job.maxAttachmentBytes ?? 0);
    return {
      pageCount,
      pages: models.map((m) => m.text),
      models,
      attachments: embedded.attachments,
      attachmentNotes: embedded.notes,
      ...(job.findOcrLayers ? { ocrLayerPages } : {}),
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

/** The part of pdf.js' document and page proxies the scan-density probe uses. */
interface PdfJsRenderDocument {
  getPage(n: number): Promise<{
    view: [number, number, number, number];
    rotate: number;
    getViewport(p: { scale: number }): unknown;
    render(p: { canvasContext: unknown; canvas: unknown; viewport: unknown; operationsFilter?: (i: number) => boolean }): { promise: Promise<void> };
    /** pdf.js' per-intent render state; internal, read only here (see {@link pageDisplayList}). */
    _intentStates?: Map<string, { operatorList?: OperatorListLike & { lastChunk?: boolean } }>;
  }>;
  canvasFactory?: { create(w: number, h: number): { canvas: unknown; context: unknown }; destroy?(c: { canvas: unknown; context: unknown }): void };
}

/** A page's display operator list with the box and turn it is drawn in. */
interface DisplayList {
  ops: OperatorListLike;
  view: [number, number, number, number];
  rotate: number;
}

/**
 * The page's display operator list (for its scan density and whether it is one JPEG), or null when it could not be had.
 *
 * pdf.js' public `getOperatorList()` builds a second operator list under another
 * intent and so decodes the page's images a second time (1.8 s for a 35-megapixel
 * JPEG here). Instead a render that draws nothing (every operation filtered out,
 * a 1×1 canvas) builds the *display* operator list the real render then reuses,
 * images decoded once; the list is read from pdf.js' render state. Should a
 * pdf.js update move that state, the probe finds nothing and the page renders at
 * the base scale, as before (the unit test on a generated scan would fail).
 */
async function pageDisplayList(parser: PDFParse, pageNumber: number): Promise<DisplayList | null> {
  try {
    const doc = loadedDocument(parser) as unknown as PdfJsRenderDocument;
    if (!doc.canvasFactory) return null;
    const page = await doc.getPage(pageNumber);
    const target = doc.canvasFactory.create(1, 1);
    try {
      await page.render({ canvasContext: target.context, canvas: target.canvas, viewport: page.getViewport({ scale: 1 }), operationsFilter: () => false }).promise;
    } finally {
      doc.canvasFactory.destroy?.(target);
    }
    for (const state of page._intentStates?.values() ?? []) {
      if (state.operatorList?.lastChunk) return { ops: state.operatorList, view: page.view, rotate: page.rotate };
    }
    return null;
  } catch {
    // The real render meets the same operator list and reports whatever is wrong with it.
    return null;
  }
}

async function renderPages(
  job: Extract<SandboxJob, { op: "render" }>,
  data: Uint8Array,
): Promise<PdfRenderedPage[]> {
  // pdf.js takes over the bytes it opens; a scan's JPEG is read from a copy, of a PDF not too large to parse twice
  // (a memcpy every such job pays; pdf-lib parses the copy only once a page qualifies, at most once per job).
  const wantsJpeg = job.scanJpeg === true && job.maxScanScale !== undefined && data.byteLength <= MAX_JPEG_SOURCE_BYTES;
  const copy = wantsJpeg ? data.slice() : null;
  let jpegSource: Promise<JpegSource | null> | null = null;
  // Embedded images larger than this are skipped by pdf.js instead of being
  // decoded: a page rendered at ≤ maxPixels gains nothing from a source image
  // much bigger than it, and decoding one is where image bombs cost memory.
  const { parser, info } = await open(
    data,
    job.password,
    { parsePageInfo: true, partial: [...job.pages] },
    // The page is drawn: non-embedded standard fonts need their programs to look as printed.
    { maxImageSize: job.maxPixels * 4, standardFonts: true },
  );
  try {
    if (info.total > job.maxPages) {
      throw new ChildFailure("TOO_MANY_PAGES", `The PDF has ${info.total} pages; the limit is ${job.maxPages}.`);
    }
    const out: PdfRenderedPage[] = [];
    for (const page of job.pages) {
      if (page > info.total) {
        throw new ChildFailure(null, `Page ${page} does not exist; the PDF has ${info.total} pages.`);
      }
      const size = info.pages.find((p) => p.pageNumber === page);
      let scale = job.scale;
      // A scan renders at its own pixel density (at most maxScanScale), any other page at scale: see pdf.scan-density.ts.
      if (job.maxScanScale !== undefined && job.maxScanScale > scale) {
        const list = await pageDisplayList(parser, page);
        const density = list ? dominantScanDensity(list.ops, list.view) : null;
        // A scan that is one image and nothing else goes to OCR as that image's JPEG, if it is one that shows the
        // same pixels, a page shown turned with the turn as its EXIF orientation (see pdf.page-image.ts,
        // pdf.page-jpeg.ts, PdfRenderedPage.format); any doubt renders.
        const image = density && list && copy ? soleFullPageImage(list.ops, list.view, list.rotate) : null;
        if (image && copy) {
          jpegSource ??= openJpegSource(copy);
          const source = await jpegSource;
          const jpeg = source ? pageJpeg(source, page, info.total, image, job.maxPixels) : null;
          if (jpeg) {
            out.push({ page, image: jpeg, format: "jpeg" });
            continue;
          }
        }
        scale = scanRenderScale(density, scale, job.maxScanScale);
        // A scan's pixels beyond what the caller keeps are render time and memory for nothing.
        if (density && job.maxScanWidth !== undefined && size && size.width > 0) scale = Math.min(scale, job.maxScanWidth / size.width);
      }
      if (size && size.width > 0 && size.height > 0) {
        // Shrink rather than refuse: a smaller render still OCRs, a refusal loses the page.
        const fit = Math.sqrt(job.maxPixels / (size.width * size.height));
        scale = Math.min(scale, fit * 0.999);
      }
      const shot = await parser.getScreenshot({ partial: [page], scale, imageBuffer: true, imageDataUrl: false });
      const png = shot.pages[0]?.data;
      if (!png || png.length === 0) throw new ChildFailure("CORRUPT_FILE", `Page ${page} could not be rendered.`);
      out.push({ page, image: png, format: "png" });
    }
    return out;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function clip(s: string, n = 200): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Map any thrown value to the reply the parent turns into an ExtractionError (usage is added when sending). */
function toErrorReply(err: unknown, job: SandboxJob): Omit<ErrorReply, "usage"> {
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

function usage(): SandboxUsage {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
}

async function handle(job: SandboxJob): Promise<SandboxReply> {
  try {
    const data = await loadBytes(job.source);
    if (job.op === "text") return { type: "text", result: await extractText(job, data), usage: usage() };
    return { type: "render", result: await renderPages(job, data), usage: usage() };
  } catch (err) {
    return { ...toErrorReply(err, job), usage: usage() };
  }
}

function send(message: SandboxMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, (err: Error | null) => {
      // The channel is gone: the parent is dead or gave up on us.
      if (err) process.exit(1);
      resolve();
    });
  });
}

/**
 * A one-page PDF with a line of Helvetica text, built with correct xref
 * offsets (pdf.js would otherwise take its slower reconstruction path, which
 * is not what real documents warm up).
 */
function warmUpPdf(): Uint8Array {
  const content = "BT /F1 12 Tf 72 720 Td (Invoice 1 total 4.11 USD) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/**
 * Parse the built-in PDF (twice: the second run lets V8 optimise the hot
 * paths) so the first real document finds pdf.js loaded and warm. A failure
 * here is not fatal: the real job will report whatever is wrong.
 */
async function warmUp(): Promise<void> {
  const job: Extract<SandboxJob, { op: "text" }> = {
    op: "text",
    source: { kind: "stdin", byteLength: 0 },
    maxPages: 1,
    maxTextChars: 10_000,
  };
  for (let i = 0; i < 2; i++) {
    try {
      await extractText(job, warmUpPdf());
    } catch (err) {
      console.error(`pdf.child warm-up failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
  }
  // The split-label repair's expressions (every label vocabulary) take V8 ~150–250 ms to compile on first use, for
  // one-byte and two-byte text apart, and again when they tier up; the warm-up PDF's text has no split label, so
  // they are compiled here rather than on a real document's time.
  for (let i = 0; i < 3; i++) {
    falseSpaces("Rechnungs betrag Ver käufer", "Nr. 1");
    falseSpaces("Gesamt betrag – € Zahl betrag", "Nr. 1");
  }
}

if (!process.send) {
  console.error("pdf.child must be started by pdf.sandbox via child_process.fork");
  process.exit(2);
}

// If the parent dies, there is nobody to answer: leave instead of lingering.
process.once("disconnect", () => process.exit(0));
process.on("message", (job: SandboxJob) => {
  void handle(job).then(send);
});
void warmUp().then(() => send({ type: "ready", usage: usage() }));
