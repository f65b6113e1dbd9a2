import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password and pairing guesses, the station's own business (not synced):
 * - the count of wrong passwords per account name AND client (the desk, or one paired terminal):
 *   a guesser on one terminal locks only what that terminal tries, never the head at the desk,
 *   and a name that does not exist is counted exactly like one that does;
 * - every failed try (login, password check, pairing code), for the head's home page and for
 *   the limits that hold station-wide (pairing codes, the pairing pause).
 * The per-account columns on staff_credential are replaced by the first table.
 */
export class Guessing0019 implements MigrationInterface {
  name = 'Guessing1700000000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "login_lock" (
      "account" TEXT NOT NULL,
      "client" TEXT NOT NULL,
      "failedAttempts" INTEGER NOT NULL,
      "lockedUntil" TEXT,
      "updatedAt" TEXT NOT NULL,
      PRIMARY KEY ("account", "client"))`);
    await q.query(`CREATE TABLE "auth_failure" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "at" TEXT NOT NULL,
      "kind" TEXT NOT NULL,
      "outcome" TEXT NOT NULL,
      "account" TEXT,
      "staffId" TEXT,
      "client" TEXT NOT NULL,
      "clientName" TEXT,
      "address" TEXT)`);
    await q.query(`CREATE INDEX "auth_failure_kind_at" ON "auth_failure" ("kind", "at")`);
    await q.query(`CREATE INDEX "auth_failure_at" ON "auth_failure" ("at")`);
    await q.query(`ALTER TABLE "staff_credential" DROP COLUMN "failedAttempts"`);
    await q.query(`ALTER TABLE "staff_credential" DROP COLUMN "lockedUntil"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff_credential" ADD COLUMN "lockedUntil" TEXT`);
    await q.query(`ALTER TABLE "staff_credential" ADD COLUMN "failedAttempts" INTEGER NOT NULL DEFAULT 0`);
    await q.query(`DROP TABLE "auth_failure"`);
    await q.query(`DROP TABLE "login_lock"`);
  }
}
