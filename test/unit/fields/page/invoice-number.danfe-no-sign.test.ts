import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
/** A PDF's text layer (its labels are read as printed, not through OCR's misreadings). */
const invoiceNumber = (rows: readonly Placed[]) =>
  extractDocumentFields([{ ...pageOf([[50, 40, "Muster Ltda", 20], ...rows, [50, 400, "V. TOTAL DA NOTA 599,99"]]), source: "text_layer" as const }], opts).find((f) => f.name === "invoice_number")?.value;

describe("a fiscal document's number after 'No.' over its series", () => {
  it("reads 'No. 025.994.070' over 'Série 5', as a DANFE printer sets the sign with a letter o", () => {
    expect(invoiceNumber([[50, 100, "Rua das Flores, 40"], [400, 100, "No. 025.994.070"], [405, 112, "Série 5"]])).toBe("025.994.070");
  });

  it("reads no 'No.' without a series right under it", () => {
    expect(invoiceNumber([[400, 100, "No. 025.994.070"], [405, 112, "Folha 1"]])).toBeUndefined();
  });
});
