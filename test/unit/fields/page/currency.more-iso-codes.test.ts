import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { findAmounts } from "../../../../src/extraction/fields/money.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-01-01"), documentType: "invoice" as const };

describe("ISO 4217 codes of European currencies outside the euro", () => {
  it("reads an amount's code after it as its currency (dinar, leu, lev, hryvnia, króna, lira)", () => {
    expect(findAmounts("Vas ukupan racun je 422.0 RSD", 0, true, null)[0]?.money).toEqual({ amount: 422, currency: "RSD" });
    expect(findAmounts("Total de plată 1.250,50 RON", 0, true, null)[0]?.money).toEqual({ amount: 1250.5, currency: "RON" });
    expect(findAmounts("Общо 99,90 BGN", 0, true, null)[0]?.money).toEqual({ amount: 99.9, currency: "BGN" });
    expect(findAmounts("Разом 540,00 UAH", 0, true, null)[0]?.money).toEqual({ amount: 540, currency: "UAH" });
    expect(findAmounts("Samtals 12.900 ISK", 0, true, null)[0]?.money).toEqual({ amount: 12900, currency: "ISK" });
    expect(findAmounts("Ödenecek Tutar 5.400,00 TRY", 0, true, null)[0]?.money).toEqual({ amount: 5400, currency: "TRY" });
  });

  it("takes a short Serbian bill's only code as the document's currency", () => {
    const fields = extractDocumentFields([
      pageOf([
        [300, 40, "Racun", 14],
        [50, 80, "Portrosili ste 11 minuta, po ceni od 10 RSD po minutu"],
        [50, 95, "Portrosili ste 3 gigabajta interneta, po ceni od 100 RSD po gigabajtu"],
        [50, 110, "Vas ukupan racun je 422.0 RSD"],
      ]),
    ], opts);
    expect(fields.find((f) => f.name === "currency")?.value).toBe("RSD");
  });
});
