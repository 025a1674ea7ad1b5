import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { cleanPartyName, fixLegalForm, letterheadIssuers } from "../../../../src/extraction/fields/page/parties.page.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

describe("legal forms as OCR misreads them", () => {
  it("writes SDN BHD and S/B as registered, keeping the printed case and punctuation", () => {
    expect(fixLegalForm("SH. MOTOR (SUNGAI RENGIT) SON. BHD")).toBe("SH. MOTOR (SUNGAI RENGIT) SDN. BHD");
    expect(fixLegalForm("SUBANG HEALTHCARE SIH BHD")).toBe("SUBANG HEALTHCARE SDN BHD");
    expect(fixLegalForm("Guardian Health And Beauty Sdh Bhd")).toBe("Guardian Health And Beauty Sdn Bhd");
    expect(fixLegalForm("GARDENIA BAKERIES (KL) SDN BID")).toBe("GARDENIA BAKERIES (KL) SDN BHD");
    expect(fixLegalForm("BOOK TA .K(TAMAN DAYA) SDN BND")).toBe("BOOK TA .K(TAMAN DAYA) SDN BHD");
    expect(cleanPartyName("99 SPEED MART 5/8 (519537-X)")).toBe("99 SPEED MART S/B");
  });

  it("repairs any SDN BHD a letter off in each word where a name ends, and no other pair of words", () => {
    expect(fixLegalForm("BEMED (SP) SDH. BHZ")).toBe("BEMED (SP) SDN. BHD");
    expect(fixLegalForm("SUPER SEVEN CASH & CARRY SEN HD")).toBe("SUPER SEVEN CASH & CARRY SDN BHD");
    expect(fixLegalForm("ALAM) STN BHD")).toBe("ALAM) SDN BHD");
    expect(fixLegalForm("Acme Trading Sdn Bhz (123456-A)")).toBe("Acme Trading Sdn Bhd (123456-A)");
    // Not where a name ends, too far from the form, or without the H of BHD.
    expect(fixLegalForm("ACME SEN HD TRADING")).toBe("ACME SEN HD TRADING");
    expect(fixLegalForm("ACME SEA HD")).toBe("ACME SEA HD");
    expect(fixLegalForm("ACME SEN BOD")).toBe("ACME SEN BOD");
    expect(fixLegalForm("SEN HD")).toBe("SEN HD");
  });

  it("repairs SDN followed by its BHD read as digits and strokes at the end of a name", () => {
    expect(fixLegalForm("LIGHTROOM GALLERY SDN 10,")).toBe("LIGHTROOM GALLERY SDN BHD,");
    expect(fixLegalForm("Acme Trading Sdn 8H0")).toBe("Acme Trading Sdn Bhd");
    // Not before more words, not a plain number, not without a name before it.
    expect(fixLegalForm("ACME SDN 10 TRADING")).toBe("ACME SDN 10 TRADING");
    expect(fixLegalForm("ACME SDN 123")).toBe("ACME SDN 123");
    expect(fixLegalForm("SDN 10")).toBe("SDN 10");
  });

  it("writes Ltd with its t read as an i or a 1, and cuts what follows the form", () => {
    expect(fixLegalForm("Brynfordio Lid")).toBe("Brynfordio Ltd");
    expect(cleanPartyName("Brynfordio Lid as reseller of Pellley Analytics LLC products")).toBe("Brynfordio Ltd");
    expect(fixLegalForm("Wexham L1d.")).toBe("Wexham Ltd.");
    // Not a lid that is no legal form: lower-case, or without a name before it.
    expect(fixLegalForm("Pot lid")).toBe("Pot lid");
    expect(fixLegalForm("Lid")).toBe("Lid");
  });

  it("drops specks OCR read after the legal form, not a bracketed branch", () => {
    expect(cleanPartyName("SUPER SEVEN CASH & CARRY SEN HD 2) 5 ~x")).toBe("SUPER SEVEN CASH & CARRY SDN BHD");
    expect(cleanPartyName("ACME TRADING SDN BHD (M)")).toBe("ACME TRADING SDN BHD (M)");
    expect(cleanPartyName("Acme GmbH & Co. KG")).toBe("Acme GmbH & Co. KG");
  });

  it("leaves names, units and fractions that only resemble them alone", () => {
    expect(fixLegalForm("SMITH & SON SDN BHD")).toBe("SMITH & SON SDN BHD");
    expect(fixLegalForm("UNIT 5/8 JALAN 3")).toBe("UNIT 5/8 JALAN 3");
    expect(fixLegalForm("SONY BHDX")).toBe("SONY BHDX");
  });

  it("a letterhead with a misread legal form wins over a larger line without one", () => {
    const page = pageOf([
      [300, 40, "tan woon yann", 16],
      [200, 70, "BOOK TA .K (TAMAN DAYA) SON BHD"],
      [200, 90, "NO.5: 55,57 & 59, JALAN SAGU 18,"],
      [100, 400, "TOTAL 9.00"],
    ]);
    const issuer = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-01-01") }).find((f) => f.name === "issuer");
    expect(issuer?.value).toBe("BOOK TA .K (TAMAN DAYA) SDN BHD");
  });

  it("joins a name wrapped after an ampersand that OCR read as 3, and does not start a name at it", () => {
    const page = pageOf([
      [200, 40, "THE COFFEE BEAN"],
      [200, 60, "3 TEA LEAF (M) SDN. BHD."],
      [200, 80, "Company No. :441970-H"],
      [200, 100, "Lot F36, First Floor,"],
      [100, 400, "TOTAL 9.00"],
    ]);
    const issuer = extractDocumentFields([page], { documentType: "receipt", referenceDate: new Date("2024-01-01") }).find((f) => f.name === "issuer");
    expect(issuer?.value).toBe("THE COFFEE BEAN & TEA LEAF (M) SDN. BHD.");
  });
});

describe("a name OCR read with column gaps inside it", () => {
  const body: Placed[] = [
    [250, 100, "(1365663-P)"],
    [100, 120, "G.23 & G.22, Plaza Seri Setia,"],
    [100, 140, "No.1 Jalan SS 9/1, 47300 PJ, Selangor."],
    [100, 400, "TOTAL 45.00"],
  ];
  const candidates = (page: PageModel) => letterheadIssuers(page, page.text).map((c) => [c.value, c.score] as const);

  it("is also the whole row when every part of it could be a name, scored above each part", () => {
    const page = pageOf([[170, 80, "FIVE", 14], [300, 80, "STAR CASH", 14], [480, 80, "CARRY", 14], ...body]);
    expect(page.text).toContain("FIVE\tSTAR CASH\tCARRY");
    const cands = candidates(page);
    const whole = cands.find(([v]) => v === "FIVE STAR CASH CARRY");
    expect(whole).toBeDefined();
    for (const part of ["FIVE", "STAR CASH", "CARRY"]) expect(whole?.[1]).toBeGreaterThan(cands.find(([v]) => v === part)?.[1] ?? 1);
    expect(Math.max(...cands.map(([, s]) => s))).toBe(whole?.[1]);
  });

  it("keeps a title beside a name, and a name beside a name with a legal form, apart", () => {
    const title = pageOf([[100, 80, "TAX INVOICE", 14], [400, 80, "ACME TRADING SDN BHD", 14], ...body]);
    expect(title.text).toContain("INVOICE\tACME");
    expect(candidates(title).map(([v]) => v)).not.toContain("TAX INVOICE ACME TRADING SDN BHD");
    const two = pageOf([[100, 80, "ACME SDN BHD", 14], [400, 80, "NORTHWIND", 14], ...body]);
    expect(two.text).toContain("BHD\tNORTHWIND");
    expect(candidates(two).map(([v]) => v)).not.toContain("ACME SDN BHD NORTHWIND");
  });
});
