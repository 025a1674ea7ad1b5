/**
 * Loads the shared evaluation corpus as page models for the field evaluation,
 * through the same producers the pipeline uses: receipts from their per-line
 * ground-truth boxes (`NNN.box.csv`, through the page builder) or from the OCR
 * pool (prepared image, word boxes; page models cached under `.cache/ocr-pages/`),
 * invoices from their PDF text layer (the PDF adapter's page models).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { imageSize } from "image-size";
import { createHash } from "node:crypto";
import { DEFAULT_OCR_PREP, OCR_PREP_REVISION, type OcrPrepOptions } from "../../src/extraction/ocr-image.preparer.js";
import { TURN_NEARLY_EMPTY_CHARS, WEAK_READ_CONFIDENCE } from "../../src/extraction/ocr.orient.js";
import { createOcrPool, INK_REGION_PSM, PAGE_PSM, UNSURE_PAGE_CONFIDENCE, UNSURE_PAGE_PSM, type LevelledPage, type OcrPool } from "../../src/extraction/ocr.adapter.js";
import { DEFAULT_INK_REGIONS, INK_CONFIRMED_FLOOR, INK_GLYPH_TARGET_PX, INK_REGION_CONFIDENCE, INK_WORD_CONFIDENCE } from "../../src/extraction/ocr.ink.js";
import { rereadKeyRegions, type RegionReader, type RereadOptions, type RereadReport } from "../../src/extraction/ocr.reread.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";
import type { PageModel, RawWord } from "../../src/extraction/page/page.model.js";
import { closePdfChildren, extractPdfText } from "../../src/extraction/pdf.adapter.js";
import { CORPUS } from "../../test/support/corpus.js";

/** Root of the shared corpus (`FOLIO_CORPUS`, or `../shared/corpus` beside the repository: the tests' rule). */
export const CORPUS_DIR = CORPUS;
/** `OCR_ENGINE=native` reads with the system's tesseract (src/extraction/ocr.native.ts); its pages are cached apart. */
const OCR_ENGINE = process.env.OCR_ENGINE === "native" ? "native" : "wasm";
/**
 * `FOLIO_OCR_CACHE_DIR` puts the cache elsewhere: a variant of the preparation being measured
 * then neither reads nor writes the pages others are scoring.
 */
const CACHE_DIR = path.resolve(process.cwd(), process.env.FOLIO_OCR_CACHE_DIR || (OCR_ENGINE === "native" ? ".cache/ocr-pages-native" : ".cache/ocr-pages"));

/**
 * `OCR_UNSURE_PAGE_CONFIDENCE` as the service reads it (default the pool's): pages read below it are read again
 * with automatic layout analysis; `0` measures the pool without that second read.
 */
/**
 * `FOLIO_OCR_ORIENT=0`: pages are read upright only (no quarter turns for unsure pages, ocr.orient.ts), to measure
 * what the turns change; part of the cache key when on.
 */
const ORIENT = process.env.FOLIO_OCR_ORIENT !== "0";
const UNSURE_BELOW = process.env.OCR_UNSURE_PAGE_CONFIDENCE ? Number(process.env.OCR_UNSURE_PAGE_CONFIDENCE) : UNSURE_PAGE_CONFIDENCE;

/**
 * `OCR_INK_MAX_REGIONS` as the service reads it (default the pool's): inked regions no word covers read again per
 * page; `0` measures the pool without that step.
 */
const INK_REGIONS = process.env.OCR_INK_MAX_REGIONS ? Number(process.env.OCR_INK_MAX_REGIONS) : DEFAULT_INK_REGIONS;

/** A receipt's ground truth as the SROIE manifest writes it. */
export interface ReceiptTruth {
  file: string;
  company: string;
  date: string;
  address: string;
  total: string;
  ocr_lines: string;
}

/** An invoice's expected fields (invoice2data's comparison tests). */
export interface InvoiceTruth {
  file: string;
  kind: "pdf" | "png" | "txt";
  expected: { issuer?: string; amount?: number; amount_untaxed?: number; date?: string; invoice_number?: string; currency?: string; vat?: string };
}

export function receiptManifest(): ReceiptTruth[] {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, "receipts/manifest.json"), "utf8")) as ReceiptTruth[];
}

export function invoiceManifest(): InvoiceTruth[] {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, "invoices/manifest.json"), "utf8")) as InvoiceTruth[];
}

/**
 * A receipt page from its ground-truth line boxes. Each SROIE line is one box
 * (`x1,y1,…,x4,y4,TEXT`, the text may contain commas); its width is split
 * across the line's words in proportion to their length (spaces included).
 */
export function receiptPageFromBoxes(boxCsv: string, imageFile?: string): PageModel {
  const raw: RawWord[] = [];
  for (const row of readFileSync(boxCsv, "utf8").split(/\r?\n/)) {
    const parts = row.split(",");
    if (parts.length < 9) continue;
    const nums = parts.slice(0, 8).map(Number);
    const text = parts.slice(8).join(",");
    if (nums.some((n) => !Number.isFinite(n)) || text.trim() === "") continue;
    const xs = [nums[0], nums[2], nums[4], nums[6]] as number[];
    const ys = [nums[1], nums[3], nums[5], nums[7]] as number[];
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    const perChar = (x1 - x0) / Math.max(1, text.length);
    for (const m of text.matchAll(/\S+/g)) {
      if (m.index === undefined) continue;
      raw.push({ text: m[0], x0: x0 + m.index * perChar, x1: x0 + (m.index + m[0].length) * perChar, y0, y1, confidence: 1 });
    }
  }
  let width = Math.max(1, ...raw.map((w) => w.x1));
  let height = Math.max(1, ...raw.map((w) => w.y1));
  if (imageFile && existsSync(imageFile)) {
    const size = imageSize(readFileSync(imageFile));
    width = size.width ?? width;
    height = size.height ?? height;
  }
  return buildPage(raw, { page: 1, width, height, source: "ocr" });
}

/**
 * `FOLIO_OCR_PREP`: preparation options to measure instead of the defaults, as JSON
 * (e.g. `{"minWidth":800}`); part of the cache key like the defaults.
 */
const PREP_VARIANT = JSON.parse(process.env.FOLIO_OCR_PREP || "{}") as OcrPrepOptions;

/** An OCR'd page and how long OCR took. */
export interface OcrCacheEntry {
  page: PageModel;
  ms: number;
  /** The page as read on its levelled image, for a page rotated level (entries written before it lack it). */
  level?: LevelledPage;
}

let pool: OcrPool | null = null;

/**
 * The OCR settings a cached page was read with (page segmentation mode, image
 * preparation options and revision, the unsure pages' second layout, the uncovered ink's re-read): part of the cache key, so changing a setting re-runs OCR
 * instead of scoring stale pages.
 */
export const OCR_SETTINGS_KEY = createHash("sha1")
  .update(
    JSON.stringify({
      psm: PAGE_PSM,
      prep: { ...DEFAULT_OCR_PREP, ...PREP_VARIANT },
      ...(OCR_PREP_REVISION > 1 ? { revision: OCR_PREP_REVISION } : {}),
      // Absent when off, so caches read without the second layout stay valid.
      ...(UNSURE_BELOW > 0 ? { unsure: { below: UNSURE_BELOW, psm: UNSURE_PAGE_PSM } } : {}),
      // Absent when off, likewise; the step's thresholds are part of it (they change the words added).
      // Absent when off (FOLIO_OCR_ORIENT=0), so caches read upright only stay valid.
      ...(ORIENT ? { orient: { weak: WEAK_READ_CONFIDENCE, nearlyEmpty: TURN_NEARLY_EMPTY_CHARS, revision: 1 } } : {}),
      ...(INK_REGIONS > 0 ? { ink: { regions: INK_REGIONS, psm: INK_REGION_PSM, sure: INK_WORD_CONFIDENCE, floor: INK_CONFIRMED_FLOOR, region: INK_REGION_CONFIDENCE, glyphPx: INK_GLYPH_TARGET_PX, revision: 3 } } : {}),
    }),
  )
  .digest("hex")
  .slice(0, 10);

/** Stops the OCR pool and the warm PDF children, if any were started. */
export async function closeLoaders(): Promise<void> {
  await pool?.close();
  pool = null;
  await closePdfChildren();
}

/**
 * The page model the pipeline's OCR pool reads from an image, from the cache
 * when present. The cache key is the file name and {@link OCR_SETTINGS_KEY};
 * delete `.cache/ocr-pages` to re-run OCR with unchanged settings.
 */
export async function ocrPage(imageFile: string, useCacheOnly = false): Promise<OcrCacheEntry | null> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const key = path.join(CACHE_DIR, `${path.basename(path.dirname(imageFile))}-${path.basename(imageFile)}.${OCR_SETTINGS_KEY}.json`);
  if (existsSync(key)) return JSON.parse(readFileSync(key, "utf8")) as OcrCacheEntry;
  if (useCacheOnly) return null;
  pool ??= createOcrPool({ size: 1, engine: OCR_ENGINE, prepareOptions: PREP_VARIANT, unsurePageConfidence: UNSURE_BELOW, inkRegions: INK_REGIONS, orient: ORIENT });
  const started = performance.now();
  const result = await pool.recognize(new Uint8Array(readFileSync(imageFile)), { pageNumber: 1 });
  const entry: OcrCacheEntry = { page: result.page, ms: performance.now() - started, ...(result.level ? { level: result.level } : {}) };
  writeFileSync(key, JSON.stringify(entry));
  return entry;
}

/** The PDF adapter's page models (text-layer words with their boxes); the corpus files are trusted. */
export async function pdfPages(pdfFile: string): Promise<PageModel[]> {
  const res = await extractPdfText(pdfFile, { limits: { timeoutMs: 60_000, maxPages: 200, maxMemoryMb: 512, maxTextChars: 10_000_000 } });
  return res.models;
}

/**
 * A region reader that keeps each region's reading under `.cache/ocr-regions/`, keyed by the image's bytes, the
 * region, the read's options and {@link OCR_SETTINGS_KEY}: which regions are read is decided by the extractor (what
 * is being measured, so re-reads are never cached whole), but a region read once reads the same again. Not for
 * photos whose preparation flattens them: their regions are cut from the pool's memo of the page's last read,
 * which a cached page never made.
 */
function cachingReader(reader: RegionReader, image: Uint8Array): RegionReader {
  const dir = path.resolve(process.cwd(), ".cache/ocr-regions");
  mkdirSync(dir, { recursive: true });
  const imageKey = createHash("sha1").update(image).digest("hex");
  return {
    async recognizeRegion(img, box, opts = {}) {
      const { signal: _signal, timeoutMs: _timeoutMs, ...rest } = opts;
      const key = createHash("sha1").update(JSON.stringify({ imageKey, box, rest, settings: OCR_SETTINGS_KEY })).digest("hex").slice(0, 20);
      const file = path.join(dir, `${key}.json`);
      if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Awaited<ReturnType<RegionReader["recognizeRegion"]>>;
      const result = await reader.recognizeRegion(img, box, opts);
      writeFileSync(file, JSON.stringify(result));
      return result;
    },
  };
}

/**
 * Targeted re-OCR of an OCR'd page's doubtful key regions (never cached whole: it is what is being measured);
 * `cacheRegions` keeps each region's reading (see {@link cachingReader}).
 */
export async function rereadPage(imageFile: string, page: PageModel, opts: RereadOptions = {}, cacheRegions = false): Promise<{ page: PageModel; report: RereadReport }> {
  pool ??= createOcrPool({ size: 1, engine: OCR_ENGINE, prepareOptions: PREP_VARIANT, unsurePageConfidence: UNSURE_BELOW, inkRegions: INK_REGIONS, orient: ORIENT });
  const image = new Uint8Array(readFileSync(imageFile));
  return rereadKeyRegions(image, page, cacheRegions ? cachingReader(pool, image) : pool, opts);
}
