/**
 * Reading a document's event log for signs that two runs processed it at once. Events carry no
 * run token, but every run starts with `document.processing` and every step of a run with
 * `step.started`, so a run that lost its document but kept writing leaves traces a single run
 * cannot: a step event with no `step.started` of that step since the last run began, a second
 * `step.succeeded` of one step, anything after `document.completed`, seqs with gaps or repeats.
 *
 * One step event legitimately has no `step.started` in the current run: when a document is failed
 * from outside any run (`abandon`, e.g. WORKER_CRASHED as the next run starts), the step a dead run
 * left IN_PROGRESS fails with it — and that step may have been started by an earlier run, if the last
 * one died before it got to the step. Such a `step.failed` is followed at once by `document.failed`
 * with the same code.
 */

/** The columns of a `processing_events` row this needs. */
export interface LoggedEvent {
  seq: number;
  type: string;
  step: string | null;
  /** `detail.code` of failures. */
  code?: string | null;
}

/** Why the log looks like more than one run at once (empty: it does not). */
export function overlappingRuns(events: readonly LoggedEvent[], pipelineSteps: readonly string[]): string[] {
  const problems: string[] = [];
  const pipeline = new Set(pipelineSteps);
  events.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`seq ${e.seq} at position ${i + 1} (gap or repeat)`);
  });
  let startedInRun = new Set<string>();
  const succeeded = new Map<string, number>();
  let terminal: LoggedEvent | null = null;
  events.forEach((e, i) => {
    const next = events[i + 1];
    // Deliveries to destinations legitimately follow completion; nothing of the pipeline does.
    const afterTerminalOk = e.type.startsWith("delivery.") || (e.step !== null && !pipeline.has(e.step));
    if (terminal && !afterTerminalOk) problems.push(`${e.type}${e.step ? ` ${e.step}` : ""} (seq ${e.seq}) after ${terminal.type} (seq ${terminal.seq})`);
    if (e.type === "document.processing" || e.type === "document.queued" || e.type === "document.reprocess") startedInRun = new Set();
    if (e.type === "document.reprocess") {
      succeeded.clear();
      terminal = null;
    }
    if (e.step !== null && pipeline.has(e.step)) {
      if (e.type === "step.started") startedInRun.add(e.step);
      else if (e.type.startsWith("step.") && !startedInRun.has(e.step) && !failedWithDocument(e, next)) problems.push(`${e.type} ${e.step} (seq ${e.seq}) without a step.started in the current run`);
      if (e.type === "step.succeeded") {
        const n = (succeeded.get(e.step) ?? 0) + 1;
        succeeded.set(e.step, n);
        if (n > 1) problems.push(`step.succeeded ${e.step} #${n} (seq ${e.seq})`);
      }
    }
    if ((e.type === "document.completed" || e.type === "document.failed") && !terminal) terminal = e;
    else if (e.type === "document.completed" || e.type === "document.failed") problems.push(`second terminal event ${e.type} (seq ${e.seq})`);
  });
  return problems;
}

/** A step failed together with its document (the same code, the very next event): `abandon` from outside any run. */
function failedWithDocument(e: LoggedEvent, next: LoggedEvent | undefined): boolean {
  return e.type === "step.failed" && next?.type === "document.failed" && next.seq === e.seq + 1 && !!e.code && next.code === e.code;
}
