import { AFRelationship, PDFDocument, PDFName, StandardFonts } from "pdf-lib";

/**
 * E-invoices the tests write themselves: a Factur-X (CII) XML with the usual
 * rsm/ram/udt prefixes, a UBL 2.1 invoice or credit note, and a PDF that shows
 * an invoice page and carries an XML as an embedded file (as Factur-X does).
 * Each exports its truth so tests assert against the fixture's own definition.
 */

/** What the generated e-invoice states. */
export interface EInvoiceTruth {
  number: string;
  typeCode: string;
  issueDate: string; // ISO
  dueDate: string; // ISO
  currency: string;
  seller: { name: string; vatId: string; taxNumber: string; registration: string };
  buyer: { name: string; id: string; vatId: string };
  orderReference: string;
  buyerReference: string;
  iban: string;
  lines: { description: string; quantity: number; unitPrice: number; amount: number }[];
  totals: { lineTotal: number; taxBasis: number; taxTotal: number; grandTotal: number; rounding: number; duePayable: number };
}

/** A two-line invoice of a made-up tool maker to a made-up customer. */
export const EINVOICE: EInvoiceTruth = {
  number: "RE-2024-0815",
  typeCode: "380",
  issueDate: "2024-03-15",
  dueDate: "2024-04-14",
  currency: "EUR",
  seller: { name: "Fabrikam Werkzeugbau GmbH", vatId: "DE123456789", taxNumber: "201/113/40209", registration: "HRB 12345" },
  buyer: { name: "Contoso Handels AG", id: "KD-40012", vatId: "DE987654321" },
  orderReference: "PO-7781",
  buyerReference: "04011000-12345-34",
  iban: "DE89370400440532013000",
  lines: [
    { description: "Drehmomentschlüssel 20-100 Nm", quantity: 2, unitPrice: 64.5, amount: 129 },
    { description: "Bitsatz 32-teilig", quantity: 3, unitPrice: 12, amount: 36 },
  ],
  totals: { lineTotal: 165, taxBasis: 165, taxTotal: 31.35, grandTotal: 196.35, rounding: 0, duePayable: 196.35 },
};

const d102 = (iso: string) => iso.replace(/-/g, "");
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A Factur-X / ZUGFeRD 2 (EN 16931) CII XML for `t`. */
export function ciiXml(t: EInvoiceTruth = EINVOICE): string {
  const lines = t.lines
    .map(
      (l, i) => `
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>${i + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>${esc(l.description)}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${l.unitPrice.toFixed(2)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="H87">${l.quantity.toFixed(4)}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${l.amount.toFixed(2)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>${esc(t.number)}</ram:ID>
    <ram:TypeCode>${t.typeCode}</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">${d102(t.issueDate)}</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>${lines}
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>${esc(t.buyerReference)}</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>${esc(t.seller.name)}</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID>${esc(t.seller.registration)}</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Werkstraße 1</ram:LineOne><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">${esc(t.seller.taxNumber)}</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${esc(t.seller.vatId)}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:ID>${esc(t.buyer.id)}</ram:ID>
        <ram:Name>${esc(t.buyer.name)}</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${esc(t.buyer.vatId)}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${esc(t.orderReference)}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>${t.currency}</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${t.iban}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>${t.totals.taxTotal.toFixed(2)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>${t.totals.taxBasis.toFixed(2)}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">${d102(t.dueDate)}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>${t.totals.lineTotal.toFixed(2)}</ram:LineTotalAmount>
        <ram:ChargeTotalAmount>0.00</ram:ChargeTotalAmount>
        <ram:AllowanceTotalAmount>0.00</ram:AllowanceTotalAmount>
        <ram:TaxBasisTotalAmount>${t.totals.taxBasis.toFixed(2)}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="${t.currency}">${t.totals.taxTotal.toFixed(2)}</ram:TaxTotalAmount>
        <ram:RoundingAmount>${t.totals.rounding.toFixed(2)}</ram:RoundingAmount>
        <ram:GrandTotalAmount>${t.totals.grandTotal.toFixed(2)}</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>0.00</ram:TotalPrepaidAmount>
        <ram:DuePayableAmount>${t.totals.duePayable.toFixed(2)}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}

/** A UBL 2.1 invoice (or, with `credit`, a credit note) for `t`, with cbc/cac prefixes and a default namespace on the root. */
export function ublXml(t: EInvoiceTruth = EINVOICE, opts: { credit?: boolean } = {}): string {
  const root = opts.credit ? "CreditNote" : "Invoice";
  const line = opts.credit ? "CreditNoteLine" : "InvoiceLine";
  const qty = opts.credit ? "CreditedQuantity" : "InvoicedQuantity";
  const lines = t.lines
    .map(
      (l, i) => `
  <cac:${line}>
    <cbc:ID>${i + 1}</cbc:ID>
    <cbc:${qty} unitCode="C62">${l.quantity}</cbc:${qty}>
    <cbc:LineExtensionAmount currencyID="${t.currency}">${l.amount.toFixed(2)}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>${esc(l.description)}</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="${t.currency}">${l.unitPrice.toFixed(2)}</cbc:PriceAmount></cac:Price>
  </cac:${line}>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>${esc(t.number)}</cbc:ID>
  <cbc:IssueDate>${t.issueDate}</cbc:IssueDate>
  ${opts.credit ? "" : `<cbc:DueDate>${t.dueDate}</cbc:DueDate>`}
  <cbc:${root}TypeCode>${opts.credit ? "381" : t.typeCode}</cbc:${root}TypeCode>
  <cbc:DocumentCurrencyCode>${t.currency}</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>${esc(t.buyerReference)}</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>${esc(t.orderReference)}</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="EM">billing@example.com</cbc:EndpointID>
    <cac:PartyName><cbc:Name>Fabrikam</cbc:Name></cac:PartyName>
    <cac:PostalAddress><cbc:CityName>Berlin</cbc:CityName><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>${esc(t.seller.vatId)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyTaxScheme><cbc:CompanyID>${esc(t.seller.taxNumber)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>FC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>${esc(t.seller.name)}</cbc:RegistrationName><cbc:CompanyID>${esc(t.seller.registration)}</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyIdentification><cbc:ID>${esc(t.buyer.id)}</cbc:ID></cac:PartyIdentification>
    <cac:PartyTaxScheme><cbc:CompanyID>${esc(t.buyer.vatId)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>${esc(t.buyer.name)}</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    ${opts.credit ? `<cbc:PaymentDueDate>${t.dueDate}</cbc:PaymentDueDate>` : ""}
    <cac:PayeeFinancialAccount><cbc:ID>${t.iban}</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="${t.currency}">${t.totals.taxTotal.toFixed(2)}</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="${t.currency}">${t.totals.lineTotal.toFixed(2)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="${t.currency}">${t.totals.taxBasis.toFixed(2)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="${t.currency}">${t.totals.grandTotal.toFixed(2)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="${t.currency}">${t.totals.duePayable.toFixed(2)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>${lines}
</${root}>
`;
}

/**
 * The printed face of {@link EINVOICE} as a layout that misleads a page reader: the recipient's block comes
 * first, the customer number is printed before the invoice number on one shared label, an order date under
 * "Date" above the invoice's own; amounts in German number format.
 */
export function misleadingInvoiceLines(t: EInvoiceTruth = EINVOICE): string[] {
  return [
    "Sold to: Contoso Handels AG, Hafenweg 5, 20457 Hamburg",
    "",
    `Customer no. / Invoice no.: ${t.buyer.id.replace("KD-", "")} / ${t.number}`,
    "Date: 01.03.2024",
    "",
    t.seller.name,
    "Werkstraße 1, 10115 Berlin",
    "",
    "INVOICE",
    "Issued 15.03.2024",
    "",
    "Description                          Amount",
    ...t.lines.map((l) => `${l.description.padEnd(37)}${l.amount.toFixed(2).replace(".", ",")} EUR`),
    `Net                                  ${t.totals.taxBasis.toFixed(2).replace(".", ",")} EUR`,
    `VAT 19%                              ${t.totals.taxTotal.toFixed(2).replace(".", ",")} EUR`,
    `Total                                ${t.totals.grandTotal.toFixed(2).replace(".", ",")} EUR`,
    "",
    `VAT ID ${t.seller.vatId}   IBAN ${t.iban.replace(/(.{4})/g, "$1 ").trim()}`,
  ];
}

/**
 * A one-page PDF printing `lines`, with `attachment` embedded as a file (Factur-X style: associated file, relationship
 * Alternative; a string is written as UTF-8). `only: "af"` lists it in the catalog's `/AF` array alone, not in the
 * `/EmbeddedFiles` name tree (some PDF/A-3 writers do that).
 */
export async function pdfWithAttachment(lines: readonly string[], attachment: { xml: string | Uint8Array; filename: string; only?: "af" } | null): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date("2024-03-15T00:00:00Z"));
  doc.setModificationDate(new Date("2024-03-15T00:00:00Z"));
  doc.setProducer("folio test fixtures");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  let y = 780;
  for (const line of lines) {
    page.drawText(line, { x: 50, y, size: 11, font });
    y -= 20;
  }
  if (attachment) {
    await doc.attach(typeof attachment.xml === "string" ? Buffer.from(attachment.xml, "utf8") : attachment.xml, attachment.filename, {
      mimeType: "text/xml",
      description: "Factur-X invoice",
      creationDate: new Date("2024-03-15T00:00:00Z"),
      modificationDate: new Date("2024-03-15T00:00:00Z"),
      afRelationship: AFRelationship.Alternative,
    });
  }
  const saved = await doc.save({ useObjectStreams: false });
  if (attachment?.only !== "af") return Buffer.from(saved);
  const again = await PDFDocument.load(saved, { updateMetadata: false });
  again.catalog.delete(PDFName.of("Names"));
  return Buffer.from(await again.save({ useObjectStreams: false }));
}

/** `text` as UTF-16 bytes with a byte-order mark (little- or big-endian), as some exporters write XML. */
export function utf16(text: string, order: "le" | "be"): Uint8Array {
  const out = new Uint8Array(2 + 2 * text.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, order === "le");
  for (let i = 0; i < text.length; i += 1) view.setUint16(2 + 2 * i, text.charCodeAt(i), order === "le");
  return out;
}
