import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { best, expectWellFormed } from "./helpers.js";

const run = (text: string, documentType?: "receipt" | "invoice") => {
  const fields = extractFields([text], { referenceDate: new Date("2024-06-01"), documentType });
  expectWellFormed(fields, [text]);
  return fields;
};

describe("party extraction", () => {
  it("takes the business name at the top of a receipt, skipping a stray name above it", () => {
    const fields = run("JOHN TAN\nGOLDEN LEAF TRADING SDN BHD\n(123456-X)\nNO. 1, JALAN MAJU\nTOTAL 5.00", "receipt");
    expect(best(fields, "issuer")).toBe("GOLDEN LEAF TRADING SDN BHD");
  });

  it("picks the name sitting above an address when no legal form is printed", () => {
    const fields = run("JANE LIM\nBUNGA FLOWERS & GIFTS\n27, JALAN MAWAR 3,\n81100 JOHOR BAHRU", "receipt");
    expect(best(fields, "issuer")).toBe("BUNGA FLOWERS & GIFTS");
  });

  it("reads \"No:\" with a colon as a number's label (\"Acc No: 9660\"), not an address anchoring the line above as the name", () => {
    const fields = run("Harbour Grill\nThe Quay, Harbour St\nBristol BS1 4RN\nChloe\t21 hug 2022\nTable 1\tAcc No: 9660\nTotal\t40.17", "receipt");
    expect(best(fields, "issuer")).toBe("Harbour Grill");
  });

  it("takes the name over its labelled company number as anchored, letters and digits mixed in the number", () => {
    const fields = run("Aodozy\n\nHARBOUR PETROL KIOSK\nCompany No: JM0G32980-V\nLot PTD 1987 Jalan Laut\n81750 Masai Johor\nTotal\tRM\t50.00", "receipt");
    expect(best(fields, "issuer")).toBe("HARBOUR PETROL KIOSK");
  });

  it("does not take a labelled number line for a name", () => {
    expect(run("Order Ref No: 55512\nTotal 5.00").filter((f) => f.name === "issuer")).toEqual([]);
  });

  it("joins a company name that OCR wrapped over several lines", () => {
    const fields = run("KEDAI BESI MAJU\nENTERPRISE (TAMAN\nJAYA) SDN BHD\n822737-X\nTEL: 03-1234567", "receipt");
    expect(best(fields, "issuer")).toBe("KEDAI BESI MAJU ENTERPRISE (TAMAN JAYA) SDN BHD");
  });

  it("prefers an explicit seller label on invoices", () => {
    const fields = run("Retail Invoice\nSold By : Acme Retail Pvt. Ltd.,\nBilling Address\nJane Doe\n", "invoice");
    expect(best(fields, "issuer")).toBe("Acme Retail Pvt. Ltd.");
    expect(best(fields, "recipient")).toBe("Jane Doe");
  });

  it("strips an address after the name on a sender line", () => {
    expect(best(run("Example Hosting AG - Hauptstr. 1 - 12345 Berlin\n\nRechnung", "invoice"), "issuer")).toBe("Example Hosting AG");
  });

  it("reads the recipient after Bill to, dropping an ATTN prefix", () => {
    expect(best(run("Bill to Address:\n\nATTN: Widgets Limited\n1 Road"), "recipient")).toBe("Widgets Limited");
  });

  it("gives Ship to a lower confidence than Bill to", () => {
    const fields = run("Bill to: Alpha GmbH\nShip to: Beta GmbH");
    expect(best(fields, "recipient")).toBe("Alpha GmbH");
  });

  it("does not take 'Customer Service' as a recipient label", () => {
    expect(run("Customer Service Hotline: 03-2726-5600").filter((f) => f.name === "recipient")).toEqual([]);
  });
});
