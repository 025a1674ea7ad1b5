/**
 * The `saas` family of synthetic invoices (`npm run eval:invoices -- --family saas`): English-language invoices and
 * receipts of the kind subscription software and cloud vendors send as PDF, modelled on public examples of four
 * layouts (issue #12, where 15 real ones gave the issuer 5/15):
 * - `hosted`: a payment platform's hosted invoice: `Invoice` / `Receipt` title, a label/value column (`Invoice
 *   number`, `Date of issue`, `Date due`; receipts `Receipt number`, `Date paid`, `Payment method Visa - 4242`), then
 *   the issuer's block, `Bill to` and sometimes `Ship to` side by side, `$1,234.56 USD due Mar 5, 2025`, a
 *   Description / Qty / Unit price / Amount table with a service period under each line, Subtotal / Tax / Total /
 *   Amount due, and a footer repeating the number and `Page 1 of 1`;
 * - `reseller`: a merchant-of-record invoice: the reseller's letterhead with its VAT / ABN / GST number, the product
 *   vendor named in the items and a "merchant of record for …" line; the reseller is the issuer;
 * - `cloud`: a cloud provider's statement: `Account number`, `Invoice Number`, `Invoice Date`, `Billing period`,
 *   `TOTAL AMOUNT DUE ON <due date>`, the recipient's address block first, a charges summary by service, a `Remit to`
 *   block with bank details and the tax registration (ABN, GST/HST, EIN, VAT Reg);
 * - `vendor`: a software vendor's own invoice or receipt: a picture logo, `INVOICE` top right, `Invoice #`, `Bill To`
 *   / `Ship To`, the vendor's name only in the footer.
 * Issuers in US, GB, AU, CA, IE, DE, NL with their legal forms (Inc., LLC, Ltd, Pty Ltd, GmbH, B.V., …), currencies
 * USD / EUR / GBP / AUD / CAD, US (`03/05/2025`, `Mar 5, 2025`) or day-first (`5 March 2025`) dates, `1,234.56`.
 * The recipient is a person and often a company, with its city. Names are invented (no real vendor is named).
 */
import { PDFDocument, StandardFonts, rgb, type PDFPage } from "pdf-lib";
import { taxIdChecksum } from "../../src/extraction/fields/tax-id.checksums.js";
import type { GeneratedInvoice } from "./invoices.types.js";
import { GIVEN, stem } from "./invoices.vocabulary.js";
import { Dice, H, LEFT, Pen, RIGHT, W, rng } from "./invoices.pen.js";

type Code = "US" | "GB" | "AU" | "CA" | "IE" | "DE" | "NL";

interface SaasCountry {
  code: Code;
  name: string;
  currency: "USD" | "GBP" | "AUD" | "CAD" | "EUR";
  forms: string[];
  /** Tax label and rate (0: none charged). */
  tax: { label: string; rates: number[] };
  usDates: boolean;
}

const COUNTRIES: Record<Code, SaasCountry> = {
  US: { code: "US", name: "United States", currency: "USD", forms: ["Inc.", "LLC", "Inc", "Corp."], tax: { label: "Sales tax", rates: [0, 0, 8.875, 6.25] }, usDates: true },
  GB: { code: "GB", name: "United Kingdom", currency: "GBP", forms: ["Ltd", "Limited", "Ltd."], tax: { label: "VAT", rates: [20] }, usDates: false },
  AU: { code: "AU", name: "Australia", currency: "AUD", forms: ["Pty Ltd", "Pty. Ltd."], tax: { label: "GST", rates: [10] }, usDates: false },
  CA: { code: "CA", name: "Canada", currency: "CAD", forms: ["Inc.", "Ltd.", "Corp."], tax: { label: "GST/HST", rates: [5, 13] }, usDates: false },
  IE: { code: "IE", name: "Ireland", currency: "EUR", forms: ["Ltd", "Limited", "DAC"], tax: { label: "VAT", rates: [23, 0] }, usDates: false },
  DE: { code: "DE", name: "Germany", currency: "EUR", forms: ["GmbH"], tax: { label: "VAT", rates: [19, 0] }, usDates: false },
  NL: { code: "NL", name: "Netherlands", currency: "EUR", forms: ["B.V.", "BV"], tax: { label: "VAT", rates: [21, 0] }, usDates: false },
};

const SAAS_WORDS = ["Cloud", "Labs", "Data", "Software", "Technologies", "Systems", "Networks", "Metrics", "Analytics", "Digital", "Platforms", "IO"];
const PRODUCTS = ["Pro plan", "Team plan", "Business plan", "Enterprise seats", "Starter plan", "API usage", "Additional storage (100 GB)", "Premium support", "Seats", "Usage overage"];
const SERVICES = ["Compute", "Object Storage", "Data Transfer", "Managed Database", "Load Balancing", "Monitoring", "DNS", "Container Registry", "Backup", "Support (Business)"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const STATES = ["CA", "NY", "WA", "TX", "DE", "MA", "IL", "CO"];
const AU_STATES = ["NSW", "VIC", "QLD", "WA"];
const CA_PROV = ["ON", "BC", "QC", "AB"];

interface Firm {
  name: string;
  domain: string;
  lines: string[];
  town: string;
  country: SaasCountry;
}

const up = (s: string): string => s.toUpperCase();

function firm(dice: Dice, c: SaasCountry, withForm = true): Firm {
  const a = stem(dice.r, "en");
  const core = dice.pick([() => `${a} ${dice.pick(SAAS_WORDS)}`, () => `${a}${dice.pick(["ly", "io", "hub", "stack", "base"])}`, () => `${a} & ${stem(dice.r, "en")}`])();
  const name = withForm ? `${core} ${dice.pick(c.forms)}` : core;
  const domain = `${core.toLowerCase().replace(/[^a-z]+/g, "")}.${{ US: "com", GB: "co.uk", AU: "com.au", CA: "ca", IE: "ie", DE: "de", NL: "nl" }[c.code]}`;
  const town = stem(dice.r, "en");
  const no = dice.int(1, 990);
  const st = `${stem(dice.r, "en")} ${dice.pick(["Street", "Avenue", "Road", "Lane", "Boulevard"])}`;
  const d = (n: number): string => dice.digits(n);
  const lines =
    c.code === "US"
      ? [`${no} ${st}${dice.chance(0.5) ? `, Suite ${dice.int(100, 900)}` : ""}`, `${town}, ${dice.pick(STATES)} ${d(5)}`]
      : c.code === "GB"
        ? [`${no} ${st}`, town, `${up(dice.pick(["EC", "SW", "N", "M", "LS", "BS"]))}${dice.int(1, 20)} ${dice.int(1, 9)}${dice.pick(["AB", "QT", "HX", "NL"])}`]
        : c.code === "AU"
          ? [`Level ${dice.int(1, 30)}, ${no} ${st}`, `${town} ${dice.pick(AU_STATES)} ${dice.int(2000, 4999)}`]
          : c.code === "CA"
            ? [`${dice.int(100, 900)}-${no} ${st}`, `${town} ${dice.pick(CA_PROV)} M${dice.int(1, 9)}V ${dice.int(1, 9)}T${dice.int(1, 9)}`]
            : c.code === "IE"
              ? [`Unit ${dice.int(1, 9)}, ${no} ${st}`, `Dublin ${dice.int(1, 18)}, D0${dice.int(1, 9)} X${d(3)}`]
              : c.code === "DE"
                ? [`${stem(dice.r, "de")}straße ${dice.int(1, 120)}`, `${dice.int(10000, 99999)} ${stem(dice.r, "de")}`]
                : [`${stem(dice.r, "nl")}gracht ${dice.int(1, 400)}`, `${dice.int(1000, 9999)} ${dice.pick(["AB", "CS", "KL"])} ${stem(dice.r, "nl")}`];
  return { name, domain, lines: [...lines, ...(dice.chance(0.7) ? [c.name] : [])], town, country: c };
}

/** The issuer's tax registration as printed and as the extractor normalises it (null: none printed). */
function taxReg(dice: Dice, c: Code): { printed: string; id: string } | null {
  for (let tries = 0; tries < 10_000; tries += 1) {
    if (c === "US") {
      if (dice.chance(0.5)) return null;
      const id = `${dice.pick(["12", "20", "26", "27", "45", "46", "47", "81", "82", "84", "87", "93", "95"])}${dice.digits(7)}`;
      return { printed: `EIN ${id.slice(0, 2)}-${id.slice(2)}`, id };
    }
    if (c === "GB" || c === "IE" || c === "DE" || c === "NL") {
      const body = c === "GB" ? dice.digits(9) : c === "IE" ? `${dice.digits(7)}${dice.pick(["A", "H", "W"])}` : c === "DE" ? dice.digits(9) : `${dice.digits(9)}B0${dice.int(1, 9)}`;
      const id = `${c}${body}`;
      if (taxIdChecksum(id) === false) continue;
      return { printed: `${dice.pick(["VAT Reg No.", "VAT Reg:", "VAT number:", "VAT ID:"])} ${c === "GB" && dice.chance(0.4) ? `GB ${body.slice(0, 3)} ${body.slice(3, 7)} ${body.slice(7)}` : id}`, id };
    }
    if (c === "AU") {
      const id = dice.digits(11);
      if (taxIdChecksum(id) !== true) continue;
      return { printed: `ABN ${id.slice(0, 2)} ${id.slice(2, 5)} ${id.slice(5, 8)} ${id.slice(8)}`, id };
    }
    const bn = dice.digits(9);
    const id = `${bn}RT0001`;
    if (taxIdChecksum(id) !== true) continue;
    return { printed: `GST/HST Registration: ${bn} RT0001`, id };
  }
  throw new Error(`no tax id for ${c}`);
}

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * Generates invoice `index` of `seed` in the saas family. Deterministic; its seeds are separate from the European
 * family's (seed 1 here is not seed 1 there).
 */
export async function generateSaasInvoice(seed: number, index: number): Promise<GeneratedInvoice> {
  const dice = new Dice(rng(seed * 200_017 + index * 6_007 + 911));
  const style = dice.pick(["hosted", "hosted", "reseller", "cloud", "vendor", "vendor"] as const);
  const receipt = (style === "hosted" || style === "vendor") && dice.chance(0.35);
  const country = COUNTRIES[dice.pick(style === "reseller" ? (["GB", "IE", "NL", "US"] as const) : (["US", "US", "US", "GB", "AU", "CA", "IE", "DE", "NL"] as const))];
  const issuer = firm(dice, country);
  const rcptCountry = dice.chance(0.6) ? country : COUNTRIES[dice.pick(["US", "GB", "AU", "CA", "DE", "NL"] as const)];
  const rcptFirm = dice.chance(0.7) ? firm(dice, rcptCountry) : null;
  const rcptTown = rcptFirm ? rcptFirm.lines : firm(dice, rcptCountry).lines;
  const person = `${dice.pick(GIVEN)} ${stem(dice.r, "en")}`;
  const vendor = style === "reseller" ? firm(dice, COUNTRIES.US) : null;
  const reg = taxReg(dice, country.code);
  // A reseller billing in the customer's currency or dollars; otherwise the issuer's own, sometimes USD.
  const currency = style === "reseller" ? rcptCountry.currency : country.code !== "US" && dice.chance(0.2) ? "USD" : country.currency;
  const sym = { USD: "$", GBP: "£", AUD: "$", CAD: "$", EUR: "€" }[currency];
  const isoAlways = currency === "AUD" || currency === "CAD" || dice.chance(0.4);
  const money = (n: number): string => `${n < 0 ? "-" : ""}${sym}${Math.abs(n).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
  const moneyIso = (n: number): string => `${money(n)} ${currency}`;

  // Dates: the US month-first forms or day-first ones; ISO sometimes.
  const invoiceDate = new Date(Date.UTC(2024, 0, 1) + dice.int(0, 500) * 86_400_000);
  const us = country.usDates;
  const form = dice.int(0, 2);
  const fmtDate = (d: Date): string => {
    const m = MONTHS[d.getUTCMonth()] as string;
    const day = d.getUTCDate();
    const y = d.getUTCFullYear();
    if (form === 0) return us ? `${m.slice(0, 3)} ${day}, ${y}` : `${day} ${m} ${y}`;
    if (form === 1) return us ? `${m} ${day}, ${y}` : `${day} ${m.slice(0, 3)} ${y}`;
    return us ? `${pad(d.getUTCMonth() + 1)}/${pad(day)}/${y}` : `${y}-${pad(d.getUTCMonth() + 1)}-${pad(day)}`;
  };
  const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86_400_000);
  const due = addDays(invoiceDate, dice.pick([0, 0, 14, 30]));
  const periodStart = invoiceDate;
  const periodEnd = addDays(new Date(Date.UTC(invoiceDate.getUTCFullYear(), invoiceDate.getUTCMonth() + 1, invoiceDate.getUTCDate())), 0);
  const shortDay = (d: Date): string => `${(MONTHS[d.getUTCMonth()] as string).slice(0, 3)} ${d.getUTCDate()}`;
  const period = `${shortDay(periodStart)} – ${shortDay(periodEnd)}, ${periodEnd.getUTCFullYear()}`;

  // Numbers.
  const hex = (): string => Array.from({ length: 8 }, () => "0123456789ABCDEF"[dice.int(0, 15)]).join("");
  const invoiceNo =
    style === "hosted" ? `${hex()}-${pad(dice.int(1, 30)).padStart(4, "0")}` : style === "cloud" ? dice.digits(dice.pick([9, 10])) : style === "reseller" ? `${invoiceDate.getUTCFullYear()}${pad(invoiceDate.getUTCMonth() + 1)}${dice.digits(2)}-${dice.digits(7)}` : dice.pick([() => dice.digits(4), () => `INV-${dice.digits(5)}`, () => `${dice.digits(4)}-${dice.digits(4)}`])();
  const receiptNo = `${dice.digits(4)}-${dice.digits(4)}`;
  const account = dice.digits(12);

  // Items, tax, total.
  const rate = dice.pick(country.tax.rates);
  const productName = vendor ? vendor.name.replace(/ (Inc\.?|LLC|Corp\.)$/, "") : "";
  const firstService = dice.int(0, SERVICES.length - 1);
  const items = Array.from({ length: style === "cloud" ? dice.int(3, 7) : dice.int(1, 3) }, (_, i) => {
    const qty = style === "cloud" ? 1 : dice.pick([1, 1, 1, 3, 5, 12, 25]);
    const unit = Math.round(dice.pick([9, 19, 49, 99, 249, 15, 4]) * 100 * (style === "cloud" ? 0.1 + dice.r() * 8 : 1)) / 100;
    const desc = style === "cloud" ? (SERVICES[(i + firstService) % SERVICES.length] as string) : `${productName ? `${productName} ` : ""}${dice.pick(PRODUCTS)}`;
    return { desc, qty, unit, amount: Math.round(qty * unit * 100) / 100 };
  });
  const subtotal = Math.round(items.reduce((s, i) => s + i.amount, 0) * 100) / 100;
  const discount = style !== "cloud" && dice.chance(0.2) ? Math.round(subtotal * 0.1 * 100) / 100 : 0;
  const taxable = Math.round((subtotal - discount) * 100) / 100;
  const tax = Math.round(taxable * rate) / 100;
  const total = Math.round((taxable + tax) * 100) / 100;

  // Page.
  const doc = await PDFDocument.create();
  const family = dice.int(0, 1);
  const regular = await doc.embedFont(family === 0 ? StandardFonts.Helvetica : StandardFonts.TimesRoman);
  const bold = await doc.embedFont(family === 0 ? StandardFonts.HelveticaBold : StandardFonts.TimesRomanBold);
  const pen = new Pen(regular, bold, new Set(regular.getCharacterSet()));
  const page = doc.addPage([W, H]);
  const body = dice.pick([8.5, 9, 9.5]);
  const lh = body * 1.45;
  const logo = (p: PDFPage, x: number, top: number): void => {
    p.drawRectangle({ x, y: H - top - 30, width: 30, height: 30, color: rgb(0.35, 0.3, 0.8) });
    p.drawCircle({ x: x + 50, y: H - top - 15, size: 12, color: rgb(0.1, 0.7, 0.6) });
  };
  const kv = (rows: [string, string][], x: number, top: number, labelW: number, size = body): number => {
    rows.forEach(([l, v], i) => {
      pen.text(page, l, x, top + i * lh, size, style === "hosted");
      pen.text(page, v, x + labelW, top + i * lh, size);
    });
    return top + rows.length * lh;
  };
  const block = (lines: string[], x: number, top: number, firstBold = false): number => {
    lines.forEach((l, i) => pen.text(page, l, x, top + i * lh, body, firstBold && i === 0));
    return top + lines.length * lh;
  };
  const billTo = [...(rcptFirm ? (dice.chance(0.5) ? [rcptFirm.name, person] : [person, rcptFirm.name]) : [person]), ...rcptTown, ...(dice.chance(0.6) ? [`${person.split(" ")[0]?.toLowerCase()}@${rcptFirm ? rcptFirm.domain : "mailbox.com"}`] : [])];
  const issuerBlock = [issuer.name, ...issuer.lines, ...(dice.chance(0.5) ? [`+${{ US: "1", CA: "1", GB: "44", AU: "61", IE: "353", DE: "49", NL: "31" }[country.code]} ${dice.digits(3)} ${dice.digits(3)} ${dice.digits(4)}`] : []), ...(dice.chance(0.7) ? [`${dice.pick(["billing", "support", "accounts"])}@${issuer.domain}`] : []), ...(reg && dice.chance(0.6) ? [reg.printed] : [])];
  /** Whether the issuer's tax id was printed somewhere (then it is the truth of `vat_id`). */
  let regPrinted = false;
  const taxLabel = rate === 0 ? `${country.tax.label} (0%)` : dice.pick([`${country.tax.label} (${rate}%)`, `${country.tax.label} - ${country.name} (${rate}% on ${money(taxable)})`, `Tax (${rate}%)`]);
  const totalsRows: [string, string][] = [
    ["Subtotal", money(subtotal)],
    ...(discount ? ([["Discount (10% off)", money(-discount)]] as [string, string][]) : []),
    ...(rate > 0 || dice.chance(0.5) ? ([[taxLabel, money(tax)]] as [string, string][]) : []),
    ["Total", isoAlways ? moneyIso(total) : money(total)],
    ...(receipt ? ([["Amount paid", money(total)]] as [string, string][]) : style !== "cloud" ? ([[dice.pick(["Amount due", "Balance due", "Amount Due"]), isoAlways ? moneyIso(total) : money(total)]] as [string, string][]) : []),
  ];
  const table = (top: number, heads: [string, string, string, string], withPeriod: boolean): number => {
    const cols = [LEFT, 330, 420, RIGHT];
    pen.text(page, heads[0], cols[0] as number, top, body * 0.9, true);
    pen.right(page, heads[1], cols[1] as number, top, body * 0.9, true);
    pen.right(page, heads[2], cols[2] as number, top, body * 0.9, true);
    pen.right(page, heads[3], cols[3] as number, top, body * 0.9, true);
    pen.rule(page, LEFT, RIGHT, top + 4);
    let y = top + lh + 3;
    for (const it of items) {
      pen.text(page, it.desc, LEFT, y, body);
      pen.right(page, String(it.qty), cols[1] as number, y, body);
      pen.right(page, money(it.unit), cols[2] as number, y, body);
      pen.right(page, money(it.amount), RIGHT, y, body);
      y += lh;
      if (withPeriod) {
        pen.text(page, period, LEFT, y, body * 0.85);
        y += lh;
      }
    }
    pen.rule(page, 300, RIGHT, y - lh + 5);
    y += 4;
    for (const [l, v] of totalsRows) {
      const b = l === "Amount due" || l === "Amount paid" || l === "Balance due";
      pen.text(page, l, 310, y, body, b);
      pen.right(page, v, RIGHT, y, body, b);
      y += lh;
    }
    return y;
  };

  let footerName = false;
  if (style === "hosted") {
    pen.text(page, receipt ? "Receipt" : "Invoice", LEFT, 60, 22, true);
    if (dice.chance(0.5)) logo(page, RIGHT - 70, 40);
    else pen.right(page, issuer.name, RIGHT, 60, 12, true);
    const rows: [string, string][] = receipt
      ? [["Invoice number", invoiceNo], ["Receipt number", receiptNo], ["Date paid", fmtDate(invoiceDate)], ...(dice.chance(0.7) ? ([["Payment method", `${dice.pick(["Visa", "Mastercard", "American Express"])} - ${dice.digits(4)}`]] as [string, string][]) : [])]
      : [["Invoice number", invoiceNo], ["Date of issue", fmtDate(invoiceDate)], ["Date due", fmtDate(due)]];
    const y0 = kv(rows, LEFT, 100, 95) + 20;
    block(issuerBlock, LEFT, y0, true);
    regPrinted = reg !== null && issuerBlock.includes(reg.printed);
    block(["Bill to", ...billTo], 230, y0);
    if (dice.chance(0.3)) block(["Ship to", ...billTo.slice(0, -1)], 400, y0);
    let y = y0 + Math.max(issuerBlock.length, billTo.length + 1) * lh + 25;
    pen.text(page, receipt ? `${moneyIso(total)} paid on ${fmtDate(invoiceDate)}` : `${moneyIso(total)} due ${fmtDate(due)}`, LEFT, y, 15, true);
    y += 22;
    if (!receipt && dice.chance(0.5)) {
      pen.text(page, "Pay online", LEFT, y, body);
      y += lh;
    }
    if (dice.chance(0.4)) {
      pen.text(page, `Thanks for your business! Questions? Contact ${issuer.name.replace(/ \S+$/, "")} at ${dice.pick(["billing", "support"])}@${issuer.domain}`, LEFT, y, body);
      y += lh;
    }
    table(y + 20, ["Description", "Qty", "Unit price", "Amount"], dice.chance(0.7));
    pen.text(page, `${receipt ? receiptNo : invoiceNo} · ${moneyIso(total)} ${receipt ? "paid on" : "due"} ${fmtDate(receipt ? invoiceDate : due)}`, LEFT, H - 40, body * 0.85);
    pen.right(page, "Page 1 of 1", RIGHT, H - 40, body * 0.85);
  } else if (style === "reseller") {
    const y1 = block(reg && !issuerBlock.includes(reg.printed) ? [...issuerBlock, reg.printed] : issuerBlock, LEFT, 60, true);
    regPrinted = reg !== null;
    pen.right(page, dice.pick(["Invoice", "INVOICE", "Tax Invoice"]), RIGHT, 66, 20, true);
    const rows: [string, string][] = dice.shuffle([
      ["Invoice number", invoiceNo],
      ["Invoice date", fmtDate(invoiceDate)],
      ["Billing period", period],
      ...(dice.chance(0.5) ? ([["Payment method", `${dice.pick(["Visa", "Mastercard", "PayPal"])}${dice.chance(0.7) ? ` ending ${dice.digits(4)}` : ""}`]] as [string, string][]) : []),
      ...(dice.chance(0.5) ? ([["Order ID", `${dice.digits(8)}`]] as [string, string][]) : []),
    ]);
    const y2 = kv(rows, 330, 100, 85);
    const y3 = block(["Bill to", ...billTo], LEFT, Math.max(y1, y2) + 20);
    let y = y3 + 15;
    if (vendor) {
      pen.text(page, dice.pick([`${issuer.name} is the merchant of record for ${vendor.name}.`, `Sold by ${issuer.name} as reseller of ${vendor.name} products.`]), LEFT, y, body);
      y += lh;
    }
    y = table(y + 20, ["Product", "Qty", "Unit price", "Amount"], false);
    pen.text(page, `Amounts in ${currency}.`, LEFT, y + 10, body * 0.85);
    footerName = dice.chance(0.5);
  } else if (style === "cloud") {
    const letterhead = dice.chance(0.5);
    if (letterhead) pen.text(page, issuer.name, LEFT, 50, 11, true);
    else logo(page, LEFT, 30);
    pen.right(page, `Account number: ${account}`, RIGHT, 50, body);
    pen.text(page, dice.pick(["Invoice", "Tax Invoice"]), LEFT, 95, 18, true);
    const y1 = block([dice.pick(["Bill to Address:", "Bill to:", "Billing address:"]), ...(rcptFirm ? [rcptFirm.name, `ATTN: ${person}`] : [person]), ...rcptTown], LEFT, 125);
    const rows: [string, string][] = [
      ["Invoice Number:", invoiceNo],
      ["Invoice Date:", fmtDate(invoiceDate)],
      ["Billing period:", `${fmtDate(periodStart)} - ${fmtDate(addDays(periodEnd, -1))}`],
    ];
    const y2 = kv(rows, 320, 125, 80);
    // The amount beside its label when both fit, else under it (right-aligned).
    const dueLabel = `TOTAL AMOUNT DUE ON ${up(fmtDate(addDays(invoiceDate, 15)))}`;
    const dueAmount = `${currency} ${total.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
    const beside = 320 + pen.width(dueLabel, body, true) + 12 + pen.width(dueAmount, body + 1, true) <= RIGHT;
    pen.text(page, dueLabel, 320, y2 + 10, body, true);
    pen.right(page, dueAmount, RIGHT, y2 + 10 + (beside ? 0 : lh), body + 1, true);
    let y = Math.max(y1, y2 + 10 + lh) + 35;
    pen.text(page, "Summary", LEFT, y, 11, true);
    y += lh + 4;
    for (const it of items) {
      pen.text(page, `${it.desc} Charges`, LEFT, y, body);
      pen.right(page, `${currency} ${it.amount.toFixed(2)}`, RIGHT, y, body);
      y += lh;
    }
    pen.rule(page, LEFT, RIGHT, y - lh + 5);
    const sumRows: [string, string][] = [["Charges", subtotal.toFixed(2)], ["Credits", "0.00"], [`${country.tax.label}`, tax.toFixed(2)], ["Total for this invoice", total.toFixed(2)]];
    for (const [l, v] of sumRows) {
      pen.text(page, l, LEFT, y, body, l.startsWith("Total"));
      pen.right(page, `${currency} ${v}`, RIGHT, y, body, l.startsWith("Total"));
      y += lh;
    }
    y += 20;
    const remit = [
      "Remit to:",
      ...(dice.chance(0.6) || !letterhead ? [issuer.name] : []),
      `Bank: ${stem(dice.r, "en")} Bank`,
      country.code === "US" || country.code === "CA" ? `Routing: ${dice.digits(9)}  Account: ${dice.digits(10)}` : `Account: ${dice.digits(8)}  Sort/BSB: ${dice.digits(6)}`,
      `SWIFT: ${up(stem(dice.r, "en")).slice(0, 4)}${country.code}${dice.pick(["33", "2X", "6S"])}`,
    ];
    block(remit, LEFT, y);
    const issued = [`Issued by ${issuer.name}`, ...issuer.lines, ...(reg ? [reg.printed] : [])];
    if (letterhead || dice.chance(0.5)) {
      block(issued.slice(letterhead ? 1 : 0), 320, y);
      regPrinted = reg !== null;
    } else footerName = true;
  } else {
    logo(page, LEFT, 40);
    pen.right(page, receipt ? "RECEIPT" : "INVOICE", RIGHT, 60, 22, true);
    const rows: [string, string][] = receipt
      ? [["Receipt #", receiptNo], ["Date paid", fmtDate(invoiceDate)], ...(dice.chance(0.7) ? ([["Payment method", `Visa - ${dice.digits(4)}`]] as [string, string][]) : [])]
      : [["Invoice #", invoiceNo], ["Invoice Date", fmtDate(invoiceDate)], ["Due Date", fmtDate(due)], ...(dice.chance(0.5) ? ([["Terms", dice.pick(["Net 30", "Due on receipt", "Net 15"])]] as [string, string][]) : []), ...(dice.chance(0.4) ? ([["Customer ID", `CUS-${dice.digits(5)}`]] as [string, string][]) : [])];
    kv(
      rows.map(([l, v]) => [`${l}:`, v]),
      380,
      90,
      75,
    );
    const y1 = block([dice.pick(["Bill To", "BILL TO", "Billed to"]), ...billTo], LEFT, 130);
    if (dice.chance(0.35)) block(["Ship To", ...billTo.slice(0, -1)], 220, 130);
    table(Math.max(y1, 90 + (rows.length + 1) * lh) + 30, ["Description", "Qty", "Rate", "Amount"], false);
    footerName = true;
  }
  if (footerName) {
    const foot = [issuer.name, ...issuer.lines.filter((l) => l !== country.name), `www.${issuer.domain}`, ...(reg && !regPrinted ? [reg.printed] : [])];
    regPrinted = reg !== null;
    pen.centre(page, foot.join(" · "), W / 2, H - 50, 7);
  }

  doc.setCreationDate(new Date(Date.UTC(2025, 0, 1)));
  doc.setModificationDate(new Date(Date.UTC(2025, 0, 1)));
  doc.setProducer("folio bench/invoices");
  const file = `${String(index + 1).padStart(3, "0")}.pdf`;
  return {
    pdf: await doc.save({ useObjectStreams: false }),
    truth: {
      file,
      lang: "en",
      group: style,
      country: country.code,
      invoice_number: style === "vendor" && receipt ? receiptNo : invoiceNo,
      issuer: issuer.name,
      document_date: invoiceDate.toISOString().slice(0, 10),
      total,
      currency,
      ...(regPrinted && reg ? { vat_id: reg.id } : {}),
      layout: `style=${style}${receipt ? "/receipt" : ""} ${country.code} cur=${currency}${isoAlways ? "/iso" : ""} dates=${us ? "us" : "dayfirst"}${form} rcpt=${rcptFirm ? "firm" : "person"}@${rcptCountry.code} tax=${rate}${discount ? " discount" : ""}${footerName ? " footer-name" : ""}`,
    },
  };
}
