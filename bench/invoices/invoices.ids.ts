/**
 * Tax ids and IBANs of the synthetic invoices' issuers, with valid check digits, shared by the European family
 * (invoices.gen.ts) and the html family's Spanish and Italian issuers (invoices.html.ts).
 */
import { taxIdChecksum } from "../../src/extraction/fields/tax-id.checksums.js";
import type { Dice } from "./invoices.pen.js";
import type { Country } from "./invoices.vocabulary.js";

/** A VAT id of the country with valid check digits where the extractor knows them, as normalised and as printed. */
export function vatId(dice: Dice, c: Country["code"]): { id: string; printed: string } | null {
  if (c === "US") return null;
  for (let tries = 0; tries < 10_000; tries += 1) {
    let body: string;
    if (c === "NL") body = `${dice.digits(9)}B0${dice.int(1, 9)}`;
    else if (c === "FR") body = `${String(dice.int(0, 96)).padStart(2, "0")}${dice.digits(9)}`;
    else if (c === "BE") body = `0${dice.digits(9)}`;
    else if (c === "IT") body = `0${dice.digits(10)}`;
    else if (c === "ES") body = `${dice.pick(["A", "B"])}${dice.digits(7)}${dice.int(0, 9)}`;
    else if (c === "AT") body = `U${dice.digits(8)}`;
    else if (c === "IE") body = `${dice.digits(7)}${dice.pick(["A", "B", "C", "H", "W"])}`;
    else body = dice.digits(9);
    const id = `${c}${body}`;
    const check = taxIdChecksum(id);
    if (check === false) continue;
    const spaced = c === "GB" ? `GB ${body.slice(0, 3)} ${body.slice(3, 7)} ${body.slice(7)}` : c === "DE" ? `DE ${body.slice(0, 3)} ${body.slice(3, 6)} ${body.slice(6)}` : c === "BE" ? `BE ${body.slice(0, 4)}.${body.slice(4, 7)}.${body.slice(7)}` : id;
    // Spanish invoices print the NIF without its country prefix more often than with it.
    const printed = c === "ES" && dice.chance(0.6) ? body : dice.chance(0.3) ? spaced : id;
    return { id: c === "ES" && printed === body ? body : id, printed };
  }
  throw new Error(`no valid VAT id for ${c}`);
}

/** An IBAN of the country with valid check digits, in groups of four. */
export function iban(dice: Dice, c: Country): string {
  const bban = Array.from({ length: c.ibanLength - 4 }, () => String(dice.int(0, 9))).join("");
  const numeric = `${bban}${c.code}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return `${c.code}${String(98 - rem).padStart(2, "0")}${bban}`.replace(/(.{4})/g, "$1 ").trim();
}
