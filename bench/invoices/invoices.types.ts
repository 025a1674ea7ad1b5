/**
 * What the invoice generators produce: a PDF and the truth extraction should
 * find in it. Apart from the generators so that each family (European, SaaS)
 * depends on these types, not on the other's module.
 */
import type { Lang } from "./invoices.vocabulary.js";

/** What extraction should find in a generated invoice, and how it was laid out (for reading misses). */
export interface GeneratedTruth {
  file: string;
  lang: Lang;
  /** The family's sub-layout to tally by (saas: hosted, reseller, cloud, vendor); absent: tallied by language. */
  group?: string;
  /** The issuer's country (ISO 3166 alpha-2). */
  country: string;
  invoice_number: string;
  issuer: string;
  document_date: string;
  total: number;
  currency: string;
  /** The issuer's tax id, normalised; absent for US issuers. */
  vat_id?: string;
  /** Layout choices, e.g. `head=right fields=above rcpt=left cur=isoAfter`. */
  layout: string;
}

/** A generated invoice: PDF bytes and truth. */
export interface GeneratedInvoice {
  pdf: Uint8Array;
  truth: GeneratedTruth;
}
