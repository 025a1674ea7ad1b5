import { describe, expect, it } from "vitest";
import { decideCurrency } from "../../../../src/extraction/fields/page/currency.evidence.js";

describe("a rate's '@' on an amount row", () => {
  it("leaves the row an amount row whose currency sign counts", () => {
    expect(decideCurrency("Base charge @ Rs. 3.72/unit\t926797.08\nAmount due\t2779320.78", null)).toEqual({ currency: "INR", source: "amount_rows" });
    expect(decideCurrency("2 @ £3.50\t7.00\nTotal\t7.00", null).currency).toBe("GBP");
  });

  it("still sets an e-mail's line aside", () => {
    expect(decideCurrency("billing@rs.example.com\t12.00\nTotal\t12.00", null).currency).toBeNull();
  });
});
