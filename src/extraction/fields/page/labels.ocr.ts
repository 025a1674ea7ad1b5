/**
 * Label words as OCR misreads them ("T0TAL", "TOTA1", "SUBT0TAL", "R0UNDING",
 * "TUTAL", "Invoice mumber", "Rechmmgsmmmer"): a view of a line in which such
 * words are written as the label word they stand for (same length, so every
 * offset into the view is an offset into the line), for the label vocabularies
 * to match.
 *
 * A token is compared with the vocabulary by a weighted edit distance
 * ({@link ocrWordDistance}) that knows how scans misread print: a digit that
 * looks like a letter counts as that letter, and the letters made of vertical
 * strokes (i, m, n, r, u) are confused with each other and merged or split
 * ("rn" as "m", "nu" as "m", "m" as "in") at half the cost of another error.
 * How much error a word may carry grows with its length, and short words that
 * common words are close to ("CHARGE" is one letter from "CHANGE") take
 * look-alikes only. The view is used on OCR'd pages only.
 */

/** Letters each digit or mark is misread for. */
const LOOK_ALIKE: Record<string, string> = { "0": "OD", "1": "ILT", "|": "IL", "!": "IL", l: "I", "5": "S", "8": "B", "6": "G", "2": "Z", "4": "A", "7": "T", "$": "S" };

/** Label words, and whether one non-look-alike error (two stroke-letter confusions) is allowed. */
const WORDS: readonly (readonly [string, boolean])[] = [
  ["TOTAL", true], ["SUBTOTAL", true], ["ROUNDING", true], ["AMOUNT", true], ["BALANCE", true], ["TENDERED", true], ["PAYABLE", true],
  ["JUMLAH", true], ["GRAND", false], ["CHANGE", false], ["CASH", false], ["TOTAAL", true], ["SUMME", true], ["BETRAG", true],
  // German till words ("SUNME", "zah1en", "RÜCKGELO", "Gegebcn"; tills without umlauts print "Rueckgeld").
  ["ZAHLEN", true], ["GESAMT", true], ["RUCKGELD", true], ["RUECKGELD", true], ["GEGEBEN", true],
  // Identifier and date label words ("lnvoice", "INV0ICE", "Numbcr", "mumber", "0ATE", "fathura").
  ["INVOICE", true], ["NUMBER", true], ["NUMMER", true], ["RECEIPT", true], ["RECHNUNG", true], ["FACTUUR", true], ["FACTURE", true], ["FACTURA", true], ["FATTURA", true],
  ["TARIKH", true], ["DATE", false], ["DATUM", false],
  // The German VAT id's label written as one word ("UStIdNe").
  ["USTIDNR", true],
  // German and Dutch compound labels of an invoice's header ("Rechnungshummer"): long enough that one wrong letter
  // names no other word. Misreadings of another length ("Kundennurnmer") are {@link misreadCompoundLabel}'s.
  ["RECHNUNGSNUMMER", true], ["RECHNUNGSDATUM", true], ["KUNDENNUMMER", true], ["BESTELLNUMMER", true], ["AUFTRAGSNUMMER", true],
  ["FACTUURNUMMER", true], ["FACTUURDATUM", true], ["KLANTNUMMER", true], ["ORDERNUMMER", true], ["BESTELNUMMER", true],
];

/** The vocabulary's words as printed. */
const VOCABULARY = new Set(WORDS.map(([w]) => w));

/** Letters drawn with vertical strokes only, which a blurred scan confuses, merges and splits ("rn" → "m", "nu" → "m"). */
const STROKES = new Set(["I", "M", "N", "R", "U"]);

/** Cost of reading the printed character `x` (as OCR'd, any case) where `y` (a vocabulary letter) is meant. */
function substitution(x: string, y: string): number {
  if (x.toUpperCase() === y || LOOK_ALIKE[x]?.includes(y)) return 0;
  return STROKES.has(x.toUpperCase()) && STROKES.has(y) ? 0.5 : 1;
}

/** True for a pair of stroke letters, read or meant. */
const strokePair = (s: string): boolean => s.length === 2 && STROKES.has(s[0] as string) && STROKES.has(s[1] as string);

/**
 * Weighted edit distance of an OCR'd token from a vocabulary word (upper case): look-alike digits cost nothing, a
 * stroke letter read as another ("m" for "n") and two stroke letters read as one or one as two ("m" for "rn", "nu",
 * "un"; "in" for "m") half an edit, any other substitution, insertion or deletion one.
 */
export function ocrWordDistance(token: string, word: string): number {
  const a = token.toUpperCase();
  const d: number[][] = Array.from({ length: token.length + 1 }, (_, i) => Array.from({ length: word.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= token.length; i += 1) {
    for (let j = 1; j <= word.length; j += 1) {
      const x = token[i - 1] as string;
      const y = word[j - 1] as string;
      let best = Math.min((d[i - 1]?.[j] as number) + 1, (d[i]?.[j - 1] as number) + 1, (d[i - 1]?.[j - 1] as number) + substitution(x, y));
      // One stroke letter read for two ("m" for "rn") and two for one ("in" for "m").
      if (j >= 2 && STROKES.has(a[i - 1] as string) && strokePair(word.slice(j - 2, j))) best = Math.min(best, (d[i - 1]?.[j - 2] as number) + 0.5);
      if (i >= 2 && STROKES.has(y) && strokePair(a.slice(i - 2, i))) best = Math.min(best, (d[i - 2]?.[j - 1] as number) + 0.5);
      (d[i] as number[])[j] = best;
    }
  }
  return d[token.length]?.[word.length] as number;
}

/** The label word `token` is a misreading of (same length), or null. */
export function misreadLabelWord(token: string): string | null {
  if (token.length < 4 || (token.match(/\p{L}/gu)?.length ?? 0) < 2) return null;
  if (VOCABULARY.has(token.toUpperCase())) return null;
  for (const [word, oneWrong] of WORDS) {
    if (word.length !== token.length) continue;
    // The first letter must be right, a look-alike or a stroke letter's confusion: "POUNDING" is not "ROUNDING".
    if (substitution(token[0] as string, word[0] as string) > 0.5) continue;
    const wrong = ocrWordDistance(token, word);
    if (wrong === 0 || (oneWrong && wrong <= 1 && word.length >= 5)) return word;
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
 * Labels of eight letters or more and the short form each may be written as in the view, which the vocabularies
 * read as a label of the same role ("FACTUUR#", "ORDER#", "DATUM"): a misreading of another length than the word
 * ("Factuumummer", "RECEHNING") is written as the word when it fits the token's length, else as the short form,
 * padded in front.
 */
const COMPOUND_LABELS: readonly (readonly [string, string])[] = [
  ["RECHNUNGSNUMMER", "RECHNUNG#"], ["RECHNUNGSNR", "RECHNUNG#"], ["FACTUURNUMMER", "FACTUUR#"], ["FACTUURNR", "FACTUUR#"],
  ["KUNDENNUMMER", "KUNDE#"], ["KLANTNUMMER", "KLANT#"], ["BESTELLNUMMER", "ORDER#"], ["AUFTRAGSNUMMER", "ORDER#"], ["ORDERNUMMER", "ORDER#"],
  ["RECHNUNGSDATUM", "DATUM"], ["FACTUURDATUM", "DATUM"], ["RECHNUNG", "RECHNUNG"],
];

/**
 * The view of a token that misreads a label of {@link COMPOUND_LABELS} by up to one and a half weighted edits
 * ({@link ocrWordDistance}), first letter right, and is no inflection of it ("Rechnungs", "Rechnungen" contain
 * a word of the vocabulary and are read by the vocabularies as they are; such a token may be off by one edit only,
 * "Rechnungsnumrner"): the word, or its short form padded in front to the
 * token's length (the label then ends where the token does, and the value is read from the text after it); null
 * for none.
 */
export function misreadCompoundLabel(token: string): string | null {
  if (token.length < 8 || (token.match(/\p{L}/gu)?.length ?? 0) < 6) return null;
  const upper = token.toUpperCase();
  // A token holding a vocabulary word whole is that word inflected ("Rechnungen") unless the rest is nearly right.
  const inflected = [...VOCABULARY].some((w) => upper.includes(w));
  for (const [word, short] of COMPOUND_LABELS) {
    if (upper.includes(word) || substitution(token[0] as string, word[0] as string) > 0) continue;
    if (Math.abs(token.length - word.length) > 2 || ocrWordDistance(token, word) > (inflected ? 1 : 1.5)) continue;
    if (word.length <= token.length) return word.padStart(token.length, " ");
    if (short.length <= token.length) return short.padStart(token.length, " ");
  }
  return null;
}

/** The label word of the vocabularies a token stands for (see the module header), or null. */
function misreadLabel(token: string): string | null {
  return misreadLabelWord(token) ?? misreadCompoundLabel(token);
}

/** Written in the token's case: lower-case tokens stay lower case (the vocabularies match any case). */
const inCase = (token: string, word: string): string => (token === token.toLowerCase() ? word.toLowerCase() : word);

function labelViewOf(text: string): string {
  // A token and a short piece after one space: OCR's spacing splits a compound label ("Rechnungsdat um"), whose
  // pieces are read together when they make a label and neither alone does; the view then ends it with a space.
  return text.replace(/([\p{L}\d|!$]{4,})(?: (\p{L}{1,3})(?![\p{L}\d]))?/gu, (whole, head: string, tail: string | undefined) => {
    const alone = misreadLabel(head);
    if (tail !== undefined && !alone && !VOCABULARY.has(head.toUpperCase())) {
      const joined = head + tail;
      const word = VOCABULARY.has(joined.toUpperCase()) ? joined.toUpperCase() : misreadLabel(joined);
      if (word) return inCase(head, word.trimStart()).padEnd(whole.length, " ");
    }
    return (alone ? inCase(head, alone) : head) + whole.slice(head.length);
  });
}
