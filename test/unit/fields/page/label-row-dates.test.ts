import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const fields = (page: ReturnType<typeof pageOf>) => extractDocumentFields([page], { referenceDate: new Date("2025-06-01"), documentType: "invoice" });

describe("a date under a row of labels that ends with a preposition (`FÄLLIG AM`)", () => {
  it("belongs to the label over it, not to the preposition at the end of the row above", () => {
    // Chrono reads "AM\n30. April 2025" as "am 30. April" (German "on"): the preposition is not part of the date,
    // and the due-date label at the row's far end does not govern the first card's date.
    const page = pageOf([
      [60, 40, "Rechnung", 24],
      [60, 100, "RECHNUNGSDATUM"], [290, 100, "AUFTRAGSNUMMER"], [510, 100, "RECHNUNGSNUMMER"], [730, 100, "FÄLLIG AM"],
      [60, 115, "30. April 2025"], [290, 115, "PO-722156"], [510, 115, "F705369"], [730, 115, "30. Mai 2025"],
      [60, 160, "Mahlfeld Digital GmbH"],
      [60, 300, "Gesamtbetrag"], [800, 300, "934,15 €"],
    ]);
    const found = fields(page);
    expect(found.find((f) => f.name === "document_date")?.value).toBe("2025-04-30");
    expect(found.find((f) => f.name === "due_date")?.value).toBe("2025-05-30");
  });
});
