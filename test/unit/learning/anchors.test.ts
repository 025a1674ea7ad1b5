import { describe, expect, it } from "vitest";
import { applyAnchors, issuerKeys, learnAnchor, type LearnedAnchor } from "../../../src/extraction/learning/index.js";
import { pageOf } from "../fields/page/page.helpers.js";
import { field, machineFields, nordlicht, readContext, sonnenhof } from "./learning.fixtures.js";

const first = nordlicht({ number: "NW-4471", date: "03.05.2024", delivered: "28.04.2024", total: "119,00" }, "near");
const second = nordlicht({ number: "NW-4502", date: "17.06.2024", delivered: "10.06.2024", total: "238,50" }, "far");

/** What correcting the invoice number and date of the first invoice teaches. */
function lessons(): LearnedAnchor[] {
  const keys = issuerKeys(machineFields(first), [first.text]);
  const ctx = readContext(first);
  const number = learnAnchor([first], { field: "invoice_number", value: "NW-4471", raw: "NW-4471", page: null, box: null }, ctx);
  const date = learnAnchor([first], { field: "document_date", value: "2024-05-03", raw: "03.05.2024", page: null, box: null }, ctx);
  return [number, date].map((a) => ({ ...a!, sourceDocumentId: "doc-1", issuerKeys: keys }));
}

describe("learning where a corrected value stands", () => {
  it("remembers the label left of the value, the relation and the value's box", () => {
    const [number, date] = lessons();
    expect(number).toMatchObject({ field: "invoice_number", label: "vorgang", relation: "right", page: 1 });
    expect(date).toMatchObject({ field: "document_date", label: "erstellt", relation: "right", page: 1 });
    expect(number!.box.x0).toBeCloseTo(0.26, 2);
  });

  it("uses the box the person pointed at when they gave one", () => {
    const ctx = readContext(first);
    const dateWord = first.blocks.flatMap((b) => b.lines).flatMap((l) => l.words).find((w) => w.text === "03.05.2024")!;
    const anchor = learnAnchor([first], { field: "document_date", value: "2024-05-03", raw: "3 May 2024", page: 1, box: dateWord.box }, ctx);
    expect(anchor).toMatchObject({ label: "erstellt", relation: "right" });
  });

  it("remembers the heading above a value printed under it", () => {
    const page = columnPage();
    const columns = learnAnchor([page], { field: "invoice_number", value: "Q-2291", raw: "Q-2291", page: null, box: null }, readContext(page));
    expect(columns).toMatchObject({ label: "beleg", relation: "below" });
  });

  it("finds a value OCR printed with a slip, and keeps the issuer's name as the person wrote it", () => {
    const page = pageOf(
      [
        [50, 40, "GARDENIA BAKERlES (KL SDN BHD", 20],
        [50, 90, "Tax Invoice"],
        [50, 120, "TOTAL"],
        [640, 120, "41.47"],
      ],
      0.8,
    );
    const ctx = readContext(page);
    expect(learnAnchor([page], { field: "total", value: { amount: 41.44, currency: null }, raw: "41.44", page: null, box: null }, ctx)).toMatchObject({ label: "total", relation: "right" });
    const issuer = learnAnchor([page], { field: "issuer", value: "GARDENIA BAKERIES (KL) SDN BHD", raw: "GARDENIA BAKERIES (KL) SDN BHD", page: null, box: null }, ctx);
    expect(issuer).toMatchObject({ relation: "position", value: "GARDENIA BAKERIES (KL) SDN BHD" });
    expect(issuer!.box.y0).toBeCloseTo(0.04, 2);
  });

  it("learns nothing when the value is not on the page", () => {
    expect(learnAnchor([first], { field: "invoice_number", value: "ZZ-999", raw: "ZZ-999", page: null, box: null }, readContext(first))).toBeNull();
  });
});

describe("applying what was learned", () => {
  it("reads the next invoice of the issuer at the learned labels, says so, and keeps the machine's reading as an alternative", () => {
    const machine = machineFields(second);
    expect(field(machine, "invoice_number")).toBeUndefined();
    expect(field(machine, "document_date")?.value).toBe("2024-06-10");

    const fields = applyAnchors([second], machine, lessons(), issuerKeys(machine, [second.text]), readContext(second));
    expect(field(fields, "invoice_number")).toMatchObject({ value: "NW-4502", raw: "NW-4502", learnedFrom: "doc-1" });
    expect(field(fields, "document_date")).toMatchObject({ value: "2024-06-17", raw: "17.06.2024", learnedFrom: "doc-1" });
    expect(field(fields, "document_date")!.alternatives?.[0]?.value).toBe("2024-06-10");
    expect(field(fields, "document_date")!.box!.x0).toBeCloseTo(0.64, 2);
    // Fields nothing was learned for are the machine's.
    expect(field(fields, "total")).toEqual(field(machine, "total"));
  });

  it("leaves a value the document's embedded e-invoice states as the XML says", () => {
    const machine = machineFields(second).map((f) => (f.name === "document_date" ? { ...f, value: "2024-06-18", embeddedFrom: "factur-x.xml" } : f));
    const fields = applyAnchors([second], machine, lessons(), issuerKeys(machine, [second.text]), readContext(second));
    expect(field(fields, "document_date")).toEqual(field(machine, "document_date"));
    // A field the XML did not state still learns.
    expect(field(fields, "invoice_number")).toMatchObject({ value: "NW-4502", learnedFrom: "doc-1" });
  });

  it("leaves another issuer's invoice unchanged, even where it prints the same label", () => {
    const page = sonnenhof();
    const machine = machineFields(page);
    const fields = applyAnchors([page], machine, lessons(), issuerKeys(machine, [page.text]), readContext(page));
    expect(fields).toEqual(machine);
  });

  it("takes a place-only lesson over the machine's reading only when the machine is less sure", () => {
    const keys = issuerKeys(machineFields(first), [first.text]);
    const total = field(machineFields(first), "total")!;
    const place: LearnedAnchor = { field: "total", label: "", relation: "position", page: 1, box: total.box!, sourceDocumentId: "doc-1", issuerKeys: keys };
    const page = nordlicht({ number: "NW-9", date: "01.07.2024", delivered: "30.06.2024", total: "77,00" }, "near");
    const machine = machineFields(page);
    const sure = machine.map((f) => (f.name === "total" ? { ...f, confidence: 0.95 } : f));
    expect(applyAnchors([page], sure, [place], keys, readContext(page))).toEqual(sure);
    const unsure = machine.map((f) => (f.name === "total" ? { ...f, confidence: 0.4 } : f));
    expect(field(applyAnchors([page], unsure, [place], keys, readContext(page)), "total")).toMatchObject({ value: { amount: 77, currency: "EUR" }, learnedFrom: "doc-1" });
  });

  it("gives the next document of the issuer the issuer's name as the person wrote it, the machine's reading kept beside it", () => {
    const keys = issuerKeys(machineFields(first), [first.text]);
    const name: LearnedAnchor = { field: "issuer", label: "", relation: "position", page: 1, box: { x0: 0.05, y0: 0.04, x1: 0.45, y1: 0.06 }, value: "Nordlicht Werkstatt GmbH & Co. KG", sourceDocumentId: "doc-1", issuerKeys: keys };
    const machine = machineFields(second);
    const fields = applyAnchors([second], machine, [name], issuerKeys(machine, [second.text]), readContext(second));
    expect(field(fields, "issuer")).toMatchObject({ value: "Nordlicht Werkstatt GmbH & Co. KG", raw: "Nordlicht Werkstatt GmbH", learnedFrom: "doc-1" });
    expect(field(fields, "issuer")!.alternatives?.[0]?.value).toBe("Nordlicht Werkstatt GmbH");
  });

  it("leaves a field alone when the learned label holds no value of its kind", () => {
    const page = nordlicht({ number: "n/a", date: "soon", delivered: "10.06.2024", total: "5,00" }, "far");
    const machine = machineFields(page);
    const fields = applyAnchors([page], machine, lessons(), issuerKeys(machine, [page.text]), readContext(page));
    expect(field(fields, "document_date")).toEqual(field(machine, "document_date"));
    expect(field(fields, "invoice_number")).toBeUndefined();
  });
});

/** Labels as column headings with the values under them. */
function columnPage() {
  return pageOf(
    [
      [50, 40, "Nordlicht Werkstatt GmbH", 20],
      [50, 90, "USt-IdNr. DE123456789"],
      [50, 200, "Beleg"],
      [400, 200, "Kunde"],
      [50, 215, "Q-2291"],
      [400, 215, "K-5"],
    ],
    1,
  );
}
