import type { DocumentIntake } from "../documents/document.intake.js";
import type { DocumentOperations } from "../documents/document.operations.js";
import { notify, type PipelineObserver } from "../pipeline/pipeline-observer.js";
import { documentTypeLabel, errorCodeLabel, getMetrics, stepLabel } from "./registry.js";

/** The pipeline observer that feeds the document, step and OCR metrics. */
export const pipelineMetrics: PipelineObserver = {
  documentSubmitted() {
    getMetrics().documentsSubmitted.inc();
  },
  stepFinished({ step, status, durationMs, summary }) {
    const m = getMetrics();
    m.stepDuration.observe({ step: stepLabel(step), status: status.toLowerCase() }, Math.max(0, durationMs) / 1000);
    const pages = summary?.pagesOcred;
    if (stepLabel(step) === "ocr" && status === "SUCCEEDED" && typeof pages === "number" && Number.isFinite(pages) && pages > 0) m.ocrPages.inc(pages);
  },
  documentFinished({ status, documentType, errorCode }) {
    const m = getMetrics();
    if (status === "COMPLETED") m.documentsCompleted.inc({ document_type: documentTypeLabel(documentType) });
    else if (status === "FAILED") m.documentsFailed.inc({ error_code: errorCodeLabel(errorCode) });
    else m.documentsCancelled.inc();
  },
};

/** Tell `observer` about every document `intake` creates (submit goes through record). Returns the same intake. */
export function observeIntake(intake: DocumentIntake, observer: PipelineObserver = pipelineMetrics): DocumentIntake {
  // recordStored is where every new document is recorded, whether uploaded through the API or directly.
  const record = intake.recordStored.bind(intake);
  intake.recordStored = async (input, stored, options) => {
    const result = await record(input, stored, options);
    if (result.created) notify(observer, "documentSubmitted");
    return result;
  };
  return intake;
}

/** Tell `observer` about every document `operations` cancels. Returns the same operations. */
export function observeOperations(operations: DocumentOperations, observer: PipelineObserver = pipelineMetrics): DocumentOperations {
  const cancel = operations.cancel.bind(operations);
  operations.cancel = async (documentId) => {
    const doc = await cancel(documentId);
    notify(observer, "documentFinished", { status: "CANCELLED", documentType: doc.documentType ?? null, errorCode: "CANCELLED", processingMs: null });
    return doc;
  };
  return operations;
}
