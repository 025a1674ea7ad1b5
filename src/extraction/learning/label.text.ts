/** Text normalisation shared by learning and applying anchors. */

/** Lower case, letters and digits only, words separated by one space: `Invoice No.:` → `invoice no`. */
export function normaliseLabel(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Letters and digits only, upper case: how identifiers are compared (`INV-2024 / 17` → `INV202417`). */
export function compactId(text: string): string {
  return text.normalize("NFKC").toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");
}
