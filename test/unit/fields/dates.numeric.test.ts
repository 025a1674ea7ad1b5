import { describe, expect, it } from "vitest";
import { findDates } from "../../../src/extraction/fields/dates.extractor.js";

const ctx = { monthFirst: false, referenceDate: new Date("2027-01-01") };
const dates = (text: string) => findDates(text, ctx).map((d) => [text.slice(d.start, d.end), d.iso]);

describe("numeric dates the general parser passes over", () => {
  it("reads a one-digit day before a two-digit year, as German tills print it", () => {
    expect(dates("Datum: 3.12.26 14:35")).toEqual([["3.12.26", "2026-12-03"]]);
    expect(dates("1.5.26 10:00 Bon 1234")).toEqual([["1.5.26", "2026-05-01"]]);
  });

  it("reads a two-digit year run into the time after it, and not chrono's reading from the middle of the date", () => {
    expect(dates("Datum:3.12.26 14:35")).toEqual([["3.12.26", "2026-12-03"]]);
    expect(dates("03.12.2614:35 Bon 1234")).toEqual([["03.12.26", "2026-12-03"]]);
    expect(dates("Datum 03.12.26/14:35")).toEqual([["03.12.26", "2026-12-03"]]);
  });

  it("takes a one-digit day and month before a two-digit year only with a time after them", () => {
    expect(dates("Art. 1.2.24 Schraube")).toEqual([]);
    expect(dates("1.2.24 09:15")).toEqual([["1.2.24", "2024-02-01"]]);
  });

  it("reads a date whose separators are set apart by spaces", () => {
    expect(dates("Date 03 - 12 - 2026 18:45")).toEqual([["03 - 12 - 2026", "2026-12-03"]]);
    expect(dates("Date: 12- 11-2017")).toEqual([["12- 11-2017", "2017-11-12"]]);
  });

  it("reads a compact yyyymmdd right after a date label", () => {
    expect(dates("DATE/TIME\t: 20180428/191204")).toEqual([["20180428", "2018-04-28"]]);
    expect(dates("Date: 20261203")).toEqual([["20261203", "2026-12-03"]]);
  });

  it("never reads a dotted date month-first in a day-first document: a month over 12 is a misreading", () => {
    // "06.10.2023" with its 1 read as 3: not 30 June.
    expect(dates("06.30.2023 21:47 Bon-Nr. 2807")).toEqual([]);
    expect(dates("Datum 06.10.2023")).toEqual([["06.10.2023", "2023-10-06"]]);
    // Slashes are another matter: month-first dates do reach day-first documents ("12/28/2017").
    expect(dates("DATE 12/28/2017")).toEqual([["12/28/2017", "2017-12-28"]]);
  });

  it("takes no phone number, invoice number, amount or impossible day for a date", () => {
    expect(dates("Tel: 20180428")).toEqual([]);
    expect(dates("Invoice No: 20180428")).toEqual([]);
    expect(dates("Date: 20180431")).toEqual([]);
    expect(dates("SUMME 3.12")).toEqual([]);
    expect(dates("TEL : 03 - 7781 8333")).toEqual([]);
    expect(dates("31.02.26")).toEqual([]);
  });
});

describe("dates in a row of cells", () => {
  it("never pieces a date together across a column gap", () => {
    // Labels above values: the number, the invoice date, the due date; chrono read "7574⇥08-10-2024⇥07-11" as 2024-07-11.
    expect(dates("2024-7574\t08-10-2024\t07-11-2024")).toEqual([
      ["08-10-2024", "2024-10-08"],
      ["07-11-2024", "2024-11-07"],
    ]);
  });

  it("keeps a date whose reading runs into the next cell without swallowing a date there", () => {
    expect(findDates("Date de facture\t9 août 2024\t164 avenue Lanvouse", ctx).map((d) => d.iso)).toEqual(["2024-08-09"]);
  });
});

describe("a numeric date after a number", () => {
  const monthFirst = (text: string) => findDates(text, { ...ctx, monthFirst: true }).map((d) => [text.slice(d.start, d.end), d.iso]);

  it("is read in the document's order even when a parser takes the number before it for a year", () => {
    // A bill's row of values under "Bill # / Billing Date / Due Date": "6762 12/01" is no date of the year 6762.
    expect(monthFirst("6762\t12/01/2023\t12/31/2023")).toEqual([["12/01/2023", "2023-12-01"], ["12/31/2023", "2023-12-31"]]);
    expect(monthFirst("Bill 6762 12/01/2023")).toEqual([["12/01/2023", "2023-12-01"]]);
    expect(dates("Rechnung 6762 12/01/2023")).toEqual([["12/01/2023", "2023-01-12"]]);
  });
});
