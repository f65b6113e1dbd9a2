/**
 * Taking back a referral (转办) within the few seconds the desk offers: the walk-in it made in the
 * other zone is withdrawn — unless someone there has already called or served it — and the original
 * is back as it was, audited and synced (HQ learns of the withdrawal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, WalkIn } from '../../src/shared/intake/contract.js';
import { enrol, hqPayloads, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { addStaff, ok, relogin, setUpStation, sql, walkIn, type TestStation } from '../helpers/station.js';

describe('taking back a referral', () => {
  let st: TestStation;
  let store: HqStore;
  let hq: TestHq;
  const act = (method: string, input: unknown, token = st.token) => st.core.call(method, input, { token });
  const board = async () => (await ok<Board>(act('intake.board', {}))).walkIns;
  const refer = async (name: string, route = 'mediation', serve = false) => {
    const w = await ok<WalkIn>(act('intake.register', walkIn({ visitorName: name, route: 'office', purpose: 'consultation' })));
    if (serve) await ok(act('intake.setStatus', { id: w.id, status: 'serving' }));
    const made = await ok<WalkIn>(act('intake.refer', { id: w.id, route }));
    return { original: w, made };
  };

  beforeAll(async () => {
    store = await newStore('sqlite');
    hq = await startHq(store);
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
    await enrol(st, hq);
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  it('withdraws the new walk-in and puts a waiting one back in its queue, audited, the withdrawal synced to HQ', async () => {
    const { original, made } = await refer('孙七');
    expect(made).toMatchObject({ route: 'mediation', status: 'waiting', referredFromId: original.id });
    // HQ has the new walk-in before the undo
    await st.core.sync.round();

    const back = await ok<WalkIn>(act('intake.undoFinish', { id: original.id }));
    expect(back).toMatchObject({ id: original.id, status: 'waiting', finishedAt: null, referredToId: null, servedBy: null });
    const today = await board();
    expect(today.map((w) => w.id)).toContain(original.id);
    expect(today.map((w) => w.id)).not.toContain(made.id);
    // the mediation zone's queue no longer holds it
    const queue = await ok<{ walkIns: { walkInId: string }[] }>(act('intake.callQueue', { route: 'mediation' }));
    expect(queue.walkIns.map((w) => w.walkInId)).not.toContain(made.id);

    const [audit] = await sql<{ recordId: string; detail: string }>(st, `SELECT "recordId", "detail" FROM "audit_log" WHERE "method" = 'intake.undoFinish'`);
    expect(audit.recordId).toBe(original.id);
    expect(JSON.parse(audit.detail)).toEqual({ kind: 'walkInReferralUndone', withdrawnId: made.id });

    await st.core.sync.round();
    const [atHq] = await hqPayloads(hq.db, `"rowId" = ?`, [made.id]);
    expect(atHq).toMatchObject({ id: made.id, version: 2, cancelledAt: '2026-11-28T02:00:00.000Z' });
    const [originalAtHq] = await hqPayloads(hq.db, `"rowId" = ?`, [original.id]);
    expect(originalAtHq).toMatchObject({ status: 'waiting', referredToId: null, finishedAt: null });
  });

  it('puts a walk-in that was being served back to being served, by the same person', async () => {
    const { original } = await refer('周八', 'collection', true);
    const back = await ok<WalkIn>(act('intake.undoFinish', { id: original.id }));
    expect(back).toMatchObject({ status: 'serving', referredToId: null, servedBy: { name: '王所长' } });
    expect(back.servingStartedAt).not.toBeNull();
  });

  it('says why it cannot be undone once the other zone has called or served the new walk-in', async () => {
    const called = await refer('吴九');
    await ok(act('intake.call', { route: 'mediation', walkInId: called.made.id }));
    expect(await act('intake.undoFinish', { id: called.original.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', key: 'intake.undoReferralCalled', params: { queueNo: called.made.queueNo } },
    });

    const served = await refer('郑十', 'patrol');
    const colleague = await addStaff(st, 'officer', '冯警官');
    await ok(act('intake.setStatus', { id: served.made.id, status: 'serving' }, colleague.token));
    expect(await act('intake.undoFinish', { id: served.original.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', key: 'intake.undoReferralTaken', params: { queueNo: served.made.queueNo } },
    });
    // nothing changed: both stay as they were
    const today = await board();
    expect(today.find((w) => w.id === served.original.id)).toMatchObject({ status: 'referred', referredToId: served.made.id });
    expect(today.find((w) => w.id === served.made.id)).toMatchObject({ status: 'serving' });
    expect(today.find((w) => w.id === called.made.id)).toMatchObject({ status: 'waiting' });
  });

  it('is too late after the few seconds the desk offers', async () => {
    const { original, made } = await refer('钱十一');
    st.setNow('2026-11-28T02:00:30Z');
    await relogin(st);
    expect(await act('intake.undoFinish', { id: original.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.undoLate' } });
    expect((await board()).find((w) => w.id === made.id)).toMatchObject({ status: 'waiting' });
  });
});
