/**
 * Shared by the text-layer invoice evaluations (`einvoice-text.eval.ts`, `invoice-dir.eval.ts`): build the page
 * models of a PDF from its text layer as the service does, extract the fields, and judge them against a truth with
 * the field evaluation's rules (bench/fields/fields.scoring.ts).
 */
import { classifyDocument } from "../../src/extraction/classifier.js";
import type { ExtractedField, FieldName, Money } from "../../src/extraction/extraction.types.js";
import { bestField, extractDocument } from "../../src/extraction/fields/index.js";
import { extractPdfText, type PdfXmlAttachment } from "../../src/extraction/pdf.adapter.js";
import { amountMatches, idMatches, nameMatches } from "../fields/fields.scoring.js";

/** The scored fields, in the order the tables print them. */
export const INVOICE_FIELDS = ["invoice_number", "issuer", "document_date", "total", "currency", "vat_id"] as const;
export type InvoiceField = (typeof INVOICE_FIELDS)[number];

/** A document's truth: the fields it states; `credit` = a credit note, whose total is compared without sign. */
export type InvoiceTruth = Partial<Record<InvoiceField, string | number>> & { credit?: boolean };

/** One field's verdict. */
export interface FieldResult {
  ok: boolean;
  found: string;
  conf: number;
  truth: string;
}
export type InvoiceResults = Partial<Record<InvoiceField, FieldResult>>;

/** The served fields of a PDF read from its text layer, and its XML attachments (for a truth, never for the fields). */
export interface TextLayerExtraction {
  fields: ExtractedField[];
  /** The pages' text as the extractor read it. */
  text: string;
  attachments: PdfXmlAttachment[];
}

/**
 * Extracts a PDF's fields from its text layer only: the PDF adapter's page models, classified and extracted as the
 * service does, but with no `einvoice` option, so an embedded e-invoice never supplies a field.
 */
export async function extractFromTextLayer(file: string, referenceDate: Date): Promise<TextLayerExtraction> {
  const res = await extractPdfText(file, { limits: { timeoutMs: 60_000, maxPages: 200, maxMemoryMb: 512, maxTextChars: 10_000_000 } });
  const pages = res.models;
  const documentType = classifyDocument(pages.map((p) => p.text)).type;
  const { fields } = extractDocument(pages, { documentType, referenceDate, geometry: true });
  return { fields, text: pages.map((p) => p.text).join("\n"), attachments: res.attachments ?? [] };
}

/**
 * Identifiers some producers write into the seller's name element before the name (`GLN 4333741000005 Lief-Nr:
 * 549910 MUSTERLIEFERANT GMBH`): a global location number (`GLN`/`ILN`, 13 digits) and a labelled number
 * (`Lief-Nr: 549910`, `Kunden-Nr. 12`). The XML has elements of their own for these, and the page prints them on a
 * line of their own above the company's name: a defect of the truth, not part of the name.
 */
const IDS_BEFORE_NAME = /^(?:(?:GLN|ILN)\s*:?\s*\d{13}\s+|\p{L}+-?(?:Nr|No)\.?\s*:?\s*\d[\d./-]*\s+)+(?=\S)/iu;

/** The seller's name of an e-invoice's truth without the identifiers written before it (see {@link IDS_BEFORE_NAME}). */
export function sellerNameTruth(name: string): string {
  return name.replace(IDS_BEFORE_NAME, "");
}

const MONTHS: readonly string[][] = [
  ["januar", "january", "janvier", "jänner"], ["februar", "february", "février"], ["märz", "march", "mars"], ["april", "avril"], ["mai", "may"], ["juni", "june", "juin"],
  ["juli", "july", "juillet"], ["august", "août"], ["september", "septembre"], ["oktober", "october", "octobre"], ["november", "novembre"], ["dezember", "december", "décembre"],
];
const squeeze = (s: string): string => s.toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");

/**
 * True when the page text prints a truth value in one of the ways invoices print it (an identifier or a name with
 * any spacing and punctuation, a date as `31.01.2014`, `31/01/2014`, `01/31/2014`, `2014-01-31`, `31.01.14` or
 * with the month's name, an amount with either decimal mark, with or without thousands separators, either sign).
 * A diagnostic: a miss whose truth the page never prints is the truth's, not the reading's (the XML of another
 * invoice, a number the page leaves out). It never changes a verdict.
 */
export function truthPrinted(field: InvoiceField, truth: string | number, text: string): boolean {
  if (field === "currency") return true;
  if (field === "total") {
    const cents = Math.round(Math.abs(Number(truth)) * 100);
    const int = String(Math.floor(cents / 100));
    const dec = String(cents % 100).padStart(2, "0");
    const grouped = (sep: string): string => int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    const forms = [`${int},${dec}`, `${int}.${dec}`, `${grouped(".")},${dec}`, `${grouped(",")}.${dec}`, `${grouped(" ")},${dec}`, `${grouped(" ")}.${dec}`, `${grouped("'")}.${dec}`];
    if (dec === "00") forms.push(int, grouped("."), grouped(","));
    return forms.some((f) => new RegExp(`(?<![\\d.,])${f.replace(/[.]/g, "\\.")}(?![\\d]|[.,]\\d)`).test(text));
  }
  if (field === "document_date") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(truth));
    if (!m) return false;
    const [, y = "", mo = "", d = ""] = m;
    const day = String(Number(d));
    const month = String(Number(mo));
    const numeric = [`0?${day}[./-]0?${month}[./-](?:${y}|${y.slice(2)})`, `0?${month}/0?${day}/(?:${y}|${y.slice(2)})`, `${y}[-/.]${mo}[-/.]${d}`, `${y}${mo}${d}`];
    const names = (MONTHS[Number(mo) - 1] ?? []).map((n) => `${n}|${n.slice(0, 3)}\\.?`).join("|");
    const named = [`0?${day}\\.?\\s*(?:${names})\\s*,?\\s*${y}`, `(?:${names})\\s+0?${day}(?:st|nd|rd|th)?,?\\s+${y}`];
    return [...numeric, ...named].some((p) => new RegExp(`(?<!\\d)(?:${p})(?!\\d)`, "iu").test(text));
  }
  const want = squeeze(String(truth));
  return want !== "" && squeeze(text).includes(want);
}

/** Judges the extracted fields against the truth: every field the truth states, right or wrong. */
export function judgeInvoice(truth: InvoiceTruth, fields: ExtractedField[]): InvoiceResults {
  const get = (n: FieldName): ExtractedField | undefined => fields.find((f) => f.name === n) ?? bestField(fields, n);
  const out: InvoiceResults = {};
  for (const name of INVOICE_FIELDS) {
    const t = truth[name];
    if (t === undefined) continue;
    const f = get(name);
    const found = f === undefined ? "∅" : typeof f.value === "string" ? f.value : (f.value as Money).amount.toFixed(2);
    let ok: boolean;
    if (name === "total") {
      const amount = f ? (f.value as Money).amount : undefined;
      ok = amountMatches(truth.credit && amount !== undefined ? Math.abs(amount) : amount, t as number);
    }
    else if (name === "issuer") ok = nameMatches(f?.value as string | undefined, String(t));
    else if (name === "invoice_number" || name === "vat_id") ok = idMatches(f?.value as string | undefined, String(t));
    else ok = f?.value === t;
    out[name] = { ok, found, conf: f?.confidence ?? 0, truth: String(t) };
  }
  return out;
}

/** `right/n` as a right-aligned percentage, `-` when nothing was scored. */
export const pct = (right: number, n: number): string => (n > 0 ? `${((100 * right) / n).toFixed(1)}%`.padStart(6) : "   -  ");

/** A miss line, as both evaluations print them with `--misses`. */
export function missLine(file: string, field: InvoiceField, x: FieldResult): string {
  return `MISS ${file} ${field}: found ${JSON.stringify(x.found)} (conf ${x.conf.toFixed(2)}) truth ${JSON.stringify(x.truth)}`;
}
