/**
 * Which currency a bare `$` means. Canada, Australia, New Zealand, Singapore and
 * Hong Kong print their own dollar as `$` as the US does, and Mexico, Argentina,
 * Chile, Colombia and the Dominican Republic their peso; a document that names one of them (a tax id of
 * its kind, its postcodes, its name, its phone prefix) and nothing American is in
 * that country's currency.
 */

/** Currencies written with a bare `$` in their own country. */
export const DOLLAR_CURRENCIES: ReadonlySet<string> = new Set(["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "DOP"]);

const LOCAL_DOLLARS: readonly { currency: string; evidence: readonly RegExp[] }[] = [
  {
    currency: "CAD",
    evidence: [
      /\b\d{9}\s?RT\s?\d{4}\b/, // GST/HST business number
      /\bGST\s*\/\s*HST\b/i,
      /\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/, // province and postal code
      /\bcanada\b/i,
    ],
  },
  {
    currency: "AUD",
    evidence: [/\bABN\b[\s:.]*\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b/, /\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b(?![-\d])/, /\baustralia\b/i, /\+61[\s(]?\d/],
  },
  { currency: "NZD", evidence: [/\bnew\s+zealand\b/i, /\+64[\s(]?\d/] },
  { currency: "SGD", evidence: [/\bsingapore\b/i, /\+65[\s(]?\d/, /\bUEN\b/] },
  { currency: "HKD", evidence: [/\bhong\s+kong\b/i, /\+852[\s(]?\d/] },
  // The peso countries: the name (not New Mexico's), the tax id's label (RFC, CUIT, RUT, NIT), the phone prefix.
  // Argentina's tax authority and its authorisation codes on every invoice (AFIP, CAE/CAI/C.E.S.P. with their due
  // date "Fecha Vto. C.E.S.P."), its provincial turnover tax (IIBB, Ingresos Brutos) name it too.
  { currency: "MXN", evidence: [/(?<!\bnew\s)\bm[ée]xico\b/i, /\bR\.?F\.?C\.?\s*:?\s*[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}\b/, /\+52[\s(]?\d/] },
  { currency: "ARS", evidence: [/\bargentina\b/i, /\bAFIP\b/, /\bC\.E\.S\.P\.|\bC\.A\.[EI]\.(?=\s*(?:N[°º]|:))/, /\bIIBB\b|\bingresos\s+brutos\b/i, /\bC\.?U\.?I\.?T\.?\s*(?:N[°º.]?\s*)?:?\s*\d{2}-?\d{8}-?\d\b/i, /\+54[\s(]?\d/] },
  { currency: "CLP", evidence: [/\bR\.?U\.?T\.?\s*(?:N[°º.]?\s*)?:?\s*\d{1,2}\.?\d{3}\.?\d{3}-[\dkK]\b/, /\+56[\s(]?\d/, /\bsantiago\s+de\s+chile\b|,\s*chile\b/i] },
  { currency: "COP", evidence: [/\bcolombia\b/i, /\+57[\s(]?\d/] },
  // The Dominican Republic: its name, its sales tax (ITBIS), the taxpayer number (RNC) and fiscal receipt number (NCF,
  // "B0100001434") every invoice prints, its capital. Its bills print "RD$" as often as a bare "$".
  {
    currency: "DOP",
    evidence: [/\brep[úu]blica\s+dominicana\b|\bdominican\s+republic\b/i, /\bITBIS\b/, /\bRNC\b(?:\s*\/\s*c[ée]dula)?\s*:?\s*\d/i, /\bNCF\b\s*:?\s*[BE]\d{10}\b/, /\bsanto\s+domingo\b/i],
  },
];

const US_EVIDENCE: readonly RegExp[] = [
  /\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b/,
  /\b(?:USA|U\.S\.A\.?|united\s+states)\b/i,
  /\bEIN\b/,
];

/** A printed US dollar: the code, `US$` or the words. */
const PRINTED_USD = /(?<![A-Za-z])USD(?![A-Za-z])|US\$|\bU\.?S\.? dollars?\b/i;

/**
 * The currency of a document whose markers say `USD`: the local dollar when
 * every `$` was bare, exactly one other dollar country is named and nothing
 * points at the US; otherwise USD.
 */
export function resolveBareDollar(text: string): string {
  if (PRINTED_USD.test(text) || US_EVIDENCE.some((re) => re.test(text))) return "USD";
  const named = LOCAL_DOLLARS.filter((d) => d.evidence.some((re) => re.test(text)));
  return named.length === 1 ? named[0]!.currency : "USD";
}
