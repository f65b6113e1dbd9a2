import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { RosterJob, RosterMonth, RosterSettingsView, RerosterResult, OnDuty, SwapRequest } from '../../src/shared/roster/contract.js';
import { STATION_PROFILE, addStaff, ok, relogin, setUpStation, type TestStaff, type TestStation } from '../helpers/station.js';

/**
 * The roster on a real station database: settings, generating a month in the engine's worker,
 * edits checked against the rules, re-rostering after a sick call, swaps, on duty now.
 */
// Each test sets up a station with up to a dozen logins (each password hashed with scrypt) and
// waits for the engine's worker: 20–28 s alone on the shared 2-core machine, more while the rest
// of the suite runs beside it.
vi.setConfig({ testTimeout: 120_000 });

let st: TestStation | undefined;
afterEach(async () => {
  await st?.close();
  st = undefined;
});

/** The core's services, to wait for a background job (the core object is the router's owner). */
const waitForJob = async (s: TestStation, month: string): Promise<RosterJob> => {
  for (let i = 0; i < 2400; i++) {
    const job = await ok<RosterJob | null>(s.core.call('roster.job', { month }, { token: s.token }));
    if (job && job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the roster job did not finish');
};

const call = <T = any>(s: TestStation, method: string, input: unknown, token = s.token) => ok<T>(s.core.call(method, input, { token }));

/** A station with `officers` 民警 and `auxiliaries` 辅警 on duty (the head stays off the roster). */
const stationWith = async (officers: number, auxiliaries: number, now = '2026-11-28T02:00:00Z') => {
  const s = await setUpStation({ now });
  const people: TestStaff[] = [];
  for (let i = 0; i < officers; i++) people.push(await addStaff(s, 'officer'));
  for (let i = 0; i < auxiliaries; i++) people.push(await addStaff(s, 'auxiliary'));
  return { s, people };
};

/** Settings for a post where exactly one person is on duty around the clock in 24-hour shifts. */
const threePersonPost = async (s: TestStation, people: TestStaff[]) => {
  const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
  return call<RosterSettingsView>(s, 'roster.settingsSave', {
    version: view.version,
    people: view.people.map((p) => ({ staffId: p.staffId, included: people.some((x) => x.id === p.staffId), qualifications: [] })),
    settings: {
      ...view.settings,
      shiftTypes: [{ id: 'X', name: '24小时班', letter: 'X', start: '08:00', minutes: 1440 }],
      coverage: [{ shift: 'X', requirements: [{ min: 1, max: 1 }] }],
      rules: { minRestHours: 11, minRestAfterNightHours: 12, noDayAfterNight: true, forbiddenSuccessions: [], maxConsecutiveWorkDays: 1 },
      fairness: [{ metric: 'nights', weight: 5 }],
    },
  });
};

describe('roster settings', () => {
  it('starts from 一警两辅 in day and night shifts and lists who may stand duty', async () => {
    const { s } = await stationWith(2, 4);
    st = s;
    const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
    expect(view.version).toBe(0);
    expect(view.settings.shiftTypes.map((t) => t.id)).toEqual(['D', 'N']);
    expect(view.settings.coverage[0].requirements).toEqual([
      { qualification: 'officer', min: 1 },
      { qualification: 'auxiliary', min: 2 },
    ]);
    // the head is listed but not on duty unless included
    expect(view.people).toHaveLength(7);
    expect(view.people.filter((p) => p.included)).toHaveLength(6);
  });

  it('keeps a default shift saved under its English name (as an English reader sees it) as the station’s Chinese name; another name as typed', async () => {
    const { s } = await stationWith(1, 2);
    st = s;
    const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
    const [day, night] = view.settings.shiftTypes;
    const shiftTypes = [{ ...day, name: 'Day shift' }, { ...night, name: 'Late turn' }];
    const saved = await call<RosterSettingsView>(s, 'roster.settingsSave', { version: view.version, people: [], settings: { ...view.settings, shiftTypes } });
    expect(saved.settings.shiftTypes.map((t) => t.name)).toEqual(['白班', 'Late turn']);
  });

  it('refuses overlapping shifts, a 0-minute or 30-hour shift and a pattern with unknown letters, naming the field', async () => {
    const { s } = await stationWith(1, 2);
    st = s;
    const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
    const save = (settings: object) =>
      s.core.call('roster.settingsSave', { version: view.version, people: [], settings: { ...view.settings, ...settings } }, { token: s.token });
    const overlap = await save({ shiftTypes: [view.settings.shiftTypes[0], { id: 'M', name: '中班', start: '12:00', minutes: 480 }, view.settings.shiftTypes[1]] });
    expect(overlap).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'roster.shiftsOverlap', field: 'settings.shiftTypes.1.start' } });
    const zero = await save({ shiftTypes: [{ id: 'D', start: '08:00', minutes: 0 }] });
    expect(zero).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'roster.shiftTooShort', field: 'settings.shiftTypes.0.minutes' } });
    const long = await save({ shiftTypes: [{ id: 'D', start: '08:00', minutes: 1800 }] });
    expect(long).toMatchObject({ ok: false, error: { key: 'roster.shiftTooLong' } });
    const pattern = await save({ patterns: [{ id: 'odd', cycle: 'DDQ--' }] });
    expect(pattern).toMatchObject({ ok: false, error: { key: 'roster.patternLetterUnknown', params: { letter: 'Q' } } });
    // nothing was saved
    expect((await call<RosterSettingsView>(s, 'roster.settingsGet', {})).version).toBe(0);
  });
});

describe('generating a month', () => {
  it('makes a month that meets every hard rule, saves it with its version and shows coverage and totals', async () => {
    const { s } = await stationWith(4, 8);
    st = s;
    const job = await call<RosterJob>(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 8 });
    expect(job.state).toBe('running');
    const done = await waitForJob(s, '2026-12');
    expect(done.state).toBe('done');
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(month.roster?.version).toBe(1);
    expect(month.issues).toEqual([]);
    expect(month.days).toHaveLength(31);
    // every day and night shift has its officer and two auxiliaries
    for (const c of month.coverage) expect(c.count).toBeGreaterThanOrEqual(c.min);
    expect(month.coverage.filter((c) => c.role === 'officer')).toHaveLength(62);
    // nobody over the default 48 hours in any calendar week
    const weekly = new Map<string, number>();
    for (const c of month.cells) {
      const monday = new Date(Date.parse(c.date) - ((new Date(c.date).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      weekly.set(`${c.staffId}/${monday}`, (weekly.get(`${c.staffId}/${monday}`) ?? 0) + 12);
    }
    expect(Math.max(...weekly.values())).toBeLessThanOrEqual(48);
    expect(month.totals.reduce((a, t) => a + t.hours, 0)).toBeGreaterThanOrEqual(31 * 2 * 3 * 12);
    // the write reached the outbox, ready for HQ
    const [{ n }] = await s.core.dataSource.query(`SELECT COUNT(*) AS n FROM sync_outbox WHERE "tableName" = 'roster_assignment'`);
    expect(Number(n)).toBeGreaterThanOrEqual(31 * 2 * 3);
  });

  it('says precisely why when no roster can meet the rules (too few auxiliaries), and saves nothing', async () => {
    const { s, people } = await stationWith(2, 1);
    st = s;
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 10 });
    const done = await waitForJob(s, '2026-12');
    expect(done.state).toBe('infeasible');
    expect(done.reasons.length).toBeGreaterThan(0);
    expect(done.reasons[0]).toMatchObject({ key: expect.stringMatching(/^roster\.explain\./) });
    expect(done.reasons.some((r) => r.params.qualification === 'auxiliary')).toBe(true);
    // who is short comes as a list of names, for each language to join its own way
    const auxiliary = people.find((p) => p.role === 'auxiliary')!;
    expect(done.reasons.every((r) => Array.isArray(r.params.names))).toBe(true);
    expect(done.reasons.some((r) => (r.params.names as string[]).includes(auxiliary.name))).toBe(true);
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(month.roster).toBeNull();
  });

  it('refuses a second generate of the same month while one runs; stopped, it keeps the best roster so far', async () => {
    const { s } = await stationWith(4, 8);
    st = s;
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 60 });
    const again = await s.core.call('roster.generate', { month: '2026-12' }, { token: s.token });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'roster.generating' } });
    // the head presses stop once the engine shows a first roster
    for (let i = 0; i < 1200; i++) {
      const job = await call<RosterJob | null>(s, 'roster.job', { month: '2026-12' });
      if (!job || job.state !== 'running' || job.objective !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await call(s, 'roster.stop', { month: '2026-12' });
    const done = await waitForJob(s, '2026-12');
    expect(done.state).toBe('done');
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(month.roster?.version).toBe(1);
    expect(month.issues).toEqual([]);
  });
});

describe('planning a quarter', () => {
  it('plans the three months as one: leave across months, the Spring Festival, nights shared over the quarter, each month saved', async () => {
    const { s, people } = await stationWith(4, 8);
    st = s;
    const away = people[5];
    await call(s, 'roster.absenceAdd', { staffId: away.id, kind: 'leave', from: '2027-01-28', to: '2027-02-04', note: '探亲' });
    const job = await call<RosterJob>(s, 'roster.generate', { month: '2027-02', span: 'quarter', timeLimitSeconds: 60 });
    expect(job.months).toEqual(['2027-01', '2027-02', '2027-03']);
    // the job is the quarter's, seen from any of its months, and no month of it starts another
    expect((await call<RosterJob>(s, 'roster.job', { month: '2027-03' })).id).toBe(job.id);
    expect(await s.core.call('roster.generate', { month: '2027-01' }, { token: s.token })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'roster.generating' } });
    const done = await waitForJob(s, '2027-01');
    expect(done.state).toBe('done');

    const nights = new Map<string, number>();
    for (const month of job.months) {
      const view = await call<RosterMonth>(s, 'roster.month', { month });
      expect(view.roster?.version).toBe(1);
      expect(view.issues).toEqual([]);
      for (const c of view.coverage) expect(c.count).toBeGreaterThanOrEqual(c.min);
      expect(view.cells.filter((c) => c.staffId === away.id && c.date >= '2027-01-28' && c.date <= '2027-02-04')).toEqual([]);
      for (const c of view.cells) if (c.shiftId === 'N') nights.set(c.staffId, (nights.get(c.staffId) ?? 0) + 1);
      if (month === '2027-02') expect(view.days.find((d) => d.date === '2027-02-06')?.holiday).toMatchObject({ kind: 'holiday' });
    }
    // 90 nights, each with one 民警: four 民警 share them evenly over the quarter, not month by month
    const officerNights = people.filter((p) => p.role === 'officer').map((p) => nights.get(p.id) ?? 0);
    expect(officerNights.reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(90);
    if (done.optimal) expect(Math.max(...officerNights) - Math.min(...officerNights)).toBeLessThanOrEqual(1);
  });
});

describe('adjusting and re-rostering', () => {
  it('a 3-person post: a move that breaks rest is refused with the rule named; a valid swap goes through', async () => {
    const { s, people } = await stationWith(1, 2);
    st = s;
    await threePersonPost(s, people);
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 10 });
    expect((await waitForJob(s, '2026-12')).state).toBe('done');
    let month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(month.issues).toEqual([]);
    // exactly one on duty each day
    for (const d of month.days) expect(month.cells.filter((c) => c.date === d.date)).toHaveLength(1);

    const onTenth = month.cells.find((c) => c.date === '2026-12-10')!;
    const onEleventh = month.cells.find((c) => c.date === '2026-12-11')!;
    // give the 11th to whoever works the 10th: 24 hours on, straight into 24 more
    const broken = await s.core.call(
      'roster.change',
      { month: '2026-12', version: month.roster!.version, changes: [{ staffId: onEleventh.staffId, date: '2026-12-11', shiftId: null }, { staffId: onTenth.staffId, date: '2026-12-11', shiftId: 'X' }] },
      { token: s.token },
    );
    expect(broken).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: expect.stringMatching(/^roster\.violation\.(minRest|maxConsecutiveWorkDays)$/) } });
    const name = people.find((p) => p.id === onTenth.staffId)!.name;
    expect(broken.ok ? null : broken.error.params?.name).toBe(name);

    // a valid edit: someone free the day before, the day and the day after takes over a day
    const workerOn = (date: string) => month.cells.find((c) => c.date === date)?.staffId;
    const dates = month.days.map((d) => d.date);
    const candidates = dates.slice(1, -1).flatMap((date, i) => {
      const around = [workerOn(dates[i]), workerOn(date), workerOn(dates[i + 2])];
      const free = people.find((p) => !around.includes(p.id));
      return free ? [{ date, from: workerOn(date)!, to: free.id }] : [];
    });
    expect(candidates.length).toBeGreaterThan(0);
    const edit = candidates[0];
    const version = month.roster!.version;
    month = await call<RosterMonth>(s, 'roster.change', {
      month: '2026-12',
      version,
      changes: [
        { staffId: edit.from, date: edit.date, shiftId: null },
        { staffId: edit.to, date: edit.date, shiftId: 'X' },
      ],
    });
    expect(month.roster!.version).toBe(version + 1);
    expect(month.issues).toEqual([]);
    expect(month.cells.find((c) => c.date === edit.date)?.staffId).toBe(edit.to);
  });

  it('two edits of the same month from two windows: the second is told the roster changed', async () => {
    const { s, people } = await stationWith(1, 2);
    st = s;
    await threePersonPost(s, people);
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 10 });
    await waitForJob(s, '2026-12');
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    const cell = month.cells.find((c) => c.date === '2026-12-20')!;
    const first = await s.core.call('roster.change', { month: '2026-12', version: month.roster!.version, changes: [{ ...cell, shiftId: null }] }, { token: s.token });
    expect(first.ok).toBe(true);
    const second = await s.core.call('roster.change', { month: '2026-12', version: month.roster!.version, changes: [{ ...cell, shiftId: 'X' }] }, { token: s.token });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'roster.changedElsewhere' } });
    // the gap left by the first edit shows as a coverage issue
    const now = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(now.issues.some((i) => i.rule === 'coverUnder' && i.date === '2026-12-20')).toBe(true);
  });

  it('never changes the past', async () => {
    const { s, people } = await stationWith(1, 2, '2026-12-01T02:00:00Z');
    st = s;
    await threePersonPost(s, people);
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 10 });
    await waitForJob(s, '2026-12');
    const before = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    s.setNow('2026-12-15T02:00:00Z');
    await relogin(s);
    const cell = before.cells.find((c) => c.date === '2026-12-05')!;
    const r = await s.core.call('roster.change', { month: '2026-12', version: before.roster!.version, changes: [{ ...cell, shiftId: null }] }, { token: s.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'roster.pastLocked' } });
    // regenerating keeps the first half as it was
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 10 });
    expect((await waitForJob(s, '2026-12')).state).toBe('done');
    const after = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    const past = (m: RosterMonth) => m.cells.filter((c) => c.date < '2026-12-15').map((c) => `${c.staffId}/${c.date}/${c.shiftId}`).sort();
    expect(past(after)).toEqual(past(before));
    expect(after.roster!.version).toBe(2);
  });

  it('re-rosters after a sick day, changing few of the remaining assignments and none before the date', async () => {
    const { s, people } = await stationWith(4, 8, '2026-12-01T02:00:00Z');
    st = s;
    // the repair works from the proven roster: a generous limit (the job ends when proven) keeps a loaded machine from handing it a first guess
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 60 });
    expect((await waitForJob(s, '2026-12')).state).toBe('done');
    s.setNow('2026-12-10T19:00:00Z'); // 03:00 on the 11th in Shanghai: a sick call at night
    await relogin(s);
    const before = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    const sick = before.cells.find((c) => c.date === '2026-12-12' && people.some((p) => p.id === c.staffId && p.role === 'auxiliary'))!;
    await call(s, 'roster.absenceAdd', { staffId: sick.staffId, kind: 'sick', from: '2026-12-12', to: '2026-12-12', note: '发烧' });
    const withLeave = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(withLeave.issues.some((i) => i.rule === 'leave' && i.staffId === sick.staffId)).toBe(true);

    const result = await call<RerosterResult>(s, 'roster.reroster', { month: '2026-12', version: withLeave.roster!.version, fromDate: '2026-12-11' });
    expect(result.job).toBeNull();
    expect(result.month.issues).toEqual([]);
    expect(result.changed / result.remaining).toBeLessThanOrEqual(0.05);
    expect(result.month.cells.some((c) => c.staffId === sick.staffId && c.date === '2026-12-12')).toBe(false);
    const key = (c: { staffId: string; date: string; shiftId: string }) => `${c.staffId}/${c.date}/${c.shiftId}`;
    expect(result.month.cells.filter((c) => c.date < '2026-12-11').map(key).sort()).toEqual(before.cells.filter((c) => c.date < '2026-12-11').map(key).sort());
  });
});

describe('re-rostering is minimal and says so', () => {
  it('after three sick days, lists each changed shift and adds duty only on days something was taken away', async () => {
    const { s, people } = await stationWith(4, 8, '2026-12-01T02:00:00Z');
    st = s;
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 60 });
    expect((await waitForJob(s, '2026-12')).state).toBe('done');
    s.setNow('2026-12-10T19:00:00Z');
    await relogin(s);
    const before = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    // an officer with the most shifts on the 12th–14th falls sick for those three days
    const officers = people.filter((p) => p.role === 'officer');
    const sickDays = ['2026-12-12', '2026-12-13', '2026-12-14'];
    const onSickDays = (id: string) => before.cells.filter((c) => c.staffId === id && sickDays.includes(c.date)).length;
    const sick = [...officers].sort((a, b) => onSickDays(b.id) - onSickDays(a.id))[0];
    expect(onSickDays(sick.id)).toBeGreaterThan(0);
    await call(s, 'roster.absenceAdd', { staffId: sick.id, kind: 'sick', from: sickDays[0], to: sickDays[2], note: null });
    const withLeave = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    const result = await call<RerosterResult>(s, 'roster.reroster', { month: '2026-12', version: withLeave.roster!.version, fromDate: '2026-12-11' });
    let changes = result.changes;
    if (result.job !== null) {
      // no small repair held: the engine re-rostered with the fewest changes first
      const job = await waitForJob(s, '2026-12');
      expect(job.state).toBe('done');
      expect(job.changes).not.toBeNull();
      changes = job.changes!;
    }
    const after = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(after.issues).toEqual([]);
    // what the page lists is exactly what differs in the grid
    const at = (m: RosterMonth) => new Map(m.cells.filter((c) => c.date >= '2026-12-11').map((c) => [`${c.staffId}/${c.date}`, c.shiftId]));
    const was = at(before);
    const now = at(after);
    const differing = [...new Set([...was.keys(), ...now.keys()])].filter((k) => was.get(k) !== now.get(k)).sort();
    expect(changes.map((c) => `${c.staffId}/${c.date}`).sort()).toEqual(differing);
    for (const c of changes) {
      expect(c.from).toBe(was.get(`${c.staffId}/${c.date}`) ?? null);
      expect(c.to).toBe(now.get(`${c.staffId}/${c.date}`) ?? null);
    }
    // the sick officer's shifts are gone, and new duty falls only on days where a shift was taken away
    expect(changes.filter((c) => c.staffId === sick.id && c.to === null)).toHaveLength(onSickDays(sick.id));
    const emptied = new Set(changes.filter((c) => c.from !== null).map((c) => c.date));
    for (const c of changes.filter((x) => x.from === null)) expect(emptied.has(c.date)).toBe(true);
    // at most one new shift for every shift taken away, the rest stays
    expect(changes.filter((c) => c.from === null).length).toBeLessThanOrEqual(changes.filter((c) => c.to === null).length);
  });
});

describe('swaps and on duty', () => {
  it('a swap is requested by the person, approved by the head, applied under the rules and recorded', async () => {
    const { s, people } = await stationWith(4, 8);
    st = s;
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 8 });
    await waitForJob(s, '2026-12');
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    // two auxiliaries on the same shift type on different days… a same-day exchange of shifts
    const aux = people.filter((p) => p.role === 'auxiliary');
    const day = '2026-12-16';
    const a = aux.find((p) => month.cells.some((c) => c.staffId === p.id && c.date === day))!;
    const b = aux.find((p) => p.id !== a.id && month.cells.some((c) => c.staffId === p.id && c.date === day) && month.cells.find((c) => c.staffId === p.id && c.date === day)!.shiftId !== month.cells.find((c) => c.staffId === a.id && c.date === day)!.shiftId);
    const swap = await call<SwapRequest>(s, 'roster.swapRequest', { month: '2026-12', requesterDate: day, counterpartId: (b ?? aux.find((p) => p.id !== a.id)!).id, counterpartDate: day, note: '家里有事' }, a.token);
    expect(swap.state).toBe('requested');
    const notHead = await s.core.call('roster.swapDecide', { id: swap.id, version: swap.version, decision: 'approved' }, { token: a.token });
    expect(notHead).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const decided = await s.core.call('roster.swapDecide', { id: swap.id, version: swap.version, decision: 'approved' }, { token: s.token });
    if (decided.ok) {
      expect((decided.result as SwapRequest).state).toBe('approved');
      const after = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
      expect(after.roster!.version).toBe(month.roster!.version + 1);
    } else {
      // an exchange that would break someone's rest is refused with the rule, and stays requested
      expect(decided.error).toMatchObject({ code: 'CONFLICT', key: expect.stringMatching(/^roster\.violation\./) });
    }
    const list = await call<SwapRequest[]>(s, 'roster.swapsList', { month: '2026-12' });
    expect(list).toHaveLength(1);
  });

  it('on duty now and next follow the roster and the station clock, nights across midnight included', async () => {
    const { s } = await stationWith(4, 8);
    st = s;
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 8 });
    await waitForJob(s, '2026-12');
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    s.setNow('2026-12-05T18:30:00Z'); // 02:30 on the 6th in Shanghai: the night shift of the 5th
    await relogin(s);
    const duty = await call<OnDuty>(s, 'roster.onDuty', {});
    const nightOf5th = month.cells.filter((c) => c.date === '2026-12-05' && c.shiftId === 'N').map((c) => c.staffId).sort();
    expect(duty.now.map((p) => p.staffId).sort()).toEqual(nightOf5th);
    expect(duty.now[0].role).toBe('officer');
    expect(duty.now[0].phone).toMatch(/^1\d{10}$/);
    const dayOf6th = month.cells.filter((c) => c.date === '2026-12-06' && c.shiftId === 'D').map((c) => c.staffId).sort();
    expect(duty.next.map((p) => p.staffId).sort()).toEqual(dayOf6th);
  });
});

describe('bad input loses nothing', () => {
  it('leave covering the whole month for everyone: no roster, and the reason names the shift, date and who is short', async () => {
    const { s, people } = await stationWith(1, 2);
    st = s;
    for (const p of people) await call(s, 'roster.absenceAdd', { staffId: p.id, kind: 'leave', from: '2026-12-01', to: '2026-12-31', note: '年假' });
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 5 });
    const job = await waitForJob(s, '2026-12');
    expect(job.state).toBe('infeasible');
    const reason = job.reasons[0];
    expect(reason.key).toMatch(/^roster\.explain\./);
    expect(reason.date).toBe('2026-12-01');
    expect(reason.params).toMatchObject({ qualification: expect.any(String) });
    expect((await call<RosterMonth>(s, 'roster.month', { month: '2026-12' })).roster).toBeNull();
  });

  it('the engine dying mid-solve fails the job with a clear message; the saved roster is untouched', async () => {
    const { s, people } = await stationWith(1, 2);
    st = s;
    await threePersonPost(s, people);
    await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 5 });
    expect((await waitForJob(s, '2026-12')).state).toBe('done');
    const saved = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    // a worker that ends abruptly, as a killed engine would
    const dying = join(s.dir, 'dying-worker.cjs');
    writeFileSync(dying, 'setTimeout(() => process.exit(9), 200);');
    const worker = process.env.STATION_ROSTER_WORKER;
    process.env.STATION_ROSTER_WORKER = dying;
    try {
      await call(s, 'roster.generate', { month: '2026-12', timeLimitSeconds: 5 });
      const job = await waitForJob(s, '2026-12');
      expect(job).toMatchObject({ state: 'failed', error: 'roster.engineFailed' });
    } finally {
      if (worker === undefined) delete process.env.STATION_ROSTER_WORKER;
      else process.env.STATION_ROSTER_WORKER = worker;
    }
    const after = await call<RosterMonth>(s, 'roster.month', { month: '2026-12' });
    expect(after.cells).toEqual(saved.cells);
    expect(after.roster!.version).toBe(saved.roster!.version);
  });

  it('a month with a clock change in the station time zone says on which day and by how much', async () => {
    const s = await setUpStation({ now: '2027-03-01T02:00:00Z' });
    st = s;
    const { version } = await call<{ version: number }>(s, 'station.get', {});
    const r = await s.core.call('station.update', { ...STATION_PROFILE, timeZone: 'Europe/Berlin', version }, { token: s.token });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    await relogin(s);
    const month = await call<RosterMonth>(s, 'roster.month', { month: '2027-03' });
    expect(month.clockChanges).toEqual([{ date: '2027-03-28', minutes: -60 }]);
    const shanghai = await setUpStation({ now: '2027-03-01T02:00:00Z' });
    try {
      expect((await call<RosterMonth>(shanghai, 'roster.month', { month: '2027-03' })).clockChanges).toEqual([]);
    } finally {
      await shanghai.close();
    }
  });

  it('months, dates and cells outside the rules are refused with the field named', async () => {
    const { s, people } = await stationWith(1, 2);
    st = s;
    expect(await s.core.call('roster.month', { month: '2026-13' }, { token: s.token })).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'roster.month', field: 'month' } });
    expect(await s.core.call('roster.absenceAdd', { staffId: people[0].id, kind: 'leave', from: '2026-12-10', to: '2026-12-01', note: null }, { token: s.token })).toMatchObject({
      ok: false,
      error: { key: 'roster.toBeforeFrom', field: 'to' },
    });
    // an auxiliary may file a wish for themselves, not leave, and nothing for others
    const aux = people.find((p) => p.role === 'auxiliary')!;
    expect(await s.core.call('roster.absenceAdd', { staffId: aux.id, kind: 'dayOffWish', from: '2026-12-24', to: '2026-12-24', note: '孩子生日' }, { token: aux.token })).toMatchObject({ ok: true });
    expect(await s.core.call('roster.absenceAdd', { staffId: aux.id, kind: 'leave', from: '2026-12-24', to: '2026-12-24', note: null }, { token: aux.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await s.core.call('roster.absenceAdd', { staffId: people[0].id, kind: 'dayOffWish', from: '2026-12-24', to: '2026-12-24', note: null }, { token: aux.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // only the head generates or edits
    expect(await s.core.call('roster.generate', { month: '2026-12' }, { token: aux.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the month as an Excel workbook', () => {
  it('marks the days someone is away (病 sick, 假 leave) as the wall chart does, with a legend', async () => {
    const { s, people } = await stationWith(1, 2);
    st = s;
    const [sick, onLeave] = people;
    await call(s, 'roster.absenceAdd', { staffId: sick.id, kind: 'sick', from: '2026-12-03', to: '2026-12-04' });
    await call(s, 'roster.absenceAdd', { staffId: onLeave.id, kind: 'leave', from: '2026-12-10', to: '2026-12-10' });
    const file = await call<{ fileName: string; base64: string }>(s, 'roster.exportXlsx', { month: '2026-12' });
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const sheet = book.worksheets[0];
    const rowOf = (name: string) => {
      for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === name) return sheet.getRow(r);
      throw new Error(`no row for ${name}`);
    };
    // column 3 is the 1st of the month
    const day = (name: string, d: number) => rowOf(name).getCell(2 + d).value;
    expect([day(sick.name, 2), day(sick.name, 3), day(sick.name, 4), day(sick.name, 5)]).toEqual(['', '病', '病', '']);
    expect(day(onLeave.name, 10)).toBe('假');
    const legend = sheet.getRow(sheet.rowCount).getCell(1).value;
    expect(legend).toEqual(expect.stringContaining('病 = 病假'));
    expect(legend).toEqual(expect.stringContaining('假 = 请假'));
  });
});
