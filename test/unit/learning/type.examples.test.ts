import { describe, expect, it } from "vitest";
import { classifyDocument } from "../../../src/extraction/classifier.js";
import { applyTypeExamples, documentSignature, signatureSimilarity } from "../../../src/extraction/learning/index.js";

const statement = (month: string, balance: string) =>
  `Stadtwerke Nordlicht\nVerbrauchsabrechnung ${month}\nZaehlerstand alt 10442 neu 10871\nVerbrauch Strom Grundpreis Arbeitspreis\nAbschlag Guthaben ${balance} EUR\nVielen Dank Ihre Stadtwerke`;

describe("corrected types as classifier cues", () => {
  it("signatures keep words, not numbers, so two documents of one kind look alike", () => {
    const a = documentSignature([statement("Mai", "12,00")]);
    const b = documentSignature([statement("Juni", "40,10")]);
    expect(a).not.toContain("10442");
    expect(signatureSimilarity(a, b)).toBeGreaterThan(0.8);
    expect(signatureSimilarity(a, documentSignature(["Lorem ipsum dolor sit amet consectetur"]))).toBe(0);
  });

  it("gives a similar next document the corrected type and names the example", () => {
    const next = [statement("Juni", "40,10")];
    const machine = classifyDocument(next);
    expect(machine.type).not.toBe("bank_statement");
    const result = applyTypeExamples(machine, documentSignature(next), [{ documentId: "doc-7", type: "bank_statement", signature: documentSignature([statement("Mai", "12,00")]) }]);
    expect(result.type).toBe("bank_statement");
    expect(result.cues[0]?.cue).toMatch(/like corrected document doc-7/);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.scores[0]?.type).toBe("bank_statement");
  });

  it("leaves an unrelated document's classification unchanged", () => {
    const other = ["Invoice No. 17\nInvoice date 2024-01-02\nTotal due 30.00 EUR\nPlease pay to IBAN DE89370400440532013000"];
    const machine = classifyDocument(other);
    expect(applyTypeExamples(machine, documentSignature(other), [{ documentId: "doc-7", type: "bank_statement", signature: documentSignature([statement("Mai", "12,00")]) }])).toEqual(machine);
  });
});
