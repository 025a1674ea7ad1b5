/**
 * The issuer of a document, identified by its strongest evidence: a VAT id,
 * then an IBAN, then a company registration number, then the normalised
 * issuer name, then the domain of its e-mail or web address. Pure.
 */
import { editDistance } from "../../common/edit-distance.js";
import type { ExtractedField, FieldName } from "../extraction.types.js";
import { compactId, normaliseLabel } from "./label.text.js";

/** Registration-number labels (company / chamber-of-commerce / trade-register numbers) and the number after them. */
const REGISTRATION =
  /\b(?:co(?:mpany)?\.?\s*(?:reg(?:istration)?\.?\s*)?(?:no|number|nr)\b|reg(?:istration)?\.?\s*(?:no|number|nr)\b|registration\s+number|kvk(?:[\s-]?nummer|[\s-]?nr)?|hrb|handelsregister(?:nummer)?|siren|siret|acn|crn|roc)\s*[.:#]?\s*([A-Z0-9][A-Z0-9 -]{3,20}[A-Z0-9])/gi;
/** A registration number printed in brackets after a name, as on many Malaysian and Singaporean letterheads: `(123456-X)`. */
const BRACKETED_REGISTRATION = /\((\d{4,12}-[A-Z])\)/g;

/** Legal forms dropped from names so "Acme GmbH" and "ACME" are one issuer. */
const LEGAL_FORMS = /\b(?:sdn\s*bhd|s\s*b|bhd|berhad|gmbh|ag|kg|bv|nv|ltd|limited|llc|llp|plc|inc|incorporated|corp|corporation|co|pty|pvt|sa|sas|sarl|srl|spa|sl|the)\b/g;

function best(fields: readonly ExtractedField[], name: FieldName): ExtractedField | undefined {
  let out: ExtractedField | undefined;
  for (const f of fields) if (f.name === name && (!out || f.confidence > out.confidence)) out = f;
  return out;
}

/** `Acme Trading Sdn. Bhd.` → `acme trading`; null when too little is left to identify anyone. */
export function normaliseIssuerName(name: string): string | null {
  const text = normaliseLabel(name).replace(LEGAL_FORMS, " ").replace(/\s+/g, " ").trim();
  return text.replace(/\s/g, "").length >= 3 ? text : null;
}

function domainOf(value: string): string | null {
  const host = value.includes("@") ? value.split("@").pop() : value.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0];
  const domain = host?.toLowerCase().replace(/^www\./, "").replace(/\.$/, "");
  return domain && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

/**
 * Issuer keys of a document, strongest first (`vat:…`, `iban:…`, `reg:…`,
 * `name:…`, `domain:…`), without duplicates; empty when nothing identifies
 * the issuer. `fields` are the document's fields (a person's corrections
 * included when known); `texts` its page texts, searched for registration numbers.
 */
export function issuerKeys(fields: readonly ExtractedField[], texts: readonly string[]): string[] {
  const keys: string[] = [];
  const add = (key: string | null) => {
    if (key && !keys.includes(key)) keys.push(key);
  };
  const vat = best(fields, "vat_id");
  if (typeof vat?.value === "string" && compactId(vat.value).length >= 6) add(`vat:${compactId(vat.value)}`);
  const iban = best(fields, "iban");
  if (typeof iban?.value === "string" && compactId(iban.value).length >= 12) add(`iban:${compactId(iban.value)}`);
  const text = texts.join("\n");
  // One registration number: a labelled one before one in brackets. A word caught after the label has no digits.
  const registration = [...text.matchAll(REGISTRATION), ...text.matchAll(BRACKETED_REGISTRATION)].map((m) => compactId(m[1] ?? "")).find((id) => id.length >= 4 && /\d{3}/.test(id));
  if (registration) add(`reg:${registration}`);
  const issuer = best(fields, "issuer");
  const name = typeof issuer?.value === "string" ? normaliseIssuerName(issuer.value) : null;
  if (name) add(`name:${name}`);
  for (const n of ["email", "url"] as const) {
    const f = best(fields, n);
    if (typeof f?.value === "string") {
      const d = domainOf(f.value);
      if (d) add(`domain:${d}`);
    }
  }
  return keys;
}

/** The fields with a person's value for `field` put first, as the issuer key of a corrected document should see them. */
export function withCorrection(fields: readonly ExtractedField[], corrected: ExtractedField): ExtractedField[] {
  return [corrected, ...fields.filter((f) => f.name !== corrected.name)];
}

/** Kinds of issuer evidence, strongest first. */
const KEY_KINDS = ["vat", "iban", "reg", "name", "domain"] as const;

/**
 * True when two documents' issuer keys name the same issuer: decided by the
 * strongest kind of evidence both have (two different VAT ids are two
 * issuers, whatever their names; names may differ by an OCR slip in seven
 * characters); false when they share no kind.
 */
export function sameIssuer(a: readonly string[], b: readonly string[]): boolean {
  for (const kind of KEY_KINDS) {
    const ofKind = (keys: readonly string[]) => keys.filter((k) => k.startsWith(`${kind}:`));
    const x = ofKind(a);
    const y = ofKind(b);
    if (x.length > 0 && y.length > 0) return x.some((k) => y.some((l) => k === l || (kind === "name" && similarNames(k, l))));
  }
  return false;
}

/** Names OCR read a little differently (`acmf bakeries kl` / `acme bakeries kl`): one slip in seven characters. */
function similarNames(a: string, b: string): boolean {
  const long = Math.max(a.length, b.length);
  return Math.min(a.length, b.length) >= 10 && editDistance(a, b) <= Math.floor(long / 7);
}
