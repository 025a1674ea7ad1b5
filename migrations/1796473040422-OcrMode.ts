import { MigrationInterface, QueryRunner } from "typeorm";

export class OcrMode1796473040422 implements MigrationInterface {
    name = 'OcrMode1796473040422'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" ADD "ocr_mode" character varying(8)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "ocr_mode"`);
    }

}
