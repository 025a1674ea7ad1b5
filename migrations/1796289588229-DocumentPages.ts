import { MigrationInterface, QueryRunner } from "typeorm";

export class DocumentPages1796289588229 implements MigrationInterface {
    name = 'DocumentPages1796289588229'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "document_pages" ("document_id" uuid NOT NULL, "page_number" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "fanout" character varying(36), "attempts" integer NOT NULL DEFAULT '0', "text" text, "confidence" real, "model" jsonb, "error_code" character varying(64), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fa2d8c48c0d4a9dd12298e7f627" PRIMARY KEY ("document_id", "page_number"))`);
        await queryRunner.query(`ALTER TABLE "document_pages" ADD CONSTRAINT "FK_a417941c7fa102ca2b3ebd937c2" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "document_pages" DROP CONSTRAINT "FK_a417941c7fa102ca2b3ebd937c2"`);
        await queryRunner.query(`DROP TABLE "document_pages"`);
    }

}
