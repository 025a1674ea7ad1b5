import { STEP_NAMES, STEP_WEIGHTS, type StepName } from "./step.names.js";

const TOTAL_WEIGHT = STEP_NAMES.reduce((sum, name) => sum + STEP_WEIGHTS[name], 0);

/**
 * Overall progress (0–99; 100 only on completion) from the steps that
 * finished and the current one's fraction, weighted by {@link STEP_WEIGHTS}.
 */
export function overallProgress(done: ReadonlySet<string>, current?: { name: StepName; fraction: number }): number {
  let weight = 0;
  for (const name of STEP_NAMES) if (done.has(name)) weight += STEP_WEIGHTS[name];
  if (current) weight += STEP_WEIGHTS[current.name] * Math.min(1, Math.max(0, current.fraction));
  return Math.min(99, Math.floor((weight / TOTAL_WEIGHT) * 100));
}
