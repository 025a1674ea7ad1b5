import { describe, expect, it } from "vitest";
import { sniffPdf } from "../../src/pipeline/steps/detect.step.js";

const bytes = (s: string) => Buffer.from(s, "latin1");

describe("sniffPdf: PDFs whose header is not at byte 0", () => {
  it("accepts a %PDF- header after junk, within the first 1024 bytes", () => {
    expect(sniffPdf(bytes("Some junk before the header\n%PDF-1.1\n1 0 obj"))).toBe("header-offset");
  });
  it("does not look for the header past 1024 bytes", () => {
    expect(sniffPdf(bytes(`${"x".repeat(1100)}%PDF-1.4\n`))).toBeNull();
  });
  it("accepts a headerless file with PDF structure: objects, a catalog and a trailer", () => {
    const body = "%\xe2\xe3\xcf\xd3\n1 0 obj <<\n/Pages 2 0 R\n/Type /Catalog\n>>\nendobj\nxref\n0 1\ntrailer << /Root 1 0 R >>\nstartxref\n10\n%%EOF";
    expect(sniffPdf(bytes(body))).toBe("structure");
  });
  it("rejects text that merely mentions PDF words", () => {
    expect(sniffPdf(bytes("A note about the /Type /Catalog entry and the trailer of a PDF."))).toBeNull();
    expect(sniffPdf(bytes(""))).toBeNull();
  });
});
