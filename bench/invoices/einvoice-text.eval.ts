/**
 * `npm run eval:einvoice-text -- [DIR] [--misses] [--half tuning|held-out|all]`
 *
 * Judges the text-layer extraction on real invoice PDFs that embed their own e-invoice XML (Factur-X / ZUGFeRD 1
 * and 2, e.g. the ZUGFeRD community corpus). `DIR` (or `FOLIO_EINVOICE_CORPUS`) is searched recursively for PDFs;
 * it is not in the repository nor in CI, so this is a bench, not a test. For each PDF:
 * - the truth is read from the embedded XML with Folio's own parser (`src/extraction/einvoice/`): the seller's name,
 *   the invoice number, the issue date, the grand total, the currency and the seller's VAT id;
 * - the fields are extracted from the PDF's text layer only (the PDF adapter's page models, as the service builds
 *   them); the e-invoice is deliberately not handed to the extractor, so no scored field can come from the XML.
 * Scored with the field evaluation's rules (bench/fields/fields.scoring.ts).
 *
 * Producer = the directory a PDF sits in below `DIR`, down to two levels under a `correct/` folder
 * (`ZUGFeRDv2/correct/intarsys`, `XML-Rechnung/FX`). The halves split by producer, fixed here so tuning never
 * peeks at the held-out half: the ZUGFeRD 2 producers and `XML-Rechnung/FX` tune (the latter since the second
 * round), the ZUGFeRD 1 producers are held out; in another set, a top-level `held-out/` folder is (see HELD_OUT). Many samples are one vendor's example invoices rendered again (the same truth in several producers and
 * profiles), so besides the per-file accuracy a deduplicated one is printed: each distinct truth
 * (seller, number, date, total) counts once, with the share of its files that were right.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { readEmbeddedEInvoice } from "../../src/extraction/einvoice/einvoice.reader.js";
import type { EInvoice } from "../../src/extraction/einvoice/einvoice.types.js";
import { closeLoaders } from "../fields/corpus.loader.js";
import { calibrationLines } from "../fields/fields.scoring.js";
import { extractFromTextLayer, INVOICE_FIELDS as FIELDS, type InvoiceField as Scored, type InvoiceResults, type InvoiceTruth as Truth, judgeInvoice as judge, missLine, pct, sellerNameTruth, truthPrinted } from "./invoice-text.scoring.js";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dirArg = args.find((a, i) => !a.startsWith("--") && !(i > 0 && /^--(half|today)$/.test(args[i - 1] ?? "")));
const root = dirArg ?? process.env.FOLIO_EINVOICE_CORPUS;
if (!root) {
  console.error("usage: npm run eval:einvoice-text -- DIR [--misses] [--half tuning|held-out|all]  (or FOLIO_EINVOICE_CORPUS=DIR)");
  process.exit(2);
}
const half = arg("--half") ?? "all";

/**
 * After every sample's date, like the service's upload time: 2025-06-01 for the ZUGFeRD corpus (2013–2024);
 * `--today YYYY-MM-DD` for a set with later invoices.
 */
const REFERENCE_DATE = new Date(arg("--today") ?? "2025-06-01");
if (Number.isNaN(REFERENCE_DATE.getTime())) {
  console.error("--today takes a date, YYYY-MM-DD");
  process.exit(2);
}

/**
 * Producers whose files are held out: never looked at while tuning. The ZUGFeRD corpus' ZUGFeRD 1 producers, and in
 * any other set whatever sits under a top-level `held-out/` folder (`held-out/<source>/x.pdf`; `tuning/<source>/…`
 * tunes), so a set fixes its split in its layout.
 */
const HELD_OUT = (producer: string): boolean => producer.startsWith("ZUGFeRDv1/") || producer.startsWith("held-out/");

function pdfsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pdfsUnder(p));
    else if (/\.pdf$/i.test(name)) out.push(p);
  }
  return out;
}

/** `ZUGFeRDv2/correct/intarsys/EN16931/x.pdf` → `ZUGFeRDv2/correct/intarsys`; `XML-Rechnung/FX/x.pdf` → `XML-Rechnung/FX`. */
function producerOf(rel: string): string {
  const parts = rel.split(path.sep).slice(0, -1);
  const c = parts.indexOf("correct");
  return (c >= 0 ? parts.slice(0, c + 2) : parts.slice(0, 2)).join("/") || ".";
}

function truthOf(inv: EInvoice): Truth {
  const t: Truth = {};
  if (inv.number) t.invoice_number = inv.number;
  // Identifiers written into the name element before the name are no part of it (see sellerNameTruth).
  if (inv.seller.name) t.issuer = sellerNameTruth(inv.seller.name);
  if (inv.issueDate) t.document_date = inv.issueDate;
  // A credit note's XML states its amounts positive (the document type says which way they go); its page prints
  // them either way: compared without sign (see judge).
  if (inv.totals.grandTotal !== null) t.total = inv.kind === "credit_note" ? Math.abs(inv.totals.grandTotal) : inv.totals.grandTotal;
  if (inv.kind === "credit_note") t.credit = true;
  if (inv.currency) t.currency = inv.currency;
  if (inv.seller.vatId) t.vat_id = inv.seller.vatId;
  return t;
}

interface Row {
  file: string;
  producer: string;
  group: string;
  results: InvoiceResults;
  /** Per scored field: does the page print the truth at all (see truthPrinted)? */
  printed: Partial<Record<Scored, boolean>>;
}

const rows: Row[] = [];
const skipped: string[] = [];
for (const file of pdfsUnder(path.resolve(root))) {
  const rel = path.relative(path.resolve(root), file);
  const producer = producerOf(rel);
  const isHeld = HELD_OUT(producer);
  if ((half === "tuning" && isHeld) || (half === "held-out" && !isHeld)) continue;
  // No `einvoice` option inside: every scored field comes from the text layer; the XML is only the truth.
  const { fields, text, attachments } = await extractFromTextLayer(file, REFERENCE_DATE);
  const embedded = readEmbeddedEInvoice(attachments).found;
  if (!embedded) {
    skipped.push(`${rel}: no e-invoice parsed`);
    continue;
  }
  const truth = truthOf(embedded.invoice);
  const group = [truth.issuer, truth.invoice_number, truth.document_date, truth.total].map((v) => String(v ?? "").toUpperCase().replace(/\s+/g, "")).join("|");
  const printed: Partial<Record<Scored, boolean>> = {};
  for (const f of FIELDS) if (truth[f] !== undefined) printed[f] = truthPrinted(f, truth[f] as string | number, text);
  rows.push({ file: rel, producer, group, results: judge(truth, fields), printed });
}
await closeLoaders();

/**
 * Per-file and deduplicated (each distinct truth once, credited with the share of its files right) accuracy, and
 * per file over the fields whose truth the page prints (`pRight`/`pN`).
 */
function tally(rs: readonly Row[], f: Scored): { right: number; n: number; dRight: number; dN: number; pRight: number; pN: number } {
  let right = 0;
  let n = 0;
  let pRight = 0;
  let pN = 0;
  const groups = new Map<string, { right: number; n: number }>();
  for (const r of rs) {
    const x = r.results[f];
    if (!x) continue;
    n += 1;
    if (x.ok) right += 1;
    if (r.printed[f]) {
      pN += 1;
      if (x.ok) pRight += 1;
    }
    const g = groups.get(r.group) ?? { right: 0, n: 0 };
    g.n += 1;
    if (x.ok) g.right += 1;
    groups.set(r.group, g);
  }
  let dRight = 0;
  for (const g of groups.values()) dRight += g.right / g.n;
  return { right, n, dRight, dN: groups.size, pRight, pN };
}

function table(title: string, rs: readonly Row[]): void {
  console.log(`\n${title}: ${rs.length} files, ${new Set(rs.map((r) => r.group)).size} distinct invoices`);
  console.log("field            right/n   files   distinct   truth printed: right/n");
  for (const f of FIELDS) {
    const t = tally(rs, f);
    console.log(`${f.padEnd(16)} ${`${t.right}/${t.n}`.padStart(7)}  ${pct(t.right, t.n)}  ${pct(t.dRight, t.dN)}   ${`${t.pRight}/${t.pN}`.padStart(7)}  ${pct(t.pRight, t.pN)}`);
  }
}

const halves = [...new Set(rows.map((r) => (HELD_OUT(r.producer) ? "held-out" : "tuning")))].sort().reverse();
table("all", rows);
for (const h of halves) table(h, rows.filter((r) => (HELD_OUT(r.producer) ? "held-out" : "tuning") === h));
// The same sample invoice rendered by producers on both sides is not unseen: the held-out files whose truth no
// tuning file shares.
const tuned = new Set(rows.filter((r) => !HELD_OUT(r.producer)).map((r) => r.group));
if (tuned.size > 0 && halves.includes("held-out")) table("held-out, invoices not in the tuning half", rows.filter((r) => HELD_OUT(r.producer) && !tuned.has(r.group)));
console.log("\nBy producer (files right per field)");
console.log(`producer                               half      n  ${FIELDS.map((f) => f.slice(0, 8).padStart(8)).join(" ")}`);
for (const p of [...new Set(rows.map((r) => r.producer))].sort()) {
  const rs = rows.filter((r) => r.producer === p);
  const cells = FIELDS.map((f) => {
    const t = tally(rs, f);
    return `${t.right}/${t.n}`.padStart(8);
  });
  console.log(`${p.padEnd(38)} ${(HELD_OUT(p) ? "held-out" : "tuning").padEnd(8)} ${String(rs.length).padStart(3)}  ${cells.join(" ")}`);
}
for (const h of halves) {
  console.log(`\nCalibration, ${h}: confidence bin → count, accuracy (every scored field)`);
  const points = rows.filter((r) => (HELD_OUT(r.producer) ? "held-out" : "tuning") === h).flatMap((r) => Object.values(r.results).map((x) => ({ confidence: x.conf, right: x.ok })));
  for (const line of calibrationLines(points)) console.log(line);
}
for (const s of skipped) console.log(`SKIP ${s}`);
if (args.includes("--misses")) {
  for (const r of rows)
    for (const f of FIELDS) {
      const x = r.results[f];
      if (x && !x.ok) console.log(`${missLine(r.file, f, x)}${r.printed[f] ? "" : " [truth not printed]"}`);
    }
}
