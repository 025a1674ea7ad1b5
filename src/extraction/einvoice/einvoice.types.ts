/**
 * A structured e-invoice as Folio reads it from XML embedded in a PDF
 * (Factur-X / ZUGFeRD / XRechnung: UN/CEFACT Cross Industry Invoice; UBL 2.1
 * `Invoice`/`CreditNote` as in XRechnung and Peppol). It is the issuer's own
 * statement of the fields, so extraction prefers it over reading the page.
 * Pure types: no I/O.
 */

/** Which XML syntax the invoice was written in. */
export type EInvoiceSyntax = "cii" | "ubl";

/** A party of the invoice (seller or buyer) as the XML names it. */
export interface EInvoiceParty {
  /** Legal (registration) name, else the trading name. */
  name: string | null;
  /** The party's id as the seller knows it (for the buyer: the customer number). */
  id: string | null;
  /** VAT identification number (upper-cased, without spaces). */
  vatId: string | null;
  /** Other tax numbers (a national tax number, not the VAT id). */
  taxIds: string[];
  /** Legal registration ids and global ids (trade register number, GLN, …). */
  registrationIds: string[];
}

/** The monetary summation of the invoice; null where the XML gives none. */
export interface EInvoiceTotals {
  /** Sum of the line net amounts. */
  lineTotal: number | null;
  chargeTotal: number | null;
  allowanceTotal: number | null;
  /** Amount the tax is computed on (lines − allowances + charges): the subtotal. */
  taxBasis: number | null;
  taxTotal: number | null;
  /** Amount including tax: the invoice total. */
  grandTotal: number | null;
  prepaid: number | null;
  rounding: number | null;
  /** What is left to pay. */
  duePayable: number | null;
}

/** One invoice line. */
export interface EInvoiceLine {
  description: string;
  quantity: number | null;
  /** Net price of one unit. */
  unitPrice: number | null;
  /** The line's net amount. */
  amount: number;
}

/** What an e-invoice states, normalised: dates `YYYY-MM-DD`, amounts numbers, ids trimmed. */
export interface EInvoice {
  syntax: EInvoiceSyntax;
  /** A credit note (CII type code 381/396/532, UBL `CreditNote`) or an invoice (anything else). */
  kind: "invoice" | "credit_note";
  /** UNTDID 1001 document type code as given (380 commercial invoice, 381 credit note, …). */
  typeCode: string | null;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  /** ISO 4217 code of the invoice currency. */
  currency: string | null;
  seller: EInvoiceParty;
  buyer: EInvoiceParty;
  /** The buyer's order number (purchase order reference). */
  orderReference: string | null;
  /** The reference the buyer asked for (routing id, cost centre, "your reference"). */
  buyerReference: string | null;
  /** The first IBAN the invoice asks to be paid to. */
  iban: string | null;
  totals: EInvoiceTotals;
  /** At most {@link MAX_EINVOICE_LINES} lines, in document order. */
  lines: EInvoiceLine[];
}

/** More lines than this are not kept (the totals still are): the parsed invoice is stored with the step's output. */
export const MAX_EINVOICE_LINES = 1000;

/** An e-invoice found in a document, with the attachment it came from. */
export interface EmbeddedEInvoice {
  /** The attachment's file name (`factur-x.xml`, `xrechnung.xml`, …). */
  filename: string;
  invoice: EInvoice;
}
