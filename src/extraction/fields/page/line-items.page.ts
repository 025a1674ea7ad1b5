/**
 * Line items by geometry: the rows of a page between an item table's heading
 * (or, on a receipt without one, the sale's details) and the first summary row
 * (subtotal, tax, total, tendered, change, an item count), whose right-most
 * value is an amount. With a heading the columns say which number is the
 * quantity, the unit price and the amount; without one a `2 x 1.50`,
 * `1 PC 9.000`, `@7.00` or `qty price amount` pattern that multiplies out
 * does. A description printed over several rows is joined; a row that only
 * carries numbers takes the description printed above it (or, when there is
 * none, below it).
 */
import type { LineItem } from "../../extraction.types.js";
import type { BBox, PageLine, PageModel, PageWord } from "../../page/page.model.js";
import { findAmounts, parseNumber, type AmountToken } from "../money.js";
import type { ExtractorContext } from "../types.js";
import { RATE_ROW } from "./amounts.page.js";
import { AMOUNT_LABELS } from "./labels.vocabulary.js";
import { ocrLabelView } from "./labels.ocr.js";
import { headingColumn, ITEM_COUNT_ROW, METADATA_ROW, type TableColumn } from "./line-items.vocabulary.js";
import { linesOf, rowOverlap, unionBox } from "./page.layout.js";

/** A visual row: the page's lines that share a baseline, left to right. */
interface Row {
  lines: PageLine[];
  words: PageWord[];
  box: BBox;
  text: string;
}

/** An amount printed on a row, with its box. */
interface Priced {
  token: AmountToken;
  box: BBox;
}

/** A heading of the item table: one column, its words' box. */
interface Heading {
  column: TableColumn;
  box: BBox;
}

/** The item table's columns, from its heading rows. */
interface Columns {
  headings: Heading[];
  description: Heading | null;
  quantity: Heading | null;
  price: Heading | null;
  amount: Heading | null;
}

/** A row read as an item, before its description is settled. */
interface Parsed {
  row: Row;
  amount: Priced;
  price: Priced | null;
  quantity: number | null;
  /** The row's own description words (none when the row only carries numbers and codes). */
  own: PageWord[];
  /** Rows of description printed above or below the row. */
  extra: Row[];
  /** A row under it that only gives its count and price ("@2 X RM 10.40"). */
  countRow?: Row;
}

const cents = (n: number): number => Math.round(n * 100) / 100;
const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.011;
const hasLetters = (words: readonly PageWord[]): boolean => words.some((w) => (w.text.match(/\p{L}/gu)?.length ?? 0) >= 2);
/** A row that can describe an item: it has words, and it does not count or sum the items ("TOTAL ITEMS :"). */
/** A row that ends with a count of the items, its label's start perhaps lost ("TAL QUANTITY 1", "TOTAL ITEMS: 3"). */
const COUNT_END = /(?<![\p{L}])(?:qty|quantity|items?)\s*:?\s*\d+\s*$/iu;
/** A row that opens with a summary's label: it sums or pays for the items, it names none of them. */
const SUMS_ROW = /^[^\p{L}]{0,6}(?:sub\s*-?\s*total|total|cash|change|rounding)(?![\p{L}])/iu;
/**
 * A row that can describe an item: it has words, and it does not count or sum the items ("TOTAL ITEMS :"), nor is it
 * the item table's heading ("ITEM/DESC.  QTY  U.PRICE  RM(TOTAL)").
 */
const describes = (row: Row): boolean => hasLetters(row.words) && !ITEM_COUNT_ROW.test(row.text) && !SUMS_ROW.test(row.text) && !COUNT_END.test(row.text) && headingsOf(row, [], true) === null;

/** A row of codes only (an SKU, a barcode, a shelf number): every word carries a digit or no letter at all. */
const codeRow = (row: Row): boolean => row.words.every((w) => /\d/.test(w.text) || !/\p{L}/u.test(w.text));

/** The page's lines grouped into visual rows, top to bottom. */
export function visualRows(page: PageModel): Row[] {
  const lines = [...linesOf(page)].sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const rows: { lines: PageLine[]; box: BBox }[] = [];
  for (const line of lines) {
    const last = rows[rows.length - 1];
    if (last && rowOverlap(last.box, line.box) > 0.5) {
      last.lines.push(line);
      last.box = unionBox([last.box, line.box]) as BBox;
    } else rows.push({ lines: [line], box: line.box });
  }
  return rows.map((r) => {
    const ls = [...r.lines].sort((a, b) => a.box.x0 - b.box.x0);
    return { lines: ls, box: r.box, words: ls.flatMap((l) => l.words).sort((a, b) => a.box.x0 - b.box.x0), text: ls.map((l) => page.text.slice(l.start, l.end)).join("\t") };
  });
}

/** Amounts with decimals on a row, left to right; a tax code glued to one ("2.50SR") is cut off. */
function rowAmounts(page: PageModel, row: Row, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): Priced[] {
  const out: Priced[] = [];
  for (const line of row.lines) {
    for (const t of findAmounts(page.text.slice(line.start, line.end), line.start, ctx.decimalComma, ctx.dominantCurrency)) {
      if (!t.hasDecimals) continue;
      const box = unionBox(line.words.filter((w) => w.start < t.end && w.end > t.start).map((w) => w.box));
      if (box) out.push({ token: t, box });
    }
  }
  for (const w of row.words) {
    if (out.some((p) => p.token.start < w.end && p.token.end > w.start)) continue;
    const m = /^(-?)(\d[\d.,]*[.,]\d{2})[A-Za-z]{1,3}$/.exec(w.text);
    // A currency glued in front ("RM9.00") that the amount reader gave to a count before it ("130 RM9.00").
    const c = m ? null : /^(-?)(?:RM|[$€£])(-?)(\d{1,3}(?:[.,]?\d{3})*[.,]\d{2})$/.exec(w.text);
    const digits = m?.[2] ?? c?.[3];
    const n = digits ? parseNumber(digits, ctx.decimalComma) : null;
    if (!n) continue;
    const negative = Boolean(m?.[1] || c?.[1] || c?.[2]);
    const end = m ? w.start + (m[1] as string).length + (m[2] as string).length : w.end;
    out.push({ token: { start: w.start, end, money: { amount: negative ? -n.value : n.value, currency: ctx.dominantCurrency }, explicitCurrency: c !== null, hasDecimals: true }, box: w.box });
  }
  return out.sort((a, b) => a.box.x0 - b.box.x0);
}

/** How a row ends the items: it sums, counts or pays for them (`end`), or sums one tax rate's part of them (`rate`, more items may follow). */
function summaryRow(page: PageModel, row: Row, amounts: readonly Priced[]): "end" | "rate" | null {
  // A line may hold several printed columns apart (a tab between them: "ITEM 3\tTOTAL WITH GST @ 6%\t41.48"); each
  // column opens with its own label.
  const segments = row.lines.flatMap((line) => {
    const printed = page.text.slice(line.start, line.end);
    return (page.source === "ocr" ? ocrLabelView(printed) : printed).split("\t");
  });
  for (const text of segments) {
    // A count needs its number: "QTY  ITEM  TOTAL" is the table's heading.
    if (ITEM_COUNT_ROW.test(text) && /\d/.test(row.text)) return "end";
    if (amounts.length === 0) continue;
    for (const label of AMOUNT_LABELS) {
      if (label.role === "discount") continue;
      const m = label.re.exec(text);
      // A label opens its row (after a count or a mark at most): "card" inside an item's name is not one.
      // Only the strongest total wordings end the items wherever they stand ("TAKEOUT TOTAL (INCL GST)").
      if (m && ((m.index <= 6 && !/\p{L}/u.test(text.slice(0, m.index))) || (label.role === "total" && label.strength >= 0.9))) {
        return label.role === "total" && RATE_ROW.test(text) ? "rate" : "end";
      }
    }
  }
  return null;
}

/** Heading rows: no amounts, and mostly words of column headings naming at least two kinds of column. */
function headingsOf(row: Row, amounts: readonly Priced[], strict: boolean): Heading[] | null {
  if (amounts.length > 0 || /summary|ringkasan|zusammenfassung|r[ée]capitulatif/i.test(row.text)) return null;
  const words = row.words.filter((w) => /[\p{L}\p{N}%#€$]/u.test(w.text));
  if (words.length === 0) return null;
  const classes = words.map((w) => headingColumn(w.text));
  const known = classes.filter((c) => c !== null).length;
  if (known < (strict ? 2 : 1) || known / words.length < 0.6) return null;
  // Words close together form one heading ("Prijs per stuk", "Unit Price"); a new kind of column starts a new one.
  const headings: Heading[] = [];
  let current: { column: TableColumn | null; box: BBox; last: PageWord } | null = null;
  for (const [i, w] of words.entries()) {
    const column = classes[i] ?? null;
    const h = w.box.y1 - w.box.y0;
    const close = current !== null && w.box.x0 - current.last.box.x1 < 0.8 * h;
    if (current && close && (column === null || column === "other" || current.column === null || column === current.column)) {
      current.box = unionBox([current.box, w.box]) as BBox;
      current.last = w;
      if (current.column === null || current.column === "other") current.column = column ?? current.column;
      continue;
    }
    if (current) headings.push({ column: current.column ?? "other", box: current.box });
    current = { column, box: w.box, last: w };
  }
  if (current) headings.push({ column: current.column ?? "other", box: current.box });
  if (strict) {
    const kinds = new Set(headings.map((h) => h.column).filter((c) => c !== "other"));
    const money = headings.filter((h) => h.column === "price" || h.column === "amount").length;
    if (kinds.size < 2 && money < 2) return null;
    if (money === 0) return null;
  }
  return headings;
}

/** The table's columns: the amount is the right-most amount heading, else the right-most price heading. */
function columnsOf(headings: readonly Heading[]): Columns {
  const of = (c: TableColumn) => headings.filter((h) => h.column === c).sort((a, b) => a.box.x0 - b.box.x0);
  const prices = of("price");
  const amounts = of("amount");
  const amount = amounts[amounts.length - 1] ?? prices[prices.length - 1] ?? null;
  const price = prices.filter((p) => p !== amount)[0] ?? null;
  return { headings: [...headings], description: of("description")[0] ?? null, quantity: of("quantity")[0] ?? null, price, amount };
}

/** The heading a box sits under: the one it overlaps most, else the nearest. */
function headingUnder(columns: Columns, box: BBox): Heading | null {
  let best: Heading | null = null;
  let bestScore = -Infinity;
  for (const h of columns.headings) {
    const overlap = Math.min(h.box.x1, box.x1) - Math.max(h.box.x0, box.x0);
    const score = overlap > 0 ? overlap : overlap - 1;
    if (score > bestScore) {
      best = h;
      bestScore = score;
    }
  }
  return best;
}

/** A quantity printed as a count: `2`, `1.00`, `2x`, `x2`, `@2`, or a number before `x`, `@`, `PC`, `PCS`, `EA`, `UNIT`. */
function quantityWords(words: readonly PageWord[]): { value: number; used: PageWord[] }[] {
  const out: { value: number; used: PageWord[] }[] = [];
  words.forEach((w, i) => {
    const next = words[i + 1];
    let m =
      /^@?(\d{1,4}(?:[.,]\d{1,3})?)[x×]$/i.exec(w.text) ??
      /^[x×@*](\d{1,4})$/i.exec(w.text) ??
      // A price and its count in one word, either way round ("2.50*3", "3x2.50"): the count is the part without cents.
      /^\d{1,6}[.,]\d{2}[*x×@](\d{1,4}(?:[.,]\d{1,3})?)$/i.exec(w.text) ??
      /^(\d{1,4})[*x×@]\d{1,6}[.,]\d{2}$/i.exec(w.text);
    if (m) out.push({ value: Number((m[1] as string).replace(",", ".")), used: [w] });
    else if ((m = /^@?(\d{1,4}(?:[.,]\d{1,3})?)$/.exec(w.text)) && next && /^(?:[x×@]|pcs?|ea|units?|stk?)$/i.test(next.text)) out.push({ value: Number((m[1] as string).replace(",", ".")), used: [w, next] });
    // The mark before a whole count ("15755  X  2  19.80"): an item code, then the count.
    else if (/^[x×]$/i.test(w.text) && next && /^\d{1,4}$/.test(next.text) && !/^\d{1,4}(?:[.,]\d{1,3})?$/.test(words[i - 1]?.text ?? "")) out.push({ value: Number(next.text), used: [w, next] });
  });
  return out.filter((q) => q.value > 0 && q.value < 10_000);
}

/** Reads a row as an item (null when it is not one): its amount, unit price, quantity and own description. */
function parseRow(row: Row, amounts: readonly Priced[], columns: Columns | null): Parsed | null {
  if (amounts.length === 0) return null;
  let amount: Priced | undefined;
  if (columns?.amount) {
    const under = amounts.filter((a) => headingUnder(columns, a.box) === columns.amount);
    amount = under[under.length - 1];
  } else amount = amounts[amounts.length - 1];
  if (!amount) return null;
  const a = amount;
  // Only a tax code or a mark may follow the amount ("5.20 S", "6.50 T", "9.00 *").
  const after = row.words.filter((w) => w.box.x0 >= a.box.x1 - 1e-6 && w.start >= a.token.end);
  if (after.length > 2 || after.some((w) => !/^(?:[A-Z]{1,3}|[*#]|\(?[A-Z]\)?)$/.test(w.text))) return null;
  const others = amounts.filter((p) => p !== a && p.box.x1 <= a.box.x0 + 1e-6);
  // Counts, signed too: a return prints "-2" items at a negative amount.
  const numbers = row.words.filter((w) => /^-?\d{1,4}(?:[.,]\d{1,3})?$/.test(w.text) && !amounts.some((p) => p.token.start < w.end && p.token.end > w.start));
  let price: Priced | null = null;
  let quantity: { value: number; used: PageWord[] } | null = null;
  if (columns) {
    price = (columns.price && others.filter((p) => headingUnder(columns, p.box) === columns.price).pop()) || null;
    const q = columns.quantity && numbers.find((w) => headingUnder(columns, w.box) === columns.quantity);
    if (q) quantity = { value: Number(q.text.replace(",", ".")), used: [q] };
  }
  const patterns = quantityWords(row.words);
  quantity ??= patterns[0] ?? null;
  if (!price) {
    // The price printed after the quantity's mark ("1 X 5.20", "@7.00"), else one that multiplies out with a count.
    const marked = others.find((p) => row.words.some((w, k) => (w.start < p.token.start && w.end >= p.token.end && w.text.startsWith("@")) || (w.start === p.token.start && row.words[k - 1]?.text === "@")));
    const qEnd = quantity ? Math.max(...quantity.used.map((w) => w.box.x1)) : null;
    const afterMark = qEnd !== null ? others.find((p) => p.box.x0 >= qEnd - 1e-6) : undefined;
    price = marked ?? afterMark ?? null;
    if (price && !quantity) {
      const p = price;
      const w = numbers.filter((x) => x.box.x1 <= p.box.x0 + 1e-6).reverse().find((x) => near(Number(x.text.replace(",", ".")) * p.token.money.amount, a.token.money.amount));
      if (w) quantity = { value: Number(w.text.replace(",", ".")), used: [w] };
    }
    if (!price || (quantity && !near(quantity.value * price.token.money.amount, a.token.money.amount))) {
      for (const p of [...others].reverse()) {
        // The count is printed before the price ("2 15.50 31.00") or between price and amount ("2.13 10 8 0 2 4.26").
        const left = numbers.filter((w) => w.box.x1 <= p.box.x0 + 1e-6).reverse();
        const between = numbers.filter((w) => w.box.x0 >= p.box.x1 - 1e-6 && w.box.x1 <= a.box.x0 + 1e-6).reverse();
        const counts = quantity ? [quantity] : [...left, ...between].map((w) => ({ value: Number(w.text.replace(",", ".")), used: [w] }));
        const fit = counts.find((c) => c.value !== 0 && near(c.value * p.token.money.amount, a.token.money.amount));
        if (fit) {
          price = p;
          quantity = fit;
          break;
        }
      }
    }
  }
  const used = new Set<PageWord>([...(quantity?.used ?? [])]);
  const spans = [a, price].filter((p): p is Priced => p !== null);
  const isValue = (w: PageWord) => spans.some((p) => p.token.start < w.end && p.token.end > w.start);
  const firstValueX = Math.min(...spans.map((p) => p.box.x0));
  const descStart = columns?.description ? columns.description.box.x0 - 0.01 : -1;
  // A bare number right of the quantity and under another column than the description (a tax rate, a discount) names nothing.
  const otherColumnNumber = (w: PageWord) =>
    columns !== null && columns.quantity !== null && w.box.x0 > (quantity?.used[0]?.box.x1 ?? 2) && headingUnder(columns, w.box) !== columns.description && /^[\d.,%]+$/.test(w.text);
  const own = row.words.filter((w) => !used.has(w) && !isValue(w) && w.box.x1 <= firstValueX + 1e-6 && w.box.x1 > descStart && !otherColumnNumber(w));
  // A currency printed apart from its amount ("€   399,00") is not part of the name.
  const named = own.filter((w) => !/^(?:[€$£¥₹]|RM|EUR|USD|MYR|GBP|INR|SGD)$/i.test(w.text));
  return { row, amount: a, price, quantity: quantity?.value ?? null, own: hasLetters(named) ? named : [], extra: [] };
}

/** A row holding only a count and a price ("@2 X RM 10.40"): the quantity line of the item beside it. */
function quantityOnly(row: Row, amounts: readonly Priced[]): { quantity: number; price: Priced } | null {
  if (amounts.length !== 1 || hasLetters(row.words.filter((w) => !/^(?:[x×@]|rm|pcs?|ea)$/i.test(w.text)))) return null;
  const q = quantityWords(row.words)[0];
  const p = amounts[0] as Priced;
  return q ? { quantity: q.value, price: p } : null;
}

/**
 * A row naming an item and its unit price only ("KK KACANG GORENG 400G @7.20"): its one amount is marked `@`. The row
 * with the count and the amount is printed under it (or above it); this row is that item's description, not an item.
 */
function unitPriceRow(row: Row, amounts: readonly Priced[]): Priced | null {
  if (amounts.length !== 1 || !hasLetters(row.words)) return null;
  const p = amounts[0] as Priced;
  const k = row.words.findIndex((w) => w.start <= p.token.start && w.end >= p.token.end);
  const w = row.words[k];
  if (!w || k !== row.words.length - 1) return null;
  return w.text.startsWith("@") || row.words[k - 1]?.text === "@" ? p : null;
}

/** Extracts the line items of one page. */
export function pageLineItems(page: PageModel, ctx: Pick<ExtractorContext, "decimalComma" | "dominantCurrency">): LineItem[] {
  const rows = visualRows(page);
  const amounts = rows.map((r) => rowAmounts(page, r, ctx));
  const kinds = rows.map((r, i) => summaryRow(page, r, amounts[i] ?? []));
  const summary = kinds.map((k) => k !== null);
  const firstSummary = summary.indexOf(true);
  // A heading above the summary rows opens the table; a second heading row under it adds columns ("QTY  RM  RM").
  let start = -1;
  let columns: Columns | null = null;
  for (let i = 0; i < rows.length && (firstSummary === -1 || i < firstSummary); i += 1) {
    const h = headingsOf(rows[i] as Row, amounts[i] ?? [], true);
    if (!h) continue;
    const all = [...h];
    let j = i + 1;
    for (; j < rows.length; j += 1) {
      const more = headingsOf(rows[j] as Row, amounts[j] ?? [], false);
      if (!more) break;
      all.push(...more.filter((m) => m.column !== "other" || !all.some((x) => x.box.x0 < m.box.x1 && x.box.x1 > m.box.x0)));
    }
    columns = columnsOf(all);
    start = j;
    break;
  }
  let end = rows.length;
  if (columns) {
    // A table that sums each tax rate's items apart ("TOTAL 0% SUPPLIES 7.61") lists more items after that row.
    const next = kinds.findIndex((k, i) => k === "end" && i >= start);
    if (next !== -1) end = next;
  } else {
    // No heading: the rows just above the first summary row, up to the sale's details (date, cashier, "Tax invoice").
    if (firstSummary <= 0) return [];
    end = firstSummary;
    start = end;
    let text = 0;
    for (let i = end - 1; i >= 0; i -= 1) {
      const row = rows[i] as Row;
      // A note in brackets on an item's row ("2 X 5.51 (DISC: 1.53)  7.96") is no label of the sale's details.
      const isItem = (amounts[i]?.length ?? 0) > 0 && !METADATA_ROW.test(row.text.replace(/\s*:\s*$/, "").replace(/\([^()]*\)/g, ""));
      if (!isItem) {
        if (METADATA_ROW.test(row.text) || (amounts[i]?.length ?? 0) > 0) break;
        text += 1;
        if (text > 3) break;
      } else text = 0;
      start = i;
    }
  }
  const inside = rows.map((_, i) => i).filter((i) => i >= start && i < end && !summary[i]);
  const items = assemble(page, inside.map((i) => rows[i] as Row), inside.map((i) => amounts[i] ?? []), columns);
  if (columns) return items;
  // Without a heading, rows are items only when they add up to an amount the summary rows print (net, gross, within
  // their rounding): an invoice's summary block ("Charges 4.11 / Credits 0.00") is no item list.
  const printed = rows.flatMap((_, i) => (i >= end && summary[i] ? (amounts[i] ?? []).map((p) => p.token.money.amount) : []));
  const sum = cents(items.reduce((s, it) => s + it.amount.amount, 0));
  const adds = [0, ...printed];
  const addsUp = printed.some((total) => adds.some((t) => adds.some((r) => near(sum + t + r, total))));
  // Rows that each multiply out (`1 X 19.00  19.00`) are an item list even when a misread amount keeps them from
  // adding up: they are kept, and the total's items-sum check fails as it should.
  const everyMultiplies = items.length >= 2 && items.every((it) => it.quantity !== null && it.unitPrice !== null && near(it.quantity * it.unitPrice.amount, it.amount.amount));
  return addsUp || everyMultiplies ? items : [];
}

/** Turns the table's rows into items: descriptions joined, count lines merged, the rest dropped. */
function assemble(page: PageModel, rows: readonly Row[], amounts: readonly Priced[][], columns: Columns | null): LineItem[] {
  const items: Parsed[] = [];
  let pending: Row[] = [];
  let lastRow: Row | null = null;
  const aboveLimit = columns ? 3 : 1;
  const unitRows = new Map<Row, Priced>();
  let namesBelow = false;
  rows.forEach((row, i) => {
    const priced = amounts[i] ?? [];
    const prev = items[items.length - 1];
    const q = quantityOnly(row, priced);
    if (q && prev && prev.quantity === null && near(q.quantity * q.price.token.money.amount, prev.amount.token.money.amount)) {
      prev.quantity = q.quantity;
      prev.price = q.price;
      prev.countRow = row;
      lastRow = row;
      return;
    }
    const unit = unitPriceRow(row, priced);
    if (unit) {
      unitRows.set(row, unit);
      pending.push(row);
      return;
    }
    const parsed = parseRow(row, priced, columns);
    if (parsed) {
      // Only codes on the row ("MFF350  50  1.60  80.00"), its name printed above: the name describes it.
      if (parsed.own.length > 0 && parsed.own.every((w) => /\d/.test(w.text)) && pending.some((r) => !codeRow(r) && describes(r))) parsed.own = [];
      // The first item's numbers come before any name: each name is printed under its numbers.
      if (items.length === 0 && parsed.own.length === 0 && !pending.some(describes)) namesBelow = true;
      if (parsed.own.length === 0 && namesBelow) {
        if (prev && prev.own.length === 0 && prev.extra.length === 0) prev.extra = pending.filter(describes).slice(0, 3);
      } else if (parsed.own.length === 0) {
        // An item code printed between the name and the numbers ("EZ10HD05 - 24") is no name: the row above it is.
        const named = pending.filter((r) => !codeRow(r));
        parsed.extra = (named.some(describes) ? named : pending).slice(-aboveLimit).filter(describes);
      } else if (prev && prev.own.length === 0 && prev.extra.length === 0) prev.extra = pending.filter(describes).slice(0, 3);
      pending = [];
      items.push(parsed);
      lastRow = row;
      return;
    }
    // A row without an amount continues the description of an item that has its own, right under it.
    const h = row.box.y1 - row.box.y0;
    const descX0 = prev?.own[0]?.box.x0 ?? 0;
    // A summary label without its amount ("TOTAL AMOUNT", a count cut short: "TAL QUANTITY 1") continues no name.
    const sums = SUMS_ROW.test(row.text) || COUNT_END.test(row.text);
    if (prev && prev.own.length > 0 && pending.length === 0 && lastRow && row.box.y0 - lastRow.box.y1 < 1.2 * h && row.box.x0 >= descX0 - 0.02 && row.box.x1 <= prev.amount.box.x0 && !/^[\s\p{P}]*$/u.test(row.text) && !ITEM_COUNT_ROW.test(row.text) && !sums) {
      prev.extra.push(row);
      lastRow = row;
      return;
    }
    if (priced.length === 0) pending.push(row);
  });
  const last = items[items.length - 1];
  if (last && last.own.length === 0 && last.extra.length === 0) last.extra = pending.filter(describes).slice(0, 2);
  // The unit price printed on the item's name row, when it multiplies out with the count (or makes a whole count).
  for (const it of items) {
    const unit = it.price ? undefined : it.extra.map((r) => unitRows.get(r)).find((u) => u !== undefined);
    if (!unit || unit.token.money.amount === 0) continue;
    const count = it.quantity ?? Math.round(it.amount.token.money.amount / unit.token.money.amount);
    if (count > 0 && near(count * unit.token.money.amount, it.amount.token.money.amount)) {
      it.price = unit;
      it.quantity = count;
    }
  }
  // A bare amount under the items (no name, no count, no price) sums them; it is not one of them.
  return items.filter((it) => it.own.length > 0 || it.extra.length > 0 || it.quantity !== null || it.price !== null).map((it) => toItem(page, it, columns !== null));
}

function toItem(page: PageModel, it: Parsed, table: boolean): LineItem {
  const ownText = it.own.map((w) => w.text).join(" ");
  // A name row's unit price ("@7.20") is the item's price, not part of its name.
  const named = (r: Row) => r.text.replace(/\t/g, " ").replace(/\s*@\s*(?:RM|[$€£])?\s*-?\d[\d.,]*\s*$/i, "").trim();
  const above = it.extra.filter((r) => r.box.y0 < it.row.box.y0).map(named);
  const below = it.extra.filter((r) => r.box.y0 > it.row.box.y0).map(named);
  const description = [...above, ...(ownText ? [ownText] : []), ...below].join("\n");
  const words = [...it.row.words, ...it.extra.flatMap((r) => r.words), ...(it.countRow?.words ?? [])];
  const box = unionBox(words.map((w) => w.box));
  const amount = cents(it.amount.token.money.amount);
  const consistent = it.quantity !== null && it.price !== null && near(it.quantity * it.price.token.money.amount, amount);
  const structure = 0.5 + (table ? 0.15 : 0) + (consistent ? 0.15 : 0) + (description ? 0.1 : 0);
  const reading = words.length === 0 ? 1 : words.reduce((s, w) => s + w.confidence, 0) / words.length;
  return {
    description,
    quantity: it.quantity,
    unitPrice: it.price ? { amount: cents(it.price.token.money.amount), currency: it.price.token.money.currency } : null,
    amount: { amount, currency: it.amount.token.money.currency },
    page: page.page,
    box,
    confidence: Math.round(Math.min(0.95, structure * (0.6 + 0.4 * reading)) * 1000) / 1000,
  };
}
