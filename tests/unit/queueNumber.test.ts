import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, WalkIn } from '../../src/shared/intake/contract.js';
import { displayQueueNumber, formatQueueNo, ROUTES, storedQueueNumber } from '../../src/shared/intake/zones.js';
import { ok, setUpStation, walkIn, type TestStation } from '../helpers/station.js';

describe('formatQueueNo', () => {
  it('is the zone character and a 3-digit number', () => {
    expect(formatQueueNo('mediation', 3)).toBe('调-003');
    expect(formatQueueNo('office', 1)).toBe('办-001');
    expect(formatQueueNo('collection', 42)).toBe('采-042');
    expect(formatQueueNo('patrol', 999)).toBe('巡-999');
    expect(formatQueueNo('duty', 1000)).toBe('值-1000');
  });
});

describe('displayQueueNumber', () => {
  it('shows the stored number in Chinese and a letter per zone in English', () => {
    expect(displayQueueNumber('调-003', 'zh-CN')).toBe('调-003');
    expect(displayQueueNumber('调-003', 'en')).toBe('M-003');
    expect(ROUTES.map((r) => displayQueueNumber(formatQueueNo(r, 7), 'en'))).toEqual(['O-007', 'M-007', 'C-007', 'P-007', 'D-007']);
    // every zone has its own letter, none Chinese
    const letters = ROUTES.map((r) => displayQueueNumber(formatQueueNo(r, 1), 'en').charAt(0));
    expect(new Set(letters).size).toBe(ROUTES.length);
    expect(letters.join('')).toMatch(/^[A-Z]+$/);
  });
});

describe('storedQueueNumber', () => {
  it('reads a number typed as either language shows it as the stored number; anything else as typed', () => {
    expect(storedQueueNumber('M-003')).toBe('调-003');
    expect(storedQueueNumber(' m003 ')).toBe('调-003');
    expect(storedQueueNumber('D-1')).toBe('值-1');
    expect(storedQueueNumber('调-003')).toBe('调-003');
    expect(storedQueueNumber('钱多')).toBe('钱多');
    // a letter no zone has, or a word, is not a number
    expect(storedQueueNumber('X-003')).toBe('X-003');
    expect(storedQueueNumber('Mo')).toBe('Mo');
    // what a number shows as in English comes back as stored, for every zone
    expect(ROUTES.map((r) => storedQueueNumber(displayQueueNumber(formatQueueNo(r, 7), 'en')))).toEqual(ROUTES.map((r) => formatQueueNo(r, 7)));
  });
});

describe('queue numbers at the station', () => {
  let st: TestStation;
  const register = async (route: string, at: string, name = '李四') => {
    st.setNow(at);
    return ok<WalkIn>(st.core.call('intake.register', walkIn({ route, visitorName: name }), { token: st.token }));
  };

  beforeAll(async () => {
    // late in the evening, local time; each call comes within the idle-lock time of the last
    st = await setUpStation({ now: '2026-11-28T15:50:00Z' });
  });
  afterAll(() => st.close());

  it('counts up per zone within the day', async () => {
    const a = await register('mediation', '2026-11-28T15:50:00Z');
    const b = await register('office', '2026-11-28T15:51:00Z');
    const c = await register('mediation', '2026-11-28T15:52:00Z');
    const d = await register('office', '2026-11-28T15:53:00Z');
    expect([a.queueNo, b.queueNo, c.queueNo, d.queueNo]).toEqual(['调-001', '办-001', '调-002', '办-002']);
    expect(a.localDate).toBe('2026-11-28');
  });

  it('starts again at 001 after midnight in the station time zone, not UTC', async () => {
    // 15:59Z is 23:59 in Asia/Shanghai: still 28 November, the third mediation walk-in
    const late = await register('mediation', '2026-11-28T15:59:00Z', '深夜来访');
    // 16:01Z is 00:01 on 29 November in Asia/Shanghai (but still the 28th in UTC)
    const early = await register('mediation', '2026-11-28T16:01:00Z', '凌晨来访');
    expect(late).toMatchObject({ localDate: '2026-11-28', queueNo: '调-003' });
    expect(early).toMatchObject({ localDate: '2026-11-29', queueNo: '调-001' });
    const office = await register('office', '2026-11-28T16:02:00Z');
    expect(office).toMatchObject({ localDate: '2026-11-29', queueNo: '办-001' });
  });

  it("shows each day's walk-ins on that day's board", async () => {
    st.setNow('2026-11-28T16:05:00Z');
    const today = await ok<Board>(st.core.call('intake.board', {}, { token: st.token }));
    expect(today.localDate).toBe('2026-11-29');
    expect(today.walkIns.map((w) => w.queueNo)).toEqual(['调-001', '办-001']);
    const yesterday = await ok<Board>(st.core.call('intake.board', { date: '2026-11-28' }, { token: st.token }));
    expect(yesterday.walkIns.map((w) => w.queueNo)).toEqual(['调-001', '办-001', '调-002', '办-002', '调-003']);
  });
});
