import { describe, expect, it } from "vitest";
import { classifyDocument } from "../../src/extraction/classifier.js";

// Hand-written fixtures in the layout these documents print, not copied from any file.

const DANFE = `Recebemos de ACME INDUSTRIA LTDA os produtos constantes na Nota Fiscal Eletrônica indicada abaixo.
DATA DE RECEBIMENTO\tIDENTIFICAÇÃO E ASSINATURA DO RECEBEDOR\tNº.: 000.109.017
IDENTIFICAÇÃO DO EMITENTE\tDANFE
ACME INDUSTRIA LTDA\t0 - ENTRADA 1
RUA DAS FLORES, 400\t1 - SAÍDA
PROTOCOLO DE AUTORIZAÇÃO\t131256422875312 - 17/01/2025 08:01:49
CÓDIGO\tDESCRIÇÃO\tQTD\tV. UNIT\tV. TOTAL
22356\tFITA DE SOLDA 420\t4,00 x 17,60\t70,40
19969\tTEFLON ADESIVO 50MM\t4,00 x 9,76\t39,04
VALOR TOTAL DA NOTA\t109,44
Consulta de autenticidade no portal nacional da NF-e 10:15`;

const CZECH = `Faktura
Odběratel
Jana Nováková
Dodavatel
Jan Novák
Číslo faktury: 7
Datum vystavení: 2024-08-02
Datum splatnosti: 2024-08-16
Celkem k úhradě: 40000 Kč`;

const POLISH = `Miejsce wystawienia: Warszawa
Data wystawienia: 2024-10-29
Sprzedawca:
Firma Przykładowa
NIP: 123445564
Nabywca:
Jan Kowalski
lp.\tNazwa\tIlość\tCena
1\tWiaderko\t10\t90zł
................................
Podpis osoby upoważnionej do wystawienia`;

describe("invoices in the vocabularies of Brazil, Czechia and Poland", () => {
  it("classifies a DANFE of an NF-e (the Brazilian invoice) as an invoice, not a receipt", () => {
    expect(classifyDocument([DANFE]).type).toBe("invoice");
  });

  it("classifies a Czech 'Faktura' with its party and date labels as an invoice", () => {
    expect(classifyDocument([CZECH]).type).toBe("invoice");
  });

  it("classifies a Polish invoice without a title, by its seller, buyer and issue-date labels, as an invoice, not a form", () => {
    expect(classifyDocument([POLISH]).type).toBe("invoice");
  });

  it("keeps a shop's NFC-e receipt ('Nota Fiscal de Consumidor Eletrônica') off the invoice cue", () => {
    const nfce = "DANFE NFC-e - Documento Auxiliar da Nota Fiscal de Consumidor Eletrônica\nPADARIA CENTRAL\nQTD 2 x PAO 1,50 3,00\nTOTAL R$ 3,00\nDINHEIRO 5,00\nTROCO 2,00\n14:32";
    expect(classifyDocument([nfce]).type).not.toBe("invoice");
  });
});
