import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurgePreview } from '../../src/shared/retention/contract.js';
import { enrol, hqPayloads, hqRows, newStore, startHq, stationUuid, type Dialect, type HqStore, type TestHq } from '../helpers/hq.js';
import { HEAD, ok, setUpStation, sql, walkIn, type TestStation } from '../helpers/station.js';
import { travel } from './mediation.helpers.js';

/** A purge at the station reaches HQ: HQ deletes the same rows, on PostgreSQL as on SQLite. */
describe.each<Dialect>(['postgres', 'sqlite'])('a retention purge mirrored to HQ (on %s)', (dialect) => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let uuid: string;
  const call = <T = any>(method: string, input: unknown) => ok<T>(st.core.call(method, input, { token: st.token }));
  const finished = async (name: string) => {
    const w = await call('intake.register', walkIn({ visitorName: name, purpose: 'consultation', route: 'office' }));
    await call('intake.setStatus', { id: w.id, status: 'serving' });
    return (await call('intake.setStatus', { id: w.id, status: 'done' })).id as string;
  };

  beforeAll(async () => {
    store = await newStore(dialect);
    hq = await startHq(store);
    st = await setUpStation({ now: '2022-03-01T02:00:00Z' });
    await enrol(st, hq);
    uuid = await stationUuid(st.core);
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  it('deletes at HQ what the station purged, sent or never sent, and keeps the rest', async () => {
    const synced = [await finished('周一'), await finished('吴二')];
    await st.core.sync.round();
    const atHq = await hqRows(hq.db, uuid);
    for (const id of synced) expect(atHq.some((r) => r.includes(id))).toBe(true);
    // one more, never uploaded before the purge: its pending entries never reach HQ
    const pending = await finished('郑三');
    await travel(st, '2026-11-28T02:00:00Z');
    const recent = await finished('王四');

    const p = await call<PurgePreview>('retention.preview', {});
    const expected = Object.fromEntries(p.kinds.map((k) => [k.kind, k.count]));
    expect(expected.walkIns).toBe(3);
    await call('retention.purge', { asOf: p.asOf, expected, password: HEAD.password });
    const queued = await sql<{ op: string; rowId: string }>(st, `SELECT op, "rowId" FROM sync_outbox WHERE "rowId" = ?`, [pending]);
    expect(queued.map((q) => q.op)).toEqual(['delete']);

    await st.core.sync.round();
    const after = await hqRows(hq.db, uuid);
    for (const id of [...synced, pending]) expect(after.some((r) => r.includes(id)), id).toBe(false);
    expect(after.some((r) => r.includes(recent))).toBe(true);
    // HQ's copy held no trace of the purged visitors, and nothing was rejected
    const payloads = JSON.stringify(await hqPayloads(hq.db, `"stationId" = ?`, [uuid]));
    for (const name of ['周一', '吴二', '郑三']) expect(payloads).not.toContain(name);
    expect(payloads).toContain('王四');
    expect(await hq.db.rows(`SELECT 1 FROM "hq_reject"`)).toEqual([]);
    // and the station's outbox is acknowledged up to the deletes
    const status = await call('sync.status', {});
    expect(status.backlog).toBe(0);
  });
});
