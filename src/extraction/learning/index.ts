/** Learning from corrections: issuer keys, field anchors and type examples (pure), and the port the pipeline reads them through. */
export type { AnchorDraft, AnchorRelation, LearnedAnchor, LearningPort, TypeExample } from "./learning.types.js";
export { issuerKeys, normaliseIssuerName, sameIssuer, withCorrection } from "./issuer.key.js";
export { learnAnchor, type CorrectedValue } from "./anchor.learn.js";
export { applyAnchors, readAnchor } from "./anchor.apply.js";
export { applyTypeExamples, documentSignature, signatureSimilarity } from "./type.examples.js";
export { valueKey, valueKind, type ReadContext } from "./field.values.js";
export { normaliseLabel, compactId } from "./label.text.js";
