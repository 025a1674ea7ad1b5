import { describe, expect, it } from "vitest";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

/** An Australian invoice whose amount rows print a bare `$` and whose total's row names the code once. */
const australian = [
  "Jane Citizen\tTAX INVOICE",
  "26 River Street, Mackay QLD 4740",
  "ABN: 33 257 573 623",
  "Ph: +61 7 4920 1234",
  "Support session\t4\t$156.16\t$624.64",
  "Subtotal:\t$624.64",
  "GST amount:\tEXEMPT (0%)",
  "Balance Due AUD:\t$624.64",
].join("\n");

describe("a bare dollar sign on the amount rows", () => {
  it("is the document's own dollar when it names one dollar country and nothing American", () => {
    expect(decideCurrency(australian, null)).toEqual({ currency: "AUD", source: "amount_rows" });
    const canadian = "Maple Services Inc.\nToronto ON M5V 2T6\nGST/HST 123456789 RT0001\nConsulting\t2\t$50.00\t$100.00\nTotal\t$113.00";
    expect(decideCurrency(canadian, null).currency).toBe("CAD");
  });

  it("stays USD on an American document or one that names no other dollar country", () => {
    expect(decideCurrency("Acme LLC\nSpringfield, IL 62704\nWidgets\t2\t$5.00\t$10.00\nTotal\t$10.00", null).currency).toBe("USD");
    expect(decideCurrency("Widgets\t2\t$5.00\t$10.00\nTotal\t$10.00", null).currency).toBe("USD");
    expect(decideCurrency(`${australian}\nAll prices in US$`, null).currency).toBe("USD");
  });
});
