/**
 * What corrections teach, kept in PostgreSQL: the {@link CorrectionListener}
 * that turns a committed correction into a learned field anchor or a type
 * example, the {@link LearningPort} the pipeline reads them through, and the
 * owner's view of it (list, forget). Deleting a document forgets what it
 * taught (foreign keys cascade).
 */
import type { DataSource } from "typeorm";
import { DocumentEntity, LearnedFieldAnchorEntity, LearnedTypeExampleEntity, ProcessingStepEntity } from "../db/entities/index.js";
import type { DocumentType, ExtractedField } from "../extraction/extraction.types.js";
import { buildContext } from "../extraction/fields/index.js";
import { documentSignature, issuerKeys, learnAnchor, sameIssuer, withCorrection, type AnchorDraft, type LearnedAnchor, type LearningPort, type TypeExample } from "../extraction/learning/index.js";
import { pageFromText } from "../extraction/page/page.builder.js";
import type { PageModel } from "../extraction/page/page.model.js";
import type { CorrectionListener, FieldCorrection, TypeCorrection } from "./correction.listener.js";

/** Anchors read per document at most (newest first): a long history of one issuer needs no more. */
const MAX_ANCHORS = 200;
/** Type examples read per classification at most (newest first). */
const MAX_TYPE_EXAMPLES = 500;

/** Why a field correction taught nothing, or what it taught. */
export type FieldLesson =
  | { learned: true; anchor: AnchorDraft; issuerKeys: string[] }
  | { learned: false; reason: "DOCUMENT_NOT_FOUND" | "NO_PAGES" | "NO_ISSUER" | "VALUE_NOT_ON_PAGE" };

/** One issuer the owner's corrections taught something about. */
export interface LearnedIssuer {
  issuerKey: string;
  issuerName: string | null;
  fields: string[];
  anchors: number;
  documents: number;
  lastLearnedAt: Date;
}

/** What {@link LearningRepository.forget} removed. */
export interface Forgotten {
  anchors: number;
  typeExamples: number;
}

/** The database side of learning from corrections. */
export class LearningRepository implements CorrectionListener, LearningPort {
  constructor(private readonly dataSource: DataSource) {}

  async fieldCorrected(correction: FieldCorrection): Promise<void> {
    await this.learnField(correction);
  }

  /** Learns from a field correction and says what it learned (or why nothing). */
  async learnField(c: FieldCorrection): Promise<FieldLesson> {
    const doc = await this.dataSource.getRepository(DocumentEntity).findOneBy({ id: c.documentId, ownerId: c.ownerId });
    if (!doc) return { learned: false, reason: "DOCUMENT_NOT_FOUND" };
    const pages = await this.pageModels(doc);
    if (pages.length === 0) return { learned: false, reason: "NO_PAGES" };
    const texts = pages.map((p) => p.text);
    const corrected: ExtractedField = { name: c.field, raw: c.raw, value: c.value, confidence: 1, page: c.page ?? 1, start: 0, end: 0, box: c.box };
    const keys = issuerKeys(withCorrection(doc.fields as ExtractedField[], corrected), texts);
    if (keys.length === 0) return { learned: false, reason: "NO_ISSUER" };
    const ctx = buildContext(texts, { documentType: (doc.documentType as DocumentType | null) ?? undefined, referenceDate: doc.createdAt });
    const anchor = learnAnchor(pages, { field: c.field, value: c.value, raw: c.raw, page: c.page, box: c.box }, ctx);
    // A correction of the issuer's own evidence (name, VAT id …) re-keys what the document taught before.
    await this.dataSource.getRepository(LearnedFieldAnchorEntity).update({ sourceDocumentId: doc.id }, { issuerKey: keys[0] as string, issuerKeys: keys });
    if (!anchor) return { learned: false, reason: "VALUE_NOT_ON_PAGE" };
    const issuerName = (c.field === "issuer" ? c.raw : null) ?? (doc.fields as ExtractedField[]).find((f) => f.name === "issuer")?.raw ?? null;
    await this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(LearnedFieldAnchorEntity);
      await repo.delete({ sourceDocumentId: doc.id, field: c.field });
      await repo.insert({
        ownerId: c.ownerId,
        issuerKey: keys[0] as string,
        issuerKeys: keys,
        issuerName: issuerName?.slice(0, 300) ?? null,
        field: anchor.field,
        label: anchor.label.slice(0, 200),
        relation: anchor.relation,
        page: anchor.page,
        box: anchor.box,
        value: anchor.value ?? null,
        sourceDocumentId: doc.id,
      });
    });
    return { learned: true, anchor, issuerKeys: keys };
  }

  async typeCorrected(c: TypeCorrection): Promise<void> {
    const doc = await this.dataSource.getRepository(DocumentEntity).findOneBy({ id: c.documentId, ownerId: c.ownerId });
    if (!doc) return;
    const pages = await this.pageModels(doc);
    const texts = pages.map((p) => p.text);
    const keys = issuerKeys(doc.fields as ExtractedField[], texts);
    await this.dataSource.getRepository(LearnedTypeExampleEntity).upsert(
      { documentId: doc.id, ownerId: c.ownerId, type: c.type, machineType: c.machineType, signature: documentSignature(texts), issuerKeys: keys },
      ["documentId"],
    );
  }

  async anchorsFor(ownerId: string, keys: readonly string[]): Promise<LearnedAnchor[]> {
    if (keys.length === 0) return [];
    // Names may match with an OCR slip (see sameIssuer), so with a name key every anchor carrying a name is a candidate.
    const byName = keys.some((k) => k.startsWith("name:"));
    const rows = await this.dataSource
      .getRepository(LearnedFieldAnchorEntity)
      .createQueryBuilder("a")
      .where("a.owner_id = :ownerId", { ownerId })
      .andWhere(
        byName ? "(a.issuer_keys && :keys::text[] OR EXISTS (SELECT 1 FROM unnest(a.issuer_keys) k WHERE k LIKE 'name:%'))" : "a.issuer_keys && :keys::text[]",
        { keys: [...keys] },
      )
      .orderBy("a.created_at", "DESC")
      .limit(MAX_ANCHORS)
      .getMany();
    return rows.filter((r) => sameIssuer(keys, r.issuerKeys)).map((r) => ({
      field: r.field as LearnedAnchor["field"],
      label: r.label,
      relation: r.relation as LearnedAnchor["relation"],
      page: r.page,
      box: r.box,
      ...(r.value !== null ? { value: r.value } : {}),
      sourceDocumentId: r.sourceDocumentId,
      issuerKeys: r.issuerKeys,
    }));
  }

  async typeExamples(ownerId: string): Promise<TypeExample[]> {
    const rows = await this.dataSource.getRepository(LearnedTypeExampleEntity).find({ where: { ownerId }, order: { createdAt: "DESC" }, take: MAX_TYPE_EXAMPLES });
    return rows.map((r) => ({ documentId: r.documentId, type: r.type as DocumentType, signature: r.signature }));
  }

  /** Issuers the owner's corrections taught something about, most recent first. */
  async learnedIssuers(ownerId: string): Promise<LearnedIssuer[]> {
    const rows: { issuer_key: string; issuer_name: string | null; fields: string[]; anchors: string; documents: string; last: Date }[] = await this.dataSource.query(
      `SELECT issuer_key, max(issuer_name) AS issuer_name, array_agg(DISTINCT field ORDER BY field) AS fields, count(*) AS anchors,
              count(DISTINCT source_document_id) AS documents, max(created_at) AS last
         FROM learned_field_anchors WHERE owner_id = $1 GROUP BY issuer_key ORDER BY last DESC`,
      [ownerId],
    );
    return rows.map((r) => ({ issuerKey: r.issuer_key, issuerName: r.issuer_name, fields: r.fields, anchors: Number(r.anchors), documents: Number(r.documents), lastLearnedAt: r.last }));
  }

  /** Forgets what the owner's corrections taught: about one issuer (any of its keys), or everything (types included). */
  async forget(ownerId: string, issuerKey: string | null): Promise<Forgotten> {
    const match = issuerKey === null ? "" : " AND (issuer_key = $2 OR $2 = ANY(issuer_keys))";
    const params = issuerKey === null ? [ownerId] : [ownerId, issuerKey];
    const [, anchors] = (await this.dataSource.query(`DELETE FROM learned_field_anchors WHERE owner_id = $1${match}`, params)) as [unknown, number];
    const typeMatch = issuerKey === null ? "" : " AND $2 = ANY(issuer_keys)";
    const [, typeExamples] = (await this.dataSource.query(`DELETE FROM learned_type_examples WHERE owner_id = $1${typeMatch}`, params)) as [unknown, number];
    return { anchors, typeExamples };
  }

  /** The document's page models as its text steps left them (OCR merged over the text layer); text-only pages when none were stored. */
  private async pageModels(doc: DocumentEntity): Promise<PageModel[]> {
    const steps = await this.dataSource.getRepository(ProcessingStepEntity).find({ where: [{ documentId: doc.id, name: "ocr" }, { documentId: doc.id, name: "extract_text" }] });
    const result = (name: string) => steps.find((s) => s.name === name)?.result as { pages?: string[]; models?: PageModel[] } | null | undefined;
    const source = result("ocr")?.pages ? result("ocr") : result("extract_text");
    if (!source?.pages) return doc.extractedText ? [pageFromText(doc.extractedText, 1)] : [];
    if (source.models && source.models.length === source.pages.length) return source.models;
    return source.pages.map((text, i) => pageFromText(text, i + 1));
  }
}
