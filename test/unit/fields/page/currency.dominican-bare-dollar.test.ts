import { describe, expect, it } from "vitest";
import { resolveBareDollar } from "../../../../src/extraction/fields/dollar.country.js";

describe("a bare '$' on a Dominican invoice", () => {
  it("is the Dominican peso when the invoice names the country, its RNC, its NCF or its ITBIS", () => {
    expect(resolveBareDollar("Industrias Monterrey SRL\nSanto Domingo, Dominican Republic\nTOTAL A PAGAR: $296,177.64")).toBe("DOP");
    expect(resolveBareDollar("FACTURA DE CRÉDITO FISCAL\nNCF: B0100001434\nTOTAL: $1,180.00")).toBe("DOP");
    expect(resolveBareDollar("RNC: 132327179\nITBIS (18%): $45,179.64")).toBe("DOP");
  });

  it("stays USD with US evidence or with nothing Dominican", () => {
    expect(resolveBareDollar("RNC: 132327179\nShip to: Miami, FL 33101\nTotal $10.00")).toBe("USD");
    expect(resolveBareDollar("Total $10.00")).toBe("USD");
  });
});
