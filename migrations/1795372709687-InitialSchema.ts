import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795372709687 implements MigrationInterface {
    name = 'InitialSchema1795372709687'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_6f6105c8efe05b310d046cbdb3d" UNIQUE ("prefix"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_api_keys_user" ON "api_keys"  ("user_id") `);
        await queryRunner.query(`CREATE TYPE "public"."document_status" AS ENUM('QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED')`);
        await queryRunner.query(`CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "original_filename" character varying(1024) NOT NULL, "storage_filename" character varying(255) NOT NULL, "declared_content_type" character varying(255), "detected_content_type" character varying(255), "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "raw_key" character varying(1024) NOT NULL, "status" "public"."document_status" NOT NULL DEFAULT 'QUEUED', "progress" smallint NOT NULL DEFAULT '0', "current_step" character varying(64), "attempts" integer NOT NULL DEFAULT '0', "document_type" character varying(32), "type_confidence" real, "fields" jsonb NOT NULL DEFAULT '[]', "extracted_text" text, "summary" text, "page_count" integer, "text_key" character varying(1024), "result_key" character varying(1024), "error_code" character varying(64), "error_message" text, "labels" jsonb NOT NULL DEFAULT '[]', "metadata" jsonb NOT NULL DEFAULT '{}', "event_seq" integer NOT NULL DEFAULT '0', "idempotency_key" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "processing_ms" integer, CONSTRAINT "uq_documents_owner_idempotency_key" UNIQUE ("owner_id", "idempotency_key"), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_documents_sha256" ON "documents"  ("sha256") `);
        await queryRunner.query(`CREATE INDEX "idx_documents_owner_created" ON "documents"  ("owner_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_documents_owner_status" ON "documents"  ("owner_id", "status") `);
        await queryRunner.query(`CREATE TABLE "processing_events" ("id" BIGSERIAL NOT NULL, "document_id" uuid NOT NULL, "seq" integer NOT NULL, "type" character varying(64) NOT NULL, "step" character varying(64), "status" character varying(32) NOT NULL, "progress" smallint NOT NULL, "step_progress" real, "message" text, "detail" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_processing_events_document_seq" UNIQUE ("document_id", "seq"), CONSTRAINT "PK_0941d8ad949ecfeaddb123724ea" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TYPE "public"."step_status" AS ENUM('PENDING', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'SKIPPED')`);
        await queryRunner.query(`CREATE TABLE "processing_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "position" smallint NOT NULL, "status" "public"."step_status" NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, "error_code" character varying(64), "error_message" text, "output" jsonb, "result" jsonb, CONSTRAINT "uq_processing_steps_document_name" UNIQUE ("document_id", "name"), CONSTRAINT "PK_fd60fb905c2390209cb9a162ae2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "is_admin" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "documents" ADD CONSTRAINT "FK_888a4852e27627d1ebd8a094e98" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "processing_events" ADD CONSTRAINT "FK_8433f9246071db1aa6db2c82d1e" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "processing_steps" ADD CONSTRAINT "FK_e2d54c0b5ef6012e3865e204b7b" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "processing_steps" DROP CONSTRAINT "FK_e2d54c0b5ef6012e3865e204b7b"`);
        await queryRunner.query(`ALTER TABLE "processing_events" DROP CONSTRAINT "FK_8433f9246071db1aa6db2c82d1e"`);
        await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_888a4852e27627d1ebd8a094e98"`);
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "processing_steps"`);
        await queryRunner.query(`DROP TYPE "public"."step_status"`);
        await queryRunner.query(`DROP TABLE "processing_events"`);
        await queryRunner.query(`DROP INDEX "public"."idx_documents_owner_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_documents_owner_created"`);
        await queryRunner.query(`DROP INDEX "public"."idx_documents_sha256"`);
        await queryRunner.query(`DROP TABLE "documents"`);
        await queryRunner.query(`DROP TYPE "public"."document_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_api_keys_user"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
    }

}
