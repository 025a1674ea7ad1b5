import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { fullerDateReading } from "../../../../src/extraction/fields/page/dates.ocr.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "receipt" as const };

/** A page whose words containing `text` were read with confidence `conf`. */
function withConfidence(page: PageModel, text: string, conf: number): PageModel {
  for (const b of page.blocks) for (const l of b.lines) for (const w of l.words) if (w.text.includes(text)) w.confidence = conf;
  return page;
}

const rows: Placed[] = [
  [50, 40, "KEDAI ROTI SDN BHD"],
  [50, 100, "Cash Inv No.: 7803F712"],
  [50, 120, "Date: 03/09/2017"],
  [50, 200, "DD: 08/09/2017 11:06"],
  [50, 300, "Total Payable: 23.20"],
];
const date = (page: PageModel) => extractDocumentFields([page], opts).find((f) => f.name === "document_date")?.value;

describe("the same date printed twice and read one digit apart", () => {
  it("takes the reading OCR was surer of, though the other one sits after the date label", () => {
    const page = withConfidence(withConfidence(pageOf(rows, 0.9), "03/09/2017", 0.58), "08/09/2017", 0.77);
    expect(date(page)).toBe("2017-09-08");
  });

  it("keeps the labelled date when OCR was as sure of it, or when the dates are further apart", () => {
    // 3 and 5: neither is the other's usual ink-lost reading (see the fuller digit below).
    const five = rows.map((r): Placed => (r[2].startsWith("DD") ? [r[0], r[1], "DD: 05/09/2017 11:06"] : r));
    expect(date(withConfidence(pageOf(five, 0.9), "05/09/2017", 0.92))).toBe("2017-09-03");
    const apart = rows.map((r): Placed => (r[2].startsWith("DD") ? [r[0], r[1], "DD: 18/10/2017 11:06"] : r));
    expect(date(withConfidence(withConfidence(pageOf(apart, 0.9), "03/09/2017", 0.58), "18/10/2017", 0.77))).toBe("2017-09-03");
  });

  it("leaves a due date alone, whatever OCR's confidence", () => {
    const due = rows.map((r): Placed => (r[2].startsWith("DD") ? [r[0], r[1], "Due date: 08/09/2017"] : r));
    expect(date(withConfidence(withConfidence(pageOf(due, 0.9), "03/09/2017", 0.58), "08/09/2017", 0.77))).toBe("2017-09-03");
  });
});

describe("the same date read one digit apart, one digit a thinner reading of the other", () => {
  // A faint thermal print: the top date's 8 lost its left half and was read as 3, surer than the footer's 8.
  const faint: Placed[] = [
    [50, 40, "KEDAI ROTI SDN BHD"],
    [50, 120, "Date: 30/03/2017"],
    [50, 200, "DD: 30/08/2017 10:51"],
    [50, 300, "Total Payable: 39.40"],
  ];

  it("takes the fuller digit's reading (8 over 3) though OCR was surer of the thinner one", () => {
    const page = withConfidence(withConfidence(pageOf(faint, 0.9), "30/03/2017", 0.8), "30/08/2017", 0.72);
    expect(date(page)).toBe("2017-08-30");
  });

  it("takes it whichever of the two the label sits before", () => {
    const swapped = faint.map((r): Placed => [r[0], r[1], r[2].replace("30/03/2017", "@").replace("30/08/2017", "30/03/2017").replace("@", "30/08/2017")]);
    expect(date(withConfidence(withConfidence(pageOf(swapped, 0.9), "30/08/2017", 0.72), "30/03/2017", 0.8))).toBe("2017-08-30");
  });

  it("pairs only a digit with its usual thinner readings", () => {
    expect(fullerDateReading("2017-03-30", "2017-08-30")).toBe("2017-08-30");
    expect(fullerDateReading("2017-09-03", "2017-09-09")).toBe("2017-09-09");
    expect(fullerDateReading("2017-04-06", "2017-04-04")).toBe("2017-04-06");
    expect(fullerDateReading("2017-09-03", "2017-09-05")).toBeNull();
    expect(fullerDateReading("2017-09-03", "2017-09-08")).toBe("2017-09-08");
    expect(fullerDateReading("2017-08-30", "2018-03-30")).toBeNull();
  });
});

describe("a date printed in several places and read one digit off in one of them", () => {
  // A till receipt prints its date at the top, in the card slip's "Datum" row and in the fiscal module's timestamps;
  // a photo's OCR read the slip's year 2023 as 2022.
  const till: Placed[] = [
    [50, 40, "PREISFIX"],
    [50, 100, "13.02.2023 13:23 Bon-Nr.: 3104"],
    [50, 200, "SUMME EUR 17,82"],
    [50, 300, "Datum 13.02.2022"],
    [50, 400, "TSE-Start: 2023-02-13713:23:00.000"],
  ];

  it("takes the reading printed in more places over a single labelled one, OCR being as sure of both", () => {
    expect(date(pageOf(till, 0.9))).toBe("2023-02-13");
  });

  it("keeps the labelled date when the other reading is printed only once too", () => {
    expect(date(pageOf(till.slice(0, 4), 0.9))).toBe("2022-02-13");
  });
});
