/**
 * Decides a document's currency from evidence, in order of trust:
 * 1. a currency marker touching the total itself (`RM 9.00`, `€ 12,50`, `9.00 EUR`);
 * 2. the currency the document names by a label (`Währung: GBP`, `Currency: EUR`, `Devise : EUR`) — an invoice
 *    that prints amounts in two currencies states which one it is in;
 * 3. markers on rows that carry amounts (`Total (RM)`, a `RM` column heading) —
 *    never a stray symbol on an address or contact line;
 * 4. country evidence: VAT-id prefix, IBAN country, international phone prefix,
 *    a country name or country TLD, mapped to that country's currency.
 */
import { resolveBareDollar } from "../dollar.country.js";
import { findAmounts, currencyCode, currencyMarkers } from "../money.js";

/** How a currency was decided. */
export type CurrencySource = "amount" | "label" | "amount_rows" | "country" | "none";

/**
 * A currency label at the start of a row or column, or after a comma or semicolon that ends the field before it on a
 * payment line ("Forma płatności: gotówka , waluta: …"), and what follows its colon: "Währung : GBP",
 * "Rechnungswährung: EUR", "Invoice currency: USD", "Devise : EUR", "Valuta: EUR", "Moneda: EUR", "Waluta: PLN".
 */
const CURRENCY_LABEL = /(?:^|\t|[,;])[^\S\n]*(?:[\p{L}-]*währung|(?:invoice\s+|document\s+)?currency(?:\s+code)?|devise|valuta|moneda|divisa|mata\s+wang|waluta|měna|mena)[^\S\n]*:[^\S\n]*([^\n\t,;]{1,40})/gimu;

/** An ISO code right after the label's colon. */
const LABELLED_CODE = /^([A-Z]{3})(?![\p{L}])/iu;

/**
 * A currency the label names in words ("waluta: polski złoty", "Currency: Euro", "Währung: Schweizer Franken"). Only
 * names that are one currency's: a bare "dollar", "franc", "krona" or "peso" is several countries'.
 */
const CURRENCY_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^(?:polski(?:ch)?\s+)?z[łl]ot(?:y|ych|e)(?![\p{L}])/iu, "PLN"],
  [/^euros?(?![\p{L}])/iu, "EUR"],
  [/^(?:u\.?\s?s\.?|united\s+states|american)\s+dollars?(?![\p{L}])/iu, "USD"],
  [/^(?:pounds?\s+sterling|sterling|british\s+pounds?)(?![\p{L}])/iu, "GBP"],
  [/^(?:swiss\s+francs?|schweizer\s+franken|francs?\s+suisses?|franchi\s+svizzeri)(?![\p{L}])/iu, "CHF"],
  [/^(?:forint|ungarische\s+forint|hungarian\s+forints?)(?![\p{L}])/iu, "HUF"],
  [/^(?:česk[áé]\s+korun[ay]?|korun[ay]?\s+česk[áé]|czech\s+korun[ay]?)(?![\p{L}])/iu, "CZK"],
  [/^(?:svenska\s+kronor|swedish\s+kron(?:a|or))(?![\p{L}])/iu, "SEK"],
  [/^(?:norske\s+kroner|norwegian\s+kron(?:e|er))(?![\p{L}])/iu, "NOK"],
  [/^(?:danske\s+kroner|danish\s+kron(?:e|er))(?![\p{L}])/iu, "DKK"],
  [/^(?:indian\s+rupees?)(?![\p{L}])/iu, "INR"],
  [/^guaran[ií](?:es)?(?![\p{L}])/iu, "PYG"],
  [/^ariary(?![\p{L}])/iu, "MGA"],
];

/**
 * Every ISO 4217 code the runtime knows. A label names its currency by code, so any code counts there ("Moneda: GTQ",
 * "Currency: KES"), not only those whose symbols the amount reader knows.
 */
const ISO_4217 = new Set(Intl.supportedValuesOf("currency"));

/** The currency a label's value names, by its ISO code or its name in words; null when it names none. */
function namedCurrency(value: string): string | null {
  const code = LABELLED_CODE.exec(value)?.[1]?.toUpperCase();
  if (code) return currencyCode(code) ?? (ISO_4217.has(code) ? code : null);
  return CURRENCY_NAMES.find(([re]) => re.test(value))?.[1] ?? null;
}

/**
 * A sentence stating the currency every amount is in, the way a label does: "All values are in INR", "All prices are
 * in USD", "Amounts shown in EUR", "All figures in Indian Rupees". An invoice that prints bare numbers says so in a
 * note under its table. The code must be written in capitals ("in all", "in any" are words, not the lek).
 */
const CURRENCY_STATEMENT =
  /\b(?:values|amounts|prices|figures|charges|rates|totals)\s+(?:are\s+|is\s+)?(?:(?:shown|stated|expressed|quoted|given|billed)\s+)?in[^\S\n]+([\p{L}][\p{L} ]{2,30})/giu;

/** A number written in words, as an amount in words is ("Three Hundred Ninety Nine and One paise"). */
const NUMBER_WORD = String.raw`(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|lakhs?|lacs?|crores?|million|billion|and|paise|cents?)`;

/**
 * An amount written in words after its currency's name and ending in "only", as invoices print the total for the
 * record ("Indian Rupees Three Hundred Ninety Nine and One paise Only", "US Dollars One Hundred Only"): the name (the
 * words right before the number, after a label's colon or the row's start) is the document's currency, as a currency
 * label's is — the amounts themselves may carry no sign, or one the text layer lost ("ī399.01").
 */
const AMOUNT_IN_WORDS = new RegExp(String.raw`(?:^|[^\p{L} .])[^\S\n]*([\p{L}][\p{L} .]*?)\s+(?:${NUMBER_WORD}(?![\p{L}])[\s,-]*)+only(?![\p{L}])`, "gimu");

/** A number written in French words ("soixante quatre mille", "deux cent vingt-cinq"). */
const FRENCH_NUMBER_WORD = String.raw`(?:z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|millions?|milliards?|et)`;

/**
 * The French formula that closes an invoice with its total in words ("Arrêtée la présente facture à la somme de deux
 * cent vingt euros", "ARRETE A LA SOMME DE SOIXANTE QUATRE MILLE ARIARY TTC"): the name after the number is the
 * document's currency, as an English amount in words names it (see {@link AMOUNT_IN_WORDS}).
 */
const FRENCH_AMOUNT_IN_WORDS = new RegExp(String.raw`\bsomme\s+de\s+(?:${FRENCH_NUMBER_WORD}(?![\p{L}])[\s,-]*)+([\p{L}][\p{L} ]*)`, "giu");

/**
 * The currencies the document names by a label, a sentence stating its amounts' currency or an amount in words (English
 * or French), each once, in order.
 */
export function labelledCurrencies(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CURRENCY_LABEL)) {
    const code = namedCurrency(m[1] ?? "");
    if (code && !out.includes(code)) out.push(code);
  }
  for (const m of text.matchAll(CURRENCY_STATEMENT)) {
    const value = m[1] ?? "";
    const word = /^\p{L}{3}(?!\p{L})/u.exec(value)?.[0];
    const code = word && word !== word.toUpperCase() ? CURRENCY_NAMES.find(([re]) => re.test(value))?.[1] ?? null : namedCurrency(value);
    if (code && !out.includes(code)) out.push(code);
  }
  for (const m of text.matchAll(AMOUNT_IN_WORDS)) {
    // The name is the last words before the number ("Amount in words Indian Rupees …" names it by "Indian Rupees").
    const words = (m[1] ?? "").split(/\s+/);
    const tails = words.map((_, i) => `${words.slice(i).join(" ")} `);
    const code = tails.map((t) => CURRENCY_NAMES.find(([re]) => re.test(t))?.[1]).find((c) => c !== undefined) ?? null;
    if (code && !out.includes(code)) out.push(code);
  }
  for (const m of text.matchAll(FRENCH_AMOUNT_IN_WORDS)) {
    const code = CURRENCY_NAMES.find(([re]) => re.test(m[1] ?? ""))?.[1] ?? null;
    if (code && !out.includes(code)) out.push(code);
  }
  return out;
}

/**
 * A line of an address or a contact, whose currency-looking letters are no evidence. An e-mail's "@" stands between
 * its name and domain; a rate's "@" ("Base charge @ Rs. 3.72/unit", "2 @ $3.50") stands alone and leaves its row an
 * amount row.
 */
const ADDRESS_OR_CONTACT =
  /\b(?:jalan|jln|lot|taman|street|st\.|road|rd\.|avenue|ave\.?|straße|strasse|str\.|weg|laan|rue|calle|via|tel|fax|phone|e-?mail|www|http|postcode|plz)\b|[\w.-]@[\w-]|\b\d{4,5}\s+\p{L}{3,}/iu;

const EURO = ["DE", "NL", "FR", "BE", "AT", "IT", "ES", "PT", "IE", "FI", "LU", "GR", "EL", "SK", "SI", "EE", "LV", "LT", "MT", "CY", "HR"];
const COUNTRY_CURRENCY: Record<string, string> = {
  ...Object.fromEntries(EURO.map((c) => [c, "EUR"])),
  MY: "MYR", GB: "GBP", US: "USD", IN: "INR", SG: "SGD", AU: "AUD", CH: "CHF", SE: "SEK", NO: "NOK", DK: "DKK", PL: "PLN", CZ: "CZK",
  CA: "CAD", NZ: "NZD", HK: "HKD", JP: "JPY", HU: "HUF", RO: "RON", BG: "BGN", MX: "MXN", AR: "ARS", BR: "BRL", CL: "CLP",
  CO: "COP", ZA: "ZAR", AE: "AED", ID: "IDR", TH: "THB", PH: "PHP", TR: "TRY",
  GT: "GTQ", HN: "HNL", CR: "CRC", PE: "PEN", PY: "PYG", UY: "UYU", BO: "BOB", DO: "DOP", KE: "KES", UG: "UGX", TZ: "TZS", NG: "NGN",
  GH: "GHS", MG: "MGA", MA: "MAD", TN: "TND", EG: "EGP", RS: "RSD", UA: "UAH", IS: "ISK", PK: "PKR", BD: "BDT", LK: "LKR", NP: "NPR",
  VN: "VND", KR: "KRW", TW: "TWD", SA: "SAR", QA: "QAR", KW: "KWD", OM: "OMR", BH: "BHD", IL: "ILS",
};
const PHONE_PREFIX: Record<string, string> = {
  "60": "MY", "49": "DE", "31": "NL", "33": "FR", "32": "BE", "43": "AT", "39": "IT", "34": "ES", "44": "GB", "91": "IN", "65": "SG", "41": "CH",
  "351": "PT", "353": "IE", "358": "FI", "352": "LU", "30": "GR", "46": "SE", "47": "NO", "45": "DK", "48": "PL", "420": "CZ", "36": "HU",
  "40": "RO", "359": "BG", "61": "AU", "64": "NZ", "852": "HK", "81": "JP", "52": "MX", "54": "AR", "55": "BR", "56": "CL", "57": "CO",
  "27": "ZA", "971": "AE", "62": "ID", "66": "TH", "63": "PH", "90": "TR",
  "502": "GT", "504": "HN", "506": "CR", "51": "PE", "595": "PY", "598": "UY", "591": "BO", "254": "KE", "256": "UG", "255": "TZ",
  "234": "NG", "233": "GH", "261": "MG", "212": "MA", "216": "TN", "20": "EG", "381": "RS", "380": "UA", "354": "IS", "92": "PK",
  "880": "BD", "94": "LK", "977": "NP", "84": "VN", "82": "KR", "886": "TW", "966": "SA", "974": "QA", "965": "KW", "968": "OM",
  "973": "BH", "972": "IL", "421": "SK", "386": "SI", "372": "EE", "371": "LV", "370": "LT", "356": "MT", "357": "CY",
};
/**
 * An international phone prefix after "+", longest codes first so "+351" is Portugal and not "+35" of anything; after
 * "00" only the codes of the countries the documents mostly come from, since "00" and two digits open many a number —
 * and never inside an identifier: "UDYAM-WB-10-0039665" (a hyphen, a slash or a dot before the zeros) is no call to
 * Italy.
 */
const PHONE = new RegExp(
  String.raw`\+(${Object.keys(PHONE_PREFIX).sort((a, b) => b.length - a.length).join("|")})[\s(-]?\d|(?<![\w/.-])00(60|49|31|33|32|43|39|34|44|91|65|41)[\s(-]?\d`,
);
const COUNTRY_NAMES: [RegExp, string][] = [
  [/\bmalaysia\b|\b(?:selangor|johor|kuala\s+lumpur|penang|pulau\s+pinang|sabah|sarawak|perak|kedah|melaka|pahang|negeri\s+sembilan)\b/i, "MY"],
  [/\b(?:deutschland|germany)\b/i, "DE"], [/\b(?:nederland|netherlands|the\s+netherlands)\b/i, "NL"], [/\bfrance\b/i, "FR"],
  [/\b(?:belgi[eë]|belgique|belgium)\b/i, "BE"], [/\b(?:österreich|austria)\b/i, "AT"], [/\b(?:italia|italy)\b/i, "IT"],
  [/\b(?:españa|espana|spain)\b/i, "ES"], [/\b(?:united\s+kingdom|england)\b/i, "GB"], [/\bindia\b/i, "IN"], [/\bsingapore\b/i, "SG"],
  [/\b(?:usa|united\s+states)\b/i, "US"],
  // Country names that are no common word on a receipt or an invoice ("Chile", "China", "Turkey" are dishes and goods).
  [/\b(?:portugal)\b/i, "PT"], [/\b(?:ireland|éire)\b/i, "IE"], [/\b(?:finland|suomi)\b/i, "FI"], [/\b(?:luxembourg|luxemburg)\b/i, "LU"],
  [/\b(?:sweden|sverige)\b/i, "SE"], [/\b(?:norway|norge)\b/i, "NO"], [/\b(?:denmark|danmark)\b/i, "DK"], [/\b(?:poland|polska)\b/i, "PL"],
  [/\b(?:czech\s+republic|czechia|česká\s+republika)\b/i, "CZ"], [/\b(?:switzerland|schweiz|suisse|svizzera)\b/i, "CH"],
  [/\b(?:canada)\b/i, "CA"], [/\b(?:australia)\b/i, "AU"], [/\bnew\s+zealand\b/i, "NZ"], [/\bhong\s+kong\b/i, "HK"], [/\bjapan\b/i, "JP"],
  [/(?<!\bnew\s)\b(?:méxico|mexico)\b/i, "MX"], [/\bargentina\b/i, "AR"], [/\b(?:brasil|brazil)\b/i, "BR"], [/\bcolombia\b/i, "CO"],
  [/\bsouth\s+africa\b/i, "ZA"], [/\bunited\s+arab\s+emirates\b/i, "AE"], [/\bindonesia\b/i, "ID"], [/\bthailand\b/i, "TH"],
  [/\bphilippines\b/i, "PH"],
  // Countries whose own currency the amounts rarely sign ("Q 900.00", "20.100 din"); names no person or good carries.
  [/\bguatemala\b/i, "GT"], [/\bhonduras\b/i, "HN"], [/\bcosta\s+rica\b/i, "CR"], [/\bper[uú](?![\p{L}])/iu, "PE"], [/\bparaguay\b/i, "PY"],
  [/\buruguay\b/i, "UY"], [/\bbolivia\b/i, "BO"], [/\b(?:rep[uú]blica\s+dominicana|dominican\s+republic)\b/i, "DO"], [/\bkenya\b/i, "KE"],
  [/\buganda\b/i, "UG"], [/\btanzania\b/i, "TZ"], [/\bnigeria\b/i, "NG"], [/\bghana\b/i, "GH"], [/\bmadagascar\b/i, "MG"],
  [/\b(?:morocco|maroc)\b/i, "MA"], [/\b(?:tunisia|tunisie)\b/i, "TN"], [/(?<![\p{L}])(?:egypt|[ée]gypte)(?![\p{L}])/iu, "EG"], [/\b(?:serbia|srbija)\b/i, "RS"],
  [/\bukraine\b/i, "UA"], [/\biceland\b/i, "IS"], [/\bpakistan\b/i, "PK"], [/\bbangladesh\b/i, "BD"], [/\bsri\s+lanka\b/i, "LK"],
  [/\bnepal\b/i, "NP"], [/\b(?:vietnam|vi[eệ]t\s+nam)\b/i, "VN"], [/\b(?:south\s+)?korea\b/i, "KR"], [/\btaiwan\b/i, "TW"],
  [/\bsaudi\s+arabia\b/i, "SA"], [/\bqatar\b/i, "QA"], [/\bkuwait\b/i, "KW"], [/\bsultanate\s+of\s+oman\b/i, "OM"], [/\bbahrain\b/i, "BH"],
  [/\b(?:hungary|magyarorsz[áa]g)\b/i, "HU"], [/\b(?:romania|rom[âa]nia)\b/i, "RO"], [/\bbulgaria\b/i, "BG"],
  [/\b(?:slovakia|slovensko)\b/i, "SK"], [/\b(?:slovenia|slovenija)\b/i, "SI"], [/\b(?:estonia|eesti)\b/i, "EE"], [/\b(?:latvia|latvija)\b/i, "LV"],
  [/\b(?:lithuania|lietuva)\b/i, "LT"], [/\b(?:greece|hellas)\b/i, "GR"],
];

/** True when `text` names a country or one of the regions the country evidence knows ("Selangor", "Deutschland"). */
export function namesCountryOrRegion(text: string): boolean {
  return COUNTRY_NAMES.some(([re]) => re.test(text));
}

/**
 * A heading word of an amount column or row: "Amount (RM)", "Betrag EUR", "netto PLN / brutto PLN" (net and gross
 * columns, as Polish, German and Dutch invoices head them), "kwota", "cena", "wartość", a payment slip's "Payment Rs".
 */
const AMOUNT_HEADING = /(?<![\p{L}])(?:amount|total|price|betrag|preis|bedrag|prix|montant|importe|importo|jumlah|harga|netto|brutto|kwota|cena|warto[śs][ćc]|payment)(?![\p{L}])/iu;

/** Result of {@link decideCurrency}. */
export interface CurrencyDecision {
  currency: string | null;
  source: CurrencySource;
}

/** Options of {@link decideCurrency}. */
export interface CurrencyOptions {
  /**
   * The text was read by OCR: a yen sign by the total is then trusted only when no country evidence names another
   * currency, since OCR reads the rupee sign "₹" as "¥".
   */
  ocr?: boolean;
}

/**
 * @param text the document text (all pages)
 * @param totalCurrency the currency marker printed with the chosen total, when one was
 */
export function decideCurrency(text: string, totalCurrency: string | null, opts: CurrencyOptions = {}): CurrencyDecision {
  if (totalCurrency === "JPY" && opts.ocr && !/\bJPY\b|円/u.test(text)) {
    const country = countryEvidence(text);
    const other = country ? COUNTRY_CURRENCY[country] : undefined;
    if (other && other !== "JPY") return { currency: other, source: "country" };
  }
  if (totalCurrency) return { currency: totalCurrency, source: "amount" };
  // One named currency; two named ones leave it to the amounts.
  const named = labelledCurrencies(text);
  if (named.length === 1) return { currency: named[0] ?? null, source: "label" };
  const counts = new Map<string, number>();
  // A bare `$` on an amount row is the document's dollar, as the amounts themselves read it (an Australian invoice's
  // "$624.64" beside "Balance Due AUD"): USD only when nothing names another dollar country (see dollar.country.ts).
  let dollar: string | undefined;
  for (const line of text.split("\n")) {
    if (ADDRESS_OR_CONTACT.test(line)) continue;
    // Only rows that carry an amount (with decimals, or whole units with a marker spelt in letters: "9zł", "120 Kč";
    // a bare sign before whole units, "$60067", is as often OCR's reading of another sign), or a heading of an
    // amount column ("Amount (RM)").
    const hasAmount = findAmounts(line, 0, false, null).some((t) => t.hasDecimals || (t.explicitCurrency && /\p{L}/u.test(line.slice(t.start, t.end))));
    const heading = AMOUNT_HEADING.test(line) || markedColumn(line);
    if (!hasAmount && !heading) continue;
    // The yen sign is no evidence here: OCR reads the rupee sign as "¥" (see the JPY guard above).
    for (const { marker, code } of currencyMarkers(line)) {
      if (marker === "¥") continue;
      const c = marker === "$" ? (dollar ??= resolveBareDollar(text)) : code;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return { currency: best[0], source: "amount_rows" };
  const country = countryEvidence(text);
  if (country && COUNTRY_CURRENCY[country]) return { currency: COUNTRY_CURRENCY[country] ?? null, source: "country" };
  return { currency: null, source: "none" };
}

/**
 * A word followed by a currency marker in brackets that ends its cell ("Gesamt ( € )", "Valor (R$)"): a heading of an
 * amount column. Not in a sentence ("in der Buchwährung (GBP) ausgegeben").
 */
const BRACKETED_MARKER = /\p{L}\.?[^\S\t]*\([^\S\t]*([^\s()\d]{1,3})[^\S\t]*\)[^\S\t]*(?:\t|$)/gu;

/** True when `line`, a row of cells, heads a column with the currency its amounts are in, in brackets after its name. */
function markedColumn(line: string): boolean {
  return line.includes("\t") && [...line.matchAll(BRACKETED_MARKER)].some((m) => currencyMarkers(m[1] ?? "").length > 0);
}

/** The country a document comes from, by VAT-id prefix, IBAN, phone prefix or a country name. */
export function countryEvidence(text: string): string | null {
  const vat = /\b(?:vat|btw|tva|ust|mwst|iva)[^\n]{0,30}?\b([A-Z]{2})\s?\d{8,12}/i.exec(text)?.[1]?.toUpperCase();
  if (vat && COUNTRY_CURRENCY[vat]) return vat;
  const iban = /\b([A-Z]{2})\d{2}(?:\s?[A-Z0-9]{4}){3,7}\b/.exec(text)?.[1];
  if (iban && COUNTRY_CURRENCY[iban]) return iban;
  const m = PHONE.exec(text);
  const phone = m?.[1] ?? m?.[2];
  if (phone && PHONE_PREFIX[phone]) return PHONE_PREFIX[phone] ?? null;
  for (const [re, c] of COUNTRY_NAMES) if (re.test(text)) return c;
  return null;
}
