/**
 * Whether a page reads as German: the trigger for re-reading its company name with the German model
 * (ocr.german.ts), which keeps the umlauts and ß the English page model drops. The cues are words a German
 * receipt or invoice prints whatever the shop (till, tax and payment vocabulary, legal forms, a street
 * suffix), as OCR with the English model reads them too ("Ruckgeld" for "Rückgeld"), and country evidence
 * (a DE or AT VAT id, IBAN or phone prefix, "Deutschland"; Switzerland prints French and Italian too). Words shared with Dutch, Italian or English
 * ("netto", "datum", "total") are left out: a Dutch invoice should not pay for a German re-read.
 */
import { countryEvidence } from "./currency.evidence.js";

/** German document vocabulary, one cue per alternative (a page counts each cue once). */
const GERMAN_CUES: readonly RegExp[] = [
  /\bmwst\b|\bmehrwertsteuer\b|\bust\.?\s*-?\s*id\.?\s*-?\s*nr\b|\bust-?idnr\b|\bsteuer-?\s?nr\b|\bsteuernummer\b/i,
  /\bsumme\b|\bzwischensumme\b|\bgesamtbetrag\b|\bzu\s+zahlen\b|\bzahlbetrag\b|\brechnungsbetrag\b/i,
  /\brechnung(?:snummer|sdatum)?\b|\bkassenbon\b|\bkassenbeleg\b|\bbon-?nr\b|\bbeleg-?nr\b|\bkundenbeleg\b/i,
  /\br(?:ü|u|ue)ckgeld\b|\bgegeben\b|\bgeg\.\s|\bkartenzahlung\b|\bgirocard\b|\bec-?cash\b|\bbar\s*(?:eur|€)/i,
  /\bvielen\s+dank\b|\bauf\s+wiedersehen\b|\bihr\s+einkauf\b|\bf(?:ü|u|ue)r\s+ihren\s+einkauf\b/i,
  /\b(?:gmbh|mbh|e\.\s?k\.|ohg)(?![\p{L}])/iu,
  /\p{L}(?:stra(?:ß|ss|b|6)e|str\.)\s*\d/iu,
  /\btse[-\s](?:transaktion|signatur|start|seriennummer)|\bsignaturz(?:ä|a)hler\b|\bpfand\b/i,
];

/** A German five-digit postcode and town ("50667 Köln"): a cue only beside another one (Malaysia's look alike). */
const POSTCODE_TOWN = /(?:^|\n)\s*(?:D-)?\d{5}\s+\p{Lu}\p{Ll}{2,}/u;

/** Countries whose documents are printed in German. */
const GERMAN_COUNTRIES = new Set(["DE", "AT"]);

/**
 * True when `text` (a page's text) says German: country evidence naming Germany or Austria, or
 * at least two distinct German cues (a postcode line counts as one).
 */
export function germanEvidence(text: string): boolean {
  const country = countryEvidence(text);
  if (country !== null && GERMAN_COUNTRIES.has(country)) return true;
  let cues = GERMAN_CUES.filter((re) => re.test(text)).length;
  if (POSTCODE_TOWN.test(text)) cues += 1;
  return cues >= 2;
}
