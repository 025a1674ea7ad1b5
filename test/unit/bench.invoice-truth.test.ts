import { describe, expect, it } from "vitest";
import { sellerNameTruth, truthPrinted } from "../../bench/invoices/invoice-text.scoring.js";

describe("the seller's name an e-invoice states, as the text-layer evaluations score it", () => {
  it("drops identifiers a producer wrote into the name element before the name", () => {
    // The party's global location number and the supplier number the buyer gave it: the XML has elements of their
    // own for both, and the page prints them on a line of their own above the company's name.
    expect(sellerNameTruth("GLN 4333741000005 Lief-Nr: 549910 MUSTERLIEFERANT GMBH")).toBe("MUSTERLIEFERANT GMBH");
    expect(sellerNameTruth("ILN: 4000001000005 Acme Supplies Ltd")).toBe("Acme Supplies Ltd");
  });

  it("keeps a name that only contains a number or an abbreviation", () => {
    expect(sellerNameTruth("Seller Inc.")).toBe("Seller Inc.");
    expect(sellerNameTruth("4s4u GmbH")).toBe("4s4u GmbH");
    expect(sellerNameTruth("Nr. 1 Getränke GmbH")).toBe("Nr. 1 Getränke GmbH");
    expect(sellerNameTruth("GLN 4333741000005")).toBe("GLN 4333741000005");
  });
});

describe("whether the page prints a truth value (to tell a miss the page explains from one it cannot)", () => {
  const page = "Rechnung Nr. 42\nRechnungsdatum: 31.01.2014\nBeitragsrechnung 11. März 2014\nSumme netto 1.420,00\nRechnungsbetrag 1.589,80\nUSt-IdNr.: DE 123 456 789\nAcme GmbH";

  it("finds numbers, dates and amounts in the ways invoices print them", () => {
    expect(truthPrinted("invoice_number", "42", page)).toBe(true);
    expect(truthPrinted("document_date", "2014-01-31", page)).toBe(true);
    expect(truthPrinted("document_date", "2014-03-11", page)).toBe(true);
    expect(truthPrinted("total", 1589.8, page)).toBe(true);
    expect(truthPrinted("total", -1420, page)).toBe(true);
    expect(truthPrinted("vat_id", "DE123456789", page)).toBe(true);
    expect(truthPrinted("issuer", "Acme GmbH", page)).toBe(true);
  });

  it("says so when the e-invoice states a value the page never prints", () => {
    expect(truthPrinted("invoice_number", "20131122-42", page)).toBe(false);
    expect(truthPrinted("document_date", "2014-11-08", page)).toBe(false);
    expect(truthPrinted("total", 119, page)).toBe(false);
    expect(truthPrinted("total", 1689.8, page)).toBe(false);
    expect(truthPrinted("issuer", "Seller Inc.", page)).toBe(false);
  });
});
