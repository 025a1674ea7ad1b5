/**
 * `npm run bench:ocr-scale [-- --dpi 100,150,200] [--variants 0,22] [--receipts 40] [--synthetic 6] [--invoices N] [--rows out.jsonl] [--scan Q]`
 *
 * Does scaling a page by its measured print size (`minTextHeightPx`, text-height.estimate.ts) instead of
 * its width alone help OCR of full-page documents, and what does it do to receipts?
 *
 * Documents:
 * - the shared corpus' invoice PDFs (`$FOLIO_CORPUS/invoices/*.pdf` with a manifest truth), rendered with
 *   poppler's `pdftoppm` at each `--dpi` into a temporary directory, as a scanner would deliver them;
 * - `--synthetic` full-page invoices generated here with pdf-lib (layouts, fonts and values from a seeded
 *   generator; a 7 pt footer carrying the VAT id and IBAN), rendered the same way;
 * - with `--scan Q`, every render blurred slightly and JPEG-compressed at quality Q (a cheap scanner's output);
 * - `--receipts` shared-corpus receipt photos as they are (no dpi), scored on total / date / company.
 *
 * Every page is read by the service's OCR pool (one tesseract worker per variant, `prepareOptions:
 * { minTextHeightPx }`; 0 = the width rule alone), then classified and extracted as `npm run eval:fields`
 * does, and scored with its rules (fields.scoring.ts). Variants run document by document, their order
 * rotating, so the machine's changing load hits them alike. Nothing is cached; nothing is written into the
 * repository (rows go to `--rows` if given).
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import sharp from "sharp";
import { classifyDocument } from "../src/extraction/classifier.js";
import type { ExtractedField, FieldName, Money } from "../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../src/extraction/fields/index.js";
import { taxIdChecksum } from "../src/extraction/fields/tax-id.checksums.js";
import { createOcrPool, type OcrPool } from "../src/extraction/ocr.adapter.js";
import { estimateTextHeight } from "../src/extraction/text-height.estimate.js";
import type { PageModel } from "../src/extraction/page/page.model.js";
import { CORPUS_DIR, invoiceManifest, receiptManifest, receiptPageFromBoxes } from "./fields/corpus.loader.js";
import { amountMatches, charAccuracy, idMatches, nameMatches, truthAmount, truthDate } from "./fields/fields.scoring.js";

const { values: args } = parseArgs({
  options: {
    dpi: { type: "string", default: "100,150,200" },
    variants: { type: "string", default: "0,22" },
    receipts: { type: "string", default: "40" },
    synthetic: { type: "string", default: "6" },
    invoices: { type: "string" },
    rows: { type: "string" },
    scan: { type: "string", default: "0" },
  },
});
const DPIS = args.dpi.split(",").map(Number);
const VARIANTS = args.variants.split(",").map(Number);
const RECEIPTS = Number(args.receipts);
const SYNTHETIC = Number(args.synthetic);
const INVOICES = args.invoices ? Number(args.invoices) : Infinity;
/** `--scan Q` (1–100): renders degraded as a cheap scanner delivers them (slight blur, JPEG at quality Q); 0: clean PNG. */
const SCAN_QUALITY = Number(args.scan);

/** Expected fields of a document (absent: not scored). */
interface Truth {
  total?: number;
  document_date?: string;
  issuer?: string;
  invoice_number?: string;
  currency?: string;
  vat_id?: string;
}

/** One document read with one variant. */
interface Row {
  set: string;
  dpi: number;
  variant: number;
  file: string;
  right: Record<string, boolean>;
  ocrMs: number;
  /** Median glyph height of the first page as rendered (px), null when not measurable. */
  textPx: number | null;
  charAcc?: number;
}
const rows: Row[] = [];

// ---------------------------------------------------------------------------
// Synthetic invoices
// ---------------------------------------------------------------------------

/** A small seeded generator (mulberry32), so every run builds the same documents. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const digits = (r: () => number, n: number): string => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join("");

/** A VAT id of `country` that passes the extractor's checksum (random digits until one does). */
function vatId(r: () => number, country: "DE" | "NL" | "FR" | "BE" | "GB"): string {
  for (;;) {
    const body = country === "NL" ? `${digits(r, 9)}B0${1 + Math.floor(r() * 9)}` : country === "FR" ? digits(r, 11) : country === "BE" ? `0${digits(r, 9)}` : digits(r, 9);
    const id = `${country}${body}`;
    if (taxIdChecksum(id) === true) return id;
  }
}

/** A valid IBAN (mod 97) of `country` with `length` characters, printed in groups of four. */
function iban(r: () => number, country: string, length: number): string {
  const bban = digits(r, length - 4);
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  const check = String(98 - rem).padStart(2, "0");
  return `${country}${check}${bban}`.replace(/(.{4})/g, "$1 ").trim();
}

const COMPANY_A = ["Northwind", "Bluefield", "Harbor", "Kestrel", "Lindqvist", "Meridian", "Oakridge", "Pellham", "Quarry", "Silverline"];
const COMPANY_B = ["Systems", "Logistics", "Consulting", "Print Works", "Engineering", "Supplies", "Media", "Laboratories"];
const ITEMS = ["Consulting hours", "Annual licence", "Support contract", "Cable set", "Office chairs", "Toner cartridge", "Hosting (monthly)", "Installation", "Training session", "Spare parts kit"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A generated invoice: its PDF bytes and what extraction should find. */
interface SyntheticInvoice {
  name: string;
  pdf: Uint8Array;
  truth: Truth;
}

/** Formats `n` with two decimals, comma or point as decimal separator. */
function money(n: number, comma: boolean): string {
  const [i, d] = n.toFixed(2).split(".");
  const grouped = (i ?? "0").replace(/\B(?=(\d{3})+(?!\d))/g, comma ? "." : ",");
  return comma ? `${grouped},${d}` : `${grouped}.${d}`;
}

async function syntheticInvoice(index: number): Promise<SyntheticInvoice> {
  const r = rng(1000 + index * 7919);
  const countries = [
    { vat: "DE", iban: "DE", len: 22, currency: "EUR", symbol: "EUR", comma: true },
    { vat: "NL", iban: "NL", len: 18, currency: "EUR", symbol: "EUR", comma: true },
    { vat: "FR", iban: "FR", len: 27, currency: "EUR", symbol: "EUR", comma: true },
    { vat: "GB", iban: "GB", len: 22, currency: "GBP", symbol: "GBP", comma: false },
    { vat: "BE", iban: "BE", len: 16, currency: "EUR", symbol: "EUR", comma: true },
  ] as const;
  const c = countries[index % countries.length] as (typeof countries)[number];
  const issuer = `${pick(r, COMPANY_A)} ${pick(r, COMPANY_B)} ${c.vat === "DE" ? "GmbH" : c.vat === "NL" ? "B.V." : c.vat === "GB" ? "Ltd" : c.vat === "FR" ? "SARL" : "NV"}`;
  const number = `${pick(r, ["INV", "RE", "F", "2024-"])}${digits(r, 5)}`;
  const year = 2023 + Math.floor(r() * 2);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const dateText = index % 2 === 0 ? `${day} ${MONTH_NAMES[month - 1]} ${year}` : iso;
  const vat = vatId(r, c.vat);
  const account = iban(r, c.iban, c.len);
  const lines = Array.from({ length: 3 + Math.floor(r() * 5) }, () => {
    const qty = 1 + Math.floor(r() * 9);
    const unit = Math.round((5 + r() * 400) * 100) / 100;
    return { desc: pick(r, ITEMS), qty, unit, amount: Math.round(qty * unit * 100) / 100 };
  });
  const net = Math.round(lines.reduce((s, l) => s + l.amount, 0) * 100) / 100;
  const rate = c.vat === "GB" ? 20 : c.vat === "DE" ? 19 : c.vat === "FR" ? 20 : 21;
  const tax = Math.round(net * rate) / 100;
  const total = Math.round((net + tax) * 100) / 100;

  const doc = await PDFDocument.create();
  const family = index % 3;
  const regular = await doc.embedFont([StandardFonts.Helvetica, StandardFonts.TimesRoman, StandardFonts.Courier][family] as StandardFonts);
  const bold = await doc.embedFont([StandardFonts.HelveticaBold, StandardFonts.TimesRomanBold, StandardFonts.CourierBold][family] as StandardFonts);
  const page = doc.addPage([595.28, 841.89]);
  const body = 9 + (index % 2);
  const text = (p: PDFPage, s: string, x: number, y: number, size: number, font: PDFFont = regular) => p.drawText(s, { x, y, size, font, color: rgb(0, 0, 0) });
  const right = (p: PDFPage, s: string, xr: number, y: number, size: number, font: PDFFont = regular) => text(p, s, xr - font.widthOfTextAtSize(s, size), y, size, font);

  // Header: issuer top-left or top-right, the title on the other side.
  const headerRight = index % 2 === 1;
  if (headerRight) {
    right(page, issuer, 545, 790, 15, bold);
    right(page, `${10 + Math.floor(r() * 80)} ${pick(r, ["Market Street", "Hauptstrasse", "Rue de la Gare", "Kerkstraat"])}`, 545, 774, body);
    text(page, "INVOICE", 50, 790, 20, bold);
  } else {
    text(page, issuer, 50, 790, 15, bold);
    text(page, `${10 + Math.floor(r() * 80)} ${pick(r, ["Market Street", "Hauptstrasse", "Rue de la Gare", "Kerkstraat"])}`, 50, 774, body);
    right(page, "INVOICE", 545, 790, 20, bold);
  }
  text(page, "Bill to:", 50, 720, body, bold);
  text(page, pick(r, ["Acme Retail", "Greenway Foods", "Tallis & Partners", "Vega Studio"]), 50, 706, body);
  text(page, `${1 + Math.floor(r() * 200)} ${pick(r, ["Elm Road", "Station Square", "Canal Walk"])}`, 50, 693, body);
  const metaX = 360;
  text(page, "Invoice number:", metaX, 720, body);
  right(page, number, 545, 720, body);
  text(page, "Invoice date:", metaX, 706, body);
  right(page, dateText, 545, 706, body);
  text(page, "Currency:", metaX, 692, body);
  right(page, c.currency, 545, 692, body);

  // Items table.
  let y = 640;
  text(page, "Description", 50, y, body, bold);
  right(page, "Qty", 330, y, body, bold);
  right(page, "Unit price", 430, y, body, bold);
  right(page, "Amount", 545, y, body, bold);
  page.drawLine({ start: { x: 50, y: y - 4 }, end: { x: 545, y: y - 4 }, thickness: 0.6 });
  y -= 18;
  for (const l of lines) {
    text(page, l.desc, 50, y, body);
    right(page, String(l.qty), 330, y, body);
    right(page, money(l.unit, c.comma), 430, y, body);
    right(page, money(l.amount, c.comma), 545, y, body);
    y -= 15;
  }
  page.drawLine({ start: { x: 330, y: y + 8 }, end: { x: 545, y: y + 8 }, thickness: 0.6 });
  y -= 6;
  text(page, "Subtotal", 360, y, body);
  right(page, `${money(net, c.comma)} ${c.symbol}`, 545, y, body);
  y -= 15;
  text(page, `VAT ${rate}%`, 360, y, body);
  right(page, `${money(tax, c.comma)} ${c.symbol}`, 545, y, body);
  y -= 17;
  text(page, "Total due", 360, y, body + 1, bold);
  right(page, `${money(total, c.comma)} ${c.symbol}`, 545, y, body + 1, bold);
  text(page, `Payment within 30 days to the account below, quoting ${number}.`, 50, y - 40, body);

  // Footer in small print: what scans lose first.
  const small = 7 + (index % 2) * 0.5;
  text(page, `${issuer} · VAT ID ${vat} · Registered office: ${pick(r, ["Hamburg", "Utrecht", "Lyon", "Leeds", "Ghent"])}`, 50, 58, small);
  text(page, `Bank: ${pick(r, ["First Merchant Bank", "Cooperative Bank", "Banque Populaire"])} · IBAN ${account} · BIC ${pick(r, ["MRCHDEFF", "COBANL2U", "BPOPFRPP"])}`, 50, 48, small);
  text(page, `Phone +${digits(r, 2)} ${digits(r, 3)} ${digits(r, 6)} · accounts@example.com`, 50, 38, small);
  return { name: `synthetic-${index}`, pdf: await doc.save(), truth: { total, document_date: iso, issuer, invoice_number: number, currency: c.currency, vat_id: vat } };
}

// ---------------------------------------------------------------------------
// Reading and scoring
// ---------------------------------------------------------------------------

function score(pages: PageModel[], truth: Truth): Record<string, boolean> {
  const documentType = classifyDocument(pages.map((p) => p.text)).type;
  const { fields } = extractDocument(pages, { documentType, referenceDate: new Date("2024-01-01"), geometry: true });
  const get = (n: FieldName): ExtractedField | undefined => fields.find((f) => f.name === n) ?? bestField(fields, n);
  const out: Record<string, boolean> = {};
  if (truth.total !== undefined) {
    const f = get("total");
    out.total = amountMatches(f ? (f.value as Money).amount : undefined, truth.total);
  }
  if (truth.document_date) out.date = get("document_date")?.value === truthDate(truth.document_date);
  if (truth.issuer) out.issuer = nameMatches(get("issuer")?.value as string | undefined, truth.issuer);
  if (truth.invoice_number) out.invoice_number = idMatches(get("invoice_number")?.value as string | undefined, truth.invoice_number);
  if (truth.currency) out.currency = get("currency")?.value === truth.currency;
  if (truth.vat_id) out.vat_id = idMatches(get("vat_id")?.value as string | undefined, truth.vat_id);
  return out;
}

async function textPx(file: string): Promise<number | null> {
  const g = await sharp(file).rotate().greyscale().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  return estimateTextHeight(g.data, g.info.width, g.info.height)?.height ?? null;
}

const pools = new Map<number, OcrPool>(VARIANTS.map((v) => [v, createOcrPool({ size: 1, prepareOptions: { minTextHeightPx: v } })]));

/** Reads `images` (the pages of one document) with every variant, their order rotating by `turn`. */
async function readAll(set: string, dpi: number, file: string, images: string[], truth: Truth, turn: number, lineTruth?: string): Promise<void> {
  const px = await textPx(images[0] as string);
  const order = VARIANTS.map((_, i) => VARIANTS[(i + turn) % VARIANTS.length] as number);
  for (const v of order) {
    const pool = pools.get(v) as OcrPool;
    const pages: PageModel[] = [];
    const started = performance.now();
    for (const [i, img] of images.entries()) pages.push((await pool.recognize(new Uint8Array(readFileSync(img)), { pageNumber: i + 1 })).page);
    const row: Row = { set, dpi, variant: v, file, right: score(pages, truth), ocrMs: performance.now() - started, textPx: px };
    if (lineTruth !== undefined) row.charAcc = charAccuracy(pages.map((p) => p.text).join("\n"), lineTruth);
    rows.push(row);
    if (args.rows) appendFileSync(args.rows, `${JSON.stringify(row)}\n`);
    const ok = Object.values(row.right).filter(Boolean).length;
    console.error(`${set} ${dpi || "-"} ${file} v=${v} text=${px}px ${ok}/${Object.keys(row.right).length} ${row.ocrMs.toFixed(0)} ms`);
  }
}

/** Renders every page of `pdf` at `dpi` with pdftoppm; the PNG paths in page order. */
function render(pdf: string, dpi: number, dir: string): string[] {
  const prefix = path.join(dir, `${path.basename(pdf, ".pdf")}-${dpi}`);
  execFileSync("pdftoppm", ["-r", String(dpi), "-png", pdf, prefix]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${path.basename(prefix)}-`) && f.endsWith(".png"))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)?.[1]) - Number(/-(\d+)\.png$/.exec(b)?.[1]))
    .map((f) => path.join(dir, f));
}

/** `png` as a cheap scan: blurred a little (optics, motion) and JPEG-compressed at {@link SCAN_QUALITY}. */
async function degrade(png: string): Promise<string> {
  if (SCAN_QUALITY <= 0) return png;
  const out = png.replace(/\.png$/, ".jpg");
  await sharp(png).greyscale().blur(0.7).jpeg({ quality: SCAN_QUALITY }).toFile(out);
  return out;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "ocr-scale-"));
try {
  const docs: { set: string; name: string; pdf: string; truth: Truth }[] = [];
  for (const inv of invoiceManifest().filter((i) => i.kind === "pdf").slice(0, INVOICES)) {
    const e = inv.expected;
    docs.push({
      set: "invoices",
      name: inv.file,
      pdf: path.join(CORPUS_DIR, "invoices", inv.file),
      truth: { total: e.amount, document_date: e.date, issuer: e.issuer, invoice_number: e.invoice_number, currency: e.currency, vat_id: e.vat },
    });
  }
  for (let i = 0; i < SYNTHETIC; i++) {
    const s = await syntheticInvoice(i);
    const file = path.join(tmp, `${s.name}.pdf`);
    writeFileSync(file, s.pdf);
    docs.push({ set: "synthetic", name: s.name, pdf: file, truth: s.truth });
  }
  let turn = 0;
  // Receipts interleaved with the invoices, so both see the same stretches of machine load.
  const receipts = receiptManifest().slice(0, RECEIPTS);
  const perDoc = Math.ceil(receipts.length / Math.max(1, docs.length * DPIS.length));
  let ri = 0;
  for (const dpi of DPIS) {
    for (const d of docs) {
      const dir = path.join(tmp, String(dpi));
      mkdirSync(dir, { recursive: true });
      await readAll(d.set, dpi, d.name, await Promise.all(render(d.pdf, dpi, dir).map(degrade)), d.truth, turn++);
      for (let k = 0; k < perDoc && ri < receipts.length; k++, ri++) {
        const r = receipts[ri]!;
        const img = path.join(CORPUS_DIR, "receipts", r.file);
        const lineTruth = receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", r.ocr_lines), img).text;
        await readAll("receipts", 0, r.file, [img], { total: truthAmount(r.total), document_date: r.date, issuer: r.company }, turn++, lineTruth);
      }
    }
  }
  for (; ri < receipts.length; ri++) {
    const r = receipts[ri]!;
    const img = path.join(CORPUS_DIR, "receipts", r.file);
    const lineTruth = receiptPageFromBoxes(path.join(CORPUS_DIR, "receipts", r.ocr_lines), img).text;
    await readAll("receipts", 0, r.file, [img], { total: truthAmount(r.total), document_date: r.date, issuer: r.company }, turn++, lineTruth);
  }
} finally {
  await Promise.all([...pools.values()].map((p) => p.close()));
  rmSync(tmp, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const FIELDS = ["total", "date", "issuer", "invoice_number", "currency", "vat_id"];
console.log("\n| set | dpi | minTextHeightPx | docs | median text px | fields right | " + FIELDS.join(" | ") + " | char acc | OCR ms median / total |");
console.log("|---|---|---|---|---|---|" + FIELDS.map(() => "---|").join("") + "---|---|");
const groups = [...new Set(rows.map((r) => `${r.set}|${r.dpi}`))];
for (const g of groups) {
  for (const v of VARIANTS) {
    const rs = rows.filter((r) => `${r.set}|${r.dpi}` === g && r.variant === v);
    const [set, dpi] = g.split("|");
    const all = rs.flatMap((r) => Object.values(r.right));
    const per = FIELDS.map((f) => {
      const xs = rs.filter((r) => f in r.right).map((r) => r.right[f] as boolean);
      return xs.length ? `${xs.filter(Boolean).length}/${xs.length}` : "-";
    });
    const accs = rs.filter((r) => r.charAcc !== undefined).map((r) => r.charAcc as number);
    const acc = accs.length ? `${((100 * accs.reduce((s, x) => s + x, 0)) / accs.length).toFixed(1)} %` : "-";
    const px = median(rs.map((r) => r.textPx ?? NaN).filter(Number.isFinite));
    console.log(
      `| ${set} | ${dpi === "0" ? "-" : dpi} | ${v} | ${rs.length} | ${px} | ${all.filter(Boolean).length}/${all.length} | ${per.join(" | ")} | ${acc} | ${median(rs.map((r) => r.ocrMs)).toFixed(0)} / ${rs.reduce((s, r) => s + r.ocrMs, 0).toFixed(0)} |`,
    );
  }
}
