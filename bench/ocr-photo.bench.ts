/**
 * `npm run bench:ocr-photo [-- --limit N] [--configs before,after] [--variants original,photo] [--json FILE]`
 *
 * OCR preparation on scanned receipts and on synthetic phone photos of the same
 * receipts (bench/ocr-photo/photo.synth.ts: tilted, unevenly lit, duller,
 * blurred, JPEG), per preparation config, in one run: every receipt goes
 * through every variant × config before the next receipt (load from other
 * processes hits all alike). Reported per variant × config:
 * - OCR character accuracy against the per-line truth (`NNN.box.csv`), the
 *   field evaluation's metric (bench/fields/fields.scoring.ts);
 * - total / date / company accuracy of the page-model extractor on the OCR'd
 *   page, scored as `npm run eval:fields` scores them;
 * - median preparation ms (prepareForOcr alone) and median OCR ms (the pool's
 *   recognize: preparation, recognition, page model, a faded-print second read);
 * - how often each step fired (pages flattened, pages rotated, median |angle|).
 * Nothing derived from the corpus is written anywhere (photos live in memory).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { classifyDocument } from "../src/extraction/classifier.js";
import type { Money } from "../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../src/extraction/fields/index.js";
import { flattenLighting } from "../src/extraction/lighting.flatten.js";
import { DEFAULT_OCR_PREP, MIN_DESKEW_DEGREES, MIN_DESKEW_GAIN, prepareForOcr, type OcrPrepOptions } from "../src/extraction/ocr-image.preparer.js";
import { createOcrPool, type OcrPool, type ThresholdingMethod } from "../src/extraction/ocr.adapter.js";
import { rereadKeyRegions, type RegionReader } from "../src/extraction/ocr.reread.js";
import type { PageModel } from "../src/extraction/page/page.model.js";
import { estimateSkew } from "../src/extraction/skew.estimate.js";
import { CORPUS_DIR, receiptManifest, receiptPageFromBoxes } from "./fields/corpus.loader.js";
import { amountMatches, charAccuracy, nameMatches, truthAmount, truthDate } from "./fields/fields.scoring.js";
import { PHOTO_DISTORTIONS, PHOTO_EXTRAS, photographed, type PhotoDistortion, type PhotoExtra } from "./ocr-photo/photo.synth.js";

/** A preparation variant under test. */
interface Config {
  prep: OcrPrepOptions;
  thresholdingMethod?: ThresholdingMethod;
}

/** Named configs; `--config name=JSON` adds one (`{"prep":{…},"thresholdingMethod":2}`). */
const CONFIGS: Record<string, Config> = {
  before: { prep: { flattenLighting: false, deskew: false } },
  flatten: { prep: { flattenLighting: true, deskew: false } },
  deskew: { prep: { flattenLighting: false, deskew: true } },
  after: { prep: {} },
  // The defaults of preparation revision 5, before photos with blurred print were sharpened.
  rev5: { prep: { sharpenSigma: 0 } },
  // Noisy photos median-filtered (3 px) ahead of the sharpening where their own paper measures σ ≥ 0.5; not a default.
  denoise: { prep: { denoiseAboveNoise: 0.5 } },
  // The defaults + the surface around the page given the paper's grey where the print survives it (surface.fill.ts, `fillSurface`, gated by `fillKeepsPrint`); measured, not a default.
  fill: { prep: { fillSurface: true } },
  // The defaults + tesseract reading only the paper (paper.crop.ts, `cropPaper`): the surface around a photo cut away.
  crop: { prep: { cropPaper: true } },
  // …only where the page's print survives the crop's own Otsu cut (paper.crop.ts, `cropKeepsPrint`).
  cropGated: { prep: { cropPaper: "gated" } },
  // The defaults + the skew measured on the paper's box only (ocr-image.preparer.ts, `skewOnPaper`).
  paperSkew: { prep: { skewOnPaper: true } },
  sauvola: { prep: { flattenLighting: false, deskew: false }, thresholdingMethod: 2 },
  adaptiveOtsu: { prep: { flattenLighting: false, deskew: false }, thresholdingMethod: 1 },
};

const { values } = parseArgs({
  options: {
    limit: { type: "string", default: "40" },
    offset: { type: "string", default: "0" },
    "photo-without": { type: "string", default: "" },
    "photo-with": { type: "string", default: "" },
    configs: { type: "string", default: "before,after" },
    config: { type: "string", multiple: true, default: [] },
    variants: { type: "string", default: "original,photo" },
    json: { type: "string" },
    rows: { type: "boolean", default: false },
    reread: { type: "boolean", default: false },
  },
});
for (const c of values.config ?? []) {
  const eq = c.indexOf("=");
  CONFIGS[c.slice(0, eq)] = JSON.parse(c.slice(eq + 1)) as Config;
}
const configNames = (values.configs ?? "").split(",").filter(Boolean);
for (const n of configNames) if (!CONFIGS[n]) throw new Error(`unknown config ${n}; known: ${Object.keys(CONFIGS).join(", ")}`);
const variants = (values.variants ?? "").split(",").filter(Boolean) as ("original" | "photo")[];
const limit = Number(values.limit);
const offset = Number(values.offset);
const without = new Set((values["photo-without"] ?? "").split(",").filter(Boolean) as PhotoDistortion[]);
for (const d of without) if (!PHOTO_DISTORTIONS.includes(d)) throw new Error(`unknown distortion ${d}; known: ${PHOTO_DISTORTIONS.join(", ")}`);
const extras = new Set((values["photo-with"] ?? "").split(",").filter(Boolean) as PhotoExtra[]);
for (const d of extras) if (!PHOTO_EXTRAS.includes(d)) throw new Error(`unknown extra distortion ${d}; known: ${PHOTO_EXTRAS.join(", ")}`);

/** Targeted re-OCR arms of `--reread` (see the loop below). */
const REREAD_MODES = ["orig", "level", "prep"] as const;

interface Row {
  file: string;
  variant: string;
  config: string;
  charAcc: number;
  total: boolean;
  date: boolean;
  company: boolean;
  prepMs: number;
  ocrMs: number;
  flattened: boolean;
  rotation: number;
}

const pools = new Map<string, OcrPool>();
for (const n of configNames) {
  const c = CONFIGS[n] as Config;
  pools.set(n, createOcrPool({ size: 1, prepareOptions: c.prep, thresholdingMethod: c.thresholdingMethod }));
}

const rows: Row[] = [];
const flattenedOn = new Map<string, boolean>();
const skewOf = new Map<string, { angle: number; gain: number }>();
const receipts = receiptManifest().slice(offset, offset + limit);
const started = Date.now();
for (const [i, r] of receipts.entries()) {
  const file = path.join(CORPUS_DIR, "receipts", r.file);
  const truthPage = receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", r.ocr_lines), file);
  const original = new Uint8Array(readFileSync(file));
  for (const variant of variants) {
    const bytes = variant === "original" ? original : new Uint8Array((await photographed(original, r.file, without, extras)).data);
    // Which pages the flattening fires on, and the skew estimate, measured apart (the preparer does not report them).
    const plain = await prepareForOcr(bytes, { flattenLighting: false, deskew: false, normalise: false });
    const px = plain.data.subarray(plain.data.length - plain.width * plain.height);
    flattenedOn.set(`${variant}|${r.file}`, flattenLighting(Uint8Array.from(px), plain.width, plain.height).changed);
    skewOf.set(`${variant}|${r.file}`, estimateSkew(px, plain.width, plain.height));
    // Rotate the order of configs from receipt to receipt.
    const order = configNames.map((_, k) => configNames[(k + i) % configNames.length] as string);
    for (const name of order) {
      const c = CONFIGS[name] as Config;
      const t0 = performance.now();
      const prep = await prepareForOcr(bytes, c.prep);
      const prepMs = performance.now() - t0;
      const t1 = performance.now();
      const res = await (pools.get(name) as OcrPool).recognize(bytes);
      const ocrMs = performance.now() - t1;
      const score = (page: PageModel, config: string, ms: number) => {
        const documentType = classifyDocument([page.text]).type;
        const { fields } = extractDocument([page], { documentType, referenceDate: new Date("2024-01-01"), geometry: true });
        const get = (n: "total" | "document_date" | "issuer") => fields.find((f) => f.name === n) ?? bestField(fields, n);
        const total = get("total");
        rows.push({
          file: r.file,
          variant,
          config,
          charAcc: charAccuracy(page.text, truthPage.text),
          total: amountMatches(total ? (total.value as Money).amount : undefined, truthAmount(r.total)),
          date: get("document_date")?.value === truthDate(r.date),
          company: nameMatches(get("issuer")?.value as string | undefined, r.company),
          prepMs,
          ocrMs: ms,
          flattened: false,
          rotation: prep.geometry?.rotation ?? 0,
        });
        // Progress on stderr, so a run cut short still says what it read.
        const last = rows[rows.length - 1] as Row;
        process.stderr.write(`${last.variant} ${last.config} ${last.file} acc=${(100 * last.charAcc).toFixed(1)} T=${+last.total} D=${+last.date} C=${+last.company} rot=${last.rotation}\n`);
      };
      score(res.page, name, ocrMs);
      if (values.reread) {
        // Targeted re-OCR: crops cut from the original (`+rr-orig`), for a levelled page from the original turned
        // level (`+rr-level`, the service before), and, for a page whose lighting was flattened, from the page's own
        // prepared pixels (`+rr-prep`: flattened, stretched, sharpened, levelled; the service now); ms = OCR + re-reads.
        const pool = pools.get(name) as OcrPool;
        for (const mode of REREAD_MODES) {
          const t2 = performance.now();
          const reader: RegionReader = { recognizeRegion: (img, box, o) => pool.recognizeRegion(img, box, { ...o, fromPrepared: mode === "prep" }) };
          const rr = await rereadKeyRegions(bytes, res.page, reader, mode !== "orig" && res.level ? { level: res.level } : {});
          score(rr.page, `${name}+rr-${mode}`, ocrMs + performance.now() - t2);
        }
      }
    }
  }
  if ((i + 1) % 10 === 0) console.error(`${i + 1}/${receipts.length} receipts, ${Math.round((Date.now() - started) / 1000)} s`);
}
for (const p of pools.values()) await p.close();

for (const row of rows) row.flattened = (CONFIGS[row.config.split("+")[0] as string]?.prep.flattenLighting ?? DEFAULT_OCR_PREP.flattenLighting) && (flattenedOn.get(`${row.variant}|${row.file}`) ?? false);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const pct = (xs: boolean[]): string => `${((100 * xs.filter(Boolean).length) / Math.max(1, xs.length)).toFixed(1)} %`;
const summary: Record<string, unknown>[] = [];
console.log(`\n${receipts.length} receipts from #${offset}${without.size ? `, photos without ${[...without].join(", ")}` : ""}${extras.size ? `, photos with ${[...extras].join(", ")}` : ""}; deskew when |angle| ≥ ${MIN_DESKEW_DEGREES}° and gain ≥ ${MIN_DESKEW_GAIN}`);
console.log("| variant | config | n | char acc | total | date | company | prep ms (median) | OCR ms (median) | flattened | rotated |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
const reportedConfigs = values.reread ? configNames.flatMap((n) => [n, ...REREAD_MODES.map((m) => `${n}+rr-${m}`)]) : configNames;
for (const variant of variants) {
  for (const config of reportedConfigs) {
    const rs = rows.filter((x) => x.variant === variant && x.config === config);
    const s = {
      variant,
      config,
      n: rs.length,
      charAcc: rs.reduce((n, x) => n + x.charAcc, 0) / Math.max(1, rs.length),
      total: pct(rs.map((x) => x.total)),
      date: pct(rs.map((x) => x.date)),
      company: pct(rs.map((x) => x.company)),
      prepMs: median(rs.map((x) => x.prepMs)),
      ocrMs: median(rs.map((x) => x.ocrMs)),
      flattened: rs.filter((x) => x.flattened).length,
      rotated: rs.filter((x) => x.rotation !== 0).length,
    };
    summary.push(s);
    console.log(
      `| ${variant} | ${config} | ${s.n} | ${(100 * s.charAcc).toFixed(1)} % | ${s.total} | ${s.date} | ${s.company} | ${s.prepMs.toFixed(0)} | ${s.ocrMs.toFixed(0)} | ${s.flattened} | ${s.rotated} |`,
    );
  }
}
if (values.rows) {
  for (const row of rows) {
    const k = `${row.variant}|${row.file}`;
    const sk = skewOf.get(k);
    console.log(`ROW ${row.variant} ${row.config} ${row.file} acc=${(100 * row.charAcc).toFixed(1)} T=${+row.total} D=${+row.date} C=${+row.company} rot=${row.rotation} est=${sk?.angle}/${sk?.gain.toFixed(3)} flat=${flattenedOn.get(k)}`);
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify({ receipts: receipts.length, summary, rows }, null, 2));
