/**
 * The steps a document goes through, their share of the progress bar and the
 * names of delivery steps. The list itself is common/step.names.ts, shared with
 * the client SDK.
 */

import { STEP_NAMES, type StepName } from "../common/step.names.js";

export { STEP_NAMES, type StepName };

/** True when `value` names a pipeline step. */
export function isStepName(value: string): value is StepName {
  return (STEP_NAMES as readonly string[]).includes(value);
}

/** Share of the overall progress bar each step covers (relative to the others): OCR is most of the time. */
export const STEP_WEIGHTS: { readonly [N in StepName]: number } = {
  detect: 2,
  extract_text: 10,
  ocr: 60,
  classify: 3,
  extract_fields: 10,
  summarize: 2,
  searchable_pdf: 3,
  finalize: 3,
};

const DELIVERY_PREFIX = "deliver:";

/** Step name of a destination's delivery. */
export const deliveryStepName = (destination: string) => `${DELIVERY_PREFIX}${destination}`;

/** True for dynamic delivery steps. */
export const isDeliveryStep = (step: string) => step.startsWith(DELIVERY_PREFIX);

/** The destination a delivery step sends to. */
export const deliveryDestination = (step: string) => step.slice(DELIVERY_PREFIX.length);
