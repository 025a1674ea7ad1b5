/**
 * The classifier's memory of corrected types: a corrected document is kept as
 * its word signature, and a new document of the same owner that resembles it
 * closely gets a cue for the corrected type strong enough to win. No training
 * step: the examples are read at classification time. Pure.
 */
import { confidenceFromScores } from "../classifier.js";
import type { Classification, DocumentType, PageTexts } from "../extraction.types.js";
import type { TypeExample } from "./learning.types.js";

/** Words kept in a signature at most (the first ones in reading order). */
const MAX_SIGNATURE_WORDS = 400;
/** Below this similarity an example says nothing. */
export const MIN_SIMILARITY = 0.3;
/** From this similarity on an example decides the type. */
export const DECISIVE_SIMILARITY = 0.5;

/** Distinct lower-cased words of three or more letters (no digits: numbers differ between documents of one kind). */
export function documentSignature(pages: PageTexts): string[] {
  const seen = new Set<string>();
  for (const m of pages.join("\n").normalize("NFKC").toLowerCase().matchAll(/\p{L}{3,}/gu)) {
    seen.add(m[0]);
    if (seen.size >= MAX_SIGNATURE_WORDS) break;
  }
  return [...seen];
}

/** Jaccard similarity of two signatures, in [0, 1]. */
export function signatureSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const w of b) if (set.has(w)) shared += 1;
  return shared / (set.size + b.length - shared);
}

/**
 * The classification with the most similar corrected example taken into
 * account. From {@link DECISIVE_SIMILARITY} on, the example's type gets what
 * it lacks to win plus a margin; between {@link MIN_SIMILARITY} and that, a
 * share of it growing with the similarity. The cue names the example, so the
 * decision stays explainable.
 */
export function applyTypeExamples(result: Classification, signature: readonly string[], examples: readonly TypeExample[]): Classification {
  let best: { example: TypeExample; similarity: number } | null = null;
  for (const example of examples) {
    const similarity = signatureSimilarity(signature, example.signature);
    if (similarity >= MIN_SIMILARITY && (!best || similarity > best.similarity)) best = { example, similarity };
  }
  if (!best) return result;
  const scoreOf = (t: DocumentType) => result.scores.find((s) => s.type === t)?.score ?? 0;
  const top = result.scores[0]?.score ?? 0;
  const share = Math.min(1, (best.similarity - MIN_SIMILARITY) / (DECISIVE_SIMILARITY - MIN_SIMILARITY));
  const weight = Math.round((top - scoreOf(best.example.type) + 2) * share * 1000) / 1000;
  if (weight <= 0) return result;
  const scores = result.scores
    .map((s) => ({ type: s.type, score: s.type === best.example.type ? Math.round((s.score + weight) * 1000) / 1000 : s.score }))
    .sort((a, b) => b.score - a.score);
  const [first, second] = scores;
  const cue = { type: best.example.type, cue: `like corrected document ${best.example.documentId} (similarity ${best.similarity.toFixed(2)})`, weight };
  return {
    type: first?.type ?? result.type,
    confidence: confidenceFromScores(first?.score ?? 0, second?.score ?? 0),
    scores,
    cues: [cue, ...result.cues].sort((a, b) => b.weight - a.weight),
  };
}
