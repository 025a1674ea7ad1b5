import { MigrationInterface, QueryRunner } from "typeorm";

export class UploadOptions1795373386980 implements MigrationInterface {
    name = 'UploadOptions1795373386980'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" ADD "held" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "pdf_password_enc" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "pdf_password_enc"`);
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "held"`);
    }

}
