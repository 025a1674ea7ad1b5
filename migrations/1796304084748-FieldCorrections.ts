import { MigrationInterface, QueryRunner } from "typeorm";

export class FieldCorrections1796304084748 implements MigrationInterface {
    name = 'FieldCorrections1796304084748'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "field_corrections" ("id" BIGSERIAL NOT NULL, "document_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "field" character varying(32) NOT NULL, "value" jsonb NOT NULL, "raw" text NOT NULL, "page" integer, "box" jsonb, "machine_value" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_72062b64e00beaad5e8cd927376" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_field_corrections_owner_field" ON "field_corrections"  ("owner_id", "field") `);
        await queryRunner.query(`CREATE INDEX "idx_field_corrections_document" ON "field_corrections"  ("document_id", "id") `);
        await queryRunner.query(`ALTER TABLE "field_corrections" ADD CONSTRAINT "FK_5da8297a711869a9309a8fdb1f6" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "field_corrections" DROP CONSTRAINT "FK_5da8297a711869a9309a8fdb1f6"`);
        await queryRunner.query(`DROP INDEX "public"."idx_field_corrections_document"`);
        await queryRunner.query(`DROP INDEX "public"."idx_field_corrections_owner_field"`);
        await queryRunner.query(`DROP TABLE "field_corrections"`);
    }

}
