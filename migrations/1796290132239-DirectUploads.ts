import { MigrationInterface, QueryRunner } from "typeorm";

export class DirectUploads1796290132239 implements MigrationInterface {
    name = 'DirectUploads1796290132239'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "direct_uploads" ("id" uuid NOT NULL, "owner_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "filename" character varying(1024) NOT NULL, "storage_filename" character varying(255) NOT NULL, "content_type" character varying(255), "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "staging_key" character varying(1024) NOT NULL, "options" jsonb NOT NULL, "pdf_password_enc" text, "document_id" uuid, "error_code" character varying(64), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_775b2ec3777097e64aae7fc6ace" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_direct_uploads_status_expires" ON "direct_uploads"  ("status", "expires_at") `);
        await queryRunner.query(`CREATE INDEX "idx_direct_uploads_owner_status" ON "direct_uploads"  ("owner_id", "status") `);
        await queryRunner.query(`ALTER TABLE "direct_uploads" ADD CONSTRAINT "FK_e17b5ef99ca31e3256837fa96e0" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "direct_uploads" ADD CONSTRAINT "FK_0d4378cebfe465f00291cf8274b" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "direct_uploads" DROP CONSTRAINT "FK_0d4378cebfe465f00291cf8274b"`);
        await queryRunner.query(`ALTER TABLE "direct_uploads" DROP CONSTRAINT "FK_e17b5ef99ca31e3256837fa96e0"`);
        await queryRunner.query(`DROP INDEX "public"."idx_direct_uploads_owner_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_direct_uploads_status_expires"`);
        await queryRunner.query(`DROP TABLE "direct_uploads"`);
    }

}
