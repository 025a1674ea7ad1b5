/**
 * Every state change of a document, one named function each, in the manner of
 * graphile-worker's `completeJob` / `failJob`. Each takes the transaction
 * (holding the document's row lock) and the locked document, writes the rows,
 * and returns the typed events to append with them. Nothing outside
 * `src/documents/` writes documents or steps (test/unit/state-ownership.test.ts).
 */
export { transition, type Transition, type Tx } from "./transition.js";
export { queue, type NewDocument } from "./intake.js";
export { startRun, complete, fail, abandon, type StartedRun, type SkippedRun, type CrashedRun, type RunLease, type DocumentFailure, type Completion } from "./run.js";
export { decideLease, holdsLease, crashedTooOften, renewLease, releaseLease, isLeaseLost, LeaseLostError, type LeaseDecision, type LeaseState } from "./lease.js";
export {
  startStep,
  reportProgress,
  finishStep,
  writeSteps,
  failStep,
  stepFailure,
  resetStep,
  type StepSuccess,
  type StepFailure,
  type StepStart,
  type StepFinish,
  type StepWrite,
  type StepsWritten,
} from "./step.js";
export { release, cancel, reprocess, retryDelivery } from "./requests.js";
export { remove } from "./remove.js";
export { recordPage, fanOutPages, startPage, unstartPage, finishPage, failPage, type FinishedPage, type FanOut, type PageStart } from "./page.js";
export { correctField, correctType, type CorrectionOutcome, type FieldCorrectionRequest, type TypeCorrectionRequest } from "./correction.js";
