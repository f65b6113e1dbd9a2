import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_TABLES } from '../../src/shared/backup/recordKinds.js';
import { en as backupEn, zh as backupZh } from '../../src/renderer/backup/i18n.js';
import { setUpStation, sql, type TestStation } from '../helpers/station.js';

// A restore preview names what a backup holds: every table of a freshly migrated station is either
// a kind of record with words in both languages, or one of the app's own tables counted together.
describe('the restore preview’s words for what a backup holds', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation();
  });
  afterAll(() => st.close());

  it('has a word in Chinese and English for every kind of record, and no table is left as its name', async () => {
    const tables = (await sql<{ name: string }>(st, `SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%'`)).map((r) => r.name);
    const unnamed = tables.filter((t) => !SYSTEM_TABLES.has(t) && !(backupZh.tables[t] && (backupEn.tables as Record<string, string>)[t]));
    expect(unnamed, 'tables a restore preview would show by their name').toEqual([]);
    for (const t of Object.keys(backupZh.tables)) expect(tables, `a word for a table that no longer exists: ${t}`).toContain(t);
    expect(Object.keys(backupEn.tables).sort()).toEqual(Object.keys(backupZh.tables).sort());
  });
});
