import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HQ staff sessions end when trust ends, and password guessing is counted:
 * - each account's session generation, raised by a new password, a role change or a
 *   deactivation: a token of an older generation is refused on its next call;
 * - a deactivated account (it keeps its name in the logs);
 * - wrong passwords per account name AND address, a name that does not exist counted alike
 *   (shared by every HQ process behind the balancer).
 */
export class HqStaffSessions0005 implements MigrationInterface {
  name = 'HqStaffSessions1700000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hq_user" ADD COLUMN "sessionGen" INTEGER NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "hq_user" ADD COLUMN "disabledAt" TEXT`);
    await q.query(`CREATE TABLE "hq_login_lock" (
      "username" TEXT NOT NULL,
      "client" TEXT NOT NULL,
      "failedAttempts" INTEGER NOT NULL,
      "lockedUntil" TEXT,
      "updatedAt" TEXT NOT NULL,
      PRIMARY KEY ("username", "client"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hq_login_lock"`);
    await q.query(`ALTER TABLE "hq_user" DROP COLUMN "disabledAt"`);
    await q.query(`ALTER TABLE "hq_user" DROP COLUMN "sessionGen"`);
  }
}
