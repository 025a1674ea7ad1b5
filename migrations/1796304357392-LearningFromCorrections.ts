import { MigrationInterface, QueryRunner } from "typeorm";

export class LearningFromCorrections1796304357392 implements MigrationInterface {
    name = 'LearningFromCorrections1796304357392'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "learned_field_anchors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "issuer_key" character varying(300) NOT NULL, "issuer_keys" text array NOT NULL, "issuer_name" character varying(300), "field" character varying(32) NOT NULL, "label" character varying(200) NOT NULL, "relation" character varying(16) NOT NULL, "page" integer NOT NULL, "box" jsonb NOT NULL, "value" jsonb, "source_document_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_learned_field_anchors_document_field" UNIQUE ("source_document_id", "field"), CONSTRAINT "PK_0a49e8cd94ba81103561ae2eb66" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_learned_field_anchors_owner_issuer" ON "learned_field_anchors"  ("owner_id", "issuer_key") `);
        await queryRunner.query(`CREATE TABLE "learned_type_examples" ("document_id" uuid NOT NULL, "owner_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "machine_type" character varying(32), "signature" text array NOT NULL, "issuer_keys" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_003ba7b330edfe54708420436bb" PRIMARY KEY ("document_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_learned_type_examples_owner" ON "learned_type_examples"  ("owner_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "learned_field_anchors" ADD CONSTRAINT "FK_44bb4d5625c3b66162e7250f4fc" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "learned_field_anchors" ADD CONSTRAINT "FK_1483cf20bbf3fc27e68da55ee5e" FOREIGN KEY ("source_document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "learned_type_examples" ADD CONSTRAINT "FK_003ba7b330edfe54708420436bb" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "learned_type_examples" ADD CONSTRAINT "FK_fc7a2952e6869479acd684afc82" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "learned_type_examples" DROP CONSTRAINT "FK_fc7a2952e6869479acd684afc82"`);
        await queryRunner.query(`ALTER TABLE "learned_type_examples" DROP CONSTRAINT "FK_003ba7b330edfe54708420436bb"`);
        await queryRunner.query(`ALTER TABLE "learned_field_anchors" DROP CONSTRAINT "FK_1483cf20bbf3fc27e68da55ee5e"`);
        await queryRunner.query(`ALTER TABLE "learned_field_anchors" DROP CONSTRAINT "FK_44bb4d5625c3b66162e7250f4fc"`);
        await queryRunner.query(`DROP INDEX "public"."idx_learned_type_examples_owner"`);
        await queryRunner.query(`DROP TABLE "learned_type_examples"`);
        await queryRunner.query(`DROP INDEX "public"."idx_learned_field_anchors_owner_issuer"`);
        await queryRunner.query(`DROP TABLE "learned_field_anchors"`);
    }

}
