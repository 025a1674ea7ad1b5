/**
 * Check digits of the tax registration numbers invoices print. A number that
 * passes is very unlikely to be a random digit string (an order number, a
 * phone number); one that fails is either misread or not a tax id at all.
 * Each check is the issuing authority's published rule; schemes without a
 * cheap published rule answer `null` (unknown), never `false`.
 */

/** Digits of a string as numbers. */
const digitsOf = (s: string): number[] => [...s].map(Number);

/** Luhn (mod 10) over all digits, the last one being the check digit. */
function luhn(s: string): boolean {
  let sum = 0;
  digitsOf(s)
    .reverse()
    .forEach((d, i) => {
      const v = i % 2 === 1 ? d * 2 : d;
      sum += v > 9 ? v - 9 : v;
    });
  return sum % 10 === 0;
}

/** `n mod 97` of a long decimal string, without losing precision. */
function mod97(s: string): number {
  let r = 0;
  for (const c of s) r = (r * 10 + Number(c)) % 97;
  return r;
}

/** Australian Business Number: 11 digits, weights 10,1,3,…,19 after subtracting 1 from the first digit, sum ≡ 0 (mod 89). */
export function validAbn(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || digits.startsWith("0")) return false;
  const w = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const d = digitsOf(digits);
  d[0] = (d[0] ?? 0) - 1;
  return d.reduce((s, x, i) => s + x * (w[i] ?? 0), 0) % 89 === 0;
}

const GSTIN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Indian GSTIN: state (2 digits), PAN (5 letters, 4 digits, 1 letter), entity, `Z`, and a base-36 Luhn-style check character. */
export function validGstin(id: string): boolean {
  if (!/^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 14; i += 1) {
    const p = GSTIN_CHARS.indexOf(id[i] ?? "0") * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(p / 36) + (p % 36);
  }
  return GSTIN_CHARS[(36 - (sum % 36)) % 36] === id[14];
}

/** German USt-IdNr.: 9 digits, ISO 7064 MOD 11,10. */
function validDe(d: string): boolean {
  if (!/^\d{9}$/.test(d) || d.startsWith("0")) return false;
  let product = 10;
  for (const c of d.slice(0, 8)) {
    let sum = (Number(c) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product === 10 ? 0 : 11 - product;
  return check === Number(d[8]);
}

/** Dutch BTW-id: 9 digits `B` 2 digits; the old mod-11 check or the newer (sole traders') ISO 7064 mod 97 over the whole id. */
function validNl(rest: string): boolean {
  const m = /^(\d{9})B(\d{2})$/.exec(rest);
  if (!m) return false;
  const d = digitsOf(m[1] ?? "");
  const sum = d.slice(0, 8).reduce((s, x, i) => s + x * (9 - i), 0) - (d[8] ?? 0);
  if (sum % 11 === 0) return true;
  // Letters as in IBAN checks: N = 23, L = 21, B = 11.
  return mod97(`2321${m[1]}11${m[2]}`) === 1;
}

/** Belgian enterprise number: 10 digits, the last two = 97 − (first eight mod 97). */
function validBe(d: string): boolean {
  if (!/^[01]\d{9}$/.test(d)) return false;
  return 97 - mod97(d.slice(0, 8)) === Number(d.slice(8));
}

/** French TVA: a 2-digit key = (12 + 3 × (SIREN mod 97)) mod 97 before the 9-digit SIREN (letter keys: unknown). */
function validFr(rest: string): boolean | null {
  const m = /^(\d{2})(\d{9})$/.exec(rest);
  if (!m) return /^[A-Z0-9]{2}\d{9}$/.test(rest) ? null : false;
  return (12 + 3 * mod97(m[2] ?? "")) % 97 === Number(m[1]);
}

/** UK VAT: 9 digits (or 12, a branch suffix), weights 8…2 plus the last two digits ≡ 0 or ≡ 42 (mod 97), the 1990s and 2010s series. */
function validGb(rest: string): boolean | null {
  if (/^(?:GD|HA)\d{3}$/.test(rest)) return null;
  if (!/^\d{9}(?:\d{3})?$/.test(rest)) return false;
  const d = digitsOf(rest.slice(0, 9));
  const total = d.slice(0, 7).reduce((s, x, i) => s + x * (8 - i), 0) + 10 * (d[7] ?? 0) + (d[8] ?? 0);
  return total % 97 === 0 || (total + 55) % 97 === 0;
}

/** Swiss UID (CHE): 9 digits, weights 5,4,3,2,7,6,5,4, check = 11 − sum mod 11 (10 never issued). */
export function validChe(d: string): boolean {
  if (!/^\d{9}$/.test(d)) return false;
  const w = [5, 4, 3, 2, 7, 6, 5, 4];
  const check = (11 - (digitsOf(d.slice(0, 8)).reduce((s, x, i) => s + x * (w[i] ?? 0), 0) % 11)) % 11;
  return check !== 10 && check === Number(d[8]);
}

const NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/**
 * Spanish NIF: a person's DNI (8 digits and a letter) or NIE (X/Y/Z, 7 digits, a letter), both with the mod-23
 * letter; or a company's CIF (a letter, 7 digits, a control digit or letter from a Luhn-like sum).
 */
export function validNif(id: string): boolean {
  const dni = /^(\d{8})([A-Z])$/.exec(id);
  if (dni) return NIF_LETTERS[Number(dni[1]) % 23] === dni[2];
  const nie = /^([XYZ])(\d{7})([A-Z])$/.exec(id);
  if (nie) return NIF_LETTERS[Number(`${"XYZ".indexOf(nie[1] ?? "X")}${nie[2]}`) % 23] === nie[3];
  const cif = /^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$/.exec(id);
  if (!cif) return false;
  const d = digitsOf(cif[2] ?? "");
  let sum = 0;
  d.forEach((x, i) => {
    if (i % 2 === 1) sum += x;
    else sum += Math.floor((2 * x) / 10) + ((2 * x) % 10);
  });
  const control = (10 - (sum % 10)) % 10;
  return cif[3] === String(control) || cif[3] === "JABCDEFGHI"[control];
}

/**
 * The Brazilian CNPJ (a company's federal tax number, 14 digits: `12.345.678/0001-95`): two mod-11 check digits over
 * the first 12 and 13 digits. A number of one repeated digit passes the arithmetic and is no CNPJ.
 */
export function validCnpj(digits: string): boolean {
  if (!/^\d{14}$/.test(digits) || /^(\d)\1{13}$/.test(digits)) return false;
  const d = digitsOf(digits);
  const check = (n: number): number => {
    const w = n === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const r = d.slice(0, n).reduce((s, x, i) => s + x * (w[i] ?? 0), 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return check(12) === d[12] && check(13) === d[13];
}

/**
 * The Polish NIP (10 digits, the number a Polish seller's VAT is registered under): the first nine digits weighted
 * 6, 5, 7, 2, 3, 4, 5, 6, 7, mod 11, give the tenth (a remainder of 10 is never issued).
 */
export function validNip(digits: string): boolean {
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  const check = digitsOf(digits.slice(0, 9)).reduce((s, x, i) => s + x * (w[i] ?? 0), 0) % 11;
  return check !== 10 && check === Number(digits[9]);
}

/** US EIN: 9 digits whose first two are a prefix the IRS assigns (00, 07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96 and 97 never are). */
export function validEin(d: string): boolean {
  if (!/^\d{9}$/.test(d)) return false;
  const p = Number(d.slice(0, 2));
  return ![0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97].includes(p);
}

/**
 * The check of a normalised tax id (upper case, no separators), judged by its
 * shape: true = passes, false = fails, null = no check known for this shape.
 */
export function taxIdChecksum(id: string): boolean | null {
  // The business number is Luhn-checked; an unchecked RT number is still shaped like no other id.
  if (/^\d{9}RT\d{4}$/.test(id)) return luhn(id.slice(0, 9)) ? true : null;
  if (/^\d{2}[A-Z]{5}\d{4}[A-Z][0-9A-Z]Z[0-9A-Z]$/.test(id)) return validGstin(id);
  const che = /^CHE(\d{9})(?:MWST|TVA|IVA|HR)?$/.exec(id);
  if (che) return validChe(che[1] ?? "");
  const prefix = id.slice(0, 2);
  const rest = id.slice(2);
  switch (prefix) {
    case "DE":
      return validDe(rest);
    case "NL":
      return validNl(rest);
    case "BE":
      return validBe(rest);
    case "FR":
      return validFr(rest);
    case "GB":
      return validGb(rest);
    case "IT":
      return /^\d{11}$/.test(rest) ? luhn(rest) : false;
    case "ES":
      return validNif(rest);
    case "PL":
      return /^\d{10}$/.test(rest) ? validNip(rest) : false;
    default:
      break;
  }
  if (/^[A-Z]\d{7}[A-Z0-9]$|^\d{8}[A-Z]$/.test(id)) return validNif(id);
  if (/^\d{11}$/.test(id)) return validAbn(id) ? true : null;
  return null;
}

/**
 * The check digit of a Turkish VKN (Vergi Kimlik Numarası), ten digits: each of the first nine, plus its distance
 * from the tenth place, mod 10, is weighted by a power of two mod 9 (a non-zero digit never weighs 0, it weighs 9);
 * the tenth digit brings their sum to a multiple of ten.
 */
export function validVkn(vkn: string): boolean {
  if (!/^\d{10}$/.test(vkn)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const t = (Number(vkn[i]) + 9 - i) % 10;
    let p = (t * 2 ** (9 - i)) % 9;
    if (t !== 0 && p === 0) p = 9;
    sum += p;
  }
  return (10 - (sum % 10)) % 10 === Number(vkn[9]);
}

/**
 * The check digit of a Paraguayan RUC ("4849678-2"): the base number's digits weighted 2, 3, 4, … from the right,
 * summed; the check digit is 11 less the sum mod 11, 0 when that is 10 or 11.
 */
export function validRucPy(ruc: string): boolean {
  const m = /^(\d{5,8})-(\d)$/.exec(ruc);
  if (!m?.[1] || m[2] === undefined) return false;
  const base = m[1];
  let sum = 0;
  for (let i = 0; i < base.length; i += 1) sum += Number(base[base.length - 1 - i]) * (i + 2);
  const r = sum % 11;
  return (r > 1 ? 11 - r : 0) === Number(m[2]);
}
