/**
 * Issuer and recipient from the page layout. The issuer is the letterhead:
 * near the top of page 1, printed larger than the body text, often carrying a
 * legal-form suffix (SDN BHD, B.V., GmbH, Ltd …) and agreeing with the
 * e-mail/URL domain. The recipient is the block after a "Bill to / Invoice to
 * / Klant / Rechnungsempfänger …" label. Neither is ever a table header, an
 * address line or a contact line.
 */
import type { PageLine, PageModel } from "../../page/page.model.js";
import { DATE_LABELS, ID_LABELS, ISSUER_LABEL, ITEM_ROW, LEGAL_FORM, LEGAL_FORM_ALL, PAGE_COUNTER, RECIPIENT_LABEL, SENDER_LINE_SEPARATOR, STAFF_LINE, STORE_NUMBER_LINE, TAX_REPRESENTATIVE_LABEL, TRADE_WORD } from "./labels.vocabulary.js";
import { namesCountryOrRegion } from "./currency.evidence.js";
import { linesOf, spanGeometry } from "./page.layout.js";
import { currencyCode } from "../money.js";
import { editDistance } from "../../../common/edit-distance.js";
import { operatorFormOnly } from "./shop.name.js";

/** A party name found on a page. */
export interface PartyCandidate {
  name: "issuer" | "recipient";
  page: number;
  start: number;
  end: number;
  value: string;
  score: number;
}

/**
 * A document's title on a line of its own: never a party's name. Among them the Brazilian fiscal note's ("DANFE",
 * "Documento Auxiliar da Nota Fiscal Eletrônica", "Nota Fiscal de Serviços Eletrônica"), set in the header beside the
 * seller's name.
 */
const TITLE = /^(?:(?:simplified\s+|full\s+)?tax\s+invoice|invoice|receipt|official\s+receipt|cash\s+(?:bill|sales?|receipt)|bill|\p{L}*factuur|\p{L}*rechnung|facture|factura|fattura|\p{L}*faktura|fatura|invois|kassenbon|kassenbeleg|kunden-?beleg|h[äa]ndler-?beleg|beleg|duplikat|kopie|bon|quittung|ticket|kassabon|scontrino|ricevuta|recibo|credit\s+note|quotation|delivery\s+order|sales\s+order|original|copy|danfe|(?:documento\s+auxiliar\s+da\s+)?nota\s+fiscal(?:\s+(?:de\s+servi[çc]os\s+)?eletr[ôo]nica)?)(?![\p{L}\d])/iu;
const ADDRESS =
  /\b(?:jalan|jln|lorong|lot|taman|tmn|kampung|kg|bandar|persiaran|no\.?\s?\d|street|st\.|road|rd\.|avenue|ave|lane|floor|suite|building|stra(?:ß|ss|f[li]|ll|[rb86])e|weg|platz|gasse|laan|straat|plein|rue|rua|travessa|alameda|rodovia|avenue|boulevard|calle|avenida|paseo|carrer|via|viale|corso|piazza|postbus|p\.?o\.?\s*box)\b|\bstr\.(?=\s*\d)|\b(?:av|avda)\.(?=\s+\p{L})|\b\d{4,5}\s+\p{Lu}|\b\d{4}\s?[A-Z]{2}\b/iu;
const CONTACT = /\b(?:co\.?\s*no|tel|telp|tel[eé]fono|telefon|telefoon|t[eé]l[eé]phone|fax|phone|ph|hp|mobile|e-?mail|www|http|gst|sst|vat|btw|ust|tva|iva|reg(?:istration)?|roc|co\.?\s*reg|company\s+no|kvk|coc|iban|bic|swift|npwp|abn|hrb)\b|@|\.com\b/i;
const TABLE_HEADER_WORD = /\b(?:qty|quantity|description|item|items|price|unit|amount|total|disc|rm|menge|anzahl|beschreibung|preis|betrag|aantal|omschrijving|prijs|bedrag|quantit[ée]|d[ée]signation|prix|montant|cantidad|descripci[óo]n|precio|importe|quantit[àa]|descrizione|prezzo|importo|kuantiti|harga|jumlah|code|no\.?)\b/gi;
/**
 * A street with its house number written as one word with the street type, as German and Dutch do ("Domstr. 20",
 * "Hauptstraße 5", "Kerkstraat 12a"); OCR reads the ß as "fl", "fi", "ll", "R", "B", "8" or "6".
 */
const COMPOUND_STREET = /\p{L}(?:stra(?:ß|ss|f[li]|ll|[rb86])e|str\.|weg|platz|gasse|allee|damm|ufer|chaussee|straat|laan|plein|gracht|kade|singel|dijk|steeg)\s*\d{1,4}\s*[a-z]?(?![\p{L}\d])/iu;
/** Greetings and thanks a till prints above or below the name ("Herzlich willkommen", "Thank you and do visit us"). */
const GREETING =
  /\b(?:welcome|thank\s*you|thanks|(?:please\s+)?(?:come|visit(?:\s+us)?|see\s+you)\s+again|(?:herzlich\s+)?willkommen|vielen\s+dank|danke|auf\s+wiedersehen|bis\s+bald|besuchen\s+sie\s+uns|bedankt|welkom|tot\s+ziens|bienvenue|merci|bient[ôo]t|bienvenido|gracias|hasta\s+(?:pronto|luego)|benvenuti|grazie|arrivederci|obrigad[oa]|terima\s+kasih|selamat\s+datang)\b/iu;
/**
 * A till's own place or a register label at the start of a line: the outlet
 * ("Filiale Musterstadt", "Markt 1234", "Store #12"), a tax or register number
 * ("St.-Nr.", "Steuernummer", "UID", "USt-IdNr.", "SIRET", "P.IVA", "CIF"),
 * the company-registration label ("Company No:", "Co. Reg."). Never a name.
 */
const TILL_LABEL =
  /^\W*(?:filiale|filial-?nr|fil\.|markt(?:-?nr\.?)?(?=\s*[\d:#]|\s+\p{Lu}\p{Ll}+$)|store\s*(?:no|nr|#|\d)|branch|outlet|magasin|filiaal|tienda|negozio|punto\s+vendita|st\.?\s*-?\s*nr|steuer\s*-?\s*(?:nr|nummer)|steuernummer|ust\.?\s*-?\s*id|uid|siret|siren|rcs|tva|n[°º]\s*tva|p\.?\s*iva|partita\s+iva|c\.?\s*f\.|cif|nif|kvk|btw|company\s*(?:no|number|reg)|co\.?\s*(?:no|reg)|[öo0]ffnungszeiten|ge[öo]ffnet|opening\s+hours|horaires|openingstijden|orari)(?![\p{L}])/iu;
/** Opening hours: days ("Mo-Sa", "Mo.–Fr.") or hours ("8-20 Uhr", "7:00 - 22:00") however the heading word was read. */
const OPENING_HOURS = /(?<![\p{L}])(?:mo|di|mi|do|fr|sa|so)\.?\s*[-–]\s*(?:mo|di|mi|do|fr|sa|so)\.?(?![\p{L}])|\d{1,2}(?:[:.]\d{2})?\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?\s*uhr\b/iu;
const DATE_OR_NUMBER = /\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d[.,]\d{2}\b|:\s*\S*\d/;
/** A month's name or abbreviation in EN, NL, DE, FR, ES, IT and MS. */
const MONTH = String.raw`(?:jan(?:uary|uari|vier|uar)?|feb(?:ruary|ruari|ruar)?|mar(?:ch|s|et|zo)?|märz|maart|apr(?:il|ile)?|avr(?:il)?|may|mei|mai|mayo|maggio|jun(?:e|i|io)?|juin|jul(?:y|i|io)?|juil(?:let)?|aug(?:ust|ustus)?|ago(?:sto|s)?|ao[uû]t|sep(?:t(?:ember|embre)?)?|oct(?:ober|obre)?|okt(?:ober)?|ott(?:obre)?|nov(?:ember|embre|iembre)?|dec(?:ember|embre)?|dez(?:ember)?|dic(?:iembre)?|dis(?:ember)?|ene(?:ro)?|gen(?:naio)?)\.?(?![\p{L}])`;
/** "March 5", "5 March 2024", "Mar 5, 2024", "5. März": a day with its month's name. */
const MONTH_DATE = new RegExp(String.raw`(?:^|\s)(?:\d{1,2}\.?\s+${MONTH}|${MONTH}\s+\d{1,2}(?!\d))`, "iu");

/**
 * A country's name alone on a line, in the languages of the label vocabularies: the last line of an address
 * ("Belgique", "Paesi Bassi", "Verenigd Koninkrijk"), never a party's name.
 */
const COUNTRY_LINE = new RegExp(
  String.raw`^\W*(?:` +
    [
      String.raw`germany|deutschland|duitsland|allemagne|alemania|germania`,
      String.raw`(?:the\s+)?netherlands|nederland|niederlande|pays[\s-]bas|pa[ií]ses\s+bajos|paesi\s+bassi|holland`,
      String.raw`belgium|belgi[eë]|belgien|belgique|b[ée]lgica|belgio`,
      String.raw`austria|[öo]sterreich|oostenrijk|autriche`,
      String.raw`france|frankrijk|frankreich|francia`,
      String.raw`spain|espa[ñn]a|spanje|spanien|espagne|spagna`,
      String.raw`italy|italia|itali[ëe]|italien`,
      String.raw`united\s+kingdom|great\s+britain|england|verenigd\s+koninkrijk|vereinigtes\s+k[öo]nigreich|royaume[\s-]uni|reino\s+unido|regno\s+unito`,
      String.raw`ireland|ierland|irland|irlande|irlanda`,
      String.raw`u\.?s\.?a\.?|united\s+states(?:\s+of\s+america)?|verenigde\s+staten|vereinigte\s+staaten|[ée]tats[\s-]unis|estados\s+unidos|ee\.?\s?uu\.?|stati\s+uniti`,
      String.raw`switzerland|schweiz|suisse|svizzera|zwitserland|suiza`,
      String.raw`luxembourg|luxemburg|lussemburgo|luxemburgo|portugal|portogallo|denmark|danmark|d[äa]nemark|denemarken|danemark|dinamarca|danimarca`,
      String.raw`sweden|sverige|schweden|zweden|su[èe]de|suecia|svezia|poland|polska|polen|pologne|polonia|malaysia|singapore`,
    ].join("|") +
    String.raw`)\W*$`,
  "iu",
);

/**
 * A payment status printed on a line of its own, as online invoices stamp it beside the title ("Paid", "Unpaid",
 * "Overdue", "Pagado", "Pagato", "Payé", "Bezahlt", "Betaald"): the invoice's state, never a party's name.
 */
const PAYMENT_STATUS = /^\W*(?:(?:un)?paid|overdue|pagad[oa]|pagat[oa]|pay[ée]e?|acquitt[ée]e?|bezahlt|unbezahlt|betaald|onbetaald)\W*$/iu;

/**
 * A section heading made only of generic words ("BILLING AND PAYMENT", "Invoice Summary", "Order details",
 * "REMITTANCE", "MAILING ADDRESS", "Service address"): billing systems head their blocks so, and a heading at the top
 * is no party's name.
 */
const SECTION_HEADING =
  /^\W*(?:(?:billing|payments?|shipping|delivery|orders?|invoice|account|summary|details?|information|remittance|contact|line|items?|notes?|terms|conditions|mailing|postal|service|premises|address(?:es)?|and|&|\/)(?:\W+|$))+$/iu;

/**
 * The copy marker of an invoice printed in several copies ("Original for Recipient", "Duplicate for Transporter",
 * "Triplicate for Supplier", "Duplicate copy", as Indian GST invoices mark theirs) and a line citing the statute it
 * is issued under ("(Issued under Section 31 of CGST Act, 2017 read with Rule 46 …)"): both stand at the top of the
 * page, where the seller's name is looked for, and neither is a name.
 */
const COPY_MARKER_OR_STATUTE =
  /^\W*(?:(?:original|duplicate|triplicate|quadruplicate|extra|office)\s+(?:copy\s+)?(?:for|of)\s+(?:the\s+)?(?:recipient|receiver|buyer|customer|transporter|supplier|seller|consignee|assessee|office)\b|(?:duplicate|triplicate|quadruplicate)(?:\s+copy)?\W*$|(?:issued|prepared|generated)\s+(?:under|u\/s)\b)|\b(?:section|sec\.|rules?)\s+\d+\w*(?:\s*\(\w+\))*\s+of\s+(?:the\s+)?\p{L}/iu;

/**
 * Payment terms as an invoice prints them beside its date ("Net 30", "Net 15 days", "2/10 Net 30", "30 days net",
 * "Due on receipt", "Cash on delivery"): a term, not a name, even where it stands alone at the top of the page.
 */
const PAYMENT_TERMS =
  /^\W*(?:(?:\d{1,2}\s*%?\s*\/\s*\d{1,3}\s*,?\s*)?net\s*\d{1,3}(?:\s*days?)?|\d{1,3}\s*days?\s+net|(?:due|payable)\s+(?:on|upon)\s+receipt|cash\s+on\s+delivery)\W*$/iu;

/**
 * A care-of line ("C/O REE JIT ENERGY SERVICES", "c/o Regus", "Care of J. Smith"): the intermediary an address is
 * delivered through, a line of that address and never the name of the party issuing the document.
 */
const CARE_OF = /^\W*(?:c\s?\/\s?o|care\s+of)\b/iu;

/**
 * A sentence in the first person plural, as a slogan under a logo or a note says it ("We are here to deliver",
 * "We're glad to help", "We will be in touch"): the seller speaking, not the seller's name.
 */
const FIRST_PERSON_SENTENCE = /^\W*we(?:'re|’re|\s+are|\s+will|\s+have|\s+can)\s+\p{L}/iu;

/**
 * A statement of what something is ("Acme Energy is a trading name of Acme Supply Limited", "… is a member of …"): a
 * sentence about a name, never a name itself.
 */
const IS_A_STATEMENT = /\s(?:is|are)\s+(?:a|an|the)\s+\p{L}/iu;

/**
 * A person addressed by a courtesy title, a first name or initial and a surname ("Mr John Smith", "Mrs. J. Doe",
 * "Herrn Max Muster", "Mme Claire Dupont", "Dhr. J. de Vries"): the addressee of a letter or bill, never its issuer.
 * Not "Dr.", under which a physician or lawyer bills, and not a brand named so ("Mr Price", "Mr. Bricolage": one word).
 */
const ADDRESSED_PERSON = /^\W*(?:mr|mrs|ms|miss|mx|herrn|mme|mlle|dhr|mevr)\.?\s+((?:\p{L}[\p{L}'’-]*\.?)(?:\s+\p{L}[\p{L}'’-]*\.?){1,3})\s*$/iu;

/** True for a name that is a person addressed by a courtesy title (see {@link ADDRESSED_PERSON}). */
export function addressedPerson(text: string): boolean {
  const m = ADDRESSED_PERSON.exec(text.trim());
  return m !== null && !LEGAL_FORM.test(text) && (m[1] ?? "").split(/\s+/).every((w) => /^\p{Lu}|^(?:de|van|von|der|den|la|le|du|di|da)$/u.test(w));
}

function lineText(page: PageModel, l: PageLine): string {
  return page.text.slice(l.start, l.end);
}

/**
 * A logo's mark OCR read as a symbol glued to the brand beside it ("@ACME", "©ACME"): one upper-case word after it,
 * nothing else on the line. Not a handle (those are lower or mixed case, "@acme_shop") nor an e-mail address.
 */
const LOGO_MARK = /^[@©®]\s?(?=\p{Lu}{3,}$)/u;

/**
 * A branch of the seller named by its place ("SAN FRANCISCO BRANCH", "Main Branch"), printed under "Shipped From" or
 * beside the letterhead: where the goods left from, not the company's name (which a line with a legal form keeps).
 */
const BRANCH_LINE = /^(?:\p{L}[\p{L}.'’-]*\s+){1,3}branch$/iu;

/** True for lines that can never be a party name: table headers, addresses, contacts, titles, numbers. */
export function notAName(text: string): boolean {
  const t = text.trim().replace(LOGO_MARK, "");
  const letters = t.replace(/[^\p{L}]/gu, "").length;
  if (letters < 3) return true;
  if (COUNTRY_LINE.test(t) || PAYMENT_STATUS.test(t) || SECTION_HEADING.test(t) || COPY_MARKER_OR_STATUTE.test(t) || PAYMENT_TERMS.test(t)) return true;
  if (CARE_OF.test(t) || FIRST_PERSON_SENTENCE.test(t) || IS_A_STATEMENT.test(t)) return true;
  if (BRANCH_LINE.test(t) && !LEGAL_FORM.test(t)) return true;
  // A British postcode on a line of its own ("M5 7AB", "SW1A 1AA"): the last line of an address.
  if (/^[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}$/.test(t)) return true;
  // The column heading of a till's amounts ("EUR", "RM", "Betrag EUR"): a currency, not a name.
  if (currencyCode(t.replace(/^\W*(?:betrag|amount|preis|price)\s+/iu, "").replace(/\W+$/u, "")) !== null) return true;
  // A title, with at most a qualifier in brackets after it ("KONTANTFAKTURA (KORT)", "INVOICE (COPY)").
  if (TITLE.test(t) && t.replace(TITLE, "").replace(/\([^)]*\)/g, "").replace(/[^\p{L}]/gu, "").length < 3) return true;
  if ((t.match(TABLE_HEADER_WORD)?.length ?? 0) >= 2) return true;
  if (CONTACT.test(t) || DATE_OR_NUMBER.test(t) || GREETING.test(t) || STAFF_LINE.test(t) || OPENING_HOURS.test(t)) return true;
  if (TILL_LABEL.test(t) && !LEGAL_FORM.test(t)) return true;
  if (STORE_NUMBER_LINE.test(t)) return true;
  if (PAGE_COUNTER.test(t)) return true;
  // "Invoice # INV-0042", "Invoice date 03/03/2024", "Customer no. 5521": a labelled value, not a name.
  if (/\d/.test(t) && [...ID_LABELS, ...DATE_LABELS].some((l) => l.re.exec(t)?.index === 0)) return true;
  // A bare label whose value stands in the next column ("Invoice number", "Date of issue"): a label, not a name.
  if ([...ID_LABELS, ...DATE_LABELS].some((l) => l.re.exec(t)?.index === 0 && t.replace(l.re, "").replace(/[^\p{L}]/gu, "") === "")) return true;
  // One token with three digits or more is an id ("8F3A2C1D-0007"); a date written with its month's name is a date.
  if (!/\s/.test(t) && (t.match(/\d/g)?.length ?? 0) >= 3) return true;
  if (MONTH_DATE.test(t)) return true;
  // A row that opens with a long bare number is a document, registration or stamp number, never a name ("3180404 ref").
  if (/^\W*\d{5,}(?![\p{L}\d])/u.test(t)) return true;
  // "Shah Alam, Selangor", "Gelnhausen, Deutschland": a place, then after a comma its region or country.
  const afterComma = /,\s*([^,]+?)[.\s]*$/u.exec(t)?.[1];
  if (afterComma !== undefined && namesCountryOrRegion(afterComma) && !LEGAL_FORM.test(t)) return true;
  // Addresses, unless a legal form says it is a company; a branch in parentheses ("(TAMAN DAYA)") may name a street.
  const outsideBrackets = t.replace(/\([^)]*\)?/g, " ");
  if ((ADDRESS.test(outsideBrackets) || COMPOUND_STREET.test(outsideBrackets)) && !LEGAL_FORM.test(t)) return true;
  return /^[\d\s\W]+$/u.test(t);
}

/**
 * True for a line that is never anyone's name, whatever else it holds: a
 * greeting or thanks, the till's staff line, a label that opens a register,
 * tax or contact entry ("Company No: …", "Tel. …", "UID …"), or mostly
 * punctuation and specks (fewer letters than other characters in it).
 */
export function neverAName(text: string): boolean {
  const t = text.trim().replace(LOGO_MARK, "");
  if (GREETING.test(t) || STAFF_LINE.test(t) || TILL_LABEL.test(t)) return true;
  if (CONTACT.exec(t)?.index === 0) return true;
  const letters = t.replace(/[^\p{L}]/gu, "").length;
  return letters < 0.5 * t.replace(/\s+/g, "").length;
}

/**
 * How much less a name read by OCR is worth because OCR could hardly read it:
 * a logo or stylised lettering above the printed name comes back as a short
 * run of letters with word confidences near zero ("Adsnlis", "Rodozd"), while
 * the printed name under it is read with high confidence. 0 for a text layer or
 * a name read at least half sure; up to 0.3 for one read not at all.
 */
export function illegibleNamePenalty(page: PageModel, start: number, end: number): number {
  if (page.source !== "ocr" || end <= start) return 0;
  const conf = spanGeometry(page, start, end).ocrConfidence;
  return conf >= 0.5 ? 0 : Math.round(0.6 * (0.5 - conf) * 1000) / 1000;
}

/**
 * A name printed again further down with a branch or outlet after it
 * ("ACME PIZZA" at the top, "ACME PIZZA PERMAS JAYA" above the address): the
 * longer line names the outlet, the shorter one the company. True when
 * `longer` starts with all of `shorter`'s words and what it adds is neither a
 * legal form nor a trade word (then it completes the name instead).
 */
export function isBranchOf(longer: string, shorter: string): boolean {
  const words = (s: string): string[] => s.toUpperCase().split(/[^\p{L}\p{N}'&]+/u).filter((w) => w !== "");
  const a = words(shorter);
  const b = words(longer);
  if (a.length === 0 || b.length <= a.length || a.some((w, i) => b[i] !== w)) return false;
  const extra = b.slice(a.length).join(" ");
  return !LEGAL_FORM.test(extra) && !TRADE_WORD.test(extra) && !LEGAL_FORM.test(shorter) === !LEGAL_FORM.test(longer);
}

/** A company registration number printed after the name: "(126926-H)", "CO. NO. 419060-A", "(JM0195368-D)". */
const TRAILING_REG_NO = /\s*\(?\s*(?:co(?:mpany)?\.?\s*(?:reg(?:istration)?\.?\s*)?no\.?\s*:?\s*)?[A-Z]{0,3}\d{4,}[- ]?[A-Z]?\s*\)?\s*$/i;
/** The same in brackets as OCR reads them: "{S19537-X!", "(519537-X) )", "(1206674-T1)" (at least four real digits). */
const NOISY_REG_NO = /\s*[({[]\s*[A-Z]{0,3}[\dSOIl]{5,}\s*[-–]?\s*[A-Z\d]{0,2}\s*[)}\]!|\s]*$/i;

function stripRegNo(text: string): string {
  const m = NOISY_REG_NO.exec(text);
  const t = m && (m[0].match(/\d/g)?.length ?? 0) >= 4 ? text.slice(0, m.index) : text;
  return t.replace(TRAILING_REG_NO, "");
}
/** A stacked name's first line may only be this short ("WESTERN EASTERN" over "STATIONERY SDN. BHD"). */
const TRADE_HEAD = new RegExp(`^(?:&\\s*)?(?:${TRADE_WORD.source})`, "iu");

/** Lower-case words that continue a sentence after a company's name, not the name itself. */
const PROSE_AFTER_NAME = /^,?\s+(?:is|are|was|acts|as|on\s+behalf|trading\s+as|t\/a|for|via|by)\s/u;

/** A registered branch's designation after a company's legal form (see {@link cutAfterLegalForm}). */
const BRANCH_AFTER_FORM =
  /^,?\s*(?:(?:\p{Lu}{2,}\s+)?branch|succursale|sucursal|zweigniederlassung|niederlassung|filiale|bijkantoor)(?:\s+[\p{L}'’]+){0,2}(?=$|[\s,;:()–—-]|\s*\d)/iu;

/**
 * Text printed after the name's legal form on the same line is something else
 * (an address, "(Y No 49, Jalan …"), unless it is short (a branch "(M)", a
 * registration number, which {@link TRAILING_REG_NO} removes).
 */
function cutAfterLegalForm(text: string): string {
  // A sentence that goes on after the name ("Acme Ltd is the merchant of record for …", "… as reseller of …"):
  // the name ends at its first legal form.
  for (const m of text.matchAll(LEGAL_FORM_ALL)) {
    const end = (m.index ?? 0) + m[0].length;
    if (PROSE_AFTER_NAME.test(text.slice(end))) return text.slice(0, end);
  }
  const last = [...text.matchAll(LEGAL_FORM_ALL)].pop();
  if (!last || last.index === undefined) return text;
  // A branch the company registered under its name ("…S.à r.l., Sucursal en España", "… GmbH, Niederlassung
  // Österreich", "… Ltd, UK Branch") is part of the name: up to two words after the branch word, before any
  // number or punctuation.
  const end = last.index + last[0].length + (BRANCH_AFTER_FORM.exec(text.slice(last.index + last[0].length))?.[0].length ?? 0);
  const rest = stripRegNo(text.slice(end));
  if (rest.replace(/[^\p{L}\p{N}]/gu, "").length > 10) return text.slice(0, end);
  // Specks and stray marks OCR read after the legal form ("SDN BHD 2) 5 ~x": a stamp or handwriting beside the name):
  // no word of two letters, and not a bracketed branch or country ("(M)").
  return rest.trim() !== "" && !/\p{L}{2}/u.test(rest) && !/^\s*[({[][^)}\]]*[)}\]]\W*$/u.test(rest) ? text.slice(0, end) : text;
}

/** A party name as printed, without what follows it on its line: registration number, address, document title. */
export function cleanPartyName(text: string): string {
  return clean(text);
}

/**
 * Two short words where a name ends (after a word of the name, before the end of the line, a bracket, a registration
 * number or specks, never before another word): the candidates for a "SDN BHD" OCR misread by a letter in each word
 * (see {@link misreadSdnBhd}).
 */
const MISREAD_SDN_BHD = /(?<=[\p{L}\p{N})\].]\s+)([S5][\p{L}\p{N}]{2})(\.?\s*)([\p{L}\p{N}]{2,3})(?![\p{L}\p{N}])(?=\.?\s*(?:$|[^\p{L}\s]|\p{L}(?![\p{L}])))/giu;

/**
 * True when `sdn` and `bhd` are "SDN" and "BHD" as OCR misreads them beyond the spellings {@link fixLegalForm}
 * lists ("SDH. BHZ", "SEN HD", "STN BHD"): each within one edit of the form, the second keeping its H, and not both
 * right already.
 */
function misreadSdnBhd(sdn: string, bhd: string): boolean {
  const a = sdn.toUpperCase().replace(/^5/, "S");
  const b = bhd.toUpperCase();
  return /H/.test(b) && editDistance(a, "SDN") <= 1 && editDistance(b, "BHD") <= 1 && (a !== "SDN" || b !== "BHD");
}

/**
 * Malaysian legal forms as OCR misreads them ("SON. BHD", "SDH BHD", "SIH BHD",
 * "SDN BID", "5/8" for S/B; any other "SDN BHD" a letter off in each word where a name ends, see
 * {@link misreadSdnBhd}), and "GmbH" and "Ltd" misread, written as printed: the name is reported as the
 * company registered it, and the legal form counts as one.
 */
export function fixLegalForm(text: string): string {
  const asPrinted = (m: string, gap: string) => (m === m.toLowerCase() ? `sdn${gap}bhd` : /[a-z]/.test(m) ? `Sdn${gap}Bhd` : `SDN${gap}BHD`);
  return text
    .replace(/(?<![\p{L}\p{N}])(?:S[DO0]N|SDH|SIH|5DN|SDM|SON|SDW)(\.?\s*)(?:B[HIN1l][DO0]|8HD|EHD)(?![\p{L}\p{N}])/giu, (m, gap: string) => asPrinted(m, gap))
    .replace(MISREAD_SDN_BHD, (m, sdn: string, gap: string, bhd: string) => (misreadSdnBhd(sdn, bhd) ? asPrinted(m, gap) : m))
    // "SDN" read right and its BHD as digits and strokes ("SDN 10,"): at the end of a name nothing else follows SDN.
    .replace(/(?<=\p{L}{2,}\s+)(SDN|Sdn)(\.?\s*)(?=[^\s]*\d)[B8Hl1I|D0O]{2,3}(?=[.,]?\s*$)/u, (_m, sdn: string, gap: string) => asPrinted(sdn, gap))
    .replace(/(?<=\p{L}{2,}\s+)[5S]\/[8B](?=\s*(?:$|[({[]))/u, "S/B")
    // "Ltd" with its t read as an i or a 1 ("Brynfordio Lid"), after a capitalised name.
    .replace(/(?<=\p{Lu}\p{L}+\s+)L[i1|]d(?![\p{L}\p{N}])/u, "Ltd")
    // "GmbH" read as "GubM", "GabH", "6mbH", "GnbH": a G, a letter, a b or h, an H or M, after a name or before "& Co.".
    .replace(/(?:(?<=\p{L}{2,}\s+)|(?<=^\s*)(?=\S+\s*[&+]\s*[cC][oO]\b))[G6](?:mb[HM]|[anuir][bh8][HM])(?![\p{L}\p{N}])/u, "GmbH")
    // "& Co. KG" with its K read as an X ("& Co. XG", "& Co. X6"): after "& Co." only a partnership's form stands.
    .replace(/(?<=[&+]\s*[cC][oO]\.?\s*)[X×][G6](?![\p{L}\p{N}])/u, "KG");
}

/**
 * A title naming the party after it: "Receipt from Loomwave", "Rechnung von …", "Factuur van …"; and the seller
 * phrase a shop or marketplace prints before the seller's name ("Sold by …", "Vendido por …", "Venduto da …").
 */
const FROM_TITLE =
  /^(?:sold\s+by|vendido\s+por|venduto\s+da|verkauft\s+(?:von|durch)|vendu\s+par|verkocht\s+door)\s+(?=\p{Lu})|^(?:your\s+)?(?:(?:payment\s+)?receipt|invoice|bill|order)\s+from\s+|^(?:rechnung|quittung|beleg)\s+von\s+|^(?:factuur|bon)\s+van\s+|^(?:facture|re[çc]u)\s+de\s+(?=\p{Lu})|^(?:factura|recibo)\s+de\s+(?=\p{Lu})|^(?:fattura|ricevuta)\s+d[ia]\s+(?=\p{Lu})/iu;

/** An address block's salutation on a line of its own. */
const SALUTATION_LINE = /^\s*(?:firma|herrn?|frau|familie|an|z\.?\s*h(?:d|än(?:den)?)\.?(?:\s+(?:von|v\.))?|attn\.?|attention|mr\.?|mrs\.?|ms\.?|messrs\.?|dhr\.?|mevr\.?|monsieur|madame|m\.|mme\.?|sr\.?|sra\.?|sig\.?(?:ra)?\.?|spett\.?\s*le)\s*:?\s*$/iu;

/** A name ending in an abbreviated legal form whose own period must stay ("Talleres Ruiz S.L.", "Acme Inc."). */
const ENDS_IN_ABBREVIATED_FORM = new RegExp(`(?:${LEGAL_FORM.source})$`, "iu");

function clean(text: string): string {
  // A letter-spaced logo or heading ("E D E K A") is one word.
  const spaced = /^\s*\p{Lu}(?:\s\p{Lu}){2,}\s*$/u.test(text) ? text.replace(/\s+/g, "") : text;
  const name = stripRegNo(cutAfterLegalForm(fixLegalForm(spaced.replace(/\s+/g, " ").replace(FROM_TITLE, ""))))
    .replace(new RegExp(`${SENDER_LINE_SEPARATOR.source}.*$`), "")
    .replace(/\s+(?:tax\s+)?(?:invoice|receipt|rechnung|factuur|facture|factura|fattura)\s*$/i, "")
    // A department printed after the company name ("Free Service Abonné", "Acme Customer Service").
    .replace(/\s+(?:service\s+(?:abonn[ée]s?|clients?|client[èe]le)|customer\s+(?:service|care|support)|kundenservice|kundendienst|klantenservice|servicio\s+(?:al\s+)?cliente|servizio\s+clienti)\s*$/iu, "")
    .trim();
  const bare = name.replace(/^[^\p{L}\p{N}(]+|[,:;.\s*-]+$/gu, "").trim();
  return /\.\s*$/.test(name.replace(/[,:;\s*-]+$/u, "")) && ENDS_IN_ABBREVIATED_FORM.test(`${bare}.`) && /\.$/.test(ENDS_IN_ABBREVIATED_FORM.exec(`${bare}.`)![0]) ? `${bare}.` : bare;
}

/** Domain words of the document's e-mail addresses and URLs (`acme` from `info@acme.nl`). */
function domainWords(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:@|www\.|https?:\/\/)([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.[a-z]{2,}/gi)) {
    for (const part of (m[1] ?? "").toLowerCase().split(/[.-]/)) if (part.length >= 3 && !/^(?:www|mail|info|shop|online)$/.test(part)) out.add(part);
  }
  return [...out];
}

/**
 * True when `next` is the rest of a legal form that `name` ends with: "UG" over "(haftungsbeschränkt)", a long
 * name wrapped inside its form. The form read across the break must end with `next` and start before it.
 */
export function completesLegalForm(name: string, next: string): boolean {
  const head = name.trimEnd();
  const joined = `${head} ${next.trim()}`;
  return [...joined.matchAll(LEGAL_FORM_ALL)].some((m) => m.index < head.length && m.index + m[0].length > head.length + 1 && /^\W*$/u.test(joined.slice(m.index + m[0].length)));
}

/** {@link ISSUER_LABEL} for every match on a row (matched on the whole row: its bare headings look at their neighbours). */
const ISSUER_LABEL_ALL = new RegExp(ISSUER_LABEL.source, "giu");

/**
 * The recipient block of a page: the row of a recipient label ("Bill to",
 * "Rechnungsempfänger" …) and the four rows under it, from the label's column
 * rightwards. A block printed beside the issuer's ("Acme Ltd⇥Bill to" over
 * "1 Main St⇥Jane Doe") leaves the left column alone, and an issuer's heading
 * further right on the label's row ("To⇥From") ends it on the right. Returns
 * whether the text in `[start, end)` of one of the page's lines lies in it.
 */
export function recipientBlock(page: PageModel): (line: PageLine, start: number, end: number) => boolean {
  const lines = linesOf(page).filter((l) => lineText(page, l).trim() !== "");
  const zone = new Map<PageLine, { x0: number; x1: number }>();
  lines.forEach((l, i) => {
    const text = lineText(page, l);
    const m = RECIPIENT_LABEL.exec(text);
    if (!m) return;
    const labelWord = l.words.find((w) => w.end > l.start + m.index);
    const x0 = labelWord ? labelWord.box.x0 : 0;
    // The issuer's heading further right on the same row ("To⇥From"): the recipient's block ends where its column starts.
    const after = m.index + m[0].length;
    const issuer = [...text.matchAll(ISSUER_LABEL_ALL)].find((i) => i.index >= after);
    const issuerWord = issuer ? l.words.find((w) => w.end > l.start + issuer.index) : undefined;
    const x1 = issuerWord ? issuerWord.box.x0 : Infinity;
    for (const r of lines.slice(i, i + 5)) {
      const z = zone.get(r);
      zone.set(r, z ? { x0: Math.min(x0, z.x0), x1: Math.max(x1, z.x1) } : { x0, x1 });
    }
  });
  return (line, start, end) => {
    const z = zone.get(line);
    if (z === undefined) return false;
    const words = line.words.filter((w) => w.start < end && w.end > start);
    return words.length === 0 || words.some((w) => w.box.x1 > z.x0 + 0.005 && w.box.x0 < z.x1 - 0.005);
  };
}

/**
 * True when the text in `[start, end)` lies wholly left of the column of the
 * nearest recipient label above it (up to five rows up): another column's
 * text, not the label's value. Address cards headed `FROM⇥TO` whose text the
 * page gives block by block put the issuer's card on the rows under the label
 * row, and a reader of text alone takes the first of them for the recipient.
 */
export function leftOfRecipientLabel(page: PageModel, start: number, end: number): boolean {
  const lines = linesOf(page).filter((l) => lineText(page, l).trim() !== "");
  const at = lines.findIndex((l) => start >= l.start && start < l.end);
  const words = at >= 0 ? (lines[at] as PageLine).words.filter((w) => w.start < end && w.end > start) : [];
  if (words.length === 0) return false;
  const right = Math.max(...words.map((w) => w.box.x1));
  for (let k = at - 1; k >= Math.max(0, at - 5); k -= 1) {
    const l = lines[k] as PageLine;
    const m = RECIPIENT_LABEL.exec(lineText(page, l));
    if (!m) continue;
    const labelWord = l.words.find((w) => w.end > l.start + m.index);
    return labelWord !== undefined && right < labelWord.box.x0;
  }
  return false;
}

/**
 * Issuer candidates from the letterhead of page 1: the first lines of the
 * page, scored by text height relative to the page's median line height,
 * position, a legal-form suffix, agreement with the document's domains, and
 * closeness to the company's registration number or address below.
 * Lines inside a recipient block (after a recipient label) are skipped.
 */
export function letterheadIssuers(page: PageModel, allText: string): PartyCandidate[] {
  if (page.page !== 1) return [];
  const lines = linesOf(page).filter((l) => lineText(page, l).trim() !== "");
  if (lines.length === 0) return [];
  const heights = lines.map((l) => l.box.y1 - l.box.y0).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0.01;
  const domains = domainWords(allText);
  const inRecipientBlock = recipientBlock(page);
  const out: PartyCandidate[] = [];
  const top = lines.slice(0, 10);
  // The town of the page's postcode lines ("50823 Köln"): a line that opens with it names the outlet's place
  // ("Köln-Ehrenfeld"), not the shop.
  const towns = postcodeTowns(page);
  const namesTown = (t: string): boolean => towns.has(t.trim().split(/[\s-]+/)[0]?.replace(/[^\p{L}]/gu, "").toLowerCase() ?? "") && !LEGAL_FORM.test(t);
  // A name printed larger than the body, or over its registration number or address: more likely the letterhead.
  const layoutBonus = (l: PageLine, last: PageLine): number => {
    const rel = (l.box.y1 - l.box.y0) / median;
    const below = lines[lines.indexOf(last) + 1];
    const anchored = below !== undefined && (/^\(?[A-Z]{0,3}\d{5,}-?[A-Z]?\)?$/i.test(lineText(page, below).trim().replace(/^(?:co\.?\s*reg\w*\s*(?:no)?\s*:?\s*)/i, "")) || ADDRESS.test(lineText(page, below)));
    return (rel > 1.25 ? Math.min(0.15, 0.1 * (rel - 1)) : 0) + (anchored ? 0.1 : 0);
  };
  // The first item row ("Grape Tomatoes⇥1.49 F3", "1 x⇥Burger"): from there on the item list, where a row whose price
  // OCR lost ("Strawberries⇥F3") still names an article, not the shop.
  const firstItem = top.findIndex((l) => ITEM_ROW.test(lineText(page, l)));
  top.forEach((l, i) => {
    const raw = lineText(page, l);
    if (namesTown(raw) || (firstItem >= 0 && i >= firstItem)) return;
    // A row with a tab-wide gap holds things side by side ("FACTUUR .<tab>Acme B.V."): each part is its own candidate.
    if (raw.includes("\t")) {
      // An item row: a name is never printed beside a price.
      if (/(?<![\d.,])\d{1,6}[.,]\d{2}(?![\d.,]?\d)/.test(raw)) return;
      // Its price with the tax letter run into it by OCR ("0,898" for "0,89 B") in a column of its own.
      if (raw.split("\t").slice(1).some((p) => /^\s*-?\d{1,6}[.,]\d{2}[\dA-Z*]?\s*$/.test(p))) return;
      let offset = l.start;
      const parts = raw.split("\t");
      let names = 0;
      // The first cell's name wrapped inside its legal form ("Brühstedt Systeme UG" over "(haftungsbeschränkt)") or before
      // its trade words (see stackedName).
      const below = (lineText(page, top[i + 1] ?? l).split("\t")[0] ?? "").trim();
      parts.forEach((part, k) => {
        const text = clean(k === 0 && top[i + 1] && (completesLegalForm(part, below) || stackedName(part, below)) ? `${part.trimEnd()} ${below}` : part);
        const lead = part.length - part.trimStart().length;
        if (!inRecipientBlock(l, offset, offset + part.length) && !notAName(part) && text.length >= 2) {
          out.push({ name: "issuer", page: page.page, start: offset + lead, end: offset + part.trimEnd().length, value: text, score: nameScore(text, i, l, domains) - 0.02 });
          names += 1;
        }
        offset += part.length + 1;
      });
      // OCR puts column gaps inside a name printed with wide spacing or in two sizes ("FIVE⇥STAR CASH⇥CARRY"):
      // a row whose every part could be a name, only the last with a legal form, is also the one name they make.
      const filled = parts.filter((p) => p.trim() !== "");
      if (page.source === "ocr" && filled.length >= 2 && names === filled.length && filled.slice(0, -1).every((p) => !LEGAL_FORM.test(fixLegalForm(p)))) {
        const joined = raw.replace(/\s+/g, " ").trim();
        const text = clean(joined);
        if (joined.split(" ").length <= 6 && !notAName(joined) && text.length >= 2) {
          const lead = raw.length - raw.trimStart().length;
          out.push({ name: "issuer", page: page.page, start: l.start + lead, end: l.start + raw.trimEnd().length, value: text, score: nameScore(text, i, l, domains) + layoutBonus(l, l) });
        }
      }
      return;
    }
    // A line that closes a parenthesis the line above left open continues it ("… (SETIA" / "ALAM) SDN BHD"); a
    // bracket OCR lost inside the line ("BAKERIES RL ) SDN BHD") does not make it a continuation.
    const above = i > 0 ? lineText(page, top[i - 1] as PageLine) : "";
    const continues = (raw.match(/\)/g)?.length ?? 0) > (raw.match(/\(/g)?.length ?? 0) && (above.match(/\(/g)?.length ?? 0) > (above.match(/\)/g)?.length ?? 0);
    if (inRecipientBlock(l, l.start, l.end) || notAName(raw) || continues || isStreetLine(page, l)) return;
    // A line of a word or two between the street and the phone line ("Paseo del Prado 12" / "Castellon" / "Telefono …")
    // is the address's town.
    const prev = i > 0 ? lineText(page, top[i - 1] as PageLine) : "";
    const next = top[i + 1] ? lineText(page, top[i + 1] as PageLine) : "";
    if (/^\s*\p{L}+(?:[\s-]\p{L}+)?\s*$/u.test(raw) && !LEGAL_FORM.test(raw) && (ADDRESS.test(prev) || COMPOUND_STREET.test(prev)) && CONTACT.exec(next.trim())?.index === 0) return;
    let start = l.start;
    let end = l.end;
    let last = l;
    /** Offsets (in the page text) of an "&" that OCR read as "3" or "8" at the start of a continuation line. */
    const ampersands: number[] = [];
    // A name wrapped over two lines: the next line is a bare legal form or continues an open parenthesis.
    for (let k = i + 1; k <= i + 2; k += 1) {
      const next = top[k];
      if (!next) break;
      const sofar = page.text.slice(l.start, end);
      const nt = lineText(page, next).trim();
      const open = (sofar.match(/\(/g)?.length ?? 0) > (sofar.match(/\)/g)?.length ?? 0);
      const misreadAmpersand = page.source === "ocr" && /^[38]\s+\p{L}{2}/u.test(nt) && LEGAL_FORM.test(fixLegalForm(nt)) && !LEGAL_FORM.test(sofar);
      if (!(open || misreadAmpersand || completesLegalForm(sofar, nt) || /[&(-]\s*$/.test(sofar) || /^(?:&|(?:\)|\(?m\)?\s*sdn|sdn\.?\s*bhd|bhd|berhad|ltd|limited|gmbh|b\.?v\.?|inc)\b)/i.test(nt) || operatorFormOnly(fixLegalForm(nt)) || stackedName(sofar, nt))) break;
      if (misreadAmpersand) ampersands.push(next.start + (lineText(page, next).length - lineText(page, next).trimStart().length));
      end = next.end;
      last = next;
    }
    const joined = [...page.text.slice(start, end)].map((ch, j) => (ampersands.includes(start + j) ? "&" : ch)).join("");
    const text = clean(joined);
    if (text.length < 2) return;
    let score = nameScore(text, i, l, domains) + layoutBonus(l, last);
    // A line that starts with "&" (OCR: "3", "8") continues the name on the line above; it does not start one.
    // So does a line of trade words and a legal form under a name it completes (see stackedName).
    if (/^\s*&/.test(raw) || (page.source === "ocr" && /^\s*[38]\s+\p{L}{2}/u.test(raw) && i > 0) || stackedName(above.split("\t")[0] ?? "", raw.trim())) score -= 0.2;
    start = l.start + (page.text.slice(l.start, end).length - page.text.slice(l.start, end).trimStart().length);
    out.push({ name: "issuer", page: page.page, start, end, value: text, score });
  });
  // The company's name printed again lower down with its outlet after it: the first, shorter printing is the name.
  for (const c of out) {
    if (out.some((o) => o.start < c.start && isBranchOf(c.value, o.value))) c.score -= 0.15;
  }
  out.push(...spelledOutLogo(page, top, out));
  return out;
}

/**
 * A logo set one word per line ("WHOLE" / "FOODS") is the brand a top line below spells out in plain type, often
 * with its outlet after a dash ("WHOLE FOODS MARKET - WESTPORT, CT 06880"): that name, read twice, is the merchant,
 * scored above the logo's pieces. Needs two or more such lines, each one or two words of letters, the later line
 * opening with their words in order and naming more than they do.
 */
function spelledOutLogo(page: PageModel, top: readonly PageLine[], found: readonly PartyCandidate[]): PartyCandidate[] {
  const letters = (t: string): string => t.toUpperCase().replace(/[^\p{L}]/gu, "");
  const piece = (l: PageLine): boolean => /^\s*\p{L}+(?:\s+\p{L}+)?\s*$/u.test(lineText(page, l)) && letters(lineText(page, l)).length >= 2;
  const out: PartyCandidate[] = [];
  for (let i = 0; i + 1 < top.length; i += 1) {
    let k = i;
    while (k < top.length && piece(top[k] as PageLine)) k += 1;
    if (k - i < 2) continue;
    const stacked = top.slice(i, k).map((l) => letters(lineText(page, l))).join("");
    for (const l of top.slice(k, k + 3)) {
      const raw = lineText(page, l);
      const part = raw.split(SENDER_LINE_SEPARATOR)[0]?.split("\t")[0] ?? "";
      const name = clean(part);
      if (!letters(name).startsWith(stacked) || letters(name).length <= stacked.length || notAName(name)) continue;
      const best = Math.max(...found.filter((c) => c.start >= (top[i] as PageLine).start && c.start < (top[k - 1] as PageLine).end).map((c) => c.score));
      if (!Number.isFinite(best)) continue;
      const start = l.start + (raw.length - raw.trimStart().length);
      out.push({ name: "issuer", page: page.page, start, end: l.start + part.trimEnd().length, value: name, score: best + 0.1 });
      return out;
    }
    i = k - 1;
  }
  return out;
}

/** A line that opens with a postcode and its town ("12345 Musterstadt", "D-12345 Musterstadt"). */
const POSTCODE_LINE = /^\W*(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}\p{L}/u;
/** A line that ends in a house number ("Am Markt 7", "Lange Reihe 12a", "Industriepark 3-5"). */
const HOUSE_NUMBER_END = /\p{L}{2,}\.?\s+\d{1,4}\s?[a-z]?(?:\s*[-–/]\s*\d{1,4}\s?[a-z]?)?\s*$/iu;

/**
 * True for the street of an address, whatever the street is called ("Am Markt 7", "Lange Reihe 12"): a line
 * ending in a house number directly above a line that opens with a postcode and town. Never a name, though no
 * street word says so.
 */
export function isStreetLine(page: PageModel, line: PageLine): boolean {
  // OCR may set the house number apart in a column of its own ("Am Markt⇥7").
  const text = lineText(page, line).replace(/\s+/g, " ").trim();
  if (!HOUSE_NUMBER_END.test(text) || LEGAL_FORM.test(text)) return false;
  const lines = linesOf(page);
  const next = lines.slice(lines.indexOf(line) + 1).find((l) => lineText(page, l).trim() !== "");
  return next !== undefined && next.box.y0 - line.box.y1 < 2 * (line.box.y1 - line.box.y0) && POSTCODE_LINE.test(lineText(page, next));
}

/** The parts of a window's return line: a sender line's separators, or a comma ("Name, Street, Postcode Town"). */
const RETURN_LINE_SEPARATOR = new RegExp(`${SENDER_LINE_SEPARATOR.source}|,\\s`);

/** A postcode with its town ("20457 Hamburg", "1015 AA Amsterdam", "75011 Paris", "A-1010 Wien", "SW1A 1AA"). */
const POSTCODE_TOWN = /(?:^|[\s,])(?:[A-Z]{1,2}-)?\d{4,5}\s+(?:[A-Z]{2}\s+)?\p{Lu}\p{L}+|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/u;

/**
 * The parties of a letter-style invoice that prints no recipient label: the
 * address block in the envelope window under the sender's return line, a
 * small-print "Name · Street · Postcode Town" (DIN 5008 and its neighbours).
 * The first name-like line under it, in its column, is the recipient; the
 * return line's name, an issuer candidate when `sender` is set (not on a
 * receipt, whose small print under its logo is the outlet's address).
 */
export function windowParties(page: PageModel, { sender }: { sender: boolean }): PartyCandidate[] {
  if (page.page !== 1) return [];
  const lines = linesOf(page).filter((l) => lineText(page, l).trim() !== "");
  const heights = lines.map((l) => l.box.y1 - l.box.y0).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0.01;
  for (const [i, l] of lines.entries()) {
    if (l.box.y0 > 0.45) break;
    const text = lineText(page, l);
    const small = l.box.y1 - l.box.y0 < 0.9 * median;
    const separated = text.split(RETURN_LINE_SEPARATOR).length >= 3;
    if (!small || !separated || !POSTCODE_TOWN.test(text)) continue;
    // The block under the return line, in its column.
    const below = lines.slice(i + 1, i + 5).filter((b) => Math.abs(b.box.x0 - l.box.x0) < 0.05 && b.box.y0 - l.box.y1 < 0.1);
    // The address's salutation line ("Firma", "Herrn", "Attn:") stands above the name.
    const first = below.find((b) => !SALUTATION_LINE.test(lineText(page, b).split("\t")[0] ?? ""));
    if (!first) continue;
    const raw = lineText(page, first).split("\t")[0] ?? "";
    const value = clean(raw);
    if (notAName(raw) || value.length < 2) continue;
    const lead = raw.length - raw.trimStart().length;
    const out: PartyCandidate[] = [{ name: "recipient", page: page.page, start: first.start + lead, end: first.start + raw.trimEnd().length, value, score: 0.5 }];
    // The return line names its sender before the first separator ("Acme GmbH - Hauptstr. 1 - 12345 Berlin"): the
    // issuer, where the letterhead is a logo (a name without digits, not the recipient's).
    if (!sender) return out;
    const senderRaw = text.split(RETURN_LINE_SEPARATOR)[0] ?? "";
    const senderName = clean(senderRaw);
    if (senderName.length >= 2 && !/\d/.test(senderName) && !notAName(senderRaw) && senderName !== value) {
      const senderLead = senderRaw.length - senderRaw.trimStart().length;
      out.push({ name: "issuer", page: page.page, start: l.start + senderLead, end: l.start + senderRaw.trimEnd().length, value: senderName, score: 0.55 });
    }
    return out;
  }
  return [];
}

/** Registration data a company prints beside its name in a footer: VAT id, register entry, bank account. */
const COMPANY_DATA = /\b(?:vat|btw|tva|iva|ust|mwst|gst|uid|hrb|hra|kvk|coc|siret|siren|rcs|registered|company\s+(?:no|number|reg)|iban|bic|swift|geschäftsführer|managing\s+director|directeur|amtsgericht|handelsregister)\b/iu;
/** Segments that name a bank or an account, not the issuer. */
const BANK = /\b(?:\p{L}*bank|sparkasse|bankverbindung|iban|bic|swift|konto|account|rekening)\b/iu;

/**
 * Issuer candidates from the footer: many invoices print the letterhead as a
 * logo and the company's name only at the foot of the page, with its legal
 * form beside its VAT id, register entry or bank account ("Northwind GmbH |
 * Geschäftsführer: … | USt-IdNr. DE…"). The name is the segment of the footer
 * line that carries the legal form (segments are split at "|", "·", " - ",
 * ","), cut after the legal form. Scored below a letterhead name with a legal
 * form, above a plain top line. The footer is the page's last fifth, or below
 * `from` (a share of the page's height): a till receipt prints its operator
 * after the payment, above a fiscal block and a code that can fill the rest.
 * A page whose text ends above `from` (an invoice printed from HTML, where the
 * footer follows the totals rather than sitting at the page's foot) has its
 * footer in the same share of the text's own height instead.
 */
export function footerIssuers(page: PageModel, allText: string, from = 0.8): PartyCandidate[] {
  const lines = linesOf(page).filter((l) => l.box.y0 > footerTop(page, from));
  const domains = domainWords(allText);
  const out: PartyCandidate[] = [];
  lines.forEach((l, i) => {
    const raw = lineText(page, l);
    let offset = 0;
    for (const part of raw.split(/(\s*[|·•\t]\s*|\s+-\s+|,\s+)/u)) {
      const at = offset;
      offset += part.length;
      const m = LEGAL_FORM.exec(part);
      // An amount or a rate is a summary row ("Total 6% supplies (Inc. GST)"), not a company's imprint.
      if (!m || m.index === undefined || BANK.test(part) || /%|\d[.,]\d{2}(?!\d)/.test(part)) continue;
      // A registered branch after the legal form ("…, Sucursal en España") runs on past the split at its comma.
      const formEnd = at + m.index + m[0].length;
      const branch = BRANCH_AFTER_FORM.exec(raw.slice(formEnd))?.[0] ?? "";
      const head = raw.slice(at, formEnd + branch.length);
      const lead = head.length - head.trimStart().length;
      let name = clean(head);
      let from = l.start + at + lead;
      // "Holding GmbH & Co. KG" under "Wiesel SB-Warenhaus": the legal form wrapped from the line above.
      const prev = lines[i - 1];
      const prevText = prev ? lineText(page, prev).trim() : "";
      if (prev && at === 0 && operatorFormOnly(name) && prevText !== "" && !LEGAL_FORM.test(prevText) && !notAName(prevText)) {
        name = clean(`${prevText} ${head.trim()}`);
        from = prev.start + (lineText(page, prev).length - lineText(page, prev).trimStart().length);
      }
      const words = name.split(/\s+/).length - (branch === "" ? 0 : branch.trim().split(/\s+/).length);
      if (name.replace(LEGAL_FORM, "").replace(/[^\p{L}]/gu, "").length < 2 || words > 6 || notAName(name) || /:/.test(head)) continue;
      const near = [lines[i - 1], l, lines[i + 1]].some((x) => x !== undefined && COMPANY_DATA.test(lineText(page, x)));
      const lower = name.toLowerCase().replace(/[^a-z0-9]/g, "");
      const score = 0.5 + (near ? 0.1 : 0) + (domains.some((d) => lower.includes(d)) ? 0.15 : 0);
      out.push({ name: "issuer", page: page.page, start: from, end: l.start + at + head.trimEnd().length, value: name, score });
      return;
    }
    const plain = plainFooterName(page, l, lines[i + 1]);
    if (plain) out.push(plain);
  });
  return out;
}

/** A Nordic organisation number's label opening a cell ("Org: 556999-3271", "Org.nr: …", "Organisationsnummer …"). */
const ORG_NUMBER = /^\s*org(?:\.?\s*nr\.?|\.?\s*no\.?|anisationsnummer|anisasjonsnummer)?\s*[:.]?\s*\d/iu;
/** A street and house number opening an address cell ("Surbrunnsgatan 34, 113 48 Stockholm", "Hauptstraße 12"). */
const STREET_CELL = /^\p{L}[\p{L}.'-]+(?:\s+\p{L}[\p{L}.'-]+){0,3}\s+\d{1,4}\s?[a-z]?(?:,|$)/u;

/**
 * A name without a legal form opening a footer line whose other cells hold the company's registration data, right
 * over its address ("Naprapatlandslaget⇥Org: 556999-3271⇥E-post: …" over "Surbrunnsgatan 34, 113 48 Stockholm"): the
 * imprint of a sole trader, an association or a firm that prints no legal form. Scored under a footer name with a
 * legal form, over a plain top line.
 */
function plainFooterName(page: PageModel, line: PageLine, next: PageLine | undefined): PartyCandidate | null {
  const raw = lineText(page, line);
  const cells = raw.split("\t");
  const name = cells[0]?.trim() ?? "";
  if (cells.length < 2 || next === undefined || !/^\p{L}[\p{L}&.' -]*$/u.test(name) || name.split(/\s+/).length > 5) return null;
  if (BANK.test(name) || notAName(name) || !cells.slice(1).some((c) => COMPANY_DATA.test(c) || ORG_NUMBER.test(c))) return null;
  const address = lineText(page, next).split("\t")[0]?.trim() ?? "";
  if (!STREET_CELL.test(address) && !POSTCODE_LINE.test(address)) return null;
  const lead = raw.length - raw.trimStart().length;
  return { name: "issuer", page: page.page, start: line.start + lead, end: line.start + lead + name.length, value: name, score: 0.4 };
}

/**
 * Where a page's footer starts, as a share of the page's height: `from`, or, when the page's text ends above
 * `from`, the same share of the height the text spans.
 */
export function footerTop(page: PageModel, from: number): number {
  const lines = linesOf(page).filter((l) => lineText(page, l).trim() !== "");
  if (lines.length === 0) return from;
  const top = Math.min(...lines.map((l) => l.box.y0));
  const bottom = Math.max(...lines.map((l) => l.box.y1));
  return bottom < from ? top + from * (bottom - top) : from;
}

/**
 * A short name line over a line that completes it with a trade word and a legal
 * form: "WESTERN EASTERN" / "STATIONERY SDN. BHD", "LAVENDER" / "CONFECTIONERY
 * & BAKERY S/B". A second line that is a full name of its own ("GH
 * DISTRIBUTOR & MARKETING SDN BHD" under a brand) does not start with a trade word.
 */
function stackedName(first: string, next: string): boolean {
  if (LEGAL_FORM.test(first)) return false;
  const at = next.search(LEGAL_FORM);
  if (at <= 0) return false;
  const head = next.slice(0, at).trim();
  const words = first.trim().split(/\s+/).length;
  // A second line of trade words alone names no company by itself: it goes on from a longer first line.
  if (GENERIC_HEAD.test(head)) return words <= 6;
  return words <= 3 && head.split(/\s+/).length <= 3 && (TRADE_HEAD.test(head) || misreadTradeHead(head));
}

/**
 * A legal-form line's head made of trade words and "and" alone: "SANAYİ VE TİCARET LİMİTED ŞİRKETİ" (Turkish
 * "industry and trade", as nearly every Turkish company's registered name runs), "TRADING & SERVICES SDN BHD". The
 * distinctive part of the name is on the line above.
 */
const GENERIC_HEAD = new RegExp(String.raw`^(?:(?:${TRADE_WORD.source}|sanay[iİı]i?|t[iİı]caret|ve|and|&)(?:\s+|$))+$`, "iu");

/** Long trade words, which OCR splits or garbles by a letter or two ("ST TIONERY", "STAITONERY"). */
const LONG_TRADE_WORDS = ["STATIONERY", "CONFECTIONERY", "ENTERPRISE", "ENTERPRISES", "HARDWARE", "SUPERMARKET", "MINIMARKET", "PERNIAGAAN", "RESTAURANT", "ELECTRICAL", "INDUSTRIES", "HOLDINGS", "SOLUTIONS", "SERVICES", "TRADING", "BOOKSTORE", "PHARMACY"];

/**
 * True when a stacked name's second line opens with a long trade word as OCR
 * misread it: its first one or two words, spaces closed up, within two edits
 * (a transposition counts two) of the word.
 */
function misreadTradeHead(head: string): boolean {
  const words = head.toUpperCase().split(/\s+/);
  const tries = [words[0] ?? "", words.slice(0, 2).join("")];
  return tries.some((t) => t.length >= 7 && LONG_TRADE_WORDS.some((w) => Math.abs(w.length - t.length) <= 2 && editDistance(t, w) <= 2));
}

/** Score of a letterhead name from its rank among the top lines, legal form or trade word, the document's domains and height on the page. */
function nameScore(text: string, rank: number, line: PageLine, domains: readonly string[]): number {
  let score = 0.42 - 0.04 * rank;
  if (LEGAL_FORM.test(text)) score += 0.3;
  else if (TRADE_WORD.test(text)) score += 0.1;
  const lower = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (domains.some((d) => lower.includes(d))) score += 0.25;
  if (line.box.y0 > 0.35) score -= 0.2;
  return score;
}

/** Mail and social-media hosts: an address or page there says nothing about whose receipt it is. */
const GENERIC_HOST = /^(?:g?mail|googlemail|gmx|web|yahoo|hotmail|outlook|live|icloud|aol|t-online|freenet|orange|wanadoo|free|libero|facebook|instagram|twitter|youtube|tiktok|linkedin|google|wa|bit)$/i;

/**
 * The shop's brand as its web or e-mail domain names it, with where it is
 * printed: the label before the top-level domain of each `www.…`, `https://…`
 * or `…@…` address ("nordkauf" from "www.nordkauf.de", "service@nordkauf.de"), each once; the dot before a
 * common top-level domain may be OCR's comma ("service@nordkauf,de"), and OCR may set a `www.` address's one label
 * apart by spaces ("www. NORDKAUF .de").
 */
export function brandDomains(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:@|www\.|https?:\/\/(?:www\.)?)(?:[a-z0-9-]+\.)*?([a-z0-9][a-z0-9-]{1,40})(?:\.[a-z]{2,6}|,(?:de|com|net|org|eu|at|ch|nl))(?![a-z0-9-])|www\. ([a-z0-9][a-z0-9-]{1,40}) ?\.[a-z]{2,6}(?![a-z0-9-])/gi)) {
    const label = m[1] ?? m[2] ?? "";
    if (!GENERIC_HOST.test(label) && label.replace(/[^a-z]/gi, "").length >= 2) out.add(label);
  }
  return [...out];
}

/**
 * A domain label with the umlauts it writes as "ae", "oe", "ue" ("gruenfeld" → "grünfeld"), lower case; not after a
 * vowel or "q", where the letters are their own ("bauer", "quelle", "neue").
 */
export function withUmlauts(label: string): string {
  return label.toLowerCase().replace(/(?<![aeiouäöüq])ae/g, "ä").replace(/(?<![aeiouäöüq])oe/g, "ö").replace(/(?<![aeiouäöüq])ue/g, "ü");
}

/** `label` written as `printed` is: upper case when it is, else capitalised. */
function inCaseOf(label: string, printed: string): string {
  const letters = printed.replace(/[^\p{L}]/gu, "");
  if (letters !== "" && letters === letters.toUpperCase()) return label.toUpperCase();
  return label.charAt(0).toUpperCase() + label.slice(1).toLowerCase();
}

/**
 * Issuer candidates of a receipt from its web or e-mail domain: a till whose
 * brand is a logo OCR could not read still prints `www.<brand>.de` or an
 * e-mail address at the brand's domain. A short line near the top that OCR
 * read as nearly the domain's label ("NORDKALF" beside "www.nordkauf.de") is
 * the logo, read with the domain's spelling; otherwise the label itself, a
 * fallback below any printed name.
 */
export function domainIssuers(page: PageModel, allText: string): PartyCandidate[] {
  const domains = brandDomains(allText);
  if (domains.length === 0) return [];
  const out: PartyCandidate[] = [];
  const top = linesOf(page).filter((l) => lineText(page, l).trim() !== "").slice(0, 10);
  for (const label of domains) {
    const key = label.toLowerCase().replace(/-/g, "");
    if (key.length < 3) continue;
    // A top line whose one word is nearly the label (a logo OCR misread by a letter or two).
    let matched = false;
    if (page.page === 1 && page.source === "ocr" && key.length >= 4) {
      for (const [i, l] of top.entries()) {
        const raw = lineText(page, l).trim();
        const words = raw.split(/\s+/);
        if (words.length > 3 || neverAName(raw)) continue;
        const w = words.find((x) => {
          const k = x.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
          return k !== key && Math.abs(k.length - key.length) <= 1 && editDistance(k, key) <= Math.max(1, Math.floor(key.length / 4));
        });
        if (!w) continue;
        const at = l.start + lineText(page, l).indexOf(w);
        // A logo OCR read without its umlaut ("KORNMUHLE" beside "kornmuehle.de") is spelt with it.
        const k = w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
        const umlauts = withUmlauts(label);
        const spelt = umlauts !== label.toLowerCase() && !/[äöü]/.test(k) && editDistance(k, umlauts) <= 1 ? umlauts : label;
        out.push({ name: "issuer", page: page.page, start: at, end: at + w.length, value: inCaseOf(spelt, w), score: 0.62 - 0.02 * i });
        matched = true;
        break;
      }
    }
    if (matched) continue;
    // The label as printed in the address on this page.
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = new RegExp(`(?:@|www\\.|//|\\.)(${escaped})\\.[a-z]{2,6}(?![a-z0-9-])|www\\. (${escaped}) ?\\.[a-z]{2,6}(?![a-z0-9-])`, "i").exec(page.text);
    if (!m || m.index === undefined) continue;
    const start = m.index + m[0].indexOf((m[1] ?? m[2]) as string);
    out.push({ name: "issuer", page: page.page, start, end: start + label.length, value: inCaseOf(label, ""), score: 0.3 });
  }
  return out;
}

/**
 * Where a till thanks or welcomes its customers by the shop's name ("Vielen
 * Dank für Ihren Einkauf bei Nordkauf", "Thank you for shopping at Acme Mart",
 * "Willkommen im Nordkauf", "Ihr Nordkauf-Team"): the name after the phrase.
 * Receipts whose brand is a logo OCR cannot read print it here in plain type.
 */
const THANKS_BY_NAME: readonly RegExp[] = [
  /(?:einkauf|besuch|vertrauen)\s+(?:bei|im|in\s+(?:der|ihrem|ihrer))\s+(?<name>.+)$/iu,
  // "Welcome to the family", "Welcome to our store": a slogan after an article or pronoun, not a name.
  /(?:willkommen|welcome)\s+(?:bei|im|to|at|in)\s+(?!(?:the|our|your|a|an|unserem|unserer|ihrem|ihrer)\s)(?<name>.+)$/iu,
  /(?:thank\s*you|thanks)\s+for\s+(?:shopping|dining|visiting|choosing)\s+(?:at|with|in)\s+(?<name>.+)$/iu,
  // "Ihr Nordkauf-Team", also after the thanks on the same line ("Vielen Dank, Ihr Nordkauf Team").
  /(?:^\W*|[,;!.]\s+)ihr(?:e)?\s+(?<name>\p{L}[\p{L}\p{N}&' ]{1,30}?)[\s-]*(?:team|markt)\W*$/iu,
  // "Nordkauf sagt Danke!"
  /^\W*(?<name>\p{L}[\p{L}\p{N}&'-]*(?:\s+\p{L}[\p{L}\p{N}&'-]*)?)\s+sagt\s+danke\b/iu,
];
/** Words that are not a shop's name ("bei uns", "im Markt", "with us"). */
const NOT_A_SHOP = /^(?:uns|us|ihnen|you|unserem?\b.*|our\b.*|diesem?\b.*|this\b.*|markt|filiale|store|shop|the\s+store)$/iu;

/**
 * Issuer candidates from a thank-you or welcome line that names the shop (see
 * {@link THANKS_BY_NAME}); weaker than a letterhead name with a legal form,
 * stronger than an illegible logo.
 */
export function greetingIssuers(page: PageModel, allText: string): PartyCandidate[] {
  const domains = domainWords(allText);
  const out: PartyCandidate[] = [];
  for (const l of linesOf(page)) {
    const raw = lineText(page, l);
    for (const re of THANKS_BY_NAME) {
      const m = re.exec(raw);
      const name = m?.groups?.name;
      if (!m || name === undefined) continue;
      const value = name.replace(/[!.,:;*~]+\s*$/u, "").replace(/\s+/g, " ").trim();
      const words = value.split(" ");
      if (words.length > 4 || value.replace(/[^\p{L}]/gu, "").length < 2 || NOT_A_SHOP.test(value) || notAName(value)) continue;
      const at = l.start + raw.lastIndexOf(name);
      const lower = value.toLowerCase().replace(/[^a-z0-9]/g, "");
      out.push({ name: "issuer", page: page.page, start: at, end: at + value.length, value, score: 0.4 + (domains.some((d) => lower.includes(d)) ? 0.15 : 0) });
      break;
    }
  }
  return out;
}

/**
 * A till's loyalty card or app named for the shop ("Nordkauf Plus App", "Nordkaufcard Punkte: 120", "Mit der
 * Nordkauf App sparen", "Mit Nordkauf Plus gespart"): the name before "card", "App" or "Plus".
 */
const LOYALTY_BY_NAME: readonly RegExp[] = [
  /^\W*(?:jetzt\s+)?(?:mit\s+(?:der\s+)?)?(?<name>\p{L}[\p{L}\p{N}&'-]{1,24}?)[\s-]*(?:card|karte)\b/iu,
  /^\W*(?:jetzt\s+)?(?:mit\s+(?:der\s+)?)?(?<name>\p{L}[\p{L}\p{N}&'-]{1,24})\s+(?:plus\b|app\b)/iu,
];
/**
 * Payment and loyalty schemes, and the card's own kind: a card or app named for them is not the shop's
 * ("girocard", "Mastercard", "DeutschlandCard", "PAYBACK App", "Kundenkarte").
 */
const NOT_A_SHOP_CARD = /^(?:giro|master|maestro|visa|v\s?pay|ec|debit|credit|kredit|bank|spar|geld|deutschland|payback|kunden|geschenk|gift|bonus|punkte|pay|apple|google|amex|american\s+express|diners|union\s*pay|jcb|karten?|member|loyalty|reward|rewards|points|club|vip|privilege|prepaid|touch|store|die|der|ihre?|unsere?|the|your)$/iu;

/** The town of the page's postcode lines ("50823 Köln" → "köln"). */
function postcodeTowns(page: PageModel): Set<string> {
  return new Set(linesOf(page).flatMap((l) => {
    const m = /(?:^|\s)(?:[A-Z]{1,2}-)?\d{4,5}\s+(\p{Lu}\p{L}+)/u.exec(lineText(page, l));
    return m?.[1] ? [m[1].toLowerCase()] : [];
  }));
}

/**
 * The shop's name on its outlet's line: before the branch's number ("Nordkauf Filiale 3923", "Nordkauf Markt 12")
 * or between the label and the outlet's town ("Filiale: Nordkauf Bremen", "Ihr Nordkauf in Bremen"), the town one
 * of the page's postcode lines names. Null for a line that is not such.
 */
export function branchLineName(line: string, towns: ReadonlySet<string>): string | null {
  const t = line.replace(/\s+/g, " ").trim();
  const numbered = /^(?<name>\p{L}[\p{L}\p{N}&'.-]*(?:\s+\p{L}[\p{L}\p{N}&'.-]*)?)\s+(?:filiale|fil\.|markt|store|branch)(?:[\s.:-]*(?:nr\.?|no\.?))?[\s.:-]*\d{1,6}$/iu.exec(t);
  const placed = /^(?:filiale|markt|ihr(?:e)?)[\s.:-]+(?<name>\p{L}[\p{L}\p{N}&'.-]*(?:\s+\p{L}[\p{L}\p{N}&'.-]*)?)\s+(?:in\s+)?(?<town>\p{L}+)$/iu.exec(t);
  const name = numbered?.groups?.name ?? (placed?.groups?.town && towns.has(placed.groups.town.toLowerCase()) ? placed.groups.name : undefined);
  if (name === undefined || name.replace(/[^\p{L}]/gu, "").length < 2 || notAName(name) || /^(?:filiale|markt|fil)\b/iu.test(name)) return null;
  return name;
}

/**
 * Issuer candidates of a receipt from the lines that print the shop's name in plain type where its brand is a
 * picture logo: the outlet's line (see {@link branchLineName}) and a loyalty card or app named for the shop (see
 * {@link LOYALTY_BY_NAME}). As strong as a thank-you line that names the shop ({@link greetingIssuers}).
 */
export function brandLineIssuers(page: PageModel, allText: string): PartyCandidate[] {
  const domains = domainWords(allText);
  const towns = postcodeTowns(page);
  const out: PartyCandidate[] = [];
  for (const l of linesOf(page)) {
    const raw = lineText(page, l);
    let name = branchLineName(raw, towns);
    if (name === null) {
      for (const re of LOYALTY_BY_NAME) {
        const n = re.exec(raw.trim())?.groups?.name;
        if (n === undefined || NOT_A_SHOP_CARD.test(n) || n.replace(/[^\p{L}]/gu, "").length < 3 || notAName(n) || neverAName(n)) continue;
        name = n;
        break;
      }
    }
    if (name === null) continue;
    const at = l.start + raw.indexOf(name);
    const lower = name.toLowerCase().replace(/[^a-z0-9]/g, "");
    out.push({ name: "issuer", page: page.page, start: at, end: at + name.length, value: name, score: 0.4 + (domains.some((d) => lower.includes(d)) ? 0.15 : 0) });
  }
  return out;
}

/**
 * The company whose address block ends at the text offset `at`: walking up from `at`'s line in its column (the
 * part of each row from the same left edge, rows a little apart at most), through street, town and attention lines,
 * to the first part with a legal form — the block's name ("Haverveld Installatietechniek GmbH" over "Zu Händen …",
 * "Terloostraat 82", "58508 Hoogdam", "USt-IdNr.: DE…"). Null when no name with a legal form heads the column within
 * six rows.
 */
export function blockCompany(page: PageModel, at: number): string | null {
  for (const part of columnWalk(page, at, { rows: 6, gap: 1.5, left: 0.01, right: 0.01 }, -1)) if (LEGAL_FORM.test(part)) return part.trim();
  return null;
}

/**
 * The company a table row names beside the tax id at the text offset `at`: the row's first cell is a name with a legal
 * form and nothing else, and the tax id stands in the next cell ("NUTRIGEL DISTRIBUIDORA LTDA⇥00.995.044/0001-07⇥17/01/2025"
 * under "RAZÃO SOCIAL⇥CNPJ / CPF⇥DATA DE EMISSÃO": a form's box of one party's data). Null otherwise.
 */
export function rowCompany(page: PageModel, at: number): string | null {
  const line = linesOf(page).find((l) => at >= l.start && at < l.end);
  if (!line) return null;
  const cells = page.text.slice(line.start, at).split("\t");
  if (cells.length !== 2) return null;
  const [name = "", label = ""] = cells;
  // Only a label may stand before the number in its own cell ("CNPJ: 00.995.044/0001-07"), no other value.
  if (/\d/.test(label) || !LEGAL_FORM.test(name) || /\d/.test(name)) return null;
  return name.trim();
}

/** How far {@link columnWalk} walks: rows at most, the largest gap in line heights, the left edge's tolerance. */
interface ColumnWalk {
  rows: number;
  gap: number;
  /** How far left of the column's edge a row's first word may start (a heading set out to the left). */
  left: number;
  /** How far right of it. */
  right: number;
}

/** The left edge of the part of row `l` that holds `offset` (rows hold columns side by side, a tab apart). */
function partStart(page: PageModel, l: PageLine, offset: number): number {
  return l.start + lineText(page, l).slice(0, offset - l.start).lastIndexOf("\t") + 1;
}

/**
 * The parts of the rows above (`dir` -1) or below (1) the text offset `at` in its column, nearest first: each row's
 * part (up to its next tab) that starts at the column's left edge, while rows follow one another a little apart at
 * most. Stops at the first row with nothing at that edge.
 */
function* columnWalk(page: PageModel, at: number, walk: ColumnWalk, dir: -1 | 1): Generator<string> {
  const lines = linesOf(page).filter((l) => lineText(page, l).trim() !== "");
  const i = lines.findIndex((l) => at >= l.start && at < l.end);
  const line = lines[i];
  if (!line) return;
  const first = line.words.find((w) => w.start >= partStart(page, line, at));
  if (!first) return;
  const x0 = first.box.x0;
  const h = line.box.y1 - line.box.y0;
  let edge = dir < 0 ? line.box.y0 : line.box.y1;
  const rows = dir < 0 ? lines.slice(Math.max(0, i - walk.rows), i).reverse() : lines.slice(i + 1, i + 1 + walk.rows);
  for (const l of rows) {
    if ((dir < 0 ? edge - l.box.y1 : l.box.y0 - edge) > walk.gap * h) return;
    const w = l.words.find((x) => x.box.x0 > x0 - walk.left && x.box.x0 < x0 + walk.right);
    if (!w) return;
    edge = dir < 0 ? l.box.y0 : l.box.y1;
    yield page.text.slice(w.start, l.end).split("\t")[0] ?? "";
  }
}

/**
 * A customer-data label: the buyer's number with the seller ("Debiteurnummer", "Klantnummer", "Customer no.",
 * "Kundennummer", "N° client"). Not "Account no." (a bank account's, in the seller's footer too).
 */
const CUSTOMER_DATA_LABEL =
  /(?<![\p{L}\p{N}])(?:(?:customer|cust\.?|client|klant|debiteur(?:en)?|debitor(?:en)?|kunden?|kd\.?|relatie|cliente)[-\s]?(?:nummer|number|nr|no|id|code|#)(?![\p{L}])|num[ée]ro\s+(?:de\s+)?client|n[°º]\s*client|n[uú]mero\s+de\s+cliente|c[óo]digo\s+(?:de\s+)?cliente|code\s+client|codice\s+cliente)/iu;

/**
 * True when the text offset `at` stands in a block of the customer's data: a row of its column, up to three rows
 * above or below and a little apart at most, labels the customer's number ("Debiteurnummer : 120855" over
 * "Btw-nummer : NL…"). A tax id there is the customer's, printed for a reverse charge or by habit.
 */
export function customerDataBlock(page: PageModel, at: number): boolean {
  const line = linesOf(page).find((l) => at >= l.start && at < l.end);
  if (!line) return false;
  // A value in a column of its own right of its label ("Btw-nummer⇥: NL…"): the block's column is the label's.
  const cell = partStart(page, line, at);
  const anchor = cell > line.start && !/\p{L}/u.test(page.text.slice(cell, at)) ? partStart(page, line, cell - 1) : at;
  const walk = { rows: 3, gap: 1.5, left: 0.01, right: 0.01 };
  for (const dir of [-1, 1] as const) for (const part of columnWalk(page, anchor, walk, dir)) if (CUSTOMER_DATA_LABEL.test(part)) return true;
  return false;
}

/** A heading of the reader's own details ("Vos identifiants", "Your details", "Ihre Angaben"): the recipient's. */
const YOUR_DETAILS = /^(?:your|vos|votre|ihre?|uw|sus?|vostr[ie]|i\s+vostri)\s+(?:identifiants?|identifiers?|ids|details|donn[ée]es|coordonn[ée]es|angaben|daten|gegevens|datos|dati)\b/iu;

/** A recipient label that names no party heading ("Customer service", "Client number"). */
const NOT_A_PARTY_HEADING = /\b(?:service|care|support|hotline|portal|number|no|nr|id|account|ref\p{L}*)\b/iu;

/**
 * The other party whose block holds the text offset `at`: walking up its column (rows whose left edge is the
 * block's, or a little left of it for the heading; rows a little apart at most, sixteen at most) to the block's
 * heading. "recipient" under a short recipient heading ("Adresse du Client", "Bill to", "Kunde") or one of the reader's
 * own details ("Vos identifiants", "Your details"), "representative"
 * under a tax representative's ("Représentant fiscal", "Fiscal representative", "Fiskalvertreter"), or with that
 * heading before `at` on its own row. Null for a block with no such heading (the issuer's).
 */
export function otherPartyBlock(page: PageModel, at: number): "recipient" | "representative" | null {
  const line = linesOf(page).find((l) => at >= l.start && at < l.end);
  if (!line) return null;
  if (TAX_REPRESENTATIVE_LABEL.test(page.text.slice(partStart(page, line, at), at))) return "representative";
  // A value in a column of its own right of its label ("GSTIN/UIN⇥: 36…" under "Buyer (Bill to)"): the block's column
  // is the label's, as in customerDataBlock.
  const cell = partStart(page, line, at);
  const anchor = cell > line.start && !/\p{L}/u.test(page.text.slice(cell, at)) ? partStart(page, line, cell - 1) : at;
  for (const raw of columnWalk(page, anchor, { rows: 16, gap: 2.5, left: 0.03, right: 0.01 }, -1)) {
    const part = raw.trim();
    if (/\d/.test(part) || part.split(/\s+/).length > 4) continue;
    if (TAX_REPRESENTATIVE_LABEL.test(part)) return "representative";
    if ((RECIPIENT_LABEL.test(part) && !NOT_A_PARTY_HEADING.test(part)) || YOUR_DETAILS.test(part)) return "recipient";
  }
  return null;
}
