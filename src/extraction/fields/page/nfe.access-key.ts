/**
 * The access key ("chave de acesso") every Brazilian electronic fiscal note (NF-e, NFC-e, CT-e) prints on its DANFE:
 * 44 digits, usually in groups of four, ending in a check digit. Digits 7–20 are the issuer's CNPJ, so the key says
 * which of the CNPJs a DANFE prints (the seller's, the buyer's, the carrier's) is the issuer's.
 */
import { validCnpj } from "../tax-id.checksums.js";

/** 44 digits, in groups of four or run together, alone between non-digits. */
const ACCESS_KEY = /(?<![\d.,/-])(?:\d{4}[^\S\n]?){10}\d{4}(?![\d.,/-])/g;

/** The access key's own check digit: modulus 11 over the first 43 digits, weights 2 to 9 from the right. */
function validAccessKey(key: string): boolean {
  const digits = [...key].map(Number);
  let sum = 0;
  for (let i = 42, w = 2; i >= 0; i -= 1, w = w === 9 ? 2 : w + 1) sum += (digits[i] ?? 0) * w;
  const r = sum % 11;
  return (r < 2 ? 0 : 11 - r) === digits[43];
}

/**
 * The issuer's CNPJ (14 digits) read from the first valid access key in `text`, or null where none is printed. A
 * 44-digit run that fails either check digit is some other number.
 */
export function accessKeyIssuerCnpj(text: string): string | null {
  for (const m of text.matchAll(ACCESS_KEY)) {
    const key = m[0].replace(/\D/g, "");
    const cnpj = key.slice(6, 20);
    if (validAccessKey(key) && validCnpj(cnpj)) return cnpj;
  }
  return null;
}
