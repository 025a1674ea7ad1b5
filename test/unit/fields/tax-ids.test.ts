import { describe, expect, it } from "vitest";
import { extractDocumentFields, extractFields } from "../../../src/extraction/fields/index.js";
import { taxIdChecksum, validAbn, validChe, validEin, validGstin, validNif } from "../../../src/extraction/fields/tax-id.checksums.js";
import { repairedPrefix } from "../../../src/extraction/fields/tax-id.extractor.js";
import { best, expectWellFormed } from "./helpers.js";
import { pageOf } from "./page/page.helpers.js";

const run = (text: string) => {
  const fields = extractFields([text], { referenceDate: new Date("2024-06-01") });
  expectWellFormed(fields, [text]);
  return fields;
};
const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const vatOf = (page: ReturnType<typeof pageOf>) => extractDocumentFields([page], opts).find((f) => f.name === "vat_id");

describe("tax id check digits", () => {
  it.each([
    ["51824753556", true], // ABN
    ["51824753557", null], // 11 digits that fail are not an ABN, but may be another scheme's number
    ["27AAPFU0939F1ZV", true], // GSTIN
    ["27AAPFU0939F1ZX", false],
    ["DE232446240", true],
    ["DE232446241", false],
    ["NL810433941B01", true],
    ["NL810433942B01", false],
    ["BE0403170701", true],
    ["BE0403170702", false],
    ["FR60421938861", true],
    ["GB980780684", true],
    ["GB980780685", false],
    ["CHE116281710", true],
    ["CHE116281711", false],
    ["ESB12345674", true],
    ["B12345675", false],
    ["12345678Z", true],
    ["X1234567L", true],
    ["123456782RT0001", true],
    ["ATU12345678", null],
  ])("%s → %s", (id, ok) => {
    expect(taxIdChecksum(id)).toBe(ok);
  });

  it("exposes the per-scheme checks", () => {
    expect(validAbn("51824753556")).toBe(true);
    expect(validGstin("29ABCDE1234F1Z5")).toBe(false);
    expect(validChe("116281710")).toBe(true);
    expect(validNif("A58818501")).toBe(true);
    expect(validEin("123456789")).toBe(true);
    expect(validEin("001234567")).toBe(false);
  });
});

describe("tax ids beyond the EU VAT number", () => {
  it.each([
    ["NIF: B12345674", "B12345674"],
    ["N.I.F. ESB12345674", "ESB12345674"],
    ["C.I.F.: A-58818501", "A58818501"],
    ["NIF/CIF: 12345678Z", "12345678Z"],
    ["GST/HST Registration No.: 123456782 RT0001", "123456782RT0001"],
    ["HST # 12345 6782 RT 0001", "123456782RT0001"],
    ["ABN 51 824 753 556", "51824753556"],
    ["A.B.N.: 51824753556", "51824753556"],
    ["VAT Reg. No. GB 980 7806 84", "GB980780684"],
    ["UID CHE-116.281.710 MWST", "CHE116281710"],
    ["GSTIN: 27AAPFU0939F1ZV", "27AAPFU0939F1ZV"],
    ["EIN: 12-3456789", "123456789"],
    ["Federal Tax ID 12-3456789", "123456789"],
  ])("reads %j", (text, value) => {
    expect(best(run(text), "vat_id")).toBe(value);
  });

  it.each([
    ["Swiss UID printed without a label", "Acme AG, CHE-116.281.710 MWST", "CHE116281710"],
    ["Canadian business number without a label", "Acme Ltd 123456782 RT0001", "123456782RT0001"],
  ])("reads the %s", (_what, text, value) => {
    expect(best(run(text), "vat_id")).toBe(value);
  });

  it("drops an unlabelled number whose check digits fail, keeps a labelled one lower", () => {
    expect(run("Ref DE232446241 shipped").filter((f) => f.name === "vat_id")).toEqual([]);
    const good = run("VAT No: DE232446240").find((f) => f.name === "vat_id");
    const bad = run("VAT No: DE232446241").find((f) => f.name === "vat_id");
    expect(bad?.value).toBe("DE232446241");
    expect(bad!.confidence).toBeLessThan(good!.confidence);
  });

  it("scores eleven digits after \"ABN\" that fail the ABN check below a valid ABN", () => {
    const good = run("ABN 51 824 753 556").find((f) => f.name === "vat_id");
    const bad = run("ABN 51 824 753 557").find((f) => f.name === "vat_id");
    expect(bad!.confidence).toBeLessThan(good!.confidence - 0.2);
  });

  it("does not read a German \"ein\" as an EIN label", () => {
    expect(run("Das ist ein 123456789 Test").filter((f) => f.name === "vat_id")).toEqual([]);
  });

  it("prefers the issuer's number to one labelled as the customer's", () => {
    expect(best(run("Customer VAT No: NL810433941B01\nVAT No: DE232446240"), "vat_id")).toBe("DE232446240");
  });

  it("prefers the issuer's number to the one printed in the recipient block", () => {
    const page = pageOf([
      [50, 40, "Acme Widgets GmbH", 20],
      [50, 70, "Hauptstr. 1, 10115 Berlin"],
      [600, 150, "Bill to:"],
      [600, 165, "Northwind B.V."],
      [600, 180, "Weena 664, Rotterdam"],
      [600, 195, "VAT: NL810433941B01"],
      [50, 300, "Invoice No. 2024-117"],
      [500, 400, "Total EUR 10.00"],
      [50, 900, "Acme Widgets GmbH · VAT: DE232446240 · Berlin"],
    ]);
    expect(vatOf(page)?.value).toBe("DE232446240");
  });
});

describe("tax ids as OCR misreads their label or country prefix", () => {
  it.each([
    ["\"UStld\" for \"UStId\"", "Internet: www.example.de\tUStld DE 232 446 240\tSWIFT HELADEF1", "DE232446240"],
    ["an I read as 1", "Acme S.r.l. - Via Roma 21 - P.IVA 1T56208486268", "IT56208486268"],
    ["an I read as a bracket", "Acme S.r.l. - Via Roma 21 - P.IVA [T56208486268", "IT56208486268"],
    ["a speck before the prefix", "Acme S.r.l.\tP.IVA 1IT56208486268", "IT56208486268"],
    ["the B of a Dutch number read as 8", "KvK Rotterdam 24330087\nBTW NL810433941801", "NL810433941B01"],
  ])("reads the id after %s", (_what, text, value) => {
    expect(best(run(text), "vat_id")).toBe(value);
  });

  it("repairs a prefix only when the repaired id passes its check digits and the read one does not", () => {
    expect(taxIdChecksum("IT56208486268")).toBe(true);
    expect(repairedPrefix("1T56208486268")).toBe("IT56208486268");
    expect(repairedPrefix("1T56208486269")).toBe("1T56208486269");
    expect(repairedPrefix("DE232446240")).toBe("DE232446240");
    expect(repairedPrefix("NL810433941801")).toBe("NL810433941B01");
    expect(repairedPrefix("NL810433942801")).toBe("NL810433942801");
  });
});

describe("Malaysian SST registration numbers", () => {
  it.each([
    ["SST No.: W10-1808-32000123", "W10180832000123"],
    ["SST Reg. No. B16-2104-32000456", "B16210432000456"],
    ["SST ID: J31 1910 31000789", "J31191031000789"],
  ])("reads %j", (line, id) => {
    const text = `Ashholm Trading Sdn. Bhd.\nNo. 12, Jalan Brackley 3/4\n47500 Subang Jaya, Selangor\n${line}\nTotal RM 1,144.80`;
    expect(best(run(text), "vat_id")).toBe(id);
  });

  it("does not read the tax row of the totals as one", () => {
    expect(best(run("Subtotal RM 1,060.00\nSST (8%) RM 84.80\nTotal RM 1,144.80"), "vat_id")).toBeUndefined();
  });
});

describe("tax id labels on a scan", () => {
  it("reads a tax label OCR misread (\"UStIdNe\") on an OCR'd page", () => {
    const page = pageOf([
      [50, 40, "Tannau Beratung e.K.", 20],
      [50, 70, "Kirchborngasse 168 - 27945 Brührode - UStIdNe DE 254 067 179"],
      [500, 600, "Gesamt brutto EUR 7.248,67"],
    ]);
    expect(vatOf(page)?.value).toBe("DE254067179");
  });

  it("reads a number whose space after its label OCR lost (\"Btw-nrNL230203620B07\")", () => {
    const page = pageOf([
      [50, 40, "Van Looswijk Groothandel V.O.F.", 20],
      [50, 900, "IBAN NL07 3938 8381 6715 816 Btw-nrNL230203620B07"],
      [500, 600, "Totaal incl. BTW 975,66 EUR"],
    ]);
    expect(vatOf(page)?.value).toBe("NL230203620B07");
  });
});
