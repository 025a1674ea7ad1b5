import type { CountryCode } from "libphonenumber-js";
import type { DocumentType, PageTexts } from "../extraction.types.js";
import { resolveBareDollar } from "./dollar.country.js";
import { dominantCurrency, usesDecimalComma } from "./money.js";
import type { ExtractorContext } from "./types.js";

/** Countries whose phone numbers we can assume when a document's currency points at them unambiguously. */
const CURRENCY_COUNTRY: Record<string, CountryCode> = {
  MYR: "MY", INR: "IN", GBP: "GB", USD: "US", SGD: "SG", AUD: "AU", CAD: "CA", JPY: "JP", CNY: "CN",
  HKD: "HK", NZD: "NZ", IDR: "ID", THB: "TH", PHP: "PH", CHF: "CH", SEK: "SE", NOK: "NO", DKK: "DK", PLN: "PL",
};

/** Country-code top-level domains that identify a euro-zone country (the euro alone does not). */
const TLD_COUNTRY: Record<string, CountryCode> = {
  de: "DE", nl: "NL", fr: "FR", be: "BE", at: "AT", it: "IT", es: "ES", pt: "PT", ie: "IE", fi: "FI", lu: "LU", my: "MY",
};

/** The US states' and DC's postal codes. */
const US_STATES = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";
/** A state's code and a ZIP ("VA 22003", "TX 78701-1234"). */
const STATE_ZIP = `\\b(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?(?!\\d)`;
/** A US address's last line: the town, a comma, the state's code and the ZIP ("Annandale, VA 22003"). */
const US_TOWN_STATE_ZIP = new RegExp(`\\p{L}, ${STATE_ZIP}`, "u");
/** A state's code and a ZIP anywhere, with the country named elsewhere ("Seattle WA 98101" … "USA"). */
const US_STATE_ZIP_NAMED = new RegExp(STATE_ZIP);

/** A 12-hour time right after a date: ", 10:58 AM", " 3:07:12 pm". */
const STAMP_TIME = /^,?\s{1,3}\d{1,2}:\d{2}(?::\d{2})?\s?[AaPp]\.?[Mm]\b/;

/**
 * Decides whether ambiguous numeric dates are month-first. Rule, in order:
 * 1. unambiguous dates in the document decide (`12/28/2017` → month-first, `25/12/2018` → day-first), save a date
 *    stamped with a 12-hour time (see STAMP_TIME);
 * 2. otherwise US cues (`$`/`USD` as the dominant currency; a town, any US state's code and a ZIP; a state's code and a
 *    ZIP with the country named) → month-first;
 * 3. otherwise day-first, the convention of most of the world.
 */
function detectMonthFirst(text: string, currency: string | null): boolean {
  let dayFirstVotes = 0;
  let monthFirstVotes = 0;
  for (const m of text.matchAll(/(?<![\d./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?![\d/-])/g)) {
    // A date stamped with a 12-hour time ("1/31/23, 10:58 AM") is a browser's or printer's stamp in its reader's
    // locale (the header of a page printed from a web portal), not the document's own way of writing dates: no vote.
    if (STAMP_TIME.test(text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 16))) continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && a <= 31 && b >= 1 && b <= 12) dayFirstVotes += 1;
    // Dotted dates are printed day-first: a dotted one with a month over 12 ("06.30.2023") is a misreading, no vote.
    else if (b > 12 && b <= 31 && a >= 1 && a <= 12 && m[2] !== ".") monthFirstVotes += 1;
  }
  if (dayFirstVotes !== monthFirstVotes) return monthFirstVotes > dayFirstVotes;
  if (currency === "USD") return true;
  return US_TOWN_STATE_ZIP.test(text) || (US_STATE_ZIP_NAMED.test(text) && /\b(?:USA|United States)\b/.test(text));
}

function detectPhoneCountry(text: string, currency: string | null): CountryCode | undefined {
  if (currency && currency !== "EUR" && CURRENCY_COUNTRY[currency]) return CURRENCY_COUNTRY[currency];
  const tld = text.match(/\b(?:www\.)?[a-z0-9-]+\.(de|nl|fr|be|at|it|es|pt|ie|fi|lu|my)\b/i)?.[1]?.toLowerCase();
  if (tld && TLD_COUNTRY[tld]) return TLD_COUNTRY[tld];
  const vat = text.match(/\b(DE|NL|FR|BE|AT|IT|ES|PT|IE|FI|LU)\s?\d{8,}/)?.[1];
  if (vat) return vat as CountryCode;
  return undefined;
}

/** Gathers document-wide evidence once so page extractors can resolve per-page ambiguities consistently. */
export function buildContext(pages: PageTexts, opts: { documentType?: DocumentType; referenceDate?: Date } = {}): ExtractorContext {
  const text = pages.join("\n");
  const dominant = dominantCurrency(text);
  // `$` is read as USD; a Canadian or Australian document's `$` is its own dollar.
  const currency = dominant === "USD" ? resolveBareDollar(text) : dominant;
  return {
    documentType: opts.documentType,
    referenceDate: opts.referenceDate ?? new Date(),
    dominantCurrency: currency,
    monthFirst: detectMonthFirst(text, currency),
    decimalComma: usesDecimalComma(text),
    phoneCountry: detectPhoneCountry(text, currency),
  };
}
