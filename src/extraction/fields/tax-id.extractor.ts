/**
 * The issuer's tax registration number, reported as the `vat_id` field
 * whatever the scheme: an EU VAT number, and the national numbers invoices
 * print where there is no EU VAT id (Spanish NIF/CIF, Canadian GST/HST
 * business number `123456789 RT0001`, Australian ABN, UK VAT, Swiss UID
 * `CHE-…`, Indian GSTIN, US EIN, a Latin American NIT, Malaysian SST registration
 * `W10-1808-32000123`). One field name keeps the API one shape: a
 * client asking "whose tax id is this" reads `vat_id` for every country.
 *
 * Numbers come after their label, or (strictly shaped ones) without one.
 * Check digits (`tax-id.checksums.ts`) raise the confidence of a number that
 * passes, lower a labelled one that fails and drop an unlabelled one that fails.
 * A number labelled as the customer's ("Customer VAT No", "Ihre USt-IdNr.") is
 * kept but scored down, so the issuer's wins when both are printed.
 */
import type { ExtractedField } from "../extraction.types.js";
import { ocrLabelView } from "./page/labels.ocr.js";
import { taxIdChecksum, validAbn, validCnpj, validEin, validNip, validRucPy, validVkn } from "./tax-id.checksums.js";
import { makeField } from "./text.js";

/** EU VAT numbers and other strictly shaped tax ids written without a label (`DE123456789`, `NL810433941B01`, `CHE-123.456.789`). */
const TAX_ID_SHAPE =
  /\b(?:ATU\d{8}|BE[01]\d{9}|BG\d{9,10}|CY\d{8}[A-Z]|CZ\d{8,10}|DE\d{9}|DK\d{8}|EE\d{9}|EL\d{9}|ES[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|FR[A-HJ-NP-Z0-9]{2}\d{9}|GB(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})|HR\d{11}|HU\d{8}|IE\d[A-Z0-9+*]\d{5}[A-Z]{1,2}|IT\d{11}|LT(?:\d{9}|\d{12})|LU\d{8}|LV\d{11}|MT\d{8}|NL\d{9}B\d{2}|PL\d{10}|PT\d{9}|RO\d{2,10}|SE\d{12}|SI\d{8}|SK\d{10}|CHE[-\s]?\d{3}\.?\d{3}\.?\d{3}|\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]|\d{9}\s?RT\s?\d{4})\b/g;

// Longer labels first: at one position the first alternative that matches wins, and the generic one would stop
// after "TVA " in "TVA intracommunautaire", after "USt-" in "USt-IdNr." or after "GST" in "GST/HST".
const TAX_ID_LABEL = new RegExp(
  [
    // The German term written out ("Umsatzsteuer-ID", "Umsatzsteuer-Identifikationsnummer", "Umsatzsteuer-IdNr."):
    // the bare "Umsatzsteuer" is the tax's amount row, so only with its "Id…" part.
    String.raw`\bumsatzsteuer[-\s]?(?:id(?:ent)?(?:ifikations)?(?:[-\s]?(?:nummer|nr))?|identifikationsnummer)\b\.?`,
    // "Mehrwertsteuernummer", "Mehrwertsteuer-Nr." (Swiss and Austrian usage, and the German invoices of foreign
    // sellers registered under the EU's one-stop shop, "Mehrwertsteuernummer: EU442008675").
    String.raw`\bmehrwertsteuer[-\s]?(?:nummer|nr|id(?:-?nr)?)\b\.?`,
    // "N.I.T.V.A." (numéro d'identification à la TVA): before the NIT below, which would stop after its "N.I.T.".
    String.raw`\bp\.?\s?iva\b\.?|\bpartita\s+iva\b|\bn[°º]\s*de\s+tva(?:\s+intra[-\s]?communautaire)?|\btva\s+intra[-\s]?communautaire|\bn\.\s?i\.\s?t\.\s?v\.\s?a\b\.?`,
    // The Turkish VKN (Vergi Kimlik Numarası), the ten-digit tax number every Turkish invoice prints for its
    // seller and its buyer, with its check digit (validVkn). No "\b" after "Numarası": its dotless ı is no ASCII
    // word character, so a word boundary never follows it.
    String.raw`\bvkn\b\.?|\bvergi\s+(?:kimlik\s+)?(?:no\b|numaras[ıi](?![a-z]))\.?`,
    // "UStld": OCR reads the capital I of "UStId" as a lower-case l. A scan's OCR may lose the space before a
    // country-prefixed number ("Btw-nrNL230203620B07").
    String.raw`\bbtw[-\s]?(?:nummer|nr)(?:\b|(?=[A-Z]{2}\d))\.?|\bust-?[il]d(?:-?nr)?(?:\b|(?=[A-Z]{2}\d))\.?|\bgstin\b|\bvat\/tin\b|\buid(?:-?nr)?\b\.?`,
    // Spanish NIF / CIF, with or without dots ("N.I.F.", "C.I.F.", "NIF/CIF", "NIF-IVA").
    String.raw`\b(?:n\.\s?i\.\s?f|c\.\s?i\.\s?f|nif|cif)\b\.?(?:\s*[/-]\s*(?:n\.\s?i\.\s?f|c\.\s?i\.\s?f|nif|cif|iva)\b\.?)?`,
    // The Polish NIP, the number a Polish seller's VAT is registered under (its EU VAT id with "PL" before it).
    String.raw`\bnip\b\.?`,
    // The NIT ("Número de Identificación Tributaria", "N.I.T."), the tax number of Guatemalan, Colombian and other
    // Latin American invoices, with its check digit after a hyphen ("1234567-8", "900.123.456-7").
    String.raw`\bnit\b\.?|\bn\.\s?i\.\s?t\b\.?`,
    // The RUC ("Registro Único de Contribuyentes") of Paraguayan, Peruvian and Ecuadorian invoices; Paraguay's with its
    // check digit after a hyphen ("RUC: 4849678-2", validRucPy).
    String.raw`\bruc\b\.?`,
    // The Dominican RNC (Registro Nacional de Contribuyentes), the seller's tax number on Dominican invoices and bills
    // ("RNC: 1-01-82021-7", "RNC 131-12345-6").
    String.raw`\brnc\b\.?`,
    // The Brazilian CNPJ, a company's federal tax number ("CNPJ:", "CNPJ / CPF" over a seller's or buyer's number).
    String.raw`\bcnpj\b(?:\s*\/\s*cpf\b)?`,
    // The Swedish VAT registration number ("Momsreg.nr.", "Momsregistreringsnummer", "Momsnr"), printed beside the
    // "Org.nr." of the company register.
    String.raw`\bmoms(?:reg(?:istrerings)?)?[-.\s]*(?:nr|nummer)\b\.?`,
    String.raw`\ba\.\s?b\.\s?n\b\.?|\babn\b|\bbusiness\s+(?:number|no)\b\.?|\bemployer\s+identification\s+(?:number|no)\b\.?|\bfed(?:eral|\.)?\s*tax\s*id\b\.?|\btin\b`,
    // Within its line: a "Tax" column heading is not the label of the first number on the row under it. The German
    // "USt.-Id.-Nr." hyphenates its number word on.
    String.raw`\b(?:gst\s*\/\s*hst|hst\s*\/\s*gst|vat|gst|sst|hst|tva|btw|ust|mwst|iva|tax)[^\S\n./-]*(?:[./-][^\S\n./-]*)*(?:reg(?:istration|\.)?[^\S\n]*)?(?:id(?:entification)?(?:nr)?|no|nr|number|nummer|num|#)?\b\.?(?:-[^\S\n]?(?:nr|no)\b\.?|[^\S\n]*no\b\.?)?`,
  ].join("|"),
  "gi",
);
/**
 * A Brazilian CNPJ written in its own punctuation ("19.671.783/0001-63"): no other number is printed so, and with its
 * check digits ({@link validCnpj}) it is a tax id without a label, as a DANFE prints it under a "CNPJ / CPF" heading
 * whose row of values starts with another number.
 */
const CNPJ_SHAPE = /(?<![\d./-])\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}(?![\d./-])/g;

/**
 * A Polish NIP in one of its two hyphenations ("839-31-72-913", "123-456-32-18"): with its check digit
 * ({@link validNip}) a tax id without a label, as a Polish invoice may print it under the seller's address.
 */
const NIP_SHAPE = /(?<![\d-])(?:\d{3}-\d{2}-\d{2}-\d{3}|\d{3}-\d{3}-\d{2}-\d{2})(?![\d-])/g;

/** "EIN" only in capitals: "ein" is a German word. */
const EIN_LABEL = /\bEIN\b/g;

/** Words before a label that make the number the customer's. */
const RECIPIENT_WORDS =
  /\b(?:customer|client|buyer|purchaser|recipient|your|bill(?:ed)?\s+to|kunden?|ihre?|leistungsempf[äa]nger|klant|afnemer|uw|acheteur|preneur|destinataire|votre|cliente|comprador|destinatario|su|acquirente|committente|pelanggan|pembeli|nabywca|odbiorca)\b/i;

/** Value readers, tried in order on the text after a label. */
const VALUES: readonly { re: RegExp; id: (m: RegExpExecArray) => string }[] = [
  // Canadian business number with its GST/HST program account: "123456789 RT0001".
  { re: /^[\s:#.()-]*((\d{3}\s?\d{3}\s?\d{3}|\d{5}\s\d{4})\s?RT\s?(\d{4}))/i, id: (m) => `${(m[2] ?? "").replace(/\s/g, "")}RT${m[3]}` },
  // Swiss UID: "CHE-123.456.789 MWST" (the tax's name after it is not part of the number).
  { re: /^[\s:#.()-]*(CHE[-\s]?(\d{3})[.\s]?(\d{3})[.\s]?(\d{3}))/i, id: (m) => `CHE${m[2]}${m[3]}${m[4]}` },
  // Malaysian SST registration: a letter and two digits, four digits, eight digits ("W10-1808-32000123").
  { re: /^[\s:#.()-]*(([A-Z]\d{2})[-\s]?(\d{4})[-\s]?(\d{8}))(?![\dA-Z])/, id: (m) => `${m[2]}${m[3]}${m[4]}` },
  // A Dutch VAT number in the dotted groups of its fiscal number: "NL 8598.21.006.B.01", "8012.34.567.B.01".
  { re: /^[\s:#.()-]*((?:NL\s?)?\d{4}\.\d{2}\.\d{3}[ .]?B[ .]?\d{2})(?![\dA-Z])/i, id: (m) => (m[1] ?? "").replace(/[\s.]/g, "").toUpperCase() },
  // A Brazilian CNPJ with its dots, slash and dash ("19.671.783/0001-63"): the slash does not end it.
  { re: /^[\s:#.()-]*(\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2})(?![\dA-Z])/i, id: (m) => (m[1] ?? "").replace(/\D/g, "") },
  // Everything else, possibly in space-separated groups (`DE 232 446 240`, `0010 9010 5344`, `B-12345678`, `12-3456789`).
  {
    re: /^[\s:#.()-]*((?:ATU|ES\s?[A-Z](?=\d{7}[A-Z0-9]\b)|[A-Z]{2}\s?|[A-Z]-?(?=\d{7}[A-Z0-9]\b))?\d[\dA-Z]*(?:[ .-]\d[\dA-Z]*)*)/i,
    id: (m) => (m[1] ?? "").replace(/[\s.-]/g, "").toUpperCase(),
  },
];

/** Scores of a tax id, before and after its check digits are known. */
const SCORE = { prefixed: 0.92, unprefixed: 0.8, bareLabel: -0.2, checked: 0.05, failed: -0.25, recipient: -0.3, shape: 0.6, shapeChecked: 0.75 };

/** {@link TAX_ID_LABEL} as a plain test (the shared pattern is global, so `test` on it would keep its position). */
const TAX_ID_LABEL_TEST = new RegExp(TAX_ID_LABEL.source, "i");

/** The text before `at` on its line, or in its cell (from the last column gap) when `cell` is set. */
function before(page: string, at: number, cell: boolean): string {
  const from = Math.max(page.lastIndexOf("\n", at - 1), cell ? page.lastIndexOf("\t", at - 1) : -1) + 1;
  return page.slice(from, at);
}

/** True when the words before `at` on its line name the customer. */
function customers(page: string, at: number): boolean {
  return RECIPIENT_WORDS.test(before(page, at, false));
}

/**
 * True when the tax id at `at` stands under a label that names it the customer's ("Customer VAT No.", "Uw
 * BTW-nummer", "BTW-nr. klant", "Ihre USt-IdNr."): its cell, from the row's start or the last column gap, holds a
 * tax label and a customer word and no other value before the number.
 */
export function customerLabelled(page: string, at: number): boolean {
  const cell = before(page, at, true);
  return !/\d/.test(cell) && RECIPIENT_WORDS.test(cell) && TAX_ID_LABEL_TEST.test(cell);
}

/** Characters OCR reads for a capital I at the start of a word ("1T…", "lT…", "[T…", "|T…"). */
const MISREAD_I = /^([\s:#.()-]*)[1l|[!](?=[A-Z]\d{6})/;

/**
 * A tax id as OCR may misread it: its country prefix ("1T56208486268" for "IT…", an I read as 1, l, [ or |;
 * "1IT59363736816", a speck before it), or the letter B of a Dutch VAT number read as 8 ("NL810433941801"). The
 * repaired id is used only when it passes its check digits and the id as read does not.
 */
export function repairedPrefix(value: string): string {
  if (taxIdChecksum(value) === true) return value;
  const tries = [value.replace(/^[1l|[!](?=[A-Z]\d)/, "I"), value.replace(/^[^A-Z](?=[A-Z]{2}\d)/, ""), value.replace(/^(NL\d{9})8(?=\d{2}$)/, "$1B")];
  return tries.find((t) => t !== value && taxIdChecksum(t) === true) ?? value;
}

function labelled(page: string, pageNumber: number, m: RegExpExecArray, out: ExtractedField[]): void {
  // A bare "TAX"/"GST" label is weaker evidence than "VAT Reg No" or "UStId".
  const bare = /^(?:vat|gst|sst|hst|tax|iva|mwst|tin)$/i.test(m[0].trim());
  const from = m.index + m[0].length;
  // Same length: offsets into `after` stay offsets into the page.
  const ahead = page.slice(from, from + 60);
  const rest = ahead.split("\n")[0] ?? "";
  // A label that ends its line (a sentence wrapped after "VAT number:") has its value at the start of the next one.
  const wrapped = /^[\s:#.()-]*$/.test(rest) && ahead.length > rest.length;
  const after = (wrapped ? `${rest} ${ahead.slice(rest.length + 1).split("\n")[0] ?? ""}` : rest).slice(0, 40).replace(MISREAD_I, "$1I");
  // The number itself wrapped at one of its spaces ("VAT number: GB 746 7455" / "95"): the line and the next as one.
  const nextLine = ahead.slice(rest.length + 1).split("\n")[0] ?? "";
  const continued = !wrapped && /^\d[\d ]*$/.test(nextLine.trim()) ? `${rest} ${nextLine}`.slice(0, 40).replace(MISREAD_I, "$1I") : null;
  for (const reader of VALUES) {
    let v = reader.re.exec(after);
    if (!v?.[1]) continue;
    // Taken whole only when the number as printed on the first line fails its check digits and the whole passes.
    if (continued && taxIdChecksum(repairedPrefix(reader.id(v))) === false) {
      const whole = reader.re.exec(continued);
      if (whole?.[1] && whole[1].length > v[1].length && taxIdChecksum(repairedPrefix(reader.id(whole))) === true) v = whole;
    }
    const group = v[1];
    if (!group) continue;
    const value = repairedPrefix(reader.id(v));
    const digits = value.replace(/\D/g, "").length;
    if (value.length < 8 || digits < 6 || value.length > 17) return;
    // An EIN's only check is its prefix; after "ABN" eleven digits must pass the ABN's check (unlabelled, eleven
    // digits that fail may be another scheme's); other shapes are judged by their own check digits.
    const label = m[0].trim();
    const ein = /^(?:ein|employer|fed)/i.test(label) && /^\d{9}$/.test(value);
    const abn = /^a\.?\s?b\.?\s?n\.?$/i.test(label) && /^\d{11}$/.test(value);
    const vkn = /^(?:vkn|vergi)/i.test(label) && /^\d{10}$/.test(value);
    const printed = group.replace(/\s/g, "");
    const rucPy = /^ruc/i.test(label) && /^\d{5,8}-\d$/.test(printed);
    const check = ein ? (validEin(value) ? null : false) : abn ? validAbn(value) : vkn ? validVkn(value) : rucPy ? validRucPy(printed) : taxIdChecksum(value);
    // On the next line only a number that says it is a tax id by its letters (a country prefix, `RT0001`), not the
    // first cell of a table row under a "Tax" column heading (digits alone may pass some scheme's check by chance) —
    // or, under a label that names one scheme with check digits ("Vergi No" over "2951078814 (Gazikent)", the VKN
    // with its tax office after it), digits that pass that scheme's check.
    const schemed = (vkn || abn || rucPy) && check === true;
    if (wrapped && !/[A-Z]/.test(value) && !schemed) return;
    let score = /^[A-Z]{2}/.test(value) ? SCORE.prefixed : SCORE.unprefixed;
    if (bare) score += SCORE.bareLabel;
    if (check === true) score += SCORE.checked;
    if (check === false) score += SCORE.failed;
    if (customers(page, m.index)) score += SCORE.recipient;
    const start = from + v[0].length - group.length;
    out.push(makeField("vat_id", page, pageNumber, start, start + group.length, value, score));
    return;
  }
}

/**
 * Tax registration numbers of a page's text as `vat_id` candidates: after a
 * label (any of the schemes in this module's header), or strictly shaped
 * without one. See the module header for the scores. On an OCR'd page
 * (`opts.ocr`) labels are looked for in the page's OCR label view as well
 * (`labels.ocr.ts`: "UStIdNe" read as "USTIDNR"); the numbers are always read
 * from the text as printed.
 */
export function extractTaxIds(page: string, pageNumber: number, opts: { ocr?: boolean } = {}): ExtractedField[] {
  const out: ExtractedField[] = [];
  const labels = [...page.matchAll(TAX_ID_LABEL)];
  if (opts.ocr) {
    // Same length as the page, so a label's offsets in the view are its offsets in the page.
    const view = page.split("\n").map(ocrLabelView).join("\n");
    for (const m of view.matchAll(TAX_ID_LABEL)) if (!labels.some((l) => l.index === m.index)) labels.push(m);
  }
  for (const m of labels) labelled(page, pageNumber, m as RegExpExecArray, out);
  for (const m of page.matchAll(EIN_LABEL)) labelled(page, pageNumber, m as RegExpExecArray, out);
  for (const m of page.matchAll(TAX_ID_SHAPE)) {
    const value = m[0].replace(/[\s.-]/g, "").toUpperCase();
    const check = taxIdChecksum(value);
    // Unlabelled, a number that fails its check is some other number of the same length; after a tax label
    // further back on its line ("Our VAT number is DE…") it is a tax id, perhaps misread.
    const labelBefore = TAX_ID_LABEL_TEST.test(before(page, m.index, false));
    if (check === false && !labelBefore) continue;
    const base = check === true ? SCORE.shapeChecked : SCORE.shape + (check === false ? SCORE.failed : 0);
    const score = base + (customers(page, m.index) ? SCORE.recipient : 0);
    out.push(makeField("vat_id", page, pageNumber, m.index, m.index + m[0].length, value, score));
  }
  for (const [shape, valid] of [[CNPJ_SHAPE, validCnpj], [NIP_SHAPE, validNip]] as const) {
    for (const m of page.matchAll(shape)) {
      const value = m[0].replace(/\D/g, "");
      if (!valid(value) || out.some((f) => f.value === value && f.start === m.index)) continue;
      out.push(makeField("vat_id", page, pageNumber, m.index, m.index + m[0].length, value, SCORE.shapeChecked + (customers(page, m.index) ? SCORE.recipient : 0)));
    }
  }
  // One registration printed as the VAT id ("IVA ESB12345674") and as the national number it is built on ("NIF
  // B12345674", "C.F. 01234567890"): the field is the VAT id, so the prefixed form ranks above the bare one, whatever
  // label each stands under.
  return out.map((p) => {
    const value = String(p.value);
    const national = /^(?:ATU|CHE|[A-Z]{2})(?=\w)/.test(value) ? value.replace(/^(?:ATU|CHE|[A-Z]{2})/, "") : null;
    const bare = national === null ? [] : out.filter((q) => q.value === national);
    return bare.length === 0 ? p : { ...p, confidence: Math.max(p.confidence, ...bare.map((q) => q.confidence + 0.01)) };
  });
}
