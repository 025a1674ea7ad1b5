/**
 * Picks the e-invoice out of a PDF's XML attachments (as the PDF sandbox hands
 * them over): the first one that parses. The others, and any that do not
 * parse, become notes; nothing here fails a document.
 */
import { EInvoiceParseError, parseEInvoice } from "./einvoice.parser.js";
import type { EmbeddedEInvoice } from "./einvoice.types.js";

/** The embedded e-invoice (null when none parsed) and a note per attachment passed over. */
export interface EmbeddedEInvoiceReading {
  found: EmbeddedEInvoice | null;
  notes: string[];
}

/**
 * Parses attachments in order and keeps the first e-invoice.
 * @param attachments - XML files embedded in the PDF, as bytes
 */
export function readEmbeddedEInvoice(attachments: readonly { filename: string; bytes: Uint8Array }[]): EmbeddedEInvoiceReading {
  const notes: string[] = [];
  let found: EmbeddedEInvoice | null = null;
  for (const a of attachments) {
    if (found) {
      notes.push(`${a.filename}: a second e-invoice, not read (${found.filename} was)`);
      continue;
    }
    try {
      found = { filename: a.filename, invoice: parseEInvoice(a.bytes) };
    } catch (err) {
      // Hostile XML (nesting deep enough to exhaust the stack …) is the attachment's problem, never the document's.
      const why = err instanceof EInvoiceParseError ? err.message : `not readable (${err instanceof Error ? err.name : "error"})`;
      notes.push(`${a.filename}: ${why}`);
    }
  }
  return { found, notes };
}
