import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditApiKey1796241442101 implements MigrationInterface {
    name = 'AuditApiKey1796241442101'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_log" ADD "api_key_id" uuid`);
        await queryRunner.query(`ALTER TABLE "audit_log" ADD "api_key_prefix" character varying(16)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "api_key_prefix"`);
        await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "api_key_id"`);
    }

}
