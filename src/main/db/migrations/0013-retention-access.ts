import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and terminal pairing, both the station's own business (not synced):
 * - the head's retention period per kind of record (a kind without a row keeps its default);
 * - every purge run: when, by whom, how many of each kind (the audit log has it too, but the
 *   audit log is itself purged, and the page shows when the last purge was);
 * - the terminals on the station LAN the head has paired with browser mode (a hash of each one's
 *   token, never the token).
 */
export class RetentionAccess0013 implements MigrationInterface {
  // TypeORM orders migrations by a 13-digit suffix of the name: ours is 1700000000000 + the number.
  name = 'RetentionAccess1700000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "retention_setting" (
      "kind" TEXT PRIMARY KEY NOT NULL,
      "days" INTEGER,
      "updatedAt" TEXT NOT NULL,
      "updatedById" TEXT REFERENCES "staff" ("id"))`);
    await q.query(`CREATE TABLE "retention_purge" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "asOf" TEXT NOT NULL,
      "purgedAt" TEXT NOT NULL,
      "byId" TEXT REFERENCES "staff" ("id"),
      "counts" TEXT NOT NULL)`);
    await q.query(`CREATE TABLE "paired_terminal" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "name" TEXT NOT NULL,
      "tokenHash" TEXT NOT NULL UNIQUE,
      "pairedAt" TEXT NOT NULL,
      "pairedById" TEXT REFERENCES "staff" ("id"),
      "lastSeenAt" TEXT,
      "lastAddress" TEXT,
      "revokedAt" TEXT)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['paired_terminal', 'retention_purge', 'retention_setting']) await q.query(`DROP TABLE "${t}"`);
  }
}
