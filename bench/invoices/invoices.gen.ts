/**
 * `npx tsx bench/invoices/invoices.gen.ts [--family saas] [seed] [count]` → `.cache/invoices/seed-<seed>/NNN.pdf` +
 * `manifest.json` (`saas-seed-<seed>` for the saas family, see invoices.saas.ts; or `OUT_DIR`). This module is the
 * European family:
 *
 * Generates synthetic invoices as text-layer PDFs (pdf-lib, standard fonts, WinAnsi; characters it cannot encode are
 * transliterated), seeded and deterministic: invoice `i` of seed `s` is the same file on every run. What varies is
 * what made field extraction fail on real invoices nobody here had seen (issue #12):
 * - language EN, NL, DE, FR, ES, IT: labels, month names, number formats (`1.234,56`, `1,234.56`, `1 234,56`),
 *   date forms; issuer countries per language (GB/IE/US, NL/BE, DE/AT, FR/BE, ES, IT) with their VAT rates,
 *   currency, VAT id (valid check digits) and IBAN;
 * - the issuer: letterhead top-left, top-right or centred, or a picture logo with the name only in the footer or a
 *   legal line (register, VAT id, IBAN, web/e-mail domain matching the name); legal forms per country; sometimes a
 *   small sender line above the recipient;
 * - the recipient block (its own company, attention line, address, sometimes its own VAT id) left or right, with
 *   or without its label;
 * - header fields as `label: value`, label and value in columns, labels above values, or a ruled key/value table,
 *   in random order, with distractors (customer, order, reference, delivery note, contract numbers; order,
 *   delivery, due dates, service period); sometimes the number only in the title (`Rechnung Nr. 2025-0117`);
 * - a line-item table, subtotal, one or two VAT lines, the total under one of many labels; currency as a symbol or
 *   an ISO code, before or after the amount, or only in a column header; sometimes a second page with terms.
 * Company names, people and towns are invented from syllables (invoices.vocabulary.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument, StandardFonts, rgb, type PDFPage } from "pdf-lib";
import { Dice, H, LEFT, Pen, RIGHT, W, rng } from "./invoices.pen.js";
import { generateHtmlInvoice, printHtmlInvoices } from "./invoices.html.js";
import { generateSaasInvoice } from "./invoices.saas.js";
import { iban, vatId } from "./invoices.ids.js";
import { COUNTRIES, GIVEN, ISSUER_COUNTRIES, LEGAL_FORMS, TRADES, WORDS, stem, type Country, type Lang, type LangWords } from "./invoices.vocabulary.js";
import type { GeneratedInvoice, GeneratedTruth } from "./invoices.types.js";

/** Amount formatting of a language/country (`1.234,56`, `1,234.56`, `1 234,56`), grouping sometimes left out. */
function moneyFormat(lang: Lang, country: Country["code"], grouped: boolean): (n: number) => string {
  const point = lang === "en" || country === "GB" || country === "US" || country === "IE";
  const group = !grouped ? "" : point ? "," : lang === "fr" ? " " : ".";
  return (n) => {
    const [i, dec] = Math.abs(n).toFixed(2).split(".");
    const int = (i ?? "0").replace(/\B(?=(\d{3})+(?!\d))/g, group);
    return `${n < 0 ? "-" : ""}${int}${point ? "." : ","}${dec}`;
  };
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Date formatting of a language: one form per invoice. */
function dateFormat(dice: Dice, w: LangWords, lang: Lang, country: Country["code"]): (d: Date) => string {
  const m = (d: Date): string => w.months[d.getUTCMonth()] as string;
  const dd = (d: Date): string => pad(d.getUTCDate());
  const mm = (d: Date): string => pad(d.getUTCMonth() + 1);
  const y = (d: Date): number => d.getUTCFullYear();
  const forms: Record<Lang, ((d: Date) => string)[]> = {
    en:
      country === "US"
        ? [(d) => `${mm(d)}/${dd(d)}/${y(d)}`, (d) => `${m(d)} ${d.getUTCDate()}, ${y(d)}`, (d) => `${m(d).slice(0, 3)} ${d.getUTCDate()}, ${y(d)}`]
        : [(d) => `${dd(d)}/${mm(d)}/${y(d)}`, (d) => `${d.getUTCDate()} ${m(d)} ${y(d)}`, (d) => `${dd(d)} ${m(d).slice(0, 3)} ${y(d)}`, (d) => `${y(d)}-${mm(d)}-${dd(d)}`],
    nl: [(d) => `${dd(d)}-${mm(d)}-${y(d)}`, (d) => `${d.getUTCDate()} ${m(d)} ${y(d)}`, (d) => `${y(d)}-${mm(d)}-${dd(d)}`, (d) => `${dd(d)}/${mm(d)}/${y(d)}`],
    de: [(d) => `${dd(d)}.${mm(d)}.${y(d)}`, (d) => `${d.getUTCDate()}. ${m(d)} ${y(d)}`, (d) => `${dd(d)}.${mm(d)}.${String(y(d)).slice(2)}`],
    fr: [(d) => `${dd(d)}/${mm(d)}/${y(d)}`, (d) => `${d.getUTCDate()} ${m(d)} ${y(d)}`, (d) => `${dd(d)}.${mm(d)}.${y(d)}`],
    es: [(d) => `${dd(d)}/${mm(d)}/${y(d)}`, (d) => `${d.getUTCDate()} de ${m(d)} de ${y(d)}`, (d) => `${dd(d)}-${mm(d)}-${y(d)}`],
    it: [(d) => `${dd(d)}/${mm(d)}/${y(d)}`, (d) => `${d.getUTCDate()} ${m(d)} ${y(d)}`, (d) => `${dd(d)}-${mm(d)}-${y(d)}`],
  };
  return dice.pick(forms[lang]);
}

const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86_400_000);
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const ascii = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss").toLowerCase();

/** An invented company: its name, domain and address. */
interface Company {
  name: string;
  domain: string;
  street: string;
  town: string;
  postcode: string;
  country: Country;
}

function company(dice: Dice, lang: Lang, country: Country): Company {
  const a = stem(dice.r, lang);
  const trade = dice.pick(TRADES[lang]);
  const form = dice.pick(LEGAL_FORMS[country.code]);
  const shape = dice.int(0, 3);
  const core = shape === 0 ? `${a} ${trade}` : shape === 1 && lang !== "en" && lang !== "de" ? `${trade} ${a}` : shape === 2 ? `${a} & ${stem(dice.r, lang)}` : lang === "nl" && dice.chance(0.5) ? `Van ${a} ${trade}` : `${a} ${trade}`;
  const name = `${core} ${form}`;
  const tld = { GB: "co.uk", IE: "ie", US: "com", NL: "nl", BE: "be", DE: "de", AT: "at", FR: "fr", ES: "es", IT: "it" }[country.code];
  const domainCore = dice.chance(0.5) ? ascii(a) : ascii(core).replace(/&/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const w = WORDS[lang];
  const streetWord = dice.pick(w.streets);
  const streetName = w.streetFirst ? `${streetWord}${stem(dice.r, lang)}` : `${stem(dice.r, lang)}${streetWord}`;
  const no = String(dice.int(1, 180));
  const street = lang === "en" || lang === "fr" ? `${no} ${streetName}` : lang === "it" || lang === "es" ? `${streetName}, ${no}` : `${streetName} ${no}`;
  return { name, domain: `${domainCore}.${tld}`, street, town: stem(dice.r, lang), postcode: country.postcode(dice.r), country };
}

const townLine = (c: Company): string => (c.country.postcodeAfter ? `${c.town} ${c.postcode}` : `${c.postcode} ${c.town}`);

/** One priced line of the item table. */
interface Item {
  desc: string;
  qty: number;
  unit: number;
  rate: number;
  amount: number;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** Identifier shapes of the distractors and the invoice number. */
function idShapes(dice: Dice, year: number): Record<"invoice" | "customer" | "order" | "reference" | "delivery" | "contract", () => string> {
  return {
    invoice: () =>
      dice.pick([
        () => `${dice.pick(["INV", "RE", "FA", "F", "FV", "FAC", "R"])}-${year}-${dice.digits(4)}`,
        () => `${year}${dice.digits(4)}`,
        () => dice.digits(5),
        () => dice.digits(6),
        () => `${year}/${dice.digits(3)}`,
        () => `${dice.pick(["INV", "RG", "FT", "A"])}${dice.digits(6)}`,
        () => `${dice.digits(2)}-${dice.digits(5)}`,
      ])(),
    customer: () => dice.pick([() => `K${dice.digits(5)}`, () => dice.digits(5), () => `CUST-${dice.digits(4)}`, () => `C${dice.digits(6)}`, () => `D${dice.digits(5)}`])(),
    order: () => dice.pick([() => `PO-${dice.digits(5)}`, () => `45${dice.digits(8)}`, () => `B-${year}-${dice.digits(4)}`, () => `ORD${dice.digits(6)}`, () => dice.digits(6)])(),
    reference: () => dice.pick([() => `REF-${dice.digits(4)}`, () => `${dice.pick(["AB", "KM", "JV", "SL"])}/${dice.pick(["tw", "mr", "ch"])}`, () => `P${dice.digits(4)}`])(),
    delivery: () => dice.pick([() => `LS-${dice.digits(6)}`, () => `DN${dice.digits(5)}`, () => dice.digits(7)])(),
    contract: () => dice.pick([() => `V-${year}-${dice.digits(3)}`, () => `CT${dice.digits(5)}`])(),
  };
}

/**
 * Generates invoice `index` of `seed`. Deterministic: the same arguments give the same bytes (pdf-lib's dates are
 * fixed below).
 */
export async function generateInvoice(seed: number, index: number): Promise<GeneratedInvoice> {
  const dice = new Dice(rng(seed * 100_003 + index * 7_919 + 17));
  const lang = dice.pick(["en", "nl", "de", "fr", "es", "it"] as const);
  const w = WORDS[lang];
  const country = COUNTRIES[dice.pick(ISSUER_COUNTRIES[lang])];
  const issuer = company(dice, lang, country);
  const rcptCountry = dice.chance(0.8) ? country : COUNTRIES[dice.pick(["GB", "NL", "DE", "FR", "ES", "IT", "BE"] as const)];
  const recipient = company(dice, dice.chance(0.8) ? lang : dice.pick(["en", "de", "nl"] as const), rcptCountry);
  const vat = vatId(dice, country.code);
  const rcptVat = rcptCountry.code !== "US" && dice.chance(0.35) ? vatId(dice, rcptCountry.code) : null;
  const account = country.ibanLength > 0 ? iban(dice, country) : `${dice.digits(9)} (routing ${dice.digits(9)})`;
  const bic = `${ascii(issuer.town).slice(0, 4).toUpperCase().padEnd(4, "X")}${country.code}${dice.pick(["2A", "33", "FF", "MM", "2X"])}`;
  const phone = country.code === "US" ? `+1 ${dice.digits(3)} ${dice.digits(3)} ${dice.digits(4)}` : `+${{ GB: 44, IE: 353, NL: 31, BE: 32, DE: 49, AT: 43, FR: 33, ES: 34, IT: 39 }[country.code]} ${dice.digits(2)} ${dice.digits(3)} ${dice.digits(4)}`;
  const person = `${dice.pick(GIVEN)} ${stem(dice.r, lang)}`;

  // Dates.
  const invoiceDate = new Date(Date.UTC(2024, 0, 1) + dice.int(0, 500) * 86_400_000);
  const year = invoiceDate.getUTCFullYear();
  const fmtDate = dateFormat(dice, w, lang, country.code);
  const fmt = moneyFormat(lang, country.code, dice.chance(0.7));
  const ids = idShapes(dice, year);
  const invoiceNo = ids.invoice();

  // Items and totals.
  const twoRates = country.rates.length > 1 && dice.chance(0.3);
  const items: Item[] = Array.from({ length: dice.int(1, 8) }, () => {
    const qty = dice.chance(0.5) ? 1 : dice.int(2, 24);
    const unit = cents(dice.pick([5, 20, 80, 300, 1500]) * (0.3 + dice.r() * 2));
    const rate = twoRates && dice.chance(0.4) ? (country.rates[1] as number) : (country.rates[0] as number);
    return { desc: dice.pick(w.items), qty, unit, rate, amount: cents(qty * unit) };
  });
  const net = cents(items.reduce((s, i) => s + i.amount, 0));
  const rates = [...new Set(items.map((i) => i.rate))].sort((a, b) => b - a);
  const taxes = rates.map((r) => ({ rate: r, base: cents(items.filter((i) => i.rate === r).reduce((s, i) => s + i.amount, 0)) })).map((t) => ({ ...t, tax: cents((t.base * t.rate) / 100) }));
  const total = cents(net + taxes.reduce((s, t) => s + t.tax, 0));

  // Currency as printed.
  const symbol = { EUR: "€", GBP: "£", USD: "$" }[country.currency];
  const curStyle = dice.pick(["symbolBefore", "symbolAfter", "isoBefore", "isoAfter", "column"] as const);
  const withCur = (s: string): string =>
    curStyle === "symbolBefore" ? (country.currency === "EUR" ? `€ ${s}` : `${symbol}${s}`) : curStyle === "symbolAfter" ? `${s} ${symbol}` : curStyle === "isoBefore" ? `${country.currency} ${s}` : curStyle === "isoAfter" ? `${s} ${country.currency}` : s;
  const curOnRows = curStyle !== "column" && dice.chance(0.4);

  // Fonts.
  const doc = await PDFDocument.create();
  const family = dice.int(0, 2);
  const regular = await doc.embedFont([StandardFonts.Helvetica, StandardFonts.TimesRoman, StandardFonts.Courier][family] as StandardFonts);
  const bold = await doc.embedFont([StandardFonts.HelveticaBold, StandardFonts.TimesRomanBold, StandardFonts.CourierBold][family] as StandardFonts);
  const pen = new Pen(regular, bold, new Set(regular.getCharacterSet()));
  const body = family === 2 ? 8.5 : dice.pick([9, 9.5, 10]);
  const lh = body * 1.4;
  const pages = dice.chance(0.25) ? 2 : 1;
  const page = doc.addPage([W, H]);

  // Header: letterhead.
  const head = dice.pick(["left", "right", "centre", "logo", "left", "right"] as const);
  const nameSize = dice.pick([13, 15, 18, 20]);
  const titleWithNumber = dice.chance(0.15);
  const title = titleWithNumber ? `${dice.pick(w.title)} ${dice.pick(["", "Nr. ", "No. ", "N° ", "# "].filter((p) => lang === "de" || p !== "Nr. "))}${invoiceNo}`.replace(/\s+/g, " ") : dice.pick(w.title);
  const vatWhere = dice.pick(["header", "footer", "footer", "totals"] as const);
  const vatLabel = dice.pick(w.vatIdLabel);
  const headLines = [issuer.street, townLine(issuer), ...(dice.chance(0.4) ? [issuer.country.name[lang]] : []), ...(dice.chance(0.5) ? [`${dice.pick(w.phone)} ${phone}`] : []), ...(dice.chance(0.4) ? [`${dice.pick(["info", "billing", "accounts", "office"])}@${issuer.domain}`] : [])];
  if (vat && vatWhere === "header") headLines.push(`${vatLabel} ${vat.printed}`);
  let top = 60;
  if (head === "logo") {
    // A picture logo: shapes, no text; the address beside it; the name only in the footer.
    page.drawRectangle({ x: LEFT, y: H - 95, width: 46, height: 46, color: rgb(0.2, 0.3, 0.55) });
    page.drawCircle({ x: LEFT + 80, y: H - 72, size: 20, color: rgb(0.75, 0.35, 0.2) });
    headLines.forEach((l, i) => pen.right(page, l, RIGHT, 60 + i * lh, body));
    pen.text(page, title, LEFT, 130, 18, true);
    top = Math.max(150, 60 + headLines.length * lh + 10);
  } else if (head === "centre") {
    pen.centre(page, issuer.name, W / 2, 60, nameSize, true);
    pen.centre(page, headLines.join(" · "), W / 2, 60 + nameSize, body * 0.9);
    pen.text(page, title, LEFT, 60 + nameSize + 40, 18, true);
    top = 60 + nameSize + 60;
  } else {
    const x = head === "left" ? LEFT : RIGHT;
    const draw = head === "left" ? pen.text.bind(pen) : pen.right.bind(pen);
    draw(page, issuer.name, x, 60, nameSize, true);
    headLines.forEach((l, i) => draw(page, l, x, 60 + nameSize + i * lh, body));
    const titleX = head === "left" ? RIGHT : LEFT;
    if (dice.chance(0.5)) (head === "left" ? pen.right.bind(pen) : pen.text.bind(pen))(page, title, titleX, 66, 20, true);
    else pen.text(page, title, LEFT, 60 + nameSize + headLines.length * lh + 30, 18, true);
    top = 60 + nameSize + headLines.length * lh + 50;
  }

  // Recipient block (with the small sender line above it, DIN-letter style, sometimes).
  const rcptLeft = dice.chance(0.7);
  const rx = rcptLeft ? LEFT : 330;
  let ry = top + 10;
  if (dice.chance(head === "logo" ? 0.5 : 0.25)) {
    pen.text(page, `${issuer.name} · ${issuer.street} · ${townLine(issuer)}`, rx, ry, 6.5);
    ry += 12;
  }
  const rcptLabel = dice.chance(0.75) ? dice.pick(w.billTo) : null;
  const rcptLines = [
    ...(rcptLabel ? [[`${rcptLabel}${dice.chance(0.6) ? ":" : ""}`, true] as const] : []),
    [recipient.name, false] as const,
    ...(dice.chance(0.4) ? [[`${dice.pick(w.attn)} ${dice.pick(GIVEN)} ${stem(dice.r, lang)}`, false] as const] : []),
    [recipient.street, false] as const,
    [townLine(recipient), false] as const,
    ...(rcptCountry !== country || dice.chance(0.2) ? [[recipient.country.name[lang], false] as const] : []),
    ...(rcptVat ? [[`${dice.pick(w.customerVatIdLabel)}: ${rcptVat.printed}`, false] as const] : []),
  ];
  rcptLines.forEach(([l, b], i) => pen.text(page, l, rx, ry + i * lh, body, b));
  const rcptBottom = ry + rcptLines.length * lh;

  // Header fields.
  const fields: [string, string][] = [];
  if (!titleWithNumber || dice.chance(0.3)) fields.push([dice.pick(w.invoiceNo), invoiceNo]);
  fields.push([dice.pick(w.invoiceDate), fmtDate(invoiceDate)]);
  const distractors: [string, string][] = [
    [dice.pick(w.customerNo), ids.customer()],
    [dice.pick(w.orderNo), ids.order()],
    [dice.pick(w.reference), ids.reference()],
    [dice.pick(w.deliveryNote), ids.delivery()],
    [dice.pick(w.contract), ids.contract()],
    [dice.pick(w.orderDate), fmtDate(addDays(invoiceDate, -dice.int(3, 30)))],
    [dice.pick(w.deliveryDate), fmtDate(addDays(invoiceDate, -dice.int(0, 10)))],
    [dice.pick(w.dueDate), fmtDate(addDays(invoiceDate, dice.pick([14, 30, 60])))],
    [dice.pick(w.period), `${fmtDate(new Date(Date.UTC(year, invoiceDate.getUTCMonth(), 1)))} – ${fmtDate(addDays(new Date(Date.UTC(year, invoiceDate.getUTCMonth() + 1, 1)), -1))}`],
  ];
  fields.push(...dice.shuffle(distractors).slice(0, dice.int(1, 5)).filter(([, v]) => v !== invoiceNo));
  if (dice.chance(0.5)) dice.shuffle(fields);
  if (curStyle === "column" && dice.chance(0.5)) fields.push([dice.pick(["Currency", "Währung", "Valuta", "Devise", "Moneda", "Valuta"]), country.currency]);
  const fieldStyle = dice.pick(["colon", "columns", "above", "table"] as const);
  const beside = fieldStyle !== "above" && dice.chance(0.7);
  const fx = beside ? (rcptLeft ? 330 : LEFT) : LEFT;
  let fy = beside ? top + 10 : rcptBottom + 20;
  if (fieldStyle === "above") {
    const colW = (RIGHT - LEFT) / Math.min(5, fields.length);
    fields.forEach(([label, value], i) => {
      const row = Math.floor(i / 5);
      const x = LEFT + (i % 5) * colW;
      pen.text(page, label, x, fy + row * 2.6 * lh, body * 0.85, true);
      pen.text(page, value, x, fy + row * 2.6 * lh + lh, body);
    });
    fy += Math.ceil(fields.length / 5) * 2.6 * lh;
  } else {
    const valueX = fx + Math.max(...fields.map(([l]) => pen.width(l, body))) + 14;
    for (const [label, value] of fields) {
      if (fieldStyle === "colon") pen.text(page, `${label}: ${value}`, fx, fy, body);
      else {
        pen.text(page, fieldStyle === "table" ? label : `${label}${dice.chance(0.5) ? ":" : ""}`, fx + (fieldStyle === "table" ? 3 : 0), fy, body);
        if (dice.chance(0.5) && beside) pen.right(page, value, fx === LEFT ? 300 : RIGHT, fy, body);
        else pen.text(page, value, valueX, fy, body);
        if (fieldStyle === "table") pen.rule(page, fx, fx === LEFT ? 300 : RIGHT, fy + 4);
      }
      fy += lh;
    }
  }
  let y = Math.max(fy, rcptBottom) + 30;

  // Item table.
  const showVatCol = twoRates || dice.chance(0.3);
  const amountHead = curStyle === "column" ? `${dice.pick(w.amount)} (${dice.chance(0.5) ? country.currency : symbol})` : dice.pick(w.amount);
  const unitHead = dice.pick(w.unitPrice);
  const vatHead = dice.pick(w.vatCol);
  const qtyHead = dice.pick(w.qty);
  const rowMoney = (n: number): string => (curOnRows ? withCur(fmt(n)) : fmt(n));
  // Columns from the right, each as wide as its header or widest cell, so no two overlap.
  const widest = (head: string, cells: string[]): number => Math.max(pen.width(head, body, true), ...cells.map((c) => pen.width(c, body)));
  const colAmount = RIGHT;
  const colVat = colAmount - widest(amountHead, items.map((i) => rowMoney(i.amount))) - 14;
  const colUnit = (showVatCol ? colVat - widest(vatHead, ["22,5 %"]) : colVat + 14) - 14;
  const colQty = colUnit - widest(unitHead, items.map((i) => rowMoney(i.unit))) - 14;
  pen.text(page, dice.pick(w.description), LEFT, y, body, true);
  pen.right(page, qtyHead, colQty, y, body, true);
  pen.right(page, unitHead, colUnit, y, body, true);
  if (showVatCol) pen.right(page, vatHead, colVat, y, body, true);
  pen.right(page, amountHead, colAmount, y, body, true);
  pen.rule(page, LEFT, RIGHT, y + 4);
  y += lh + 2;
  for (const it of items) {
    pen.text(page, it.desc, LEFT, y, body);
    pen.right(page, String(it.qty), colQty, y, body);
    pen.right(page, rowMoney(it.unit), colUnit, y, body);
    if (showVatCol) pen.right(page, `${String(it.rate).replace(".", lang === "en" ? "." : ",")} %`, colVat, y, body);
    pen.right(page, rowMoney(it.amount), colAmount, y, body);
    y += lh;
  }
  pen.rule(page, 320, RIGHT, y - lh + 4);
  y += 8;

  // Totals.
  const tx = 340;
  const totalCur = curStyle === "column" ? (s: string) => s : withCur;
  pen.text(page, dice.pick(w.subtotal), tx, y, body);
  pen.right(page, totalCur(fmt(net)), RIGHT, y, body);
  y += lh;
  const vatWord = dice.pick(w.vat);
  for (const t of taxes) {
    const rate = String(t.rate).replace(".", lang === "en" ? "." : ",");
    const label = vatWord.replace("{r}", rate) + (taxes.length > 1 && dice.chance(0.5) ? ` (${fmt(t.base)})` : "");
    pen.text(page, label, tx, y, body);
    pen.right(page, totalCur(fmt(t.tax)), RIGHT, y, body);
    y += lh;
  }
  pen.rule(page, tx, RIGHT, y - lh + 5);
  const totalSize = body + dice.pick([0, 1, 2]);
  pen.text(page, dice.pick(w.total), tx, y + 3, totalSize, true);
  pen.right(page, country.currency === "USD" && curStyle === "column" ? `$${fmt(total)}` : totalCur(fmt(total)), RIGHT, y + 3, totalSize, true);
  y += lh * 2.5;

  // Payment line, VAT id near the totals, thanks.
  pen.text(page, dice.pick(w.payLine).replace("{n}", invoiceNo).replace("{d}", String(dice.pick([14, 30]))), LEFT, y, body);
  y += lh;
  if (vat && vatWhere === "totals") {
    pen.text(page, `${vatLabel}: ${vat.printed}`, LEFT, y, body);
    y += lh;
  }
  if (dice.chance(0.5)) pen.text(page, dice.pick(w.thanks), LEFT, y + lh, body);

  // Footer (always when the letterhead printed no name, so the issuer appears somewhere in type).
  const web = `www.${issuer.domain}`;
  const reg = dice.pick(w.regLabel).replace("{t}", issuer.town);
  const regNo = `${reg} ${dice.digits(dice.pick([5, 6, 8]))}`;
  const footerStyle = head === "logo" ? dice.pick(["columns", "line"] as const) : dice.pick(["columns", "line", "none"] as const);
  const drawFooter = (p: PDFPage, pageNo: number): void => {
    const small = 6.5;
    if (footerStyle === "columns") {
      const cols = [
        [issuer.name, issuer.street, townLine(issuer)],
        [`${dice.pick(w.phone)} ${phone}`, `${dice.pick(w.email)}: ${dice.pick(["info", "billing", "contact"])}@${issuer.domain}`, web],
        [`${dice.pick(w.bank)}: ${stem(dice.r, lang)} Bank`, `IBAN ${account}`, `BIC ${bic}`],
        [regNo, ...(vat && vatWhere === "footer" ? [`${vatLabel} ${vat.printed}`] : []), `${dice.pick(w.director)}: ${person}`],
      ];
      pen.rule(p, LEFT, RIGHT, H - 72);
      // Each column as wide as its longest line; what does not fit beside the others goes on a line below them.
      let x = LEFT;
      let below = H - 62 + 3 * 9;
      for (const c of cols) {
        const width = Math.max(...c.map((l) => pen.width(l, small)));
        if (x + width > RIGHT) {
          pen.text(p, c.join(" · "), LEFT, below, small);
          below += 9;
          continue;
        }
        c.forEach((l, k) => pen.text(p, l, x, H - 62 + k * 9, small));
        x += width + 14;
      }
    } else if (footerStyle === "line") {
      pen.centre(p, `${issuer.name} · ${issuer.street} · ${townLine(issuer)} · ${regNo}`, W / 2, H - 52, small);
      pen.centre(p, `${vat && vatWhere === "footer" ? `${vatLabel} ${vat.printed} · ` : ""}IBAN ${account} · BIC ${bic} · ${web}`, W / 2, H - 43, small);
    } else if (vat && vatWhere === "footer") {
      pen.centre(p, `${vatLabel} ${vat.printed} · IBAN ${account}`, W / 2, H - 43, small);
    }
    if (pages > 1) pen.right(p, dice.pick(w.page).replace("{p}", String(pageNo)).replace("{t}", String(pages)), RIGHT, H - 25, small);
  };
  drawFooter(page, 1);

  // A second page with terms.
  if (pages > 1) {
    const p2 = doc.addPage([W, H]);
    if (head !== "logo" && dice.chance(0.5)) pen.text(p2, issuer.name, LEFT, 50, body, true);
    pen.text(p2, dice.pick(w.termsTitle), LEFT, 80, 13, true);
    let ty = 105;
    dice.shuffle([...w.terms]).forEach((t, i) => {
      pen.text(p2, `${i + 1}. ${t}`, LEFT, ty, body);
      ty += lh * 1.5;
    });
    drawFooter(p2, 2);
  }

  doc.setCreationDate(new Date(Date.UTC(2025, 0, 1)));
  doc.setModificationDate(new Date(Date.UTC(2025, 0, 1)));
  doc.setProducer("folio bench/invoices");
  const file = `${String(index + 1).padStart(3, "0")}.pdf`;
  const layout = `lang=${lang} head=${head} vat@${vatWhere} fields=${fieldStyle}${beside ? "/beside" : ""} rcpt=${rcptLeft ? "left" : "right"}${rcptLabel ? "" : "/unlabelled"} cur=${curStyle} footer=${footerStyle}${titleWithNumber ? " title#" : ""}${pages > 1 ? " 2p" : ""}`;
  return {
    pdf: await doc.save({ useObjectStreams: false }),
    truth: { file, lang, country: country.code, invoice_number: invoiceNo, issuer: issuer.name, document_date: iso(invoiceDate), total, currency: country.currency, ...(vat ? { vat_id: vat.id } : {}), layout },
  };
}

/**
 * The generator families: European multi-language invoices, English SaaS/cloud invoices (invoices.saas.ts), or
 * HTML invoices printed by Chromium (invoices.html.ts).
 */
export type InvoiceFamily = "europe" | "saas" | "html";

/** Parses a `--family` value. */
export function invoiceFamily(value: string | undefined): InvoiceFamily {
  return value === "saas" || value === "html" ? value : "europe";
}

/** The default folder of a family's seed under `.cache/invoices`. */
export function invoiceDir(family: InvoiceFamily, seed: number): string {
  return `.cache/invoices/${family === "europe" ? "" : `${family}-`}seed-${seed}`;
}

/** Generates `count` invoices of `seed` and `family` into `dir` (NNN.pdf + manifest.json); returns the manifest. */
export async function writeInvoices(seed: number, count: number, dir: string, family: InvoiceFamily = "europe"): Promise<GeneratedTruth[]> {
  mkdirSync(dir, { recursive: true });
  const manifest: GeneratedTruth[] = [];
  if (family === "html") {
    const invoices = Array.from({ length: count }, (_, i) => generateHtmlInvoice(seed, i));
    const pdfs = await printHtmlInvoices(invoices);
    invoices.forEach(({ truth }, i) => {
      writeFileSync(path.join(dir, truth.file), pdfs[i] as Uint8Array);
      manifest.push(truth);
    });
  }
  for (let i = 0; family !== "html" && i < count; i += 1) {
    const { pdf, truth } = family === "saas" ? await generateSaasInvoice(seed, i) : await generateInvoice(seed, i);
    writeFileSync(path.join(dir, truth.file), pdf);
    manifest.push(truth);
  }
  writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const fi = argv.indexOf("--family");
  const family = invoiceFamily(fi >= 0 ? argv[fi + 1] : undefined);
  const positional = argv.filter((a, i) => !a.startsWith("--") && (fi < 0 || i !== fi + 1));
  const seed = Number(positional[0] ?? 1);
  const count = Number(positional[1] ?? 40);
  const dir = path.resolve(process.env.OUT_DIR ?? invoiceDir(family, seed));
  await writeInvoices(seed, count, dir, family);
  console.log(`${count} invoices of seed ${seed} → ${dir}`);
}
