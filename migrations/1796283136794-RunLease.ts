import { MigrationInterface, QueryRunner } from "typeorm";

export class RunLease1796283136794 implements MigrationInterface {
    name = 'RunLease1796283136794'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" ADD "run_token" uuid`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "worker_deaths" integer NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "worker_deaths"`);
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "lease_expires_at"`);
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "run_token"`);
    }

}
