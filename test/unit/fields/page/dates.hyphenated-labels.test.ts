import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

const textLayerPage = (items: readonly Placed[]): PageModel => ({ ...pageOf(items, 1), source: "text_layer" });
const fields = (page: PageModel) => extractDocumentFields([page], { referenceDate: new Date("2025-06-01"), documentType: "invoice" });
const value = (page: PageModel, name: string) => fields(page).find((f) => f.name === name)?.value;

describe("German date labels written as hyphenated compounds (`Beleg-Datum`, `Leistungs-Datum`)", () => {
  // A header block of labelled rows, as ERP systems print it: the document's date once, the delivery date on two
  // rows (service date and delivery note date), and an order date.
  const header = (docLabel: string, deliveryLabel: string, noteLabel: string, orderLabel: string): PageModel =>
    textLayerPage([
      [60, 40, "W A R E N R E C H N U N G", 14],
      [60, 80, "MUSTERLIEFERANT GMBH"],
      [600, 80, "Beleg-Nr"], [780, 80, ": R87654321012345"],
      [600, 95, docLabel], [780, 95, ": 06.08.2024"],
      [600, 125, deliveryLabel], [780, 125, ": 05.08.2024"],
      [600, 155, orderLabel], [780, 155, ": 01.08.2024"],
      [600, 185, noteLabel], [780, 185, ": 05.08.2024"],
      [60, 400, "Endbetrag"], [800, 400, "518,99"],
    ]);

  it("reads the document's date under `Beleg-Datum` as under `Belegdatum`, over a delivery date printed twice", () => {
    expect(value(header("Beleg-Datum", "Leistungs-Datum", "Lieferschein-Datum", "Bestell-Datum"), "document_date")).toBe("2024-08-06");
    expect(value(header("Rechnungs-Datum", "Liefer-Datum", "Lieferschein-Datum", "Auftrags-Datum"), "document_date")).toBe("2024-08-06");
  });

  it("gives the hyphenated delivery and order labels their own roles", () => {
    const found = fields(header("Beleg-Datum", "Leistungs-Datum", "Lieferschein-Datum", "Bestell-Datum"));
    expect(found.find((f) => f.name === "delivery_date")?.value).toBe("2024-08-05");
    expect(found.find((f) => f.name === "order_date")?.value).toBe("2024-08-01");
  });

  it("takes the same labels written as one word", () => {
    expect(value(header("Belegdatum", "Leistungsdatum", "Lieferscheindatum", "Bestelldatum"), "document_date")).toBe("2024-08-06");
  });
});
