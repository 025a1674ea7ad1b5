import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const valueOf = (page: ReturnType<typeof pageOf>, name: string) =>
  extractDocumentFields([page], opts).find((f) => f.name === name)?.value;

describe("issuer labels: Czech 'Dodavatel' / 'Odběratel', German 'Aussteller'", () => {
  it("takes the party under 'DODAVATEL' as the issuer and the one under 'ODBĚRATEL' as the recipient, not the title", () => {
    const czech = pageOf([
      [300, 40, "Faktura 20150009", 16],
      [300, 58, "Daňový doklad"],
      [50, 80, "DODAVATEL"],
      [300, 80, "ODBĚRATEL"],
      [50, 95, "Jiná firma s.r.o."],
      [300, 95, "Apple Czech s.r.o."],
      [50, 110, "Pokusná 321"],
      [300, 110, "Klimentská 1216/46"],
      [50, 125, "123 45 Pokusov"],
      [300, 125, "110 00 Praha"],
      [50, 140, "IČ    99899989"],
      [300, 140, "IČ    28897501"],
      [50, 155, "DIČ   CZ1234567890"],
      [300, 155, "DIČ   CZ28897501"],
      [300, 250, "Celkem bez DPH   1 000,00 Kč"],
      [300, 265, "DPH 21 %   210,00 Kč"],
      [300, 280, "1 210,00 Kč"],
    ]);
    expect(valueOf(czech, "issuer")).toBe("Jiná firma s.r.o.");
    expect(valueOf(czech, "recipient")).toBe("Apple Czech s.r.o.");
  });

  it("takes the name after 'Aussteller:' in a run-on line as the issuer", () => {
    const german = pageOf([
      [50, 40, "Rechnung Nr. UK-44552 Datum: 03. April 2026 Aussteller: London Strategy Group,"],
      [50, 55, "Westminster, UK"],
      [50, 75, "Projekt: Marktanalyse Europa"],
      [70, 95, "•   Beratungshonorar: £ 2.500,00"],
      [70, 110, "•   Reisekostenpauschale: £ 700,50"],
      [50, 130, "Netto: £ 3.200,50 Mehrwertsteuer (20%): £ 640,10 Brutto: £ 3.840,60"],
    ]);
    expect(valueOf(german, "issuer")).toBe("London Strategy Group");
  });
});
