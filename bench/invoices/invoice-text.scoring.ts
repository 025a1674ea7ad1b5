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
  return { fields, attachments: res.attachments ?? [] };
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
