import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_TABLES, importMappingTable as table } from '../../src/main/collection/collection.entity.js';
import { ratingTable } from '../../src/main/intake/hall/rating.entity.js';
import { walkInTable } from '../../src/main/intake/walkIn.entity.js';
import { MEDIATION_TABLES } from '../../src/main/mediation/mediation.entity.js';
import { OFFICE_TABLES } from '../../src/main/office/office.entity.js';
import { PATROL_TABLES } from '../../src/main/patrol/patrol.entity.js';
import { PREVENTION_TABLES } from '../../src/main/patrol/prevention.entity.js';
import { ROSTER_TABLES } from '../../src/main/roster/roster.entity.js';
import { staffTable } from '../../src/main/staff/staff.entity.js';
import { stationTable } from '../../src/main/station/station.entity.js';
import { SYNC_TABLES } from '../../src/main/sync/sync.entity.js';
import { syncedTableNamed } from '../../src/main/db/syncedTable.js';
import { ZONE_TABLES } from '../../src/main/zones.js';
import { bulkIds } from '../../src/main/collection/common.js';
import { setUpStation, sql, type TestStation } from '../helpers/station.js';

/** The synced tables declared in code; each zone's declarations join this list as they are written. */
const DECLARED = [
  ...COLLECTION_TABLES,
  ...MEDIATION_TABLES,
  ...OFFICE_TABLES,
  ...PATROL_TABLES,
  ...PREVENTION_TABLES,
  ratingTable,
  walkInTable,
  ...ROSTER_TABLES,
  ...SYNC_TABLES,
  stationTable,
  staffTable,
];
/** Triggers a table has besides its outbox's: the points ledger keeps itself append-only and continuous. */
const OWN_TRIGGERS: Record<string, string[]> = {
  patrol_points_entry: ['patrol_points_entry_append_only', 'patrol_points_entry_continues', 'patrol_points_entry_no_delete'],
};

describe('synced tables: declarations and the migrated database agree', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
  });
  afterAll(() => st.close());

  it.each(DECLARED.map((t) => [t.name, t] as const))('%s: both outbox triggers carry exactly the declared columns, and the table has them', async (name, table) => {
    const triggers = await sql<{ name: string; sql: string }>(st, `SELECT "name", "sql" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY "name"`, [name]);
    expect(triggers.map((t) => t.name)).toEqual([...(OWN_TRIGGERS[name] ?? []), `${name}_outbox_insert`, `${name}_outbox_update`]);
    for (const t of triggers.filter((x) => x.name.includes('_outbox_'))) {
      const payload = /json_object\(([\s\S]*?)\), strftime/.exec(t.sql)?.[1] ?? '';
      const keys = [...payload.matchAll(/'([^']+)', NEW\."([^"]+)"/g)];
      expect(keys.every(([, key, column]) => key === column), t.name).toBe(true);
      expect(keys.map(([, key]) => key), t.name).toEqual(table.columnNames);
    }
    const columns = await sql<{ name: string; notnull: number }>(st, `PRAGMA table_info("${name}")`);
    expect(new Set(columns.map((c) => c.name))).toEqual(new Set(table.columnNames));
    // the DataSource knows it: the zone reads and writes it through TypeORM
    expect(st.core.dataSource.hasMetadata(table.entity), name).toBe(true);
    const own: Record<string, { nullable: boolean }> = table.own;
    const nullable = Object.entries(own).filter(([, c]) => c.nullable).map(([k]) => k).sort();
    expect(columns.filter((c) => !c.notnull && own[c.name]).map((c) => c.name).sort()).toEqual(nullable);
  });

  it('the declaration writes what its trigger queues: insert, update with the version bump, cancel', async () => {
    const [{ id: stationId }] = await sql<{ id: string }>(st, `SELECT "id" FROM "station"`);
    const w = { stationId, staffId: 'staff-1', now: new Date('2026-11-28T01:00:00Z') };
    await st.core.dataSource.transaction(async (m) => {
      const row = await table.insert(m, w, { source: 'grid-2026', mapping: '{}' });
      const changed = await table.update(m, w, row, 1, { mapping: '{"a":1}' });
      expect(changed).toMatchObject({ version: 2, mapping: '{"a":1}' });
      await expect(table.update(m, w, changed, 1, { mapping: '{}' })).rejects.toMatchObject({ code: 'CONFLICT', key: 'staleVersion' });
      await table.cancel(m, w, changed, 2, '重复');
      await expect(table.loadLive(m, row.id, 'collection.residentNotFound')).rejects.toMatchObject({ code: 'NOT_FOUND', key: 'collection.residentNotFound' });
    });
    const outbox = await sql<{ op: string; version: number; payload: string }>(st, `SELECT "op", "version", "payload" FROM sync_outbox WHERE "tableName" = 'collection_import_mapping' ORDER BY "seq"`);
    expect(outbox.map((o) => [o.op, o.version])).toEqual([['insert', 1], ['update', 2], ['update', 3]]);
    expect(JSON.parse(outbox[2].payload)).toMatchObject({ cancelReason: '重复', mapping: '{"a":1}', version: 3 });
  });

  it('cancels many rows in one statement: only the live ones it matches, each one version on', async () => {
    const [{ id: stationId }] = await sql<{ id: string }>(st, `SELECT "id" FROM "station"`);
    const w = { stationId, staffId: 'staff-1', now: new Date('2026-11-28T02:00:00Z') };
    const ids = await st.core.dataSource.transaction(async (m) => {
      const a = await table.insert(m, w, { source: 'street-a', mapping: '{}' });
      const b = await table.insert(m, w, { source: 'street-b', mapping: '{}' });
      const c = await table.insert(m, w, { source: 'other', mapping: '{}' });
      await table.cancelWhere(m, w, `"source" LIKE ?`, ['street-%'], '合并');
      return [a.id, b.id, c.id];
    });
    const rows = await sql<{ id: string; version: number; cancelReason: string | null; updatedAt: string }>(
      st,
      `SELECT "id", "version", "cancelReason", "updatedAt" FROM "collection_import_mapping" WHERE "id" IN (?, ?, ?)`,
      ids,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => [byId.get(id)!.version, byId.get(id)!.cancelReason])).toEqual([[2, '合并'], [2, '合并'], [1, null]]);
    const queued = await sql<{ rowId: string; version: number }>(st, `SELECT "rowId", "version" FROM sync_outbox WHERE "rowId" IN (?, ?, ?) AND "op" = 'update'`, ids);
    expect(queued.map((q) => q.rowId).sort()).toEqual([ids[0], ids[1]].sort());
  });

  it('inserts many rows at once exactly as one by one: each stored whole and queued for HQ as its own insert', async () => {
    const [{ id: stationId }] = await sql<{ id: string }>(st, `SELECT "id" FROM "station"`);
    const w = { stationId, staffId: 'staff-1', now: new Date('2026-11-28T03:00:00Z') };
    // more than one statement's worth, and a last statement that is not full
    const values = Array.from({ length: 450 }, (_, i) => ({ source: `bulk-${String(i).padStart(3, '0')}`, mapping: `{"n":${i}}` }));
    const ids = bulkIds(values.length);
    await st.core.dataSource.transaction((m) => table.insertMany(m, w, values, ids));
    const rows = await sql<Record<string, unknown>>(st, `SELECT * FROM "collection_import_mapping" WHERE "source" LIKE 'bulk-%' ORDER BY "source"`);
    const at = '2026-11-28T03:00:00.000Z';
    const base = { stationId, createdAt: at, updatedAt: at, createdBy: 'staff-1', updatedBy: 'staff-1', version: 1, cancelledAt: null, cancelReason: null };
    expect(rows).toEqual(values.map((v, i) => ({ id: ids[i], ...base, ...v })));
    const queued = await sql<{ rowId: string; op: string; version: number; payload: string }>(
      st,
      `SELECT "rowId", "op", "version", "payload" FROM sync_outbox WHERE "tableName" = 'collection_import_mapping' AND "rowId" IN (SELECT "id" FROM "collection_import_mapping" WHERE "source" LIKE 'bulk-%')`,
    );
    expect(queued).toHaveLength(450);
    expect(queued.every((q) => q.op === 'insert' && q.version === 1)).toBe(true);
    expect(JSON.parse(queued.find((q) => q.rowId === ids[449])!.payload)).toEqual(rows[449]);
  });

  it('purges rows: their outbox entries go, and one delete each is queued for HQ with the next version', async () => {
    const [{ id: stationId }] = await sql<{ id: string }>(st, `SELECT "id" FROM "station"`);
    const w = { stationId, staffId: 'staff-1', now: new Date('2026-11-28T04:00:00Z') };
    const purgedAt = '2026-11-28T05:00:00.000Z';
    const [a, b, kept] = await st.core.dataSource.transaction(async (m) => {
      const a = await table.insert(m, w, { source: 'purge-a', mapping: '{"secret":"甲"}' });
      await table.update(m, w, a, 1, { mapping: '{"secret":"乙"}' });
      const b = await table.insert(m, w, { source: 'purge-b', mapping: '{}' });
      const kept = await table.insert(m, w, { source: 'purge-kept', mapping: '{}' });
      await table.purgeWhere(m, `"source" IN (?, ?)`, ['purge-a', 'purge-b'], purgedAt);
      return [a, b, kept];
    });
    const left = await sql<{ id: string }>(st, `SELECT "id" FROM "collection_import_mapping" WHERE "source" LIKE 'purge-%'`);
    expect(left.map((r) => r.id)).toEqual([kept.id]);
    const queued = async (id: string) =>
      (await sql<{ op: string; version: number; payload: string; createdAt: string }>(st, `SELECT "op", "version", "payload", "createdAt" FROM sync_outbox WHERE "rowId" = ? ORDER BY "seq"`, [id])).map(
        (q) => ({ op: q.op, version: q.version, payload: JSON.parse(q.payload), createdAt: q.createdAt }),
      );
    expect(await queued(a.id)).toEqual([{ op: 'delete', version: 3, payload: { id: a.id, stationId, version: 3, purgedAt }, createdAt: purgedAt }]);
    expect(await queued(b.id)).toEqual([{ op: 'delete', version: 2, payload: { id: b.id, stationId, version: 2, purgedAt }, createdAt: purgedAt }]);
    expect((await queued(kept.id)).map((q) => [q.op, q.version])).toEqual([['insert', 1]]);
  });

  it('every table a zone sends to HQ has its declaration, which a retention purge deletes its rows through', () => {
    const outbox = ZONE_TABLES.filter(({ table: t }) => t.sync === 'outbox').map(({ table: t }) => t.name);
    expect(outbox.length).toBeGreaterThan(40);
    for (const name of outbox) expect(syncedTableNamed(name).name).toBe(name);
    expect(() => syncedTableNamed('audit_log')).toThrow();
  });
});
