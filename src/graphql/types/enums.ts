import { registerEnumType } from "type-graphql";
import type { OcrMode } from "../../common/ocr-mode.js";
import { DocumentStatus, PageStatus, StepStatus } from "../../db/entities/index.js";
import { DocumentOrder } from "../../documents/document.read-model.js";

/** What to do when the uploader already has a document with the same content. */
export enum OnDuplicate {
  REJECT = "REJECT",
  RETURN_EXISTING = "RETURN_EXISTING",
  PROCESS_AGAIN = "PROCESS_AGAIN",
}


registerEnumType(DocumentStatus, { name: "DocumentStatus", description: "Lifecycle of a document." });
registerEnumType(StepStatus, { name: "StepStatus", description: "Status of one pipeline step." });
registerEnumType(PageStatus, { name: "PageStatus", description: "Status of one page being OCR'd: PENDING, DONE or FAILED." });
registerEnumType(OnDuplicate, {
  name: "OnDuplicate",
  description: "What an upload does when you already have a document with the same content (SHA-256).",
  valuesConfig: {
    REJECT: { description: "Fail with DUPLICATE_DOCUMENT (extensions.documentId names the existing one)." },
    RETURN_EXISTING: { description: "Return the existing document; nothing is stored." },
    PROCESS_AGAIN: { description: "Store and process it as a new document (the default)." },
  },
});
registerEnumType(DocumentOrder, { name: "DocumentOrder" });

/** Which PDF pages a document has OCRed: the API's spelling of {@link OcrMode}. */
export enum OcrModeOption {
  SKIP = "SKIP",
  REDO = "REDO",
  FORCE = "FORCE",
}
registerEnumType(OcrModeOption, {
  name: "OcrMode",
  description: "Which pages of a PDF are OCRed (images are always OCRed). Unset: the server's OCR_MODE.",
  valuesConfig: {
    SKIP: { description: "Only pages without a usable text layer (fewer than 20 visible characters)." },
    REDO: { description: "Also pages whose text is an earlier OCR drawn invisibly over the scan (a sandwich PDF); Folio's OCR replaces that text." },
    FORCE: { description: "Every page, whatever text it has." },
  },
});

/** The API's OCR mode as the pipeline spells it. */
export function toOcrMode(option: OcrModeOption): OcrMode {
  return option.toLowerCase() as OcrMode;
}

/** The pipeline's OCR mode as the API spells it. */
export function toOcrModeOption(mode: OcrMode | null): OcrModeOption | null {
  return mode === null ? null : (mode.toUpperCase() as OcrModeOption);
}

/** Who set a field's value or a document's type. */
export enum SetBy {
  MACHINE = "MACHINE",
  PERSON = "PERSON",
}
registerEnumType(SetBy, {
  name: "SetBy",
  description: "Who set a value: the machine's reading, or a person's correction.",
});

export { DocumentOrder, DocumentStatus, PageStatus, StepStatus };
