/**
 * The tesseract models Folio ships offline, one npm package each (`@tesseract.js-data/<lang>`, the
 * `4.0.0_best_int` LSTM model, gzipped). Both engines read the same files: the WASM pool from a copy of the
 * gzipped files (ocr.adapter.ts), the native CLI from an unpacked copy (ocr.native.ts).
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";

/** A shipped model: `eng` reads every page; `deu` re-reads German names (umlauts, ß) the English model drops. */
export type OcrLanguage = "eng" | "deu";

/** Every model Folio ships. */
export const OCR_LANGUAGES: readonly OcrLanguage[] = ["eng", "deu"];

/** The package directory of one shipped model. */
export function modelPackageDir(lang: OcrLanguage): string {
  return dirname(createRequire(import.meta.url).resolve(`@tesseract.js-data/${lang}/package.json`));
}
