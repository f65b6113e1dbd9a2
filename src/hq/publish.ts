/** Publishing into HQ's reference buckets inside a transaction, shared by the service and case transfers. */
import { v7 as uuidv7 } from 'uuid';
import type { Bucket } from '../shared/sync/protocol.js';
import type { HqDb, Sql } from './db.js';
import { num } from './overview.js';

/** What the HQ modules outside the service act on: its database and its clock. */
export interface HqContext {
  db: HqDb;
  clock: () => Date;
}

/** The same inside the caller's transaction; `audience` is HQ's key of the one station that reads it. */
export const publishIn = async (
  ctx: HqContext,
  sql: Sql,
  bucket: Bucket,
  id: string | undefined,
  payload: Record<string, unknown>,
  by: string,
  audience: string | null,
): Promise<{ id: string; version: number; seq: number }> => {
  await sql.run(`UPDATE "hq_counter" SET "value" = "value" + 1 WHERE "name" = 'refSeq'`);
  // looked up under the counter's lock, so two admins publishing the same date make one item
  const itemId = (await itemOfDate(ctx, sql, bucket, payload)) ?? id ?? uuidv7();
  const [c] = await sql.rows<{ value: unknown }>(`SELECT "value" FROM "hq_counter" WHERE "name" = 'refSeq'`);
  const seq = num(c.value);
  const [old] = await sql.rows<{ version: number }>(`SELECT "version" FROM "hq_ref" WHERE "bucket" = ? AND "id" = ?`, [bucket, itemId]);
  const version = num(old?.version) + 1;
  const body = ctx.db.vault.seal(JSON.stringify({ ...payload, id: itemId, version }));
  const at = ctx.clock().toISOString();
  await sql.run(
    `INSERT INTO "hq_ref" ("bucket", "id", "version", "seq", "payload", "publishedAt", "publishedBy", "audience") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("bucket", "id") DO UPDATE SET "version" = excluded."version", "seq" = excluded."seq", "payload" = excluded."payload",
       "publishedAt" = excluded."publishedAt", "publishedBy" = excluded."publishedBy", "audience" = excluded."audience"`,
    [bucket, itemId, version, seq, body, at, by, audience],
  );
  return { id: itemId, version, seq };
};

/**
 * A holiday calendar has one entry per date: publishing a date again replaces its item (a new
 * version, the station keeps the newest), whatever id was sent, so a date is never two days.
 */
const itemOfDate = async (ctx: HqContext, sql: Sql, bucket: Bucket, payload: Record<string, unknown>): Promise<string | undefined> => {
  if (bucket !== 'holidays' || typeof payload.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(payload.date)) return undefined;
  // the payloads are sealed: the calendar (a few dozen days a year) is opened and searched here
  const rows = await sql.rows<{ id: string; payload: string }>(`SELECT "id", "payload" FROM "hq_ref" WHERE "bucket" = 'holidays' ORDER BY "seq"`);
  return rows.find((r) => ctx.db.vault.openJson(r.payload).date === payload.date)?.id;
};
