import { describe, expect, it } from "vitest";
import { extractFields } from "../../../src/extraction/fields/index.js";
import { best } from "./helpers.js";

const vatOf = (text: string) => best(extractFields([text], { referenceDate: new Date("2026-12-07") }), "vat_id");

describe("'Mehrwertsteuernummer' as a tax id label", () => {
  it("reads an EU one-stop-shop number after it", () => {
    expect(vatOf("Infomaniak Network SA\nRue Eugène-Marziano, 25\nMehrwertsteuernummer: EU442008675\nFirmennummer: CH - 660 - 0059996 - 1")).toBe("EU442008675");
  });

  it("reads the number after 'Mehrwertsteuer-Nr.'", () => {
    expect(vatOf("Muster AG\nMehrwertsteuer-Nr. ATU12345678")).toBe("ATU12345678");
  });

  it("does not take the tax's amount row for a label", () => {
    expect(vatOf("Mehrwertsteuer 19 %   35,81\nBruttobetrag 224,24")).toBeUndefined();
  });
});
