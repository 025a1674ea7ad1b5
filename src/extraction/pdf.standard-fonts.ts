/**
 * Where pdf.js finds the font programs of the 14 standard PDF fonts.
 *
 * A PDF may name Helvetica, Times, Courier, Symbol or ZapfDingbats (or a
 * font pdf.js maps to one of them, such as Arial) without embedding it. pdf.js
 * then loads a metric-compatible substitute from its `standard_fonts/`
 * directory (Liberation Sans, Foxit's serif and fixed-pitch fonts), read with
 * `fs.readFile(standardFontDataUrl + filename)` in Node. Without that
 * directory it draws each glyph in whatever font the canvas falls back to,
 * centred in the advance the PDF's metrics give: serif letters at Helvetica's
 * positions, so `Rechnungsdatum` renders as `Rechnungsdat um` and OCR of the
 * render reads it that way. The file names come from a fixed table in pdf.js,
 * never from the document.
 *
 * The directory is looked up next to the pdfjs-dist that pdf-parse itself
 * loads (resolved from pdf-parse's own location), so it is the data of the
 * pdf.js version that runs, wherever npm placed the package: a fresh clone,
 * the Docker image (which copies `node_modules`), or a nested install.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A file every pdfjs-dist release since 4 ships in `standard_fonts/` (Helvetica's substitute). */
const PROBE_FILE = "LiberationSans-Regular.ttf";

/**
 * The absolute path of pdf.js' `standard_fonts/` directory, with the trailing
 * separator pdf.js requires, or null when it cannot be found (pdf.js then
 * renders non-embedded standard fonts with the canvas' fallback font, as
 * before this existed).
 */
export function standardFontDataDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const fromPdfParse = createRequire(require.resolve("pdf-parse"));
    const dir = path.join(path.dirname(fromPdfParse.resolve("pdfjs-dist/package.json")), "standard_fonts");
    return existsSync(path.join(dir, PROBE_FILE)) ? dir + path.sep : null;
  } catch {
    return null;
  }
}
