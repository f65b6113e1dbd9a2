import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alerts, MediationCase, Mediator, Queue, QueueCase, Stats } from '../../src/shared/mediation/contract.js';
import type { CaseTransfer, TransfersView } from '../../src/shared/sync/contract.js';
import { enrol, hqRows, newStore, startHq, stationUuid, type HqStore, type TestHq } from '../helpers/hq.js';
import { ok, setUpStation, type TestStation } from '../helpers/station.js';
import { caseApi, travel } from './mediation.helpers.js';

/** A real 1×1 PNG: the file whose bytes stay at the sending station. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('a mediation case transferred between two stations through HQ (on postgres)', () => {
  let store: HqStore;
  let hq: TestHq;
  let a: TestStation;
  let b: TestStation;

  beforeAll(async () => {
    store = await newStore('postgres');
    hq = await startHq(store);
    a = await setUpStation();
    b = await setUpStation();
    await enrol(a, hq, 'SY-NJ-001');
    await enrol(b, hq, 'SY-NJ-002');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await hq?.close();
    await store?.drop();
  });

  const call = <T = unknown>(st: TestStation, method: string, input: unknown) => ok<T>(st.core.call(method, input, { token: st.token }));
  const transfers = (st: TestStation) => call<TransfersView>(st, 'sync.transfers', {});
  const hqTransfer = async (id: string) => (await hq.db.rows<{ status: string; newCaseNo: string | null }>(`SELECT * FROM "hq_transfer" WHERE "id" = ?`, [id]))[0];

  it('moves the case with its parties, sessions and file list; the sender keeps a read-only copy', async () => {
    const cases = caseApi(a);
    const c = await cases.mediating();
    await call(a, 'mediation.attachFile', { id: c.id, kind: 'photo', fileName: '漏水照片.png', content: PNG });
    expect((await transfers(a)).transferable.map((t) => t.id)).toContain(c.id);

    const out = await call<CaseTransfer>(a, 'sync.transferCase', { caseId: c.id, toStationCode: 'SY-NJ-002', reason: '当事人均已迁居繁荣社区以外，由居住地警务室续办' });
    expect(out).toMatchObject({ direction: 'out', status: 'requested', caseNo: c.caseNo, toStationCode: 'SY-NJ-002', requestedBy: '王所长' });
    // from the request on the sender's copy takes no more changes, and says where it is going
    const now = await call<MediationCase>(a, 'mediation.get', { id: c.id });
    expect(now.transfer).toEqual({
      status: 'requested',
      toStationCode: 'SY-NJ-002',
      toStationName: null,
      reason: '当事人均已迁居繁荣社区以外，由居住地警务室续办',
      requestedAt: out.requestedAt,
      requestedBy: '王所长',
      acceptedAt: null,
      newCaseNo: null,
    });
    expect(now.next).toEqual([]);
    const refused = await a.core.call('mediation.addSession', { id: c.id, version: now.version, heldAt: c.clocks.acceptedAt, place: '调解室', minutes: '再次调解。' }, { token: a.token });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'sync.caseTransferred', params: { station: 'SY-NJ-002' } } });
    expect((await transfers(a)).transferable.map((t) => t.id)).not.toContain(c.id);
    // a second request for the same case waits for the first
    expect(await a.core.call('sync.transferCase', { caseId: c.id, toStationCode: 'SY-NJ-003', reason: '重复申请' }, { token: a.token })).toMatchObject({
      ok: false,
      error: { key: 'sync.caseTransferred' },
    });

    await a.core.sync.round();
    expect(await hqTransfer(out.id)).toMatchObject({ status: 'published', toStationCode: 'SY-NJ-002' });

    // the receiver sees it arrive with what comes along
    await b.core.sync.round();
    const [incoming] = (await transfers(b)).transfers;
    expect(incoming).toMatchObject({
      id: out.id,
      direction: 'in',
      status: 'received',
      caseNo: c.caseNo,
      fromStationCode: 'SY-NJ-001',
      reason: '当事人均已迁居繁荣社区以外，由居住地警务室续办',
      summary: { type: 'neighbour', parties: ['李明', '王强'], sessions: 1, files: [{ fileName: '漏水照片.png', size: PNG.length }] },
    });

    // the receiving head takes it: one of B's cases, under B's numbering, and B can work on it
    const taken = await call<CaseTransfer>(b, 'sync.receiveTransfer', { id: out.id });
    expect(taken).toMatchObject({ status: 'accepted', newCaseNo: expect.stringMatching(/^\d{4}-\d{4}$/) });
    const there = await call<MediationCase>(b, 'mediation.get', { id: taken.newCaseId });
    expect(there.status).toBe('mediating');
    expect(there.facts).toBe(c.facts);
    expect(there.parties.map((p) => p.name)).toEqual(['李明', '王强']);
    expect(there.sessions).toHaveLength(1);
    expect(there.sessions[0].attendeePartyIds.every((id: string) => there.parties.some((p) => p.id === id))).toBe(true);
    // A's own mediator is not in B's pool: B assigns one of its own before mediating further
    const mediator = await call<{ id: string }>(b, 'mediation.poolCreate', { name: '周调解', specialties: ['neighbour'] });
    const assigned = await call<MediationCase>(b, 'mediation.assign', { id: there.id, version: there.version, mediatorIds: [mediator.id] });
    const more = await call<MediationCase>(b, 'mediation.addSession', { id: there.id, version: assigned.version, heldAt: c.clocks.acceptedAt, place: '繁荣二社区调解室', minutes: '续办第一次调解。' });
    expect(more.sessions).toHaveLength(2);
    expect(await b.core.call('sync.receiveTransfer', { id: out.id }, { token: b.token })).toMatchObject({ ok: false, error: { key: 'sync.transferTaken' } });

    // the receipt goes up; HQ records it and tells the sender
    await b.core.sync.round();
    expect(await hqTransfer(out.id)).toMatchObject({ status: 'accepted', newCaseNo: taken.newCaseNo });
    const bRows = await hqRows(hq.db, await stationUuid(b.core));
    expect(bRows.some((r) => r.startsWith(`mediation_case/${taken.newCaseId}@`))).toBe(true);
    await a.core.sync.round();
    const [done] = (await transfers(a)).transfers;
    expect(done).toMatchObject({ id: out.id, status: 'accepted', newCaseNo: taken.newCaseNo, statusNote: '繁荣社区警务室' });
    // the sender's copy says who took it, under which number; it stays read-only for good
    expect((await call<MediationCase>(a, 'mediation.get', { id: c.id })).transfer).toMatchObject({
      status: 'accepted',
      toStationCode: 'SY-NJ-002',
      toStationName: '繁荣社区警务室',
      requestedBy: '王所长',
      acceptedAt: expect.any(String),
      newCaseNo: taken.newCaseNo,
    });
    expect(there.transfer).toBeNull();
    expect(await a.core.call('mediation.cancel', { id: c.id, version: now.version, reason: '误操作' }, { token: a.token })).toMatchObject({
      ok: false,
      error: { key: 'sync.caseTransferred' },
    });
  });

  it('a request to a station HQ does not know comes back refused, and the case is the sender’s again', async () => {
    const c = await caseApi(a).open();
    const out = await call<CaseTransfer>(a, 'sync.transferCase', { caseId: c.id, toStationCode: 'SY-XX-999', reason: '移交至外区警务室' });
    expect(await a.core.call('mediation.accept', { id: c.id, version: c.version }, { token: a.token })).toMatchObject({ ok: false });
    // one round: the request goes up, HQ answers into the sender's bucket, the answer comes down
    await a.core.sync.round();
    expect(await hqTransfer(out.id)).toMatchObject({ status: 'refused', statusNote: 'unknownStation' });
    const back = (await transfers(a)).transfers.find((t) => t.id === out.id);
    expect(back).toMatchObject({ status: 'refused', statusNote: 'unknownStation' });
    const mine = await call<MediationCase>(a, 'mediation.get', { id: c.id });
    expect(mine.transfer).toBeNull();
    expect(mine.next).toContain('accept');
    // and in the queue it is an ordinary open case again, not one leaving
    const line = (await call<Queue>(a, 'mediation.queue', {})).cases.find((q) => q.id === c.id);
    expect(line).toMatchObject({ status: 'registered', transfer: null });
    const accepted = await call<MediationCase>(a, 'mediation.accept', { id: c.id, version: c.version });
    expect(accepted.status).toBe('accepted');
    // and B never saw it
    await b.core.sync.round();
    expect((await transfers(b)).transfers.map((t) => t.id)).not.toContain(out.id);
  });

  it('refuses a transfer to the station itself, and asks for a reason', async () => {
    const c = await caseApi(a).open();
    expect(await a.core.call('sync.transferCase', { caseId: c.id, toStationCode: 'SY-NJ-001', reason: '自己' }, { token: a.token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'toStationCode', key: 'sync.transferSameStation' },
    });
    expect(await a.core.call('sync.transferCase', { caseId: c.id, toStationCode: 'SY-NJ-002', reason: ' ' }, { token: a.token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'reason' },
    });
  });
  it('a case the other station has taken is no longer the sender’s open work: gone from its queue, alerts, overdue counts and figures, listed apart', async () => {
    const cases = caseApi(a);
    const leaving = await cases.assigned();
    const staying = await cases.assigned();
    const mediator = await cases.poolMediator();
    // two days on neither has started: both are late to start
    await travel(a, '2026-11-30T03:00:00Z');
    const queue = (input: Record<string, unknown> = {}) => call<Queue>(a, 'mediation.queue', input);
    const alerts = () => call<Alerts>(a, 'mediation.alerts', {});
    const stats = () => call<Stats>(a, 'mediation.stats', { from: '2026-11', to: '2026-11' });
    const load = async () => (await call<Mediator[]>(a, 'mediation.poolList', {})).find((m) => m.id === mediator.id)!.load;
    const line = (q: { cases: QueueCase[] }, id: string) => q.cases.find((x) => x.id === id);
    const ids = (list: QueueCase[]) => list.map((x) => x.id);
    const hqCases = async (code: string) => (await hq.service.overview('2026-11-01', '2026-11-30')).stations.find((x) => x.code === code)!.mediation;

    const out = await call<CaseTransfer>(a, 'sync.transferCase', { caseId: leaving.id, toStationCode: 'SY-NJ-002', reason: '双方均已搬至繁荣二社区' });
    // requested only: still A's (B may never take it), late as it was, marked as leaving
    const before = await queue();
    expect(line(before, leaving.id)).toMatchObject({
      startOverdue: true,
      transfer: { status: 'requested', toStationCode: 'SY-NJ-002', toStationName: null, newCaseNo: null },
    });
    expect(line(before, staying.id)).toMatchObject({ startOverdue: true, transfer: null });
    const alertsBefore = await alerts();
    expect(ids(alertsBefore.overdueStart)).toEqual(expect.arrayContaining([leaving.id, staying.id]));
    expect(alertsBefore.overdueStart.find((x) => x.id === leaving.id)!.transfer).toMatchObject({ status: 'requested' });
    const statsBefore = await stats();
    const loadBefore = await load();
    expect(loadBefore).toBeGreaterThanOrEqual(2);
    await a.core.sync.round();
    const atHqBefore = await hqCases('SY-NJ-001');

    // B takes it; A hears of it on its next round
    await b.core.sync.round();
    const taken = await call<CaseTransfer>(b, 'sync.receiveTransfer', { id: out.id });
    await b.core.sync.round();
    await a.core.sync.round();

    const after = await queue();
    expect(line(after, leaving.id)).toBeUndefined();
    expect(line(after, staying.id)).toMatchObject({ startOverdue: true });
    expect([after.total, after.overdue]).toEqual([before.total - 1, before.overdue - 1]);
    // a filter on its type does not bring it back either: it is not late here any more
    expect(ids((await queue({ type: 'neighbour' })).cases)).not.toContain(leaving.id);
    const alertsAfter = await alerts();
    expect(ids(alertsAfter.overdueStart)).not.toContain(leaving.id);
    expect(ids(alertsAfter.overdueStart)).toContain(staying.id);
    expect(ids([...alertsAfter.overdueConclude, ...alertsAfter.highRisk, ...alertsAfter.followUpsDue, ...alertsAfter.failuresPending])).not.toContain(leaving.id);

    // listed apart, read-only, with where it went and no clock running
    const away = await queue({ transferredAway: true });
    expect(away.overdue).toBe(0);
    expect(line(away, leaving.id)).toMatchObject({
      caseNo: leaving.caseNo,
      startOverdue: false,
      concludeOverdue: false,
      transfer: { status: 'accepted', toStationCode: 'SY-NJ-002', toStationName: '繁荣社区警务室', newCaseNo: taken.newCaseNo },
    });
    expect(ids(away.cases)).not.toContain(staying.id);
    expect((await call<MediationCase>(a, 'mediation.get', { id: leaving.id })).transfer).toMatchObject({ status: 'accepted' });

    // it counts at B now, not at A: the figures, the mediator's load, HQ's overview
    const statsAfter = await stats();
    expect(statsAfter.totals).toMatchObject({
      registered: statsBefore.totals.registered - 1,
      accepted: statsBefore.totals.accepted - 1,
      overdueStart: statsBefore.totals.overdueStart - 1,
    });
    expect(statsAfter.transferredAway).toBe(statsBefore.transferredAway + 1);
    expect(await load()).toBe(loadBefore - 1);
    expect((await hqCases('SY-NJ-001')).accepted ?? 0).toBe((atHqBefore.accepted ?? 0) - 1);
    expect((await hqCases('SY-NJ-002')).accepted).toBeGreaterThanOrEqual(1);
    const atB = await call<Queue>(b, 'mediation.queue', {});
    expect(line(atB, taken.newCaseId!)).toMatchObject({ caseNo: taken.newCaseNo, transfer: null });
  });
});
