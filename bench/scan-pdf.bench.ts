/**
 * `npm run bench:scan-pdf [-- --limit N] [--dpi 300,200] [--max-dpi 300] [--max-scan-width 2500] [--min-width N] [--arms direct,old,new,jpeg,wide]`
 *
 * OCR of scanned PDFs against OCR of the same images read directly. Each shared-corpus receipt (JPEG,
 * with ground truth and per-line OCR truth) is wrapped into a one-page PDF at a realistic physical size
 * (page = pixels / dpi × 72 pt, one PDF per `--dpi`, built with pdf-lib as a scanner app would: the JPEG
 * as is, drawn over the whole page), then read through the pipeline's own functions:
 *
 * - `direct`: the JPEG through the OCR pool (what an uploaded photo gets);
 * - `old`: `renderPdfPages` at scale 2 (144 dpi, what every page got before), the PNG through the pool;
 * - `new`: `renderPdfPages` as `renderForOcr` now calls it: a scan at its image's density, between
 *   144 dpi and `--max-dpi` (default `OCR_RENDER_MAX_DPI`), no wider than `--max-scan-width` px (default
 *   `OCR_RENDER_MAX_SCAN_WIDTH`, the preparation's `maxWidth`, 2,500; 0 = no cap);
 * - `jpeg`: as `new` with `scanJpeg`, as `renderForOcr` calls it since scans pass through: a page that is
 *   one JPEG and nothing else comes back as that JPEG (so it reads like `direct`, with the sandbox's probe
 *   and pdf-lib's look-up as its render time);
 * - `wide` (only when asked for in `--arms`): as `new` without the width cap.
 *
 * Per arm: OCR character accuracy against the receipt's line truth (`fields.scoring.ts`, as
 * `npm run eval:fields`), total / date / company right (the eval's rules, page-model extractor), rendered
 * width (median), and ms per page for render (PDF sandbox, warm pool), preparation alone (`prepareForOcr`,
 * timed separately: the pool prepares again inside) and recognition (the pool's `recognize`, preparation
 * included). Arms run receipt by receipt, their order rotating, so changes in the machine's load hit all
 * arms alike. No cache: every page is rendered and read in this run. Results also go to
 * `bench/results/scan-pdf-<time>.json`.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PDFDocument } from "pdf-lib";
import { imageSize } from "image-size";
import { loadConfig } from "../src/config/env.js";
import { classifyDocument } from "../src/extraction/classifier.js";
import type { Money } from "../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../src/extraction/fields/index.js";
import { prepareForOcr } from "../src/extraction/ocr-image.preparer.js";
import { createOcrPool } from "../src/extraction/ocr.adapter.js";
import type { PageModel } from "../src/extraction/page/page.model.js";
import { closePdfChildren, renderPdfPages, startPdfPool } from "../src/extraction/pdf.adapter.js";
import { OCR_RENDER_MAX_DPI, OCR_RENDER_MAX_SCAN_WIDTH, OCR_RENDER_SCALE } from "../src/pipeline/page.ocr.js";
import { CORPUS_DIR, receiptManifest, receiptPageFromBoxes } from "./fields/corpus.loader.js";
import { amountMatches, charAccuracy, nameMatches, truthAmount, truthDate } from "./fields/fields.scoring.js";

const { values: args } = parseArgs({
  options: {
    limit: { type: "string" },
    "min-width": { type: "string", default: "0" },
    shard: { type: "string", default: "0/1" },
    rows: { type: "string" },
    summarize: { type: "string" },
    dpi: { type: "string", default: "300,200" },
    "max-dpi": { type: "string", default: String(OCR_RENDER_MAX_DPI) },
    "max-scan-width": { type: "string", default: String(OCR_RENDER_MAX_SCAN_WIDTH) },
    arms: { type: "string", default: "direct,old,new,jpeg" },
  },
});
const LIMIT = args.limit ? Number(args.limit) : Infinity;
const DPIS = args.dpi.split(",").map(Number);
const MAX_SCAN_SCALE = Number(args["max-dpi"]) / 72;
const MAX_SCAN_WIDTH = Number(args["max-scan-width"]);
const ARMS = new Set(args.arms.split(",").map((a) => a.trim()));
const { limits } = loadConfig();
const RENDER_LIMITS = { timeoutMs: limits.pdfTimeoutMs, maxPages: limits.maxPages, maxMemoryMb: limits.pdfMemoryMb, maxTextChars: limits.maxTextChars, maxPixels: limits.maxImagePixels };

/** One receipt read one way. */
interface Row {
  arm: string;
  file: string;
  charAcc: number;
  total: boolean;
  date: boolean;
  company: boolean;
  width: number;
  renderMs: number;
  prepMs: number;
  ocrMs: number;
}
const rows: Row[] = [];

/** A one-page PDF: the JPEG as is over a page of its physical size at `dpi`. */
async function scanPdf(jpeg: Uint8Array, dpi: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  const width = (image.width / dpi) * 72;
  const height = (image.height / dpi) * 72;
  doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  return doc.save();
}

function judge(page: PageModel, truth: { total: string; date: string; company: string }): Pick<Row, "total" | "date" | "company"> {
  const documentType = classifyDocument([page.text]).type;
  const { fields } = extractDocument([page], { documentType, referenceDate: new Date("2024-01-01"), geometry: true });
  const get = (n: "total" | "document_date" | "issuer") => fields.find((f) => f.name === n) ?? bestField(fields, n);
  const total = get("total");
  return {
    total: amountMatches(total ? (total.value as Money).amount : undefined, truthAmount(truth.total)),
    date: get("document_date")?.value === truthDate(truth.date),
    company: nameMatches(get("issuer")?.value as string | undefined, truth.company),
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} %`;

/** The table over `rows`, arms in `arms` order. */
function report(arms: string[]) {
  const summary = arms.map((arm) => {
    const rs = rows.filter((x) => x.arm === arm);
    return {
      arm,
      n: rs.length,
      charAccuracy: mean(rs.map((x) => x.charAcc)),
      total: rs.filter((x) => x.total).length,
      date: rs.filter((x) => x.date).length,
      company: rs.filter((x) => x.company).length,
      medianWidth: median(rs.map((x) => x.width)),
      renderMs: { median: median(rs.map((x) => x.renderMs)), mean: mean(rs.map((x) => x.renderMs)) },
      prepMs: { median: median(rs.map((x) => x.prepMs)), mean: mean(rs.map((x) => x.prepMs)) },
      ocrMs: { median: median(rs.map((x) => x.ocrMs)), mean: mean(rs.map((x) => x.ocrMs)) },
    };
  });
  console.log("| arm | n | char accuracy | total | date | company | median width px | render ms median / mean | prep ms median / mean | recognize ms median / mean |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const s of summary) {
    console.log(
      `| ${s.arm} | ${s.n} | ${(100 * s.charAccuracy).toFixed(1)} % | ${pct(s.total, s.n)} | ${pct(s.date, s.n)} | ${pct(s.company, s.n)} | ${s.medianWidth} | ` +
        `${s.renderMs.median.toFixed(0)} / ${s.renderMs.mean.toFixed(0)} | ${s.prepMs.median.toFixed(0)} / ${s.prepMs.mean.toFixed(0)} | ${s.ocrMs.median.toFixed(0)} / ${s.ocrMs.mean.toFixed(0)} |`,
    );
  }
  return summary;
}

// `--summarize a.jsonl,b.jsonl`: the table over rows written by earlier runs (`--rows`, e.g. shards), only
// receipts every arm read.
if (args.summarize) {
  for (const f of args.summarize.split(",")) for (const line of readFileSync(f, "utf8").split("\n")) if (line.trim()) rows.push(JSON.parse(line) as Row);
  const arms = [...new Set(rows.map((x) => x.arm))];
  const complete = new Set([...new Set(rows.map((x) => x.file))].filter((f) => arms.every((a) => rows.some((x) => x.file === f && x.arm === a))));
  rows.splice(0, rows.length, ...rows.filter((x) => complete.has(x.file)));
  const order = ["direct", ...arms.filter((a) => a !== "direct").sort((a, b) => b.localeCompare(a, "en", { numeric: true }))].filter((a) => arms.includes(a));
  console.log(`${complete.size} receipts`);
  report(order);
  process.exit(0);
}

const pool = createOcrPool({ size: 1 });
await startPdfPool({ size: 1, maxJobsPerProcess: 100, recycleMb: 256, maxMemoryMb: limits.pdfMemoryMb });
// `--min-width N`: only receipts whose image is at least N px wide (where a width cap can bind).
const receipts = receiptManifest()
  .filter((r) => (imageSize(readFileSync(path.join(CORPUS_DIR, "receipts", r.file))).width ?? 0) >= Number(args["min-width"]))
  .slice(0, LIMIT)
  // `--shard i/n`: every n-th receipt from the i-th, so n processes can share the set.
  .filter((_, i) => i % Number(args.shard.split("/")[1]) === Number(args.shard.split("/")[0]));
// Warm-up, not counted: the OCR worker's first page and the sandbox's first render.
{
  const first = new Uint8Array(readFileSync(path.join(CORPUS_DIR, "receipts", receipts[0]!.file)));
  await pool.recognize(first, { pageNumber: 1 });
  await renderPdfPages(await scanPdf(first, 300), { pages: [1], scale: OCR_RENDER_SCALE, limits: RENDER_LIMITS });
}

const armNames = [...(ARMS.has("direct") ? ["direct"] : []), ...DPIS.flatMap((dpi) => ["old", "new", "jpeg", "wide"].filter((a) => ARMS.has(a)).map((a) => `pdf${dpi}-${a}`))];
const started = performance.now();
for (const [index, r] of receipts.entries()) {
  const jpeg = new Uint8Array(readFileSync(path.join(CORPUS_DIR, "receipts", r.file)));
  const truthText = receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", r.ocr_lines)).text;
  const truth = { total: r.total, date: r.date, company: r.company };
  const pdfs = new Map<number, Uint8Array>();
  for (const dpi of DPIS) pdfs.set(dpi, await scanPdf(jpeg, dpi));
  // Rotate the arms' order from receipt to receipt.
  const order = armNames.map((_, i) => armNames[(i + index) % armNames.length]!);
  for (const arm of order) {
    let image: Uint8Array = jpeg;
    let renderMs = 0;
    if (arm !== "direct") {
      const [, dpiText, mode] = /^pdf(\d+)-(old|new|jpeg|wide)$/.exec(arm)!;
      const t0 = performance.now();
      const [shot] = await renderPdfPages(pdfs.get(Number(dpiText))!, {
        pages: [1],
        scale: OCR_RENDER_SCALE,
        ...(mode === "old" ? {} : { maxScanScale: MAX_SCAN_SCALE }),
        ...((mode === "new" || mode === "jpeg") && MAX_SCAN_WIDTH > 0 ? { maxScanWidth: MAX_SCAN_WIDTH } : {}),
        ...(mode === "jpeg" ? { scanJpeg: true } : {}),
        limits: RENDER_LIMITS,
      });
      renderMs = performance.now() - t0;
      image = shot!.image;
    }
    const t1 = performance.now();
    await prepareForOcr(image);
    const prepMs = performance.now() - t1;
    const t2 = performance.now();
    const result = await pool.recognize(image, { pageNumber: 1 });
    const ocrMs = performance.now() - t2;
    const row: Row = { arm, file: r.file, charAcc: charAccuracy(result.page.text, truthText), ...judge(result.page, truth), width: imageSize(image).width ?? 0, renderMs, prepMs, ocrMs };
    rows.push(row);
    // `--rows file.jsonl`: each row as it is measured, so an interrupted run still has its numbers.
    if (args.rows) appendFileSync(args.rows, `${JSON.stringify(row)}\n`);
  }
  if ((index + 1) % 10 === 0) console.error(`${index + 1}/${receipts.length} receipts, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
await pool.close();
await closePdfChildren();

console.log(`\n${receipts.length} receipts, max scan dpi ${args["max-dpi"]}, max scan width ${MAX_SCAN_WIDTH || "none"} px, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const summary = report(armNames);
const out = path.join(path.dirname(new URL(import.meta.url).pathname), "results");
mkdirSync(out, { recursive: true });
const file = path.join(out, `scan-pdf-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ options: { limit: receipts.length, dpis: DPIS, maxDpi: Number(args["max-dpi"]), maxScanWidth: MAX_SCAN_WIDTH, arms: armNames }, loadAverage: os.loadavg(), summary, rows }, null, 2));
console.log(`\n${file}`);
