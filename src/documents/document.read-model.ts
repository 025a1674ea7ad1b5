import { In, type DataSource, type SelectQueryBuilder } from "typeorm";
import { DocumentEntity, DocumentPageEntity, FieldCorrectionEntity, ProcessingStepEntity, TYPE_CORRECTION_FIELD, type DocumentStatus } from "../db/entities/index.js";
import { isUuid } from "../common/uuid.js";
import { ValidationError } from "../errors/app.error.js";

/** Orderings of a document list (the GraphQL `DocumentOrder` enum has the same values). */
export enum DocumentOrder {
  CREATED_AT_DESC = "CREATED_AT_DESC",
  CREATED_AT_ASC = "CREATED_AT_ASC",
  /** Best match first; only with a `search` filter. */
  RELEVANCE = "RELEVANCE",
}

/** Which documents to list; every field narrows the result. */
export interface DocumentListFilter {
  status?: readonly DocumentStatus[] | null;
  documentType?: readonly string[] | null;
  label?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  search?: string | null;
}

/** A request for one page of documents. `ownerId` null lists everyone's (admins). */
export interface DocumentListQuery {
  ownerId: string | null;
  filter: DocumentListFilter;
  first: number;
  after?: string | null;
  order: DocumentOrder;
}

/** A slice of a document's extracted text and the length of the whole. */
export interface TextSlice {
  content: string;
  /** Characters of the whole text. */
  totalLength: number;
}

/** The storage keys and names a download link needs. */
export type DownloadKeys = Pick<DocumentEntity, "id" | "rawKey" | "textKey" | "resultKey" | "storageFilename" | "detectedContentType"> & {
  /** The searchable PDF, when its step succeeded (a step skipped, failed or reset by a reprocess offers none). */
  searchablePdfKey: string | null;
};

/**
 * The full-text expression the GIN index `idx_documents_search` is built on
 * (migration DocumentSearch). Queries must use it verbatim to use the index.
 */
export const DOCUMENT_SEARCH_VECTOR = `to_tsvector('simple'::regconfig, coalesce(d.extracted_text, '') || ' ' || coalesce(d.original_filename, '') || ' ' || coalesce(d.summary, ''))`;

/** Columns a list needs; the extracted text stays in the database until asked for. */
const LIST_COLUMNS = [
  "id", "ownerId", "originalFilename", "storageFilename", "declaredContentType", "detectedContentType", "sizeBytes", "rawKey", "status", "held",
  "progress", "currentStep", "attempts", "documentType", "typeConfidence", "fields", "lineItems", "summary", "pageCount", "textKey", "resultKey",
  "errorCode", "errorMessage", "labels", "createdAt", "startedAt", "completedAt", "processingMs", "ocrMode",
].map((c) => `d.${c}`);

interface Cursor {
  /** created_at ISO and id, for keyset pagination by creation time. */
  c?: string;
  i?: string;
  /** Offset, for relevance order. */
  o?: number;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Read a cursor back, accepting exactly the shape this order issues:
 * `{ o }` (a non-negative integer offset) for relevance, `{ c, i }` (an ISO
 * instant and a uuid) for time order. Anything else — garbage, another
 * order's or another list's cursor — is VALIDATION_FAILED rather than
 * reaching SQL (where a bad date or id would be an internal error).
 */
function decodeCursor(value: string, order: DocumentOrder): Cursor {
  const invalid = () => new ValidationError("`after` is not a cursor this API issued for this order.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid();
  const cursor = parsed as Record<string, unknown>;
  const keys = Object.keys(cursor).sort().join(",");
  if (order === DocumentOrder.RELEVANCE) {
    if (keys !== "o" || !Number.isSafeInteger(cursor.o) || (cursor.o as number) < 0) throw invalid();
    return { o: cursor.o as number };
  }
  const { c, i } = cursor;
  if (keys !== "c,i" || typeof c !== "string" || typeof i !== "string" || !ISO_INSTANT.test(c) || Number.isNaN(Date.parse(c)) || !isUuid(i)) throw invalid();
  return { c, i };
}

/** A page of documents with the cursor of each. */
export interface DocumentPage {
  rows: { doc: DocumentEntity; cursor: string }[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * List documents by filter with cursor pagination: keyset on (created_at, id)
 * for time order, offset for relevance order (ranks are not stable keys).
 */
async function queryDocuments(dataSource: DataSource, options: DocumentListQuery): Promise<DocumentPage> {
  const { filter } = options;
  if (options.order === DocumentOrder.RELEVANCE && !filter.search) throw new ValidationError("orderBy RELEVANCE needs a `search` filter.");
  const base = dataSource.getRepository(DocumentEntity).createQueryBuilder("d");
  const where = (qb: SelectQueryBuilder<DocumentEntity>) => {
    if (options.ownerId) qb.andWhere("d.owner_id = :ownerId", { ownerId: options.ownerId });
    if (filter.status?.length) qb.andWhere("d.status IN (:...status)", { status: [...filter.status] });
    if (filter.documentType?.length) qb.andWhere("d.document_type IN (:...types)", { types: [...filter.documentType] });
    if (filter.label) qb.andWhere("d.labels @> :label::jsonb", { label: JSON.stringify([filter.label]) });
    if (filter.createdAfter) qb.andWhere("d.created_at >= :after", { after: filter.createdAfter });
    if (filter.createdBefore) qb.andWhere("d.created_at < :before", { before: filter.createdBefore });
    if (filter.search) qb.andWhere(`${DOCUMENT_SEARCH_VECTOR} @@ websearch_to_tsquery('simple', :search)`, { search: filter.search });
    return qb;
  };
  const totalCount = await where(base.clone()).getCount();

  const qb = where(base.clone()).select(LIST_COLUMNS);
  const cursor = options.after ? decodeCursor(options.after, options.order) : {};
  let offset = 0;
  if (options.order === DocumentOrder.RELEVANCE) {
    offset = cursor.o ?? 0;
    qb.addSelect(`ts_rank(${DOCUMENT_SEARCH_VECTOR}, websearch_to_tsquery('simple', :search))`, "rank")
      .orderBy("rank", "DESC")
      .addOrderBy("d.created_at", "DESC")
      .addOrderBy("d.id", "DESC")
      .offset(offset);
  } else {
    const desc = options.order === DocumentOrder.CREATED_AT_DESC;
    if (cursor.c && cursor.i) {
      qb.andWhere(`(d.created_at, d.id) ${desc ? "<" : ">"} (:cc, :ci)`, { cc: new Date(cursor.c), ci: cursor.i });
    }
    qb.orderBy("d.created_at", desc ? "DESC" : "ASC").addOrderBy("d.id", desc ? "DESC" : "ASC");
  }
  const docs = await qb.limit(options.first + 1).getMany();
  const hasNextPage = docs.length > options.first;
  const page = docs.slice(0, options.first);
  return {
    totalCount,
    hasNextPage,
    rows: page.map((doc, i) => ({
      doc,
      cursor: options.order === DocumentOrder.RELEVANCE ? encodeCursor({ o: offset + i + 1 }) : encodeCursor({ c: doc.createdAt.toISOString(), i: doc.id }),
    })),
  };
}

/**
 * What the API reads about documents: the queries behind `document`,
 * `documents`, `Document.steps`, `Document.text` and `Document.downloads`.
 * Reads only; every state change goes through the document's transitions.
 */
export class DocumentReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** A document by id, or null (also for a malformed id, which can match nothing). */
  async find(id: string): Promise<DocumentEntity | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(DocumentEntity).findOneBy({ id });
  }

  /** One page of documents: see {@link DocumentListQuery}. VALIDATION_FAILED for a foreign cursor or RELEVANCE without search. */
  list(query: DocumentListQuery): Promise<DocumentPage> {
    return queryDocuments(this.dataSource, query);
  }

  /** The steps of several documents in position order, one query for all (the per-request loader batches into it). */
  async stepsOf(documentIds: readonly string[]): Promise<ProcessingStepEntity[][]> {
    const rows = await this.dataSource.getRepository(ProcessingStepEntity).find({ where: { documentId: In([...documentIds]) }, order: { position: "ASC" } });
    const byDoc = new Map<string, ProcessingStepEntity[]>();
    for (const row of rows) (byDoc.get(row.documentId) ?? byDoc.set(row.documentId, []).get(row.documentId)!).push(row);
    return documentIds.map((id) => byDoc.get(id) ?? []);
  }

  /** The latest type correction of each of several documents (null where none), one query for all. */
  async typeCorrectionsOf(documentIds: readonly string[]): Promise<(FieldCorrectionEntity | null)[]> {
    const rows = await this.dataSource
      .getRepository(FieldCorrectionEntity)
      .createQueryBuilder("c")
      .distinctOn(["c.document_id"])
      .where("c.document_id IN (:...ids)", { ids: [...documentIds] })
      .andWhere("c.field = :field", { field: TYPE_CORRECTION_FIELD })
      .orderBy("c.document_id")
      .addOrderBy("c.id", "DESC")
      .getMany();
    const byDoc = new Map(rows.map((r) => [r.documentId, r]));
    return documentIds.map((id) => byDoc.get(id) ?? null);
  }

  /** The OCR'd pages of several documents recorded so far (partial results), in page order, one query for all. */
  async pagesOf(documentIds: readonly string[]): Promise<DocumentPageEntity[][]> {
    const rows = await this.dataSource.getRepository(DocumentPageEntity).find({
      where: { documentId: In([...documentIds]) },
      select: { documentId: true, pageNumber: true, status: true, text: true, confidence: true, errorCode: true, completedAt: true },
      order: { pageNumber: "ASC" },
    });
    const byDoc = new Map<string, DocumentPageEntity[]>();
    for (const row of rows) (byDoc.get(row.documentId) ?? byDoc.set(row.documentId, []).get(row.documentId)!).push(row);
    return documentIds.map((id) => byDoc.get(id) ?? []);
  }

  /**
   * `limit` characters of the extracted text from `offset` (0-based), or null
   * when there is no text. Only the slice leaves the database: a document's
   * whole text (up to MAX_TEXT_CHARS) is never loaded to serve a part of it.
   */
  async textSlice(documentId: string, offset: number, limit: number): Promise<TextSlice | null> {
    const row = await this.dataSource
      .getRepository(DocumentEntity)
      .createQueryBuilder("d")
      .select("substr(d.extracted_text, :from, :count)", "content")
      .addSelect("char_length(d.extracted_text)", "total")
      .where("d.id = :id", { id: documentId, from: offset + 1, count: limit })
      .getRawOne<{ content: string | null; total: number | null }>();
    if (!row || row.content === null || row.total === null) return null;
    return { content: row.content, totalLength: Number(row.total) };
  }

  /** The stored objects of a document (keys are never part of the public document type). */
  async downloadKeys(documentId: string): Promise<DownloadKeys> {
    const [doc, step] = await Promise.all([
      this.dataSource.getRepository(DocumentEntity).findOneOrFail({
        where: { id: documentId },
        select: { id: true, rawKey: true, textKey: true, resultKey: true, storageFilename: true, detectedContentType: true },
      }),
      this.dataSource
        .getRepository(ProcessingStepEntity)
        .createQueryBuilder("s")
        .select("s.result ->> 'key'", "key")
        .where("s.document_id = :id AND s.name = 'searchable_pdf' AND s.status = 'SUCCEEDED'", { id: documentId })
        .getRawOne<{ key: string | null }>(),
    ]);
    return { ...doc, searchablePdfKey: step?.key ?? null };
  }
}
