/**
 * A value a person typed for a field, checked and normalised exactly as the
 * extractors normalise what they read (dates `YYYY-MM-DD`, amounts as Money,
 * identifiers upper-cased without spaces, IBANs checksummed, phones E.164, …),
 * so a corrected field looks like any other. Pure: no I/O.
 */
import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { AppError } from "../../errors/app.error.js";
import { DOCUMENT_TYPES, FIELD_NAMES, type DocumentType, type FieldName, type FieldValue, type Money } from "../extraction.types.js";
import type { BBox } from "../page/page.model.js";
import { normaliseUrl } from "./contacts.extractor.js";
import { findDates } from "./dates.extractor.js";
import { currencyCode, findAmounts } from "./money.js";
import type { ExtractorContext } from "./types.js";

/** How a field's value is read and normalised. */
export type FieldKind = "party" | "date" | "amount" | "identifier" | "currency" | "vat_id" | "iban" | "email" | "phone" | "url";

/** The kind of every field name. */
export const FIELD_KINDS: Readonly<Record<FieldName, FieldKind>> = {
  issuer: "party",
  recipient: "party",
  document_date: "date",
  due_date: "date",
  order_date: "date",
  delivery_date: "date",
  total: "amount",
  subtotal: "amount",
  tax: "amount",
  rounding: "amount",
  tendered: "amount",
  change: "amount",
  invoice_number: "identifier",
  customer_number: "identifier",
  order_number: "identifier",
  reference: "identifier",
  currency: "currency",
  vat_id: "vat_id",
  iban: "iban",
  email: "email",
  phone: "phone",
  url: "url",
};

/** Longest value a person may type for a field, in characters. */
export const MAX_CORRECTION_LENGTH = 500;

/**
 * What the document says about conventions, so a typed value reads the way
 * the document writes (day/month order, a currency left out, a national phone
 * number): the extractors' own context of the document.
 */
export type NormaliseHints = Partial<Pick<ExtractorContext, "monthFirst" | "referenceDate" | "dominantCurrency" | "phoneCountry">>;

/** True when `name` is a field the extractors produce. */
export function isFieldName(name: string): name is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(name);
}

/** The field name, or UNKNOWN_FIELD. */
export function requireFieldName(name: string): FieldName {
  if (!isFieldName(name)) throw new AppError("UNKNOWN_FIELD", `Unknown field "${name.slice(0, 64)}"; fields are ${FIELD_NAMES.join(", ")}.`, { details: { field: name.slice(0, 64) } });
  return name;
}

/** The document type, or UNKNOWN_DOCUMENT_TYPE. */
export function requireDocumentType(type: string): DocumentType {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) {
    throw new AppError("UNKNOWN_DOCUMENT_TYPE", `Unknown document type "${type.slice(0, 64)}"; types are ${DOCUMENT_TYPES.join(", ")}.`, { details: { type: type.slice(0, 64) } });
  }
  return type as DocumentType;
}

function invalid(name: FieldName, raw: string, expected: string): AppError {
  return new AppError("INVALID_FIELD_VALUE", `"${raw.slice(0, 80)}" is not a valid ${name}: expected ${expected}.`, { details: { field: name, kind: FIELD_KINDS[name], expected } });
}

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function readDate(text: string, hints: NormaliseHints): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const hits = findDates(text, { monthFirst: hints.monthFirst ?? false, referenceDate: hints.referenceDate ?? new Date() });
  // The whole value must be one date, not a date inside other words or a range.
  const only = hits.length === 1 ? hits[0] : undefined;
  if (!only || only.isRange || text.slice(0, only.start).trim() !== "" || text.slice(only.end).replace(/[.,;]+$/, "").trim() !== "") return null;
  return only.iso;
}

function readAmount(text: string, hints: NormaliseHints): Money | null {
  // The value's own last separator decides: "12,50" and "1.234,50" are decimal commas, "1,234.50" is not.
  const decimalComma = /,\d{1,2}$/.test(text) || /\.\d{3},\d+$/.test(text);
  const tokens = findAmounts(text, 0, decimalComma, hints.dominantCurrency ?? null);
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (!only || only.start !== 0 || only.end !== text.length || !Number.isFinite(only.money.amount)) return null;
  return { amount: Math.round(only.money.amount * 100) / 100, currency: only.money.currency };
}

function readPhone(text: string, hints: NormaliseHints): string | null {
  const parsed = hints.phoneCountry ? parsePhoneNumberFromString(text, hints.phoneCountry) : parsePhoneNumberFromString(text);
  return parsed?.isPossible() ? parsed.number : null;
}

function readUrl(text: string): string | null {
  if (/\s/.test(text)) return null;
  try {
    const url = new URL(/^https?:\/\//i.test(text) ? text : `http://${text}`);
    return url.hostname.includes(".") && /^https?:$/.test(url.protocol) ? normaliseUrl(text) : null;
  } catch {
    return null;
  }
}

/**
 * Check and normalise a value a person typed for field `name`. Throws
 * INVALID_FIELD_VALUE (with `details.expected`) when it cannot be one.
 *
 * @param name the field
 * @param raw the value as typed
 * @param hints the document's conventions (see {@link NormaliseHints})
 * @returns the normalised value, shaped as the extractors shape it
 */
export function normaliseFieldValue(name: FieldName, raw: string, hints: NormaliseHints = {}): FieldValue {
  const text = raw.trim();
  if (text.length === 0) throw invalid(name, raw, "a value (corrections cannot clear a field)");
  if (text.length > MAX_CORRECTION_LENGTH) throw invalid(name, raw, `at most ${MAX_CORRECTION_LENGTH} characters`);
  switch (FIELD_KINDS[name]) {
    case "party": {
      const flat = text.replace(/\s+/g, " ");
      if (!/[\p{L}\p{N}]/u.test(flat) || flat.length > 200) throw invalid(name, raw, "a name of at most 200 characters");
      return flat;
    }
    case "date": {
      const iso = readDate(text, hints);
      if (iso === null) throw invalid(name, raw, "a date such as 2024-03-01 or 1 March 2024");
      return iso;
    }
    case "amount": {
      const money = readAmount(text, hints);
      if (money === null) throw invalid(name, raw, "an amount such as 273.13 or EUR 1.234,50");
      return money;
    }
    case "identifier": {
      const id = text.replace(/^#\s*/, "").replace(/\s+/g, "").toUpperCase();
      if (!/^[\p{L}\p{N}][\p{L}\p{N}_\-/.:#]{0,63}$/u.test(id)) throw invalid(name, raw, "an identifier of letters, digits, - _ / . : # (at most 64)");
      return id;
    }
    case "currency": {
      const code = currencyCode(text) ?? (/^[A-Za-z]{3}$/.test(text) ? text.toUpperCase() : null);
      if (code === null) throw invalid(name, raw, "an ISO 4217 code such as EUR, or a symbol such as €");
      return code;
    }
    case "vat_id": {
      const id = text.replace(/[\s.-]/g, "").toUpperCase();
      if (!/^[A-Z0-9]{8,17}$/.test(id) || id.replace(/\D/g, "").length < 6) throw invalid(name, raw, "a VAT number such as DE123456789");
      return id;
    }
    case "iban": {
      const iban = electronicFormatIBAN(text) ?? "";
      if (!isValidIBAN(iban)) throw invalid(name, raw, "an IBAN with a valid checksum");
      return iban;
    }
    case "email": {
      const email = text.toLowerCase();
      if (!/^[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$/.test(email)) throw invalid(name, raw, "an e-mail address");
      return email;
    }
    case "phone": {
      const phone = readPhone(text, hints);
      if (phone === null) throw invalid(name, raw, "a phone number (with its +country code when the document does not tell the country)");
      return phone;
    }
    case "url": {
      const url = readUrl(text);
      if (url === null) throw invalid(name, raw, "a web address such as https://example.com");
      return url;
    }
  }
}

/**
 * Check a box a person drew: a 1-based page of the document and a non-empty
 * box in normalised page coordinates (0–1, origin top-left). Throws INVALID_BOX.
 */
export function validateCorrectionBox(page: number, box: BBox, pageCount: number | null): void {
  const coords = [box.x0, box.y0, box.x1, box.y1];
  const problems: string[] = [];
  if (!Number.isInteger(page) || page < 1 || (pageCount !== null && page > pageCount)) problems.push(`page must be between 1 and ${pageCount ?? "the page count"}`);
  if (!coords.every((c) => Number.isFinite(c) && c >= 0 && c <= 1)) problems.push("coordinates must be between 0 and 1");
  else if (!(box.x0 < box.x1 && box.y0 < box.y1)) problems.push("x0 < x1 and y0 < y1 are required (origin top-left)");
  if (problems.length > 0) throw new AppError("INVALID_BOX", `The box is invalid: ${problems.join("; ")}.`, { details: { issues: problems } });
}
