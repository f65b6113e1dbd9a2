import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The update feed's policy per release: held back, or offered to a share of stations first. */
export class HqReleases0002 implements MigrationInterface {
  name = 'HqReleases1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "hq_release" (
      "version" TEXT PRIMARY KEY NOT NULL,
      "held" INTEGER NOT NULL DEFAULT 0,
      "stagingPercentage" INTEGER NOT NULL DEFAULT 100,
      "updatedAt" TEXT NOT NULL,
      "updatedBy" TEXT NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hq_release"`);
  }
}
