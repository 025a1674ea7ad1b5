/**
 * Dates a restaurant till prints as a month's name, the day and a two-digit year after an apostrophe ("Jan11'20",
 * "Feb29'16 03:03AM", "Mar 5 '21"): the form of common hospitality point-of-sale systems. Chrono reads none of them
 * (the apostrophe, and the day run into the month's name), so they are found here.
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Month name (three letters, or the full English name), an optional space, the day, an optional space, an apostrophe and two digits. */
const APOSTROPHE_YEAR =
  /(?<![\p{L}\d])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?(\d{1,2})\s?['’`](\d{2})(?![\d\p{L}])/giu;

/** A date found in a page's text: its span and its ISO value. */
export interface ApostropheYearDate {
  start: number;
  end: number;
  iso: string;
}

/** Every month-day-'year date of `page` with a valid day; the year is 20yy (19yy when 20yy would be after `maxYear`). */
export function apostropheYearDates(page: string, maxYear: number): ApostropheYearDate[] {
  const out: ApostropheYearDate[] = [];
  for (const m of page.matchAll(APOSTROPHE_YEAR)) {
    const month = MONTHS.indexOf((m[1] ?? "").toLowerCase()) + 1;
    const day = Number(m[2]);
    const yy = Number(m[3]);
    const year = 2000 + yy <= maxYear ? 2000 + yy : 1900 + yy;
    const date = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) continue;
    const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    out.push({ start: m.index, end: m.index + m[0].length, iso });
  }
  return out;
}
