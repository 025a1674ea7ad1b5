import { describe, expect, it } from "vitest";
import { EInvoiceParseError, parseEInvoice } from "../../../src/extraction/einvoice/einvoice.parser.js";
import { readEmbeddedEInvoice } from "../../../src/extraction/einvoice/einvoice.reader.js";
import { looksLikeEInvoice, looksLikeEInvoiceBytes } from "../../../src/extraction/einvoice/einvoice.sniff.js";
import { decodeXml } from "../../../src/extraction/einvoice/einvoice.decode.js";
import { ciiXml, EINVOICE, ublXml, utf16 } from "../../support/einvoice.fixtures.js";

const T = EINVOICE;

describe("parseEInvoice: UN/CEFACT Cross Industry Invoice (Factur-X, ZUGFeRD 2, XRechnung CII)", () => {
  it("reads the header, the parties, the payment and the monetary summation by local name", () => {
    const inv = parseEInvoice(new TextEncoder().encode(ciiXml()));
    expect(inv).toMatchObject({
      syntax: "cii",
      kind: "invoice",
      typeCode: "380",
      number: T.number,
      issueDate: T.issueDate,
      dueDate: T.dueDate,
      currency: "EUR",
      orderReference: T.orderReference,
      buyerReference: T.buyerReference,
      iban: T.iban,
      seller: { name: T.seller.name, vatId: T.seller.vatId, taxIds: [T.seller.taxNumber], registrationIds: [T.seller.registration] },
      buyer: { name: T.buyer.name, id: T.buyer.id, vatId: T.buyer.vatId },
      totals: { lineTotal: 165, chargeTotal: 0, allowanceTotal: 0, taxBasis: 165, taxTotal: 31.35, grandTotal: 196.35, prepaid: 0, rounding: 0, duePayable: 196.35 },
    });
    expect(inv.lines).toEqual(T.lines);
  });

  it("does not depend on the prefixes: another prefix, or a default namespace and none", () => {
    const renamed = ciiXml().replace(/\bram:/g, "x:").replace(/xmlns:ram=/, "xmlns:x=");
    expect(parseEInvoice(renamed).number).toBe(T.number);
    const unprefixed = ciiXml().replace(/\b(?:rsm|ram|udt|qdt):/g, "").replace(/xmlns:\w+="[^"]*"/g, "").replace("<CrossIndustryInvoice ", '<CrossIndustryInvoice xmlns="urn:x" ');
    const inv = parseEInvoice(unprefixed);
    expect(inv.number).toBe(T.number);
    expect(inv.issueDate).toBe(T.issueDate);
    expect(inv.totals.grandTotal).toBe(196.35);
  });

  it("reads a credit note by its type code", () => {
    const inv = parseEInvoice(ciiXml({ ...T, typeCode: "381" }));
    expect(inv.kind).toBe("credit_note");
    expect(inv.typeCode).toBe("381");
  });

  it("takes the tax total in the invoice currency when the XML states it in two currencies", () => {
    const xml = ciiXml().replace(/<ram:TaxTotalAmount currencyID="EUR">31.35<\/ram:TaxTotalAmount>/, '<ram:TaxTotalAmount currencyID="CHF">29.80</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="EUR">31.35</ram:TaxTotalAmount>');
    expect(parseEInvoice(xml).totals.taxTotal).toBe(31.35);
  });

  it("decodes the predefined entities and character references in text", () => {
    const xml = `<Invoice><cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Smith &amp; Sons &#x2013; Tools &lt;Berlin&gt; &#8364;</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty></Invoice>`;
    expect(parseEInvoice(xml).seller.name).toBe("Smith & Sons – Tools <Berlin> €");
  });

  it("reads a ZUGFeRD 1.0 Cross Industry Document, whose parts have the older names", () => {
    const zf1 = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:HeaderExchangedDocument><ram:ID>471102</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime></rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Kunden AG</ram:Name></ram:BuyerTradeParty>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:LineTotalAmount currencyID="EUR">198.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount currencyID="EUR">198.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">37.62</ram:TaxTotalAmount><ram:GrandTotalAmount currencyID="EUR">235.62</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">20.0000</ram:BilledQuantity></ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement><ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount currencyID="EUR">198.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation></ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>Trennblätter A4</ram:Name></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>`;
    expect(parseEInvoice(zf1)).toMatchObject({
      syntax: "cii",
      number: "471102",
      issueDate: "2013-03-05",
      currency: "EUR",
      seller: { name: "Lieferant GmbH", vatId: "DE123456789" },
      buyer: { name: "Kunden AG" },
      totals: { taxBasis: 198, taxTotal: 37.62, grandTotal: 235.62 },
      lines: [{ description: "Trennblätter A4", quantity: 20, unitPrice: null, amount: 198 }],
    });
  });

  it("reads the 2014 draft of ZUGFeRD: an Invoice root over Cross Industry parts, dates on the element itself", () => {
    const draft = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:Invoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CBFBUY:5">
  <rsm:HeaderExchangedDocument><ID>RE-2014/77</ID><TypeCode>380</TypeCode><IssueDateTime format="102">20140611</IssueDateTime></rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ApplicableSupplyChainTradeAgreement>
      <SellerTradeParty><Name>Muster Werkstatt GmbH</Name><SpecifiedTaxRegistration><ID schemeID="VA">DE123456789</ID></SpecifiedTaxRegistration></SellerTradeParty>
      <BuyerTradeParty><Name>Erika Beispiel</Name></BuyerTradeParty>
    </ApplicableSupplyChainTradeAgreement>
    <ApplicableSupplyChainTradeSettlement>
      <InvoiceCurrencyCode>EUR</InvoiceCurrencyCode>
      <SpecifiedTradePaymentTerms><DueDateDateTime format="102">20140701</DueDateDateTime></SpecifiedTradePaymentTerms>
      <SpecifiedTradeSettlementMonetarySummation><TaxBasisTotalAmount currencyID="EUR">100.00</TaxBasisTotalAmount><TaxTotalAmount currencyID="EUR">19.00</TaxTotalAmount><GrandTotalAmount currencyID="EUR">119.00</GrandTotalAmount></SpecifiedTradeSettlementMonetarySummation>
    </ApplicableSupplyChainTradeSettlement>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:Invoice>`;
    expect(parseEInvoice(draft)).toMatchObject({
      syntax: "cii",
      number: "RE-2014/77",
      issueDate: "2014-06-11",
      dueDate: "2014-07-01",
      currency: "EUR",
      seller: { name: "Muster Werkstatt GmbH", vatId: "DE123456789" },
      buyer: { name: "Erika Beispiel" },
      totals: { taxBasis: 100, taxTotal: 19, grandTotal: 119 },
    });
  });

  it("leaves out what the XML does not say instead of guessing", () => {
    const sparse = `<rsm:CrossIndustryInvoice xmlns:rsm="a" xmlns:ram="b"><rsm:ExchangedDocument><ram:ID>17</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>`;
    const inv = parseEInvoice(sparse);
    expect(inv).toMatchObject({ number: "17", kind: "invoice", typeCode: null, issueDate: null, dueDate: null, currency: null, iban: null, lines: [] });
    expect(inv.seller).toEqual({ name: null, id: null, vatId: null, taxIds: [], registrationIds: [] });
    expect(Object.values(inv.totals).every((v) => v === null)).toBe(true);
  });

  it("refuses impossible dates and non-decimal amounts rather than misreading them", () => {
    const xml = ciiXml().replace(`>${T.issueDate.replace(/-/g, "")}<`, ">20240231<").replace(">196.35</ram:GrandTotalAmount>", ">1.96,35</ram:GrandTotalAmount>");
    const inv = parseEInvoice(xml);
    expect(inv.issueDate).toBeNull();
    expect(inv.totals.grandTotal).toBeNull();
  });
});

describe("parseEInvoice: UBL 2.1 (XRechnung UBL, Peppol BIS)", () => {
  it("reads an Invoice with cbc/cac prefixes under a default namespace", () => {
    const inv = parseEInvoice(ublXml());
    expect(inv).toMatchObject({
      syntax: "ubl",
      kind: "invoice",
      typeCode: "380",
      number: T.number,
      issueDate: T.issueDate,
      dueDate: T.dueDate,
      currency: "EUR",
      orderReference: T.orderReference,
      buyerReference: T.buyerReference,
      iban: T.iban,
      // The legal (registration) name, not the shorter trading name in PartyName.
      seller: { name: T.seller.name, vatId: T.seller.vatId, taxIds: ["201/113/40209"], registrationIds: [T.seller.registration, "billing@example.com"] },
      buyer: { name: T.buyer.name, id: T.buyer.id, vatId: T.buyer.vatId },
      totals: { lineTotal: 165, taxBasis: 165, taxTotal: 31.35, grandTotal: 196.35, duePayable: 196.35, rounding: null },
    });
    expect(inv.lines).toEqual(T.lines);
  });

  it("reads a CreditNote: its kind, its lines and the due date under the payment means", () => {
    const inv = parseEInvoice(ublXml(T, { credit: true }));
    expect(inv.kind).toBe("credit_note");
    expect(inv.typeCode).toBe("381");
    expect(inv.dueDate).toBe(T.dueDate);
    expect(inv.lines.map((l) => l.amount)).toEqual([129, 36]);
  });
});

describe("parseEInvoice on hostile or broken XML", () => {
  it("refuses malformed XML with its own error", () => {
    expect(() => parseEInvoice("<rsm:CrossIndustryInvoice><ram:ID>1</rsm:CrossIndustryInvoice>")).toThrow(EInvoiceParseError);
    expect(() => parseEInvoice(new Uint8Array([0xff, 0xfe, 0x00, 0x3c]))).toThrow(EInvoiceParseError);
  });

  it("refuses XML whose root is not an e-invoice", () => {
    expect(() => parseEInvoice('<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>')).toThrow(/root element \(xmpmeta\) is not an e-invoice/);
  });

  it("never expands entities: a DOCTYPE (an entity bomb, an external entity) is refused before parsing", () => {
    const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY l0 "lol">${levels}]><Invoice><ID>&l10;</ID></Invoice>`;
    expect(() => parseEInvoice(bomb)).toThrow(/DOCTYPE/);
    const external = `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice><ID>&x;</ID></Invoice>`;
    expect(() => parseEInvoice(external)).toThrow(/DOCTYPE/);
  });

  it("refuses a tag of thousands of attributes (the parser's time grows with their square) before parsing", () => {
    const attributes = Array.from({ length: 5000 }, (_, i) => `a${i}="x"`).join(" ");
    expect(() => parseEInvoice(`<Invoice ${attributes}><ID>1</ID></Invoice>`)).toThrow(/tag longer than/);
  });

  it("keeps an undeclared entity reference as text instead of resolving it", () => {
    expect(parseEInvoice("<Invoice><ID>&l10;</ID></Invoice>").number).toBe("&l10;");
  });

  it("drops characters no database stores (NUL by character reference)", () => {
    expect(parseEInvoice("<Invoice><ID>A&#0;B&#x1;C</ID></Invoice>").number).toBe("ABC");
  });
});

describe("looksLikeEInvoice: the sandbox's test of an attachment", () => {
  it("knows an e-invoice by its first element, past the declaration, comments and a BOM", () => {
    expect(looksLikeEInvoice(ciiXml())).toBe(true);
    expect(looksLikeEInvoice(`\uFEFF<?xml version="1.0"?>\n<!-- made by hand --><Invoice xmlns="urn:x">`)).toBe(true);
    expect(looksLikeEInvoice("<cbc:CreditNote>")).toBe(true);
  });

  it("lets an e-invoice with a DOCTYPE through, for the parser to refuse with a note the user sees", () => {
    expect(looksLikeEInvoice('<!DOCTYPE Invoice [<!ENTITY a "b">]><Invoice/>')).toBe(true);
    expect(looksLikeEInvoice('<?xml version="1.0"?>\n<!DOCTYPE rsm:CrossIndustryInvoice SYSTEM "x.dtd">\n<rsm:CrossIndustryInvoice>')).toBe(true);
    expect(looksLikeEInvoice('<!DOCTYPE order [<!ENTITY a "b">]><order/>')).toBe(false);
  });

  it("answers for a hostile run of comments without backtracking through them (the old one-regex prolog took hours for 40)", () => {
    const comments = "<!-- a -->".repeat(60);
    expect(looksLikeEInvoice(`${comments}!`)).toBe(false);
    expect(looksLikeEInvoice(`${comments}<Invoice/>`)).toBe(true);
    expect(looksLikeEInvoice(`<!DOCTYPE x [${"]".repeat(500)}`)).toBe(false);
    expect(looksLikeEInvoice("<!-- never closed <Invoice/>")).toBe(false);
    expect(looksLikeEInvoice("<!doctype Invoice [<!ENTITY a \"]\">] ><Invoice/>")).toBe(true);
  });

  it("knows a UTF-16 e-invoice once its head is decoded by its BOM", () => {
    expect(looksLikeEInvoice(decodeXml(utf16(ciiXml(), "le").subarray(0, 4096)))).toBe(true);
    expect(looksLikeEInvoice(decodeXml(utf16(ciiXml(), "be").subarray(0, 4095)))).toBe(true);
  });

  it("finds the root past a licence comment of several kilobytes (the reference samples open with one)", () => {
    const disclaimer = `<?xml version='1.0' encoding='UTF-8' ?>\n<!-- ${"Nutzungsrechte / terms of use. ".repeat(200)} -->\n`;
    expect(disclaimer.length).toBeGreaterThan(4096);
    expect(looksLikeEInvoiceBytes(new TextEncoder().encode(disclaimer + ciiXml().replace(/^<\?xml[^>]*>/, "")))).toBe(true);
    expect(looksLikeEInvoiceBytes(utf16(disclaimer + "<Invoice/>", "le"))).toBe(true);
    expect(looksLikeEInvoiceBytes(new TextEncoder().encode(disclaimer + "<order/>"))).toBe(false);
  });

  it("passes over other XML, non-XML and names that only exist on Object.prototype", () => {
    expect(looksLikeEInvoice('<?xml version="1.0"?><order/>')).toBe(false);
    expect(looksLikeEInvoice("%PDF-1.7")).toBe(false);
    expect(looksLikeEInvoice("<constructor/>")).toBe(false);
  });
});

describe("readEmbeddedEInvoice: choosing among a PDF's XML attachments", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it("keeps the first that parses and notes the others, never throwing", () => {
    const reading = readEmbeddedEInvoice([
      { filename: "broken.xml", bytes: bytes("<Invoice><ID>") },
      { filename: "factur-x.xml", bytes: bytes(ciiXml()) },
      { filename: "xrechnung.xml", bytes: bytes(ublXml()) },
    ]);
    expect(reading.found?.filename).toBe("factur-x.xml");
    expect(reading.found?.invoice.syntax).toBe("cii");
    expect(reading.notes).toHaveLength(2);
    expect(reading.notes[0]).toMatch(/^broken\.xml: The XML is not well-formed/);
    expect(reading.notes[1]).toMatch(/^xrechnung\.xml: a second e-invoice/);
  });

  it("notes an e-invoice refused for its DOCTYPE instead of dropping it silently", () => {
    const reading = readEmbeddedEInvoice([{ filename: "factur-x.xml", bytes: bytes(`<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice><ID>&x;</ID></Invoice>`) }]);
    expect(reading.found).toBeNull();
    expect(reading.notes).toEqual([expect.stringMatching(/^factur-x\.xml: The XML declares a DOCTYPE/)]);
  });

  it("reads a UTF-16 e-invoice, little- or big-endian, with its BOM", () => {
    for (const order of ["le", "be"] as const) {
      const reading = readEmbeddedEInvoice([{ filename: "factur-x.xml", bytes: utf16(ciiXml(), order) }]);
      expect(reading.notes).toEqual([]);
      expect(reading.found?.invoice.number).toBe(EINVOICE.number);
      expect(reading.found?.invoice.seller.name).toBe(EINVOICE.seller.name);
    }
  });

  it("finds nothing in no attachments", () => {
    expect(readEmbeddedEInvoice([])).toEqual({ found: null, notes: [] });
  });
});
