/**
 * `npm run bench:ocr-orient [-- --limit N] [--offset K] [--turns 0,90,180,270] [--modes off,on]`
 *
 * Quarter-turn orientation (src/extraction/ocr.orient.ts) on the shared receipts turned in memory: each receipt
 * of the sample (`FOLIO_CORPUS`/receipts, the manifest's first `--limit`, default 20) is turned 0/90/180/270°
 * clockwise with sharp (as a scanner fed sideways or a photo whose EXIF orientation was stripped gives it: the
 * stored pixels turned, no EXIF tag; 0 is the file as stored), read by an OCR pool with the turns off (the reading
 * before) and on, key regions re-read as the service does, and the fields extracted: per turn and mode, total, date
 * and company right against the ground truth, the page read's wall time (mean and p50; re-reads not counted), and
 * which turns were tried. Results go to bench/results/ocr-orient-<timestamp>.json (gitignored) and a table on
 * stdout; nothing is cached and the corpus is never copied.
 */
import path from "node:path";
import os from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import sharp from "sharp";
import { classifyDocument } from "../src/extraction/classifier.js";
import type { Money } from "../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../src/extraction/fields/index.js";
import { createOcrPool, type OcrPool } from "../src/extraction/ocr.adapter.js";
import { rereadKeyRegions } from "../src/extraction/ocr.reread.js";
import { CORPUS_DIR, receiptManifest } from "./fields/corpus.loader.js";
import { amountMatches, nameMatches, truthAmount, truthDate } from "./fields/fields.scoring.js";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(arg("--limit") ?? 20);
const offset = Number(arg("--offset") ?? 0);
const turns = (arg("--turns") ?? "0,90,180,270").split(",").map(Number);
const modes = (arg("--modes") ?? "off,on").split(",");

interface Tally {
  n: number;
  total: number;
  date: number;
  company: number;
  ms: number[];
  tried: Map<string, number>;
  kept: Map<number, number>;
}

const receipts = receiptManifest().slice(offset, offset + limit);
const pools = new Map<string, OcrPool>(modes.map((m) => [m, createOcrPool({ size: 1, orient: m === "on" })]));
const tallies = new Map<string, Tally>();
const tallyOf = (mode: string, turn: number): Tally => {
  const key = `${mode} ${turn}`;
  let t = tallies.get(key);
  if (!t) tallies.set(key, (t = { n: 0, total: 0, date: 0, company: 0, ms: [], tried: new Map(), kept: new Map() }));
  return t;
};
// Start every worker before anything is timed.
const blank = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ffffff" } }).png().toBuffer();
for (const pool of pools.values()) await pool.recognize(new Uint8Array(blank));

for (const r of receipts) {
  const stored = readFileSync(path.join(CORPUS_DIR, "receipts", r.file));
  for (const turn of turns) {
    const image = new Uint8Array(turn === 0 ? stored : await sharp(stored).rotate(turn).jpeg({ quality: 90 }).toBuffer());
    for (const mode of modes) {
      const pool = pools.get(mode) as OcrPool;
      const started = performance.now();
      const read = await pool.recognize(image);
      const ms = performance.now() - started;
      const { page } = await rereadKeyRegions(image, read.page, pool, { ...(read.level ? { level: read.level } : {}) });
      const texts = [page.text];
      const { fields } = extractDocument([page], { documentType: classifyDocument(texts).type, referenceDate: new Date("2024-01-01"), geometry: true });
      const total = bestField(fields, "total");
      const date = bestField(fields, "document_date");
      const issuer = bestField(fields, "issuer");
      const t = tallyOf(mode, turn);
      t.n += 1;
      t.ms.push(ms);
      if (amountMatches(total ? (total.value as Money).amount : undefined, truthAmount(r.total))) t.total += 1;
      if (date?.value === truthDate(String(r.date))) t.date += 1;
      if (nameMatches(issuer?.value as string | undefined, String(r.company))) t.company += 1;
      const tried = read.turns.tried.join("/");
      t.tried.set(tried, (t.tried.get(tried) ?? 0) + 1);
      t.kept.set(read.turns.kept, (t.kept.get(read.turns.kept) ?? 0) + 1);
      console.error(`${r.file} turn ${turn} ${mode}: ${Math.round(ms)} ms, tried ${tried}, kept ${read.turns.kept}, conf ${read.confidence.toFixed(2)}`);
    }
  }
}
for (const pool of pools.values()) await pool.close();

const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);
const p50 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
console.log(`receipts ${offset + 1}–${offset + receipts.length} of the manifest, turned clockwise as stored; fields right of ${receipts.length}`);
console.log("turn  mode  total  date  company  read ms mean  p50   turns tried (count)           kept");
for (const turn of turns) {
  for (const mode of modes) {
    const t = tallyOf(mode, turn);
    const tried = [...t.tried].map(([k, v]) => `${k}:${v}`).join(" ");
    const kept = [...t.kept].map(([k, v]) => `${k}:${v}`).join(" ");
    console.log(`${String(turn).padStart(4)}  ${mode.padEnd(4)}  ${String(t.total).padStart(5)}  ${String(t.date).padStart(4)}  ${String(t.company).padStart(7)}  ${String(Math.round(mean(t.ms))).padStart(12)}  ${String(Math.round(p50(t.ms))).padStart(4)}   ${tried.padEnd(28)}  ${kept}`);
  }
}

const at = new Date().toISOString();
const rows = turns.flatMap((turn) =>
  modes.map((mode) => {
    const t = tallyOf(mode, turn);
    return { turn, mode, n: t.n, total: t.total, date: t.date, company: t.company, readMsMean: Math.round(mean(t.ms)), readMsP50: Math.round(p50(t.ms)), tried: Object.fromEntries(t.tried), kept: Object.fromEntries(t.kept) };
  }),
);
const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `ocr-orient-${at.replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify({ at, offset, limit: receipts.length, turns, modes, cpus: os.availableParallelism(), loadAverage: os.loadavg(), rows }, null, 2));
console.log(`results: ${path.relative(process.cwd(), file)}`);
