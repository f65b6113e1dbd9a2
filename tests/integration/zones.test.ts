/**
 * The core's zones are its registry: every contract method is handled by exactly one zone, every
 * table of a freshly migrated database is declared by exactly one zone, and a table declared as
 * synced is exactly one that has the outbox triggers. Each retention kind is one zone's table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../src/shared/contract.js';
import { RETENTION_KINDS } from '../../src/shared/retention/contract.js';
import { ZONE_TABLES, ZONES } from '../../src/main/zones.js';
import { setUpStation, sql, type TestStation } from '../helpers/station.js';

/** SQLite's and TypeORM's own bookkeeping, no zone's data */
const ENGINE_TABLES = new Set(['sqlite_sequence', 'migrations']);

const owners = <T>(items: readonly { zone: string; key: T }[]) => {
  const found = new Map<T, string[]>();
  for (const { zone, key } of items) found.set(key, [...(found.get(key) ?? []), zone]);
  return found;
};
const notOnce = <T>(found: Map<T, string[]>) => [...found].filter(([, zones]) => zones.length !== 1);

describe('zones as manifests', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation();
  });
  afterAll(() => st.close());

  it('names each zone once', () => {
    const names = ZONES.map((z) => z.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('handles every contract method in exactly one zone, and nothing outside the contract', () => {
    const found = owners(ZONES.flatMap((z) => z.handlers.map((h) => ({ zone: z.name, key: h.method.name }))));
    expect(notOnce(found)).toEqual([]);
    expect(METHODS.map((m) => m.name).filter((name) => !found.has(name))).toEqual([]);
    const contract = new Set(METHODS.map((m) => m.name));
    expect([...found.keys()].filter((name) => !contract.has(name))).toEqual([]);
  });

  it('declares every table of a migrated database in exactly one zone, synced exactly where the outbox triggers are', async () => {
    const declared = owners(ZONE_TABLES.map(({ zone, table }) => ({ zone, key: table.name })));
    expect(notOnce(declared)).toEqual([]);
    const tables = (await sql<{ name: string }>(st, `SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' ORDER BY "name"`))
      .map((r) => r.name)
      .filter((name) => !ENGINE_TABLES.has(name));
    expect(tables.filter((name) => !declared.has(name))).toEqual([]);
    expect([...declared.keys()].filter((name) => !tables.includes(name))).toEqual([]);

    const withTriggers = (await sql<{ t: string }>(st, `SELECT DISTINCT "tbl_name" AS "t" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '%_outbox_%' ORDER BY "t"`)).map(
      (r) => r.t,
    );
    const syncedDeclared = ZONE_TABLES.filter(({ table }) => table.sync === 'outbox')
      .map(({ table }) => table.name)
      .sort();
    expect(syncedDeclared).toEqual(withTriggers);
  });

  it('gives each retention kind to exactly one zone table, whose children that zone or another declares', () => {
    const found = owners(ZONE_TABLES.flatMap(({ zone, table }) => (table.retention ? [{ zone, key: table.retention.kind }] : [])));
    expect(notOnce(found)).toEqual([]);
    expect([...found.keys()].sort()).toEqual([...RETENTION_KINDS].sort());
    const names = new Set(ZONE_TABLES.map(({ table }) => table.name));
    const children = ZONE_TABLES.flatMap(({ table }) => table.retention?.children.map((c) => c.table) ?? []);
    expect(children.filter((t) => !names.has(t))).toEqual([]);
  });
});
