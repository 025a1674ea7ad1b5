import { describe, expect, it } from "vitest";
import type { ExtractedField } from "../../../src/extraction/extraction.types.js";
import { documentSignature, issuerKeys, learnAnchor, type LearnedAnchor, type LearningPort, type TypeExample } from "../../../src/extraction/learning/index.js";
import type { PageModel } from "../../../src/extraction/page/page.model.js";
import type { StepContext, StepResult } from "../../../src/pipeline/step.js";
import { classifyStep } from "../../../src/pipeline/steps/classify.step.js";
import { extractFieldsStep } from "../../../src/pipeline/steps/extract-fields.step.js";
import { machineFields, nordlicht, readContext, REFERENCE_DATE } from "./learning.fixtures.js";

/** An in-memory port: what one owner's corrections taught. */
function port(ownerId: string, anchors: LearnedAnchor[], examples: TypeExample[] = []): LearningPort {
  return {
    anchorsFor: async (owner, keys) => (owner === ownerId ? anchors.filter((a) => a.issuerKeys.some((k) => keys.includes(k))) : []),
    typeExamples: async (owner) => (owner === ownerId ? examples : []),
  };
}

/** The context a step sees, with only what these steps read. */
function context(id: string, ownerId: string, page: PageModel, learning?: LearningPort): StepContext {
  const outputs = { extract_text: { pageCount: 1, pages: [page.text], models: [page] } };
  return { document: { id, ownerId, createdAt: REFERENCE_DATE }, outputs, ...(learning ? { learning } : {}) } as unknown as StepContext;
}

const first = nordlicht({ number: "NW-4471", date: "03.05.2024", delivered: "28.04.2024", total: "119,00" }, "near");
const second = nordlicht({ number: "NW-4502", date: "17.06.2024", delivered: "10.06.2024", total: "238,50" }, "far");
const taught: LearnedAnchor = {
  ...learnAnchor([first], { field: "invoice_number", value: "NW-4471", raw: "NW-4471", page: null, box: null }, readContext(first))!,
  sourceDocumentId: "doc-1",
  issuerKeys: issuerKeys(machineFields(first), [first.text]),
};

describe("the steps read what was learned through the port in their context", () => {
  it("extract_fields applies the owner's anchors of the document's issuer and says which fields were learned", async () => {
    const result = (await extractFieldsStep.run(context("doc-2", "owner-1", second, port("owner-1", [taught])))) as StepResult<"extract_fields">;
    expect(result.data!.fields.find((f: ExtractedField) => f.name === "invoice_number")).toMatchObject({ value: "NW-4502", learnedFrom: "doc-1" });
    expect(result.summary).toMatchObject({ issuer: "vat:DE123456789", learned: ["invoice_number"] });
  });

  it("extract_fields without a port, for another owner, or for the document that taught it, is the machine's reading", async () => {
    const machine = ((await extractFieldsStep.run(context("doc-2", "owner-1", second))) as StepResult<"extract_fields">).data!.fields;
    const stranger = ((await extractFieldsStep.run(context("doc-2", "owner-2", second, port("owner-1", [taught])))) as StepResult<"extract_fields">).data!.fields;
    const itself = ((await extractFieldsStep.run(context("doc-1", "owner-1", first, port("owner-1", [taught])))) as StepResult<"extract_fields">).data!.fields;
    expect(stranger).toEqual(machine);
    expect(itself.some((f) => f.learnedFrom !== undefined)).toBe(false);
  });

  it("classify takes the owner's corrected types into account", async () => {
    const example: TypeExample = { documentId: "doc-1", type: "contract", signature: documentSignature([first.text]) };
    const result = (await classifyStep.run(context("doc-2", "owner-1", second, port("owner-1", [], [example])))) as StepResult<"classify">;
    expect(result.data!.type).toBe("contract");
    expect(result.document).toMatchObject({ documentType: "contract" });
    const plain = (await classifyStep.run(context("doc-2", "owner-1", second))) as StepResult<"classify">;
    expect(plain.data!.type).toBe("invoice");
  });
});
