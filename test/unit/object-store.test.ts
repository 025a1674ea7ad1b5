import { describe, expect, it } from "vitest";
import { assertSafeKey, sanitizeFilename } from "../../src/storage/object-store.js";

describe("assertSafeKey", () => {
  it("accepts keys built from ids and sanitised names", () => {
    expect(() => assertSafeKey("users/0b1c/documents/9f/original/invoice_2024.pdf")).not.toThrow();
    expect(() => assertSafeKey("users/0b1c/", { prefix: true })).not.toThrow();
  });
  it.each(["../a", "a/..", "/etc/passwd", "a//b", "a/./b", "a\\b", "a\0b", "a/b c", "ü.pdf", ".hidden", "a/"])("rejects %j", (key) => {
    expect(() => assertSafeKey(key)).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
  });
});

describe("sanitizeFilename", () => {
  it.each([
    ["invoice.pdf", "invoice.pdf"],
    ["Rechnung März 2024.pdf", "Rechnung_Marz_2024.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\me\\scan (1).JPG", "scan_1.jpg"],
    [".bashrc", "file.bashrc"],
    ["..", "file"],
    ["", "file"],
    ["收据.png", "file.png"],
    ["report.final.v2.PDF", "report.final.v2.pdf"],
    ["a\0b.pdf", "ab.pdf"],
  ])("%j → %j", (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });
  it("caps the length and keeps the extension", () => {
    const safe = sanitizeFilename(`${"x".repeat(500)}.pdf`);
    expect(safe.length).toBeLessThanOrEqual(120);
    expect(safe.endsWith(".pdf")).toBe(true);
  });
});
