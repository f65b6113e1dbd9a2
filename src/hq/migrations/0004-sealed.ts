import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stations' rows are kept sealed from now on (see vault.ts; HQ seals the rows stored before
 * this when it starts with its key). A transfer gathers a case's rows by the case they belong
 * to, which it read from the payload: that id becomes a clear column of its own, filled here
 * from the payloads while they are still plain.
 */
export class HqSealed0004 implements MigrationInterface {
  name = 'HqSealed1700000000004';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.driver.options.type === 'postgres';
    await q.query(`ALTER TABLE "hq_row" ADD COLUMN "caseId" TEXT`);
    await q.query(`CREATE INDEX "hq_row_case" ON "hq_row" ("stationId", "caseId")`);
    const caseOf = pg ? `"payload"::jsonb ->> 'caseId'` : `json_extract("payload", '$.caseId')`;
    await q.query(`UPDATE "hq_row" SET "caseId" = ${caseOf} WHERE "payload" LIKE '{%' AND "payload" LIKE '%"caseId":"%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "hq_row_case"`);
    await q.query(`ALTER TABLE "hq_row" DROP COLUMN "caseId"`);
  }
}
