import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { expectWellFormed } from "./helpers.js";

const run = (text: string) => {
  const fields = extractFields([text], { referenceDate: new Date("2024-06-01") });
  expectWellFormed(fields, [text]);
  return fields;
};
const values = (fields: ReturnType<typeof run>, name: string) => fields.filter((f) => f.name === name).map((f) => f.value);

describe("contact extraction", () => {
  it("lower-cases e-mail addresses and does not report their domain as a URL", () => {
    const fields = run("Contact: Billing@Example.COM");
    expect(values(fields, "email")).toEqual(["billing@example.com"]);
    expect(values(fields, "url")).toEqual([]);
  });

  it("finds http(s), www. and bare domain URLs", () => {
    const fields = run("See https://shop.example.com/help, www.McdFeedback.com.my or aws.amazon.com.");
    expect(values(fields, "url")).toEqual(
      expect.arrayContaining(["https://shop.example.com/help", "www.mcdfeedback.com.my", "aws.amazon.com"]),
    );
  });

  it("does not take abbreviations with dots for domains", () => {
    expect(values(run("MR D.I.Y. (M) SDN BHD\nNO.53 JALAN"), "url")).toEqual([]);
  });

  it("formats international numbers as E.164", () => {
    expect(values(run("Tel. +49 6051 916 44 10"), "phone")).toEqual(["+4960519164410"]);
  });

  it("resolves national numbers with the country implied by the currency", () => {
    expect(values(run("TEL: 07-3507405\nTOTAL RM 9.00"), "phone")).toEqual(["+6073507405"]);
  });

  it("does not read a phone from the digits of a time stamp or a decimal ('05:07:31.809786')", () => {
    expect(values(run("Created 2022-12-12T05:07:31.809786\nTotal 100,00 DKK"), "phone")).toEqual([]);
    expect(values(run("Rate 12.34567890\nTel 31 80 97 86\nTotal 100,00 DKK"), "phone")).toEqual(["+4531809786"]);
  });

  it("does not report invoice numbers or dates as phones", () => {
    expect(values(run("Factuurnummer: 993548900\nDate 15-10-2015\nTotaal € 5,00"), "phone")).toEqual([]);
  });
});
