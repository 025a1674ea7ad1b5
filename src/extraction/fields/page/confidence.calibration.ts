/**
 * Maps a field's raw assignment score (label strength, position, agreement,
 * arithmetic) to a calibrated confidence: the share of fields with that score
 * that were right on the shared evaluation corpus (`npm run eval:fields`
 * prints the table this was read from). Piecewise linear between the knots.
 */
import type { FieldName } from "../../extraction.types.js";

type Knots = readonly (readonly [number, number])[];

/** Knots (raw score → accuracy) per group of fields, measured with `npm run eval:fields`. */
const TABLES: Record<"amount" | "date" | "party" | "other", Knots> = {
  amount: [[0, 0.05], [0.5, 0.3], [0.8, 0.7], [1, 0.95]],
  date: [[0, 0.05], [0.5, 0.4], [0.8, 0.8], [1, 0.95]],
  party: [[0, 0.02], [0.5, 0.3], [0.8, 0.6], [1, 0.9]],
  other: [[0, 0.05], [0.5, 0.4], [0.9, 0.85], [1, 0.95]],
};

function group(name: FieldName): keyof typeof TABLES {
  if (["total", "subtotal", "tax", "rounding", "tendered", "change"].includes(name)) return "amount";
  if (name.endsWith("_date")) return "date";
  if (name === "issuer" || name === "recipient") return "party";
  return "other";
}

function interpolate(knots: Knots, x: number): number {
  let prev = knots[0] as readonly [number, number];
  for (const k of knots) {
    if (x <= k[0]) {
      const span = k[0] - prev[0];
      return span <= 0 ? k[1] : prev[1] + ((x - prev[0]) / span) * (k[1] - prev[1]);
    }
    prev = k;
  }
  return prev[1];
}

/** The raw score a field's evidence adds up to, before calibration. */
export function rawAssignmentScore(score: number, margin: number, passedChecks: number): number {
  return Math.max(0, Math.min(1, 0.75 * score + 0.5 * Math.min(margin, 0.3) + 0.05 * Math.min(passedChecks, 2)));
}

/**
 * Calibrated assignment confidence of a field in [0, 1].
 * @param score best candidate's score; @param margin its lead over the runner-up; @param passedChecks arithmetic checks that passed
 */
export function calibrate(name: FieldName, score: number, margin: number, passedChecks: number): number {
  const raw = rawAssignmentScore(score, margin, passedChecks);
  return Math.round(interpolate(TABLES[group(name)], raw) * 1000) / 1000;
}
