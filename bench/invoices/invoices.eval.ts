/**
 * `npm run eval:invoices -- [--family europe|saas|html] [--seed N] [--count 40] [--misses] [--dir DIR] [--scan [clean|office|phone]] [--reread-max N]`
 *
 * Generates `count` synthetic invoices of `seed` (invoices.gen.ts) into `.cache/invoices/seed-<N>/` (or `--dir`),
 * reads each PDF's text layer into page models as the service does (the PDF adapter in its sandbox child), runs the
 * field extractor (no service, no database) and scores invoice number, issuer, document date, total, currency and
 * the issuer's VAT id with the rules of the field evaluation (bench/fields/fields.scoring.ts). Prints per-field
 * accuracy, by language (saas, html: by layout) too, and with `--misses` every miss with the invoice's layout. Families
 * have separate seeds: `--family saas --seed 1` is not `--seed 1`.
 *
 * `--scan MODE` (default `office`) reads scanned paper instead of the text layer: each page rasterised by the
 * service's PDF renderer and degraded as a flatbed scan (`clean`), an office scanner (`office`: slight skew, blur,
 * noise, JPEG) or a phone photo (`phone`), then OCR'd as the service reads an uploaded image — the OCR pool with its
 * preparation, then targeted re-OCR of the key regions (`--reread-max`, default 4 as the service; 0 = off). See
 * invoices.scan.ts; OCR pages are cached by image content and OCR settings under `.cache/ocr-pages/`, so reruns
 * only re-run the re-reads and the extractor. Also prints OCR time per page.
 *
 * Keep one seed held out: tune on others, and run the held-out seed without `--misses`.
 */
import path from "node:path";
import { classifyDocument } from "../../src/extraction/classifier.js";
import type { ExtractedField, FieldName, Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../../src/extraction/fields/index.js";
import { closeLoaders, pdfPages } from "../fields/corpus.loader.js";
import { scanMode, scannedPages, type ScanMode } from "./invoices.scan.js";
import { amountMatches, idMatches, nameMatches } from "../fields/fields.scoring.js";
import { invoiceDir, invoiceFamily, writeInvoices, type InvoiceFamily } from "./invoices.gen.js";
import type { GeneratedTruth } from "./invoices.types.js";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(arg("--seed") ?? 1);
const count = Number(arg("--count") ?? 40);
const family: InvoiceFamily = invoiceFamily(arg("--family"));
const dir = path.resolve(arg("--dir") ?? invoiceDir(family, seed));
const scan: ScanMode | null = args.includes("--scan") ? scanMode(arg("--scan")) : null;
const rereadMax = Number(arg("--reread-max") ?? 4);
const ocrMs: number[] = [];
const rereadMs: number[] = [];
const FIELDS = ["invoice_number", "issuer", "document_date", "total", "currency", "vat_id"] as const;

/** The generated invoices are dated 2024–2025; the service uses the upload time, so a date after them. */
const REFERENCE_DATE = new Date("2025-06-01");

const manifest = await writeInvoices(seed, count, dir, family);
const tally = new Map<string, { right: number; n: number }>();
const misses: string[] = [];
const count1 = (k: string, ok: boolean): void => {
  const t = tally.get(k) ?? { right: 0, n: 0 };
  t.n += 1;
  if (ok) t.right += 1;
  tally.set(k, t);
};

function judge(t: GeneratedTruth, fields: ExtractedField[], note = ""): void {
  const get = (n: FieldName): ExtractedField | undefined => fields.find((f) => f.name === n) ?? bestField(fields, n);
  for (const name of FIELDS) {
    const truth = t[name];
    if (truth === undefined) continue;
    const f = get(name);
    const found = f === undefined ? "∅" : typeof f.value === "string" ? f.value : (f.value as Money).amount.toFixed(2);
    let ok: boolean;
    if (name === "total") ok = amountMatches(f ? (f.value as Money).amount : undefined, truth as number);
    else if (name === "issuer") ok = nameMatches(f?.value as string | undefined, truth as string);
    else if (name === "invoice_number" || name === "vat_id") ok = idMatches(f?.value as string | undefined, truth as string);
    else ok = f?.value === truth;
    count1(name, ok);
    count1(`${name}|${t.group ?? t.lang}`, ok);
    if (!ok) misses.push(`MISS ${t.file} ${name}: found ${JSON.stringify(found)} (conf ${f?.confidence ?? 0}) truth ${JSON.stringify(truth)}  [${t.layout}]${note}`);
  }
}

for (const t of manifest) {
  let pages = await pdfPages(path.join(dir, t.file));
  let note = "";
  if (scan) {
    const read = await scannedPages(path.join(dir, t.file), pages.length, scan, { maxRegions: rereadMax });
    pages = read.pages;
    for (const s of read.scans) {
      ocrMs.push(s.ocrMs);
      rereadMs.push(s.rereadMs);
    }
    note = ` [scan ${read.scans.map((s) => `${path.basename(s.image)} ${s.params.dpi}dpi ${s.params.angle.toFixed(2)}°`).join(", ")}]`;
  }
  const documentType = classifyDocument(pages.map((p) => p.text)).type;
  const { fields } = extractDocument(pages, { documentType, referenceDate: REFERENCE_DATE, geometry: true });
  judge(t, fields, note);
}
await closeLoaders();

const pct = (t: { right: number; n: number } | undefined): string => (t && t.n > 0 ? `${((100 * t.right) / t.n).toFixed(1)}%`.padStart(6) : "   -  ");
const langs = [...new Set(manifest.map((t) => t.group ?? t.lang))].sort();
console.log(`${family} seed ${seed}, ${manifest.length} invoices (${dir})${scan ? `, scanned: ${scan}` : ""}`);
console.log(`field            right/n      all  ${langs.map((l) => l.padStart(6)).join(" ")}`);
for (const f of FIELDS) {
  const t = tally.get(f);
  console.log(`${f.padEnd(16)} ${`${t?.right ?? 0}/${t?.n ?? 0}`.padStart(7)}  ${pct(t)}  ${langs.map((l) => pct(tally.get(`${f}|${l}`))).join(" ")}`);
}
if (scan) {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(`${ocrMs.length} pages: OCR (as cached) median ${median(ocrMs).toFixed(0)} ms, re-OCR median ${median(rereadMs).toFixed(0)} ms per page`);
}
if (args.includes("--misses")) for (const m of misses) console.log(m);
