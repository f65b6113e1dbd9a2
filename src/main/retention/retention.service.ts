/**
 * Which records are past their retention, and the purge that removes them with their outbox
 * entries, queuing a delete for HQ. Each kind is one table (with the tables that belong to its
 * rows) and one SQL condition, declared by the zone that owns the table (its manifest); the preview and the purge use the very same condition, so a purge
 * takes exactly what its preview counted.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  PREVIEW_SAMPLES,
  PURGE_INTERVAL_DAYS,
  RETENTION_DEFAULT_DAYS,
  RETENTION_KINDS,
  RETENTION_MAX_DAYS,
  RETENTION_MIN_DAYS,
  type PurgeKindPreview,
  type PurgePreview,
  type PurgeResult,
  type RetentionKind,
  type RetentionSettings,
} from '../../shared/retention/contract.js';
import { addDays, localDate } from '../../shared/time.js';
import { FILES_FOLDER } from '../mediation/files.service.js';
import { syncedTableNamed } from '../db/syncedTable.js';
import type { Cutoffs, RetentionPolicy } from '../zone.js';
import { ZONE_TABLES } from '../zones.js';

interface KindSpec extends RetentionPolicy {
  table: string;
  /** synced rows are mirrored to HQ as deletes; the audit log never leaves the station */
  synced: boolean;
}

let kindSpecs: Record<RetentionKind, KindSpec> | undefined;
/**
 * Each kind's policy, as the zone owning its table declares it. Read on first use, not at load:
 * the registry reaches this module again through the retention zone's own handlers.
 */
const kindsOf = (): Record<RetentionKind, KindSpec> => {
  if (!kindSpecs) {
    const found: Partial<Record<RetentionKind, KindSpec>> = {};
    for (const { table } of ZONE_TABLES) {
      if (table.retention) found[table.retention.kind] = { ...table.retention, table: table.name, synced: table.sync === 'outbox' };
    }
    const missing = RETENTION_KINDS.filter((k) => !found[k]);
    if (missing.length > 0) throw new Error(`retention kinds no zone declares: ${missing.join(', ')}`);
    kindSpecs = found as Record<RetentionKind, KindSpec>;
  }
  return kindSpecs;
};

/** The tables whose rows go to HQ, so a purge queues a delete for each of their rows. */
const syncedTables = (): Set<string> => new Set(ZONE_TABLES.filter(({ table }) => table.sync === 'outbox').map(({ table }) => table.name));

// ── settings ──────────────────────────────────────────────────────────────────────────────
export const periods = async (manager: EntityManager): Promise<Record<RetentionKind, number | null>> => {
  const rows: { kind: string; days: number | null }[] = await manager.query(`SELECT "kind", "days" FROM "retention_setting"`);
  const set = new Map(rows.map((r) => [r.kind, r.days]));
  return Object.fromEntries(RETENTION_KINDS.map((k) => [k, set.has(k) ? (set.get(k) ?? null) : RETENTION_DEFAULT_DAYS[k]])) as Record<RetentionKind, number | null>;
};

export const settings = async (manager: EntityManager, now: Date): Promise<RetentionSettings> => {
  const p = await periods(manager);
  const [last] = await manager.query(`SELECT "purgedAt" FROM "retention_purge" ORDER BY "purgedAt" DESC LIMIT 1`);
  const lastPurgeAt: string | null = last?.purgedAt ?? null;
  const due = lastPurgeAt ? new Date(Date.parse(lastPurgeAt) + PURGE_INTERVAL_DAYS * 86400_000) : now;
  return {
    periods: RETENTION_KINDS.map((kind) => ({ kind, days: p[kind], defaultDays: RETENTION_DEFAULT_DAYS[kind] })),
    minDays: RETENTION_MIN_DAYS,
    maxDays: RETENTION_MAX_DAYS,
    lastPurgeAt,
    purgeDueAt: due.toISOString(),
    purgeDue: due.getTime() <= now.getTime(),
  };
};

export const savePeriods = async (manager: EntityManager, changes: Partial<Record<RetentionKind, number | null>>, byId: string, now: Date) => {
  for (const [kind, days] of Object.entries(changes)) {
    await manager.query(
      `INSERT INTO "retention_setting" ("kind", "days", "updatedAt", "updatedById") VALUES (?, ?, ?, ?)
       ON CONFLICT ("kind") DO UPDATE SET "days" = excluded."days", "updatedAt" = excluded."updatedAt", "updatedById" = excluded."updatedById"`,
      [kind, days ?? null, now.toISOString(), byId],
    );
  }
};

// ── preview ───────────────────────────────────────────────────────────────────────────────
const cutoffsAt = (asOf: Date, days: number, timeZone: string): Cutoffs => {
  const at = new Date(asOf.getTime() - days * 86400_000).toISOString();
  // dates (a move-out day) count in whole local days: the day the period ends is kept
  return { at, date: addDays(localDate(asOf, timeZone), -days) };
};

const allCutoffs = (p: Record<RetentionKind, number | null>, asOf: Date, timeZone: string) => {
  const all: Partial<Record<RetentionKind, Cutoffs>> = {};
  for (const k of RETENTION_KINDS) {
    const d = p[k];
    if (d !== null) all[k] = cutoffsAt(asOf, d, timeZone);
  }
  return all;
};

export const preview = async (manager: EntityManager, asOf: Date, timeZone: string): Promise<PurgePreview> => {
  const p = await periods(manager);
  const all = allCutoffs(p, asOf, timeZone);
  const kinds: PurgeKindPreview[] = [];
  for (const kind of RETENTION_KINDS) {
    const spec = kindsOf()[kind];
    const cut = all[kind];
    if (!cut) {
      kinds.push({ kind, days: null, cutoff: null, count: 0, samples: [], related: 0 });
      continue;
    }
    const cond = spec.condition(cut, all);
    const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "${spec.table}" t WHERE ${cond.sql}`, cond.params);
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT t."id" AS "id", ${spec.dateSql} AS "date", ${spec.sampleColumns} FROM "${spec.table}" t WHERE ${cond.sql} ORDER BY ${spec.dateSql} LIMIT ?`,
      [...cond.params, PREVIEW_SAMPLES],
    );
    let related = 0;
    for (const child of spec.children) {
      const [{ c }] = await manager.query(
        `SELECT COUNT(*) AS "c" FROM "${child.table}" WHERE "${child.column}" IN (SELECT t."id" FROM "${spec.table}" t WHERE ${cond.sql})`,
        cond.params,
      );
      related += Number(c);
    }
    kinds.push({
      kind,
      days: p[kind],
      cutoff: cut.at,
      count: Number(n),
      samples: rows.map((r) => ({ id: r.id as string, date: String(r.date ?? ''), label: spec.label(r), ...(typeof r.queueNo === 'string' ? { queueNo: r.queueNo } : {}) })),
      related,
    });
  }
  return { asOf: asOf.toISOString(), kinds, total: kinds.reduce((a, k) => a + k.count, 0) };
};

// ── purge ─────────────────────────────────────────────────────────────────────────────────
/**
 * Deletes every row past retention as of `asOf` with the rows that belong to it; for synced rows
 * the outbox entries are removed (pending ones never reach HQ, kept ones no longer hold the data)
 * and one `delete` entry per row is queued so HQ removes its copy. Runs inside the call's
 * transaction; foreign keys are checked at commit, so rows that refer to each other (the two
 * halves of a referral) go together.
 */
export const purge = async (
  manager: EntityManager,
  asOf: Date,
  timeZone: string,
  byId: string | null,
  now: Date,
  /** a purge run again after a restore: its own record and periods, not new ones */
  replay?: { id: string; purgedAt: string; periods: Record<RetentionKind, number | null> },
): Promise<PurgeResult & { caseIds: string[] }> => {
  const p = replay?.periods ?? (await periods(manager));
  const all = allCutoffs(p, asOf, timeZone);
  await manager.query('PRAGMA defer_foreign_keys = ON');
  await manager.query(`CREATE TEMP TABLE IF NOT EXISTS "retention_doomed" ("tableName" TEXT NOT NULL, "id" TEXT NOT NULL, PRIMARY KEY ("tableName", "id"))`);
  await manager.query(`DELETE FROM "retention_doomed"`);
  const counts = Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as Record<RetentionKind, number>;
  for (const kind of RETENTION_KINDS) {
    const cut = all[kind];
    if (!cut) continue;
    const spec = kindsOf()[kind];
    const cond = spec.condition(cut, all);
    await manager.query(`INSERT INTO "retention_doomed" SELECT '${spec.table}', t."id" FROM "${spec.table}" t WHERE ${cond.sql}`, cond.params);
    const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "retention_doomed" WHERE "tableName" = ?`, [spec.table]);
    counts[kind] = Number(n);
    for (const child of spec.children) {
      await manager.query(
        `INSERT INTO "retention_doomed" SELECT '${child.table}', c."id" FROM "${child.table}" c
         WHERE c."${child.column}" IN (SELECT "id" FROM "retention_doomed" WHERE "tableName" = ?)`,
        [spec.table],
      );
    }
  }
  const caseIds: string[] = (await manager.query(`SELECT "id" FROM "retention_doomed" WHERE "tableName" = 'mediation_case'`)).map((r: { id: string }) => r.id);
  const tables: string[] = (await manager.query(`SELECT DISTINCT "tableName" AS "t" FROM "retention_doomed"`)).map((r: { t: string }) => r.t);
  const synced = syncedTables();
  const purgedAt = replay?.purgedAt ?? now.toISOString();
  let queuedForHq = 0;
  await manager.query(`DELETE FROM "sync_reject" WHERE ("tableName", "rowId") IN (SELECT "tableName", "id" FROM "retention_doomed")`);
  for (const table of tables) {
    if (!synced.has(table)) continue;
    const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "retention_doomed" WHERE "tableName" = ?`, [table]);
    queuedForHq += Number(n);
  }
  const [{ r }] = await manager.query(`SELECT COUNT(*) AS "r" FROM "retention_doomed"`);
  const related = Number(r) - Object.values(counts).reduce((a, n) => a + n, 0);
  // a synced row leaves by its declaration, which queues the delete for HQ; children first, then
  // their parents, in reverse order of the kinds
  const remove = async (table: string) => {
    const doomed = `"id" IN (SELECT "id" FROM "retention_doomed" WHERE "tableName" = ?)`;
    if (synced.has(table)) await syncedTableNamed(table).purgeWhere(manager, doomed, [table], purgedAt);
    else await manager.query(`DELETE FROM "${table}" WHERE ${doomed}`, [table]);
  };
  for (const kind of [...RETENTION_KINDS].reverse()) {
    for (const child of kindsOf()[kind].children) await remove(child.table);
  }
  for (const kind of [...RETENTION_KINDS].reverse()) await remove(kindsOf()[kind].table);
  await manager.query(`DELETE FROM "retention_doomed"`);
  await manager.query(`INSERT INTO "retention_purge" ("id", "asOf", "purgedAt", "byId", "counts", "periods") VALUES (?, ?, ?, ?, ?, ?)`, [
    replay?.id ?? uuidv7(),
    asOf.toISOString(),
    purgedAt,
    byId,
    JSON.stringify(counts),
    JSON.stringify(p),
  ]);
  return { asOf: asOf.toISOString(), purgedAt, counts, related, queuedForHq, caseIds };
};

/** What a restore must not forget of the database it replaces: the periods and every purge. */
export interface RetentionRecord {
  settings: { kind: string; days: number | null; updatedAt: string; updatedById: string | null }[];
  purges: { id: string; asOf: string; purgedAt: string; byId: string | null; periods: string | null }[];
}

export const retentionRecord = async (manager: EntityManager | DataSource): Promise<RetentionRecord> => ({
  settings: await manager.query(`SELECT "kind", "days", "updatedAt", "updatedById" FROM "retention_setting"`),
  purges: await manager.query(`SELECT "id", "asOf", "purgedAt", "byId", "periods" FROM "retention_purge" ORDER BY "purgedAt", "id"`),
});

/**
 * After a restore: the periods are the station's current ones, not the backup's, and every purge
 * the restored database has not seen runs again — same moment, same periods — so a backup taken
 * before a purge never brings a purged record back. HQ gets the deletes again (it already lacks
 * the rows; a delete of a missing row changes nothing there). Returns the purges run again and
 * the cases whose files go.
 */
export const replayPurges = async (manager: EntityManager, record: RetentionRecord, timeZone: string, now: Date): Promise<{ replayed: number; caseIds: string[] }> => {
  await manager.query(`DELETE FROM "retention_setting"`);
  for (const r of record.settings) {
    await manager.query(`INSERT INTO "retention_setting" ("kind", "days", "updatedAt", "updatedById") VALUES (?, ?, ?, ?)`, [r.kind, r.days, r.updatedAt, r.updatedById]);
  }
  const known = new Set<string>((await manager.query(`SELECT "id" FROM "retention_purge"`)).map((r: { id: string }) => r.id));
  const current = await periods(manager);
  let replayed = 0;
  const caseIds: string[] = [];
  for (const r of record.purges) {
    if (known.has(r.id)) continue;
    const used = r.periods ? (JSON.parse(r.periods) as Record<RetentionKind, number | null>) : current;
    // the staff member may not exist in the older database: the record keeps the purge, not the link
    const [by] = r.byId ? await manager.query(`SELECT 1 FROM "staff" WHERE "id" = ?`, [r.byId]) : [];
    const result = await purge(manager, new Date(r.asOf), timeZone, by ? r.byId : null, now, { id: r.id, purgedAt: r.purgedAt, periods: used });
    caseIds.push(...result.caseIds);
    replayed += 1;
  }
  return { replayed, caseIds };
};

/** A purged case's evidence files go with it (after the commit: a rollback keeps them). */
export const removeCaseFiles = async (dataDir: string, caseIds: string[]): Promise<void> => {
  for (const id of caseIds) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) continue;
    await rm(join(dataDir, FILES_FOLDER, id), { recursive: true, force: true });
  }
};
