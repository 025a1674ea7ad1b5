/**
 * A PDF that holds several invoices one after another (a marketplace order billed by several sellers, each with its
 * own invoice; a batch printed into one file): the fields are those of the first invoice. Read as one document, the
 * invoice number would come from the first invoice and the total from a later one.
 *
 * A later page starts another invoice when its header (upper half) prints an invoice number under a strong label
 * that the first page's header does not print: a multi-page invoice repeats its own number in every page's header,
 * and a page that only continues the first invoice prints none. Pure.
 */
import type { PageModel } from "../../page/page.model.js";

/** An invoice number read under a strong label, and how far down its page it stands (0 top, 1 bottom). */
export interface HeaderNumber {
  value: string;
  depth: number;
}

/** How far down a page a header's invoice number may stand. */
const HEADER_DEPTH = 0.5;

const norm = (v: string): string => v.toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");

/**
 * The pages of the first invoice: `pages` up to (not including) the first later page whose header prints an invoice
 * number the first page's header does not; every page when the first page's header prints none.
 */
export function firstInvoicePages(pages: readonly PageModel[], numbersOf: (page: PageModel) => readonly HeaderNumber[]): readonly PageModel[] {
  const header = (page: PageModel): Set<string> => new Set(numbersOf(page).filter((n) => n.depth <= HEADER_DEPTH).map((n) => norm(n.value)).filter((v) => v !== ""));
  const first = pages[0];
  if (first === undefined || pages.length < 2) return pages;
  const own = header(first);
  if (own.size === 0) return pages;
  for (let i = 1; i < pages.length; i += 1) {
    const numbers = header(pages[i] as PageModel);
    if (numbers.size > 0 && ![...numbers].some((v) => own.has(v))) return pages.slice(0, i);
  }
  return pages;
}
