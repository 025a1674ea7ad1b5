import { describe, expect, it } from "vitest";
import { countryEvidence, decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

describe("the currency of a document whose amounts carry no sign the reader knows", () => {
  it("is its country's, named in its address", () => {
    expect(decideCurrency("Lachona, Sociedad Anonima\nCiudad de Guatemala\nSofá cama\tQ 900.00\tQ 900.00\nTOTAL\tQ 6,599.00", null)).toEqual({ currency: "GTQ", source: "country" });
    expect(decideCurrency("Av. Larco 345, Miraflores, Lima, Perú\nTotal\t1,250.00", null).currency).toBe("PEN");
    expect(decideCurrency("Westlands, Nairobi, Kenya\nTotal\t12,000.00", null).currency).toBe("KES");
  });

  it("is its country's by the phone number's international prefix", () => {
    expect(countryEvidence("Tel: +254 712 345678")).toBe("KE");
    expect(countryEvidence("Tél. +261 34 12 345 67")).toBe("MG");
    expect(countryEvidence("Tel. +381 11 3234 567")).toBe("RS");
  });

  it("is not read from a word that only looks like a country's name", () => {
    expect(countryEvidence("Providence, Rhode Island 02903")).toBeNull();
    expect(countryEvidence("Island Pacific Supermarket")).toBeNull();
  });

  it("yields to a sign on the amounts and to a currency the document names", () => {
    expect(decideCurrency("Ciudad de Guatemala\nTotal\tUS$ 100.00", "USD").currency).toBe("USD");
    expect(decideCurrency("Nairobi, Kenya\nCurrency: USD\nTotal\t100.00", null).currency).toBe("USD");
  });
});
