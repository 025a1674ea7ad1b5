import { MigrationInterface, QueryRunner } from "typeorm";

export class LineItems1796302872432 implements MigrationInterface {
    name = 'LineItems1796302872432'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" ADD "line_items" jsonb NOT NULL DEFAULT '[]'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "line_items"`);
    }

}
