/**
 * Scanned invoices for `eval:invoices -- --scan clean|office|phone`: each page of a generated PDF rasterised by the
 * service's own PDF renderer (`renderPdfPages`, pdf.js in the sandbox child) and degraded as paper on its way through
 * a scanner or a phone camera, then read the way the service reads an uploaded image: the OCR pool (preparation,
 * word boxes, its second layout and ink re-reads) and targeted re-OCR of the key regions (the service's
 * `recognizePage`, bench/fields/corpus.loader.ts). Nothing of the text layer reaches the extractor.
 *
 * Modes (deterministic per invoice file and page, so every run sees the same images):
 * - `clean`: a flatbed scan at 300 dpi, grey, JPEG quality 90;
 * - `office`: an office multifunction scanner: 200 or 300 dpi, grey or colour, paper a little off-white and ink a
 *   little grey, the sheet fed 0.2–1° askew, a slight blur (σ 0.4–0.8), grey-level noise (σ 2–5) and JPEG quality
 *   55–80;
 * - `phone`: the page rendered at 200 dpi and photographed with the receipts' photo model (bench/ocr-photo/photo.synth.ts:
 *   surface around it, 1.5–4° tilt, lighting gradient and shadow, blur, JPEG 70–85) plus its sensor noise.
 *
 * The scan is written under `.cache/invoices/scans/<mode>/` named by the SHA-1 of its bytes, so the OCR cache
 * (`.cache/ocr-pages/`, keyed by that name and the OCR settings) is keyed by image content: a change to the
 * generator or the degradation makes a new image and a new OCR run, never a stale page.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import type { PageModel } from "../../src/extraction/page/page.model.js";
import { renderPdfPages } from "../../src/extraction/pdf.adapter.js";
import { ocrPage, rereadPage } from "../fields/corpus.loader.js";
import { photographed, prng } from "../ocr-photo/photo.synth.js";

/** How a paper invoice was digitised. */
export type ScanMode = "clean" | "office" | "phone";
export const SCAN_MODES: readonly ScanMode[] = ["clean", "office", "phone"];

/** `--scan` with no value, or one of {@link SCAN_MODES}; anything else is an error. */
export function scanMode(value: string | undefined): ScanMode {
  if (value === undefined || value.startsWith("--")) return "office";
  if ((SCAN_MODES as readonly string[]).includes(value)) return value as ScanMode;
  throw new Error(`--scan takes ${SCAN_MODES.join("|")}, got ${value}`);
}

/** What one scanned page went through (printed with `--misses`). */
export interface ScanParams {
  dpi: number;
  grey: boolean;
  angle: number;
  blurSigma: number;
  noiseSigma: number;
  jpegQuality: number;
}

/** The parameters of `mode` for `key` (file and page). */
export function scanParams(mode: ScanMode, key: string): ScanParams {
  if (mode === "clean") return { dpi: 300, grey: true, angle: 0, blurSigma: 0, noiseSigma: 0, jpegQuality: 90 };
  const rnd = prng(`${mode}#${key}`);
  if (mode === "phone") return { dpi: 200, grey: false, angle: 0, blurSigma: 0, noiseSigma: 0, jpegQuality: 0 };
  return {
    dpi: rnd() < 0.5 ? 200 : 300,
    grey: rnd() < 0.6,
    angle: (rnd() < 0.5 ? -1 : 1) * (0.2 + 0.8 * rnd()),
    blurSigma: 0.4 + 0.4 * rnd(),
    noiseSigma: 2 + 3 * rnd(),
    jpegQuality: Math.round(55 + 25 * rnd()),
  };
}

/** Gaussian grey-level noise (the same offset on a pixel's channels), Box–Muller from `key`'s stream. */
function addNoise(px: Buffer, channels: number, sigma: number, key: string): void {
  const rnd = prng(`${key}#noise`);
  for (let i = 0; i < px.length; i += channels) {
    const n = sigma * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    for (let c = 0; c < Math.min(3, channels); c++) px[i + c] = Math.max(0, Math.min(255, Math.round((px[i + c] as number) + n)));
  }
}

/** The rendered page `png` as `mode` scans it; JPEG bytes. */
async function degrade(png: Uint8Array, mode: ScanMode, p: ScanParams, key: string): Promise<Buffer> {
  if (mode === "phone") return (await photographed(png, key, new Set(), new Set(["noise"]))).data;
  let img = sharp(png).flatten({ background: "#ffffff" });
  if (p.grey) img = img.greyscale();
  if (mode === "office") {
    // Paper a little off-white, ink a little grey; the sheet askew on a white platen lid.
    img = img.linear(0.9, 14).rotate(p.angle, { background: "#f4f4f4" });
    if (p.blurSigma >= 0.3) img = img.blur(p.blurSigma);
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    addNoise(data, info.channels, p.noiseSigma, key);
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  }
  return img.jpeg({ quality: p.jpegQuality }).toBuffer();
}

const RENDER_LIMITS = { timeoutMs: 60_000, maxPages: 50, maxMemoryMb: 1024, maxTextChars: 10_000_000, maxPixels: 40_000_000 };

/** One scanned page: where its image is, what made it, and its OCR time (as cached). */
export interface ScannedPage {
  image: string;
  params: ScanParams;
  ocrMs: number;
  rereadMs: number;
}

/**
 * The pages of `pdfFile` (`pageCount` of them) scanned in `mode` and read as the service reads an image: OCR pool
 * (cached by image content and settings), then targeted re-OCR (`maxRegions` per page, the service's default 4;
 * never cached whole, as in the field evaluation; each region's reading is, except on photos).
 */
export async function scannedPages(
  pdfFile: string,
  pageCount: number,
  mode: ScanMode,
  opts: { maxRegions?: number } = {},
): Promise<{ pages: PageModel[]; scans: ScannedPage[] }> {
  const dir = path.resolve(".cache/invoices/scans", mode);
  mkdirSync(dir, { recursive: true });
  const key0 = `${path.basename(path.dirname(pdfFile))}/${path.basename(pdfFile)}`;
  const pages: PageModel[] = [];
  const scans: ScannedPage[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const key = `${key0}#${n}`;
    const params = scanParams(mode, key);
    const [rendered] = await renderPdfPages(pdfFile, { pages: [n], scale: params.dpi / 72, limits: RENDER_LIMITS });
    if (!rendered) throw new Error(`${pdfFile}: page ${n} did not render`);
    const jpeg = await degrade(rendered.image, mode, params, key);
    const image = path.join(dir, `${createHash("sha1").update(jpeg).digest("hex").slice(0, 16)}.jpg`);
    if (!existsSync(image)) writeFileSync(image, jpeg);
    const ocr = await ocrPage(image);
    if (!ocr) throw new Error(`${image}: no OCR page`);
    let page = { ...ocr.page, page: n };
    let rereadMs = 0;
    if ((opts.maxRegions ?? 4) > 0) {
      // Regions' readings are cached except on photos (their crops come from the pool's memo of a fresh read).
      const r = await rereadPage(image, ocr.page, { maxRegions: opts.maxRegions ?? 4, ...(ocr.level ? { level: ocr.level } : {}) }, mode !== "phone");
      page = { ...r.page, page: n };
      rereadMs = r.report.ms;
    }
    pages.push(page);
    scans.push({ image, params, ocrMs: ocr.ms, rereadMs });
  }
  return { pages, scans };
}
