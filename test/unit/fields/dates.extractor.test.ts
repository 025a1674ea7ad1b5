import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { best, expectWellFormed } from "./helpers.js";

const referenceDate = new Date("2024-06-01T00:00:00Z");
const run = (text: string) => {
  const fields = extractFields([text], { referenceDate });
  expectWellFormed(fields, [text]);
  return fields;
};

describe("date extraction", () => {
  it("reads a date after its weekday (\"Tuesday\" is not a relative \"day\")", () => {
    expect(best(run("Invoice Date: Tuesday, March 5, 2024"), "document_date")).toBe("2024-03-05");
  });

  it("reads Malay month names in day-first dates, and only there", () => {
    expect(best(run("Tarikh: 05 Mac 2024"), "document_date")).toBe("2024-03-05");
    expect(best(run("Date 12-OGOS-2023 14:02"), "document_date")).toBe("2023-08-12");
    expect(best(run("Date: 3 Disember 2023"), "document_date")).toBe("2023-12-03");
    expect(run("1 Big Mac 2 12.00\nDis 10% 1.20").filter((f) => f.name === "document_date")).toEqual([]);
  });

  it("reads year-month-day dates written with CJK units", () => {
    expect(best(run("日期: 2024年3月5日"), "document_date")).toBe("2024-03-05");
  });

  it("never takes a relative expression for a printed date (\"within 7DAYS\" is not a week after today)", () => {
    const fields = run("EXCHANGE OF PRODUCTS MUST BE MADE\nWITHIN 7DAYS WITH RECEIPT\nDate: 19/05/18");
    expect(best(fields, "document_date")).toBe("2018-05-19");
    expect(fields.filter((f) => f.name === "document_date").map((f) => f.value)).toEqual(["2018-05-19"]);
  });

  it.each([
    ["Date: 25/12/2018", "2018-12-25"],
    ["Date: 05 MAR 2018", "2018-03-05"],
    ["Date: 2018-03-23", "2018-03-23"],
    ["Invoice date: March 3, 2024", "2024-03-03"],
    ["Datum: 3.4.2024", "2024-04-03"],
    ["Rechnungsdatum 7. Mai 2014", "2014-05-07"],
    ["Facture du 02 Juillet 2015", "2015-07-02"],
  ])("normalises %j to %s", (text, iso) => {
    expect(best(run(text), "document_date")).toBe(iso);
  });

  it("reads an ambiguous two-digit-year date day-first by default (12-01-19 is 12 January 2019)", () => {
    expect(best(run("Shop 42\n12-01-19 21:13 TILL 3"), "document_date")).toBe("2019-01-12");
  });

  it("lets an unambiguous date decide the convention for the whole document", () => {
    // 12/28/2017 can only be month-first, so 01/02/2018 is read as 2 January.
    const fields = run("Printed 12/28/2017\nDate: 01/02/2018");
    expect(best(fields, "document_date")).toBe("2018-01-02");
  });

  it("reads ambiguous dates month-first in a US-dollar document", () => {
    expect(best(run("Date: 03/04/2024\nTotal $12.00\nAmount in USD"), "document_date")).toBe("2024-03-04");
  });

  it("keeps the time out of raw", () => {
    const f = run("DATE: 25/12/2018 8:13:39 PM").find((x) => x.name === "document_date");
    expect(f?.raw).toBe("25/12/2018");
  });

  it("separates the due date from the issue date", () => {
    const fields = run("Invoice date: 01/03/2024\nPayment due: 31/03/2024");
    expect(best(fields, "document_date")).toBe("2024-03-01");
    expect(best(fields, "due_date")).toBe("2024-03-31");
  });

  it("takes a label on the line above, as OCR splits label and value", () => {
    const fields = run("Printed on 2023-01-01 by POS\nDATE:\n25/12/2018");
    expect(best(fields, "document_date")).toBe("2018-12-25");
  });

  it("prefers the invoice date over an order date", () => {
    const fields = run("Order Date: 15-10-2015\nInvoice Date: 20-10-2015");
    expect(best(fields, "document_date")).toBe("2015-10-20");
  });

  it("falls back to the first plausible date with lower confidence", () => {
    const fields = run("Corner Shop\n18/03/18 10:00\nThanks");
    const d = fields.find((f) => f.name === "document_date");
    expect(d?.value).toBe("2018-03-18");
    expect(d?.confidence).toBeLessThan(0.7);
  });

  it.each([["Date: 01/01/1950"], ["Date: 01/01/2099"], ["Address 9/5 Jalan"], ["TIME: 09:44:00"]])(
    "rejects implausible or partial dates: %j",
    (text) => {
      expect(run(text).filter((f) => f.name === "document_date")).toEqual([]);
    },
  );
});
