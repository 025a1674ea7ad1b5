/**
 * Text every store accepts: PostgreSQL refuses NUL in `text` and `jsonb`
 * (`22021`, `22P05`), and lone surrogates or non-characters make JSON that
 * other readers reject. PDF text layers and OCR produce all of these (broken
 * font maps, binary garbage in content streams), so the page model strips them
 * at the one place every page text passes through.
 */

/**
 * Control characters (C0, DEL, C1), lone surrogates, the 66 Unicode
 * non-characters, and invisible format characters that carry no text (BOM /
 * zero-width no-break space, zero-width space, soft hyphen).
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001F\u007F-\u009F\p{Cs}\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}\uFEFF\u200B\u00AD]/gu;

/**
 * Removes every character a database or JSON reader may refuse (see
 * {@link UNSTORABLE}); keeps whitespace other than controls (spaces and
 * Unicode spaces) so callers can still split on it.
 */
export function stripUnstorable(text: string): string {
  return text.replace(UNSTORABLE, (ch) => (ch === "\t" || ch === "\n" || ch === "\r" ? " " : ""));
}

/** True when `text` holds nothing {@link stripUnstorable} would remove. */
export function isStorable(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  const found = UNSTORABLE.test(text);
  UNSTORABLE.lastIndex = 0;
  return !found;
}
