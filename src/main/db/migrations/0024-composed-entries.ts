import type { MigrationInterface, QueryRunner } from 'typeorm';
import { logEntryTable } from '../../office/office.entity.js';

/**
 * The duty log entries the app writes itself (a patrol ended, a poor rating, a notice printed) keep
 * their kind and values beside the Chinese text, so each reader sees them in their own language.
 */
export class ComposedEntries0024 implements MigrationInterface {
  name = 'ComposedEntries1700000000024';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office_log_entry" ADD COLUMN "composed" TEXT`);
    // the declaration's columns through the last one this migration adds: a later column does not change it
    for (const sql of logEntryTable.triggerSql('composed')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "office_log_entry" DROP COLUMN "composed"`);
  }
}
