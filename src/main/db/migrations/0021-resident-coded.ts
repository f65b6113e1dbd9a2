import type { MigrationInterface, QueryRunner } from 'typeorm';
import { residentTable } from '../../collection/collection.entity.js';

/**
 * Two fields of the 实有人口 form: 文化程度 (GB/T 4658 codes) and 婚姻状况 (GB/T 2261.2 codes),
 * declared with their code lists in the shared collection model.
 */
export class ResidentCoded0021 implements MigrationInterface {
  name = 'ResidentCoded1700000000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "resident" ADD COLUMN "education" TEXT`);
    await q.query(`ALTER TABLE "resident" ADD COLUMN "maritalStatus" TEXT`);
    // the declaration's columns through the last one this migration adds: a later column does not change it
    for (const sql of residentTable.triggerSql('maritalStatus')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "resident" DROP COLUMN "maritalStatus"`);
    await q.query(`ALTER TABLE "resident" DROP COLUMN "education"`);
  }
}
