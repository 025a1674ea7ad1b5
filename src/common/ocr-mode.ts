/**
 * Which pages of a PDF are OCRed: the server's default (`OCR_MODE`) or one document's choice at upload or
 * reprocessing. Import-free, so config, the database layer and the API share it.
 * - `skip`: only pages without a usable text layer;
 * - `redo`: also pages whose text is an earlier OCR drawn invisibly over the scan (a "sandwich" PDF); Folio's OCR
 *   replaces that text;
 * - `force`: every page, whatever text it has.
 */
export const OCR_MODES = ["skip", "redo", "force"] as const;

/** One of {@link OCR_MODES}. */
export type OcrMode = (typeof OCR_MODES)[number];
