/**
 * `npm run eval:fields [-- --limit N] [--offset K] [--only receipts|invoices] [--source boxes|ocr|all] [--no-ocr] [--learn] [--reread [--reread-max N] [--reread-conf C] [--no-german-names]]`
 *
 * Runs field extraction (page model + fields, no service, no DB) over the
 * shared corpus and prints per-field accuracy for the current extractor
 * ("after") and the text-only extractor it replaces ("before") on the same
 * page text, the calibration table of the assignment confidence, OCR
 * character accuracy and time per page. OCR results are cached under
 * `.cache/ocr-pages/` (delete it to re-run OCR); `--no-ocr` uses only what is cached.
 * `--reread` applies targeted re-OCR (`src/extraction/ocr.reread.ts`) to every
 * OCR'd page and reports its cost (regions read, replaced, ms per page).
 * `--learn` replays the corpus correcting every wrong field and prints accuracy
 * before vs after learning instead (see `learning.replay.ts`).
 * `--offset K` starts the receipts at the manifest's K-th (`--offset 60 --limit 60`: the held-out half, the first 60
 * being the tuning half); `--only receipts|invoices` runs one set.
 * Scoring rules: see `fields.scoring.ts`.
 */
import path from "node:path";
import { classifyDocument } from "../../src/extraction/classifier.js";
import { readFileSync } from "node:fs";
import type { ExtractedField, FieldName, LineItem, Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractDocument, extractFields } from "../../src/extraction/fields/index.js";
import type { PageModel } from "../../src/extraction/page/page.model.js";
import type { LevelledPage } from "../../src/extraction/ocr.adapter.js";
import { CORPUS_DIR, closeLoaders, invoiceManifest, ocrPage, pdfPages, receiptManifest, receiptPageFromBoxes, rereadPage } from "./corpus.loader.js";
import { runLearningReplay } from "./learning.replay.js";
import { amountMatches, calibrationLines, charAccuracy, idMatches, matchLineItems, nameMatches, truthAmount, truthDate, type TruthLine } from "./fields.scoring.js";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(arg("--limit") ?? Infinity);
const offset = Number(arg("--offset") ?? 0);
const only = arg("--only");
const source = arg("--source") ?? "all";
const cacheOnly = args.includes("--no-ocr");
const reread = args.includes("--reread");
const rereadOpts = { maxRegions: Number(arg("--reread-max") ?? 4), minConfidence: Number(arg("--reread-conf") ?? 0.9), germanNames: !args.includes("--no-german-names") };
const rereadMs: number[] = [];
let rereadRegions = 0;
let rereadReplaced = 0;

/** The OCR'd page, re-read where doubtful when `--reread` is on. */
async function maybeReread(imageFile: string, page: PageModel, level?: LevelledPage): Promise<PageModel> {
  if (!reread) return page;
  const r = await rereadPage(imageFile, page, { ...rereadOpts, level });
  rereadMs.push(r.report.ms);
  rereadRegions += r.report.regions;
  rereadReplaced += r.report.replaced;
  return r.page;
}

/** One scored observation: a field of a document judged right or wrong. */
interface Obs {
  set: string;
  field: string;
  right: boolean;
  confidence: number;
  found: string;
  truth: string;
  file: string;
}

const after: Obs[] = [];
const before: Obs[] = [];
const extractMs: number[] = [];
const ocrMs: number[] = [];
const charAcc: number[] = [];

function valueText(f: ExtractedField | undefined): string {
  if (!f) return "∅";
  return typeof f.value === "string" ? f.value : (f.value as Money).amount.toFixed(2);
}

function judge(set: string, file: string, fields: ExtractedField[], truth: Partial<Record<FieldName | "company", string | number>>, into: Obs[]): void {
  const get = (n: FieldName) => fields.find((f) => f.name === n) ?? bestField(fields, n);
  for (const [name, t] of Object.entries(truth)) {
    if (t === undefined || t === "") continue;
    const fieldName = (name === "company" ? "issuer" : name) as FieldName;
    const f = get(fieldName);
    let right = false;
    if (fieldName === "total") right = amountMatches(f ? (f.value as Money).amount : undefined, truthAmount(t));
    else if (fieldName === "document_date") right = f?.value === truthDate(String(t));
    else if (fieldName === "issuer") right = nameMatches(f?.value as string | undefined, String(t));
    else if (fieldName === "invoice_number" || fieldName === "vat_id") right = idMatches(f?.value as string | undefined, String(t));
    else if (fieldName === "currency") right = f?.value === t || (f === undefined && false);
    into.push({ set, field: name, right, confidence: f?.confidence ?? 0, found: valueText(f), truth: String(t), file });
  }
}

/** Line items per document: how many, whether they add up, and (for invoices whose truth lists them) item-level matches. */
interface ItemObs {
  set: string;
  file: string;
  items: LineItem[];
  /** The items' amounts sum to the true total (within half a cent). */
  sumIsTotal: boolean;
  /** The chosen total's `line_items_sum` check passed (gross, net + tax, subtotal, within a rounding). */
  checkPassed: boolean;
  lines?: { right: number; found: number; truth: number };
}
const itemObs: ItemObs[] = [];

function run(set: string, file: string, pages: PageModel[], truth: Parameters<typeof judge>[3], geometry: boolean, lines?: readonly TruthLine[]): void {
  const texts = pages.map((p) => p.text);
  const documentType = classifyDocument(texts).type;
  const t0 = performance.now();
  const { fields, lineItems } = extractDocument(pages, { documentType, referenceDate: new Date("2024-01-01"), geometry });
  extractMs.push((performance.now() - t0) / pages.length);
  const sum = lineItems.reduce((s, i) => s + i.amount.amount, 0);
  const total = truth.total === undefined ? NaN : truthAmount(truth.total);
  const checkPassed = fields.find((f) => f.name === "total")?.checks?.some((c) => c.name === "line_items_sum" && c.passed) ?? false;
  itemObs.push({ set, file, items: lineItems, sumIsTotal: lineItems.length > 0 && amountMatches(sum, total), checkPassed, ...(lines ? { lines: matchLineItems(lineItems, lines) } : {}) });
  judge(set, file, fields, truth, after);
  const old = extractFields(texts, { documentType, referenceDate: new Date("2024-01-01") });
  // The old extractor had no currency field: it reported the total's currency.
  const oldTotal = bestField(old, "total");
  const oldWithCurrency = oldTotal && (oldTotal.value as Money).currency ? [...old, { ...oldTotal, name: "currency" as const, value: (oldTotal.value as Money).currency as string }] : old;
  judge(set, file, oldWithCurrency, truth, before);
}

if (args.includes("--learn")) {
  await runLearningReplay({ source, limit, cacheOnly, changes: args.includes("--regressions") });
  process.exit(0);
}

const receipts = only === "invoices" ? [] : receiptManifest().slice(offset, offset + limit);
for (const r of receipts) {
  const truth = { total: r.total, document_date: r.date, company: r.company };
  const img = path.join(CORPUS_DIR, "receipts", r.file);
  const boxPage = receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", r.ocr_lines), img);
  if (source === "all" || source === "boxes") run("receipts/boxes", r.file, [boxPage], truth, true);
  if (source === "all" || source === "ocr") {
    const ocr = await ocrPage(img, cacheOnly);
    if (ocr) {
      ocrMs.push(ocr.ms);
      const page = await maybeReread(img, ocr.page, ocr.level);
      charAcc.push(charAccuracy(page.text, boxPage.text));
      run("receipts/ocr", r.file, [page], truth, true);
    }
  }
}
for (const inv of only === "receipts" ? [] : invoiceManifest().slice(0, limit)) {
  const e = inv.expected;
  const truth = { total: e.amount, document_date: e.date, company: e.issuer, invoice_number: e.invoice_number, currency: e.currency, vat_id: e.vat };
  const file = path.join(CORPUS_DIR, "invoices", inv.file);
  const lines = (JSON.parse(readFileSync(file.replace(/\.(pdf|png)$/, ".json"), "utf8")) as { lines?: TruthLine[] }[])[0]?.lines;
  if (inv.kind === "pdf" && (source === "all" || source === "boxes")) run("invoices/pdf", inv.file, await pdfPages(file), truth, true, lines);
  if (inv.kind === "png" && (source === "all" || source === "ocr")) {
    const ocr = await ocrPage(file, cacheOnly);
    if (ocr) {
      ocrMs.push(ocr.ms);
      run("invoices/png", inv.file, [await maybeReread(file, ocr.page, ocr.level)], truth, true, lines);
    }
  }
}
await closeLoaders();

// Per-field accuracy, before → after.
const pct = (a: number, n: number): string => (n === 0 ? "   -  " : `${((100 * a) / n).toFixed(1).padStart(5)}%`);
const sets = [...new Set(after.map((o) => `${o.set}|${o.field}`))];
console.log("\nPer-field accuracy (before = text-only extractor on the same page text; after = page-model extractor)");
console.log("set              field            n   before   after");
for (const k of sets) {
  const [set, field] = k.split("|");
  const a = after.filter((o) => o.set === set && o.field === field);
  const b = before.filter((o) => o.set === set && o.field === field);
  console.log(`${(set ?? "").padEnd(16)} ${(field ?? "").padEnd(15)} ${String(a.length).padStart(3)}  ${pct(b.filter((o) => o.right).length, b.length)}  ${pct(a.filter((o) => o.right).length, a.length)}`);
}

// Line items.
console.log("\nLine items (sum = items add up to the true total; check = the total's line_items_sum passed: gross, net + tax, subtotal, within rounding)");
console.log("set              docs  with items  items  sum=total  check passed  item P / R (truth lists lines)");
for (const set of [...new Set(itemObs.map((o) => o.set))]) {
  const os = itemObs.filter((o) => o.set === set);
  const withItems = os.filter((o) => o.items.length > 0);
  const scored = os.filter((o) => o.lines);
  const right = scored.reduce((s, o) => s + (o.lines?.right ?? 0), 0);
  const found = scored.reduce((s, o) => s + (o.lines?.found ?? 0), 0);
  const truthN = scored.reduce((s, o) => s + (o.lines?.truth ?? 0), 0);
  const pr = scored.length === 0 ? "-" : `${pct(right, found)} / ${pct(right, truthN)} (${right}/${found}, ${right}/${truthN} over ${scored.length} docs)`;
  console.log(`${set.padEnd(16)} ${String(os.length).padStart(4)}  ${String(withItems.length).padStart(10)}  ${String(withItems.reduce((s, o) => s + o.items.length, 0)).padStart(5)}  ${pct(os.filter((o) => o.sumIsTotal).length, os.length)}  ${pct(os.filter((o) => o.checkPassed).length, os.length).padStart(12)}  ${pr}`);
}
if (args.includes("--items")) {
  for (const o of itemObs) {
    console.log(`ITEMS ${o.set} ${o.file}: ${o.items.length} item(s), sum=total ${o.sumIsTotal}, check ${o.checkPassed}${o.lines ? `, ${o.lines.right}/${o.lines.found} right of ${o.lines.truth}` : ""}`);
    for (const i of o.items) console.log(`    ${JSON.stringify(i.description)} q=${i.quantity ?? "-"} p=${i.unitPrice?.amount ?? "-"} a=${i.amount.amount}`);
  }
}

// Calibration of the assignment confidence over every judged field (all sets).
console.log("\nCalibration (after): confidence bin → count, accuracy");
for (const line of calibrationLines(after)) console.log(line);

const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(`\nOCR character accuracy (receipts, vs box.csv truth in reading order): mean ${(100 * mean(charAcc)).toFixed(1)}% over ${charAcc.length}`);
console.log(`Time per page: OCR median ${median(ocrMs).toFixed(0)} ms (${ocrMs.length} cached/measured), field extraction median ${median(extractMs).toFixed(1)} ms, mean ${mean(extractMs).toFixed(1)} ms`);
if (reread) {
  console.log(`Targeted re-OCR: ${rereadMs.length} pages, ${rereadRegions} regions read again, ${rereadReplaced} replaced; median ${median(rereadMs).toFixed(0)} ms, mean ${mean(rereadMs).toFixed(0)} ms per page`);
}
if (args.includes("--regressions")) {
  after.forEach((o, i) => {
    const b = before[i];
    if (b && b.right && !o.right) console.log(`REGRESSION ${o.set} ${o.file} ${o.field}: now ${o.found}, before ${b.found}, truth ${o.truth}`);
  });
}
if (args.includes("--misses")) {
  for (const o of after.filter((x) => !x.right)) console.log(`MISS ${o.set} ${o.file} ${o.field}: found ${o.found} (conf ${o.confidence}) truth ${o.truth}`);
}
