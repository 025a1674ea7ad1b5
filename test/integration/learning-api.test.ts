import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForgetLearningDocument, LearnedIssuersDocument } from "../../src/client/generated/graphql.js";
import { LearnedFieldAnchorEntity } from "../../src/db/entities/index.js";
import { startApiHarness, type ApiHarness, type ApiUser } from "../support/api-harness.js";

let h: ApiHarness;
let admin: ApiUser;
let user: ApiUser;
let other: ApiUser;

/** One learned anchor of `owner`, taught by a fresh document of theirs. */
async function learned(owner: ApiUser, issuerKey: string): Promise<string> {
  const { document } = await h.pipeline.services.intake.record({ ownerId: owner.id, filename: "taught.txt", contentType: "text/plain", stream: Readable.from([Buffer.from(`taught ${issuerKey}`)]) });
  await h.pipeline.ctx.dataSource.getRepository(LearnedFieldAnchorEntity).insert({
    ownerId: owner.id,
    issuerKey,
    issuerKeys: [issuerKey, "name:nordlicht werkstatt"],
    issuerName: "Nordlicht Werkstatt GmbH",
    field: "invoice_number",
    label: "vorgang",
    relation: "right",
    page: 1,
    box: { x0: 0.3, y0: 0.2, x1: 0.4, y1: 0.22 },
    sourceDocumentId: document.id,
  });
  return document.id;
}

beforeAll(async () => {
  h = await startApiHarness({ withWorker: false });
  admin = await h.createUser({ admin: true });
  user = await h.createUser();
  other = await h.createUser();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("learnedIssuers and forgetLearning", () => {
  it("lists what the caller's corrections taught and forgets one issuer by any of its keys", async () => {
    await learned(user, "vat:DE123456789");
    await learned(user, "vat:DE555555555");
    const before = await user.client.request(LearnedIssuersDocument, {});
    expect(before.learnedIssuers.map((i) => i.issuerKey).sort()).toEqual(["vat:DE123456789", "vat:DE555555555"]);
    expect(before.learnedIssuers[0]).toMatchObject({ issuerName: "Nordlicht Werkstatt GmbH", fields: ["invoice_number"], anchors: 1, documents: 1 });
    // Another user sees none of it.
    expect((await other.client.request(LearnedIssuersDocument, {})).learnedIssuers).toEqual([]);

    const forgotten = await user.client.request(ForgetLearningDocument, { issuerKey: "vat:DE123456789" });
    expect(forgotten.forgetLearning).toEqual({ anchors: 1, typeExamples: 0 });
    expect((await user.client.request(LearnedIssuersDocument, {})).learnedIssuers.map((i) => i.issuerKey)).toEqual(["vat:DE555555555"]);
  });

  it("lets only an administrator look at or forget another user's learning", async () => {
    await learned(other, "reg:987654W");
    await expect(user.client.request(LearnedIssuersDocument, { ownerId: other.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(user.client.request(ForgetLearningDocument, { ownerId: other.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await admin.client.request(LearnedIssuersDocument, { ownerId: other.id })).learnedIssuers.map((i) => i.issuerKey)).toEqual(["reg:987654W"]);
    expect((await admin.client.request(ForgetLearningDocument, { ownerId: other.id })).forgetLearning).toEqual({ anchors: 1, typeExamples: 0 });
    expect((await other.client.request(LearnedIssuersDocument, {})).learnedIssuers).toEqual([]);
  });

  it("refuses an empty issuer key with a validation error", async () => {
    await expect(user.client.request(ForgetLearningDocument, { issuerKey: "" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
