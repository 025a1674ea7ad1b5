/**
 * Tells an e-invoice XML from any other attachment by its root element, cheaply
 * (no parser): the PDF sandbox uses it to keep only the attachments worth
 * handing to the parent, which parses them with `einvoice.parser.ts`.
 */
import { decodeXml } from "./einvoice.decode.js";
import type { EInvoiceSyntax } from "./einvoice.types.js";

/** Local names of the root elements that are e-invoices, with their syntax. */
export const EINVOICE_ROOTS: Readonly<Record<string, EInvoiceSyntax>> = {
  CrossIndustryInvoice: "cii",
  CrossIndustryDocument: "cii",
  Invoice: "ubl",
  CreditNote: "ubl",
};

/**
 * True when an XML's root element is an e-invoice's, judged from its first
 * element without parsing the rest (the PDF sandbox keeps only attachments
 * that pass, before the parent parses them).
 */
export function looksLikeEInvoice(head: string): boolean {
  // Skip the declaration, comments, processing instructions and a DOCTYPE (with its internal subset) to the first
  // element. An e-invoice root after a DOCTYPE passes: the parser refuses it, and the refusal becomes a note the
  // user sees, instead of the attachment vanishing here.
  const m = /^(?:\uFEFF)?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>)*<(?:[\w.-]+:)?([\w.-]+)[\s>/]/i.exec(head);
  return m?.[1] !== undefined && Object.hasOwn(EINVOICE_ROOTS, m[1]);
}

/**
 * How much of an attachment's head is decoded to find its root element. Real e-invoices open with licence
 * disclaimers in comments of several kilobytes (the ZUGFeRD/Factur-X reference samples: almost 6 KB before
 * the root), so a short head would pass over the invoice.
 */
export const EINVOICE_SNIFF_BYTES = 64 * 1024;

/** {@link looksLikeEInvoice} on an attachment's bytes: decodes its head ({@link EINVOICE_SNIFF_BYTES}) in the encoding they announce. */
export function looksLikeEInvoiceBytes(bytes: Uint8Array): boolean {
  return looksLikeEInvoice(decodeXml(bytes.subarray(0, EINVOICE_SNIFF_BYTES)));
}
