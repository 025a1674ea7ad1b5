import { describe, expect, it } from "vitest";
import { attachmentDisposition, offeredFilename } from "../../src/http/content-disposition.js";

/** The value of `filename*` decoded, as a browser would. */
const extValue = (header: string) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1]!);
const fallback = (header: string) => /filename="([^"]*)"/.exec(header)![1]!;

describe("attachmentDisposition", () => {
  it("keeps a plain name as it is in both parameters", () => {
    expect(attachmentDisposition("invoice-2024.pdf")).toBe(`attachment; filename="invoice-2024.pdf"; filename*=UTF-8''invoice-2024.pdf`);
  });

  it("replaces quotes and backslashes in the fallback and percent-encodes them in filename*", () => {
    const header = attachmentDisposition('say "hi"\\there.pdf');
    expect(fallback(header)).toBe("say _hi__there.pdf");
    expect(header).toContain(`filename*=UTF-8''say%20%22hi%22%5Cthere.pdf`);
    expect(extValue(header)).toBe('say "hi"\\there.pdf');
  });

  it("drops control characters (CR, LF, NUL, DEL, C1) entirely", () => {
    const header = attachmentDisposition("a\r\nb\u0000c\u007fd\u0085e.pdf");
    expect(Array.from(header).some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f))).toBe(false);
    expect(extValue(header)).toBe("abcde.pdf");
  });

  it("gives non-ASCII names an ASCII fallback and the exact UTF-8 name", () => {
    const header = attachmentDisposition("Résumé 😀 日本.pdf");
    expect(fallback(header)).toBe("Resume _ __.pdf");
    expect(extValue(header)).toBe("Résumé 😀 日本.pdf");
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });

  it("encodes the characters RFC 5987 leaves out of attr-char ( ' ( ) * % )", () => {
    const header = attachmentDisposition("it's (a)*100%.pdf");
    expect(header).toContain(`filename*=UTF-8''it%27s%20%28a%29%2A100%25.pdf`);
    expect(extValue(header)).toBe("it's (a)*100%.pdf");
  });

  it("never throws: lone surrogates become U+FFFD, empty names become 'download'", () => {
    expect(extValue(attachmentDisposition("x\ud800y.pdf"))).toBe("x\ufffdy.pdf");
    expect(extValue(attachmentDisposition("\udc00"))).toBe("\ufffd");
    expect(attachmentDisposition("")).toContain(`filename="download"`);
    expect(attachmentDisposition("\r\n\u0000")).toContain(`filename="download"`);
  });

  it("shortens very long names to 200 characters, keeping the extension", () => {
    const name = offeredFilename(`${"ä".repeat(5000)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith(".pdf")).toBe(true);
    expect(Array.from(offeredFilename("😀".repeat(300)))).toHaveLength(200);
  });
});
