/**
 * The `html` family of synthetic invoices (`npm run eval:invoices -- --family html`): invoices written as HTML and
 * CSS and printed to PDF by Chromium, the way most web applications and invoicing tools make theirs. The other
 * families draw with pdf-lib's standard fonts; a browser's PDF is different underneath: embedded TrueType subsets
 * with a ToUnicode map, text runs split and placed by the layout engine (flex, grid, tables, right-aligned cells),
 * letter-spaced small capitals, and the content order the renderer chose. Layouts (`group`):
 * - `modern`: issuer's name and address top left, `INVOICE` and a label/value table top right, `Bill to`, an item
 *   table, a totals table at the right, a footer with the registration, bank and contact lines;
 * - `cards`: label above value in a grid (`INVOICE NUMBER` / `INV-0042`, `DATE OF ISSUE` / …, `AMOUNT DUE` / …), a
 *   `From` card (the issuer) beside a `To` card (the recipient), in either order;
 * - `letter`: a European business letter: the sender's line in small type over the recipient's window address,
 *   the issuer's name at the top right, an info block of label/value rows (number, date, customer number, order
 *   number), the title with the number, the items, the totals and a three-column footer (issuer, bank, registry);
 * - `paid`: a payment receipt: `Receipt from <issuer>`, `Amount paid`, `Date paid`, `Payment method`, `Receipt #`,
 *   a summary table.
 * Languages EN, DE, FR, NL with their number and date forms; issuers in US, GB, DE, FR, NL with legal forms, VAT ids
 * with valid check digits. Names are invented from syllables (no real company is named). Rendering needs Chromium
 * (`CHROMIUM_PATH`, default /usr/bin/chromium), as the browser tests do.
 *
 * Seeds from 10 on draw from a wider range (seeds below 10 print exactly what they printed before it was added, so
 * earlier measurements stay comparable):
 * - issuers in ES and IT (labels `Nº factura` / `Número de factura` / `Factura nº`, `Fecha de emisión`, `NIF`/`CIF`;
 *   `Numero fattura` / `Fattura n.`, `Data fattura`, `Partita IVA` / `P.IVA`; `1.234,56 €` / `€ 1.234,56`,
 *   `15 de marzo de 2024`, `15/03/2024`; S.L., S.A., S.L.U., S.r.l., S.p.A., S.r.l.s.; NIF/partita IVA with valid
 *   check digits as the European family prints them; series numbers `A-2024-0153`, `2024/0153`, `153/2024`) and a
 *   Malaysian English variant (Sdn. Bhd. / Bhd., `RM 1,234.56`, `SST (8%)`, an SST registration number
 *   `W10-1808-32000123` as the issuer's tax id, `Jalan …`, `Taman …`, states);
 * - `summary`: a statement: the issuer (its full name or only its first word as the brand) top left, `Invoice` over
 *   a bordered key/value box top right, the amount due big in a coloured banner (under the header or after the
 *   totals), a payment block (IBAN/BIC or account, the reference), and three columns of small print: the legal name
 *   and address, the registration (register, REA, KvK, company no.) and tax id, the contacts;
 * - `minimal`: a brand in big letters (the name without its legal form, its first word, or another word
 *   altogether, sometimes lower-cased), the labels as small-caps placeholders over their values in one row
 *   (number | date | due | total), the legal name only in the footer's small print. The truth is the legal name:
 *   it is the party that issued the invoice and owns the tax id, what a bookkeeper records; the scoring's
 *   `nameMatches` accepts the name without its legal form but not a lone first word or another brand.
 * The euro sign's side is drawn once per invoice there (below 10, each amount drew its own).
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { taxIdChecksum } from "../../src/extraction/fields/tax-id.checksums.js";
import { vatId as europeVatId } from "./invoices.ids.js";
import type { GeneratedTruth } from "./invoices.types.js";
import { GIVEN, stem, type Lang } from "./invoices.vocabulary.js";
import { Dice, rng } from "./invoices.pen.js";

type Code = "US" | "GB" | "DE" | "FR" | "NL" | "ES" | "IT" | "MY";
type HtmlLang = Extract<Lang, "en" | "de" | "fr" | "nl" | "es" | "it">;

interface Labels {
  invoice: string;
  invoiceNo: string;
  date: string;
  due: string;
  customerNo: string;
  orderNo: string;
  billTo: string;
  from: string;
  to: string;
  description: string;
  qty: string;
  unit: string;
  amount: string;
  subtotal: string;
  tax: (rate: number) => string;
  total: string;
  amountDue: string;
  page: string;
  bank: string;
  vat: string;
  /** Heading of the payment block (summary layout). */
  payment: string;
  /** The payment reference's label (summary layout). */
  reference: string;
  months: string[];
}

const L: Record<HtmlLang, Labels> = {
  en: {
    invoice: "Invoice",
    invoiceNo: "Invoice number",
    date: "Date of issue",
    due: "Due date",
    customerNo: "Customer ID",
    orderNo: "Order number",
    billTo: "Bill to",
    from: "From",
    to: "To",
    description: "Description",
    qty: "Qty",
    unit: "Unit price",
    amount: "Amount",
    subtotal: "Subtotal",
    tax: (r) => `VAT (${r}%)`,
    total: "Total",
    amountDue: "Amount due",
    page: "Page 1 of 1",
    bank: "Bank details",
    vat: "VAT number",
    payment: "Payment details",
    reference: "Payment reference",
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  },
  de: {
    invoice: "Rechnung",
    invoiceNo: "Rechnungsnummer",
    date: "Rechnungsdatum",
    due: "Fällig am",
    customerNo: "Kundennummer",
    orderNo: "Auftragsnummer",
    billTo: "Rechnungsempfänger",
    from: "Von",
    to: "An",
    description: "Beschreibung",
    qty: "Menge",
    unit: "Einzelpreis",
    amount: "Betrag",
    subtotal: "Zwischensumme",
    tax: (r) => `zzgl. ${r} % USt.`,
    total: "Gesamtbetrag",
    amountDue: "Zu zahlen",
    page: "Seite 1 von 1",
    bank: "Bankverbindung",
    vat: "USt-IdNr.",
    payment: "Zahlungsinformationen",
    reference: "Verwendungszweck",
    months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
  },
  fr: {
    invoice: "Facture",
    invoiceNo: "Numéro de facture",
    date: "Date de facturation",
    due: "Date d'échéance",
    customerNo: "N° client",
    orderNo: "N° de commande",
    billTo: "Facturé à",
    from: "De",
    to: "À",
    description: "Désignation",
    qty: "Qté",
    unit: "Prix unitaire",
    amount: "Montant",
    subtotal: "Total HT",
    tax: (r) => `TVA ${r} %`,
    total: "Total TTC",
    amountDue: "Net à payer",
    page: "Page 1 sur 1",
    bank: "Coordonnées bancaires",
    vat: "N° TVA intracommunautaire",
    payment: "Modalités de paiement",
    reference: "Référence à rappeler",
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  },
  nl: {
    invoice: "Factuur",
    invoiceNo: "Factuurnummer",
    date: "Factuurdatum",
    due: "Vervaldatum",
    customerNo: "Klantnummer",
    orderNo: "Ordernummer",
    billTo: "Factuuradres",
    from: "Van",
    to: "Aan",
    description: "Omschrijving",
    qty: "Aantal",
    unit: "Prijs",
    amount: "Bedrag",
    subtotal: "Subtotaal",
    tax: (r) => `BTW ${r}%`,
    total: "Totaal",
    amountDue: "Te betalen",
    page: "Pagina 1 van 1",
    bank: "Bankgegevens",
    vat: "BTW-nummer",
    payment: "Betaalgegevens",
    reference: "Betalingskenmerk",
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
  },
  es: {
    invoice: "Factura",
    invoiceNo: "Nº factura",
    date: "Fecha de emisión",
    due: "Fecha de vencimiento",
    customerNo: "Nº de cliente",
    orderNo: "Nº de pedido",
    billTo: "Facturar a",
    from: "De",
    to: "Para",
    description: "Concepto",
    qty: "Cant.",
    unit: "Precio unitario",
    amount: "Importe",
    subtotal: "Base imponible",
    tax: (r) => `IVA (${r} %)`,
    total: "Total",
    amountDue: "Importe total",
    page: "Página 1 de 1",
    bank: "Datos bancarios",
    vat: "NIF",
    payment: "Forma de pago",
    reference: "Concepto de la transferencia",
    months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
  },
  it: {
    invoice: "Fattura",
    invoiceNo: "Numero fattura",
    date: "Data fattura",
    due: "Scadenza",
    customerNo: "Codice cliente",
    orderNo: "Ordine n.",
    billTo: "Spett.le",
    from: "Da",
    to: "A",
    description: "Descrizione",
    qty: "Q.tà",
    unit: "Prezzo unitario",
    amount: "Importo",
    subtotal: "Imponibile",
    tax: (r) => `IVA ${r}%`,
    total: "Totale documento",
    amountDue: "Totale da pagare",
    page: "Pagina 1 di 1",
    bank: "Coordinate bancarie",
    vat: "Partita IVA",
    payment: "Modalità di pagamento",
    reference: "Causale",
    months: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
  },
};

/**
 * Label alternatives of the seeds from 10 on (drawn per invoice, so one language's invoices do not all say the
 * same): what Spanish and Italian tools print for the number, the date and the tax id, and the Malaysian English
 * variant's tax and registration words.
 */
const ALT: Partial<Record<HtmlLang, Partial<Record<"invoiceNo" | "date" | "vat" | "amountDue", string[]>>>> = {
  es: { invoiceNo: ["Nº factura", "Número de factura", "Factura nº", "Nº de factura"], date: ["Fecha de emisión", "Fecha factura", "Fecha"], vat: ["NIF", "CIF", "NIF/CIF", "N.I.F."], amountDue: ["Importe total", "Total a pagar", "Total factura"] },
  it: { invoiceNo: ["Numero fattura", "Fattura n.", "N. fattura", "Fattura N°"], date: ["Data fattura", "Data emissione", "Data documento", "Data"], vat: ["Partita IVA", "P.IVA", "P. IVA"], amountDue: ["Totale da pagare", "Totale documento", "Importo dovuto"] },
};
const MY_LABELS: Partial<Labels> = { tax: (r) => `SST (${r}%)`, vat: "SST No.", bank: "Bank details" };

interface HtmlCountry {
  code: Code;
  lang: HtmlLang;
  currency: "USD" | "GBP" | "EUR" | "MYR";
  forms: string[];
  rates: number[];
}

const COUNTRIES: Record<Code, HtmlCountry> = {
  US: { code: "US", lang: "en", currency: "USD", forms: ["Inc.", "LLC", "Corp."], rates: [0] },
  GB: { code: "GB", lang: "en", currency: "GBP", forms: ["Ltd", "Limited", "LLP"], rates: [20] },
  DE: { code: "DE", lang: "de", currency: "EUR", forms: ["GmbH", "UG (haftungsbeschränkt)", "AG", "GmbH & Co. KG"], rates: [19, 7] },
  FR: { code: "FR", lang: "fr", currency: "EUR", forms: ["SAS", "SARL", "SA"], rates: [20, 10] },
  NL: { code: "NL", lang: "nl", currency: "EUR", forms: ["B.V.", "BV"], rates: [21, 9] },
  ES: { code: "ES", lang: "es", currency: "EUR", forms: ["S.L.", "S.A.", "SL", "S.L.U."], rates: [21, 10] },
  IT: { code: "IT", lang: "it", currency: "EUR", forms: ["S.r.l.", "S.p.A.", "Srl", "S.r.l.s."], rates: [22, 10] },
  MY: { code: "MY", lang: "en", currency: "MYR", forms: ["Sdn. Bhd.", "Sdn Bhd", "Bhd."], rates: [8, 10] },
};

const TRADE: Record<HtmlLang, string[]> = {
  en: ["Studio", "Consulting", "Digital", "Design", "Software", "Works", "Partners"],
  de: ["Werkstatt", "Beratung", "Digital", "Technik", "Systeme", "Medien"],
  fr: ["Conseil", "Studio", "Services", "Numérique", "Solutions"],
  nl: ["Advies", "Studio", "Techniek", "Diensten", "Media"],
  es: ["Consultoría", "Estudio", "Servicios", "Digital", "Soluciones", "Sistemas"],
  it: ["Consulenze", "Studio", "Servizi", "Digitale", "Soluzioni", "Sistemi"],
};
const MY_TRADE = ["Trading", "Technology", "Engineering", "Enterprise", "Solutions", "Resources"];
const MY_PLACES = ["Petaling Jaya, Selangor", "Shah Alam, Selangor", "Kuala Lumpur", "Johor Bahru, Johor", "George Town, Pulau Pinang", "Ipoh, Perak"];

interface Party {
  name: string;
  /** The name without its legal form. */
  core: string;
  lines: string[];
  domain: string;
}

function party(dice: Dice, c: HtmlCountry, withForm = true): Party {
  const core = `${stem(dice.r, c.lang)} ${dice.pick(c.code === "MY" ? MY_TRADE : TRADE[c.lang])}`;
  const name = withForm ? `${core} ${dice.pick(c.forms)}` : core;
  const domain = `${core.toLowerCase().normalize("NFD").replace(/[^a-z]+/g, "")}.${{ US: "com", GB: "co.uk", DE: "de", FR: "fr", NL: "nl", ES: "es", IT: "it", MY: "com.my" }[c.code]}`;
  const town = stem(dice.r, c.lang);
  const no = dice.int(1, 180);
  const lines =
    c.code === "US"
      ? [`${no} ${stem(dice.r, "en")} Street`, `${town}, ${dice.pick(["CA", "NY", "TX", "WA"])} ${dice.digits(5)}`]
      : c.code === "GB"
        ? [`${no} ${stem(dice.r, "en")} Road`, town, `${dice.pick(["EC", "SW", "M", "LS"])}${dice.int(1, 20)} ${dice.int(1, 9)}AB`]
        : c.code === "DE"
          ? [`${stem(dice.r, "de")}straße ${no}`, `${dice.int(10000, 99999)} ${town}`]
          : c.code === "FR"
            ? [`${no} rue ${stem(dice.r, "fr")}`, `${dice.int(10000, 95999)} ${town}`]
            : c.code === "NL"
              ? [`${stem(dice.r, "nl")}straat ${no}`, `${dice.int(1000, 9999)} ${dice.pick(["AB", "KL", "CS"])} ${town}`]
              : c.code === "ES"
                ? [`${dice.pick(["Calle", "Avenida", "Paseo"])} ${stem(dice.r, "es")}, ${no}${dice.pick(["", ", 2º B", ", bajo"])}`, `${String(dice.int(1000, 52999)).padStart(5, "0")} ${town} (${dice.pick(["Madrid", "Barcelona", "Valencia", "Sevilla"])})`]
                : c.code === "IT"
                  ? [`${dice.pick(["Via", "Viale", "Corso"])} ${stem(dice.r, "it")}, ${no}`, `${String(dice.int(100, 98168)).padStart(5, "0")} ${town} (${dice.pick(["MI", "RM", "TO", "BO", "FI"])})`]
                  : [`No. ${no}, Jalan ${stem(dice.r, "en")} ${dice.int(1, 9)}/${dice.int(1, 20)}`, `Taman ${stem(dice.r, "en")}`, `${dice.int(10000, 98999)} ${dice.pick(MY_PLACES)}`];
  return { name, core, lines, domain };
}

/** The issuer's VAT id with valid check digits, as normalised and as printed (null for US issuers). */
function vatId(dice: Dice, c: Code): { id: string; printed: string } | null {
  if (c === "US") return null;
  // Spanish NIF/CIF and Italian partita IVA as the European family prints them (the NIF often without `ES`).
  if (c === "ES" || c === "IT") return europeVatId(dice, c);
  // Malaysian SST registration number (`W10-1808-32000123`): the issuer's tax registration where there is no VAT.
  if (c === "MY") {
    const printed = `${dice.pick(["W10", "B16", "J31"])}-${dice.int(1808, 2412)}-${dice.digits(8)}`;
    return { id: printed.replace(/-/g, ""), printed };
  }
  for (let tries = 0; tries < 10_000; tries += 1) {
    const body = c === "GB" ? dice.digits(9) : c === "DE" ? dice.digits(9) : c === "FR" ? `${String(dice.int(0, 96)).padStart(2, "0")}${dice.digits(9)}` : `${dice.digits(9)}B0${dice.int(1, 9)}`;
    const id = `${c}${body}`;
    if (taxIdChecksum(id) === false) continue;
    return { id, printed: c === "GB" && dice.chance(0.5) ? `GB ${body.slice(0, 3)} ${body.slice(3, 7)} ${body.slice(7)}` : id };
  }
  throw new Error(`no VAT id for ${c}`);
}

/** The registration line of a company's small print, per country. */
function registration(dice: Dice, c: Code): string {
  const town = stem(dice.r, c === "GB" || c === "US" || c === "MY" ? "en" : c === "DE" ? "de" : c === "FR" ? "fr" : c === "NL" ? "nl" : c === "ES" ? "es" : "it");
  if (c === "US") return `Incorporated in ${dice.pick(["Delaware", "California", "New York"])}`;
  if (c === "GB") return `Registered in England and Wales No. ${dice.digits(8)}`;
  if (c === "DE") return `Amtsgericht ${town} HRB ${dice.digits(5)}`;
  if (c === "FR") return `SIRET ${dice.digits(3)} ${dice.digits(3)} ${dice.digits(3)} ${dice.digits(5)} · RCS ${town}`;
  if (c === "NL") return `KvK ${dice.digits(8)}`;
  if (c === "ES") return `Inscrita en el Registro Mercantil de ${town}, Tomo ${dice.digits(4)}, Folio ${dice.int(1, 220)}, Hoja ${dice.pick(["M", "B", "V"])}-${dice.digits(6)}`;
  if (c === "IT") return `REA ${dice.pick(["MI", "RM", "TO"])}-${dice.digits(7)} · Cap. soc. € ${dice.pick(["10.000", "50.000", "100.000"])},00 i.v.`;
  return `Company No. ${dice.int(2015, 2023)}01${dice.digits(6)} (${dice.digits(7)}-${dice.pick(["A", "K", "X", "W"])})`;
}

/** A telephone number as the country prints it. */
function phone(dice: Dice, c: Code): string {
  const cc = { US: "+1", GB: "+44", DE: "+49", FR: "+33", NL: "+31", ES: "+34", IT: "+39", MY: "+60" }[c];
  return `${c === "ES" || c === "IT" ? "Tel." : "Tel"} ${cc} ${dice.digits(3)} ${dice.digits(3)} ${dice.digits(3)}`;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const pad = (n: number): string => String(n).padStart(2, "0");

/** An HTML invoice and its truth, before printing. */
export interface HtmlInvoice {
  html: string;
  truth: GeneratedTruth;
}

/** Generates invoice `index` of `seed` in the html family (deterministic; its own seeds). */
export function generateHtmlInvoice(seed: number, index: number): HtmlInvoice {
  const dice = new Dice(rng(seed * 300_007 + index * 7_001 + 313));
  // Seeds from 10 on draw from the wider range (ES, IT, MY; summary, minimal); seeds below 10 print what they
  // printed before it was added, draw for draw, so their earlier measurements stay comparable.
  const extended = seed >= 10;
  const group = extended ? dice.pick(["modern", "cards", "letter", "paid", "summary", "summary", "minimal", "minimal"] as const) : dice.pick(["modern", "cards", "letter", "paid"] as const);
  const codes: readonly Code[] = extended
    ? group === "paid"
      ? ["US", "GB", "NL", "MY"]
      : ["US", "GB", "DE", "FR", "NL", "ES", "ES", "IT", "IT", "MY"]
    : group === "paid"
      ? ["US", "US", "GB", "NL"]
      : ["US", "GB", "DE", "DE", "FR", "NL"];
  const country = COUNTRIES[dice.pick(codes)];
  const lang = group === "paid" ? "en" : country.lang;
  const l: Labels = { ...L[lang], ...(country.code === "MY" ? MY_LABELS : {}) };
  if (extended) for (const [k, v] of Object.entries(ALT[lang] ?? {})) l[k as "invoiceNo"] = dice.pick(v);
  const issuer = party(dice, country);
  const recipient = party(dice, dice.chance(0.7) ? country : COUNTRIES[dice.pick(extended ? (["US", "GB", "DE", "FR", "NL", "ES", "IT"] as const) : (["US", "GB", "DE", "FR", "NL"] as const))], dice.chance(0.7));
  const person = `${dice.pick(GIVEN)} ${stem(dice.r, lang)}`;
  const vat = vatId(dice, country.code);
  const currency = country.currency;

  // Seeds from 10 on place the euro sign once per invoice (before seeds 10, each amount drew its own side).
  const euroFirst = extended ? dice.chance(0.5) : undefined;
  const decimalComma = lang !== "en";
  const money = (n: number, withCurrency = true): string => {
    const [i, d] = Math.abs(n).toFixed(2).split(".") as [string, string];
    const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, lang === "fr" ? "\u202f" : decimalComma ? "." : ",");
    const num = `${n < 0 ? "-" : ""}${grouped}${decimalComma ? "," : "."}${d}`;
    if (!withCurrency) return num;
    if (currency === "USD") return `$${num}`;
    if (currency === "GBP") return `£${num}`;
    if (currency === "MYR") return `RM${dice.chance(0.5) ? " " : ""}${num}`;
    if (euroFirst !== undefined) return (lang === "nl" || lang === "it") && euroFirst ? `€ ${num}` : `${num} €`;
    return lang === "nl" && dice.chance(0.5) ? `€ ${num}` : `${num} €`;
  };

  const invoiceDate = new Date(Date.UTC(2024, 0, 1) + dice.int(0, 500) * 86_400_000);
  const due = new Date(invoiceDate.getTime() + dice.pick([14, 30]) * 86_400_000);
  const dateForm = dice.int(0, 1);
  const fmt = (d: Date): string => {
    const day = d.getUTCDate();
    const m = d.getUTCMonth();
    const y = d.getUTCFullYear();
    if (lang === "en") {
      if (country.code === "US") return dateForm === 0 ? `${(l.months[m] as string).slice(0, 3)} ${day}, ${y}` : `${pad(m + 1)}/${pad(day)}/${y}`;
      return dateForm === 0 ? `${day} ${l.months[m]} ${y}` : `${pad(day)}/${pad(m + 1)}/${y}`;
    }
    if (dateForm === 0) return lang === "de" ? `${day}. ${l.months[m]} ${y}` : lang === "es" ? `${day} de ${l.months[m]} de ${y}` : `${day} ${l.months[m]} ${y}`;
    return lang === "de" ? `${pad(day)}.${pad(m + 1)}.${y}` : lang === "fr" || lang === "es" || lang === "it" ? `${pad(day)}/${pad(m + 1)}/${y}` : `${pad(day)}-${pad(m + 1)}-${y}`;
  };

  const year = invoiceDate.getUTCFullYear();
  const shapes = [() => `INV-${dice.digits(5)}`, () => `${year}-${dice.digits(4)}`, () => `${dice.pick(["RE", "F", "FA", "R"])}${dice.digits(6)}`, () => dice.digits(7)];
  // Seeds from 10 on: series numbers as Spanish and Italian tools print them (`A-2024-0153`, `2024/0153`, `153/2024`, `FV24-0153`).
  const more = [() => `${dice.pick(["A", "F", "FV"])}-${year}-${dice.digits(4)}`, () => `${year}/${dice.digits(4)}`, () => `${dice.int(1, 999)}/${year}`, () => `FV${String(year).slice(2)}-${dice.digits(4)}`];
  const invoiceNo = dice.pick(extended && (lang === "es" || lang === "it") ? [...shapes, ...more] : shapes)();
  const customerNo = `${dice.pick(["C", "K", "CL", ""])}${dice.digits(5)}`;
  const orderNo = `${dice.pick(["PO-", "A", "ORD-"])}${dice.digits(6)}`;

  const rate = dice.pick(country.rates);
  const items = Array.from({ length: dice.int(1, 5) }, () => {
    const qty = dice.pick([1, 1, 2, 3, 5, 10]);
    const unit = Math.round(dice.pick([45, 90, 120, 12.5, 850, 1250, 65]) * 100) / 100;
    return { desc: `${dice.pick(["Consulting", "Design work", "Licence", "Support", "Hosting", "Workshop", "Development"])} ${dice.pick(["Q1", "March", "phase 2", "(hours)", "annual", ""])}`.trim(), qty, unit, amount: Math.round(qty * unit * 100) / 100 };
  });
  const subtotal = Math.round(items.reduce((s, i) => s + i.amount, 0) * 100) / 100;
  const tax = Math.round(subtotal * rate) / 100;
  const total = Math.round((subtotal + tax) * 100) / 100;

  const font = dice.pick(["'Liberation Sans', Arial, sans-serif", "'DejaVu Sans', sans-serif", "'Liberation Serif', serif", "'DejaVu Serif', serif"]);
  const accent = dice.pick(["#2b59c3", "#0f766e", "#7c3aed", "#b45309", "#111827"]);
  const itemRows = items.map((i) => `<tr><td>${esc(i.desc)}</td><td class="r">${i.qty}</td><td class="r">${money(i.unit)}</td><td class="r">${money(i.amount)}</td></tr>`).join("");
  const itemTable = `<table class="items"><thead><tr><th>${l.description}</th><th class="r">${l.qty}</th><th class="r">${l.unit}</th><th class="r">${l.amount}</th></tr></thead><tbody>${itemRows}</tbody></table>`;
  const taxRow = rate ? `<tr><td>${esc(l.tax(rate))}</td><td class="r">${money(tax)}</td></tr>` : "";
  const totals = `<table class="totals"><tr><td>${l.subtotal}</td><td class="r">${money(subtotal)}</td></tr>${taxRow}<tr class="grand"><td>${l.total}</td><td class="r">${money(total)}</td></tr>${dice.chance(0.5) ? `<tr><td>${l.amountDue}</td><td class="r">${money(total)}</td></tr>` : ""}</table>`;
  const address = (p: Party, withPerson: boolean): string => [withPerson ? person : null, p.name, ...p.lines].filter(Boolean).map((s) => `<div>${esc(s as string)}</div>`).join("");
  const legal = [vat ? `${l.vat}: ${vat.printed}` : null, country.code === "US" ? `${l.bank}: Account ${dice.digits(10)}, Routing ${dice.digits(9)}` : country.code === "MY" ? `${l.bank}: ${dice.pick(["Maybank", "CIMB Bank", "Public Bank"])} ${dice.digits(4)} ${dice.digits(4)} ${dice.digits(4)}` : `${l.bank}: IBAN ${country.code}${dice.digits(2)} ${dice.digits(4)} ${dice.digits(4)} ${dice.digits(4)}`, `billing@${issuer.domain}`, `www.${issuer.domain}`].filter(Boolean) as string[];
  const css = `
    * { box-sizing: border-box; }
    body { font-family: ${font}; font-size: ${dice.pick([10, 11, 12])}px; color: #222; margin: 0; }
    .page { padding: 48px 56px; }
    .r { text-align: right; }
    table { border-collapse: collapse; }
    .items { width: 100%; margin-top: 28px; }
    .items th { text-align: left; border-bottom: 2px solid ${accent}; padding: 6px 4px; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; }
    .items td { border-bottom: 1px solid #ddd; padding: 6px 4px; }
    .totals { margin-left: auto; margin-top: 16px; min-width: 40%; }
    .totals td { padding: 4px 6px; }
    .grand td { font-weight: bold; border-top: 2px solid #222; }
    .muted { color: #666; font-size: 0.85em; }
    .small-caps { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.75em; color: #666; }
    footer { margin-top: 48px; border-top: 1px solid #ccc; padding-top: 8px; font-size: 0.8em; color: #555; }
  `;
  let body: string;
  if (group === "modern") {
    const meta = dice.shuffle([
      [l.invoiceNo, invoiceNo],
      [l.date, fmt(invoiceDate)],
      [l.due, fmt(due)],
      ...(dice.chance(0.5) ? [[l.customerNo, customerNo]] : []),
    ] as [string, string][]);
    body = `<div class="page">
      <div style="display:flex;justify-content:space-between;align-items:flex-start">
        <div><div style="font-size:1.8em;font-weight:bold;color:${accent}">${esc(issuer.name)}</div>${issuer.lines.map((s) => `<div class="muted">${esc(s)}</div>`).join("")}</div>
        <div class="r"><div style="font-size:2em;letter-spacing:0.1em">${l.invoice.toUpperCase()}</div>
          <table style="margin-left:auto;margin-top:8px">${meta.map(([k, v]) => `<tr><td class="muted" style="padding:2px 10px">${k}</td><td class="r">${esc(v)}</td></tr>`).join("")}</table></div>
      </div>
      <div style="margin-top:28px"><div class="small-caps">${l.billTo}</div>${address(recipient, true)}</div>
      ${itemTable}${totals}
      <footer>${esc(issuer.name)} · ${legal.map(esc).join(" · ")}</footer></div>`;
  } else if (group === "summary") {
    // A statement: the details in a right-aligned key/value box, the amount due big in a coloured banner, a payment
    // block and three columns of small print with the company's registration.
    const box = [
      [l.invoiceNo, invoiceNo],
      [l.date, fmt(invoiceDate)],
      [l.due, fmt(due)],
      ...(dice.chance(0.6) ? [[l.customerNo, customerNo]] : []),
    ] as [string, string][];
    const brand = dice.chance(0.5) ? issuer.name : issuer.name.split(" ")[0] as string;
    const banner = `<div style="background:${accent};color:#fff;padding:18px 24px;margin-top:28px;display:flex;justify-content:space-between;align-items:center">
      <div><div style="text-transform:uppercase;letter-spacing:0.08em;font-size:0.85em">${esc(l.amountDue)}</div><div style="font-size:0.9em">${esc(l.due)} ${esc(fmt(due))}</div></div>
      <div style="font-size:2.4em;font-weight:bold">${money(total)}</div></div>`;
    const account = country.code === "US" ? `Account ${dice.digits(10)} · Routing ${dice.digits(9)}` : country.code === "MY" ? `${dice.pick(["Maybank", "CIMB Bank"])} ${dice.digits(4)} ${dice.digits(4)} ${dice.digits(4)}` : `IBAN ${country.code}${dice.digits(2)} ${dice.digits(4)} ${dice.digits(4)} ${dice.digits(4)} ${dice.digits(4)} · BIC ${stem(dice.r, "en").toUpperCase().slice(0, 4)}${country.code}${dice.pick(["2X", "MM", "22"])}`;
    // The banner under the header, or after the totals.
    const bannerTop = dice.chance(0.5);
    body = `<div class="page">
      <div style="display:flex;justify-content:space-between;align-items:flex-start">
        <div><div style="font-size:1.6em;font-weight:bold">${esc(brand)}</div>${issuer.lines.map((s) => `<div class="muted">${esc(s)}</div>`).join("")}</div>
        <div><div style="font-size:1.4em;text-align:right;margin-bottom:6px">${l.invoice}</div>
          <table style="border:1px solid #ccc">${box.map(([k, v]) => `<tr><td class="muted r" style="padding:3px 10px">${esc(k)}</td><td class="r" style="padding:3px 10px;font-weight:bold">${esc(v)}</td></tr>`).join("")}</table></div>
      </div>
      ${bannerTop ? banner : ""}
      <div style="margin-top:24px"><div class="small-caps">${l.billTo}</div>${address(recipient, dice.chance(0.5))}</div>
      ${itemTable}${totals}${bannerTop ? "" : banner}
      <div style="margin-top:20px;padding:10px;background:#f3f4f6"><div style="font-weight:bold">${esc(l.payment)}</div><div>${esc(account)}</div><div>${esc(l.reference)}: ${esc(invoiceNo)}</div></div>
      <footer style="display:flex;gap:20px;font-size:0.7em">
        <div style="flex:1"><div>${esc(issuer.name)}</div>${issuer.lines.map((s) => `<div>${esc(s)}</div>`).join("")}</div>
        <div style="flex:1"><div>${esc(registration(dice, country.code))}</div>${vat ? `<div>${esc(l.vat)}: ${esc(vat.printed)}</div>` : ""}</div>
        <div style="flex:1"><div>billing@${esc(issuer.domain)}</div><div>${esc(phone(dice, country.code))}</div><div>www.${esc(issuer.domain)}</div></div></footer></div>`;
  } else if (group === "minimal") {
    // A brand in big letters (a word of the legal name, or another word altogether); the legal name only in the
    // footer. The labels are small-caps placeholders over the values, in one row of columns.
    const brandKind = dice.pick(["core", "stem", "other"] as const);
    const brand = brandKind === "core" ? issuer.core : brandKind === "stem" ? (issuer.name.split(" ")[0] as string) : stem(dice.r, dice.pick(["en", "it", "es"] as const));
    const cols = [[l.invoiceNo, invoiceNo], [l.date, fmt(invoiceDate)], [l.due, fmt(due)], [l.total, money(total)]] as [string, string][];
    body = `<div class="page">
      <div style="display:flex;justify-content:space-between;align-items:center">
        <div style="font-size:2.6em;font-weight:800;letter-spacing:-0.02em;color:${accent}">${esc(dice.chance(0.5) ? brand.toLowerCase() : brand)}</div>
        <div class="small-caps" style="font-size:1em">${l.invoice}</div></div>
      <div style="display:flex;gap:36px;margin-top:32px;border-top:1px solid #e5e7eb;border-bottom:1px solid #e5e7eb;padding:12px 0">${cols.map(([k, v]) => `<div><div class="small-caps" style="font-variant:small-caps">${esc(k)}</div><div style="font-size:1.1em;margin-top:3px">${esc(v)}</div></div>`).join("")}</div>
      <div style="margin-top:28px"><div class="small-caps">${l.billTo}</div>${address(recipient, dice.chance(0.5))}</div>
      ${itemTable}${totals}
      <footer>${esc(issuer.name)} · ${esc(issuer.lines.join(", "))}${vat ? ` · ${esc(l.vat)} ${esc(vat.printed)}` : ""} · ${esc(registration(dice, country.code))} · billing@${esc(issuer.domain)}</footer></div>`;
  } else if (group === "cards") {
    const card = (k: string, v: string): string => `<div><div class="small-caps">${k}</div><div style="font-size:1.15em;margin-top:2px">${esc(v)}</div></div>`;
    const fromCard = `<div style="flex:1"><div class="small-caps">${l.from}</div><div style="font-weight:bold">${esc(issuer.name)}</div>${issuer.lines.map((s) => `<div>${esc(s)}</div>`).join("")}${vat ? `<div>${l.vat} ${esc(vat.printed)}</div>` : ""}</div>`;
    const toCard = `<div style="flex:1"><div class="small-caps">${l.to}</div>${address(recipient, dice.chance(0.5))}</div>`;
    const cards = dice.shuffle([card(l.invoiceNo, invoiceNo), card(l.date, fmt(invoiceDate)), card(l.due, fmt(due)), ...(dice.chance(0.4) ? [card(l.orderNo, orderNo)] : [])]);
    body = `<div class="page">
      <div style="display:flex;justify-content:space-between"><div style="font-size:2.2em;font-weight:300">${l.invoice}</div><div style="width:56px;height:56px;border-radius:12px;background:${accent}"></div></div>
      <div style="display:grid;grid-template-columns:repeat(${cards.length},1fr);gap:16px;margin-top:24px">${cards.join("")}</div>
      <div style="display:flex;gap:40px;margin-top:28px">${dice.chance(0.75) ? fromCard + toCard : toCard + fromCard}</div>
      <div style="margin-top:24px;font-size:1.4em">${money(total)} ${currency === "USD" ? "USD " : ""}${lang === "en" ? `due ${fmt(due)}` : ""}</div>
      ${itemTable}${totals}
      <footer><span>${invoiceNo} · ${money(total)}</span><span style="float:right">${l.page}</span></footer></div>`;
  } else if (group === "letter") {
    const info = [
      [l.invoiceNo, invoiceNo],
      [l.date, fmt(invoiceDate)],
      [l.customerNo, customerNo],
      ...(dice.chance(0.5) ? [[l.orderNo, orderNo]] : []),
    ] as [string, string][];
    body = `<div class="page">
      <div style="text-align:right"><div style="font-size:1.6em;font-weight:bold">${esc(issuer.name)}</div><div class="muted">${esc(issuer.lines.join(" · "))}</div></div>
      <div style="display:flex;justify-content:space-between;margin-top:40px">
        <div><div style="font-size:0.7em;text-decoration:underline">${esc(`${issuer.name} · ${issuer.lines.join(" · ")}`)}</div><div style="margin-top:6px">${address(recipient, dice.chance(0.6))}</div></div>
        <table>${info.map(([k, v]) => `<tr><td style="padding:2px 12px 2px 0">${k}:</td><td>${esc(v)}</td></tr>`).join("")}</table>
      </div>
      <h2 style="margin-top:40px">${l.invoice} ${dice.chance(0.5) ? esc(invoiceNo) : ""}</h2>
      ${itemTable}${totals}
      <footer style="display:flex;gap:24px"><div style="flex:1"><div>${esc(issuer.name)}</div>${issuer.lines.map((s) => `<div>${esc(s)}</div>`).join("")}</div>
        <div style="flex:1">${legal.slice(vat ? 1 : 0, vat ? 2 : 1).map(esc).join("")}</div>
        <div style="flex:1">${vat ? esc(legal[0] as string) : ""}<div>${esc(legal.at(-1) as string)}</div></div></footer></div>`;
  } else {
    const method = `${dice.pick(["Visa", "Mastercard", "Amex"])} – ${dice.digits(4)}`;
    const receiptNo = `${dice.digits(4)}-${dice.digits(4)}`;
    body = `<div class="page" style="max-width:520px;margin:0 auto">
      <div style="text-align:center"><div style="width:48px;height:48px;border-radius:50%;background:${accent};margin:0 auto"></div>
      <div style="font-size:1.5em;margin-top:12px">Receipt from ${esc(issuer.name)}</div><div class="muted">Receipt #${receiptNo}</div></div>
      <div style="display:flex;justify-content:space-between;margin-top:24px">
        <div><div class="small-caps">Amount paid</div><div>${money(total)}</div></div>
        <div><div class="small-caps">Date paid</div><div>${fmt(invoiceDate)}</div></div>
        <div><div class="small-caps">Payment method</div><div>${method}</div></div></div>
      <div class="small-caps" style="margin-top:24px">Summary</div>
      ${itemTable}${totals}
      <div class="muted" style="margin-top:16px">${l.invoiceNo} ${esc(invoiceNo)}</div>
      <footer>If you have any questions, contact us at billing@${issuer.domain}. ${vat ? `${l.vat}: ${esc(vat.printed)}` : ""}<br>${esc(issuer.name)}, ${esc(issuer.lines.join(", "))}</footer></div>`;
  }
  const file = `${String(index).padStart(3, "0")}.pdf`;
  const iso = `${invoiceDate.getUTCFullYear()}-${pad(invoiceDate.getUTCMonth() + 1)}-${pad(invoiceDate.getUTCDate())}`;
  return {
    html: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><style>${css}</style></head><body>${body}</body></html>`,
    truth: {
      file,
      lang,
      group,
      country: country.code,
      invoice_number: invoiceNo,
      issuer: issuer.name,
      document_date: iso,
      total,
      currency,
      ...(vat ? { vat_id: vat.id } : {}),
      layout: `${group} font=${font.split(",")[0]} date=${dateForm}`,
    },
  };
}

/** Prints each HTML invoice to an A4 PDF with Chromium (one browser for all). */
export async function printHtmlInvoices(invoices: readonly HtmlInvoice[]): Promise<Uint8Array[]> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    const page = await browser.newPage();
    const out: Uint8Array[] = [];
    for (const inv of invoices) {
      await page.setContent(inv.html, { waitUntil: "load" });
      out.push(await page.pdf({ format: "A4", printBackground: true }));
    }
    return out;
  } finally {
    await browser.close();
  }
}
