import { describe, expect, it } from "vitest";
import { editDistance, withinOneEdit } from "../../src/common/edit-distance.js";

/** A small deterministic generator (no Math.random: the same strings every run). */
function* strings(seed: number, count: number): Generator<[string, string]> {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const word = () => Array.from({ length: Math.floor(next() * 6) }, () => "0123"[Math.floor(next() * 4)]).join("");
  for (let i = 0; i < count; i++) {
    const a = word();
    // Half the pairs are one random edit apart, so both answers are common.
    if (next() < 0.5) yield [a, word()];
    else {
      const at = Math.floor(next() * (a.length + 1));
      const c = "0123"[Math.floor(next() * 4)] as string;
      const op = Math.floor(next() * 3);
      yield [a, op === 0 ? a.slice(0, at) + c + a.slice(at) : op === 1 ? a.slice(0, at) + a.slice(at + 1) : a.slice(0, at) + c + a.slice(at + 1)];
    }
  }
}

describe("withinOneEdit", () => {
  it("says whether two strings are at most one insertion, deletion or substitution apart", () => {
    expect(withinOneEdit("6031", "6030")).toBe(true);
    expect(withinOneEdit("6030", "60320")).toBe(true);
    expect(withinOneEdit("1410", "14919")).toBe(false);
    expect(withinOneEdit("", "")).toBe(true);
    expect(withinOneEdit("", "7")).toBe(true);
    expect(withinOneEdit("12", "21")).toBe(false);
  });

  it("agrees with editDistance(a, b) <= 1 on every pair of a few thousand short digit strings", () => {
    for (const [a, b] of strings(7, 5000)) expect([a, b, withinOneEdit(a, b)]).toEqual([a, b, editDistance(a, b) <= 1]);
  });
});
