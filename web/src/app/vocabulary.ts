/*
 * Names the server knows, for the correction pickers. They mirror FIELD_NAMES and DOCUMENT_TYPES of
 * src/extraction/extraction.types.ts (the web page only reaches the server through the SDK); a name the
 * server does not know is refused with UNKNOWN_FIELD / UNKNOWN_DOCUMENT_TYPE, shown in place.
 */

/** Every field a person can set. */
export const FIELD_NAMES = [
  "issuer", "recipient", "document_date", "due_date", "total", "subtotal", "tax", "invoice_number", "customer_number", "order_number",
  "reference", "order_date", "delivery_date", "rounding", "tendered", "change", "currency", "vat_id", "iban", "email", "phone", "url",
] as const;

/** Every document type a person can choose. */
export const DOCUMENT_TYPES = ["invoice", "receipt", "contract", "bank_statement", "letter", "form", "id_document", "resume", "other"] as const;
