import { summarizeDocument } from "../../extraction/summary.js";
import { currentPages, type PipelineStep } from "../step.js";

/** A short deterministic one-line summary from the type and fields. */
export const summarizeStep: PipelineStep<"summarize"> = {
  name: "summarize",
  deferStart: true,
  async run(ctx) {
    const pages = currentPages(ctx.outputs);
    const summary = summarizeDocument({
      type: ctx.outputs.classify?.type ?? "other",
      confidence: ctx.outputs.classify?.confidence ?? 0,
      fields: ctx.outputs.extract_fields?.fields ?? [],
      pageCount: pages.length || null,
      text: pages.join("\n"),
    });
    return { status: "succeeded", message: summary, summary: { summary }, data: { summary }, document: { summary } };
  },
};
