import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Full-text search over a document's extracted text, filename and summary.
 * The 'simple' configuration (no stemming, no stop words) because documents
 * come in many languages. An expression index, so TypeORM neither models nor
 * drops it: queries must use exactly the expression below (see
 * DOCUMENT_SEARCH_VECTOR in src/graphql/document-query.ts).
 */
export class DocumentSearch1795373387980 implements MigrationInterface {
  name = "DocumentSearch1795373387980";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_documents_search" ON "documents" USING GIN (to_tsvector('simple'::regconfig, coalesce("extracted_text", '') || ' ' || coalesce("original_filename", '') || ' ' || coalesce("summary", '')))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_documents_search"`);
  }
}
