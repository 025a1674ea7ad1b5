/**
 * Deterministic, explainable document classifier.
 *
 * Every type collects weighted cues (keywords and structural patterns) from the
 * text; the type with the highest score wins and every cue that fired is
 * returned, so a wrong decision can be traced to the cue that caused it and
 * fixed by changing a weight rather than by retraining anything.
 */
import { DOCUMENT_TYPES } from "./extraction.types.js";
import type { Classification, ClassificationCue, DocumentType, PageTexts } from "./extraction.types.js";

/**
 * Score the `other` type always gets. A real type must beat it (ties go to
 * `other`), so one stray keyword in unrelated text does not name a type.
 */
export const OTHER_BASELINE = 2;

/**
 * Saturation constant of the confidence formula: a winning score of
 * `CONFIDENCE_SATURATION` gives a strength of 1 − e⁻¹ ≈ 0.63.
 */
export const CONFIDENCE_SATURATION = 8;

/** Texts with fewer words than this are not classified at all (→ `other`). */
const MIN_WORDS = 3;

/** Successive occurrences of one cue add weight, then half of it, then a quarter…, up to this many. */
const DEFAULT_CAP = 3;

/** What a cue needs to look at; computed once per document. */
interface TextView {
  /** All pages joined with newlines, NFKC-normalised, letter-spaced words closed up. */
  text: string;
  /** {@link TextView.text} lower-cased: keyword regexes run without the `i` flag, which is far cheaper to compile. */
  lower: string;
  /** Non-empty, trimmed lines of {@link TextView.text}. */
  lines: string[];
  /** Number of whitespace-separated words. */
  words: number;
  /** Number of lines ending in an amount (several cues use it). */
  amountLines: number;
}

/** What a cue found in a document. */
interface CueHit {
  /** Occurrences (before capping). */
  count: number;
  /** Replaces the rule's label when the hit can say more precisely what fired. */
  label?: string;
}

/** A cue definition: how many times it occurs in a document, and what that is worth. */
interface CueRule {
  type: DocumentType;
  /** Label used in the returned {@link ClassificationCue}. */
  label: string;
  weight: number;
  /** Maximum occurrences counted (default {@link DEFAULT_CAP}). */
  cap?: number;
  detect: (view: TextView) => CueHit;
}

// ---------------------------------------------------------------------------
// Pattern helpers
// ---------------------------------------------------------------------------

/**
 * Letters that OCR swaps for look-alike digits or letters. Kept to the cheap,
 * common confusions: wider classes would start matching unrelated words.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  o: "[o0]",
  i: "[il1|]",
  l: "[li1|]",
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Regex source for one lower-case word, tolerant of look-alike characters. */
function fuzzyWord(word: string): string {
  return [...word.toLowerCase()].map((c) => LOOKALIKES[c] ?? escapeRegExp(c)).join("");
}

/**
 * Regex source for a phrase (without word boundaries): words separated by up
 * to three spaces, dots, hyphens or underscores, which OCR drops and inserts
 * freely. A word may end in `*` to accept any letters after it (`indemnif*`).
 */
function phraseSource(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((w) => (w.endsWith("*") ? `${fuzzyWord(w.slice(0, -1))}\\p{L}*` : fuzzyWord(w)))
    .join("[\\s.\\-_]{0,3}");
}

/**
 * One Unicode regex matching any of the phrases in lower-cased text, bounded
 * by non-letters on both sides so `form` never matches inside `information`.
 * Longer phrases come first so a match reports the most specific phrase
 * ("rounding adjustment", not "rounding") and overlapping phrases of one cue
 * count once. The boundaries wrap the whole alternation: repeating the large
 * `\p{L}` class per phrase made compiling the regex cost milliseconds.
 */
function phrases(...list: string[]): RegExp {
  const ordered = [...list].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<!\\p{L})(?:${ordered.map(phraseSource).join("|")})(?!\\p{L})`, "gu");
}

/** Matches of a global regex, as texts. */
function matchesOf(re: RegExp, text: string): string[] {
  re.lastIndex = 0;
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m[0]);
    if (m[0].length === 0) re.lastIndex += 1;
  }
  return out;
}

function countMatches(re: RegExp, text: string): number {
  return matchesOf(re, text).length;
}

function countLines(view: TextView, re: RegExp): number {
  let n = 0;
  for (const line of view.lines) if (re.test(line)) n += 1;
  return n;
}

/**
 * Keyword cue: counts matches of any phrase of the list anywhere in the text
 * and names the phrases that actually matched, so the explanation reads
 * `keyword "invoice number"` rather than the whole list.
 */
function kw(type: DocumentType, weight: number, list: string[], cap = DEFAULT_CAP): CueRule {
  const re = phrases(...list);
  const singles = list.map((p) => ({ phrase: p, re: new RegExp(`^(?:${phraseSource(p)})$`, "u") }));
  return {
    type,
    weight,
    cap,
    label: `keyword ${list.map((p) => `"${p}"`).join("/")}`,
    detect: (view) => {
      const found = matchesOf(re, view.lower);
      if (found.length === 0) return { count: 0 };
      const names: string[] = [];
      for (const text of found) {
        const hit = singles.find((s) => s.re.test(text));
        const name = hit ? hit.phrase : text.toLowerCase();
        if (!names.includes(name)) names.push(name);
      }
      const label = `${names.length > 1 ? "keywords" : "keyword"} ${names.map((n) => `"${n}"`).join(", ")}`;
      return { count: found.length, label };
    },
  };
}

/** Regex cue: counts matches of a global regex anywhere in the text (or in its lower-cased copy). */
function pattern(
  type: DocumentType,
  weight: number,
  label: string,
  re: RegExp,
  cap = DEFAULT_CAP,
  on: "text" | "lower" = "text",
): CueRule {
  return { type, weight, cap, label, detect: (view) => ({ count: countMatches(re, view[on]) }) };
}

/** Line cue: counts lines matching a regex (the regex must not be global). */
function lineCue(type: DocumentType, weight: number, label: string, re: RegExp, cap = DEFAULT_CAP): CueRule {
  return { type, weight, cap, label, detect: (view) => ({ count: countLines(view, re) }) };
}

/** Boolean cue: fires once when the predicate holds. */
function flag(type: DocumentType, weight: number, label: string, test: (view: TextView) => boolean): CueRule {
  return { type, weight, cap: 1, label, detect: (view) => ({ count: test(view) ? 1 : 0 }) };
}

// ---------------------------------------------------------------------------
// Structural detectors
// ---------------------------------------------------------------------------

/** An amount with two decimals at the end of a line, optionally followed by a currency or tax code ("15.90 SR"). */
// The integer part is either grouped with explicit separators or a plain run
// of digits, never both: an optional separator made long digit runs backtrack.
const AMOUNT_AT_END = /(?:^|[\s:=$€£(])-?(?:[A-Z]{2,3}\s?)?[$€£]?\s?(?:\d{1,3}(?:[,.' ]\d{3})+|\d+)[.,]\d{2}\s*(?:[A-Z€$£%]{1,3}\)?)?$/iu;

/** A date at the start of a line, as in transaction rows of a statement. */
const DATE_AT_START =
  /^(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{2,4})?)\b/iu;

/** Transaction rows: a date first and an amount last, typical of statements and ledgers. */
function transactionRows(view: TextView): number {
  let n = 0;
  for (const line of view.lines) if (DATE_AT_START.test(line) && AMOUNT_AT_END.test(line) && line.length > 12) n += 1;
  return n;
}

/** Share of letters that are upper-case; thermal receipts print almost nothing else. */
function upperCaseShare(view: TextView): { share: number; letters: number } {
  let upper = 0;
  let letters = 0;
  for (const ch of view.text) {
    if (ch !== ch.toLowerCase()) {
      upper += 1;
      letters += 1;
    } else if (ch !== ch.toUpperCase()) {
      letters += 1;
    }
  }
  return { share: letters === 0 ? 0 : upper / letters, letters };
}

/** ISO 13616 mod-97 check, so a random alphanumeric run is not taken for an IBAN. */
function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch >= "A" && ch <= "Z" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;

function hasIban(view: TextView): boolean {
  for (const m of view.text.toUpperCase().matchAll(IBAN_CANDIDATE)) if (isValidIban(m[0])) return true;
  return false;
}

/** Machine-readable zone of passports and ID cards: long runs of A–Z, digits and `<` with `<<` fillers. */
const MRZ_LINE = /^[A-Z0-9<]{25,44}$/;

function mrzLines(view: TextView): number {
  let n = 0;
  for (const line of view.lines) {
    const compact = line.replace(/\s+/g, "");
    if (MRZ_LINE.test(compact) && compact.includes("<<")) n += 1;
  }
  return n;
}

/** Prose lines (long, sentence-like) mark letters and contracts rather than tabular documents. */
function proseLines(view: TextView): number {
  // Plain string tests instead of one regex: a regex with two greedy runs was quadratic on very long lines.
  let n = 0;
  for (const line of view.lines) if (line.length >= 60 && /[.,;:]$/.test(line) && /\p{Ll}/u.test(line)) n += 1;
  return n;
}

// ---------------------------------------------------------------------------
// Cue table
// ---------------------------------------------------------------------------

/**
 * Every cue the classifier knows, grouped by the type it votes for.
 * Weights are on a rough scale: 0.5–1 weak hint, 2 typical term,
 * 3–4 near-defining phrase, 6 decisive structure (MRZ).
 */
const RULES: readonly CueRule[] = [
  // ---- invoice --------------------------------------------------------------
  kw("invoice", 1.5, ["invoice", "rechnung", "factuur", "facture", "fattura", "factura", "fatura", "faktura"], 2),
  kw("invoice", 2.5, [
    "invoice number", "invoice no", "invoice nr", "invoice #", "invoice id", "invoice date", "date of invoice",
    "rechnungsnummer", "rechnungsnr", "rechnungsdatum", "factuurnummer", "factuurdatum",
    "numéro de facture", "date de facture", "facture n°", "numero fattura", "número de factura",
    // The title word and a number label, as "invoice no" ("Rechnung Nr. 2024-031", "Factuur nr.", "Facture no").
    "rechnung nr", "rechnungs nr", "factuur nr", "facture no", "fattura n", "factura no",
    "leistungszeitraum", "leistungsdatum", "rechnungsbetrag",
  ], 2),
  // Invoice vocabularies the cues above lack: the Brazilian NF-e and NFS-e (a DANFE prints "Documento Auxiliar da
  // Nota Fiscal Eletrônica", its issuer as "Emitente"; a shop's receipt is an NFC-e, "Nota Fiscal de Consumidor
  // Eletrônica"), the Czech and Polish date and party labels of an invoice ("Datum splatnosti", "Sprzedawca").
  kw("invoice", 3, ["nota fiscal eletrônica", "nota fiscal eletronica", "nf-e", "nfs-e", "identificação do emitente"], 2),
  kw("invoice", 2.5, ["číslo faktury", "datum vystavení", "datum splatnosti", "odběratel", "dodavatel", "data wystawienia", "termin płatności", "sprzedawca", "nabywca"], 2),
  // German small businesses' invoices state why they charge no VAT; no receipt or letter says it.
  kw("invoice", 3, ["19 ustg", "kleinunternehmer*"], 1),
  // "Tax invoice" also heads Malaysian/Singaporean receipts; "simplified tax invoice" is excluded outright.
  pattern(
    "invoice",
    1,
    'keyword "tax invoice" (not "simplified")',
    /(?<!simplified[\s.\-_]{0,3})(?<![a-z])tax[\s.\-_]{0,3}[il1|]nv[o0][il1|]ce(?![a-z])/g,
    1,
    "lower",
  ),
  kw("invoice", 2.5, [
    "bill to", "billed to", "invoice to", "invoiced to", "sold to", "ship to", "shipping address", "billing address",
    "customer number", "customer no", "client number", "customer id", "kundennummer", "kundennr", "klantnummer",
  ], 2),
  kw("invoice", 3, [
    "amount due", "balance due", "total due", "payment due", "due date", "due by", "please pay", "pay by",
    "payment terms", "terms net", "net 30", "net 15", "net 60", "remit to", "remittance", "payable within",
    "total amount due", "zahlungsziel", "zahlbar bis", "fällig", "vervaldatum", "te betalen",
    "date limite de paiement", "somme à payer", "date d'échéance", "échéance", "scadenza", "vencimiento",
  ], 2),
  kw("invoice", 1.5, ["purchase order", "po number", "po no", "order number", "order id", "order date"], 2),
  kw("invoice", 1.5, [
    "vat number", "vat no", "vat reg", "vat id", "vat registration", "tax id", "tax number", "gstin", "abn",
    "ustid", "ust-idnr", "steuernummer", "steuer-nr", "btw nummer", "btw-nummer", "n° tva", "n° de tva", "tva intra communautaire",
    "partita iva", "kvk",
  ], 2),
  kw("invoice", 1, ["vat", "mwst", "ust", "btw", "tva", "iva", "ttc", "montant ht", "total ht"], 2),
  kw("invoice", 1.5, ["bank transfer", "wire transfer", "bank details", "bankverbindung", "swift", "bic", "sort code", "payment reference"], 2),
  kw("invoice", 1, ["thank you for your business"], 1),
  flag("invoice", 2, "has a valid IBAN (payment details)", hasIban),

  // ---- receipt --------------------------------------------------------------
  kw("receipt", 2.5, ["receipt", "kassenbon", "quittung", "reçu", "ticket de caisse", "recibo"], 2),
  kw("receipt", 3, [
    "official receipt", "cash receipt", "sales receipt", "payment receipt", "simplified tax invoice",
    "cash bill", "cash sales", "cash sale", "customer copy", "merchant copy",
  ], 2),
  kw("receipt", 1, ["cash"], 2),
  // German tills: the fiscal module's block (TSE, required on every receipt since 2020), money given and change,
  // the card terminal's customer slip. OCR drops umlauts ("Ruckgeld", "Signaturzahler").
  kw("receipt", 2.5, [
    "tse-transaktion", "tse transaktion", "tse-start", "tse-signatur", "signaturzähler", "signaturzahler", "tse-seriennummer",
    "rückgeld", "ruckgeld", "rueckgeld", "geg. bar", "gegeben bar", "kundenbeleg", "kassenbeleg", "bon-nr", "geg. ec-cash",
    "geg. girocard", "kartenzahlung", "vielen dank für ihren einkauf", "vielen dank fur ihren einkauf",
  ], 2),
  kw("receipt", 1, ["girocard", "ec-cash", "terminal-id", "trace-nr", "beleg-nr", "pfand", "summe eur", "zu zahlen"], 2),
  kw("receipt", 2.5, ["cash tendered", "cash received", "tendered", "amount tendered", "amount paid", "paid with", "date paid"], 2),
  lineCue(
    "receipt",
    3,
    'line "CHANGE" with an amount (change given)',
    /^(?:[a-z]+\s+)?(?:change|chng|kembalian)(?:\s+due)?\s*[:.=]*\s*(?:[a-z]{2,3}\s*)?[$€£]?\s*-?\d*(?:[.,]\d{2})?\s*$/iu,
    1,
  ),
  kw("receipt", 2, ["rounding", "rounding adj", "rounding adjustment", "total rounded", "rounded total", "amt rounded"], 2),
  kw("receipt", 3, [
    "please come again", "come again", "thank you for shopping", "thanks for shopping", "thank you for your purchase",
    "thank you for dining", "visit us again", "see you again", "thank you for choosing us", "please visit again",
  ], 1),
  kw("receipt", 2.5, [
    "goods sold are not", "not returnable", "not refundable", "non-refundable", "non refundable", "no refund",
    "no cash refund", "exchange within", "keep this receipt", "keep your receipt", "with receipt", "original receipt",
  ], 2),
  kw("receipt", 1, ["thank you", "thanks", "terima kasih"], 1),
  kw("receipt", 2, ["cashier", "kasir", "operator", "served by", "your server"], 1),
  kw("receipt", 1, ["terminal", "station", "till", "reg #", "table", "cover", "counter", "store", "outlet", "takeout", "take away", "dine in"], 2),
  kw("receipt", 2, ["total qty", "total quantity", "item count", "qty count", "total items", "no. of items", "item(s)", "items sold"], 1),
  // A till's count of the items sold on a line of its own ("11 ITEMS", "3 Artikel"); an invoice counts lines in a table.
  lineCue("receipt", 2, "item count line (N items)", /^\s*\d{1,3}\s+(?:items?|artikel|articles?|art[ií]culos?|articoli|artikelen|stuks?)\s*$/iu, 1),
  kw("receipt", 1.5, [
    "visa", "mastercard", "master card", "amex", "debit card", "credit card", "card no", "approval code",
    "auth code", "approved", "contactless", "entry mode", "pin verified",
  ], 2),
  pattern("receipt", 1, 'currency marker "RM" (ringgit)', /(?<!\p{L})RM(?!\p{L})/gu, 2),
  kw("receipt", 0.5, ["gst"], 1),
  kw("receipt", 1, ["gst summary", "tax summary"], 1),
  lineCue("receipt", 1.5, "time of day printed (hh:mm)", /(?<!\d)(?:[01]?\d|2[0-3])\s?:\s?[0-5]\d(?:\s?:\s?[0-5]\d)?(?:\s?[ap]\.?m\.?)?(?!\d)/iu, 1),
  // A weighed item names its unit before the "@" ("1.55 lb @ 0.44/lb", "0,514 kg x 2,99"); OCR reads "lb" as "1b".
  lineCue("receipt", 1, "quantity × price line", /(?<![\d.])\d{1,3}(?:[.,]\d+)?\s*(?:kg|[l1]bs?)?\s*[x×@*]\s*(?:[a-z]{2,3}\s*)?\d+[.,]\d{2}/iu, 1),
  // Layout cues only count next to prices: upper-case short lines alone are just as typical of headings or test pages.
  flag("receipt", 1.5, "mostly upper-case text with prices (thermal printer style)", (view) => {
    const { share, letters } = upperCaseShare(view);
    return letters >= 80 && share >= 0.85 && view.amountLines >= 2;
  }),
  flag("receipt", 1, "short document of short lines with prices", (view) => {
    if (view.lines.length < 8 || view.words > 400 || view.amountLines < 2) return false;
    const avg = view.lines.reduce((sum, l) => sum + l.length, 0) / view.lines.length;
    return avg <= 30;
  }),

  // ---- shared by invoice / receipt / bank statement -------------------------
  flag("invoice", 1, "many lines ending in amounts", (view) => view.amountLines >= 4),
  flag("receipt", 1, "many lines ending in amounts", (view) => view.amountLines >= 4),
  flag("bank_statement", 1, "many lines ending in amounts", (view) => view.amountLines >= 4),
  kw("invoice", 0.5, ["subtotal", "sub total", "sub-total", "unit price", "quantity", "qty", "total"], 1),
  kw("receipt", 0.5, ["subtotal", "sub total", "sub-total", "qty", "total"], 1),

  // ---- bank statement -------------------------------------------------------
  kw("bank_statement", 4, ["bank statement", "statement of account", "account statement", "kontoauszug", "rekeningafschrift", "relevé de compte"], 1),
  kw("bank_statement", 3, [
    "opening balance", "closing balance", "balance brought forward", "balance carried forward", "brought forward",
    "carried forward", "previous balance", "new balance", "ending balance", "beginning balance", "starting balance",
    "balance b/f", "balance c/f", "alter kontostand", "neuer kontostand", "solde précédent", "nouveau solde",
  ], 2),
  kw("bank_statement", 2, ["statement period", "statement date", "period from", "statement no", "for the period"], 1),
  kw("bank_statement", 2, ["available balance", "ledger balance", "account balance", "running balance"], 1),
  kw("bank_statement", 1, ["account number", "account no", "acct no", "sort code", "routing number", "bsb", "account holder"], 2),
  kw("bank_statement", 1, [
    "withdrawal", "withdrawals", "deposit", "deposits", "direct debit", "standing order", "atm", "interest paid",
    "overdraft", "debits", "credits", "paid in", "paid out", "pos purchase", "card purchase",
  ], 3),
  lineCue("bank_statement", 3, "column header date/description/debit/credit/balance", /^(?=.*\bdate\b)(?=.*\b(?:debit|withdrawals?|paid out|money out)\b)(?=.*\b(?:credit|deposits?|paid in|money in|balance)\b)/iu, 1),
  flag("bank_statement", 3, "several transaction rows (date … amount)", (view) => transactionRows(view) >= 3),
  flag("bank_statement", 1, "has a valid IBAN", hasIban),

  // ---- letter ---------------------------------------------------------------
  lineCue("letter", 4, 'salutation "Dear …"', /^(?:(?:dear|sehr geehrte[rn]?|geachte)\s+\p{L}.{0,60}|(?:hello|hi|liebe[rs]?|beste|madame|monsieur|cher|chère)(?:\s+\p{L}.{0,50})?[,:!])$/iu, 1),
  kw("letter", 4, ["to whom it may concern"], 1),
  lineCue(
    "letter",
    4,
    'complimentary close "Sincerely / Yours faithfully / Kind regards"',
    /^(?:(?:yours\s+)?(?:sincerely|faithfully|truly)(?:\s+yours)?|kind(?:est)?\s+regards|best\s+regards|warm\s+regards|regards|best\s+wishes|respectfully(?:\s+yours)?|cordially|mit freundlichen grüßen|met vriendelijke groet(?:en)?|cordialement|bien cordialement)\s*[,.!]?$/iu,
    1,
  ),
  kw("letter", 1.5, ["please find enclosed", "please find attached", "i am writing", "we are writing", "i write", "i look forward", "we look forward", "do not hesitate", "feel free to contact"], 2),
  kw("letter", 1, ["enclosure", "enclosures", "encl", "enclosed", "cc:"], 1),
  lineCue("letter", 1, 'subject line "Re: / Subject:"', /^(?:re|subject|betreff|objet|betreft)\s*:/iu, 1),
  flag("letter", 1, "prose paragraphs", (view) => proseLines(view) >= 3),

  // ---- contract -------------------------------------------------------------
  kw("contract", 2, ["agreement", "contract", "vertrag", "overeenkomst", "contrat", "contratto"], 2),
  kw("contract", 2.5, ["this agreement", "this contract", "the parties", "between the parties", "entered into", "made and entered"], 2),
  kw("contract", 2, ["hereinafter", "hereby", "hereto", "hereof", "herein", "thereof", "whereas", "witnesseth", "in witness whereof", "notwithstanding"], 3),
  kw("contract", 1.5, ["party", "parties"], 2),
  kw("contract", 1, ["shall"], 3),
  kw("contract", 1, [
    "governing law", "jurisdiction", "termination", "terminate", "confidentiality", "confidential", "indemnif*",
    "liability", "force majeure", "warranties", "breach", "obligations", "effective date", "entire agreement",
    "severability", "amendment", "assignment", "arbitration",
  ], 3),
  kw("contract", 1, ["landlord", "tenant", "lessor", "lessee", "licensor", "licensee", "employer", "employee", "contractor", "buyer", "seller"], 2),
  lineCue("contract", 2, 'numbered "Article / Clause / Section" heading', /^(?:article|clause|section|artikel|§)\s*(?:\d+|[ivxlc]+)\b/iu),
  flag("contract", 1.5, "numbered sub-clauses (1.1, 1.2, …)", (view) => countLines(view, /^\d{1,2}\.\d{1,2}\.?\s+\p{L}/u) >= 3),
  kw("contract", 1, ["signature", "signed", "duly authorized", "duly authorised", "executed", "witness"], 2),
  flag("contract", 0.5, "prose paragraphs", (view) => proseLines(view) >= 3),

  // ---- form -----------------------------------------------------------------
  kw("form", 1.5, ["form", "formular", "formulier", "formulaire"], 2),
  kw("form", 3, ["application form", "registration form", "claim form", "order form", "enrollment form", "enrolment form", "request form", "consent form"], 1),
  kw("form", 2, [
    "please complete", "please fill", "fill in", "fill out", "please print", "block capitals", "block letters",
    "tick one", "tick the", "tick as", "check one", "check all", "if yes", "if no", "if applicable", "mark with",
  ], 3),
  kw("form", 3, ["for office use only", "office use only", "for official use"], 1),
  kw("form", 1.5, ["applicant", "signature of applicant", "date of signature", "signature:"], 2),
  lineCue("form", 1.5, "blank to fill in (____)", /_{4,}|\.{10,}\s*$/u),
  pattern("form", 1.5, "check boxes (☐, [ ])", /[☐☑☒□■▢]|\[\s?[xX✓]?\s?\](?!\()/gu),
  flag("form", 1, "many empty labelled fields (\"Name:\")", (view) => countLines(view, /^\p{L}[\p{L} ./'()-]{1,30}:\s*$/u) >= 6),
  kw("form", 0.5, ["first name", "last name", "full name", "middle name", "postcode", "zip code", "telephone", "email"], 2),

  // ---- id document ----------------------------------------------------------
  kw("id_document", 3, [
    "passport", "passeport", "reisepass", "paspoort", "pasaporte", "identity card", "id card", "national id",
    "identification card", "driver's license", "drivers license", "driver license", "driving licence", "driving license",
    "residence permit", "personalausweis", "carte nationale d'identité", "mykad",
  ], 2),
  kw("id_document", 2, ["date of birth", "birth date", "dob", "place of birth", "geburtsdatum", "date de naissance", "lieu de naissance"], 2),
  kw("id_document", 2, ["nationality", "nationalité", "staatsangehörigkeit", "citizenship"], 1),
  kw("id_document", 1.5, ["date of issue", "issue date", "date of expiry", "expiry date", "expiration date", "valid until", "issuing authority", "authority"], 2),
  kw("id_document", 1.5, ["surname", "given names", "given name", "sex", "height", "eye colour", "eye color", "document no", "personal no"], 3),
  flag("id_document", 6, "machine-readable zone (MRZ)", (view) => mrzLines(view) >= 1),

  // ---- resume ---------------------------------------------------------------
  kw("resume", 3, ["curriculum vitae", "resume", "résumé", "cv", "lebenslauf"], 1),
  kw("resume", 3, ["work experience", "professional experience", "employment history", "work history", "career history", "berufserfahrung"], 1),
  kw("resume", 1.5, ["experience"], 2),
  kw("resume", 2, ["education", "academic background", "qualifications", "ausbildung"], 1),
  kw("resume", 2, ["skills", "technical skills", "key skills", "core competencies", "competencies"], 1),
  kw("resume", 1, [
    "certifications", "languages", "projects", "references available", "interests", "hobbies", "objective",
    "career objective", "professional summary", "profile", "achievements", "volunteer", "linkedin", "github",
  ], 3),
  kw("resume", 1.5, ["bachelor", "master of", "b.sc", "m.sc", "phd", "university", "degree", "gpa", "graduated"], 2),
  lineCue(
    "resume",
    2,
    "date range in a career line (2019 – present)",
    /(?:19|20)\d{2}\s*(?:[-–—]|to|bis)\s*(?:(?:19|20)\d{2}|present|current|now|today|heute)\b/iu,
  ),
];

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/**
 * Weight contributed by a cue that occurred `count` times (already capped):
 * the first occurrence adds the full weight, each further one half of the
 * previous, so a repeated word saturates below twice its weight.
 */
function contribution(weight: number, count: number): number {
  let total = 0;
  let step = weight;
  for (let i = 0; i < count; i += 1) {
    total += step;
    step /= 2;
  }
  return total;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Letter-spaced headings ("I N V O I C E"): four or more single letters separated by single spaces. */
const LETTER_SPACED = /(?<![\p{L}\p{N}])(?:\p{L} ){3,}\p{L}(?![\p{L}\p{N}])/gu;

function buildView(pages: PageTexts): TextView {
  const text = pages
    .join("\n")
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\u00a0/g, " ")
    .replace(LETTER_SPACED, (m) => m.replace(/ /g, ""));
  const lines = text
    .split(/\r?\n|\f/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  // Offsets in `lower` may drift from `text` for a few exotic characters; only counts are taken from it.
  const lower = text.toLowerCase();
  const view: TextView = { text, lower, lines, words, amountLines: 0 };
  view.amountLines = countLines(view, AMOUNT_AT_END);
  return view;
}

const TYPE_ORDER = new Map<DocumentType, number>(DOCUMENT_TYPES.map((t, i) => [t, i]));

/**
 * Confidence of a classification.
 *
 * With `s1` the winner's score and `s2` the runner-up's:
 *
 *     confidence = (1 − e^(−s1 / S)) · s1 / (s1 + s2)        S = {@link CONFIDENCE_SATURATION}
 *
 * The first factor is the *strength* of the evidence: it saturates towards 1
 * as the winner collects cues, so a doc with one weak cue stays unsure. The
 * second is the *share* against the runner-up: 1 for an uncontested win,
 * 0.5 for a tie. Both are in [0, 1], so is their product.
 */
export function confidenceFromScores(winner: number, runnerUp: number): number {
  if (winner <= 0) return 0;
  const strength = 1 - Math.exp(-winner / CONFIDENCE_SATURATION);
  const share = winner / (winner + Math.max(0, runnerUp));
  return round3(Math.min(1, Math.max(0, strength * share)));
}

/** Options of {@link classifyDocument}. */
export interface ClassifyOptions {
  /** The PDF carries a machine-readable invoice (Factur-X/ZUGFeRD/XRechnung/UBL): its file name and kind. A credit note is an invoice here (the type list has no credit note). */
  embeddedInvoice?: { filename: string; kind: "invoice" | "credit_note" } | null;
}

/** Weight of an embedded e-invoice: above what any page's wording adds up to, so the type is invoice with a high confidence. */
const EMBEDDED_INVOICE_WEIGHT = 12;

/**
 * Classify a document from the text of its pages.
 *
 * Deterministic (same text, same result) and explainable: each cue that fired
 * is listed in `cues` with the weight it added. Cues are keyword phrases
 * (case-insensitive, word-bounded, tolerant of OCR look-alikes `0`/`O`,
 * `1`/`l`/`I` and of stray spaces) and structural patterns (IBAN, MRZ,
 * salutation and closing, numbered clauses, lines ending in amounts,
 * transaction rows, check boxes, career date ranges…). Occurrences of one cue
 * are capped and weighted with diminishing returns (see {@link contribution})
 * so one repeated word cannot decide the type.
 *
 * `other` always scores {@link OTHER_BASELINE} and wins ties, so text without
 * real evidence — including empty or near-empty text (fewer than three words),
 * which is not examined at all — comes out as `other` with low confidence.
 *
 * @param pages text of each page, page 1 first
 * @returns the winning type, its confidence (see {@link confidenceFromScores}),
 *   the score of every type best first, and the cues that fired
 */
export function classifyDocument(pages: PageTexts, opts: ClassifyOptions = {}): Classification {
  const view = buildView(pages);
  const scores = new Map<DocumentType, number>(DOCUMENT_TYPES.map((t) => [t, 0]));
  const cues: ClassificationCue[] = [];
  if (opts.embeddedInvoice) {
    // The issuer declares the document an invoice in machine-readable form: that outweighs any wording on the page.
    const { filename, kind } = opts.embeddedInvoice;
    scores.set("invoice", EMBEDDED_INVOICE_WEIGHT);
    cues.push({ type: "invoice", cue: `embedded e-invoice ${filename}${kind === "credit_note" ? " (credit note)" : ""}`, weight: EMBEDDED_INVOICE_WEIGHT });
  }

  if (view.words < MIN_WORDS) {
    cues.push({ type: "other", cue: `near-empty text (${view.words} words): no cue examined`, weight: 0 });
  } else {
    for (const rule of RULES) {
      const hit = rule.detect(view);
      const count = Math.min(hit.count, rule.cap ?? DEFAULT_CAP);
      if (count <= 0) continue;
      const weight = round3(contribution(rule.weight, count));
      const label = hit.label ?? rule.label;
      scores.set(rule.type, (scores.get(rule.type) ?? 0) + weight);
      cues.push({ type: rule.type, cue: hit.count > 1 ? `${label} ×${hit.count}` : label, weight });
    }
  }
  cues.push({ type: "other", cue: "baseline: a type must beat it to be chosen", weight: OTHER_BASELINE });
  scores.set("other", (scores.get("other") ?? 0) + OTHER_BASELINE);

  const ranked = DOCUMENT_TYPES.map((type) => ({ type, score: round3(scores.get(type) ?? 0) })).sort((a, b) => {
    if (b.score !== a.score) return b.score - a.score;
    // Ties go to `other`: equal evidence for a real type is no evidence.
    if (a.type === "other") return -1;
    if (b.type === "other") return 1;
    return (TYPE_ORDER.get(a.type) ?? 0) - (TYPE_ORDER.get(b.type) ?? 0);
  });

  const [first, second] = ranked;
  // DOCUMENT_TYPES is non-empty, so `first` exists; `second` exists as there are nine types.
  const winner = first ?? { type: "other" as const, score: OTHER_BASELINE };
  const confidence = confidenceFromScores(winner.score, second?.score ?? 0);

  cues.sort((a, b) => b.weight - a.weight || (TYPE_ORDER.get(a.type) ?? 0) - (TYPE_ORDER.get(b.type) ?? 0));
  return { type: winner.type, confidence, scores: ranked, cues };
}
