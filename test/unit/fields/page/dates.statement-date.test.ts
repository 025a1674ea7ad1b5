import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const fields = (page: ReturnType<typeof pageOf>) => extractDocumentFields([page], { referenceDate: new Date("2025-12-01"), documentType: "invoice" });

describe("a bill's statement date and its meter-reading dates", () => {
  it("takes the statement date as the document's date, not the next meter reading's", () => {
    const page = pageOf([
      [400, 40, "ACCOUNT NUMBER"], [600, 40, "DUE DATE"],
      [400, 55, "51-0013103769-2"], [600, 55, "10/23/2025"],
      [300, 80, "STATEMENT NUMBER"], [450, 80, "STATEMENT DATE"], [600, 80, "AMOUNT DUE"],
      [300, 95, "946169911"], [450, 95, "09/26/2025"], [600, 95, "$864.67"],
      [300, 140, "SERVICE ADDRESS:"], [450, 140, "1631 MARTHALER LN UNIT 104"],
      [300, 155, "NEXT READ DATE:"], [450, 155, "10/28/25"],
      [300, 200, "Current Charges"], [600, 200, "$343.98"],
    ]);
    expect(fields(page).find((f) => f.name === "document_date")?.value).toBe("2025-09-26");
  });

  it("takes a labelled statement date on its own line over a meter-reading date above it", () => {
    const page = pageOf([
      [50, 40, "Northwind Power", 16],
      [50, 80, "Meter read date: 03/02/2025"],
      [50, 95, "Statement date: 03/10/2025"],
      [50, 200, "Amount due"], [600, 200, "$120.00"],
    ]);
    expect(fields(page).find((f) => f.name === "document_date")?.value).toBe("2025-03-10");
  });
});
