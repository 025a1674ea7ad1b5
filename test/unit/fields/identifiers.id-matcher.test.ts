import { describe, expect, it } from "vitest";
import { idMatcher } from "../../../src/extraction/fields/identifiers.extractor.js";

/** The value `idMatcher` reads from the text right after a label, or null. */
const read = (text: string, opts?: { short?: boolean; signed?: boolean }) => idMatcher(text, 0, opts)?.value ?? null;

describe("reading an identifier after its label", () => {
  it("keeps digit groups together: groups of three or more after a long number, at least two of three after a short lead", () => {
    expect(read(": 2024 000117")).toBe("2024000117");
    expect(read(" 726 752 5181")).toBe("7267525181");
    expect(read(" 26 614 600 353")).toBe("26614600353");
  });

  it("reads no amount spaced in thousands, and drops no last group that runs on into an amount", () => {
    expect(read(" 12 345")).toBeNull();
    expect(read(" 2024 000117,50")).toBe("2024");
  });

  it("reads a sequence and a two-digit year after a number sign, but takes them for a day and a month otherwise", () => {
    expect(read(" 2/15", { signed: true })).toBe("2/15");
    expect(read(" 2/15")).toBeNull();
    expect(read(" 12/05/2024", { signed: true })).toBeNull();
  });
});
