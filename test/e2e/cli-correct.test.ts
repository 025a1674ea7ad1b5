import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UploadDocumentDocument } from "../../src/client/index.js";
import { DocumentStatus } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";
import { runFolioCli } from "../support/cli-process.js";
import { invoicePdf } from "../support/fixtures.js";

/** A CLI run starts a fresh Node with tsx (seconds on a busy machine). */
const SLOW = { timeout: 240_000 };

let h: ApiHarness;
let alice: ApiUser;
beforeAll(async () => {
  h = await startApiHarness();
  alice = await h.createUser();
});
afterAll(async () => {
  await h?.close();
});

/** The real CLI from source, as a client of the harness's server. */
const folio = (args: string[]) => runFolioCli(args, { url: h.url, apiKey: alice.apiKey });

describe("folio correct", () => {
  it("corrects fields and the type of a completed document, and refuses bad values and bad usage with their codes", SLOW, async () => {
    const { uploadDocument } = await alice.client.upload(UploadDocumentDocument, { file: null }, { file: { data: await invoicePdf("71000001"), filename: "invoice.pdf" } });
    const id = uploadDocument.document.id;
    expect((await h.pipeline.waitForStatus(id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED])).status).toBe(DocumentStatus.COMPLETED);

    const [corrected, invalid, usage] = await Promise.all([
      folio(["correct", id, "--field", "invoice_number=inv-71", "--field", "total=USD 5.00", "--type", "receipt"]),
      folio(["correct", id, "--field", "document_date=someday"]),
      folio(["correct", id]),
    ]);
    expect(corrected.code, corrected.stderr).toBe(0);
    expect(corrected.stdout).toContain("invoice_number = INV-71 (machine read: 71000001)");
    expect(corrected.stdout).toContain("total = 5.00 USD (machine read: 4.11)");
    expect(corrected.stdout).toContain("type = receipt (classifier: invoice)");
    expect(corrected.stdout).toMatch(/^summary: Receipt from .*total USD 5\.00/m);

    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^folio: INVALID_FIELD_VALUE: /);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^folio: VALIDATION_FAILED: nothing to correct/);

    const get = await folio(["get", id, "--fields"]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/│ invoice_number\s+│ INV-71\s+│.*│ person \(machine: 71000001\)/);
    expect(get.stdout).toMatch(/│ subtotal\s+│.*│ machine\s+│/);
    expect(get.stdout).toMatch(/type\s+receipt \(set by a person; classifier: invoice\)/);
  });
});
