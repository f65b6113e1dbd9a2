/**
 * The roster as a station uses it, through the core (real SQLite file, the router, the engine's
 * worker thread), measured the way the head experiences it:
 *
 *   station   30 staff (10 民警, 20 辅警), 31 days, day/night shifts, ≥2 民警 and ≥4 辅警 per shift,
 *             leave and day-off wishes: seconds from "generate" until the roster is saved, and
 *             whether it is proven optimal
 *   post      a 3-person post, one 24-hour shift, exactly one person on duty at any time
 *   reroster  in the station case, a sick call for tomorrow at 03:00: the re-roster call's
 *             milliseconds and the share of the remaining assignments it changed
 *
 * Run with `npm run --silent bench:roster -- station`; prints one JSON line.
 */
import pino from 'pino';
import { openCore, type Core } from '../../src/main/core.js';
import type { RerosterResult, RosterJob, RosterMonth, RosterSettingsView } from '../../src/shared/roster/contract.js';
import { HEAD, STATION_PROFILE, STAFF_PASSWORD, tempDataDir } from '../helpers/station.js';

const log = (m: string) => process.stderr.write(`[bench:roster station] ${m}\n`);
const MONTH = '2027-03';
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Station {
  core: Core;
  token: string;
  staff: { id: string; role: 'officer' | 'auxiliary' }[];
  setNow(iso: string): void;
  login(): Promise<void>;
  close(): Promise<void>;
}

const call = async <T = any>(s: Station, method: string, input: unknown): Promise<T> => {
  const r = await s.core.call(method, input, { token: s.token });
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result as T;
};

const openStation = async (officers: number, auxiliaries: number): Promise<Station> => {
  const temp = tempDataDir();
  let now = new Date('2027-02-20T02:00:00Z');
  const core = await openCore({ dataDir: temp.dir, clock: () => now, logger: pino({ level: 'silent' }) });
  const s: Station = {
    core,
    token: '',
    staff: [],
    setNow: (iso) => (now = new Date(iso)),
    async login() {
      const r = await core.call('auth.login', { username: HEAD.username, password: HEAD.password });
      if (!r.ok) throw new Error('login failed');
      s.token = (r.result as { token: string }).token;
    },
    async close() {
      await core.close();
      temp.remove();
    },
  };
  await core.call('station.setup', { station: STATION_PROFILE, head: HEAD });
  await s.login();
  for (let i = 0; i < officers + auxiliaries; i++) {
    const role = i < officers ? 'officer' : 'auxiliary';
    const created = await call<{ id: string }>(s, 'staff.create', { name: `${role === 'officer' ? '民警' : '辅警'}${i + 1}`, username: `u${i}`, role, phone: `137000000${String(i).padStart(2, '0')}`, initialPassword: STAFF_PASSWORD });
    s.staff.push({ id: created.id, role });
  }
  return s;
};

const generate = async (s: Station, timeLimitSeconds: number): Promise<{ seconds: number; job: RosterJob }> => {
  const t0 = performance.now();
  await call(s, 'roster.generate', { month: MONTH, timeLimitSeconds });
  for (;;) {
    const job = await call<RosterJob | null>(s, 'roster.job', { month: MONTH });
    if (job && job.state !== 'running') return { seconds: round((performance.now() - t0) / 1000, 2), job };
    await new Promise((r) => setTimeout(r, 10));
  }
};

const stationCase = async () => {
  const s = await openStation(10, 20);
  try {
    const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
    await call(s, 'roster.settingsSave', {
      version: view.version,
      people: [],
      settings: {
        ...view.settings,
        coverage: ['D', 'N'].map((shift) => ({ shift, requirements: [{ qualification: 'officer', min: 2 }, { qualification: 'auxiliary', min: 4 }] })),
      },
    });
    // leave for three people, day-off wishes for six
    for (const [k, from, to] of [[0, '2027-03-08', '2027-03-12'], [11, '2027-03-15', '2027-03-17'], [25, '2027-03-01', '2027-03-03']] as const)
      await call(s, 'roster.absenceAdd', { staffId: s.staff[k].id, kind: 'leave', from, to, note: null });
    for (const [k, day] of [[1, 6], [3, 13], [12, 20], [14, 21], [20, 27], [28, 28]] as const)
      await call(s, 'roster.absenceAdd', { staffId: s.staff[k].id, kind: 'dayOffWish', from: `${MONTH}-${String(day).padStart(2, '0')}`, to: `${MONTH}-${String(day).padStart(2, '0')}`, note: null });
    const gen = await generate(s, 60);
    log(`station: ${gen.job.state} in ${gen.seconds} s, objective ${gen.job.objective}, optimal ${gen.job.optimal}`);

    // a sick call at 03:00 on the 14th for an auxiliary rostered on the 15th
    s.setNow('2027-03-13T19:00:00Z');
    await s.login();
    const month = await call<RosterMonth>(s, 'roster.month', { month: MONTH });
    const sick = month.cells.find((c) => c.date === '2027-03-15' && s.staff.some((p) => p.id === c.staffId && p.role === 'auxiliary'))!;
    await call(s, 'roster.absenceAdd', { staffId: sick.staffId, kind: 'sick', from: '2027-03-15', to: '2027-03-15', note: null });
    const version = (await call<RosterMonth>(s, 'roster.month', { month: MONTH })).roster!.version;
    const t0 = performance.now();
    const re = await call<RerosterResult>(s, 'roster.reroster', { month: MONTH, version, fromDate: '2027-03-14' });
    const rerosterMs = round(performance.now() - t0, 1);
    log(`reroster: ${rerosterMs} ms, ${re.changed} of ${re.remaining} changed, ${re.month.issues.length} issues, engine ${re.job ? 'started' : 'not needed'}`);
    return {
      station: { seconds: gen.seconds, state: gen.job.state, optimal: gen.job.optimal, objective: gen.job.objective, issues: month.issues.length },
      reroster: { ms: rerosterMs, changed: re.changed, remaining: re.remaining, changedShare: round(re.changed / re.remaining, 3), issues: re.month.issues.length, engine: re.job !== null },
    };
  } finally {
    await s.close();
  }
};

const postCase = async () => {
  const s = await openStation(1, 2);
  try {
    const view = await call<RosterSettingsView>(s, 'roster.settingsGet', {});
    await call(s, 'roster.settingsSave', {
      version: view.version,
      people: [],
      settings: {
        ...view.settings,
        shiftTypes: [{ id: 'X', name: '24小时班', letter: 'X', start: '08:00', minutes: 1440 }],
        coverage: [{ shift: 'X', requirements: [{ min: 1, max: 1 }] }],
        rules: { ...view.settings.rules, maxMinutesPerWeek: undefined, maxConsecutiveWorkDays: 1 },
      },
    });
    const gen = await generate(s, 30);
    const month = await call<RosterMonth>(s, 'roster.month', { month: MONTH });
    log(`post: ${gen.job.state} in ${gen.seconds} s, optimal ${gen.job.optimal}`);
    return { seconds: gen.seconds, state: gen.job.state, optimal: gen.job.optimal, issues: month.issues.length };
  } finally {
    await s.close();
  }
};

export const stationBench = async () => {
  const station = await stationCase();
  const post = await postCase();
  const line = {
    bench: 'roster-station',
    ...station,
    post,
    targets: {
      'station optimal <= 5 s': station.station.optimal && station.station.seconds <= 5,
      'post <= 1 s': post.state === 'done' && post.seconds <= 1,
      'reroster <= 300 ms and <= 5 %': station.reroster.ms <= 300 && station.reroster.changedShare <= 0.05 && station.reroster.issues === 0,
    },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
