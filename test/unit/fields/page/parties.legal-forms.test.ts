import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { footerIssuers, notAName } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const issuer = (items: readonly Placed[]) => extractDocumentFields([pageOf(items)], opts).find((f) => f.name === "issuer")?.value;

describe("legal forms of the European countries' companies", () => {
  it.each([
    ["Officine Rossuzzo S.n.c.", "Officine Rossuzzo S.n.c."],
    ["Van Looswijk Groothandel V.O.F.", "Van Looswijk Groothandel V.O.F."],
    ["Instalaciones Almenar SL", "Instalaciones Almenar SL"],
    ["Chaumille & Villois SA", "Chaumille & Villois SA"],
    ["Imprimerie Vaudac SASU", "Imprimerie Vaudac SASU"],
    ["Brackford Tooling DAC", "Brackford Tooling DAC"],
  ])("finds %j in a footer imprint", (name, value) => {
    const page = pageOf([[60, 950, `${name} · 44 Hill Lane · 9773 Rochac · IBAN BE23 3745 8579 4995`, 7]]);
    expect(footerIssuers(page, page.text).map((c) => c.value)).toEqual([value]);
  });

  it("reads the Luxembourg S.à r.l. as a legal form, so a branch's country after the comma names no place", () => {
    expect(notAName("Brightside Europe S.à r.l., Sucursal en España")).toBe(false);
    expect(notAName("Brightside Europe S.à.r.l., Succursale Italiana")).toBe(false);
  });

  it.each([
    ["Brightside Europe S.à r.l., Succursale Italiana", "Brightside Europe S.à r.l., Succursale Italiana"],
    ["Brightside Europe S.à r.l., Sucursal en España", "Brightside Europe S.à r.l., Sucursal en España"],
    ["Brightside Systems GmbH, Niederlassung Österreich", "Brightside Systems GmbH, Niederlassung Österreich"],
    ["Brightside Consulting Ltd, UK Branch", "Brightside Consulting Ltd, UK Branch"],
  ])("keeps a registered branch's designation after the legal form: %j", (name, value) => {
    const page = pageOf([[60, 950, `${name} · Viale Roma 3 · 20124 Milano · IBAN BE23 3745 8579 4995`, 7]]);
    expect(footerIssuers(page, page.text).map((c) => c.value)).toEqual([value]);
  });

  it("keeps the German UG's required addition (haftungsbeschränkt)", () => {
    expect(issuer([[60, 40, "Kessstedt & Kessheim UG (haftungsbeschränkt)", 20], [60, 70, "Gräffeldring 52 · 99903 Steinhausen"], [400, 500, "Gesamtbetrag 10,00"]])).toBe("Kessstedt & Kessheim UG (haftungsbeschränkt)");
  });
});

describe("a country's name on a line of its own", () => {
  it.each(["Belgique", "Nederland", "Germania", "España", "United Kingdom", "Paesi Bassi", "Verenigd Koninkrijk"])("%j is no one's name", (country) => {
    expect(notAName(country)).toBe(true);
  });

  it("is not the issuer of an invoice whose letterhead is a picture", () => {
    // The address beside a picture logo, the name only in the sender line and the footer.
    const page: Placed[] = [
      [700, 40, "120 avenue Lanveuil"], [700, 55, "9773 Rochac"], [700, 70, "Belgique"], [700, 85, "Tél +32 84 926 4262"],
      [60, 130, "Facture", 18],
      [60, 170, "Sauvange Conseil SA · 120 avenue Lanveuil · 9773 Rochac", 6],
      [60, 185, "Client:"], [60, 200, "Greneuil & Lanvac BV"], [60, 215, "30 boulevard Montery"], [60, 230, "2194 Bréveuil"],
      [500, 500, "Total à payer"], [800, 500, "EUR 487,73"],
      [200, 950, "Sauvange Conseil SA · 120 avenue Lanveuil · 9773 Rochac · SIREN 523434", 6],
      [200, 960, "IBAN BE23 3745 8579 4995 · BIC ROCHBE33 · www.sauvange-conseil.be", 6],
    ];
    expect(issuer(page)).toBe("Sauvange Conseil SA");
  });
});

describe("a payment status on a line of its own", () => {
  it.each(["Paid", "PAID", "Unpaid", "Overdue", "Pagado", "Pagato", "Payé", "Payée", "Bezahlt", "Betaald", "Paid!"])("%j is no one's name", (status) => {
    expect(notAName(status)).toBe(true);
  });

  it("printed above the letterhead's name, leaves the name the issuer", () => {
    const page: Placed[] = [
      [60, 20, "Invoice", 16], [60, 45, "Paid", 14],
      [60, 80, "Brightside Consulting"], [60, 95, "5 Mill Lane, Leeds"],
      [600, 80, "Invoice number 8F3A2C1D-0007"], [600, 95, "Date of issue March 3, 2024"],
      [60, 150, "Bill to"], [60, 165, "Jane Doe"],
      [400, 430, "Total £120.00"],
    ];
    expect(issuer(page)).toBe("Brightside Consulting");
  });
});
