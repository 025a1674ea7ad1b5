import { label, percent } from "./format";
import type { Doc } from "./document.view";

/** What the classify step stored as its output (src/pipeline/steps/classify.step.ts). */
interface ClassifyOutput {
  type?: unknown;
  confidence?: unknown;
  runnersUp?: unknown;
  cues?: unknown;
}

/** The classify step's output, read defensively: it is JSON, not a typed field of the schema. */
export function classificationOf(doc: Doc): { type: string | null; confidence: number | null; reasons: string[]; runnersUp: { type: string; score: number }[] } | null {
  const output = doc.steps.find((s) => s.name === "classify")?.output as ClassifyOutput | null | undefined;
  if (!output) return null;
  const reasons = Array.isArray(output.cues) ? output.cues.filter((c): c is string => typeof c === "string") : [];
  const runnersUp = Array.isArray(output.runnersUp)
    ? output.runnersUp.flatMap((r: unknown) => {
        const row = r as { type?: unknown; score?: unknown };
        return typeof row.type === "string" && typeof row.score === "number" ? [{ type: row.type, score: row.score }] : [];
      })
    : [];
  return { type: typeof output.type === "string" ? output.type : null, confidence: typeof output.confidence === "number" ? output.confidence : null, reasons, runnersUp };
}

/** The classifier's type, why it chose it and what came next (a person's type, when they set one, is noted). */
export function Classification({ doc }: { doc: Doc }) {
  const result = classificationOf(doc);
  if (!doc.documentType || !result) return null;
  const type = result.type ?? doc.typeCorrection?.machineType ?? doc.documentType;
  const confidence = result.confidence ?? doc.typeConfidence;
  return (
    <div data-testid="classification">
      <h3>Classification</h3>
      <p>
        <strong className="doc-type">{label(type)}</strong> <span className="muted">({percent(confidence)} confidence)</span>
        {doc.typeCorrection && (
          <span className="muted small" data-testid="classification-overridden">
            {" "}
            · a person set the type to {label(doc.typeCorrection.type)}
          </span>
        )}
      </p>
      {result.reasons.length > 0 && (
        <>
          <div className="muted small">Because of</div>
          <ul className="reasons" data-testid="classification-reasons">
            {result.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {result.runnersUp.length > 0 && (
        <p className="small" data-testid="classification-runners-up">
          <span className="muted">Runners-up: </span>
          {result.runnersUp.map((r, i) => (
            <span key={r.type}>
              {i > 0 && ", "}
              {label(r.type)} <span className="muted">(score {r.score.toFixed(2)})</span>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
