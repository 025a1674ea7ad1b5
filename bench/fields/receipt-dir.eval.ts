/**
 * `npm run eval:receipt-dir -- DIR [--half tuning|held-out|all] [--reread] [--misses] [--no-ocr]`
 *
 * Judges receipt extraction on a directory of hand-labelled receipt images (photos or scans, JPEG/PNG). `DIR/truth.json`
 * maps an image's file name to what the receipt states:
 * `{ "x.jpg": { "company": "…" | ["…", "…"], "date": "YYYY-MM-DD", "total": 12.5 } }` — `company` is the merchant's
 * name as printed at the top (a list when the receipt prints a trading name and a legal name: either is right),
 * `null` (or a missing key) marks a field the receipt does not show legibly, which is then not scored. Images without
 * an entry are skipped. The directory is not in the repository nor in CI: a bench.
 *
 * Each image goes through what `eval:fields` does for the corpus receipts (`corpus.loader.ts`): the pipeline's OCR
 * pool (pages cached under `.cache/ocr-pages/`, `--no-ocr` reads only the cache), with `--reread` the targeted re-OCR
 * of doubtful key regions, then classification and the page-model extractor; scored with `fields.scoring.ts`.
 *
 * Halves: the files sorted by name alternate, tuning first (1st, 3rd, … tune; 2nd, 4th, … are held out). Look at
 * `--misses` of the tuning half only; of the held-out half read the table, never its files.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { classifyDocument } from "../../src/extraction/classifier.js";
import type { Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../../src/extraction/fields/index.js";
import { closeLoaders, ocrPage, rereadPage } from "./corpus.loader.js";
import { amountMatches, nameMatches, truthDate } from "./fields.scoring.js";

/** A receipt's labels; `null` or absent: not legible on the receipt, not scored. */
interface ReceiptLabel {
  company?: string | string[] | null;
  date?: string | null;
  total?: number | null;
}

const FIELDS = ["total", "date", "company"] as const;
type Field = (typeof FIELDS)[number];

const args = process.argv.slice(2);
const halfAt = args.indexOf("--half");
const half = halfAt >= 0 ? (args[halfAt + 1] ?? "all") : "all";
const root = args.find((a, i) => !a.startsWith("--") && !(halfAt >= 0 && i === halfAt + 1));
if (!root || !["tuning", "held-out", "all"].includes(half)) {
  console.error("usage: npm run eval:receipt-dir -- DIR [--half tuning|held-out|all] [--reread] [--misses] [--no-ocr]  (DIR/truth.json labels the images)");
  process.exit(2);
}
const truthFile = path.join(root, "truth.json");
if (!existsSync(truthFile)) {
  console.error(`no ${truthFile}`);
  process.exit(2);
}
const labels = JSON.parse(readFileSync(truthFile, "utf8")) as Record<string, ReceiptLabel>;
const reread = args.includes("--reread");
const cacheOnly = args.includes("--no-ocr");

/** After every labelled receipt's date, like the service's upload time. */
const REFERENCE_DATE = new Date("2027-01-01");

const files = readdirSync(root)
  .filter((f) => /\.(jpe?g|png)$/i.test(f) && labels[f] !== undefined)
  .sort();
const halfOf = (i: number): "tuning" | "held-out" => (i % 2 === 0 ? "tuning" : "held-out");

interface Judged {
  ok: boolean;
  found: string;
  truth: string;
}
interface Row {
  file: string;
  half: "tuning" | "held-out";
  results: Partial<Record<Field, Judged>>;
}

const rows: Row[] = [];
const skipped: string[] = [];
for (const [i, file] of files.entries()) {
  const h = halfOf(i);
  if (half !== "all" && half !== h) continue;
  const img = path.join(root, file);
  const ocr = await ocrPage(img, cacheOnly);
  if (!ocr) {
    skipped.push(file);
    continue;
  }
  const page = reread ? (await rereadPage(img, ocr.page, { level: ocr.level })).page : ocr.page;
  const documentType = classifyDocument([page.text]).type;
  const { fields } = extractDocument([page], { documentType, referenceDate: REFERENCE_DATE, geometry: true });
  const label = labels[file] ?? {};
  const total = bestField(fields, "total");
  const date = bestField(fields, "document_date");
  const issuer = bestField(fields, "issuer");
  const results: Row["results"] = {};
  if (typeof label.total === "number") {
    const amount = total ? (total.value as Money).amount : undefined;
    results.total = { ok: amountMatches(amount, label.total), found: amount?.toFixed(2) ?? "∅", truth: label.total.toFixed(2) };
  }
  if (typeof label.date === "string") {
    results.date = { ok: date?.value === truthDate(label.date), found: String(date?.value ?? "∅"), truth: label.date };
  }
  const names = typeof label.company === "string" ? [label.company] : (label.company ?? []);
  if (names.length > 0) {
    const found = issuer?.value as string | undefined;
    results.company = { ok: names.some((n) => nameMatches(found, n)), found: found ?? "∅", truth: names.join(" | ") };
  }
  rows.push({ file, half: h, results });
}
await closeLoaders();

const pct = (a: number, n: number): string => (n === 0 ? "   -  " : `${((100 * a) / n).toFixed(1).padStart(5)}%`);
function table(title: string, rs: readonly Row[]): void {
  console.log(`\n${title}: ${rs.length} receipts`);
  console.log("field        right/n   receipts");
  for (const f of FIELDS) {
    const xs = rs.map((r) => r.results[f]).filter((x) => x !== undefined);
    const right = xs.filter((x) => x.ok).length;
    console.log(`${f.padEnd(12)} ${`${right}/${xs.length}`.padStart(7)}  ${pct(right, xs.length)}`);
  }
}

for (const h of ["tuning", "held-out"] as const) {
  const rs = rows.filter((r) => r.half === h);
  if (rs.length > 0) table(h, rs);
}
if (skipped.length > 0) console.log(`\nnot OCR'd (--no-ocr, not cached): ${skipped.join(", ")}`);
if (args.includes("--misses")) {
  for (const r of rows)
    for (const f of FIELDS) {
      const x = r.results[f];
      if (x && !x.ok) console.log(`MISS ${r.half} ${r.file} ${f}: found ${x.found} truth ${x.truth}`);
    }
}
