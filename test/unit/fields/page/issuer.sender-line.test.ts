import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { cleanPartyName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };

/**
 * A letter-style invoice whose letterhead is a logo: the sender is named only in the small return line over the
 * envelope window ("Name - Street - Postcode Town") and in the footer without a legal form.
 */
const letter: Placed[] = [
  [70, 150, "lesezirkel - Lesestraße 111 - 54545 Lesestadt", 7],
  [70, 175, "Erika Musterfrau"],
  [70, 190, "Musterstraße 1"],
  [70, 205, "54321 Musterstadt"],
  [600, 175, "Rechnungs-Nr.   000002"],
  [600, 190, "Rechnungsdatum   26.10.2023"],
  [70, 260, "Rechnung", 16],
  [70, 300, "1. Leihgebühr   1,00 Stk.   1,68 €   1,68 €"],
  [500, 400, "Summe netto   16,68 €"],
  [500, 415, "Gesamt   17,00 €"],
  [70, 900, "lesezirkel   E-Mail: info@lesezirkel.example   IBAN DE00 0000 0000 0000 00"],
];

describe("the sender named in the return line over the envelope window", () => {
  const fields = extractDocumentFields([pageOf(letter)], opts);

  it("is the issuer, not the addressee under it", () => {
    expect(fields.find((f) => f.name === "issuer")?.value).toBe("lesezirkel");
    expect(fields.find((f) => f.name === "recipient")?.value).toBe("Erika Musterfrau");
  });
});

describe("a sender line's separators", () => {
  it("end a name at an en dash set apart by spaces, as at a hyphen, a middle dot or a bar", () => {
    expect(cleanPartyName("Lesezirkel – Lesestraße 111 – 54545 Lesestadt")).toBe("Lesezirkel");
    expect(cleanPartyName("Lesezirkel - Lesestraße 111")).toBe("Lesezirkel");
    expect(cleanPartyName("Lesezirkel · Lesestraße 111")).toBe("Lesezirkel");
  });

  it("keep a dash inside a name (no spaces around it)", () => {
    expect(cleanPartyName("Müller–Lüdenscheidt GmbH")).toBe("Müller–Lüdenscheidt GmbH");
  });
});

describe("the return line's sender", () => {
  const page: Placed[] = [
    [70, 150, "Lesezirkel Schmidt - Lesestraße 111 - 54545 Lesestadt", 7],
    [70, 175, "Erika Musterfrau"],
    [70, 190, "Musterstraße 1"],
    [70, 205, "54321 Musterstadt"],
    [500, 415, "Gesamt   17,00 €"],
  ];
  const issuers = (documentType: "invoice" | "receipt"): string[] =>
    extractDocumentFields([pageOf(page)], { ...opts, documentType })
      .filter((f) => f.name === "issuer")
      .flatMap((f) => [f.value, ...(f.alternatives ?? []).map((a) => a.value)])
      .map(String);

  it("is an issuer candidate on an invoice", () => {
    expect(issuers("invoice")[0]).toBe("Lesezirkel Schmidt");
  });

  it("is none on a receipt, whose small print under its logo is the outlet's address", () => {
    expect(issuers("receipt")).not.toContain("Lesezirkel Schmidt");
  });
});
