/**
 * Fonts for an invisible text layer that carry any Unicode text.
 *
 * pdf-lib's standard fonts encode WinAnsi only, and the text is never drawn
 * (rendering mode 3), so glyph shapes do not matter: what matters is that a
 * reader (pdftotext, pdf.js, a viewer's search) maps each code back to the
 * right characters. Each font here is a non-embedded Helvetica whose one-byte
 * codes are handed out to the characters a document uses, with a `/ToUnicode`
 * CMap saying which character each code stands for and one width (half an em)
 * for every code, so a word's advance is simply `0.5 × characters × size`.
 * Every code in use also gets a glyph name after its character (`/uni00E9`) in
 * the font's `/Differences`: pdf.js (Folio's own reader, Firefox) reads a code
 * of a non-embedded font whose encoding names no glyph (WinAnsi's 1–31) as a
 * space, whatever its ToUnicode says.
 * A document with more than 254 distinct characters gets further fonts.
 */
import { PDFName, type PDFContext, type PDFRef } from "pdf-lib";

/** Advance of every code, in thousandths of an em. */
export const CODE_WIDTH = 500;

/** Code 32 always stands for a space, so readers that look for spaces by code find them. */
const SPACE_CODE = 32;
/** Codes handed out to other characters: 1–255 except the space (0 is left alone: some readers treat it as a terminator). */
const FREE_CODES = Array.from({ length: 255 }, (_, i) => i + 1).filter((c) => c !== SPACE_CODE);

/** One font: its reference and which code stands for which character. */
interface TextFont {
  ref: PDFRef;
  codes: Map<string, number>;
}

/** A run of codes in one font, ready for a `Tj`. */
export interface EncodedRun {
  font: PDFRef;
  /** Hex digits of the codes (two per character). */
  hex: string;
  /** Characters in the run (each advances {@link CODE_WIDTH}). */
  length: number;
}

/**
 * Hands out codes to characters across the fonts of one PDF, then writes the
 * fonts (call {@link TextLayerFonts.write} once, after all text is encoded).
 */
export class TextLayerFonts {
  private readonly fonts: TextFont[] = [];

  constructor(private readonly context: PDFContext) {}

  /** `text` as runs of codes (a run per font it needs); a space is code 32 in the current font. */
  encode(text: string): EncodedRun[] {
    const runs: EncodedRun[] = [];
    for (const char of text) {
      const { font, code } = this.codeOf(char);
      const hex = code.toString(16).padStart(2, "0");
      const last = runs.at(-1);
      if (last && last.font === font.ref) {
        last.hex += hex;
        last.length += 1;
      } else {
        runs.push({ font: font.ref, hex, length: 1 });
      }
    }
    return runs;
  }

  /** Write every font the encoded text needs (their references were handed out already). */
  write(): void {
    for (const font of this.fonts) {
      const toUnicode = this.context.flateStream(toUnicodeCMap(font.codes));
      const dict = this.context.obj({
        Type: "Font",
        Subtype: "Type1",
        BaseFont: "Helvetica",
        FirstChar: 0,
        LastChar: 255,
        Widths: Array.from({ length: 256 }, () => CODE_WIDTH),
        Encoding: { Type: "Encoding", BaseEncoding: "WinAnsiEncoding", Differences: differences(font.codes) },
      });
      dict.set(PDFName.of("ToUnicode"), this.context.register(toUnicode));
      this.context.assign(font.ref, dict);
    }
  }

  private codeOf(char: string): { font: TextFont; code: number } {
    // The space needs no slot: every font maps code 32 to it.
    if (char === " ") return { font: this.current(), code: SPACE_CODE };
    for (const font of this.fonts) {
      const code = font.codes.get(char);
      if (code !== undefined) return { font, code };
    }
    let font = this.current();
    if (font.codes.size >= FREE_CODES.length) font = this.addFont();
    const code = FREE_CODES[font.codes.size]!;
    font.codes.set(char, code);
    return { font, code };
  }

  private current(): TextFont {
    return this.fonts.at(-1) ?? this.addFont();
  }

  private addFont(): TextFont {
    const font = { ref: this.context.nextRef(), codes: new Map<string, number>() };
    this.fonts.push(font);
    return font;
  }
}

/**
 * A `/Differences` array naming each code's glyph after its character
 * (`[1 /uni0057 /uni0065 … 33 /uni00E9 …]`): Adobe's glyph-list naming, from
 * which readers that ignore ToUnicode derive the character too.
 */
export function differences(codes: ReadonlyMap<string, number>): (number | string)[] {
  const out: (number | string)[] = [];
  let next = -1;
  for (const [char, code] of [...codes].sort((a, b) => a[1] - b[1])) {
    if (code !== next) out.push(code);
    out.push(glyphName(char));
    next = code + 1;
  }
  return out;
}

/** `uniXXXX` for a character of the BMP, `uXXXXX` beyond it (the glyph list's forms). */
function glyphName(char: string): string {
  const cp = char.codePointAt(0)!;
  return cp > 0xffff ? `u${cp.toString(16).toUpperCase()}` : `uni${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** UTF-16BE hex of a character (a surrogate pair for characters beyond the BMP). */
function utf16Hex(char: string): string {
  let hex = "";
  for (let i = 0; i < char.length; i++) hex += char.charCodeAt(i).toString(16).padStart(4, "0");
  return hex;
}

/** A ToUnicode CMap for one-byte codes (the PDF spec's example form; at most 100 entries per bfchar block). */
export function toUnicodeCMap(codes: ReadonlyMap<string, number>): string {
  const entries = [[" ", SPACE_CODE] as const, ...codes].map(([char, code]) => `<${code.toString(16).padStart(2, "0")}> <${utf16Hex(char)}>`);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join("\n")}\nendbfchar`);
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<00> <FF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}
