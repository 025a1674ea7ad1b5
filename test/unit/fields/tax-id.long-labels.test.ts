import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { extractTaxIds } from "../../../src/extraction/fields/tax-id.extractor.js";
import { best } from "./helpers.js";

const vatOf = (text: string) => best(extractFields([text], { referenceDate: new Date("2024-06-01") }), "vat_id");

describe("tax id labels written out in full", () => {
  // DE123456789 fails its check digits: read only because a label says what it is.
  it.each([
    ["Umsatzsteuer-ID", "Umsatzsteuer-ID:    DE123456789"],
    ["Umsatzsteuer-IdNr.", "Umsatzsteuer-IdNr. DE123456789"],
    ["Umsatzsteuer-Identifikationsnummer", "Umsatzsteuer-Identifikationsnummer: DE123456789"],
    ["Umsatzsteueridentifikationsnummer", "Umsatzsteueridentifikationsnummer DE 123 456 789"],
    ["Umsatzsteuer-Identnummer", "Umsatzsteuer-Identnummer: DE123456789"],
    ["BTW-identificatienummer", "BTW-identificatienummer: NL123456789B01"],
    ["btw-id", "Btw-id: NL123456789B01"],
    ["numéro d'identification TVA", "Numéro d'identification à la TVA : FR12345678901"],
  ])("reads the number after %s", (_label, text) => {
    expect(vatOf(text)).toBe(text.replace(/^.*?([A-Z]{2}(?:\s?\d)[\dB ]+)$/, "$1").replace(/\s/g, ""));
  });

  it("does not read the tax amount row 'Umsatzsteuer 19 %' as an id", () => {
    expect(vatOf("Umsatzsteuer 19 %    18,81\nGesamtbetrag 117,81")).toBeUndefined();
  });
});

describe("tax id labels with their parts joined by dots and hyphens", () => {
  it.each(["USt.-Id.-Nr.:    DE12435679", "USt-Id-Nr. DE12435679", "USt.-ID-Nr.: DE12435679", "MwSt.-Id.-Nr. DE12435679"])("reads the number after %s", (text) => {
    expect(vatOf(text)).toBe("DE12435679");
  });
});

describe("the French 'N.I.T.V.A.' (numéro d'identification à la TVA)", () => {
  it("labels the VAT number after it, not a NIT", () => {
    expect(extractTaxIds("R.C.S. PARIS 552 081 317 N.I.T.V.A. FR 03 552 081 317", 1).map((f) => f.value)).toContain("FR03552081317");
  });
});
