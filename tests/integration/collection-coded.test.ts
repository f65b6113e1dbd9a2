import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resident } from '../../src/shared/collection/contract.js';
import { ok, setUpStation, sql, type TestStation } from '../helpers/station.js';

describe('the resident’s 文化程度 (GB/T 4658) and 婚姻状况 (GB/T 2261.2)', () => {
  let st: TestStation;
  const call = (method: string, input: unknown) => st.core.call(method, input, { token: st.token });
  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
  });
  afterAll(() => st.close());

  it('are stored as codes, shown, queued for HQ, kept by an edit that leaves them out, and refused outside their lists', async () => {
    const p = await ok<Resident>(call('collection.residentCreate', { name: '钱七', idNumber: '11010519491231002X', category: 'registered', education: '20', maritalStatus: '30' }));
    expect(p).toMatchObject({ education: '20', maritalStatus: '30' });
    const [outbox] = await sql<{ payload: string }>(st, `SELECT "payload" FROM sync_outbox WHERE "tableName" = 'resident' AND "rowId" = ?`, [p.id]);
    expect(JSON.parse(outbox.payload)).toMatchObject({ education: '20', maritalStatus: '30' });
    const edited = await ok<Resident>(call('collection.residentUpdate', { id: p.id, version: p.version, name: '钱七', category: 'registered', note: '复核' }));
    expect(edited).toMatchObject({ education: '20', maritalStatus: '30', note: '复核' });
    const bad = await call('collection.residentCreate', { name: '孙八', idType: 'none', category: 'registered', education: '55' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'education', key: 'invalidOption' } });
  });
});
