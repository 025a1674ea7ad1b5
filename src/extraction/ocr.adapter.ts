/**
 * The only module that talks to tesseract.js. It owns a small pool of
 * tesseract workers (worker threads running the WASM engine) that is created
 * lazily and reused across jobs, because creating a worker costs ~0.7–2 s and
 * ~85 MB (STACK.md). Every image passes an admission check before it is queued:
 * by default the decompression-bomb guard of image-header.ts, which reads the
 * declared sizes without decoding a pixel (the pool itself reads no headers).
 *
 * Why not tesseract.js' own `createScheduler`: it cannot remove a single
 * worker, and a recognize that never returns (or a worker that crashed) would
 * block its slot forever. Here a stuck or crashed worker is terminated and
 * replaced while the rest of the pool keeps serving.
 *
 * tesseract.js traps handled here:
 * - without `errorHandler`, a failed job makes tesseract.js `throw` inside its
 *   worker message listener, i.e. an uncaught exception that kills the process;
 * - `worker.terminate()` leaves the job's promise pending forever, so every job
 *   carries its own timer;
 * - it treats a string image as a path or URL and fetches it: only bytes are
 *   accepted here;
 * - without `langPath` it downloads traineddata from a CDN, and without
 *   `cacheMethod: "none"` it writes `eng.traineddata` into the working directory.
 */
import { availableParallelism } from "node:os";
import type { Worker as NodeWorker } from "node:worker_threads";
import Tesseract from "tesseract.js";
import { ExtractionError } from "./extraction.errors.js";
import { assertImageWithinLimits, readImageSize } from "./image-header.js";
import {
  binarisedPgm,
  fadedPrintThreshold,
  NEARLY_EMPTY_PAGE_CHARS,
  pageInputForOcr,
  pgmPixels,
  prepareForOcr,
  prepareRegion,
  toPgm,
  type OcrPageInput,
  type OcrPrepOptions,
  type PixelRegion,
  type PreparedPageSource,
  type PreparedGeometry,
  type PreparedImage,
  type PreparedRegion,
} from "./ocr-image.preparer.js";
import { OCR_LANGUAGES, modelDirectory, type OcrLanguage } from "./ocr.models.js";
import { nativeModelDir, recognizeNative } from "./ocr.native.js";
import { DEFAULT_INK_REGIONS, readUncoveredInk, type InkReport, type LineReader } from "./ocr.ink.js";
import { pageToOriginal, readingFrame, type ReadingFrame } from "./ocr.frame.js";
import { betterRead, sureRead, turnOrder, worthTurn, type QuarterTurn } from "./ocr.orient.js";
import { estimateOrientation, type OrientationEstimate } from "./orientation.estimate.js";
import { ocrWords, shiftedTree, type OcrBlockTree } from "./ocr.words.js";
import { cropPixels } from "./paper.crop.js";
import { buildPage } from "./page/page.builder.js";
import type { BBox, PageModel, RawWord } from "./page/page.model.js";
import { stripUnstorable } from "./page/page.sanitize.js";

export { OCR_LANGUAGES, type OcrLanguage } from "./ocr.models.js";
export { betterRead, type QuarterTurn } from "./ocr.orient.js";

/** OCR result of one image. */
export interface OcrPageResult {
  /** The page text, rendered from {@link page} (geometric reading order). */
  text: string;
  /** Tesseract's mean word confidence scaled to 0..1. */
  confidence: number;
  /** Words with boxes (normalised to the EXIF-rotated image) and confidences. */
  page: PageModel;
  /**
   * Page segmentation modes read, in order, and the one whose reading was kept: `[4]` for a page
   * read once, `[4, 3]` for an unsure page read again (see {@link UNSURE_PAGE_CONFIDENCE}).
   */
  layout: { tried: readonly number[]; kept: number };
  /**
   * Quarter turns the page was read at (degrees clockwise from the image as given, EXIF orientation applied), in
   * order, and the one whose reading was kept (the page model's `rotation`): `[0]` for a page read surely upright.
   */
  turns: { tried: readonly QuarterTurn[]; kept: QuarterTurn };
  /**
   * Inked regions no word of the page read covered, read again on their own, and the words that joined the
   * page from them (see {@link OcrPoolOptions.inkRegions}).
   */
  ink: InkReport;
  /**
   * For a page the preparation rotated level: the page as read on the level image (the same words, text and
   * order as {@link page}, boxes normalised to the level frame) and the geometry relating the two. Targeted
   * re-OCR cuts its crops on the level page (ocr.reread.ts), where a line is level and its box tight.
   */
  level?: LevelledPage;
}

/** A page read on its levelled image (see {@link OcrPageResult.level}). */
export interface LevelledPage {
  page: PageModel;
  geometry: PreparedGeometry;
  /** Size of the original (EXIF-rotated) image: what {@link OcrPageResult.page} is normalised by. */
  pageWidth: number;
  pageHeight: number;
}

/**
 * Page segmentation mode for whole pages: psm 4 (one column of text of
 * variable sizes). On 20 SROIE receipts (bench/ocr-quality.ts) it beat
 * tesseract.js' default psm 6 in character accuracy and in dates read
 * verbatim, for ~15 % more CPU; the page builder still orders words by geometry.
 */
export const PAGE_PSM = Tesseract.PSM.SINGLE_COLUMN;

/**
 * A page read with {@link PAGE_PSM} whose mean word confidence stays below
 * this is read a second time with {@link UNSURE_PAGE_PSM}, and the read that
 * recovered more text read at least half sure is kept ({@link betterRead}).
 * psm 4 assumes one column of text; where that assumption fails — stamps,
 * handwriting or a torn edge beside the print, a photo's busy background —
 * tesseract's own layout analysis often finds the lines psm 4 ran together.
 * Confident pages (most of them) are read once. Measured on the 120 shared
 * receipts (README, "Performance: OCR"): pages below 0.55 and below 0.6 gave
 * the same gain, below 0.65 less.
 */
export const UNSURE_PAGE_CONFIDENCE = 0.6;

/** The segmentation of an unsure page's second read: fully automatic (psm 3); psm 6 and 11 measured worse. */
export const UNSURE_PAGE_PSM = Tesseract.PSM.AUTO;

/** Options of {@link OcrPool.recognizeRegion}. */
export interface OcrRegionOptions extends OcrRecognizeOptions {
  /** Only these characters may be read (tesseract's `tessedit_char_whitelist`), e.g. `"0123456789.,-/"`. */
  whitelist?: string;
  /** Margin added around the box, as a share of the box's height (field boxes are tight); default 0.25. */
  padding?: number;
  /**
   * Read the crop as a block of lines (psm 6) instead of one line (psm 7): for a box that may hold two rows,
   * such as a word whose first reading swallowed the row under it. Default false.
   */
  block?: boolean;
  /**
   * The model the region is read with: `eng` (default, the model pages are read with) or `deu`, which reads
   * German umlauts and ß that the English model drops (`Müller` → `Muller`). Both ship offline.
   */
  lang?: OcrLanguage;
  /**
   * `box` is on the levelled page of this geometry (normalised to it: {@link LevelledPage}), not on the original
   * image: the region is cut from the original and rotated level before it is read, and the words come back on
   * the level page too. Absent or rotation 0: the original image.
   */
  level?: PreparedGeometry;
  /**
   * On a page whose lighting the preparation flattened (a photo), cut the region from the page's own prepared
   * pixels — flattened, stretched, sharpened, levelled, as the pool prepared them for its last read of the same
   * bytes object — instead of the original image, where a crop in a shadow is grey on grey and a blurred decimal
   * point stays faint. Default true; other pages (scans) are cut from the original either way.
   */
  fromPrepared?: boolean;
  /**
   * The page was read turned this many degrees clockwise (its model's `rotation`, {@link OcrPageResult.turns}):
   * `box` is on the turned page, and the region is cut from the image turned alike. Default 0.
   */
  turn?: QuarterTurn;
}

/** What a region re-read found. */
export interface OcrRegionResult {
  /** Words of the single line read, joined by spaces. */
  text: string;
  /** Mean word confidence, 0..1 (0 when nothing was read). */
  confidence: number;
  /** The words with boxes normalised to the whole (EXIF-rotated) image, like the page model's. */
  words: { text: string; confidence: number; box: BBox }[];
}

/** Options of one recognition. */
export interface OcrRecognizeOptions {
  /** Aborting rejects with `CANCELLED`; a running recognition's worker is terminated and replaced. */
  signal?: AbortSignal;
  /**
   * Budget for the recognition itself, counted from when a worker picks the
   * job up (time queued behind other jobs is not counted; use `signal` for an
   * overall deadline). Exceeding it rejects with `PROCESSING_TIMEOUT`, and the
   * worker is terminated and replaced. Default: the pool's `defaultTimeoutMs`.
   */
  timeoutMs?: number;
}

/** A pool of tesseract workers. */
export interface OcrPool {
  /**
   * OCR one image (PNG, JPEG, TIFF, BMP, GIF, WebP or PNM bytes).
   * @throws {@link ExtractionError} `CORRUPT_FILE` (unreadable/unsupported image), `IMAGE_TOO_LARGE`,
   *   `PROCESSING_TIMEOUT`, `RESOURCE_LIMIT` (the worker crashed), `CANCELLED`; a plain `Error` when the
   *   engine cannot start (retryable) or the pool is closed.
   */
  recognize(image: Uint8Array, opts?: OcrRecognizeOptions & { pageNumber?: number }): Promise<OcrPageResult>;
  /**
   * Read one region of an image again as a single text line (psm 7), cropped,
   * enlarged and contrast-stretched, optionally restricted to `whitelist`
   * characters: for a key field whose first reading is doubtful.
   * @param box - the region in normalised page coordinates (0–1, top-left origin), as in the page model.
   * @throws as {@link recognize}.
   */
  recognizeRegion(image: Uint8Array, box: BBox, opts?: OcrRegionOptions): Promise<OcrRegionResult>;
  /** Terminate all workers; queued and running jobs reject with `CANCELLED`. Idempotent. */
  close(): Promise<void>;
  /** Maximum number of workers (concurrent recognitions). */
  readonly size: number;
}

/** Minimal structured logger (pino-compatible). */
export interface OcrLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link createOcrPool}. */
export interface OcrPoolOptions {
  /** Number of workers; default `os.availableParallelism()`. Each costs ~50–85 MB. */
  size?: number;
  logger?: OcrLogger;
  /**
   * Images declaring more pixels are refused with `IMAGE_TOO_LARGE` (unrecognisable headers with
   * `CORRUPT_FILE`) before they are queued; default {@link DEFAULT_MAX_PIXELS}. Ignored when `admit` is given.
   */
  maxPixels?: number;
  /**
   * The admission check every image passes before it is queued: throws (an {@link ExtractionError})
   * to refuse it. Default: {@link assertImageWithinLimits} with `maxPixels`.
   */
  admit?: (image: Uint8Array) => void;
  /** Default per-recognition budget; default 60 s. */
  defaultTimeoutMs?: number;
  /**
   * Prepare whole pages with {@link pageInputForOcr} (greyscale, contrast, scale) before tesseract reads
   * them; default true. false hands tesseract the original bytes: it exists so `npm run bench:ocr` can
   * report what the preparation costs, not as a service setting.
   */
  prepare?: boolean;
  /**
   * Preparation options for whole pages (default: the preparer's `DEFAULT_OCR_PREP`): for measuring a variant
   * (`npm run eval:fields` with `FOLIO_OCR_PREP`), not a service setting.
   */
  prepareOptions?: OcrPrepOptions;
  /**
   * tesseract's `thresholding_method` for whole pages: 0 (default) global Otsu, 1 adaptive (tiled) Otsu,
   * 2 Sauvola; the same for both engines. For measuring (`bench/ocr-photo.bench.ts`), not a service setting.
   */
  thresholdingMethod?: ThresholdingMethod;
  /**
   * `wasm` (default): tesseract.js workers in this process. `native`: the system's `tesseract` CLI
   * (ocr.native.ts), one process per recognition on Folio's own model, `size` at a time; it needs
   * preparation (it is only handed the preparer's PGM), so an image sharp cannot decode fails with
   * `CORRUPT_FILE` instead of being tried by leptonica.
   */
  engine?: OcrEngine;
  /**
   * A whole page read below this mean word confidence is read again with {@link UNSURE_PAGE_PSM}; default
   * {@link UNSURE_PAGE_CONFIDENCE}, 0 never (`OCR_UNSURE_PAGE_CONFIDENCE`). Only prepared pages.
   */
  unsurePageConfidence?: number;
  /**
   * After a whole page is read, at most this many regions of text-like ink that no word read covers are read
   * again as single lines and their surely read words added to the page (ocr.ink.ts; `OCR_INK_MAX_REGIONS`);
   * default {@link DEFAULT_INK_REGIONS}, 0 never. Only prepared pages.
   */
  inkRegions?: number;
  /**
   * Read a page whose upright read is unsure or nearly empty while it holds print at other quarter turns too, and
   * keep the best read (ocr.orient.ts); default true. false reads every page upright only: for measuring what the
   * turns cost and gain, not a service setting. Only prepared pages.
   */
  orient?: boolean;
}

/** Page segmentation mode of an ink region's read: one line (psm 7); psm 6 read the same, more slowly. */
export const INK_REGION_PSM = Tesseract.PSM.SINGLE_LINE;

/** tesseract's binarisation of a page: global Otsu, adaptive Otsu, Sauvola. */
export type ThresholdingMethod = 0 | 1 | 2;

/** Which tesseract runs the recognitions (see {@link OcrPoolOptions.engine}). */
export type OcrEngine = "wasm" | "native";

/**
 * 50 megapixels: a 600 dpi A4 scan (~35 MP) passes; leptonica keeps images at
 * 32 bits/pixel plus grey and binary copies, so this already means ~300 MB of
 * WASM memory for one image.
 */
export const DEFAULT_MAX_PIXELS = 50_000_000;
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Init-time engine parameters. tesseract prints its diagnostics to stdout
 * ("Estimating resolution as 310", a histogram dump for an empty re-read
 * band, "Image too small to scale!!"): in a worker they land in the
 * service's log as unstructured lines, one or more per page. They say nothing
 * a caller can act on — failures still reject the job — so they go to
 * /dev/null (the WASM file system has one).
 */
export const ENGINE_INIT_CONFIG: Readonly<Record<string, string>> = { debug_file: "/dev/null" };

// ---------------------------------------------------------------------------
// Worker pool
// ---------------------------------------------------------------------------

/** What a queued job reads: a whole page, or one region of it. */
type JobTask =
  | { kind: "page"; pageNumber: number }
  | { kind: "region"; box: BBox; whitelist: string; padding: number; block: boolean; lang: OcrLanguage; level?: PreparedGeometry; fromPrepared: boolean; turn: QuarterTurn };

interface Job {
  image: Uint8Array;
  task: JobTask;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve: (r: OcrPageResult | OcrRegionResult) => void;
  reject: (e: Error) => void;
  onAbort?: () => void;
}

interface Slot {
  id: number;
  /** null: no worker (never started, or terminated); the next job creates one. */
  worker: Promise<Tesseract.Worker> | null;
  busy: boolean;
  /** Bumped whenever the worker is replaced, so late events of an old worker are ignored. */
  generation: number;
  /** Fails the running job when the worker thread dies under it. */
  onCrash: ((err: Error) => void) | null;
  /** The model the slot's worker is initialised with: `eng` when started, switched for a region that asks for another. */
  lang: OcrLanguage;
}

/** tesseract.js rejects with strings; normalise for messages and causes. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class TesseractPool implements OcrPool {
  readonly size: number;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly admit: (image: Uint8Array) => void;
  private readonly defaultTimeoutMs: number;
  private readonly logger?: OcrLogger;
  private readonly prepare: boolean;
  private readonly prepareOptions: OcrPrepOptions;
  private readonly thresholdingMethod: ThresholdingMethod;
  private readonly unsurePageConfidence: number;
  private readonly inkRegions: number;
  private readonly engine: OcrEngine;
  private readonly orient: boolean;
  /** Running native recognitions, aborted by {@link close}. */
  private readonly nativeRuns = new Set<AbortController>();
  private closed = false;

  /** True once {@link close} has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  constructor(opts: OcrPoolOptions) {
    const size = opts.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`OCR pool size must be a positive integer, got ${size}`);
    this.size = size;
    const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.admit = opts.admit ?? ((image) => void assertImageWithinLimits(image, maxPixels));
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = opts.logger;
    this.prepare = opts.prepare ?? true;
    this.prepareOptions = opts.prepareOptions ?? {};
    this.thresholdingMethod = opts.thresholdingMethod ?? 0;
    this.unsurePageConfidence = opts.unsurePageConfidence ?? UNSURE_PAGE_CONFIDENCE;
    this.inkRegions = opts.inkRegions ?? DEFAULT_INK_REGIONS;
    if (!Number.isInteger(this.inkRegions) || this.inkRegions < 0) throw new RangeError(`inkRegions must be a non-negative integer, got ${this.inkRegions}`);
    this.engine = opts.engine ?? "wasm";
    this.orient = opts.orient ?? true;
    if (this.engine === "native" && !this.prepare) throw new RangeError("the native OCR engine needs prepared images (prepare: true)");
    this.slots = Array.from({ length: size }, (_, id) => ({ id, worker: null, busy: false, generation: 0, onCrash: null, lang: "eng" as OcrLanguage }));
  }

  recognize(image: Uint8Array, opts: OcrRecognizeOptions & { pageNumber?: number } = {}): Promise<OcrPageResult> {
    return this.enqueue(image, { kind: "page", pageNumber: opts.pageNumber ?? 1 }, opts) as Promise<OcrPageResult>;
  }

  recognizeRegion(image: Uint8Array, box: BBox, opts: OcrRegionOptions = {}): Promise<OcrRegionResult> {
    const valid = [box.x0, box.y0, box.x1, box.y1].every((v) => Number.isFinite(v) && v >= 0 && v <= 1) && box.x1 > box.x0 && box.y1 > box.y0;
    if (!valid) return Promise.reject(new RangeError(`box must lie within 0–1 with x1 > x0 and y1 > y0, got ${JSON.stringify(box)}`));
    if (opts.turn !== undefined && ![0, 90, 180, 270].includes(opts.turn)) return Promise.reject(new RangeError(`turn must be 0, 90, 180 or 270, got ${String(opts.turn)}`));
    if (opts.lang !== undefined && !OCR_LANGUAGES.includes(opts.lang)) return Promise.reject(new RangeError(`lang must be one of ${OCR_LANGUAGES.join(", ")}, got ${String(opts.lang)}`));
    const task: JobTask = { kind: "region", box, whitelist: opts.whitelist ?? "", padding: opts.padding ?? 0.25, block: opts.block ?? false, lang: opts.lang ?? "eng", ...(opts.level ? { level: opts.level } : {}), fromPrepared: opts.fromPrepared ?? true, turn: opts.turn ?? 0 };
    return this.enqueue(image, task, opts) as Promise<OcrRegionResult>;
  }

  private enqueue(image: Uint8Array, task: JobTask, opts: OcrRecognizeOptions): Promise<OcrPageResult | OcrRegionResult> {
    if (this.closed) return Promise.reject(new Error("The OCR pool is closed."));
    if (!(image instanceof Uint8Array)) return Promise.reject(new TypeError("image must be a Uint8Array"));
    if (opts.signal?.aborted) return Promise.reject(new ExtractionError("CANCELLED", "OCR was cancelled."));
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`));
    }
    try {
      this.admit(image);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<OcrPageResult | OcrRegionResult>((resolve, reject) => {
      const job: Job = { image, task, timeoutMs, signal: opts.signal, resolve, reject };
      if (opts.signal) {
        // While queued, cancelling just drops the job; once running, run() takes over.
        job.onAbort = () => {
          const i = this.queue.indexOf(job);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(new ExtractionError("CANCELLED", "OCR was cancelled."));
          }
        };
        opts.signal.addEventListener("abort", job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      if (job.onAbort) job.signal?.removeEventListener("abort", job.onAbort);
      job.reject(new ExtractionError("CANCELLED", "The OCR pool was closed."));
    }
    for (const run of this.nativeRuns) run.abort(new ExtractionError("CANCELLED", "The OCR pool was closed."));
    await Promise.all(this.slots.map((slot) => this.retire(slot, new ExtractionError("CANCELLED", "The OCR pool was closed."))));
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.busy);
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.busy = true;
      void this.run(slot, job).finally(() => {
        slot.busy = false;
        this.dispatch();
      });
    }
  }

  private spawn(slot: Slot): Promise<Tesseract.Worker> {
    const generation = ++slot.generation;
    const started = Date.now();
    slot.lang = "eng";
    const p = modelDirectory("gz").then((langPath) => Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: "none",
      // Required: without it tesseract.js rethrows job failures as uncaught exceptions.
      errorHandler: (err: unknown) => this.logger?.debug({ slot: slot.id, err: messageOf(err) }, "tesseract job failed"),
    }, ENGINE_INIT_CONFIG)).then((worker) => {
      // The thread behind the worker: tesseract.js does not watch it, so a
      // crash (e.g. WASM abort on memory) would leave the job pending forever.
      const thread = (worker as Tesseract.Worker & { worker?: NodeWorker }).worker;
      const crashed = (why: string) => {
        if (slot.generation !== generation) return;
        this.logger?.warn({ slot: slot.id, why }, "tesseract worker died; replacing it");
        slot.worker = null;
        slot.onCrash?.(new ExtractionError("RESOURCE_LIMIT", `The OCR engine crashed on this image (${why}).`));
      };
      thread?.on("error", (err) => crashed(messageOf(err)));
      thread?.on("exit", (code) => crashed(`exit code ${code}`));
      this.logger?.debug({ slot: slot.id, ms: Date.now() - started }, "tesseract worker ready");
      return worker;
    });
    slot.worker = p;
    // A failed start is reported to the job that awaits it; the slot retries on the next job.
    p.catch(() => {
      if (slot.generation === generation) slot.worker = null;
    });
    return p;
  }

  /** Terminate a slot's worker (if any) and reject what it is running. */
  private async retire(slot: Slot, reason?: Error): Promise<void> {
    slot.generation += 1;
    const old = slot.worker;
    slot.worker = null;
    if (reason) slot.onCrash?.(reason);
    slot.onCrash = null;
    if (!old) return;
    try {
      await (await old).terminate();
    } catch {
      // Already dead or never started: nothing to stop.
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    if (job.onAbort) job.signal?.removeEventListener("abort", job.onAbort);
    if (job.signal?.aborted) return job.reject(new ExtractionError("CANCELLED", "OCR was cancelled."));
    if (this.engine === "native") return this.runNative(job);

    let worker: Tesseract.Worker;
    try {
      worker = await (slot.worker ?? this.spawn(slot));
    } catch (err) {
      // Not the image's fault (missing traineddata, no memory for a thread…): retryable.
      return job.reject(new Error(`Could not start the OCR engine: ${messageOf(err)}`, { cause: err }));
    }
    if (this.closed) return job.reject(new ExtractionError("CANCELLED", "The OCR pool was closed."));

    await new Promise<void>((done) => {
      let finished = false;
      const finish = (outcome: { ok: true; value: OcrPageResult | OcrRegionResult } | { ok: false; error: Error }, replace: boolean) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        job.signal?.removeEventListener("abort", onAbort);
        slot.onCrash = null;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
        if (replace) {
          // tesseract cannot interrupt a recognition: the only way to get the
          // core back is to terminate the thread. A fresh worker is started
          // right away so the next job does not pay for it.
          void this.retire(slot).then(() => {
            // A job may already have started a replacement in the meantime.
            if (!this.closed && slot.worker === null) this.spawn(slot).catch(() => undefined);
          });
        }
        done();
      };

      const timer = setTimeout(() => {
        finish(
          { ok: false, error: new ExtractionError("PROCESSING_TIMEOUT", `OCR did not finish within ${job.timeoutMs} ms and was stopped.`) },
          true,
        );
      }, job.timeoutMs);
      const onAbort = () => finish({ ok: false, error: new ExtractionError("CANCELLED", "OCR was cancelled.") }, true);
      job.signal?.addEventListener("abort", onAbort, { once: true });
      slot.onCrash = (err) => finish({ ok: false, error: err }, false);

      // A worker reads with one model at a time: a job that needs another re-initialises it (~0.1–0.2 s; tesseract
      // keeps the loaded models, and the job's parameters are set after the switch).
      let switchFailed = false;
      const useLang = async (lang: OcrLanguage): Promise<void> => {
        if (slot.lang === lang) return;
        try {
          await worker.reinitialize(lang, Tesseract.OEM.LSTM_ONLY, ENGINE_INIT_CONFIG);
        } catch (err) {
          switchFailed = true;
          throw err;
        }
        slot.lang = lang;
      };
      read(worker, job, this.prepare ? this.prepareOptions : null, this.thresholdingMethod, this.unsurePageConfidence, this.inkRegions, this.orient, () => !finished, useLang).then(
        (value) => finish({ ok: true, value }, false),
        (err: unknown) => {
          // A failed model switch leaves the worker's engine in an unknown state (tesseract.js ends the old one
          // first): the worker is replaced, and the job fails as the engine's fault (retryable), not the image's.
          if (switchFailed) return finish({ ok: false, error: new Error(`Could not switch the OCR model: ${messageOf(err)}`, { cause: err }) }, true);
          // Typically "Error attempting to read image." from leptonica.
          finish(
            {
              ok: false,
              error: new ExtractionError("CORRUPT_FILE", `The image could not be decoded for OCR (${messageOf(err)}).`, {
                cause: err,
              }),
            },
            false,
          );
        },
      );
    });
  }

  /** A native recognition: its own process, killed on timeout, cancellation or close. */
  private async runNative(job: Job): Promise<void> {
    const run = new AbortController();
    const onAbort = () => run.abort(new ExtractionError("CANCELLED", "OCR was cancelled."));
    job.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(
      () => run.abort(new ExtractionError("PROCESSING_TIMEOUT", `OCR did not finish within ${job.timeoutMs} ms and was stopped.`)),
      job.timeoutMs,
    );
    this.nativeRuns.add(run);
    try {
      job.resolve(await readNative(job, run.signal, this.prepareOptions, this.thresholdingMethod, this.unsurePageConfidence, this.inkRegions, this.orient));
    } catch (err) {
      job.reject(err instanceof Error ? err : new Error(messageOf(err)));
    } finally {
      clearTimeout(timer);
      job.signal?.removeEventListener("abort", onAbort);
      this.nativeRuns.delete(run);
    }
  }
}

/**
 * The only output read: the block tree with words, boxes and confidences. tesseract.js also
 * renders the plain text by default (`text: true`), a second walk over the results; the page
 * text is built from the words (page.builder.ts), so that walk is skipped.
 */
const WORDS_ONLY: Partial<Tesseract.OutputFormats> = { blocks: true, text: false };

/**
 * A page read as nearly empty is read again binarised just below the paper's
 * grey ({@link fadedPrintThreshold}): the pixels for that second read, or null
 * when the first read found text, the caller chose a threshold itself, or the
 * page shows no paper to measure. Same size and scale as the first input.
 */
function fadedPrintInput(prepare: OcrPrepOptions, firstInput: Buffer, first: PageModel): Buffer | null {
  if (prepare.threshold !== undefined || first.text.replace(/\s/g, "").length >= NEARLY_EMPTY_PAGE_CHARS) return null;
  const threshold = fadedPrintThreshold(firstInput);
  return threshold === null ? null : binarisedPgm(firstInput, threshold);
}

/**
 * True when a page's first read is unsure enough to read it again with {@link UNSURE_PAGE_PSM}: its mean
 * word confidence is below `unsureBelow` (0: never), and it found text (a nearly empty page is the
 * faded-print read's case).
 */
export function wantsSecondLayout(page: PageModel, unsureBelow: number): boolean {
  return unsureBelow > 0 && page.confidence < unsureBelow && page.text.replace(/\s/g, "").length >= NEARLY_EMPTY_PAGE_CHARS;
}

/**
 * True when a second read of a page is likely to finish within its budget: the
 * first took at most 40 % of it. A second read is an improvement, never a reason
 * for a page that was read to fail with `PROCESSING_TIMEOUT`.
 */
export function secondReadFits(spentMs: number, timeoutMs: number): boolean {
  return spentMs <= 0.4 * timeoutMs;
}

/** How one engine prepares and reads a whole page, for {@link readWholePage}. */
interface PageEngine {
  /** The page's input, turned `turn` degrees clockwise (see {@link QuarterTurn}); throws as the engine's job does. */
  prepare(turn: QuarterTurn): Promise<OcrPageInput>;
  /** Reads prepared pixels with a page segmentation mode. */
  recognize(data: Buffer, psm: number): Promise<OcrBlockTree>;
  /** Reads one line of uncovered ink (ocr.ink.ts). */
  readLine: LineReader;
  /** False when a further read would likely not fit the job's budget; throws once the job is cancelled or timed out. */
  mayRead(): boolean;
  /** True when a failed ink read must end the job (it was cancelled or timed out) rather than keep the page. */
  failedInkEnds(): boolean;
}

/** One read of a page at one turn: its input, the frame its words were grouped in, and the page. */
interface TurnRead {
  turn: QuarterTurn;
  input: OcrPageInput;
  reading: ReadingFrame;
  frame: { page: number; width: number; height: number; source: "ocr" };
  page: PageModel;
  raw: RawWord[];
}

/**
 * A whole page, read by either engine: upright first (and once more binarised when that read found next to nothing,
 * see {@link fadedPrintInput}); a prepared page whose read is unsure or nearly empty while it holds print is read at
 * other quarter turns too (ocr.orient.ts), the best read kept; an unsure page read again with another layout
 * ({@link UNSURE_PAGE_PSM}); uncovered ink read line by line. The page model describes the page as read, upright:
 * a turned page's words, lines and boxes lie on the turned image, and `rotation` records the turn.
 */
async function readWholePage(
  engine: PageEngine,
  image: Uint8Array,
  pageNumber: number,
  o: { prepare: OcrPrepOptions | null; unsureBelow: number; inkRegions: number; orient: boolean; started: number; timeoutMs: number },
): Promise<OcrPageResult> {
  const { prepare } = o;
  const readAt = async (turn: QuarterTurn, input?: OcrPageInput): Promise<TurnRead> => {
    const at = input ?? (await engine.prepare(turn));
    // Words are grouped on the level page and mapped to the original at the end (ocr.frame.ts).
    const reading = readingFrame(at.geometry, at.scale, at.pageWidth, at.pageHeight);
    const frame = { page: pageNumber, width: reading.width, height: reading.height, source: "ocr" as const };
    const raw = ocrWords(await recognizeInput(engine, at, at.data, Number(PAGE_PSM)), reading.geometry);
    return { turn, input: at, reading, frame, page: buildPage(raw, frame), raw };
  };
  const reread = async (base: TurnRead, data: Buffer, psm: number): Promise<TurnRead> => {
    const raw = ocrWords(await recognizeInput(engine, base.input, data, psm), base.reading.geometry);
    return { ...base, page: buildPage(raw, base.frame), raw };
  };
  let best = await readAt(0);
  const faded = prepare ? fadedPrintInput(prepare, best.input.data, best.page) : null;
  if (faded) {
    const second = await reread(best, faded, Number(PAGE_PSM));
    if (betterRead(best.page, second.page) === second.page) best = second;
  }
  const turnsTried: QuarterTurn[] = [0];
  const sureAbove = o.unsureBelow > 0 ? o.unsureBelow : UNSURE_PAGE_CONFIDENCE;
  if (prepare && o.orient && !sureRead(best.page, sureAbove) && engine.mayRead()) {
    // Measured only here: an upright page read surely pays nothing for orientation.
    const px = pgmPixels(best.input.data);
    const estimate: OrientationEstimate = px ? estimateOrientation(px.data, px.width, px.height) : { axis: "unknown", logRatio: 0, darkPixels: 0 };
    if (estimate.axis !== "unknown") {
      for (const turn of turnOrder(estimate)) {
        if (!worthTurn(turn, best.page, estimate, sureAbove) || !engine.mayRead()) break;
        const turned = await readAt(turn);
        turnsTried.push(turn);
        if (betterRead(best.page, turned.page) === turned.page) best = turned;
      }
    }
  }
  const { input, reading } = best;
  if (prepare) rememberPrepared(image, { pgm: input.data, scale: input.scale, flattened: input.flattened === true, ...(input.geometry ? { geometry: input.geometry } : {}), turn: best.turn });
  const tried: number[] = [Number(PAGE_PSM)];
  let kept = Number(PAGE_PSM);
  if (prepare && wantsSecondLayout(best.page, o.unsureBelow) && secondReadFits(performance.now() - o.started, o.timeoutMs) && engine.mayRead()) {
    const second = await reread(best, input.data, Number(UNSURE_PAGE_PSM));
    tried.push(Number(UNSURE_PAGE_PSM));
    if (betterRead(best.page, second.page) === second.page) [best, kept] = [second, Number(UNSURE_PAGE_PSM)];
  }
  let page = best.page;
  let ink: InkReport = { regions: 0, words: 0 };
  if (prepare && input.geometry && o.inkRegions > 0) {
    const found = await readUncoveredInk({ pgm: input.data, geometry: levelGeometry(reading, input.geometry) }, best.raw, engine.readLine, {
      maxRegions: o.inkRegions,
      mayRead: () => engine.mayRead(),
    }).catch((err: unknown) => {
      // An improvement, never a reason for a page that was read to fail; a cancellation still ends the job.
      if (engine.failedInkEnds()) throw err;
      return null;
    });
    if (found) {
      ink = found.report;
      if (found.words.length > 0) page = buildPage([...best.raw, ...found.words], best.frame);
    }
  }
  const turned = (p: PageModel): PageModel => (best.turn === 0 ? p : { ...p, rotation: best.turn });
  const turns = { tried: turnsTried, kept: best.turn };
  if (reading.levelled && input.geometry) {
    const original = turned(pageToOriginal(page, input.geometry, input.pageWidth, input.pageHeight));
    const level: LevelledPage = { page: turned(page), geometry: input.geometry, pageWidth: input.pageWidth, pageHeight: input.pageHeight };
    return { text: original.text, confidence: original.confidence, page: original, layout: { tried, kept }, turns, ink, level };
  }
  page = turned(page);
  return { text: page.text, confidence: page.confidence, page, layout: { tried, kept }, turns, ink };
}

/**
 * Reads `data` (the input's prepared PGM, or a binarised copy of it) with the engine: only the input's paper when the
 * preparation found it ({@link OcrPageInput.crop}), its words then shifted back into the whole prepared page's pixels,
 * the frame every later step (line grouping, the ink step, re-read crops) works in.
 */
async function recognizeInput(engine: PageEngine, input: OcrPageInput, data: Buffer, psm: number): Promise<OcrBlockTree> {
  const crop = input.crop;
  const px = crop ? pgmPixels(data) : null;
  if (!crop || !px) return engine.recognize(data, psm);
  return shiftedTree(await engine.recognize(toPgm(cropPixels(px.data, px.width, crop), crop.width, crop.height), psm), crop.x, crop.y);
}

/** A page handed to tesseract as it came (no preparation): boxes are in its own pixels. */
function unpreparedInput(image: Uint8Array): OcrPageInput {
  const size = readImageSize(image) ?? { width: 1, height: 1 };
  return { data: Buffer.from(image), scale: 1, pageWidth: size.width, pageHeight: size.height };
}

/**
 * Runs one job on a worker: parameters for its kind, recognition, words → result.
 * `wanted` turns false once the job timed out or was cancelled: its worker is then
 * being terminated, and a call into it would reject outside any caller's reach.
 */
async function read(
  worker: Tesseract.Worker,
  job: Job,
  prepare: OcrPrepOptions | null,
  thresholding: ThresholdingMethod,
  unsureBelow: number,
  inkRegions: number,
  orient: boolean,
  wanted: () => boolean,
  useLang: (lang: OcrLanguage) => Promise<void>,
): Promise<OcrPageResult | OcrRegionResult> {
  const task = job.task;
  if (task.kind === "page") {
    const started = performance.now();
    const cancelled = (what: string) => {
      if (!wanted()) throw new ExtractionError("CANCELLED", `OCR was abandoned ${what}.`);
    };
    let psmSet = -1;
    const engine: PageEngine = {
      prepare: async (turn) => {
        const input = prepare ? await pageInputForOcr(job.image, prepare, turn) : unpreparedInput(job.image);
        cancelled("while its image was prepared");
        if (psmSet < 0) {
          await useLang("eng");
          cancelled("before recognition started");
          // Every job sets every parameter it depends on: workers serve both kinds.
          await worker.setParameters({ tessedit_pageseg_mode: PAGE_PSM, tessedit_char_whitelist: "", thresholding_method: String(thresholding) });
          psmSet = Number(PAGE_PSM);
        }
        return input;
      },
      recognize: async (data, psm) => {
        // Cancelled while the parameters were set: the worker may be terminated already, and tesseract.js calls into a
        // terminated worker with a TypeError no caller can catch.
        cancelled("before recognition started");
        if (psm !== psmSet) {
          await worker.setParameters({ tessedit_pageseg_mode: String(psm) as Tesseract.PSM });
          psmSet = psm;
          cancelled("before its second read");
        }
        return (await worker.recognize(data, {}, WORDS_ONLY)).data;
      },
      readLine: async (pgm) => {
        cancelled("before an ink region was read");
        await worker.setParameters({ tessedit_pageseg_mode: INK_REGION_PSM, tessedit_char_whitelist: "" });
        psmSet = Number(INK_REGION_PSM);
        cancelled("before an ink region was read");
        return (await worker.recognize(pgm, {}, WORDS_ONLY)).data;
      },
      mayRead: () => {
        cancelled("before a further read");
        return secondReadFits(performance.now() - started, job.timeoutMs);
      },
      failedInkEnds: () => !wanted(),
    };
    return readWholePage(engine, job.image, task.pageNumber, { prepare, unsureBelow, inkRegions, orient, started, timeoutMs: job.timeoutMs });
  }
  const prep = await prepareRegion(job.image, regionOf(task), undefined, task.level, { prepared: preparedCrop(preparedPages.get(job.image), task.fromPrepared, task.level, task.turn), turn: task.turn });
  if (!wanted()) throw new ExtractionError("CANCELLED", "OCR was abandoned while its region was prepared.");
  await useLang(task.lang);
  if (!wanted()) throw new ExtractionError("CANCELLED", "OCR was abandoned before recognition started.");
  await worker.setParameters({ tessedit_pageseg_mode: regionPsm(task), tessedit_char_whitelist: task.whitelist, thresholding_method: "0" });
  if (!wanted()) throw new ExtractionError("CANCELLED", "OCR was abandoned before recognition started.");
  const res = await worker.recognize(prep.data, {}, WORDS_ONLY);
  return regionResult(prep, res.data);
}

/** A page as the pool prepared it for a read, kept for region jobs on the same bytes (see {@link preparedCrop}). */
export interface PreparedPageMemo {
  /** The prepared PGM. */
  pgm: Buffer;
  geometry?: PreparedGeometry;
  /** Prepared px per original px. */
  scale: number;
  /** The preparation flattened the page's lighting (a photo). */
  flattened: boolean;
  /** The quarter turn the page was prepared at (its model's `rotation`); absent: 0. */
  turn?: QuarterTurn;
}

/**
 * The page last prepared from each bytes object, keyed by the bytes object itself (as the decode of
 * ocr-image.preparer.ts is), so nothing outlives the page's job.
 */
const preparedPages = new WeakMap<Uint8Array, PreparedPageMemo>();

function rememberPrepared(image: Uint8Array, memo: PreparedPageMemo): void {
  // Only a flattened page's re-reads are cut from its prepared pixels (preparedCrop): a scan's page-sized PGM
  // would be held for nothing while its re-reads run.
  if (memo.flattened) preparedPages.set(image, memo);
  else preparedPages.delete(image);
}

/**
 * The prepared pixels a region job is cut from (see {@link OcrRegionOptions.fromPrepared}), or undefined for the
 * original image: only a page whose lighting was flattened (a scan is cut from the original, as before), only when
 * asked, and only when the prepared pixels are in the frame the job's box is given in — the levelled frame of the
 * job's `level` for a rotated page, the original's for one that was not rotated.
 */
export function preparedCrop(page: PreparedPageMemo | undefined, fromPrepared: boolean, level?: PreparedGeometry, turn: QuarterTurn = 0): PreparedPageSource | undefined {
  if (!fromPrepared || !page?.flattened) return undefined;
  // Pixels prepared at another turn are another frame than the one the region is given in.
  if ((page.turn ?? 0) !== turn) return undefined;
  if ((page.geometry?.rotation ?? 0) !== (level?.rotation ?? 0)) return undefined;
  const px = pgmPixels(page.pgm);
  return px ? { data: px.data, width: px.width, height: px.height, scale: page.scale } : undefined;
}

/** Page segmentation mode of a region job: one line (psm 7), or a block of lines (psm 6) when asked. */
function regionPsm(task: Extract<JobTask, { kind: "region" }>): Tesseract.PSM {
  return task.block ? Tesseract.PSM.SINGLE_BLOCK : Tesseract.PSM.SINGLE_LINE;
}

/** The padded crop of a region job, in pixels of the (rotated) image. */
function regionOf(task: Extract<JobTask, { kind: "region" }>): (w: number, h: number) => PixelRegion {
  const { box, padding } = task;
  return (w, h) => {
    const pad = (box.y1 - box.y0) * h * padding;
    return { left: box.x0 * w - pad, top: box.y0 * h - pad, width: (box.x1 - box.x0) * w + 2 * pad, height: (box.y1 - box.y0) * h + 2 * pad };
  };
}

/** Words read on an enlarged crop, mapped back to the whole image. */
function regionResult(prep: PreparedRegion, tree: OcrBlockTree): OcrRegionResult {
  const W = prep.originalWidth;
  const H = prep.originalHeight;
  // Boxes on the enlarged crop → the image: crop origin + (px − margin) / scale.
  const toX = (x: number) => clamp01((prep.origin.x + (x - prep.margin) / prep.scale) / W);
  const toY = (y: number) => clamp01((prep.origin.y + (y - prep.margin) / prep.scale) / H);
  const words = ocrWords(tree)
    .map((w) => ({ ...w, text: stripUnstorable(w.text).trim() }))
    .filter((w) => w.text)
    .map((w) => ({ text: w.text, confidence: w.confidence, box: { x0: toX(w.x0), y0: toY(w.y0), x1: toX(w.x1), y1: toY(w.y1) } }));
  const confidence = words.length ? words.reduce((n, w) => n + w.confidence, 0) / words.length : 0;
  return { text: words.map((w) => w.text).join(" "), confidence, words };
}

/** {@link read} for the native engine: same preparation, same words → result mapping. */
async function readNative(
  job: Job,
  signal: AbortSignal,
  prepareOptions: OcrPrepOptions,
  thresholding: ThresholdingMethod,
  unsureBelow: number,
  inkRegions: number,
  orient: boolean,
): Promise<OcrPageResult | OcrRegionResult> {
  const task = job.task;
  const tessdataDir = await nativeModelDir();
  if (task.kind === "page") {
    const started = performance.now();
    const engine: PageEngine = {
      prepare: async (turn) => {
        let prep: PreparedImage;
        try {
          prep = await prepareForOcr(job.image, prepareOptions, turn);
        } catch (err) {
          throw new ExtractionError("CORRUPT_FILE", `The image could not be decoded for OCR (${messageOf(err)}).`, { cause: err });
        }
        return { data: prep.data, scale: prep.scale, ...(prep.geometry ? { geometry: prep.geometry } : {}), pageWidth: prep.originalWidth, pageHeight: prep.originalHeight, flattened: prep.flattened === true, ...(prep.crop ? { crop: prep.crop } : {}) };
      },
      recognize: (data, psm) => recognizeNative(data, { psm, tessdataDir, signal, thresholdingMethod: thresholding, lang: "eng" }),
      readLine: (pgm) => recognizeNative(pgm, { psm: Number(INK_REGION_PSM), tessdataDir, signal, lang: "eng" }),
      mayRead: () => {
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new ExtractionError("CANCELLED", "OCR was cancelled.");
        return secondReadFits(performance.now() - started, job.timeoutMs);
      },
      // As for the WASM engine: a failed ink read keeps the page as read, a cancellation or timeout ends the job.
      failedInkEnds: () => signal.aborted,
    };
    return readWholePage(engine, job.image, task.pageNumber, { prepare: prepareOptions, unsureBelow, inkRegions, orient, started, timeoutMs: job.timeoutMs });
  }
  let prep: PreparedRegion;
  try {
    prep = await prepareRegion(job.image, regionOf(task), undefined, task.level, { prepared: preparedCrop(preparedPages.get(job.image), task.fromPrepared, task.level, task.turn), turn: task.turn });
  } catch (err) {
    throw new ExtractionError("CORRUPT_FILE", `The image could not be decoded for OCR (${messageOf(err)}).`, { cause: err });
  }
  const res = await recognizeNative(prep.data, { psm: Number(regionPsm(task)), whitelist: task.whitelist, tessdataDir, signal, lang: task.lang });
  return regionResult(prep, res);
}

/** The geometry the ink step maps with: the reading frame's when the page is read level, so its words join the level page. */
function levelGeometry(reading: ReadingFrame, geometry: PreparedGeometry): PreparedGeometry {
  return typeof reading.geometry === "number" ? geometry : reading.geometry;
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/**
 * Re-read a region of an image with the shared pool (see
 * {@link OcrPool.recognizeRegion}); pass `pool` to use another one.
 */
export function recognizeRegion(
  image: Uint8Array,
  box: BBox,
  opts: OcrRegionOptions & { pool?: OcrPool } = {},
): Promise<OcrRegionResult> {
  return (opts.pool ?? getSharedOcrPool()).recognizeRegion(image, box, opts);
}

/**
 * Create a pool of up to `size` tesseract workers (English, LSTM, offline
 * traineddata; German for regions that ask for it). Workers are started on first use and reused; call
 * {@link OcrPool.close} on shutdown. Prefer {@link getSharedOcrPool} in the
 * service so there is one pool per process.
 */
export function createOcrPool(opts: OcrPoolOptions = {}): OcrPool {
  return new TesseractPool(opts);
}

let shared: TesseractPool | null = null;

/**
 * The process-wide pool, created on first call (later calls ignore `opts`).
 * After `close()` on it, the next call creates a new one.
 */
export function getSharedOcrPool(opts: OcrPoolOptions = {}): OcrPool {
  if (!shared || shared.isClosed) shared = new TesseractPool(opts);
  return shared;
}
