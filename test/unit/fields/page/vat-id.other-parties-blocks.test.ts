import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { otherPartyBlock } from "../../../../src/extraction/fields/page/parties.page.js";
import { pageOf, type Placed } from "./page.helpers.js";

const opts = { referenceDate: new Date("2024-06-01"), documentType: "invoice" as const };
const vat = (rows: readonly Placed[]) => extractDocumentFields([pageOf(rows)], opts).find((f) => f.name === "vat_id")?.value;

// The seller's block on the left, the buyer's on the right; each heading sits a little left of its block's lines, and
// the buyer's identifiers have a heading of their own ("Vos identifiants") well under its address.
const seller: Placed[] = [
  [110, 90, "SELLER TRADE NAME"], [110, 103, "LE FOURNISSEUR"], [110, 115, "35 rue d'ici"], [110, 127, "75018 PARIS, FR"],
  [110, 139, "SIREN : 123 456 782"], [110, 151, "N° TVA : FR 11 123 456 782"],
];
const buyer: Placed[] = [
  [500, 50, "FACTURE N° : F20220024"], [500, 70, "Date : 31/01/2022"], [496, 90, "Adresse du Client"], [508, 103, "LE CLIENT"], [508, 115, "58 rue de la mer"],
  [508, 127, "06000 NICE, FR"], [508, 139, "me@buyer.com"], [508, 151, "Contact: 01 01 25 45 87"], [496, 230, "Vos identifiants"], [508, 243, "SIREN : 987 654 321"],
  [508, 255, "N° TVA : FR 05 987 654 321"],
];

describe("a tax id in another party's block is not the seller's", () => {
  it("takes the seller's tax id over one printed in a fiscal representative's block under it, and again in the buyer's", () => {
    const rep: Placed[] = [[110, 168, "Représentant Fiscal"], [122, 180, "SELLER TAX REP"], [122, 192, "35 rue d'ici"], [122, 204, "75018 PARIS, FR"], [122, 216, "TVA : FR 05 987 654 321"]];
    expect(vat([...seller, ...rep, ...buyer])).toBe("FR11123456782");
  });

  it("reads the fiscal representative's heading in English and German, and a recipient's heading over its block", () => {
    const party = (rows: readonly Placed[]) => {
      const page = pageOf(rows);
      return otherPartyBlock(page, page.text.lastIndexOf(":") + 2);
    };
    expect(party([[50, 40, "Fiscal representative"], [60, 52, "Tax Rep SARL"], [60, 64, "1 rue X"], [60, 76, "75001 Paris"], [60, 88, "VAT: FR 05 987 654 321"]])).toBe("representative");
    expect(party([[50, 40, "Fiskalvertreter"], [60, 52, "Steuer GmbH"], [60, 64, "Hauptstr. 1"], [60, 76, "10115 Berlin"], [60, 88, "USt-IdNr.: DE 136 695 976"]])).toBe("representative");
    expect(party([[50, 40, "Bill to"], [50, 52, "Client SA"], [50, 64, "1 rue X"], [50, 76, "75001 Paris"], [50, 88, "Accounts"], [50, 100, "VAT: FR 05 987 654 321"]])).toBe("recipient");
    expect(party([[50, 40, "Vos identifiants"], [60, 52, "SIREN : 987 654 321"], [60, 64, "N° TVA : FR 05 987 654 321"]])).toBe("recipient");
    expect(party([[50, 40, "Your details"], [60, 52, "VAT No: FR 05 987 654 321"]])).toBe("recipient");
    expect(party([[50, 40, "Acme GmbH"], [50, 52, "Kundenservice 0800 123"], [50, 64, "Hauptstr. 1"], [50, 76, "10115 Berlin"], [50, 88, "USt-IdNr.: DE 136 695 976"]])).toBe(null);
  });

  it("takes the seller's footer tax id over the buyer's printed in the buyer's block at the top", () => {
    const rows: Placed[] = [...buyer, [110, 90, "LE FOURNISSEUR SARL"], [110, 103, "35 rue d'ici"], [110, 115, "75018 PARIS"], [60, 900, "LE FOURNISSEUR SARL - 35 rue d'ici, 75018 PARIS - N° TVA : FR 11 123 456 782"]];
    expect(vat(rows)).toBe("FR11123456782");
  });

  it("keeps the seller's tax id under its own letterhead", () => {
    expect(vat([...seller, ...buyer.slice(0, 2)])).toBe("FR11123456782");
  });
});

describe("a tax id in the cell after another company's name on a form's row", () => {
  // A fiscal form's boxes: the seller's registrations under its letterhead, the buyer's name and number on one row
  // under "RAZÃO SOCIAL⇥CNPJ / CPF", and the buyer again as the carrier, its number a few cells to the right.
  const form = (carrier: boolean): Placed[] => [
    [50, 40, "Alfa Comércio de Peças Ltda", 20],
    [50, 70, "INSCRIÇÃO ESTADUAL"], [600, 70, "CNPJ / CPF"], [50, 82, "6990343720091"], [600, 82, "11.222.333/0001-81"],
    [50, 110, "DESTINATÁRIO / REMETENTE"], [50, 122, "RAZÃO SOCIAL"], [600, 122, "CNPJ / CPF"],
    [50, 134, "Beta Distribuidora Ltda"], [600, 134, "11.444.777/0001-61"],
    ...(carrier
      ? ([[50, 160, "TRANSPORTADOR"], [50, 172, "RAZÃO SOCIAL"], [350, 172, "FRETE"], [600, 172, "CNPJ / CPF"],
        [50, 184, "Beta Distribuidora Ltda"], [350, 184, "0-Por conta Remetente"], [600, 184, "11.444.777/0001-61"]] as Placed[])
      : []),
  ];

  it("is that company's, and so is the same number printed again elsewhere (the buyer as the carrier)", () => {
    expect(vat(form(false))).toBe("11222333000181");
    expect(vat(form(true))).toBe("11222333000181");
  });

  it("stays the issuer's when the row names the issuer", () => {
    expect(vat([[50, 40, "Alfa Comércio de Peças Ltda", 20], [50, 70, "Alfa Comércio de Peças Ltda"], [600, 70, "CNPJ: 11.222.333/0001-81"], [50, 100, "Cliente: Beta Distribuidora Ltda"]])).toBe("11222333000181");
  });
});
