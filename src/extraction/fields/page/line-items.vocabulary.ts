/**
 * Words of an item table's column headings, by the column they name, in
 * English, Dutch, German, French, Spanish, Italian and Malay, and the wordings
 * of rows that end the items (a quantity count, "Total qty").
 */

/** Columns an item table prints. `other` are headings that belong to a table but carry no item value (tax, discount, position). */
export type TableColumn = "description" | "quantity" | "price" | "amount" | "other";

const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}])`;
const word = (body: string): RegExp => new RegExp(`^[^\\p{L}\\p{N}]*${B}(?:${body})${E}[^\\p{L}\\p{N}]*$`, "iu");

/** One heading word (a single page word, punctuation around it ignored) per column. Order matters: the first that matches wins. */
export const HEADING_WORDS: readonly (readonly [TableColumn, RegExp])[] = [
  ["description", word(String.raw`descriptions?|desc|code\/desc|desc\/item|code&desc|items?|articles?|artikel|artikelbezeichnung|product|products|produit|produkt|title|particulars?|details?|omschrijving|beschreibung|bezeichnung|leistung|d[ée]signation|libell[ée]|descripci[óo]n|concepto|descrizione|articolo|perihal|butiran|keterangan|barang|services?`)],
  ["quantity", word(String.raw`qty|qtys|qnty|quantity|quantities|qt[ée]|quantit[ée]|aantal|menge|anzahl|cant\.?|cantidad|qt[àa]|quantit[àa]|kuantiti|kuantit[iy]|units?|pcs|hours|hrs`)],
  ["price", word(String.raw`u\/price|unit\s*price|price|prices|rate|prijs|stukprijs|eenheidsprijs|einzelpreis|preis|vk-preis|e-preis|prix|p\.u\.?|pu|precio|prezzo|harga|unit`)],
  ["amount", word(String.raw`amount|amt|amt\(rm\)|(?:amount|amt|total)\s*\(\p{L}{2,3}\)|total|totals|line\s*total|bedrag|totaal|betrag|zeilenbetrag|gesamt|gesamtpreis|summe|montant|importe|importo|jumlah|subtotal|net`)],
  ["other", word(String.raw`tax|tax\(%\)|vat|btw|mwst\.?|ust|tva|iva|gst|sst|disc|discount|rabatt|remise|korting|descuento|sconto|%|pos\.?|no\.?|#|code|sku|ref|per|stuk|incl\.?|excl\.?|ohne|mit|ht|ttc|eur|usd|rm|myr|€|\$|\(rm\)|\(myr\)|type|of|supply`)],
];

/** The column a heading word names, or null when it is not a heading word. */
export function headingColumn(text: string): TableColumn | null {
  for (const [column, re] of HEADING_WORDS) if (re.test(text)) return column;
  // Headings written as one word ("ITEM/DESC.", "U.PRICE", "RM(TOTAL)", "NO.DESCRIPTION"): when every part of two
  // letters or more is a heading word, the column the first part that is no mere mark (RM, NO) names.
  const parts = text.split(/[/\\.()]+/).filter((p) => p.length > 1);
  if (parts.length === 0 || parts[0] === text) return null;
  const columns = parts.map((p) => HEADING_WORDS.find(([, re]) => re.test(p))?.[0] ?? null);
  if (columns.some((c) => c === null)) return null;
  return columns.find((c) => c !== "other") ?? "other";
}

/** Rows that count or sum the items rather than list one ("Total qty 3", "No. of items: 2", "QTY 8 19.20", "STTL 11.32"). */
export const ITEM_COUNT_ROW = new RegExp(
  String.raw`^[^\p{L}]{0,6}(?:tot(?:al)?\.?\s*(?:qty|qtys|quantity|items?|item\(s\)|pcs|units?)|no\.?\s*(?:of\s*)?(?:qtys?|items?)|item\s*count|items?\s*count|(?:qty|quantity)(?![\p{L}])|items?\s*\(s\)|items?\s*[:=]?\s*\d+\s*$|s(?:ub)?\s*tt?l(?![\p{L}])|anzahl\s+artikel|aantal\s+artikelen|jumlah\s+(?:item|barang|kuantiti|qty))`,
  "iu",
);

/** A description that says it is part of the line above ("Incl. recycling fee 3.50"): its amount is already in that line's. */
export const INCLUDED_ROW = /^[^\p{L}]*(?:incl\.?|inkl\.?|including|inclusief|inklusive|inclus|dont|incluido|incluso|termasuk)(?![\p{L}])/iu;

/** Rows above the items that describe the sale, not an item: a date, a time, a labelled value, contact details. */
export const METADATA_ROW = /\d{1,2}:\d{2}|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|:|\b(?:tel|fax|phone|cashier|invoice|receipt|bill|table|pax|member|counter|terminal|operator|served|customer|date|time|gst\s*(?:id|no|reg)|reg\.?\s*no)\b/i;
