import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-09-01"), documentType: "invoice" as const };
const fieldsOf = (rows: readonly Placed[]) => {
  const fields = extractDocumentFields([{ ...pageOf([[50, 40, "Faktura", 20], [50, 70, "Dodavatel"], [50, 85, "Jan Novák"], ...rows]), source: "text_layer" as const }], opts);
  return { total: fields.find((f) => f.name === "total")?.value, currency: fields.find((f) => f.name === "currency")?.value };
};

describe("Czech invoices: the amount payable and the koruna", () => {
  it("reads the total after 'Celkem k úhradě' and the currency from 'Kč' after the amount", () => {
    const { total, currency } = fieldsOf([[50, 200, "Cena položky: 10000 Kč"], [50, 215, "Množství: 4"], [50, 230, "Celkem k úhradě: 40000 Kč"]]);
    expect(total).toEqual({ amount: 40000, currency: "CZK" });
    expect(currency).toBe("CZK");
  });
});
