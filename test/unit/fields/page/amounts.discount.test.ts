import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import type { PageModel } from "../../../../src/extraction/page/page.model.js";
import { pageOf, type Placed } from "./page.helpers.js";

/** The same page as a PDF's text layer: its characters are the ones printed, not a reading of them. */
const textLayerPage = (items: readonly Placed[]): PageModel => ({ ...pageOf(items, 1), source: "text_layer" });

const discountedInvoice: Placed[] = [
  [100, 80, "DoubleZZ S.A."],
  [400, 95, "Factura Nº: 001"],
  [400, 110, "Fecha de emisión: 24/01/2025"],
  [400, 125, "Fecha de vencimiento: 27/02/2025"],
  [30, 240, "Artículo"], [170, 240, "Descripción"], [420, 240, "Cantidad"], [500, 240, "Precio"], [600, 240, "Descuento"], [700, 240, "Subtotal"],
  [30, 270, "Teclado"], [170, 270, "Teclado super fino DS"], [420, 270, "2"], [500, 270, "€ 50,00"], [600, 270, "€ 5,00"], [700, 270, "€ 95,00"],
  [30, 290, "Pantalla HD"], [170, 290, "Pantalla 40 pulgadas DS"], [420, 290, "1"], [500, 290, "€ 100,00"], [600, 290, "€ 10,00"], [700, 290, "€ 90,00"],
  [30, 310, "Camara"], [170, 310, "Camara super 4k DS"], [420, 310, "1"], [500, 310, "€ 300,00"], [600, 310, "€ 0,00"], [700, 310, "€ 300,00"],
  [30, 330, "Altavoces"], [170, 330, "Ultrasonidos"], [420, 330, "1"], [500, 330, "€ 75,00"], [600, 330, "€ 0,00"], [700, 330, "€ 75,00"],
  [30, 350, "Alexa Amazon"], [170, 350, "Ultima generacion Alexa 7.8"], [420, 350, "1"], [500, 350, "€ 171,00"], [600, 350, "€ 15,00"], [700, 350, "€ 156,00"],
  [30, 370, "Auriculares"], [170, 370, "Auriculares DS, ultra bien"], [420, 370, "1"], [500, 370, "€ 700,00"], [600, 370, "€ 30,00"], [700, 370, "€ 670,00"],
  [600, 420, "Subtotal General"], [780, 420, "€ 1.386,00"],
  [600, 440, "Descuento Total"], [780, 440, "€ 60,00"],
  [600, 460, "IVA (21%)"], [780, 460, "€ 291,06"],
  [600, 480, "Total a Pagar"], [780, 480, "€ 1.617,06"],
];

describe("a total that the subtotal less an unsigned discount plus tax explains", () => {
  const opts = { documentType: "invoice" as const, referenceDate: new Date("2025-06-01") };

  it("is taken as printed, not as a one-digit misreading of subtotal + tax, on an OCR'd page", () => {
    // 1,386.00 + 291.06 = 1,677.06 is one digit away from the printed 1,617.06; 1,386.00 − 60.00 + 291.06 = 1,617.06.
    const fields = extractDocumentFields([pageOf(discountedInvoice)], opts);
    expect(fields.find((f) => f.name === "total")?.value).toMatchObject({ amount: 1617.06 });
  });

  it("is taken as printed from a PDF's text layer too", () => {
    const fields = extractDocumentFields([textLayerPage(discountedInvoice)], opts);
    expect(fields.find((f) => f.name === "total")?.value).toMatchObject({ amount: 1617.06 });
  });

  it("is still corrected when no discount explains it (a total read one digit off subtotal + tax)", () => {
    const noDiscount = discountedInvoice.filter(([, , text]) => text !== "Descuento Total" && text !== "€ 60,00");
    const fields = extractDocumentFields([pageOf(noDiscount)], opts);
    expect(fields.find((f) => f.name === "total")?.value).toMatchObject({ amount: 1677.06 });
  });
});
