import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
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
    expect(date(withConfidence(pageOf(rows, 0.9), "08/09/2017", 0.92))).toBe("2017-09-03");
    const apart = rows.map((r): Placed => (r[2].startsWith("DD") ? [r[0], r[1], "DD: 18/10/2017 11:06"] : r));
    expect(date(withConfidence(withConfidence(pageOf(apart, 0.9), "03/09/2017", 0.58), "18/10/2017", 0.77))).toBe("2017-09-03");
  });

  it("leaves a due date alone, whatever OCR's confidence", () => {
    const due = rows.map((r): Placed => (r[2].startsWith("DD") ? [r[0], r[1], "Due date: 08/09/2017"] : r));
    expect(date(withConfidence(withConfidence(pageOf(due, 0.9), "03/09/2017", 0.58), "08/09/2017", 0.77))).toBe("2017-09-03");
  });
});
