import type { StepPhase, StepStateFragment, StepView } from "@folio/client";
import { duration, label } from "./format";

const PHASE_TEXT: Record<StepPhase, string> = {
  pending: "pending",
  running: "running",
  succeeded: "succeeded",
  skipped: "skipped",
  failed: "failed",
};

const PHASE_ICON: Record<StepPhase, string> = {
  pending: "○",
  running: "◐",
  succeeded: "✓",
  skipped: "–",
  failed: "✕",
};

/** A stored step (ProcessingStep) in the shape the live view uses. */
export function stepFromState(s: StepStateFragment): StepView {
  const phase: StepPhase =
    s.status === "IN_PROGRESS" ? "running" : s.status === "SUCCEEDED" ? "succeeded" : s.status === "SKIPPED" ? "skipped" : s.status === "FAILED" ? "failed" : "pending";
  return { name: s.name, phase, message: s.errorMessage, fraction: null, durationMs: s.durationMs, attempts: s.attempts, errorCode: s.errorCode };
}

export function Steps(props: { steps: StepView[] }) {
  return (
    <ol className="steps">
      {props.steps.map((s) => (
        <li key={s.name} className={`step step-${s.phase}`} data-testid={`step-${s.name}`} data-status={s.phase}>
          <span className="step-icon" aria-hidden="true">
            {PHASE_ICON[s.phase]}
          </span>
          <span className="step-name">{label(s.name)}</span>
          <span className="step-status">{PHASE_TEXT[s.phase]}</span>
          <span className="step-message" data-testid={`step-${s.name}-message`} title={s.message ?? undefined}>
            {s.errorCode ? `${s.errorCode}: ` : ""}
            {s.message ?? ""}
            {s.phase === "running" && s.fraction !== null && s.fraction > 0 ? ` (${Math.round(s.fraction * 100)}%)` : ""}
          </span>
          <span className="step-duration">{duration(s.durationMs)}</span>
        </li>
      ))}
    </ol>
  );
}

export function ProgressBar(props: { value: number; status: string; testId?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(props.value)));
  return (
    <div className={`progress progress-${props.status.toLowerCase()}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} data-testid={props.testId ?? "progress-bar"}>
      <div className="progress-fill" style={{ width: `${value}%` }} />
      <span className="progress-label">{value}%</span>
    </div>
  );
}

export function StatusBadge(props: { status: string }) {
  return <span className={`badge badge-${props.status.toLowerCase()}`}>{props.status.toLowerCase().replace(/_/g, " ")}</span>;
}
