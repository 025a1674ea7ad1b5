/**
 * Reads an e-invoice XML (UN/CEFACT Cross Industry Invoice as in Factur-X,
 * ZUGFeRD 2.x and XRechnung; its predecessor Cross Industry Document of
 * ZUGFeRD 1.0; UBL 2.1 `Invoice`/`CreditNote`) into an {@link EInvoice}.
 *
 * Elements are matched by local name: producers use different prefixes
 * (`rsm:`/`ram:`/`udt:`, `cbc:`/`cac:`, a default namespace, none), and the
 * values Folio needs sit at the same paths whatever the prefix.
 *
 * The XML comes from untrusted documents: a DOCTYPE (the only way to declare
 * entities, hence entity-expansion bombs and external entities) is refused
 * before parsing, the parser expands no entities (the five predefined ones and
 * character references are decoded here, in one pass that cannot grow), and
 * the caller bounds the size.
 */
import { XMLParser } from "fast-xml-parser";
import { stripUnstorable } from "../page/page.sanitize.js";
import { decodeXml } from "./einvoice.decode.js";
import { EINVOICE_ROOTS } from "./einvoice.sniff.js";
import { MAX_EINVOICE_LINES, type EInvoice, type EInvoiceLine, type EInvoiceParty, type EInvoiceTotals } from "./einvoice.types.js";

/** Why an XML is not read as an e-invoice (the attachment is then ignored, never the document). */
export class EInvoiceParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EInvoiceParseError";
  }
}

/** A parsed element: child elements by local name (always arrays), `@name` attributes, `#text`. */
type XmlNode = { [name: string]: XmlNode[] | string | undefined } | string;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Identifiers keep their leading zeros and amounts their exact digits: everything stays a string.
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The predefined entities and character references, decoded in one pass (no expansion can nest). */
function decodeText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|([a-z]{2,4}));/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name] ?? whole;
    const cp = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    // A NUL or a lone surrogate is not text anyone can store.
    return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : "";
  });
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === "string") return [];
  const v = node[name];
  return Array.isArray(v) ? v : [];
}

/** Every node at a path of local names; a step may list alternatives separated by `|` (the syntaxes' versions name some elements differently). */
function all(node: XmlNode | undefined, path: string): XmlNode[] {
  let current: XmlNode[] = node === undefined ? [] : [node];
  for (const step of path.split("/")) {
    const names = step.split("|");
    current = current.flatMap((n) => names.flatMap((name) => children(n, name)));
  }
  return current;
}

function textOf(node: XmlNode | undefined): string | null {
  if (node === undefined) return null;
  const raw = typeof node === "string" ? node : typeof node["#text"] === "string" ? node["#text"] : null;
  if (raw === null) return null;
  // Whatever the XML holds must be storable text (no NUL or other non-characters: PostgreSQL refuses them).
  const s = stripUnstorable(decodeText(raw)).replace(/\s+/g, " ").trim();
  return s === "" ? null : s;
}

function attr(node: XmlNode | undefined, name: string): string | null {
  if (node === undefined || typeof node === "string") return null;
  const v = node[`@${name}`];
  return typeof v === "string" ? v.trim() : null;
}

/** The first non-empty text at any of the paths, in the order given. */
function text(node: XmlNode | undefined, ...paths: string[]): string | null {
  for (const p of paths) {
    for (const n of all(node, p)) {
      const t = textOf(n);
      if (t !== null) return t;
    }
  }
  return null;
}

function toNumber(s: string | null): number | null {
  if (s === null) return null;
  // xs:decimal: optional sign, digits, optional fraction. Anything else is not an amount.
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A CII `DateTimeString` (format 102 = YYYYMMDD; the profiles use no other for these dates) or an ISO date (UBL). */
function dateOf(s: string | null, format: string | null = null): string | null {
  if (s === null) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact && (format === null || format === "102")) return isoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|T|[+-Z])/.exec(s);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return null;
}

function ciiDate(node: XmlNode | undefined, path: string): string | null {
  // The 2014 draft of ZUGFeRD puts the date and its format on the element itself, not in a DateTimeString.
  for (const n of [...all(node, `${path}/DateTimeString`), ...all(node, path)]) {
    const d = dateOf(textOf(n), attr(n, "format"));
    if (d) return d;
  }
  return null;
}

const compactId = (s: string | null): string | null => (s === null ? null : s.replace(/\s+/g, "").toUpperCase() || null);

/** An amount, from the node whose `currencyID` is the invoice's when several are given (CII states tax in two currencies). */
function amount(node: XmlNode | undefined, path: string, currency: string | null): number | null {
  const nodes = all(node, path);
  const preferred = nodes.find((n) => currency !== null && attr(n, "currencyID") === currency) ?? nodes[0];
  return toNumber(textOf(preferred));
}

function unique(values: (string | null)[], except: (string | null)[] = []): string[] {
  return [...new Set(values.filter((v): v is string => v !== null && !except.includes(v)))];
}

function ciiParty(p: XmlNode | undefined): EInvoiceParty {
  const regs = all(p, "SpecifiedTaxRegistration/ID");
  const vat = regs.find((n) => (attr(n, "schemeID") ?? "").toUpperCase() === "VA");
  const taxIds = regs.filter((n) => n !== vat).map((n) => compactId(textOf(n)));
  return {
    name: text(p, "Name", "SpecifiedLegalOrganization/TradingBusinessName"),
    id: text(p, "ID"),
    vatId: compactId(textOf(vat)),
    taxIds: unique(taxIds),
    registrationIds: unique([...all(p, "SpecifiedLegalOrganization/ID"), ...all(p, "GlobalID")].map((n) => textOf(n))),
  };
}

function ubl(root: XmlNode, rootName: string): EInvoice {
  const currency = text(root, "DocumentCurrencyCode");
  const party = (path: string): EInvoiceParty => {
    const p = all(root, `${path}/Party`)[0];
    const schemes = all(p, "PartyTaxScheme");
    const vat = schemes.find((s) => (text(s, "TaxScheme/ID") ?? "VAT").toUpperCase() === "VAT");
    const vatId = compactId(text(vat, "CompanyID"));
    return {
      name: text(p, "PartyLegalEntity/RegistrationName", "PartyName/Name"),
      id: text(p, "PartyIdentification/ID"),
      vatId,
      taxIds: unique(schemes.filter((s) => s !== vat).map((s) => compactId(text(s, "CompanyID")))),
      registrationIds: unique([...all(p, "PartyLegalEntity/CompanyID"), ...all(p, "EndpointID")].map((n) => textOf(n)), [vatId]),
    };
  };
  const credit = rootName === "CreditNote";
  const typeCode = text(root, credit ? "CreditNoteTypeCode" : "InvoiceTypeCode");
  const m = all(root, "LegalMonetaryTotal")[0];
  const totals: EInvoiceTotals = {
    lineTotal: amount(m, "LineExtensionAmount", currency),
    chargeTotal: amount(m, "ChargeTotalAmount", currency),
    allowanceTotal: amount(m, "AllowanceTotalAmount", currency),
    taxBasis: amount(m, "TaxExclusiveAmount", currency),
    // UBL repeats TaxTotal for the tax currency; the invoice currency's is the one that adds up.
    taxTotal: amount(root, "TaxTotal/TaxAmount", currency),
    grandTotal: amount(m, "TaxInclusiveAmount", currency),
    prepaid: amount(m, "PrepaidAmount", currency),
    rounding: amount(m, "PayableRoundingAmount", currency),
    duePayable: amount(m, "PayableAmount", currency),
  };
  const lines: EInvoiceLine[] = [];
  for (const l of all(root, credit ? "CreditNoteLine" : "InvoiceLine|CreditNoteLine").slice(0, MAX_EINVOICE_LINES)) {
    const amt = toNumber(text(l, "LineExtensionAmount"));
    if (amt === null) continue;
    const base = toNumber(text(l, "Price/BaseQuantity"));
    const price = toNumber(text(l, "Price/PriceAmount"));
    lines.push({
      description: text(l, "Item/Name", "Item/Description") ?? "",
      quantity: toNumber(text(l, credit ? "CreditedQuantity" : "InvoicedQuantity|CreditedQuantity")),
      unitPrice: price !== null && base !== null && base > 0 ? price / base : price,
      amount: amt,
    });
  }
  return {
    syntax: "ubl",
    kind: credit || typeCode === "381" ? "credit_note" : "invoice",
    typeCode,
    number: text(root, "ID"),
    issueDate: dateOf(text(root, "IssueDate")),
    dueDate: dateOf(text(root, "DueDate", "PaymentMeans/PaymentDueDate")),
    currency: currency?.toUpperCase() ?? null,
    seller: party("AccountingSupplierParty"),
    buyer: party("AccountingCustomerParty"),
    orderReference: text(root, "OrderReference/ID"),
    buyerReference: text(root, "BuyerReference"),
    iban: compactId(text(root, "PaymentMeans/PayeeFinancialAccount/ID")),
    totals,
    lines,
  };
}

/** CII types that credit the buyer (UNTDID 1001): credit note, factored credit note, credit note related to financial adjustments. */
const CII_CREDIT_TYPES = new Set(["381", "396", "532"]);

function cii(root: XmlNode): EInvoice {
  // ZUGFeRD 1.0 (CrossIndustryDocument) names the same parts differently; `|` lists both spellings.
  const header = all(root, "ExchangedDocument|HeaderExchangedDocument")[0];
  const tx = all(root, "SupplyChainTradeTransaction|SpecifiedSupplyChainTradeTransaction")[0];
  const agreement = all(tx, "ApplicableHeaderTradeAgreement|ApplicableSupplyChainTradeAgreement")[0];
  const settlement = all(tx, "ApplicableHeaderTradeSettlement|ApplicableSupplyChainTradeSettlement")[0];
  const currency = text(settlement, "InvoiceCurrencyCode")?.toUpperCase() ?? null;
  const m = all(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation|SpecifiedTradeSettlementMonetarySummation")[0];
  const totals: EInvoiceTotals = {
    lineTotal: amount(m, "LineTotalAmount", currency),
    chargeTotal: amount(m, "ChargeTotalAmount", currency),
    allowanceTotal: amount(m, "AllowanceTotalAmount", currency),
    taxBasis: amount(m, "TaxBasisTotalAmount", currency),
    taxTotal: amount(m, "TaxTotalAmount", currency),
    grandTotal: amount(m, "GrandTotalAmount", currency),
    prepaid: amount(m, "TotalPrepaidAmount", currency),
    rounding: amount(m, "RoundingAmount", currency),
    duePayable: amount(m, "DuePayableAmount", currency),
  };
  const lines: EInvoiceLine[] = [];
  for (const l of all(tx, "IncludedSupplyChainTradeLineItem").slice(0, MAX_EINVOICE_LINES)) {
    const lineSettlement = "SpecifiedLineTradeSettlement|SpecifiedSupplyChainTradeSettlement";
    const amt = toNumber(text(l, `${lineSettlement}/SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount`, `${lineSettlement}/SpecifiedTradeSettlementMonetarySummation/LineTotalAmount`));
    if (amt === null) continue;
    const priceNode = all(l, "SpecifiedLineTradeAgreement|SpecifiedSupplyChainTradeAgreement").flatMap((a) => all(a, "NetPriceProductTradePrice"))[0];
    const price = toNumber(text(priceNode, "ChargeAmount"));
    const base = toNumber(text(priceNode, "BasisQuantity"));
    lines.push({
      description: text(l, "SpecifiedTradeProduct/Name", "SpecifiedTradeProduct/Description") ?? "",
      quantity: toNumber(text(l, "SpecifiedLineTradeDelivery/BilledQuantity", "SpecifiedSupplyChainTradeDelivery/BilledQuantity")),
      unitPrice: price !== null && base !== null && base > 0 ? price / base : price,
      amount: amt,
    });
  }
  const typeCode = text(header, "TypeCode");
  return {
    syntax: "cii",
    kind: typeCode !== null && CII_CREDIT_TYPES.has(typeCode) ? "credit_note" : "invoice",
    typeCode,
    number: text(header, "ID"),
    issueDate: ciiDate(header, "IssueDateTime"),
    dueDate: ciiDate(settlement, "SpecifiedTradePaymentTerms/DueDateDateTime"),
    currency,
    seller: ciiParty(all(agreement, "SellerTradeParty")[0]),
    buyer: ciiParty(all(agreement, "BuyerTradeParty")[0]),
    orderReference: text(agreement, "BuyerOrderReferencedDocument/IssuerAssignedID", "BuyerOrderReferencedDocument/ID"),
    buyerReference: text(agreement, "BuyerReference"),
    iban: compactId(text(settlement, "SpecifiedTradeSettlementPaymentMeans/PayeePartyCreditorFinancialAccount/IBANID")),
    totals,
    lines,
  };
}

/** Longest markup (`<` to `>`) an e-invoice may have: the root with every namespace it declares fits many times over. */
const MAX_TAG_CHARS = 16_384;

/** Length of the longest run from a `<` to the next `>`, in one linear pass. */
function longestTag(xml: string): number {
  let longest = 0;
  for (let open = xml.indexOf("<"); open !== -1; ) {
    const close = xml.indexOf(">", open);
    const end = close === -1 ? xml.length : close;
    longest = Math.max(longest, end - open);
    if (close === -1) break;
    open = xml.indexOf("<", close);
  }
  return longest;
}

/**
 * Parses an e-invoice XML.
 * @param xml - the attachment's bytes (UTF-8, or UTF-16 by its BOM, see `einvoice.decode.ts`) or its text.
 * @throws {@link EInvoiceParseError} when the XML is malformed, declares a DOCTYPE, or its root is not an e-invoice.
 */
export function parseEInvoice(xml: Uint8Array | string): EInvoice {
  const source = typeof xml === "string" ? xml : decodeXml(xml);
  // Entities can only be declared in a DOCTYPE; no e-invoice syntax has one, so one is refused rather than read.
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) throw new EInvoiceParseError("The XML declares a DOCTYPE; e-invoices have none.");
  // fast-xml-parser's time grows with the square of one element's attribute count (measured: 100k attributes in
  // 1 MiB took 3 s); e-invoice tags are short (the root's namespace declarations are the longest), so a long one is refused.
  if (longestTag(source) > MAX_TAG_CHARS) throw new EInvoiceParseError(`The XML has a tag longer than ${MAX_TAG_CHARS} characters.`);
  let doc: XmlNode;
  try {
    doc = parser.parse(source.replace(/^\uFEFF/, ""), true) as XmlNode;
  } catch (err) {
    throw new EInvoiceParseError(`The XML is not well-formed (${err instanceof Error ? err.message.slice(0, 200) : String(err)}).`);
  }
  const roots = typeof doc === "string" ? [] : Object.keys(doc).filter((k) => !k.startsWith("@") && k !== "#text");
  const rootName = roots.find((r) => Object.hasOwn(EINVOICE_ROOTS, r));
  const root = rootName ? children(doc, rootName)[0] : undefined;
  if (!rootName || root === undefined) throw new EInvoiceParseError(`The XML's root element (${roots[0] ?? "none"}) is not an e-invoice.`);
  return EINVOICE_ROOTS[rootName] === "cii" || isDraftCii(root) ? cii(root) : ubl(root, rootName);
}

/**
 * The 2014 release candidate of ZUGFeRD (`urn:un:unece:uncefact:data:standard:CBFBUY:5`) named its root `Invoice`,
 * as UBL does, over the Cross Industry parts of ZUGFeRD 1.0: told apart by those parts, which UBL never has.
 */
function isDraftCii(root: XmlNode): boolean {
  return children(root, "HeaderExchangedDocument").length > 0 || children(root, "SpecifiedSupplyChainTradeTransaction").length > 0;
}
