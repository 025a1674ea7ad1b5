import { describe, expect, it } from "vitest";
import type { ExtractedField, FieldName } from "../../../src/extraction/extraction.types.js";
import { issuerKeys, normaliseIssuerName, sameIssuer, withCorrection } from "../../../src/extraction/learning/index.js";

const f = (name: FieldName, value: string, confidence = 0.9): ExtractedField => ({ name, raw: value, value, confidence, page: 1, start: 0, end: value.length });

describe("the issuer key", () => {
  it("puts the strongest evidence first: VAT id, IBAN, registration number, name, domain", () => {
    const fields = [f("issuer", "Acme Trading Sdn. Bhd."), f("vat_id", "DE 123 456 789"), f("iban", "DE89370400440532013000"), f("email", "billing@acme.example")];
    expect(issuerKeys(fields, ["ACME TRADING SDN BHD (123456-X)\nCo. Reg. No: 987654-W"])).toEqual([
      "vat:DE123456789",
      "iban:DE89370400440532013000",
      "reg:987654W",
      "name:acme trading",
      "domain:acme.example",
    ]);
  });

  it("finds a registration number printed in brackets after the name", () => {
    expect(issuerKeys([], ["KEDAI MAJU (001195938-V)\nNo 3, Jalan 1"])).toEqual(["reg:001195938V"]);
  });

  it("is the same for the same issuer however its name is written", () => {
    expect(normaliseIssuerName("ACME GmbH")).toBe(normaliseIssuerName("Acme  G.m.b.H".replace(/\./g, "")));
    expect(normaliseIssuerName("The Acme Ltd.")).toBe("acme");
  });

  it("is empty when nothing identifies the issuer", () => {
    expect(issuerKeys([], ["Thank you for your purchase"])).toEqual([]);
    expect(issuerKeys([f("issuer", "AB")], [""])).toEqual([]);
  });

  it("takes a person's corrected value over the machine's", () => {
    const corrected = withCorrection([f("vat_id", "DE000000000")], f("vat_id", "DE123456789", 1));
    expect(issuerKeys(corrected, [""])).toEqual(["vat:DE123456789"]);
  });

  it("decides whether two documents share an issuer by the strongest evidence both have", () => {
    expect(sameIssuer(["vat:DE1", "name:acme"], ["vat:DE1", "name:acme shop"])).toBe(true);
    // Two VAT ids are two issuers, however alike their names or domains.
    expect(sameIssuer(["vat:DE1", "name:acme", "domain:reg.no"], ["vat:DE2", "name:acme", "domain:reg.no"])).toBe(false);
    // Without a common strong kind, the name decides.
    expect(sameIssuer(["vat:DE1", "name:acme"], ["reg:77", "name:acme"])).toBe(true);
    expect(sameIssuer(["domain:acme.example"], ["name:acme"])).toBe(false);
  });
});
