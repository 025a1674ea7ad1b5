/**
 * Label words as OCR misreads them ("T0TAL", "TOTA1", "SUBT0TAL", "R0UNDING",
 * "TUTAL"): a view of a line in which such words are written as the label word
 * they stand for, letter for letter (same length, so every offset into the view
 * is an offset into the line), for the label vocabularies to match.
 *
 * A digit that looks like a letter counts as that letter; one other wrong
 * letter is allowed only in long words of the vocabulary that no common word
 * is one letter away from ("CHARGE" is one letter from "CHANGE", so CHANGE
 * takes look-alikes only).
 */

/** Letters each digit or mark is misread for. */
const LOOK_ALIKE: Record<string, string> = { "0": "OD", "1": "ILT", "|": "IL", "!": "IL", l: "I", "5": "S", "8": "B", "6": "G", "2": "Z", "4": "A", "7": "T", "$": "S" };

/** Label words, and whether one non-look-alike letter may be wrong. */
const WORDS: readonly (readonly [string, boolean])[] = [
  ["TOTAL", true], ["SUBTOTAL", true], ["ROUNDING", true], ["AMOUNT", true], ["BALANCE", true], ["TENDERED", true], ["PAYABLE", true],
  ["JUMLAH", true], ["GRAND", false], ["CHANGE", false], ["CASH", false], ["TOTAAL", true], ["SUMME", true], ["BETRAG", true],
  // German till words ("SUNME", "zah1en", "RÜCKGELO", "Gegebcn"; tills without umlauts print "Rueckgeld").
  ["ZAHLEN", true], ["GESAMT", true], ["RUCKGELD", true], ["RUECKGELD", true], ["GEGEBEN", true],
  // Identifier and date label words ("lnvoice", "INV0ICE", "Numbcr", "0ATE").
  ["INVOICE", true], ["NUMBER", true], ["RECEIPT", true], ["RECHNUNG", true], ["FACTUUR", true], ["FACTURE", true], ["TARIKH", true], ["DATE", false], ["DATUM", false],
  // German and Dutch compound labels of an invoice's header ("Rechnungshummer"): long enough that one wrong letter
  // names no other word. A misreading of another length ("Kundennumrner") stays unread, as for every word here.
  ["RECHNUNGSNUMMER", true], ["RECHNUNGSDATUM", true], ["KUNDENNUMMER", true], ["BESTELLNUMMER", true], ["AUFTRAGSNUMMER", true],
  ["FACTUURNUMMER", true], ["FACTUURDATUM", true], ["KLANTNUMMER", true], ["ORDERNUMMER", true], ["BESTELNUMMER", true],
];

function cost(printed: string, wanted: string): number {
  if (printed.toUpperCase() === wanted) return 0;
  if (LOOK_ALIKE[printed]?.includes(wanted)) return 0;
  return 1;
}

/** The label word `token` is a misreading of, or null. */
export function misreadLabelWord(token: string): string | null {
  if (token.length < 4 || (token.match(/\p{L}/gu)?.length ?? 0) < 2) return null;
  for (const [word, oneWrong] of WORDS) {
    if (word.length !== token.length || token.toUpperCase() === word) continue;
    let wrong = 0;
    for (let i = 0; i < word.length && wrong <= 1; i += 1) wrong += cost(token[i] as string, word[i] as string);
    // The first letter must be right (or a look-alike): "POUNDING" is not "ROUNDING".
    if (wrong === 0 || (oneWrong && wrong === 1 && word.length >= 5 && cost(token[0] as string, word[0] as string) === 0)) return word;
  }
  return null;
}

/** Label views of lines seen lately: the extractors ask for the same line's view once per vocabulary. */
const viewCache = new Map<string, string>();
const VIEW_CACHE_SIZE = 4096;

/** The line with misread label words written as the words they stand for (same length, same offsets). */
export function ocrLabelView(text: string): string {
  let view = viewCache.get(text);
  if (view === undefined) {
    // Emptied when full rather than evicting one by one: a document's lines fit many times over.
    if (viewCache.size >= VIEW_CACHE_SIZE) viewCache.clear();
    view = labelViewOf(text);
    viewCache.set(text, view);
  }
  return view;
}

/**
 * Compound identifier labels of nine letters or more and the short form each may be written as in the view, which
 * the identifier vocabulary reads as a label of the same role ("FACTUUR#", "ORDER#"): a misreading that is shorter than the word ("Factuumummer")
 * is written as the short form with spaces before it, so the view keeps its length.
 */
const COMPOUND_LABELS: readonly (readonly [string, string])[] = [
  ["RECHNUNGSNUMMER", "RECHNUNG#"], ["RECHNUNGSNR", "RECHNUNG#"], ["FACTUURNUMMER", "FACTUUR#"], ["FACTUURNR", "FACTUUR#"],
  ["KUNDENNUMMER", "KUNDE#"], ["KLANTNUMMER", "KLANT#"], ["BESTELLNUMMER", "ORDER#"], ["AUFTRAGSNUMMER", "ORDER#"], ["ORDERNUMMER", "ORDER#"],
];

/**
 * Weighted edit distance of an OCR'd token from a label word: "rn" read as "m" and an m and an n confused cost half
 * an edit (the commonest misreadings of a scan's small print), look-alike digits nothing, any other substitution,
 * insertion or deletion one.
 */
function labelDistance(token: string, word: string): number {
  const a = token.toUpperCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: word.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= word.length; j += 1) {
      const x = a[i - 1] as string;
      const y = word[j - 1] as string;
      const sub = x === y || LOOK_ALIKE[token[i - 1] as string]?.includes(y) ? 0 : (x === "M" && y === "N") || (x === "N" && y === "M") ? 0.5 : 1;
      let best = Math.min((d[i - 1]?.[j] as number) + 1, (d[i]?.[j - 1] as number) + 1, (d[i - 1]?.[j - 1] as number) + sub);
      if (x === "M" && y === "N" && j >= 2 && word[j - 2] === "R") best = Math.min(best, (d[i - 1]?.[j - 2] as number) + 0.5);
      (d[i] as number[])[j] = best;
    }
  }
  return d[a.length]?.[word.length] as number;
}

/**
 * The view of a token that misreads a compound identifier label ({@link COMPOUND_LABELS}) by up to one and a half
 * weighted edits, first letter right: the word, or its short form padded in front to the token's length; null for none.
 */
export function misreadCompoundLabel(token: string): string | null {
  if (token.length < 8 || (token.match(/\p{L}/gu)?.length ?? 0) < 6) return null;
  for (const [word, short] of COMPOUND_LABELS) {
    if (token.toUpperCase() === word || token[0]?.toUpperCase() !== word[0]) continue;
    if (Math.abs(token.length - word.length) > 2 || labelDistance(token, word) > 1.5) continue;
    if (token.length === word.length) return word;
    // Padded in front: the label then ends where the token does, and the value is read from the text after it.
    if (short.length <= token.length) return short.padStart(token.length, " ");
  }
  return null;
}

function labelViewOf(text: string): string {
  return text.replace(/[\p{L}\d|!$]{4,}/gu, (t) => {
    const w = misreadLabelWord(t) ?? misreadCompoundLabel(t);
    if (!w) return t;
    return t === t.toLowerCase() ? w.toLowerCase() : w;
  });
}
