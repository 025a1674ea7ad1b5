import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The event log is append-only: the database itself rejects an UPDATE of a
 * processing event, so no code path (or person with psql) can rewrite history.
 * Deletes stay possible because deleting a document cascades to its events.
 * Hand-written: TypeORM does not model triggers, so this never shows as drift.
 */
export class AppendOnlyEvents1795372710687 implements MigrationInterface {
  name = "AppendOnlyEvents1795372710687";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION folio_reject_event_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'processing_events is append-only (document %, seq %)', OLD.document_id, OLD.seq
          USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER processing_events_append_only BEFORE UPDATE ON "processing_events" FOR EACH ROW EXECUTE FUNCTION folio_reject_event_update()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER processing_events_append_only ON "processing_events"`);
    await queryRunner.query(`DROP FUNCTION folio_reject_event_update()`);
  }
}
