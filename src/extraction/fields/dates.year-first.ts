/**
 * Canadian tills and card terminals print the date year-first with a two-digit year ("DATE/TIME: 25/11/03 09:35:51"
 * is 3 November 2025, "23/07/12" 12 July 2023), the order of the country's numeric dates (YY/MM/DD). Read day-first
 * these are dates a decade or two old (25 November 2003, 23 July 2012).
 *
 * On a page with a Canadian cue (HST, the harmonised sales tax only Canada levies; an Interac debit; CAD), a slashed
 * date of three two-digit parts whose first part cannot be a month (13–31) is read year-first when that makes a
 * valid day not after the reference date. Other pages and other dates are left to the document's order.
 */

/** A Canadian till's or terminal's cue: the harmonised sales tax, an Interac debit, the currency's code. */
const CANADIAN_CUE = /(?<![\p{L}])(?:HST|Interac|CAD)(?![\p{L}])/u;
/** Three two-digit parts with slashes, not part of a longer number ("25/11/03", "23/07/12 15:37"). */
const SHORT_SLASHED = /(?<![\d.,/-])(\d{2})\/(\d{2})\/(\d{2})(?![\d/-]|[.,]\d)/g;

export interface YearFirstDate {
  start: number;
  end: number;
  iso: string;
}

/** Every year-first short date of a page with a Canadian cue (see the module comment); none elsewhere. */
export function canadianYearFirstDates(page: string, referenceDate: Date): YearFirstDate[] {
  if (!CANADIAN_CUE.test(page)) return [];
  const out: YearFirstDate[] = [];
  for (const m of page.matchAll(SHORT_SLASHED)) {
    const [yy, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (yy <= 12 || month < 1 || month > 12 || day < 1) continue;
    const date = new Date(Date.UTC(2000 + yy, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getTime() > referenceDate.getTime()) continue;
    out.push({ start: m.index, end: m.index + m[0].length, iso: date.toISOString().slice(0, 10) });
  }
  return out;
}
