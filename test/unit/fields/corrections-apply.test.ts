import { describe, expect, it } from "vitest";
import type { ExtractedField } from "../../../src/extraction/extraction.types.js";
import { applyFieldCorrections, applyTypeCorrection, type StoredFieldCorrection } from "../../../src/extraction/fields/corrections.apply.js";

const machineTotal: ExtractedField = {
  name: "total",
  raw: "RM 8.20",
  value: { amount: 8.2, currency: "MYR" },
  confidence: 0.7,
  page: 1,
  start: 100,
  end: 107,
  box: { x0: 0.6, y0: 0.7, x1: 0.8, y1: 0.72 },
  alternatives: [{ raw: "9.00", value: { amount: 9, currency: "MYR" }, confidence: 0.5, page: 1, start: 140, end: 144, box: { x0: 0.6, y0: 0.8, x1: 0.7, y1: 0.82 } }],
  checks: [{ name: "subtotal_plus_tax", passed: false, expected: 8.2, actual: 9 }],
};
const machineDate: ExtractedField = { name: "document_date", raw: "25/12/2018", value: "2018-12-25", confidence: 0.9, page: 1, start: 20, end: 30 };

function correction(over: Partial<StoredFieldCorrection>): StoredFieldCorrection {
  return { field: "total", value: { amount: 9, currency: "MYR" }, raw: "9.00", page: null, box: null, actorId: "u1", createdAt: new Date("2026-01-02T03:04:05Z"), ...over };
}

describe("corrections laid over the machine's reading", () => {
  it("leave the machine's fields alone when there are none", () => {
    expect(applyFieldCorrections([machineDate, machineTotal], [])).toEqual([machineDate, machineTotal]);
  });

  it("make the person's value the field's value, set by a person, with the machine's reading kept beside it", () => {
    const [date, total] = applyFieldCorrections([machineDate, machineTotal], [correction({})]);
    expect(date).toEqual(machineDate);
    expect(total).toMatchObject({ name: "total", value: { amount: 9, currency: "MYR" }, confidence: 1, setBy: "person", correctedBy: "u1", correctedAt: "2026-01-02T03:04:05.000Z", checks: [] });
    expect(total!.machine).toEqual(machineTotal);
  });

  it("point a value the machine also saw (as an alternative) at where it stands, and drop that alternative", () => {
    const [, total] = applyFieldCorrections([machineDate, machineTotal], [correction({})]);
    expect(total).toMatchObject({ raw: "9.00", page: 1, start: 140, end: 144, box: { x0: 0.6, y0: 0.8, x1: 0.7, y1: 0.82 } });
    expect(total!.alternatives).toEqual([]);
  });

  it("use the box the person drew, and keep what they typed as raw", () => {
    const box = { x0: 0.1, y0: 0.1, x1: 0.2, y1: 0.12 };
    const [, total] = applyFieldCorrections([machineDate, machineTotal], [correction({ value: { amount: 10, currency: "MYR" }, raw: "10", page: 2, box })]);
    expect(total).toMatchObject({ raw: "10", page: 2, box, start: 0, end: 0 });
    expect(total!.alternatives).toHaveLength(1);
  });

  it("give a value nobody saw no position", () => {
    const [, total] = applyFieldCorrections([machineDate, machineTotal], [correction({ value: { amount: 11, currency: "MYR" }, raw: "11.00" })]);
    expect(total).toMatchObject({ raw: "11.00", page: 1, start: 0, end: 0, box: null });
  });

  it("apply the latest correction of each field, and add fields the machine did not find in field order", () => {
    const fields = applyFieldCorrections(
      [machineTotal],
      [correction({ value: { amount: 1, currency: "MYR" } }), correction({ field: "issuer", value: "Acme", raw: "Acme" }), correction({ value: { amount: 2, currency: "MYR" } })],
    );
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ["issuer", "Acme"],
      ["total", { amount: 2, currency: "MYR" }],
    ]);
    expect(fields[0]!.machine).toBeNull();
  });

  it("make a person's type certain, and leave the classifier's otherwise", () => {
    expect(applyTypeCorrection({ type: "invoice", confidence: 0.4 }, null)).toEqual({ type: "invoice", confidence: 0.4 });
    expect(applyTypeCorrection({ type: "invoice", confidence: 0.4 }, { type: "receipt", actorId: "u1", createdAt: new Date() })).toEqual({ type: "receipt", confidence: 1 });
    expect(applyTypeCorrection(null, null)).toBeNull();
  });
});
