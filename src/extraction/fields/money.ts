import type { Money } from "../extraction.types.js";
import { DOLLAR_CURRENCIES } from "./dollar.country.js";

/**
 * How a marker may stand against an amount's digits with no space between: `glued` for a currency symbol spelt with
 * letters that is printed so ("9zł", "120Kč", "4.800,00TL" on an e-Fatura). A three-letter ISO code may always be
 * glued (see {@link GLUED_CODE}); any other letters after digits make a quantity ("1.5L") or an identifier.
 */
type Gluing = "glued";

/**
 * Currency markers and the ISO 4217 code each stands for. Longer markers come
 * first so that `US$` wins over `$` and `Rs.` over `Rs`.
 */
const CURRENCY_MARKERS: readonly (readonly [marker: string, code: string, gluing?: Gluing])[] = [
  // The Dominican peso as its bills print it ("IMPORTE TOTAL EN RD$ 1,355.66"): before "$", which would read it as dollars.
  ["RD$", "DOP"], ["US$", "USD"], ["CA$", "CAD"], ["AU$", "AUD"], ["MX$", "MXN"], ["S$", "SGD"], ["A$", "AUD"], ["C$", "CAD"], ["HK$", "HKD"], ["NZ$", "NZD"], ["R$", "BRL"],
  // East African shillings as their invoices print them ("KSh 1,184.92", "Kshs. 500", "USh 20,000", "TSh 5,000").
  ["KShs.", "KES"], ["Kshs.", "KES"], ["KShs", "KES"], ["Kshs", "KES"], ["KSh", "KES"], ["Ksh", "KES"], ["USh", "UGX"], ["TSh", "TZS"], ["₦", "NGN"],
  ["RM", "MYR"], ["zł", "PLN", "glued"], ["Kč", "CZK", "glued"], ["TL", "TRY", "glued"], ["₺", "TRY"], ["Rs.", "INR"], ["Rs", "INR"], ["Rp.", "IDR"], ["Rp", "IDR"],
  ["$", "USD"], ["€", "EUR"], ["£", "GBP"], ["¥", "JPY"], ["₹", "INR"], ["₱", "PHP"], ["฿", "THB"], ["₩", "KRW"],
  ["USD", "USD"], ["EUR", "EUR"], ["GBP", "GBP"], ["MYR", "MYR"], ["INR", "INR"], ["JPY", "JPY"], ["CNY", "CNY"],
  ["RMB", "CNY"], ["SGD", "SGD"], ["AUD", "AUD"], ["CAD", "CAD"], ["CHF", "CHF"], ["HKD", "HKD"], ["NZD", "NZD"],
  ["IDR", "IDR"], ["THB", "THB"], ["PHP", "PHP"], ["SEK", "SEK"], ["NOK", "NOK"], ["DKK", "DKK"], ["PLN", "PLN"],
  ["CZK", "CZK"], ["HUF", "HUF"], ["ZAR", "ZAR"], ["AED", "AED"], ["SAR", "SAR"], ["BRL", "BRL"], ["MXN", "MXN"],
  ["KES", "KES"], ["UGX", "UGX"], ["TZS", "TZS"], ["NGN", "NGN"],
  // The codes of currencies whose sign is no marker here, as invoicing tools print them ("TOTAL OMR39500.00", "422.0
  // RSD"; "Rs" being no Sri Lankan or Pakistani rupee's only spelling). Codes that are English words ("COP", "PEN",
  // "CUP", "MAD", "RUB") stay out: a product line in capitals would read as money. "TRY" is one too, but the Turkish
  // lira's invoices print it as often as "TL".
  ...["OMR", "QAR", "KWD", "BHD", "JOD", "EGP", "PKR", "LKR", "BDT", "NPR", "VND", "TWD", "KRW", "ILS", "RON", "BGN", "ARS", "CLP",
    "GHS", "TND", "XOF", "XAF", "MZN", "PYG", "UYU", "ZMW", "RSD", "UAH", "ISK", "MKD", "BAM", "TRY", "DOP"].map((c) => [c, c] as const),
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Alphabetic markers need word boundaries (`RM` must not match inside `FORM`); symbols do not. */
const markerPattern = CURRENCY_MARKERS.map(([m]) => (/^[A-Za-z]/.test(m) ? `(?<![A-Za-z])${escape(m)}(?![A-Za-z])` : escape(m))).join("|");
const MARKER_TO_CODE = new Map(CURRENCY_MARKERS.map(([m, c]) => [m.toUpperCase(), c]));

/** Resolves a marker as printed (`RM`, `€`, `usd`) to its ISO code. */
export function currencyCode(marker: string): string | null {
  return MARKER_TO_CODE.get(marker.trim().toUpperCase()) ?? null;
}

// A number with thousands groups (`1,234,567.89`, `1.234,56`, `1'234.50`) or a plain one (`12,50`, `9.00`, `31`).
// OCR splits a decimal point from its digits (`12 . 50`, `12. 50`, `12 .50`) and receipts print cents without a
// leading zero (`RM .02`): both read as two-decimal amounts — but not a spaced date (`7. 05. 2014`).
// OCR of a scan puts a space after the thousands separator too (`7. 248, 67`, `4. 250,22`, `25.097, 11`): one
// amount when a decimal part follows with the other separator — a date's middle group has two digits, not three.
// An equals sign before two digits is the decimal point where rupee amounts are written by hand or typed so
// (`13,098=00`, `999=00`: rupees, then paise).
const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)=\d{2}(?![\d=])|\d{1,3}(?<ts>[.,])(?:\s\d{3}(?:\k<ts>\s?\d{3})*(?!\k<ts>)[.,]\s?|\d{3}(?:\k<ts>\d{3})*(?!\k<ts>)[.,]\s)\d{2}(?!\d|\s?[.,]\s?\d)|\d{1,3}(?:([,.'\u00a0\u202f])\d{3})(?:\1\d{3})*(?:[.,]\d{1,3})?|\d+\s?[.,]\s\d{2}(?!\d|\s?[.,]\s?\d)|\d+\s[.,]\d{2}(?!\d|\s?[.,]\s?\d)|\d+(?:[.,]\d{1,3})?|[.,]\d{2}`;

/**
 * Thousands grouped with a plain space before decimals (`3 487,73`, `1 203 148,84`): French and Belgian invoices
 * print them so (a text layer often has a plain space where a no-break space was meant). Read only on
 * decimal-comma documents, where a comma ends the number; a quantity in its own table column is a column gap
 * away from the price, not one space. OCR may space the decimals off too (`3 148, 84`).
 */
const SPACE_GROUPED = String.raw`\d{1,3}(?: \d{3})+,\d{2}(?![\d.,])|\d{1,3}(?: \d{3})+, \d{2}(?!\d|\s?[.,]\s?\d)`;

/**
 * "kr" after an amount: the krona or krone of the document (Swedish, Norwegian, Danish, Icelandic), SEK when the
 * document names none of them. Read only after a number (it counts toward no document currency: "kr" is a word's
 * abbreviation elsewhere).
 */
const KRONA = String.raw`(?<![A-Za-z])[Kk]r(?![A-Za-z\u00e5\u00e4\u00f6])\.?`;
const KRONA_CURRENCIES: ReadonlySet<string> = new Set(["SEK", "NOK", "DKK", "ISK"]);

/**
 * "din" or "дин" after an amount that ends its line or cell ("Ukupno: 20.100 din"): the Serbian dinar, as Serbian
 * invoices and shops print it. Read only after a number and only at the end of a line or cell: "din" is a Romanian
 * word ("Factura 12 din 03.05.2024", "1 din 2"), and it counts toward no document currency.
 */
const DINAR = String.raw`(?<![A-Za-z\u0400-\u04ff])(?:din|дин)\.?(?=[ ]*(?:[\t\n]|$))`;

/**
 * Whole units grouped with a plain space before a currency's marker (`124 500 kr`, `99 600 €`): Swedish, Norwegian and
 * Danish invoices print round amounts so. The marker right after the last group keeps a quantity column ("2 150,00")
 * and a postcode ("117 58") out.
 */
const SPACE_GROUPED_WHOLE = String.raw`\d{1,3}(?: \d{3})+(?= ?(?:${markerPattern}|${KRONA}))`;

/**
 * A currency's code printed against the number without a space ("259,33PLN", "12.50EUR"), as some invoicing tools
 * print every amount, or a marker marked `glued` ({@link Gluing}): the marker is the amount's currency, where other
 * letters after digits make a quantity ("1.5L") or an identifier ("24x30cm") no amount.
 */
const GLUED_CODE = String.raw`(?:${CURRENCY_MARKERS.filter(([m, , gluing]) => /^[A-Z]{3}$/.test(m) || gluing === "glued").map(([m]) => m).join("|")})(?![A-Za-z])`;

/**
 * Money token: optional sign, optional prefix currency, the number, optional
 * suffix currency. The look-arounds keep quantities (`1.5L`), percentages,
 * dates (`21.05.14`) and identifiers (`SR.24`) out. A marker with a number glued to it is that number's prefix,
 * not the suffix of the one before ("Total⇥Rs.36.46⇥Rs.239": the second amount keeps its "Rs."); one set apart
 * by a space may be either ("100,00 € 19 %"), and stays a suffix.
 */
const amountRe = (number: string): RegExp =>
  new RegExp(String.raw`(?<![\w.,/])(?<neg>-\s?)?(?:(?<pre>${markerPattern})\s?(?<neg2>-\s?)?)?(?<num>${number})(?![\d%]|[.,]\d|(?!${GLUED_CODE})[A-Za-z])(?:\s?(?<post>${markerPattern}|${KRONA}|${DINAR})(?!\.?\d))?`, "g");
const AMOUNT_RE = amountRe(`${SPACE_GROUPED_WHOLE}|${NUMBER}`);
/** {@link AMOUNT_RE} with space-grouped thousands first ({@link SPACE_GROUPED}), for decimal-comma documents. */
const AMOUNT_RE_SPACED = amountRe(`${SPACE_GROUPED}|${SPACE_GROUPED_WHOLE}|${NUMBER}`);

/**
 * A currency symbol, whole units, one space and two digits that end the line or its cell ("TOTAL $251 83"): a photo's
 * OCR read the decimal point as a space. Without this the symbol and the units parse as a whole amount ($251).
 * A bare "251 83" is left to the misread readings of a labelled row (`amounts.misread.ts`).
 */
const SPACED_POINT = /(?<![\w.,/])(?<neg>-\s?)?(?<pre>[$£€])\s?(?<units>\d{1,6}) (?<cents>\d{2})(?=\t|[ ]*(?:\n|$))/g;

/** A monetary-looking number found in text. */
export interface AmountToken {
  start: number;
  end: number;
  money: Money;
  /** The currency came from a marker touching the number (not from the document). */
  explicitCurrency: boolean;
  /** The number has a decimal part, which makes it much more likely to be money. */
  hasDecimals: boolean;
  /** Read from an OCR misreading with look-alike letters as digits ("RMZ8.05"), not printed as parsed. */
  misread?: boolean;
}

/**
 * Converts a printed number to a JS number. A lone separator followed by
 * exactly three digits is ambiguous (`1,234` vs `9.000` on a receipt with
 * three-decimal unit prices); `decimalComma` settles it from document evidence.
 */
export function parseNumber(text: string, decimalComma: boolean): { value: number; hasDecimals: boolean } | null {
  const s = text.replace(/[\u00a0\u202f' ]/g, "");
  // Rupees and paise set apart by an equals sign (see NUMBER): the sign is the decimal point, commas group.
  if (/^\d[\d,]*=\d{2}$/.test(s)) return { value: Number(s.replace(/,/g, "").replace("=", ".")), hasDecimals: true };
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let decimalSep: "." | "," | null = null;
  if (lastDot !== -1 && lastComma !== -1) decimalSep = lastDot > lastComma ? "." : ",";
  else if (lastDot !== -1 || lastComma !== -1) {
    const sep = lastDot !== -1 ? "." : ",";
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    if (count > 1) decimalSep = null;
    else if (after !== 3) decimalSep = sep;
    else decimalSep = sep === "," ? (decimalComma ? "," : null) : decimalComma ? null : ".";
  }
  let normalised = s;
  if (decimalSep === ",") normalised = s.replace(/\./g, "").replace(",", ".");
  else if (decimalSep === ".") normalised = s.replace(/,/g, "");
  else normalised = s.replace(/[.,]/g, "");
  const value = Number(normalised);
  if (!Number.isFinite(value)) return null;
  return { value, hasDecimals: decimalSep !== null };
}

/** Finds every money-like number in `text`; offsets are shifted by `offset`. */
export function findAmounts(text: string, offset: number, decimalComma: boolean, fallbackCurrency: string | null): AmountToken[] {
  const out: AmountToken[] = [];
  for (const m of text.matchAll(decimalComma ? AMOUNT_RE_SPACED : AMOUNT_RE)) {
    const g = m.groups ?? {};
    const num = g.num;
    if (num === undefined || m.index === undefined) continue;
    const parsed = parseNumber(num, decimalComma);
    if (!parsed) continue;
    // "$164.43 CAD": a bare dollar sign with a currency's code printed after the amount is that code's dollar.
    const marker = g.pre === "$" && g.post !== undefined && currencyCode(g.post) !== null ? g.post : (g.pre ?? g.post);
    // A bare `$` is the document's dollar (CAD on a Canadian invoice), USD only when it has none.
    const krona = marker !== undefined && /^kr\.?$/i.test(marker);
    const code = krona
      ? fallbackCurrency && KRONA_CURRENCIES.has(fallbackCurrency) ? fallbackCurrency : "SEK"
      : marker !== undefined && /^(?:din|дин)\.?$/.test(marker) ? "RSD"
      : marker === "$" && fallbackCurrency && DOLLAR_CURRENCIES.has(fallbackCurrency) ? fallbackCurrency : marker ? currencyCode(marker) : null;
    const negative = g.neg !== undefined || g.neg2 !== undefined;
    out.push({
      start: offset + m.index,
      end: offset + m.index + m[0].length,
      money: { amount: negative ? -parsed.value : parsed.value, currency: code ?? fallbackCurrency },
      explicitCurrency: code !== null,
      hasDecimals: parsed.hasDecimals,
    });
  }
  if (!decimalComma) return withSpacedPoints(text, offset, out, fallbackCurrency);
  return out;
}

/** `tokens` with every {@link SPACED_POINT} amount of `text` in place of the tokens it overlaps, in text order. */
function withSpacedPoints(text: string, offset: number, tokens: AmountToken[], fallbackCurrency: string | null): AmountToken[] {
  let out = tokens;
  for (const m of text.matchAll(SPACED_POINT)) {
    const g = m.groups ?? {};
    if (m.index === undefined || g.units === undefined || g.cents === undefined || g.pre === undefined) continue;
    const start = offset + m.index;
    const end = start + m[0].length;
    const code = g.pre === "$" && fallbackCurrency && DOLLAR_CURRENCIES.has(fallbackCurrency) ? fallbackCurrency : currencyCode(g.pre);
    const amount = Number(`${g.units}.${g.cents}`);
    out = out.filter((t) => t.end <= start || t.start >= end);
    out.push({ start, end, money: { amount: g.neg !== undefined ? -amount : amount, currency: code ?? fallbackCurrency }, explicitCurrency: true, hasDecimals: true, misread: true });
  }
  return out === tokens ? out : out.sort((a, b) => a.start - b.start);
}

/** A currency marker found in a text: as printed, and its ISO code. */
export interface CurrencyMarker {
  marker: string;
  code: string;
}

/** Every currency marker in `text` (`RM`, `€`, `S$`, `EUR`, `zł`), in order: the one list {@link findAmounts} reads too. */
export function currencyMarkers(text: string): CurrencyMarker[] {
  const out: CurrencyMarker[] = [];
  for (const m of text.matchAll(new RegExp(markerPattern, "g"))) {
    const code = currencyCode(m[0]);
    if (code) out.push({ marker: m[0], code });
  }
  return out;
}

/** Counts currency markers in the whole document and returns the most frequent ISO code. */
export function dominantCurrency(text: string): string | null {
  const counts = new Map<string, number>();
  for (const { code } of currencyMarkers(text)) counts.set(code, (counts.get(code) ?? 0) + 1);
  // Spelled-out currencies ("All charges are in US Dollars", "Ringgit") also count.
  const words: [RegExp, string][] = [
    [/\bU\.?S\.? dollars?\b/gi, "USD"], [/\beuros?\b/gi, "EUR"], [/\bringgit\b/gi, "MYR"],
    [/\brupees?\b/gi, "INR"], [/\bpounds? sterling\b/gi, "GBP"],
  ];
  for (const [re2, code] of words) {
    const n = text.match(re2)?.length ?? 0;
    if (n > 0) counts.set(code, (counts.get(code) ?? 0) + n * 2);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [code, n] of counts) {
    if (n > bestCount) {
      best = code;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Currencies whose amounts carry three decimals (ISO 4217 minor unit 3): on their documents a dot before three digits
 * is the decimal point ("1.500 KWD").
 */
const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(["KWD", "BHD", "OMR", "JOD", "TND", "LYD", "IQD"]);

/**
 * True when the text writes decimals with commas more often than with dots. A text with no decimals at all, whose
 * numbers group thousands with dots ("Rp 150.000", "Ukupno: 20.100 din", "TOTAL Ar: 74.000"), is one too: it is
 * written the decimal-comma way, whole units only, as rupiah, dinar and ariary amounts are. Not on a document of a
 * three-decimal currency, whose "1.500" is one and a half.
 */
export function usesDecimalComma(text: string): boolean {
  const comma = text.match(/\d,\d{2}(?!\d)/g)?.length ?? 0;
  const dot = text.match(/\d\.\d{2}(?![\d.])/g)?.length ?? 0;
  if (comma > 0 || dot > 0) return comma > dot;
  const dotGroups = text.match(/\d\.\d{3}(?![\d.,])/g)?.length ?? 0;
  const commaGroups = text.match(/\d,\d{3}(?![\d.,])/g)?.length ?? 0;
  return dotGroups > commaGroups && !currencyMarkers(text).some(({ code }) => THREE_DECIMAL_CURRENCIES.has(code));
}
