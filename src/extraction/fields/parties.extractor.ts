import type { ExtractedField } from "../extraction.types.js";
import { makeField, splitLines, squash, type Line } from "./text.js";
import type { ExtractorContext } from "./types.js";
import { BARE_ISSUER, ITEM_ROW, LEGAL_FORM, LEGAL_FORM_ALL, PAGE_COUNTER, PARTY_HEADING_ROW, RECIPIENT_LABEL as RECIPIENT_WORDS, SENDER_LINE_SEPARATOR, STAFF_LINE, STORE_NUMBER_LINE } from "./page/labels.vocabulary.js";

/** Legal forms and trade words that mark a line as a business name. */
const COMPANY =
  /\b(?:sdn\.?\s*bhd|bhd|berhad|ltd|limited|inc|incorporated|corp(?:oration)?|llc|llp|plc|gmbh|ag|kg|se|b\.?v|n\.?v|s\.?a\.?s?|s\.?a\.?r\.?l|s\.?r\.?l|s\.?p\.?a|pty|pvt|co\.?|company|enterprises?|trading|traders|restaurants?|restoran|hardware|mart|store|supermarket|perniagaan|syarikat|kedai|holdings|industries|services|solutions|group)\b\.?/i;
/** Lines near the top that are never the issuer: document titles, addresses, contact data, registration numbers. */
const NOT_NAME =
  /^(?:(?:simplified\s+)?tax\s+invoice|invoice|receipt|official\s+receipt|cash\s+(?:bill|sales?)|bill|factuur|rechnung|facture|credit\s+note|quotation|-+\s*invoice\s*-+)\b|\b(?:tel|fax|phone|e-?mail|gst|vat|reg(?:istration)?|co\.?\s*reg|roc|company\s+(?:no|reg)|jalan|jln|lot\s+\d|no\.\s?\d|taman|street|road|avenue|strasse|straße|weg|page|seite)\b|@|www\.|https?:/i;
/**
 * A street in an address line of the other languages: a Dutch or German compound street word, or a street word
 * before the street's name, with a house number on the line ("Stationsplein 2", "Calle Mayor 5", "Via Roma 10",
 * "12 rue de la Paix"). Never a name.
 */
const STREET_LINE =
  /(?=.*\d)(?:\p{L}(?:straat|plein|laan|gracht|kade|dijk|singel|stra(?:ss|ß)e|platz|gasse|allee|ring)\b|(?<![\p{L}])(?:rue|boulevard|bd|chemin|calle|avda|avenida|plaza|paseo|carrer|via|viale|piazza|corso|largo|lorong|persiaran|lebuh)\s+\p{L})/iu;
/**
 * A label and its value on one line ("Cliente: Comercial López S.A.", "Kunde: Schmidt AG"): labelled data, never
 * the letterhead's name, even when the value ends in a legal form.
 */
const LABEL_LINE = /^\s*[\p{L}][\p{L}\s.'’/-]{1,30}:\s*\S/u;
/**
 * A seller label. A compound it starts ("Verkäufer-IBAN", "Lieferantenstraße") labels the seller's data, not the seller.
 * A seller noun ("Seller", "Supplier", "Lieferant") labels what follows a colon, a column gap or the row's end; run
 * into the words after it ("SELLER TRADE NAME", "Seller Trading Name", "Supplier Services Ltd") it starts a phrase or
 * a name. Phrases that end in their preposition ("Sold by Acme", "Issued by …", "Bill from …", and "Vendido por",
 * "Venduto da", "Verkauft von", "Vendu par", "Verkocht door" as shops and marketplaces print them) lead into the name.
 * The German "Absender" (sender) heads the seller's block of a letter-style invoice, over the "Empfänger".
 */
const SELLER_LABEL = new RegExp(
  String.raw`(?:(?<=^\s*|\t\s*)(?:${BARE_ISSUER})(?=\s*:?\s*(?:\t|$))|\b(?:from|sold\s+by|vendido\s+por|venduto\s+da|verkauft\s+(?:von|durch)|vendu\s+par|verkocht\s+door|issued\s+by|bill\s+from)(?![\p{L}-])|\b(?:seller|vendor|supplier|service\s+provider|merchant|verkäufer|lieferant|vendeur|leverancier|fournisseur|proveedor|venditore|rechnungssteller|emitente|sprzedawca|wystawca|dod[áa]vate[lľ]|aussteller(?:in)?|absender)(?![\p{L}-])(?=\s*(?::|\t|$)))\s*:?\s*`,
  "iu",
);
/** Between an agent's name and the company it issues the invoice for ("… on behalf of", "… au nom et pour le compte de"). */
const ON_BEHALF_OF =
  /\s+(?:(?:in\s+the\s+name\s+and\s+)?on\s+behalf\s+of|im\s+(?:auftrag|namen)\s+(?:und\s+f[üu]r\s+rechnung\s+)?(?:von|der|des)|(?:au\s+nom\s+et\s+)?pour\s+le\s+compte\s+de|namens|en\s+nombre\s+(?:y\s+por\s+cuenta\s+)?de|por\s+cuenta\s+de|(?:in\s+nome\s+e\s+)?per\s+conto\s+di)\s+/iu;
/**
 * A block heading that pairs two party words ("Käufer/Leistungsempfänger", "Seller & Issuer"): the rest of the row after
 * the first word is heading too, and the name stands under it.
 */
const HEADING_REST = new RegExp(String.raw`^\s*[/&]\s*(?:${RECIPIENT_WORDS.source}|seller|issuer|verk[äa]ufer|lieferant|rechnungssteller|vendeur|fournisseur)\s*:?\s*$`, "iu");
/**
 * The payee account's details ("Kontoname : Acme Finance", "Account name", "Kontoinhaber", "Titulaire du compte"): a
 * payment detail, never the issuer, even under a seller label ("Verkäufer-Kontoname").
 */
const ACCOUNT_NAME = /(?<![\p{L}])(?:konto(?:name|inhaber(?:in)?)|account\s+(?:name|holder)|titulaire(?:\s+du\s+compte)?|rekeninghouder|tenaamstelling|titular\s+de\s+la\s+cuenta|intestatario\s+(?:del\s+)?conto)(?![\p{L}])/iu;
/**
 * Payment details ("Bankverbindung", "Zahlungsinformationen", "Bank details", an IBAN or BIC on the row): a bare
 * "Empfänger" among them names the account's holder, the payee, who on an invoice is its issuer, not the buyer.
 */
const PAYMENT_DETAILS = /(?<![\p{L}])(?:bankverbindung|bankdaten|zahlungsinformationen|bank\s*details|payment\s+details|iban|bic|swift)(?![\p{L}])/iu;
/** A salutation alone on the row above a person's name in an address ("Herrn", "Frau", "Firma", "Madame"). */
const SALUTATION = /^\s*(?:herrn?|frau|firma|mr|mrs|ms|messrs|monsieur|madame|mme|dhr|mevr|sig(?:\.?ra)?|sr|sra)\.?\s*$/iu;
/**
 * A row under a party's heading that labels its name ("Name: Lieferant GmbH", "Firma:⇥Acme AG", "Company: …",
 * "Raison sociale : …"): the value is the party's name, wherever the other labelled rows (number, address) stand.
 */
const NAME_ROW_LABEL = /^\s*(?:(?:company|business|legal|trading)\s+name|name|firma|firmenname|company|raison\s+sociale|d[ée]nomination(?:\s+sociale)?|nom|naam|bedrijfsnaam|ragione\s+sociale|denominazione|raz[óo]n\s+social|nombre|nama(?:\s+syarikat)?)\s*(?=:|$)/iu;
/** A recipient label (the vocabulary the page-model extractor uses) with what follows it up to the value. */
const RECIPIENT_LABEL = new RegExp(String.raw`(?:${RECIPIENT_WORDS.source})(?!\s+(?:service|care|copy|no|number|id|nr))\s*:?\s*`, "iu");

const REG_NO = /^\(?(?:co\.?\s*reg\w*\s*:?\s*)?[A-Z]{0,3}\d{5,}-?[A-Z]?\)?$/i;
/** A registration or tax number under its label ("GST REF NO : 001694261248", "Co. Reg. No: 123456-X"). */
const LABELLED_REG_NO = /\b(?:gst|sst|vat|tax|reg(?:istration)?|roc|company|co)\b.{0,20}?\d{5,}/i;
/** "No" as the label of a number, with its colon: "Acc No: 9660", "Receipt No.: 12". */
const LABELLED_NO = /\bno\.?\s*:/gi;
/** A line that opens with a house number and a word, as a street address does ("250 N Coast Hwy", "12b Mill Lane"). */
const HOUSE_NUMBER_START = /^\s*\d{1,5}[a-z]?\s+\p{L}{1,}\.?\s+\p{L}/iu;
const ADDRESS = /\b(?:jalan|jln|lot|taman|no\.?|street|st\.|road|rd\.|avenue|ave|straße|strasse|weg|rue|laan|\d{5})\b/i;

function withoutParens(text: string): string {
  return text.replace(/\([^)]*\)|\([^)]*$|^[^(]*\)/g, " ");
}

function isTrivial(text: string): boolean {
  const t = text.trim();
  const letters = t.replace(/[^A-Za-z\u00c0-\u024f]/g, "").length;
  // A legal form alone ("GmbH", "Ltd.") names no one: "Lieferant GmbH" is a name, not the label "Lieferant" and its value.
  // "& Co." / "& Cie" join the forms of a partnership ("GmbH & Co. KG"): no name either.
  const beyondForm = t.replace(LEGAL_FORM_ALL, "").replace(/(?<![\p{L}])(?:co|cie|cia)(?![\p{L}])/giu, "").replace(/[^A-Za-z\u00c0-\u024f]/g, "").length;
  return letters < 3 || beyondForm < 2 || /^[([]?[A-Z]{0,3}\d[\dA-Z-]*[)\]]?$/i.test(t);
}

/**
 * True when the cell `[a, b)` of a row is labelled data: the cell itself ("Nummer: 549910"), or a label whose colon
 * and value stand in the next column ("Nummer⇥: 549910"). Another column's labelled data beside a name
 * ("Acme Ltd⇥Invoice Date: 1 May 2024") leaves the name a name.
 */
function labelledDataCell(row: string, a: number, b: number): boolean {
  const cell = row.slice(a, b);
  const next = row.slice(b + 1);
  // A label and its colon in one column, the value in the next ("Anschrift:⇥Hauptstraße 5"): data, whatever it holds.
  if (/^[^:]{1,40}:\s*$/.test(cell) && row[b] === "\t" && next.trim() !== "") return true;
  return LABELLED_DATA_ROW.test(/^\s*:/.test(next) ? `${cell} ${next}` : cell) || ID_ACRONYM_ROW.test(cell);
}

/**
 * A row that is an identifier's acronym and its number, no colon ("GLN 4333741000005", "ILN 4000001123452",
 * "DUNS 123456789"): the party's data, never its name.
 */
const ID_ACRONYM_ROW = /^\s*\p{Lu}{2,5}\.?\s*[:#]?\s*\d[\d\s./-]{5,}$/u;

/**
 * Where the name stands in a row that labels it ("Name: Lieferant GmbH", "Name:⇥Lieferant GmbH", "Name⇥: Acme"), as
 * offsets in the row; null when the cell `[a, b)` is no name label or nothing follows it.
 */
function namedValue(row: string, a: number, b: number): [number, number] | null {
  const m = NAME_ROW_LABEL.exec(row.slice(a, b));
  if (!m) return null;
  const afterLabel = a + m[0].length;
  const inCell = /^\s*:\s*/.exec(row.slice(afterLabel, b));
  if (inCell && afterLabel + inCell[0].length < b) return [afterLabel + inCell[0].length, b];
  // The value (or the colon and the value) in the next column.
  if (row[b] !== "\t" || (!inCell && !/^\s*:/.test(row.slice(b + 1)))) return null;
  const nextEnd = row.indexOf("\t", b + 1) < 0 ? row.length : row.indexOf("\t", b + 1);
  const lead = /^\s*:?\s*/.exec(row.slice(b + 1, nextEnd))?.[0].length ?? 0;
  return b + 1 + lead < nextEnd ? [b + 1 + lead, nextEnd] : null;
}

/**
 * A row of the party's data under its label ("Nummer : 549910", "Globale Nummer: 4000001123452 (GTIN)",
 * "VAT: DE123…"): a label, a colon and a value with a digit. Never the party's name; the name may follow it.
 */
const ENDS_IN_LEGAL_FORM = new RegExp(`(?:${LEGAL_FORM.source})[\\s.,]*$`, "iu");
const LABELLED_DATA_ROW = /^\s*[\p{L}][\p{L}\s.\-/]{0,40}\s*:\s*\S*\d/u;

/** Cleans a name for the normalised value: whitespace, a trailing "Invoice", an address after " - " or " · ". */
function cleanName(text: string): string {
  return squash(text)
    .replace(new RegExp(`${SENDER_LINE_SEPARATOR.source}.*$`), "")
    .replace(/\s+(?:tax\s+)?(?:invoice|receipt|rechnung|factuur|facture)\s*$/i, "")
    .replace(/^(?:attn|attention|z\.?\s*hd\.?)\s*:?\s*/i, "")
    .replace(/[,:;]+$/, "")
    .trim();
}

/**
 * Grows a name over adjacent lines when OCR wrapped it: a line ending in `&`
 * or an open parenthesis continues, and a line that is only a legal form or
 * starts with `)` belongs to the line above.
 */
function growName(lines: readonly Line[], i: number): [number, number] {
  const first = i;
  let last = i;
  const open = (a: number, b: number): number => {
    const t = lines.slice(a, b + 1).map((l) => l.text).join(" ");
    return (t.match(/\(/g)?.length ?? 0) - (t.match(/\)/g)?.length ?? 0);
  };
  for (let guard = 0; guard < 3; guard += 1) {
    const cur = lines[last];
    const next = lines[last + 1];
    if (!cur || !next || next.text.trim() === "") break;
    const continues =
      /[&(-]\s*$/.test(cur.text) ||
      open(first, last) > 0 ||
      /^\s*(?:\)|sdn\.?\s*bhd|bhd|enterprise|ltd|limited|inc|gmbh|llc|\(?m\)?\s+sdn)/i.test(next.text);
    // A branch name in parentheses ("(TAMAN JAYA)") may contain address words; judge the rest of the line.
    if (!continues || NOT_NAME.test(withoutParens(next.text))) break;
    last += 1;
  }
  return [first, last];
}

/**
 * Extracts `issuer` and `recipient`. The issuer comes from an explicit seller
 * label, or from the top of the first page: the first line that looks like a
 * business name wins over the first non-trivial line (receipts often start
 * with a cashier name or a stray number). Recipients come only from labels.
 */
export function extractParties(page: string, pageNumber: number, ctx: ExtractorContext): ExtractedField[] {
  const lines = splitLines(page);
  const out: ExtractedField[] = [];

  for (const line of lines) {
    for (const [name, re, base] of [["issuer", SELLER_LABEL, 0.85], ["recipient", RECIPIENT_LABEL, 0.8]] as const) {
      const m = re.exec(line.text);
      if (!m || m.index === undefined) continue;
      // "From" mid-sentence ("from 01.05 to 31.05") is not a seller label; heading a column of its own it is ("To⇥From").
      if (name === "issuer" && /^from\b/i.test(m[0]) && m.index > 0 && !PARTY_HEADING_ROW.test(line.text)) continue;
      // Nor is "from" before a lower-case word, without a colon: a sentence wrapped onto the row ("… returned within
      // 10 days" / "from the date of purchase").
      if (name === "issuer" && /^from\s+$/i.test(m[0]) && /^\p{Ll}/u.test(line.text.slice(m.index + m[0].length))) continue;
      // A bare "Von" / "De" / "Van" heads an address block only on a row of such headings.
      if (name === "issuer" && /^(?:von|de|van|da)\b/i.test(m[0]) && !PARTY_HEADING_ROW.test(line.text)) continue;
      if (name === "issuer" && ACCOUNT_NAME.test(line.text)) continue;
      if (name === "recipient" && /^empf[äa]nger\s*:?\s*$/iu.test(m[0]) && lines.slice(Math.max(0, line.index - 2), line.index + 3).some((l) => PAYMENT_DETAILS.test(l.text))) continue;
      let target: Line | undefined = line;
      let startInLine = m.index + m[0].length;
      // A tab is a wide gap: what follows it is another column ("Bill To:<tab>Invoice # 42"), not the label's value.
      const column = (line.text.slice(0, m.index).match(/\t/g) ?? []).length;
      const inColumn = (l: Line, from: number): [number, number] => {
        const chunks = l.text.split("\t");
        const k = Math.min(chunks.length - 1, column);
        const start = chunks.slice(0, k).reduce((n, c) => n + c.length + 1, 0);
        return [Math.max(start, from), start + (chunks[k] ?? "").length];
      };
      let [from, to] = inColumn(line, startInLine);
      if (line.text.slice(from, to).trim().length < 3 || HEADING_REST.test(line.text.slice(from, to))) {
        target = undefined;
        for (const l of lines.slice(line.index + 1, line.index + 5)) {
          const [a, b] = inColumn(l, 0);
          const cell = l.text.slice(a, b);
          // Parenthesised notes ("(Not to be used for payment remittance)") sit between label and name.
          if (cell.trim().length < 3 || /^\s*\(/.test(cell) || SALUTATION.test(cell)) continue;
          const named = namedValue(l.text, a, b);
          if (named) [from, to] = named;
          else if (labelledDataCell(l.text, a, b)) continue;
          else [from, to] = [a, b];
          target = l;
          break;
        }
        if (!target) continue;
        startInLine = from;
      }
      if (!target) continue;
      let segment = target.text.slice(startInLine, to);
      // "Issued by Platform Inc. on behalf of ABC Inc.": the agent writes the invoice out, the company it acts for is
      // the seller.
      const agent = name === "issuer" && target === line ? ON_BEHALF_OF.exec(segment) : null;
      if (agent) {
        startInLine += agent.index + agent[0].length;
        segment = segment.slice(agent.index + agent[0].length);
      }
      // A name under its label wrapped before its legal form ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G."):
      // the next line, ending in the legal form, completes it.
      const wrap = lines[target.index + 1];
      if (target !== line && column === 0 && wrap && !target.text.includes("\t") && !wrap.text.includes("\t") && !LEGAL_FORM.test(segment) && ENDS_IN_LEGAL_FORM.test(wrap.text) && !LABELLED_DATA_ROW.test(wrap.text) && !NOT_NAME.test(wrap.text)) {
        segment = page.slice(target.start + startInLine, wrap.end);
      }
      // A name that wrapped around its label row ("MVM Musterhafter" / "Name:⇥Versicherungsverein Musterstadt a.G."):
      // the first part stands unlabelled above, the labelled rest ends in the legal form. The span stays on the first
      // part: across the label's column it would be cut back to one column (see oneColumn in document.fields.ts).
      const spanEnd = target.start + startInLine + segment.replace(/[\s,:;]+$/, "").length;
      const namedWrap = target !== line && wrap && !target.text.includes("\t") && !LEGAL_FORM.test(segment) ? namedValue(wrap.text, ...inColumn(wrap, 0)) : null;
      if (wrap && namedWrap && ENDS_IN_LEGAL_FORM.test(wrap.text.slice(...namedWrap))) {
        segment = `${segment} ${wrap.text.slice(...namedWrap)}`;
      }
      const value = cleanName(segment);
      if (value.length < 2 || isTrivial(value) || /^\d/.test(value)) continue;
      const lowConf = name === "recipient" && /ship|deliver/i.test(m[0]) ? 0.15 : 0;
      const nameBonus = COMPANY.test(value) ? 0.05 : 0;
      // Strip an "ATTN:" prefix from the span too, so raw matches what the value names.
      const attn = /^\s*(?:attn|attention)\s*:?\s*/i.exec(segment);
      const s = target.start + startInLine + (attn ? attn[0].length : 0);
      const e = spanEnd;
      out.push(makeField(name, page, pageNumber, s, e, value, base - lowConf + nameBonus));
    }
  }

  if (pageNumber === 1) out.push(...topOfPageIssuer(page, lines, ctx));
  return out;
}

function topOfPageIssuer(page: string, lines: readonly Line[], ctx: ExtractorContext): ExtractedField[] {
  const out: ExtractedField[] = [];
  const lead = lines.filter((l) => l.text.trim() !== "").slice(0, 8);
  // Above the item list only (a row whose price OCR lost, "Strawberries⇥F3", still names an article).
  const firstItem = lead.findIndex((l) => ITEM_ROW.test(l.text));
  const top = firstItem >= 0 ? lead.slice(0, firstItem) : lead;
  const nameLike = (l: Line): boolean =>
    !isTrivial(l.text) && !NOT_NAME.test(withoutParens(l.text)) && !PAGE_COUNTER.test(l.text) && !STAFF_LINE.test(l.text) && !STREET_LINE.test(l.text) && !LABEL_LINE.test(l.text) && !/\b(?:invoices?|receipts?|bill)\b/i.test(l.text) && !/:\s*\S*\d/.test(l.text) && !/\d[.,]\d{2}\b/.test(l.text);
  // "No:" with a colon labels a number ("Acc No: 9660", "Table No: 4"), it is not a house number ("No. 5, Jalan …").
  const addressLine = (l: Line | undefined): boolean => l !== undefined && /\d/.test(l.text) && ADDRESS.test(l.text.replace(LABELLED_NO, " "));
  // A business name sits directly above its registration number or address; a stray
  // name above it (a cashier stamp on a scanned receipt) does not, so that wins first.
  // A house number and a street of no known street word ("250 N Coast Hwy 101") over the town's postcode line is the
  // address's first line, not a name above the address.
  const anchored = top.find((l, k) => {
    const next = top[k + 1];
    if (HOUSE_NUMBER_START.test(l.text) && !COMPANY.test(l.text) && addressLine(next)) return false;
    return nameLike(l) && next !== undefined && (REG_NO.test(next.text.trim()) || LABELLED_REG_NO.test(next.text) || addressLine(next));
  });
  const firstPlain = anchored ?? top.find(nameLike);
  // A name that ends in its legal form ("Servicios Ibéricos S.L.") is a company's too, whatever the legal form.
  const company = top.find(
    (l) => !isTrivial(l.text) && (COMPANY.test(l.text) || ENDS_IN_LEGAL_FORM.test(l.text)) && !STORE_NUMBER_LINE.test(l.text.trim()) && !LABEL_LINE.test(l.text) && !NOT_NAME.test(withoutParens(l.text).replace(COMPANY, "")),
  );
  const receipt = ctx.documentType === "receipt";
  for (const [line, conf] of [[company, receipt ? 0.8 : 0.7], [firstPlain, anchored ? 0.6 : 0.5]] as const) {
    if (!line) continue;
    const [a, b] = growName(lines, line.index);
    const first = lines[a];
    const last = lines[b];
    if (!first || !last) continue;
    let end = last.end;
    // Invoices put "Company AG - Street - City" (or "· Street · City") on one line; keep the span to the name.
    const dash = page.slice(first.start, end).search(SENDER_LINE_SEPARATOR);
    if (dash > 0) end = first.start + dash;
    const title = /\s+(?:tax\s+)?(?:invoice|receipt|rechnung|factuur|facture)\s*$/i.exec(page.slice(first.start, end));
    if (title) end = first.start + title.index;
    const value = cleanName(page.slice(first.start, end));
    if (value.length < 2) continue;
    out.push(makeField("issuer", page, 1, first.start, end, value, line === company ? conf : company ? 0.35 : conf));
  }
  return out;
}
