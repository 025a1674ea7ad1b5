import { describe, expect, it } from "vitest";
import type { Money } from "../../../../src/extraction/extraction.types.js";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-01-01"), documentType: "invoice" as const };

/** A Latvian utility's "RĒĶINA KOPSAVILKUMS": the number under "Rēķina Nr.", the taxable and untaxed sums, the total with VAT and the amount payable. */
const rekins = () =>
  extractDocumentFields([
    pageOf([
      [50, 40, "Elektrības Piegādātājs SIA", 14],
      [600, 60, "Klienta Nr."], [800, 60, "04135790281"],
      [600, 75, "Datums"], [800, 75, "31.03.2023"],
      [600, 90, "Rēķina Nr."], [800, 90, "11154400"],
      [50, 100, "RĒĶINA KOPSAVILKUMS"],
      [50, 150, "Elektroenerģija"], [800, 150, "234,03 €"],
      [50, 165, "Elektroenerģijas pārvade un sadale"], [800, 165, "93,89 €"],
      [500, 200, "Ar PVN 21% apliekamā summa:"], [800, 200, "328,48 €"],
      [500, 215, "Ar PVN neapliekamā summa"], [800, 215, "0,32 €"],
      [500, 230, "PVN 21%:"], [800, 230, "68,98 €"],
      [500, 260, "Kopā ar PVN:"], [800, 260, "397,78 €"],
      [500, 275, "Apmaksai:"], [800, 275, "397,78 €"],
    ]),
  ], opts);

describe("a Latvian invoice (rēķins)", () => {
  it("reads the invoice number after 'Rēķina Nr.'", () => {
    expect(rekins().find((f) => f.name === "invoice_number")?.value).toBe("11154400");
  });

  it("takes the amount payable ('Apmaksai', 'Kopā ar PVN') for the total, not the untaxed sum ('Ar PVN neapliekamā summa')", () => {
    expect((rekins().find((f) => f.name === "total")?.value as Money | undefined)?.amount).toBe(397.78);
  });
});
