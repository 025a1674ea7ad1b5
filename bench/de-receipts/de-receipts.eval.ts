/**
 * `FOLIO_OCR_CACHE_DIR=.cache/de-receipts/ocr npx tsx bench/de-receipts/de-receipts.eval.ts [--dir DIR] [--misses] [--text-only] [--reread [--no-german-names]]`
 *
 * Scores generated German receipts (see de-receipts.gen.ts) through Folio's OCR pool and the page-model
 * extractor, with the rules of bench/fields (fields.scoring.ts); and the same receipts' text as laid out,
 * placed as a monospace page ("text": what perfect OCR would give). Prints total / date / company accuracy
 * per path and, with `--misses`, every miss. OCR pages are cached as the field evaluation caches them.
 * `--reread` applies targeted re-OCR (never cached) as the service does, with the German name re-read unless
 * `--no-german-names`, and prints the OCR and re-OCR time per receipt.
 * `--photo` scores each receipt as a synthetic phone photo instead of the scan (bench/ocr-photo/photo.synth.ts, keyed
 * by the set's folder name and the file name; `--photo-with perspective,noise` adds its extra distortions): the photos are written beside the
 * set, in `DIR/<set>.photo[-extras]/`, so the OCR cache keeps them apart from the scans (use a cache dir of your own).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { classifyDocument } from "../../src/extraction/classifier.js";
import type { ExtractedField, Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../../src/extraction/fields/index.js";
import { buildPage } from "../../src/extraction/page/page.builder.js";
import type { PageModel, RawWord } from "../../src/extraction/page/page.model.js";
import { closeLoaders, ocrPage, rereadPage } from "../fields/corpus.loader.js";
import { amountMatches, nameMatches, truthAmount, truthDate } from "../fields/fields.scoring.js";
import { PHOTO_EXTRAS, photographed, type PhotoExtra } from "../ocr-photo/photo.synth.js";

const args = process.argv.slice(2);
const dirArg = args.indexOf("--dir");
const DIR = path.resolve(dirArg >= 0 ? (args[dirArg + 1] as string) : ".cache/de-receipts/out");
const manifest = JSON.parse(readFileSync(path.join(DIR, "manifest.json"), "utf8")) as { file: string; company: string; date: string; total: string }[];

function textPage(txt: string): PageModel {
  const words: RawWord[] = [];
  txt.split("\n").forEach((line, row) => {
    for (const m of line.matchAll(/\S+/g)) {
      if (m.index === undefined) continue;
      words.push({ text: m[0], x0: 20 + m.index * 10, x1: 20 + (m.index + m[0].length) * 10, y0: 20 + row * 22, y1: 36 + row * 22, confidence: 1 });
    }
  });
  return buildPage(words, { page: 1, width: 500, height: 40 + txt.split("\n").length * 22, source: "ocr" });
}

const photo = args.includes("--photo");
const withArg = args.indexOf("--photo-with");
const extras = new Set(withArg >= 0 ? ((args[withArg + 1] as string).split(",").filter(Boolean) as PhotoExtra[]) : []);
for (const d of extras) if (!PHOTO_EXTRAS.includes(d)) throw new Error(`unknown extra distortion ${d}; known: ${PHOTO_EXTRAS.join(", ")}`);
const PHOTO_DIR = path.join(DIR, `${path.basename(DIR)}.photo${[...extras].map((e) => `-${e}`).join("")}`);
if (photo) mkdirSync(PHOTO_DIR, { recursive: true });

/** The image OCR reads for `file`: the scan, or (`--photo`) its synthetic photo, made once and kept beside the set. */
async function imageFor(file: string): Promise<string> {
  const scan = path.join(DIR, file);
  if (!photo) return scan;
  const out = path.join(PHOTO_DIR, file);
  if (!existsSync(out)) writeFileSync(out, (await photographed(new Uint8Array(readFileSync(scan)), `${path.basename(DIR)}/${file}`, new Set(), extras)).data);
  return out;
}

const reread = args.includes("--reread");
const germanNames = !args.includes("--no-german-names");
const ocrMs: number[] = [];
const rereadMs: number[] = [];
let germanReads = 0;

const res: Record<string, { right: number; n: number }> = {};
const misses: string[] = [];
function score(set: string, file: string, page: PageModel, t: (typeof manifest)[number]): void {
  const documentType = classifyDocument([page.text]).type;
  const { fields } = extractDocument([page], { documentType, referenceDate: new Date("2024-06-01"), geometry: true });
  const get = (n: "total" | "document_date" | "issuer"): ExtractedField | undefined => fields.find((f) => f.name === n) ?? bestField(fields, n);
  const tot = get("total");
  const dat = get("document_date");
  const iss = get("issuer");
  const checks: [string, boolean, string, string][] = [
    ["total", amountMatches(tot ? (tot.value as Money).amount : undefined, truthAmount(t.total)), tot ? (tot.value as Money).amount.toFixed(2) : "∅", t.total],
    ["date", dat?.value === truthDate(t.date), String(dat?.value ?? "∅"), t.date],
    ["company", nameMatches(iss?.value as string | undefined, t.company), String(iss?.value ?? "∅"), t.company],
  ];
  for (const [f, ok, found, truth] of checks) {
    const k = `${set}|${f}`;
    res[k] ??= { right: 0, n: 0 };
    res[k].n += 1;
    if (ok) res[k].right += 1;
    else misses.push(`MISS ${set} ${file} ${f}: found ${JSON.stringify(found)} truth ${JSON.stringify(truth)} [${documentType}]`);
  }
}

for (const t of manifest) {
  score("text", t.file, textPage(readFileSync(path.join(DIR, t.file).replace(/\.jpg$/, ".txt"), "utf8")), t);
  if (args.includes("--text-only")) continue;
  const img = await imageFor(t.file);
  const ocr = await ocrPage(img);
  if (!ocr) continue;
  ocrMs.push(ocr.ms);
  if (!reread) {
    score(photo ? "photo" : "ocr", t.file, ocr.page, t);
    continue;
  }
  const r = await rereadPage(img, ocr.page, { germanNames });
  rereadMs.push(r.report.ms);
  germanReads += r.report.german;
  score(photo ? "photo" : "ocr", t.file, r.page, t);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
await closeLoaders();
for (const [k, v] of Object.entries(res)) console.log(`${k.padEnd(16)} ${v.right}/${v.n}  ${((100 * v.right) / v.n).toFixed(1)}%`);
if (ocrMs.length) console.log(`OCR (as cached) median ${median(ocrMs).toFixed(0)} ms, mean ${(sum(ocrMs) / ocrMs.length).toFixed(0)} ms per receipt`);
if (reread) console.log(`re-OCR median ${median(rereadMs).toFixed(0)} ms, mean ${(sum(rereadMs) / rereadMs.length).toFixed(0)} ms per receipt; ${germanReads} German name reads`);
if (args.includes("--misses")) for (const m of misses) console.log(m);
