import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentStatus, LearnedFieldAnchorEntity, type DocumentEntity } from "../../src/db/entities/index.js";
import type { FieldCorrection } from "../../src/documents/correction.listener.js";
import type { ExtractedField, FieldName } from "../../src/extraction/extraction.types.js";
import { startHarness, type PipelineHarness } from "../support/pipeline-harness.js";

let h: PipelineHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A line of text at (x, y) from the top-left of an A4 page, in points. */
type Placed = [x: number, y: number, text: string, size?: number];

async function pdf(lines: readonly Placed[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date("2024-07-01T00:00:00Z"));
  doc.setModificationDate(new Date("2024-07-01T00:00:00Z"));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  for (const [x, y, text, size = 11] of lines) page.drawText(text, { x, y: 842 - y - size, size, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * An invoice of one issuer whose labels ("Vorgang", "Erstellt") Folio's
 * vocabulary does not know, with a delivery date under a generic "Datum"
 * label the machine takes for the invoice date. `layout` moves the values.
 */
function nordlicht(inv: { number: string; date: string; delivered: string; total: string }, layout: "near" | "far"): Promise<Buffer> {
  const x = layout === "near" ? 160 : 400;
  const y = layout === "near" ? 220 : 170;
  return pdf([
    [50, 50, "Nordlicht Werkstatt GmbH", 18],
    [50, 80, "Hafenstrasse 4, 20457 Hamburg"],
    [50, 96, "USt-IdNr. DE123456789"],
    [50, 130, `Datum der Lieferung: ${inv.delivered}`],
    [50, y, "Vorgang"],
    [x, y, inv.number],
    [50, y + 20, "Erstellt"],
    [x, y + 20, inv.date],
    [50, 400, "Reparatur Hydraulikpumpe"],
    [50, 500, "Summe"],
    [400, 500, `${inv.total} EUR`],
  ]);
}

/** Another issuer printing the same unknown label, with numbers the machine reads right. */
function sonnenhof(): Promise<Buffer> {
  return pdf([
    [50, 50, "Sonnenhof Baeckerei GmbH", 18],
    [50, 96, "USt-IdNr. DE987654321"],
    [50, 130, "Rechnungsnummer: SB-1001"],
    [50, 150, "Rechnungsdatum: 12.06.2024"],
    [50, 220, "Vorgang"],
    [400, 220, "K-77"],
    [50, 500, "Summe"],
    [400, 500, "48,00 EUR"],
  ]);
}

async function processed(ownerId: string, bytes: Buffer, name: string): Promise<DocumentEntity> {
  const doc = await h.submitBytes(ownerId, bytes, name, "application/pdf");
  const done = await h.waitForStatus(doc.id, [DocumentStatus.COMPLETED, DocumentStatus.FAILED]);
  expect(done.status).toBe(DocumentStatus.COMPLETED);
  return done;
}

const field = (doc: DocumentEntity, name: FieldName) => (doc.fields as ExtractedField[]).find((f) => f.name === name);

/** A correction as the corrections service hands it to its listener after committing it. */
function correction(doc: DocumentEntity, name: FieldName, value: string, raw: string): FieldCorrection {
  return { ownerId: doc.ownerId, documentId: doc.id, actorId: doc.ownerId, field: name, value, raw, page: null, box: null, machine: field(doc, name) ?? null };
}

describe("corrections that teach", () => {
  it("correcting the invoice number and date of one invoice makes the next invoice of that issuer come out right, and no other", async () => {
    const owner = (await h.createUser()).id;
    const first = await processed(owner, await nordlicht({ number: "NW-4471", date: "03.05.2024", delivered: "28.04.2024", total: "119,00" }, "near"), "nordlicht-1.pdf");
    // The machine alone gets both wrong.
    expect(field(first, "invoice_number")?.value).not.toBe("NW-4471");
    expect(field(first, "document_date")?.value).toBe("2024-04-28");

    // Through the correction service, which tells learning (its listener) after each correction commits.
    await h.services.corrections.correctField({ documentId: first.id, name: "invoice_number", value: "NW-4471", actorId: owner });
    await h.services.corrections.correctField({ documentId: first.id, name: "document_date", value: "03.05.2024", actorId: owner });
    expect(await h.services.learning.learnedIssuers(owner)).toEqual([
      expect.objectContaining({ issuerKey: "vat:DE123456789", fields: ["document_date", "invoice_number"], anchors: 2, documents: 1 }),
    ]);

    const second = await processed(owner, await nordlicht({ number: "NW-4502", date: "17.06.2024", delivered: "10.06.2024", total: "238,50" }, "far"), "nordlicht-2.pdf");
    expect(field(second, "invoice_number")).toMatchObject({ value: "NW-4502", learnedFrom: first.id });
    expect(field(second, "document_date")).toMatchObject({ value: "2024-06-17", learnedFrom: first.id });
    expect(field(second, "document_date")?.alternatives?.map((a) => a.value)).toContain("2024-06-10");
    expect(field(second, "total")?.learnedFrom).toBeUndefined();

    // Another issuer of the same owner, printing the same label: the machine's reading stands.
    const other = await processed(owner, await sonnenhof(), "sonnenhof.pdf");
    expect(field(other, "invoice_number")).toMatchObject({ value: "SB-1001" });
    expect(field(other, "document_date")).toMatchObject({ value: "2024-06-12" });
    expect((other.fields as ExtractedField[]).some((f) => f.learnedFrom !== undefined)).toBe(false);

    // Another owner's invoice of the same issuer learns nothing from this owner's corrections.
    const stranger = await processed((await h.createUser()).id, await nordlicht({ number: "NW-4502", date: "17.06.2024", delivered: "10.06.2024", total: "238,50" }, "far"), "nordlicht-2.pdf");
    expect(field(stranger, "document_date")?.value).toBe("2024-06-10");
    expect((stranger.fields as ExtractedField[]).some((f) => f.learnedFrom !== undefined)).toBe(false);
  });

  it("forgets an issuer on request, and what a document taught when the document is deleted", async () => {
    const owner = (await h.createUser()).id;
    const doc = await processed(owner, await nordlicht({ number: "NW-5001", date: "01.03.2024", delivered: "20.02.2024", total: "10,00" }, "near"), "nordlicht-3.pdf");
    const anchors = h.ctx.dataSource.getRepository(LearnedFieldAnchorEntity);
    await h.services.learning.fieldCorrected(correction(doc, "invoice_number", "NW-5001", "NW-5001"));
    expect(await anchors.countBy({ ownerId: owner })).toBe(1);
    expect(await h.services.learning.forget(owner, "name:other issuer")).toEqual({ anchors: 0, typeExamples: 0 });
    expect(await h.services.learning.forget(owner, "vat:DE123456789")).toEqual({ anchors: 1, typeExamples: 0 });

    await h.services.learning.fieldCorrected(correction(doc, "invoice_number", "NW-5001", "NW-5001"));
    await h.services.learning.typeCorrected({ ownerId: owner, documentId: doc.id, actorId: owner, type: "receipt", machineType: "invoice" });
    await h.services.operations.delete(doc.id);
    expect(await anchors.countBy({ ownerId: owner })).toBe(0);
    expect(await h.services.learning.typeExamples(owner)).toEqual([]);
  });

  it("classifies a document like the corrected one it resembles", async () => {
    const owner = (await h.createUser()).id;
    const notice = (month: string, reading: string) =>
      pdf([
        [50, 50, "Stadtwerke Nordlicht", 18],
        [50, 90, `Verbrauchsabrechnung ${month}`],
        [50, 110, `Zaehlerstand alt 10442 neu ${reading}`],
        [50, 130, "Verbrauch Strom Grundpreis Arbeitspreis"],
        [50, 150, "Abschlag Guthaben Vielen Dank Ihre Stadtwerke"],
      ]);
    const first = await processed(owner, await notice("Mai", "10871"), "notice-1.pdf");
    expect(first.documentType).not.toBe("bank_statement");
    await h.services.learning.typeCorrected({ ownerId: owner, documentId: first.id, actorId: owner, type: "bank_statement", machineType: first.documentType as "other" });
    const next = await processed(owner, await notice("Juni", "11302"), "notice-2.pdf");
    expect(next.documentType).toBe("bank_statement");
    const classify = (await h.steps(next.id)).find((s) => s.name === "classify");
    expect(JSON.stringify(classify?.output)).toContain(`like corrected document ${first.id}`);
  });
});
