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
  // user sees, instead of the attachment vanishing here. A scan, not one regex over the prolog: a hostile
  // attachment's run of comments made that regex backtrack exponentially (40 comments: hours).
  const start = prologEnd(head);
  if (start < 0) return false;
  const m = /^<(?:[\w.-]+:)?([\w.-]+)[\s>/]/.exec(head.slice(start, start + 512));
  return m?.[1] !== undefined && Object.hasOwn(EINVOICE_ROOTS, m[1]);
}

/** Where the first element starts after the prolog (BOM, whitespace, `<?…?>`, `<!--…-->`, `<!DOCTYPE …>`); -1 when the head ends first. */
function prologEnd(head: string): number {
  let i = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < head.length && /\s/.test(head.charAt(i))) i += 1;
    if (head.startsWith("<?", i)) i = after(head, "?>", i + 2);
    else if (head.startsWith("<!--", i)) i = after(head, "-->", i + 4);
    else if (head.slice(i, i + 9).toUpperCase() === "<!DOCTYPE") i = doctypeEnd(head, i + 9);
    else return i < head.length ? i : -1;
    if (i < 0) return -1;
  }
}

/** The index just past the first `token` at or after `from`; -1 when there is none. */
function after(head: string, token: string, from: number): number {
  const at = head.indexOf(token, from);
  return at < 0 ? -1 : at + token.length;
}

/** The index just past a DOCTYPE's closing `>` (past its internal subset `[…]`, if any); -1 when the head ends first. */
function doctypeEnd(head: string, from: number): number {
  for (let i = from; i < head.length; i += 1) {
    const c = head.charAt(i);
    if (c === ">") return i + 1;
    if (c !== "[") continue;
    // The internal subset ends at the first "]" followed, after blanks, by ">".
    for (let close = head.indexOf("]", i + 1); close >= 0; close = head.indexOf("]", close + 1)) {
      let j = close + 1;
      while (j < head.length && /\s/.test(head.charAt(j))) j += 1;
      if (head.charAt(j) === ">") return j + 1;
    }
    return -1;
  }
  return -1;
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
