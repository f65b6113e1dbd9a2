import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../src/shared/contract.js';
import type { DisplayState, QueuedWalkIn, RatableWalkIn, Rating, RatingStats } from '../../src/shared/intake/hall.js';
import { maskName } from '../../src/shared/intake/hall.js';
import type { WalkIn } from '../../src/shared/intake/contract.js';
import type { ShiftLog } from '../../src/shared/office/contract.js';
import type { Client } from '../../src/main/auth/guessing.js';
import { addStaff, ok, setUpStation, sql, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';

const DISPLAY: Extract<Client, { kind: 'terminal' }> = { kind: 'terminal', id: 'display-1', name: '候问区电视', address: '192.168.1.20', mode: 'display' };
const RATING: Extract<Client, { kind: 'terminal' }> = { kind: 'terminal', id: 'rating-1', name: '评价平板', address: '192.168.1.21', mode: 'rating' };

describe('the service hall: calling walk-ins to their zone', () => {
  let st: TestStation;
  let mediator: TestStaff;
  let grid: TestStaff;
  const call = (method: string, input: unknown, token: string | undefined = st.token) => st.core.call(method, input, { token });
  const register = (over: Record<string, unknown>) => ok<WalkIn>(call('intake.register', walkIn(over)));

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
    mediator = await addStaff(st, 'mediator', '陈调解');
    grid = await addStaff(st, 'gridWorker', '赵网格');
  });
  afterAll(() => st.close());

  it('masks names as a public screen shows them', () => {
    expect(maskName('张三华')).toBe('张*华');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('王');
  });

  it('calls the next of the zone, a chosen one, again; skips and puts back — each on the display within its signal', async () => {
    const a = await register({ visitorName: '张三华', route: 'mediation' });
    const b = await register({ visitorName: '李四', idNumber: null, idType: 'none', phone: null, route: 'mediation' });
    const c = await register({ visitorName: '王五六', idNumber: null, idType: 'none', phone: null, route: 'mediation' });
    const first = await ok<DisplayState>(st.core.call('intake.display', {}, { client: DISPLAY }));
    expect(first.zones.find((z) => z.route === 'mediation')?.current).toBeNull();
    expect(first.stationName).toBe('宁江区繁荣社区警务室');
    expect(first.dutyPhone).toBe('0438-6123456');

    // the display waits on the core's signal: the call's commit answers it
    const waiting = st.core.call('intake.display', { after: first.seq, waitMs: 5000 }, { client: DISPLAY });
    const started = Date.now();
    st.setNow('2026-11-28T01:01:00Z');
    const called = await ok<QueuedWalkIn>(call('intake.call', { route: 'mediation' }, mediator.token));
    expect(called).toMatchObject({ walkInId: a.id, queueNo: a.queueNo, callState: 'called', calls: 1 });
    const shown = await ok<DisplayState>(waiting);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(shown.seq).toBeGreaterThan(first.seq);
    const zone = shown.zones.find((z) => z.route === 'mediation')!;
    expect(zone.current).toMatchObject({ queueNo: '调-001', nameMasked: '张*华', again: false });
    // nothing personal beyond the masked name
    const text = JSON.stringify(shown);
    expect(text).not.toContain('张三华');
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('13912345678');

    // the next call takes the next in line; a chosen one may jump it
    st.setNow('2026-11-28T01:02:00Z');
    expect(await ok<QueuedWalkIn>(call('intake.call', { route: 'mediation', walkInId: c.id }))).toMatchObject({ walkInId: c.id });
    expect(await ok<QueuedWalkIn>(call('intake.call', { route: 'mediation' }))).toMatchObject({ walkInId: b.id });
    expect(await call('intake.call', { route: 'mediation' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.queueEmpty' } });

    // 重呼 comes first on the display, marked as again
    st.setNow('2026-11-28T01:03:00Z');
    expect(await ok<QueuedWalkIn>(call('intake.recall', { walkInId: a.id }))).toMatchObject({ calls: 2 });
    const again = await ok<DisplayState>(st.core.call('intake.display', {}, { client: DISPLAY }));
    expect(again.calls[0]).toMatchObject({ queueNo: '调-001', again: true });

    // 过号: out of the queue until put back; then the next call takes it again
    expect(await ok<QueuedWalkIn>(call('intake.skip', { walkInId: a.id }))).toMatchObject({ callState: 'skipped' });
    expect(await call('intake.recall', { walkInId: a.id })).toMatchObject({ ok: false, error: { key: 'intake.notCalled' } });
    expect(await call('intake.putBack', { walkInId: b.id })).toMatchObject({ ok: false, error: { key: 'intake.notSkipped' } });
    expect(await ok<QueuedWalkIn>(call('intake.putBack', { walkInId: a.id }))).toMatchObject({ callState: 'queued' });
    expect(await ok<QueuedWalkIn>(call('intake.call', { route: 'mediation' }))).toMatchObject({ walkInId: a.id, calls: 3 });

    const queue = await ok<{ walkIns: QueuedWalkIn[] }>(call('intake.callQueue', { route: 'mediation' }));
    expect(queue.walkIns.map((w) => [w.queueNo, w.callState])).toEqual([
      ['调-001', 'called'],
      ['调-002', 'called'],
      ['调-003', 'called'],
    ]);
    // every call is audited, with the number called
    const audit = await sql<{ method: string; detail: string }>(st, `SELECT "method", "detail" FROM "audit_log" WHERE "method" LIKE 'intake.%' AND "method" IN ('intake.call', 'intake.recall', 'intake.skip', 'intake.putBack') ORDER BY "at", "id"`);
    expect(audit.map((r) => r.method)).toEqual(['intake.call', 'intake.call', 'intake.call', 'intake.recall', 'intake.skip', 'intake.putBack', 'intake.call']);
  });

  it('calls only waiting walk-ins of the zones the caller serves; a grid worker calls none', async () => {
    const office = await register({ visitorName: '孙七', route: 'office', purpose: 'certificate' });
    expect(await call('intake.call', { route: 'office' }, mediator.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('intake.call', { route: 'office', walkInId: office.id }, mediator.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('intake.call', { route: 'office' }, grid.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('intake.display', {}, grid.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('intake.call', { route: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'route' } });
    await ok(call('intake.setStatus', { id: office.id, status: 'serving' }));
    expect(await call('intake.call', { route: 'office', walkInId: office.id })).toMatchObject({ ok: false, error: { key: 'intake.notWaiting' } });
  });

  it('a display terminal calls the display and nothing else; a rating terminal only the rating screen', async () => {
    for (const m of METHODS) {
      const input = m.name === 'auth.login' ? { username: 'wang', password: 'Start2026' } : {};
      const asDisplay = await st.core.call(m.name, input, { client: DISPLAY });
      if (m.name === 'intake.display') expect(asDisplay.ok, m.name).toBe(true);
      else expect(asDisplay, m.name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const asRating = await st.core.call(m.name, input, { client: RATING, token: st.token });
      if (m.terminal === 'rating') expect(asRating, m.name).not.toMatchObject({ error: { code: 'FORBIDDEN' } });
      else expect(asRating, m.name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});

describe('the service hall: satisfaction ratings (好差评)', () => {
  let st: TestStation;
  let officer: TestStaff;
  let tablet: Extract<Client, { kind: 'terminal' }>;
  const call = (method: string, input: unknown, token: string | undefined = st.token) => st.core.call(method, input, { token });
  const rate = (input: Record<string, unknown>) => st.core.call('intake.rate', input, { client: tablet });
  const served = async (name: string, end: 'done' | 'left' = 'done') => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: name, route: 'office', purpose: 'certificate' })));
    await ok(call('intake.setStatus', { id: w.id, status: 'serving' }, officer.token));
    await ok(call('intake.setStatus', { id: w.id, status: end }, officer.token));
    return w;
  };

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
    officer = await addStaff(st, 'officer', '刘警官');
    // a tablet the head paired for the rating screen
    const { id } = await ok<{ id: string }>(call('pairing.start', { name: '评价平板', mode: 'rating' }));
    tablet = { ...RATING, id };
    const [head] = await sql<{ id: string }>(st, `SELECT "id" FROM "staff" WHERE "username" = 'wang'`);
    await ok(call('office.shiftOpen', { source: 'manual', name: '白班', startsAt: '2026-11-28T00:00:00Z', endsAt: '2026-11-28T12:00:00Z', staffIds: [head.id, officer.id] }));
  });
  afterAll(() => st.close());

  it('offers walk-ins that ended with service, masked; one rating each, synced to HQ', async () => {
    const w = await served('张三华');
    const unserved = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '过客', route: 'office', purpose: 'other' })));
    await ok(call('intake.setStatus', { id: unserved.id, status: 'left' }));
    const offered = await ok<{ walkIns: RatableWalkIn[] }>(st.core.call('intake.ratingNext', {}, { client: tablet }));
    expect(offered.walkIns).toEqual([expect.objectContaining({ walkInId: w.id, queueNo: w.queueNo, nameMasked: '张*华' })]);
    expect(JSON.stringify(offered)).not.toContain('张三华');

    expect(await rate({ walkInId: unserved.id, level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.notRatable' } });
    const { id } = await ok<{ id: string }>(rate({ walkInId: w.id, level: 'verySatisfied' }));
    expect(await rate({ walkInId: w.id, level: 'satisfied' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'intake.alreadyRated' } });
    expect((await ok<{ walkIns: RatableWalkIn[] }>(st.core.call('intake.ratingNext', {}, { client: tablet }))).walkIns).toEqual([]);

    const outbox = await sql<{ op: string; payload: string }>(st, `SELECT "op", "payload" FROM "sync_outbox" WHERE "tableName" = 'walk_in_rating'`);
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0].payload)).toMatchObject({ id, walkInId: w.id, level: 'verySatisfied', localDate: '2026-11-28', terminalId: tablet.id, createdBy: officer.id });
    // the visitor rated, not a logged-in person
    const [audit] = await sql<{ staffId: string | null; detail: string }>(st, `SELECT "staffId", "detail" FROM "audit_log" WHERE "method" = 'intake.rate'`);
    expect({ ...audit, detail: JSON.parse(audit.detail) }).toEqual({ staffId: null, detail: { kind: 'visitorRating', level: 'verySatisfied', terminal: '评价平板' } });
  });

  it('asks reasons for the two poor levels only; a poor rating becomes a follow-up item of the duty log', async () => {
    const w = await served('李四', 'left');
    expect(await rate({ walkInId: w.id, level: 'dissatisfied' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'reasons', key: 'intake.ratingReasons' } });
    expect(await rate({ walkInId: w.id, level: 'satisfied', reasons: ['longWait'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'reasons' } });
    expect(await rate({ walkInId: w.id, level: 'bad' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'level' } });
    await ok(rate({ walkInId: w.id, level: 'veryDissatisfied', reasons: ['longWait', 'attitude'], comment: '等了一个小时' }));

    const ratings = await ok<{ ratings: Rating[] }>(call('intake.ratings', { poorOnly: true }));
    expect(ratings.ratings).toEqual([
      expect.objectContaining({ walkInId: w.id, visitorName: '李四', level: 'veryDissatisfied', reasons: ['longWait', 'attitude'], servedBy: '刘警官', terminalName: '评价平板' }),
    ]);
    const [entry] = await sql<{ id: string; type: string; state: string; action: string; result: string; followUpOwnerId: string }>(
      st,
      `SELECT "id", "type", "state", "action", "result", "followUpOwnerId" FROM "office_log_entry" WHERE "id" = ?`,
      [ratings.ratings[0].dutyEntryId],
    );
    expect(entry).toMatchObject({ type: 'reception', state: 'open', action: '来访人评价：非常不满意（等候时间长、态度不好），请回访核实', result: '等了一个小时', followUpOwnerId: officer.id });
    // and as its kind with its values, worded for each reader; the visitor's comment stays their words
    const [shift] = await sql<{ id: string }>(st, `SELECT "id" FROM "office_shift"`);
    const [logged] = (await ok<ShiftLog>(call('office.shiftGet', { id: shift.id }))).entries.filter((e) => e.id === entry.id);
    expect(logged.composed).toEqual({ kind: 'poorRating', visitorName: '李四', queueNo: w.queueNo, level: 'veryDissatisfied', reasons: ['longWait', 'attitude'] });

    expect(await ok<RatingStats>(call('intake.ratingStats', {}))).toEqual({ localDate: '2026-11-28', count: 2, satisfied: 1, rate: 0.5 });
    expect(await call('intake.ratings', {}, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('offers a walk-in for a while after it ended, not later', async () => {
    const w = await served('王五');
    st.setNow('2026-11-28T01:31:00Z');
    expect(await rate({ walkInId: w.id, level: 'satisfied' })).toMatchObject({ ok: false, error: { key: 'intake.notRatable' } });
  });
});
