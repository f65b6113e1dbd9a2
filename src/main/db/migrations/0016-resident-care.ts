import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, outboxTriggerSql } from '../outbox.js';

/**
 * A resident the police keep under care (重点关注): why, in the officer's words. Set only by
 * police officers and the head; the mediation zone's early warning looks for such a party.
 */
export class ResidentCare0016 implements MigrationInterface {
  name = 'ResidentCare1700000000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "resident" ADD COLUMN "careReason" TEXT`);
    // Frozen here, not read from the entity: a released migration must not change with it.
    const own = [
      'name', 'pinyin', 'initials', 'idType', 'idNumber', 'idReversed', 'sex', 'birthDate', 'ethnicity', 'hukouPlace',
      'addressId', 'householdHeadId', 'relationToHead', 'category', 'arrivedOn', 'movedOutOn', 'moveOutReason', 'phone',
      'phoneReversed', 'employer', 'tenancy', 'source', 'verification', 'note', 'collectedById', 'collectedAt', 'careReason',
    ];
    for (const sql of outboxTriggerSql('resident', [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "resident" DROP COLUMN "careReason"`);
  }
}
