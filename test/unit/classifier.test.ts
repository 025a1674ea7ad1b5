import { describe, it, expect } from "vitest";
import { classifyDocument, confidenceFromScores, OTHER_BASELINE } from "../../src/extraction/classifier.js";
import { DOCUMENT_TYPES } from "../../src/extraction/extraction.types.js";
import type { Classification, DocumentType } from "../../src/extraction/extraction.types.js";

// Hand-written fixtures: representative of each type, not copied from any corpus.

const INVOICE = `ACME LTD
12 Harbour Road, Bristol BS1 4AA
VAT Reg No: GB 123 4567 89

INVOICE
Invoice number: INV-0046
Invoice date: 01/03/2024
Due date: 31/03/2024

Bill to:
Northwind Traders
4 Mill Lane, Leeds

Description            Qty   Unit price   Amount
Consulting (March)      10       22.00     220.00
Travel expenses          1       25.00      25.00
Subtotal                                   245.00
VAT 20%                                     49.00
Amount due                          GBP    294.00

Payment terms: 30 days. Please pay by bank transfer.
IBAN GB82 WEST 1234 5698 7654 32  BIC WESTGB2L
Thank you for your business.`;

const GERMAN_INVOICE = `Muster GmbH · Hauptstraße 5 · 10115 Berlin
Rechnung
Rechnungsnr.: 2024-117
Rechnungsdatum: 05.02.2024
Kundennr.: 4711
Pos. Beschreibung Menge Preis
1 Wartung 2 120,00
Nettobetrag 240,00
MwSt. 19% 45,60
Gesamtbetrag 285,60 EUR
Zahlungsziel: 14 Tage netto
IBAN DE89 3704 0044 0532 0130 00`;

const RECEIPT = `KEDAI RUNCIT MAJU SDN BHD
(123456-A)
NO 5, JALAN MERANTI 2
43000 KAJANG, SELANGOR
TEL: 03-8736 1122
RECEIPT
DATE: 14/02/2019  TIME: 10:42:11
CASHIER: AMIRA
ITEM QTY PRICE AMOUNT
MINERAL WATER 1.5L 2 X 1.80 3.60
BREAD WHOLEMEAL 1 X 4.20 4.20
TOTAL QTY: 3
TOTAL RM 7.80
CASH RM 10.00
CHANGE RM 2.20
THANK YOU, PLEASE COME AGAIN`;

/** Malaysian receipts print "TAX INVOICE" and even "INVOICE NO"; they are still receipts. */
const RECEIPT_SAYING_TAX_INVOICE = `SYARIKAT HARDWARE JAYA
GST REG NO: 001122334455
TAX INVOICE
INVOICE NO: CS 10293
DATE: 03/01/2018 14:05
CASHIER: USER
PVC PIPE 1/2" 2 X 3.50 7.00 SR
TOTAL INCL. GST 7.00
ROUNDING 0.00
CASH 10.00
CHANGE 3.00
GOODS SOLD ARE NOT RETURNABLE`;

const US_RESTAURANT_RECEIPT = `Blue Door Diner
Table 12  Server: Kim  Guests: 2
2 Pancakes           17.90
1 Coffee              3.25
Subtotal             21.15
Tax                   1.85
Total                23.00
VISA **** 4421       23.00
Auth code 08812
Thank you for dining with us!`;

const LETTER_ABOUT_INVOICE = `Orchard Supplies Ltd
22 Station Street
Cambridge CB1 2AB

15 April 2024

Mr J. Smith
Smith & Sons
Oxford

Dear Mr Smith,

Re: invoice no. 1043

Thank you for your letter of 2 April. Please find enclosed a copy of our invoice no. 1043,
which we believe was lost in the post. The amount due remains unchanged and we would be
grateful if you could arrange payment at your earliest convenience.

Please do not hesitate to contact me should you have any questions about the account.

Yours sincerely,

Jane Doe
Accounts Manager`;

const CONTRACT_WITH_AMOUNTS = `SERVICES AGREEMENT

This Agreement is made and entered into on 1 January 2024 between Acme Ltd (hereinafter "the Provider")
and Globex Corp (hereinafter "the Client"), together "the Parties".

WHEREAS the Client wishes to obtain consulting services and the Provider agrees to provide them;

Article 1 - Scope
1.1 The Provider shall deliver the services described in Schedule A.
1.2 The Client shall pay a monthly fee of USD 5,000.00 within 30 days of each invoice.
Article 2 - Term and termination
2.1 This Agreement shall remain in force for twelve months from the Effective Date.
Article 3 - Governing law
3.1 This Agreement is governed by the laws of England and Wales.

IN WITNESS WHEREOF the Parties have executed this Agreement.
Signature: ____________          Signature: ____________`;

const BANK_STATEMENT = `First City Bank
Statement of account
Account number: 12345678  Sort code: 20-00-00
Statement period: 01/03/2024 to 31/03/2024

Date        Description              Paid out   Paid in   Balance
01/03/2024  Opening balance                                1,250.00
03/03/2024  Card purchase TESCO        45.20              1,204.80
07/03/2024  Salary ACME LTD                     2,300.00  3,504.80
15/03/2024  Direct debit Council tax  120.00              3,384.80
31/03/2024  Closing balance                               3,384.80`;

const FORM = `APPLICATION FORM - LIBRARY MEMBERSHIP
Please complete in BLOCK CAPITALS and tick the boxes that apply.

First name: ____________________
Last name: ____________________
Address: ______________________________
Telephone: ____________  Email: ____________________
Membership type:  [ ] Adult   [ ] Student   [ ] Senior
Signature of applicant: ______________  Date: __________

FOR OFFICE USE ONLY
Card no: ________`;

const PASSPORT = `PASSPORT
United Kingdom of Great Britain and Northern Ireland
Type P  Code GBR  Passport No 925076473
Surname: SPECIMEN
Given names: ANGELA ZOE
Nationality: BRITISH CITIZEN
Date of birth: 11 JAN 1988
Sex: F  Place of birth: CROYDON
Date of issue: 16 JUL 2020
Date of expiry: 16 JUL 2030
Authority: HMPO
P<GBRSPECIMEN<<ANGELA<ZOE<<<<<<<<<<<<<<<<<<<
9250764733GBR8801111F3007162<<<<<<<<<<<<<<02`;

const RESUME = `JANE DOE
jane.doe@example.com · +44 7700 900123 · linkedin.com/in/janedoe

Professional summary
Backend engineer with eight years of experience building payment systems.

Work experience
Senior Software Engineer, Globex Corp          2019 - Present
Software Engineer, Initech                     2015 - 2019

Education
BSc Computer Science, University of Leeds      2011 - 2015

Skills
TypeScript, Node.js, PostgreSQL, Kubernetes

Languages
English (native), Spanish (fluent)`;

/** OCR output with look-alike digits and split words (0 for O, 1 for I, extra spaces). */
const NOISY_INVOICE = `l N V O I C E
INV0ICE  NUMBER : 88172
lnvoice date 12.O4.2023
B1LL T0: Contoso GmbH
DUE  DATE 12.05.2023
T0TAL AM0UNT DUE  EUR 1.190,00
VAT 19 %  190,00`;

const NOISY_RECEIPT = `T0KO SERBA MURAH
RECE1PT
CASH1ER : 02
ITEM  2 X 4.50   9.00
T0TAL       RM 9.00
CASH        RM 20.00
CHANGE      RM 11.00
THANK Y0U PLEASE C0ME AGAIN`;

function expectWellFormed(c: Classification): void {
  expect(c.confidence).toBeGreaterThanOrEqual(0);
  expect(c.confidence).toBeLessThanOrEqual(1);
  // Every type is scored exactly once, best first, and the winner heads the list.
  expect(c.scores.map((s) => s.type).sort()).toEqual([...DOCUMENT_TYPES].sort());
  for (let i = 1; i < c.scores.length; i += 1) {
    expect(c.scores[i - 1]!.score).toBeGreaterThanOrEqual(c.scores[i]!.score);
  }
  expect(c.scores[0]!.type).toBe(c.type);
  // A type's score is exactly the sum of its cues' weights: the explanation is complete.
  for (const { type, score } of c.scores) {
    const sum = c.cues.filter((cue) => cue.type === type).reduce((acc, cue) => acc + cue.weight, 0);
    expect(score).toBeCloseTo(sum, 2);
  }
}

function classify(text: string): Classification {
  const c = classifyDocument([text]);
  expectWellFormed(c);
  return c;
}

function cuesFor(c: Classification, type: DocumentType): string[] {
  return c.cues.filter((cue) => cue.type === type).map((cue) => cue.cue);
}

describe("classifyDocument", () => {
  describe("recognises each document type", () => {
    const cases: [DocumentType, string][] = [
      ["invoice", INVOICE],
      ["invoice", GERMAN_INVOICE],
      ["receipt", RECEIPT],
      ["receipt", US_RESTAURANT_RECEIPT],
      ["contract", CONTRACT_WITH_AMOUNTS],
      ["bank_statement", BANK_STATEMENT],
      ["letter", LETTER_ABOUT_INVOICE],
      ["form", FORM],
      ["id_document", PASSPORT],
      ["resume", RESUME],
    ];
    it.each(cases)("%s", (expected, text) => {
      const c = classify(text);
      expect(c.type).toBe(expected);
      expect(c.confidence).toBeGreaterThan(0.3);
      // Runners-up are reported with their own scores.
      expect(c.scores[1]!.score).toBeLessThan(c.scores[0]!.score);
    });
  });

  describe("explains its decision with cues", () => {
    it("an invoice cites invoice number, bill-to, amount due and the IBAN", () => {
      const cues = cuesFor(classify(INVOICE), "invoice").join("\n");
      expect(cues).toMatch(/"invoice number"/);
      expect(cues).toMatch(/"bill to"/);
      expect(cues).toMatch(/"amount due"|"due date"/);
      expect(cues).toMatch(/IBAN/);
    });

    it("a bank statement cites opening/closing balance and transaction rows", () => {
      const cues = cuesFor(classify(BANK_STATEMENT), "bank_statement").join("\n");
      expect(cues).toMatch(/"opening balance"/);
      expect(cues).toMatch(/"closing balance"/);
      expect(cues).toMatch(/transaction rows/);
    });

    it("a letter cites the salutation and the complimentary close", () => {
      const cues = cuesFor(classify(LETTER_ABOUT_INVOICE), "letter").join("\n");
      expect(cues).toMatch(/salutation/);
      expect(cues).toMatch(/complimentary close/);
    });

    it("a passport cites its machine-readable zone", () => {
      expect(cuesFor(classify(PASSPORT), "id_document").join("\n")).toMatch(/MRZ/);
    });

    it("every cue has a positive weight and names a known type", () => {
      for (const cue of classify(RESUME).cues) {
        expect(DOCUMENT_TYPES).toContain(cue.type);
        expect(cue.weight).toBeGreaterThanOrEqual(0);
        expect(cue.cue.length).toBeGreaterThan(0);
      }
    });
  });

  describe("receipts versus invoices", () => {
    it('a shop receipt headed "TAX INVOICE" with an "INVOICE NO" is a receipt', () => {
      const c = classify(RECEIPT_SAYING_TAX_INVOICE);
      expect(c.type).toBe("receipt");
      // The invoice evidence is still reported, it is just outweighed.
      expect(cuesFor(c, "invoice").join("\n")).toMatch(/invoice/);
      expect(cuesFor(c, "receipt").join("\n")).toMatch(/CHANGE/);
    });

    it('"simplified tax invoice" counts for receipt, not invoice', () => {
      const c = classify("ABC MART\nSIMPLIFIED TAX INVOICE\nTOTAL 5.00\nCASH 5.00\nCHANGE 0.00");
      expect(c.type).toBe("receipt");
      expect(cuesFor(c, "invoice").join("\n")).not.toMatch(/tax invoice/);
    });

    it("a small business's German invoice (Rechnung Nr., no VAT under § 19 UStG) is an invoice", () => {
      const c = classify(`Max Mustermann
Hauptstraße 22
80331 München
Studio Nordlicht
Gartenweg 3, 24103 Kiel
Rechnung Nr. 2024-031
Kiel, 14.03.2024
Leistungszeitraum: März 2024
Fotoshooting Hochzeit 850,00 €
Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.
Rechnungsbetrag 850,00 €`);
      expect(c.type).toBe("invoice");
    });

    it("a German till receipt that OCR left little of is still a receipt, by its fiscal block, payment and change", () => {
      const c = classify(`Filiale 8271
Koinor Str. 88
10115 Berlin
EUR
JOGHURT NATUR 0,898
Gesamtbetrag 19,19
Ruckgeld BAR 6,08
TSE-Transaktion:
TSE-Signaturzahler:
TSE-Start: 2023-64-01713:`);
      expect(c.type).toBe("receipt");
      expect(classify("Wiesel Markt GmbH\nSumme EUR 12,34\nGeg. girocard EUR 12,34\nKundenbeleg\nTerminal-ID 56012345\nUSt-IdNr. DE123456789").type).toBe("receipt");
    });

    it('"Factuur nr." and "Facture no" name an invoice as "invoice no" does', () => {
      expect(classify("Bakkerij Zon\nFactuur nr. 2024-12\nDatum 03-04-2024\nTotaal 120,00").type).toBe("invoice");
      expect(classify("Atelier Lune\nFacture no 2024-12\nDate 03/04/2024\nTotal 120,00").type).toBe("invoice");
    });

    it("a grocery till slip that asks for the AMOUNT DUE is a receipt, by its item count and its weighed item", () => {
      const c = classify(`Grape Tomatoes 1.49
Strawberries 2.49
Bananas 1.55 lb @ 0.44/lb 0.68
SUBTOTAL 15.08
AMOUNT DUE 15.38
11 ITEMS
Cash 20.00`);
      expect(c.type).toBe("receipt");
      expect(cuesFor(c, "receipt").join("\n")).toMatch(/item count line/);
      expect(cuesFor(c, "receipt").join("\n")).toMatch(/quantity × price line/);
    });

    it("counts a weighed item as OCR reads its unit (1b for lb) and a decimal-comma weight (0,514 kg x 2,99)", () => {
      expect(cuesFor(classify("Apples\n1.55 1b @ 0.44/1b\nTotal 0.68"), "receipt").join("\n")).toMatch(/quantity × price line/);
      expect(cuesFor(classify("Äpfel\n0,514 kg x 2,99\nSumme 1,54"), "receipt").join("\n")).toMatch(/quantity × price line/);
    });

    it("an invoice's line items naming a count in a sentence count no till item line", () => {
      expect(cuesFor(classify("Invoice no 12\nDelivery of 11 items as ordered\nAmount due 120.00"), "receipt").join("\n")).not.toMatch(/item count line/);
    });

    it("a real invoice that also says thank you stays an invoice", () => {
      const c = classify(INVOICE);
      expect(c.type).toBe("invoice");
      expect(c.scores.find((s) => s.type === "receipt")!.score).toBeLessThan(c.scores[0]!.score / 2);
    });
  });

  describe("tricky texts", () => {
    it("a letter that mentions an invoice is a letter", () => {
      const c = classify(LETTER_ABOUT_INVOICE);
      expect(c.type).toBe("letter");
      expect(c.scores.map((s) => s.type).slice(0, 3)).toContain("invoice");
    });

    it("a contract with amounts is a contract", () => {
      expect(classify(CONTRACT_WITH_AMOUNTS).type).toBe("contract");
    });

    it("tolerates OCR noise: 0/O and 1/l confusions and letter-spaced headings", () => {
      expect(classify(NOISY_INVOICE).type).toBe("invoice");
      expect(classify(NOISY_RECEIPT).type).toBe("receipt");
    });

    it("does not match keywords inside longer words", () => {
      // "information" contains "form", "uninvoiced" contains "invoice".
      const c = classify("General information about uninvoiced platforms and performance.");
      expect(cuesFor(c, "form")).toEqual([]);
      expect(cuesFor(c, "invoice")).toEqual([]);
    });

    it("caps a repeated word so it cannot dominate", () => {
      const once = classify("Notes on the shall keyword in plain text.");
      const many = classify(`Notes on the keyword in plain text. ${"shall ".repeat(200)}`);
      const weight = (c: Classification): number => c.scores.find((s) => s.type === "contract")!.score;
      expect(weight(many)).toBeLessThan(2 * weight(once));
      expect(many.type).toBe("other");
    });

    it("reads text spread over several pages", () => {
      const c = classifyDocument(["ACME LTD\nINVOICE\nInvoice number: 42", "Bill to: Globex\nAmount due: 10.00 EUR"]);
      expectWellFormed(c);
      expect(c.type).toBe("invoice");
    });
  });

  describe("no evidence", () => {
    it.each([
      ["empty", [] as string[]],
      ["blank pages", ["", "   \n\n"]],
      ["two words", ["Invoice receipt"]],
    ])("%s text is other with low confidence", (_name, pages) => {
      const c = classifyDocument(pages);
      expectWellFormed(c);
      expect(c.type).toBe("other");
      expect(c.confidence).toBeLessThanOrEqual(0.3);
    });

    it("unrelated prose is other", () => {
      const c = classify(
        "The quick brown fox jumps over the lazy dog. A journey of a thousand miles begins with a single step.",
      );
      expect(c.type).toBe("other");
      expect(c.scores[0]).toEqual({ type: "other", score: OTHER_BASELINE });
    });
  });

  it("is deterministic", () => {
    expect(classifyDocument([INVOICE])).toEqual(classifyDocument([INVOICE]));
  });

  describe("confidenceFromScores", () => {
    it("stays in [0, 1] and grows with the winner's score and with the margin", () => {
      expect(confidenceFromScores(0, 0)).toBe(0);
      expect(confidenceFromScores(1000, 0)).toBeLessThanOrEqual(1);
      expect(confidenceFromScores(20, 2)).toBeGreaterThan(confidenceFromScores(10, 2));
      expect(confidenceFromScores(20, 2)).toBeGreaterThan(confidenceFromScores(20, 15));
      // A tie halves the strength of the evidence.
      expect(confidenceFromScores(10, 10)).toBeCloseTo((1 - Math.exp(-10 / 8)) / 2, 3);
    });
  });
});
