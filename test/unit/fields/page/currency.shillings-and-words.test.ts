import { describe, expect, it } from "vitest";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { countryEvidence, decideCurrency, labelledCurrencies } from "../../../../src/extraction/fields/page/currency.evidence.js";

const currencyOf = (text: string) => findAmounts(text, 0, false, null)[0]?.money.currency ?? null;

describe("East African shillings as invoices print them", () => {
  it("reads 'KSh', 'Kshs.', 'USh', 'TSh' before an amount as KES, UGX, TZS", () => {
    expect(currencyOf("TOTAL: KSh 1,184.92")).toBe("KES");
    expect(currencyOf("Amount Kshs. 500.00")).toBe("KES");
    expect(currencyOf("USh 20,000.00")).toBe("UGX");
    expect(currencyOf("TSh 5,000.00")).toBe("TZS");
  });

  it("reads no shilling inside a word", () => {
    expect(currencyOf("PUSH 20.00")).toBeNull();
  });
});

describe("an amount written in words after its currency's name", () => {
  it("names the document's currency ('Indian Rupees … Only', 'US Dollars … Only')", () => {
    expect(labelledCurrencies("Indian Rupees Three Hundred Ninety Nine and One paise Only")).toEqual(["INR"]);
    expect(labelledCurrencies("Tax Amount (in words) :\tIndian Rupees Sixty and Eighty Seven paise Only")).toEqual(["INR"]);
    expect(labelledCurrencies("Amount in words US Dollars One Hundred Twenty-Five Only")).toEqual(["USD"]);
  });

  it("gives a bill whose amounts lost their sign its currency, before any country evidence", () => {
    const text = ["KREDENT EXAMPLE PVT LTD.", "Total\tī399.01", "Amount Chargeable (in words)", "Indian Rupees Three Hundred Ninety Nine and One paise Only"].join("\n");
    expect(decideCurrency(text, null).currency).toBe("INR");
  });

  it("needs the name and 'only': a sentence with number words is none", () => {
    expect(labelledCurrencies("The one and only")).toEqual([]);
    expect(labelledCurrencies("Rupees One Hundred Only")).toEqual([]);
  });
});

describe("an international call prefix '00'", () => {
  it("is never read inside an identifier ('UDYAM-WB-10-0039665' is no Italian phone number)", () => {
    expect(countryEvidence("UDYAM : UDYAM-WB-10-0039665 (Small/Services)")).toBeNull();
  });

  it("still names the country of a phone number written with it", () => {
    expect(countryEvidence("Tel: 0039 06 1234567")).toBe("IT");
  });
});
