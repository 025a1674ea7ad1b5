import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findMisreadDates } from "../../../../src/extraction/fields/page/dates.ocr.js";
import { pageOf } from "./page.helpers.js";

const range = { monthFirst: false, minYear: 2009, maxYear: 2025 };

describe("dates as OCR misreads them", () => {
  it("restores a lost first separator, a look-alike digit and a split year", () => {
    expect(findMisreadDates("Di: 2107/2017 11: 10", range).map((d) => d.iso)).toEqual(["2017-07-21"]);
    expect(findMisreadDates("Date: 2l/07/2017", range).map((d) => d.iso)).toEqual(["2017-07-21"]);
    expect(findMisreadDates("O3/06/2017", range).map((d) => d.iso)).toEqual(["2017-06-03"]);
    expect(findMisreadDates("\t29/12/201 7", range).map((d) => d.iso)).toEqual(["2017-12-29"]);
  });

  it("leaves dates the strict parsers read, and numbers that are no valid date in a plausible year, alone", () => {
    expect(findMisreadDates("Date 12/05/2017", range)).toEqual([]);
    expect(findMisreadDates("INV 1234/2017", range)).toEqual([]);
    expect(findMisreadDates("DD: 0309/1997", range)).toEqual([]);
    expect(findMisreadDates("Lot 3, Jalan Pelabur 23/1,", range)).toEqual([]);
  });

  it("gives an OCR'd receipt whose only date was misread that date, and never beats a date read as printed", () => {
    const misread = pageOf([[100, 100, "Date: 2107/2017 11:10"], [100, 300, "TOTAL 9.00"]]);
    const opts = { documentType: "receipt" as const, referenceDate: new Date("2024-01-01") };
    expect(extractDocumentFields([misread], opts).find((f) => f.name === "document_date")?.value).toBe("2017-07-21");
    const both = pageOf([[100, 100, "Date: 22/07/2017"], [100, 120, "DD: 2107/2017"], [100, 300, "TOTAL 9.00"]]);
    expect(extractDocumentFields([both], opts).find((f) => f.name === "document_date")?.value).toBe("2017-07-22");
  });
});

describe("more dates as OCR misreads them", () => {
  it("reads a slash misread as a 7 or a 1, and a 0 misread as a mark", () => {
    expect(findMisreadDates("Date:\t11709/2¢17", range).map((d) => d.iso)).toEqual(["2017-09-11"]);
    expect(findMisreadDates("Date: 11/09/2©17", range).map((d) => d.iso)).toEqual(["2017-09-11"]);
  });

  it("reads a month whose leading 0 became another digit, only where the date reads as none as printed", () => {
    expect(findMisreadDates("Date: 25/29/2017", range).map((d) => d.iso)).toEqual(["2017-09-25"]);
    expect(findMisreadDates("12/25/2017", range)).toEqual([]);
  });

  it("reads a date whose separators were misread or spaced when a time of day follows it", () => {
    expect(findMisreadDates("12: 01-19 21:13 SHO1", range).map((d) => d.iso)).toEqual(["2019-01-12"]);
    expect(findMisreadDates("12.03 .24 14:35", range).map((d) => d.iso)).toEqual(["2024-03-12"]);
    expect(findMisreadDates("12.03.24 14:35", range)).toEqual([]);
    expect(findMisreadDates("Tel 03-7877 9712", range)).toEqual([]);
  });
});

describe("a German till's dates with their zeros misread", () => {
  it("reads a day or month whose leading 0 OCR took for a 6, 8 or 9, only where the date reads as none as printed", () => {
    expect(findMisreadDates("61.05.2024\t67:15\tBon-Nr.:2306", range).map((d) => d.iso)).toEqual(["2024-05-01"]);
    expect(findMisreadDates("Datum\t89.07.2023", range).map((d) => d.iso)).toEqual(["2023-07-09"]);
    expect(findMisreadDates("Datum: 62.87.2023", range).map((d) => d.iso)).toEqual(["2023-07-02"]);
    expect(findMisreadDates("Datum: 12.08.2023", range)).toEqual([]);
    expect(findMisreadDates("Datum: 14.86.2824\tZeit; 16:42", range).map((d) => d.iso)).toEqual(["2024-06-14"]);
  });

  it("reads the fiscal module's ISO timestamp whose T OCR took for a 7 or a 1", () => {
    expect(findMisreadDates("TSE-Start: 2024-05-01797:15:26.000", range).map((d) => d.iso)).toEqual(["2024-05-01"]);
    expect(findMisreadDates("TSE-Start: 2023-87-89797:38:60,600", range).map((d) => d.iso)).toEqual(["2023-07-09"]);
    expect(findMisreadDates("TSE-Start: 2023-07-02T09:55:11.000", range)).toEqual([]);
  });

  it("dates a receipt whose every date OCR misread", () => {
    const page = pageOf([
      [60, 200, "SUMME EUR"],
      [450, 200, "12,34"],
      [60, 300, "TSE-Start: 2023-07-02709:55:11.6000"],
      [60, 320, "Datum: 62.07.2023 Zeit: 09:55"],
    ]);
    const opts = { documentType: "receipt" as const, referenceDate: new Date("2024-06-01") };
    expect(extractDocumentFields([page], opts).find((f) => f.name === "document_date")?.value).toBe("2023-07-02");
  });
});
