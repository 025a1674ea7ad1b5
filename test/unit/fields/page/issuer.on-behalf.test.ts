import { describe, expect, it } from "vitest";
import { extractDocumentFields } from "../../../../src/extraction/fields/index.js";
import { pageOf } from "./page.helpers.js";

const opts = { referenceDate: new Date("2026-06-01"), documentType: "invoice" as const };

describe("an invoice issued by one company on behalf of another", () => {
  // A platform or agent that issues the invoice for a seller names the seller after "on behalf of": the seller is the
  // issuer the invoice is from (its letterhead, its tax id), the platform only writes it out.
  it.each([
    ["Issued by Platform Inc. on behalf of ABC Inc."],
    ["Ausgestellt von Plattform GmbH im Auftrag von ABC Inc."],
    ["Émise par Plateforme SAS au nom et pour le compte de ABC Inc."],
    ["Issued by Platform Inc. in the name and on behalf of ABC Inc."],
  ])("takes the company after the agent for the issuer: %j", (line) => {
    const page = pageOf([
      [48, 38, "Invoice Sample", 24],
      [48, 69, line],
      [48, 111, "ABC Inc", 17],
      [48, 137, "Cocoro BG 404, Shinbashi 1-2-3"],
      [48, 157, "Tokyo, Japan, 100-1234"],
      [743, 137, "Invoice ID: 20240210-SAMPLE"],
      [744, 177, "Invoice Issue Date: 2024/02/10"],
      [48, 245, "Bill To"],
      [48, 272, "XYZ LLC"],
      [600, 400, "Total 550000 USD"],
    ]);
    const issuer = extractDocumentFields([page], opts).find((f) => f.name === "issuer")?.value;
    expect(String(issuer).replace(/\.$/, "")).toBe("ABC Inc");
  });
});
