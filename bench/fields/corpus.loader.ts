/**
 * Loads the shared evaluation corpus (../shared/corpus) as page models for the
 * field evaluation: receipts from their per-line ground-truth boxes
 * (`NNN.box.csv`) or from real OCR (tesseract.js words, cached under
 * `.cache/ocr/`), invoices from their PDF text layer or their PNG renders.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { imageSize } from "image-size";
import Tesseract from "tesseract.js";
import type { PageModel, RawWord } from "../../src/extraction/page/page.model.js";
import { pageFromText, pageFromWords } from "../../src/extraction/fields/page/page.simple-builder.js";

/**
 * Root of the shared corpus: `../shared/corpus` from the project root (a git
 * worktree one level deeper finds it at `../../shared/corpus`), or
 * `FOLIO_CORPUS_DIR`.
 */
export const CORPUS_DIR =
  process.env.FOLIO_CORPUS_DIR ??
  [path.resolve(process.cwd(), "../shared/corpus"), path.resolve(process.cwd(), "../../shared/corpus")].find((d) => existsSync(d)) ??
  path.resolve(process.cwd(), "../shared/corpus");
const CACHE_DIR = path.resolve(process.cwd(), ".cache/ocr");

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
  expected: { issuer?: string; amount?: number; amount_untaxed?: number; date?: string; invoice_number?: string; currency?: string };
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
  return pageFromWords(raw, width, height, 1, "ocr");
}

/** Cached OCR words of one image. */
export interface OcrCacheEntry {
  width: number;
  height: number;
  text: string;
  words: RawWord[];
  ms: number;
}

let worker: Promise<Tesseract.Worker> | null = null;

function ocrWorker(): Promise<Tesseract.Worker> {
  if (!worker) {
    const pkg = createRequire(import.meta.url).resolve("@tesseract.js-data/eng/package.json");
    worker = Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, { langPath: path.join(path.dirname(pkg), "4.0.0_best_int"), gzip: true, cacheMethod: "none" });
  }
  return worker;
}

/** Terminates the OCR worker, if one was started. */
export async function closeOcr(): Promise<void> {
  if (worker) await (await worker).terminate();
  worker = null;
}

/**
 * OCR words of an image, from the cache when present. The cache key is the
 * file name; delete `.cache/ocr` to re-run OCR (e.g. after changing settings).
 */
export async function ocrWords(imageFile: string, useCacheOnly = false): Promise<OcrCacheEntry | null> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const key = path.join(CACHE_DIR, `${path.basename(path.dirname(imageFile))}-${path.basename(imageFile)}.json`);
  if (existsSync(key)) return JSON.parse(readFileSync(key, "utf8")) as OcrCacheEntry;
  if (useCacheOnly) return null;
  const bytes = readFileSync(imageFile);
  const size = imageSize(bytes);
  const w = await ocrWorker();
  const started = performance.now();
  const result = await w.recognize(bytes, {}, { blocks: true, text: true });
  const ms = performance.now() - started;
  const words: RawWord[] = [];
  let blockHint = 0;
  for (const block of result.data.blocks ?? []) {
    blockHint += 1;
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        for (const word of line.words) {
          words.push({ text: word.text, x0: word.bbox.x0, y0: word.bbox.y0, x1: word.bbox.x1, y1: word.bbox.y1, confidence: word.confidence / 100, blockHint });
        }
      }
    }
  }
  const entry: OcrCacheEntry = { width: size.width ?? 1, height: size.height ?? 1, text: result.data.text, words, ms };
  writeFileSync(key, JSON.stringify(entry));
  return entry;
}

/** A page model from cached OCR words. */
export function pageFromOcr(entry: OcrCacheEntry): PageModel {
  return pageFromWords(entry.words, entry.width, entry.height, 1, "ocr");
}

/**
 * A page model per PDF page from its text layer (no geometry: a monospaced grid
 * stands in). The corpus files are trusted, so pdf-parse runs in-process here.
 */
export async function pdfPages(pdfFile: string): Promise<PageModel[]> {
  const { PDFParse, VerbosityLevel } = await import("pdf-parse");
  const parser = new PDFParse({ data: new Uint8Array(readFileSync(pdfFile)), verbosity: VerbosityLevel.ERRORS });
  try {
    const res = await parser.getText();
    return res.pages.map((p, i) => pageFromText(p.text, i + 1));
  } finally {
    await parser.destroy();
  }
}
