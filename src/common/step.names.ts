/**
 * The fixed steps of the pipeline, in the order they run: the one list the server (documents/,
 * pipeline/) and every client (the SDK, the CLI, the web page) share. Import-free on purpose, so
 * the browser bundle can take it as it is.
 */
export const STEP_NAMES = ["detect", "extract_text", "ocr", "classify", "extract_fields", "summarize", "searchable_pdf", "finalize"] as const;

/** A pipeline step's name. */
export type StepName = (typeof STEP_NAMES)[number];
